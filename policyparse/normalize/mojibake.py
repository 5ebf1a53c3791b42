"""Repair mojibake: passages decoded with the wrong codec, and GBK runs decoded one byte off.

Passages whose bytes were read with the wrong table (鏀垮簻 for 政府, ¸÷ÏØ for 各县) are
:mod:`.redecode`'s. This module adds the subtler damage of notice 003's scrape:

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
from typing import Optional

from .context import fit, han_context, is_han
from .text import Replacement

RULE = "repair_mojibake"
_MAX_RUN = 8
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
def _decodings(tail: str) -> tuple[str, ...]:
    """The readings of a run after a lost lead byte, in a fixed order: candidates of equal gain
    are then chosen the same way in every process (a set's order follows the hash seed)."""
    out = set()
    for raw in _encodings(tail):
        for lead in range(0x81, 0xFF):
            try:
                decoded = (bytes([lead]) + raw).decode("gbk")
            except UnicodeDecodeError:
                continue
            if all(is_han(c) or c in "“”‘’、，。：；！？《》（）" for c in decoded) and any(is_han(c) for c in decoded):
                out.add(decoded)
    return tuple(sorted(out))


@functools.lru_cache(maxsize=4096)
def _simplified(text: str) -> str:
    from .script import _converter

    return _converter().convert(text)


@functools.lru_cache(maxsize=65536)
def _fit(chars: str, left: str, right: str):
    """:func:`.context.fit`, remembered: a notice repeats its damaged phrases (the same ``?`` in
    every 信用青?!本W站), and the second pass of normalize meets every unrepaired ``?`` again."""
    return fit(chars, left, right)


def _wrong_codec(text: str) -> list[Replacement]:
    """Passages decoded with the wrong codec (UTF-8 as GBK, GBK as Latin-1 …): :mod:`.redecode`."""
    from .redecode import redecode

    return [Replacement(r.start, r.end, r.text, RULE, r.why) for r in redecode(text)]


def _unknown_score(length: int, left: str, right: str, known: dict[tuple[int, str, str], float]) -> float:
    """The fit of ``length`` unknown characters between ``left`` and ``right``: what a decoding
    must beat; every decoding of every run ending at one place is measured against the same."""
    key = (length, left, right)
    if key not in known:
        known[key] = _fit("\x00" * length, left, right).score
    return known[key]


def _suspects(text: str) -> list[int]:
    """Where the text holds a ``?`` or U+FFFD, in order, found by str.find (a scan at C speed;
    a regex steps through the text character by character)."""
    found = []
    for mark in ("?", "\ufffd"):
        k = text.find(mark)
        while k >= 0:
            found.append(k)
            k = text.find(mark, k + 1)
    if "?" in text and "\ufffd" in text:
        found.sort()
    return found


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
    for pos in _suspects(text):
        if pos < last_end or pos == 0 or not is_han(text[pos - 1]):
            continue
        if any(r.start <= pos < r.end for r in out):
            continue
        low = max(0, pos - _LOOK_BEHIND)
        high = pos + _LOOK_AHEAD
        best = _one_byte_off(text[low:high], pos - low, high >= len(text))
        if best:
            gain, end, decoded, used = best
            end += low
            out.append(Replacement(pos, end, decoded, RULE,
                                   f"GBK one byte off: ?{used} re-decoded as {decoded} (+{gain:.1f})"))
            last_end = end
    return out


#: How far :func:`_one_byte_off` reads around a ``?``: the Han context left of it
#: (:func:`.context.han_context`: four characters, or a character across 、), and on the right
#: the run of up to _MAX_RUN characters, the ruby reading after it (eight at most) and the Han
#: context after that (four characters).
_LOOK_BEHIND = 6
_LOOK_AHEAD = 1 + _MAX_RUN + 8 + 6


@functools.lru_cache(maxsize=4096)
def _one_byte_off(window: str, pos: int, at_end: bool) -> Optional[tuple[float, int, str, str]]:
    """The best reading of the run after the ``?`` at ``pos`` of ``window`` (the text around it,
    ``at_end`` when the text ends with the window), as (gain, end, decoded, run used), when it
    gains MIN_GAIN; else None. A function of the window alone, so judged once per process: a
    notice repeats its damaged phrases (the same ``?`` in every 信用青?!本W站), and the second
    round of normalize meets every unrepaired ``?`` again."""
    length = len(window) if at_end else len(window) + _LOOK_AHEAD  # the text goes on
    unknown_scores: dict[tuple[int, str, str], float] = {}
    left, _ = han_context(window, pos, pos)
    left = _simplified(left)  # context may still be traditional: to_simplified runs later
    best = None
    for end in range(pos + 2, min(length, pos + 1 + _MAX_RUN) + 1):
        tail = window[pos + 1:end]
        if "\n" in tail:
            break
        tails = [tail]
        remnant = _RUBY_REMNANT.match(tail)
        if remnant and remnant.end() < len(tail):
            tails.append(tail[remnant.end():])  # 挽回?fù)p失: a ruby fragment between the bytes
        after = end
        ruby = _RUBY_AFTER.match(window, end)
        if ruby:
            after = ruby.end()  # 網(wǎng)站: the reading of the last decoded character
        _, right = han_context(window, after, after)
        right = _simplified(right)
        if after < length and not right:
            continue
        if not any(c.isascii() for c in tail):
            continue  # a real question mark before Han text: no byte was misread
        for candidate_tail in tails:
            for decoded in _decodings(candidate_tail):
                simple = _simplified(decoded)
                han_part = "".join(c for c in simple if is_han(c))
                candidate = _fit(han_part, left[-3:], right)
                if not candidate.in_word:
                    continue
                unknown = _unknown_score(len(han_part), left[-3:], right, unknown_scores)
                gain = candidate.score - unknown
                if best is None or gain > best[0]:
                    best = (gain, end, decoded, candidate_tail)
        if best and best[0] >= MIN_GAIN:
            break  # the shortest run that decodes well: later characters were read right
    return best if best and best[0] >= MIN_GAIN else None
