"""Repair runs of GBK text decoded one byte off.

A page stored in GBK and cut or decoded at the wrong byte shows a run like ``青?!本W站`` where
the notice said ``青海”網站``: the lead byte of 海 was lost (``?``), and the remaining bytes paired
up wrongly (``A3 A1`` read as ``！``, later folded to ``!``; ``B1 BE`` as 本; the lone ``57`` as
``W``). Likewise ``挽回?fù)p失`` lost the lead byte of 損 (``93 70``), keeping only ``p``, with a
fragment of its ruby reading between. The repair finds a ``?`` (or U+FFFD) inside Han text,
re-encodes the characters after it to GBK, tries every lead byte in front of them, and keeps
the decoding whose characters fit the surrounding words best (:mod:`.context`). It changes
nothing unless the decoding completes dictionary words on both sides of the run.
"""

from __future__ import annotations

import functools
import re

from .context import fit, han_context, is_han
from .text import Replacement

RULE = "repair_mojibake"
_MAX_RUN = 8
_SUSPECT = re.compile("[?\ufffd]")
_RUBY_AFTER = re.compile(r"[(（][a-zü\u00e0-\u01dc]{1,6}[)）]")
_RUBY_REMNANT = re.compile(r"^[a-zü\u00e0-\u01dc]{1,6}\)")
#: How much better than unknown characters of the same length a decoding must fit (log-probability units).
MIN_GAIN = 12.0


def _byte_options(char: str) -> list[bytes]:
    """GBK bytes ``char`` may stand for: itself, or the full-width form it was folded from."""
    options = []
    try:
        options.append(char.encode("gbk"))
    except UnicodeEncodeError:
        pass
    if "!" <= char <= "~":
        options.append(chr(ord(char) + 0xFEE0).encode("gbk"))
    return options


def _encodings(run: str, limit: int = 16) -> list[bytes]:
    seqs = [b""]
    for char in run:
        options = _byte_options(char)
        if not options:
            return []
        seqs = [s + o for s in seqs for o in options][:limit]
    return seqs


@functools.lru_cache(maxsize=4096)
def _decodings(tail: str) -> frozenset[str]:
    out = set()
    for raw in _encodings(tail):
        for lead in range(0x81, 0xFF):
            try:
                decoded = (bytes([lead]) + raw).decode("gbk")
            except UnicodeDecodeError:
                continue
            if all(is_han(c) or c in "“”‘’、，。：；！？《》（）" for c in decoded) and any(is_han(c) for c in decoded):
                out.add(decoded)
    return frozenset(out)


def _simplified(text: str) -> str:
    from .script import _converter

    return _converter().convert(text)


# Text decoded with the wrong codec: UTF-8 or GBK bytes shown as Windows-1252/Latin-1
# (æ”¿åºœ, Õþ¸®), or UTF-8 bytes shown as GBK (鏀垮簻 for 政府).
_LATIN_RUN = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                        "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")
_HAN_RUN = re.compile("[\u3400-\u9fff\uf900-\ufaff]{4,}")
#: Share of the decoded Han characters that must be common for a re-decoding to be believed.
COMMON_SHARE = 0.7


@functools.lru_cache(maxsize=None)
def _suspect_pairs() -> re.Pattern:
    from .lookalike import _suspect_pattern

    cls = _suspect_pattern().pattern
    return re.compile(f"{cls}{cls}")


def _han_run_start(text: str, pos: int) -> int:
    while pos > 0 and is_han(text[pos - 1]):
        pos -= 1
    return pos


def _to_bytes(run: str) -> bytes | None:
    out = bytearray()
    for char in run:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            out.append(ord(char))  # bytes cp1252 leaves undefined show as the Latin-1 controls
    return bytes(out)


def _believable(decoded: str) -> bool:
    from .lexdata import common_ranks

    han = [c for c in decoded if is_han(c)]
    if len(han) < 2 or len(han) < 0.6 * len(decoded.strip()):
        return False
    # Every other character must be one Chinese text uses: ASCII, CJK punctuation, full-width
    # forms; a stray Cyrillic һ or Latin ÿ means the bytes were not this codec.
    if any(not (is_han(c) or c.isascii() or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
                or c in "“”‘’—…·") for c in decoded):
        return False
    common = common_ranks()
    return sum(c in common for c in han) >= COMMON_SHARE * len(han)


def _wrong_codec(text: str) -> list[Replacement]:
    out = []
    for match in _LATIN_RUN.finditer(text):
        run = match.group()
        if sum("\u00a0" <= c <= "\u00ff" for c in run) < len(run) / 2:
            continue  # “”—… alone are ordinary punctuation of Chinese text
        raw = _to_bytes(run)
        if raw is None:
            continue
        for codec in ("utf-8", "gbk"):
            try:
                decoded = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if _believable(decoded):
                out.append(Replacement(match.start(), match.end(), decoded, RULE,
                                       f"{codec} bytes shown as Windows-1252: {run[:12]} -> {decoded[:8]}"))
                break
    from .lookalike import _suspect_pattern

    suspect = _suspect_pattern()
    pairs = _suspect_pairs()
    done_until = -1
    for hit in pairs.finditer(text):
        if hit.start() < done_until:
            continue
        # UTF-8 read as GBK is a run of mostly rare characters (鏀垮簻鍏充簬): start from two rare
        # characters side by side, so clean text costs one scan.
        match = _HAN_RUN.match(text, _han_run_start(text, hit.start()))
        if match is None:
            done_until = hit.end()
            continue
        done_until = match.end()
        run = match.group()
        if len(suspect.findall(run)) < 0.4 * len(run):
            continue
        for trim in range(0, 3):
            part = run[:len(run) - trim]
            try:
                decoded = part.encode("gbk").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if _believable(decoded):
                out.append(Replacement(match.start(), match.start() + len(part), decoded, RULE,
                                       f"UTF-8 bytes shown as GBK: {part[:8]} -> {decoded[:8]}"))
            break
    return out


def repair_mojibake(text: str) -> list[Replacement]:
    """Re-decode GBK runs read one byte off, and text decoded with the wrong codec.

    >>> from policyparse.normalize import normalize
    >>> normalize("通过“信用青?!本W站依法公开").text
    '通过“信用青海”网站依法公开'
    >>> normalize("鏀垮簻鍏充簬鍗板彂鍔犲己鏀垮姟璇氫俊").text
    '政府关于印发加强政务诚信'
    >>> normalize("Õþ¸®¹ØÓÚÓ¡·¢").text
    '政府关于印发'
    """
    out = _wrong_codec(text)
    last_end = 0
    if "?" not in text and "\ufffd" not in text:
        return out
    for match in _SUSPECT.finditer(text):
        pos = match.start()
        if pos < last_end or pos == 0 or not is_han(text[pos - 1]):
            continue
        if any(r.start <= pos < r.end for r in out):
            continue
        left, _ = han_context(text, pos, pos)
        left = _simplified(left)  # context may still be traditional: to_simplified runs later
        best = None
        for end in range(pos + 2, min(len(text), pos + 1 + _MAX_RUN) + 1):
            tail = text[pos + 1:end]
            if "\n" in tail:
                break
            tails = [tail]
            remnant = _RUBY_REMNANT.match(tail)
            if remnant and remnant.end() < len(tail):
                tails.append(tail[remnant.end():])  # 挽回?fù)p失: a ruby fragment between the bytes
            after = end
            ruby = _RUBY_AFTER.match(text, end)
            if ruby:
                after = ruby.end()  # 網(wǎng)站: the reading of the last decoded character
            _, right = han_context(text, after, after)
            right = _simplified(right)
            if after < len(text) and not right:
                continue
            if not any(c.isascii() for c in tail):
                continue  # a real question mark before Han text: no byte was misread
            for candidate_tail in tails:
                for decoded in _decodings(candidate_tail):
                    simple = _simplified(decoded)
                    han_part = "".join(c for c in simple if is_han(c))
                    candidate = fit(han_part, left[-3:], right)
                    if not candidate.in_word:
                        continue
                    unknown = fit("\x00" * len(han_part), left[-3:], right).score
                    gain = candidate.score - unknown
                    if best is None or gain > best[0]:
                        best = (gain, end, decoded, candidate_tail)
            if best and best[0] >= MIN_GAIN:
                break  # the shortest run that decodes well: later characters were read right
        if best and best[0] >= MIN_GAIN:
            gain, end, decoded, used = best
            out.append(Replacement(pos, end, decoded, RULE,
                                   f"GBK one byte off: ?{used} re-decoded as {decoded} (+{gain:.1f})"))
            last_end = end
    return out
