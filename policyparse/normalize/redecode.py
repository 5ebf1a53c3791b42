"""Re-decode passages that a scraper decoded with the wrong codec, region by region.

The commonest mojibake of Chinese scrapes, each a passage of bytes read with the wrong table:

* UTF-8 bytes read as GBK: ``鍚勫幙(甯傘�佸尯)浜烘皯鏀垮簻`` for 各县(市、区)人民政府 — three
  UTF-8 bytes per character pair up into GBK characters, mostly rare ones, and a byte GBK cannot
  pair shows as U+FFFD;
* GBK bytes read as Latin-1 or Windows-1252: ``¸÷ÏØ(ÊÐ¡¢Çø)`` (a GBK trail byte can be ASCII,
  so the passage may hold ``@`` or letters);
* UTF-8 bytes read as Windows-1252 (``å�„åŽ¿``), once or twice over.

Windows-1252 leaves five bytes undefined (81 8D 8F 90 9D) and shows them as U+FFFD, GBK one
byte per failed pair: so each U+FFFD is one lost byte, and the candidates for it are few. A
passage is found by its characters (two rare Han characters side by side, or two Latin-1
letters), turned back into bytes under each hypothesis, decoded with the lost bytes filled in,
and the reading kept only when the character model of clean notices (:mod:`.lm`) finds it
ordinary Chinese while the passage as printed is not. A file that is UTF-8 in one part and GBK
in another comes out right part by part, since each passage is judged on its own. Lossless
Windows-1252/Latin-1 mojibake, also doubled, is ftfy's: its ``fix_encoding`` is asked first.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterator, NamedTuple, Optional

from . import scan
from .context import is_han, segmentation_score
from .lm import char_lm, in_model

RULE = "repair_mojibake"
#: A reading is Chinese when its characters average at least this log-probability under the
#: model (clean passages: 99.5% above -8.4; wrong decodings: all below -12.6).
READABLE = -9.5
#: The passage as printed must read this much worse per character than its new reading.
MIN_GAIN_PER_CHAR = 3.0
#: Each undecodable byte costs this much when readings are compared (an unseen character).
LOST_BYTE_COST = 15.0
_REPLACEMENT = "\ufffd"
#: Readings kept at each lost byte of a group while the next ones are chosen; while the next
#: byte is lost too, up to WIDE_BEAM (a run of lost bytes would otherwise multiply them).
BEAM = 4
WIDE_BEAM = 256
#: A passage with more lost bytes than this share of its characters is beyond repair.
MAX_LOST_SHARE = 0.2
# Windows-1252 shows these bytes as U+FFFD. GBK may have failed on any high byte of UTF-8
# Chinese: a continuation byte, or the lead of a three-byte character (E2 for “”—…, E3-E9
# for punctuation and ideographs, EF for full-width forms); two-byte leads would only make
# Latin or Cyrillic letters (Ա for 员).
_HOLES = {"cp1252": bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]),
          "gbk": bytes(range(0x80, 0xC0)) + bytes(range(0xE2, 0xEA)) + b"\xef"}
_CP1252_EXTRA = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e" \
                "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
# A Latin passage: printable ASCII, Latin-1 and Windows-1252 characters, lost bytes.
_LATIN_CLASS = f"[\\x20-\\x7e\\x80-\\xff{_CP1252_EXTRA}\ufffd]"
# A Latin passage holds two Latin-1 characters or more. Ruby text has a short run in every
# parenthesis ((chéng)), too many to look at one by one in Python, and most hold one Latin-1
# letter at most: the regex engine finds two in one run, starting from a Latin-1 character (a
# pattern that opens with a character class is skipped to at C speed; one opening with the
# look-behind of a run start is tried at every character); the whole run around them is then
# found from there.
_TWO_HIGH_IN_RUN = re.compile(f"[\\x80-\\xff]{_LATIN_CLASS}*?[\\x80-\\xff]")
_LATIN_RUN = re.compile(f"{_LATIN_CLASS}*")
# The last character before a point that is not Latin: where the run holding the point starts
# (the greedy ``.*`` backs off from the point at C speed).
_LAST_NOT_LATIN = re.compile(f"(?s:.*)[^{_LATIN_CLASS[1:-1]}]")
# Latin-1 letters and signs: “”—… of Windows-1252 are ordinary Chinese punctuation and prove
# nothing (“12369”“12315” is a list of hotlines, not mojibake).
_LATIN_HIGH = re.compile("[\\x80-\\xff]")
_PRINTABLE_ASCII = re.compile(r"[\x21-\x7e]")


class Reading(NamedTuple):
    start: int
    end: int
    text: str
    why: str


def _units(text: str, codec: str) -> Optional[list[int]]:
    """Bytes of ``text`` under ``codec``, -1 for each U+FFFD (a lost byte); None if impossible."""
    out: list[int] = []
    for char in text:
        if char == _REPLACEMENT:
            out.append(-1)
            continue
        try:
            out.extend(char.encode(codec))
        except UnicodeEncodeError:
            if codec == "cp1252" and ord(char) < 0x100:
                out.append(ord(char))  # Latin-1 shows the bytes cp1252 leaves undefined as C1 controls
            else:
                return None
    return out


def _aligned_start(units: list[int], k: int, codec: str) -> int:
    """A byte offset before ``k`` where a character starts: for UTF-8 any byte that is not a
    continuation byte, 12 bytes back at most; GBK cannot be aligned from the middle, so its
    passages are decoded from their start."""
    if codec != "utf-8":
        return 0
    start = max(0, k - 12)
    while start > 0 and 0x80 <= units[start] <= 0xBF:
        start -= 1
    return start


def _options(units: list[int], k: int, codec: str, holes: bytes) -> bytes:
    """Bytes the lost byte at ``k`` can have been. In UTF-8 its place decides: right after a
    three-byte lead (or one byte later) a continuation byte, else a lead."""
    if codec != "utf-8":
        return holes
    before = units[max(0, k - 2):k]
    follows_lead = any(0xE0 <= u <= 0xEF for u in before[-1:]) or (
        len(before) == 2 and 0xE0 <= before[0] <= 0xEF and not 0 <= before[1] < 0x80)
    return bytes(b for b in holes if (0x80 <= b <= 0xBF) == follows_lead) or holes


def _groups(lost: list[int]) -> list[list[int]]:
    """Lost bytes close enough to share context (within four characters) are chosen together."""
    groups: list[list[int]] = []
    for k in lost:
        if groups and k - groups[-1][-1] <= 12:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _text(units: list[int], codec: str) -> str:
    return bytes(u if u >= 0 else 0x3F for u in units).decode(codec, "replace")


def _expand(beams: list, at: int, codec: str, holes: bytes, rank: Callable[[str], float]) -> list:
    expanded = []
    for _, state in beams:
        for byte in _options(state, at, codec, holes):
            trial = state[:]
            trial[at] = byte
            expanded.append((rank(_text(trial, codec)), trial))
    expanded.sort(key=lambda pair: pair[0], reverse=True)
    return expanded


def _decode_filled(units: list[int], codec: str, holes: bytes,
                   score: Callable[[str], float]) -> str:
    """Decode ``units`` as ``codec``, choosing the lost bytes among ``holes`` so that the text
    around them scores best: a beam search over each group of nearby lost bytes (流浪乞讨 losing
    a byte of 浪 and one of 讨 needs both chosen together).

    A byte whose neighbour is lost too cannot be judged alone (议 = E8 AE AE losing both AE):
    every choice is kept for the next byte, the thousands of pairs are ranked by the character
    model alone, and the best of them in full."""
    units = list(units)
    lost = [k for k, u in enumerate(units) if u == -1]
    if len(lost) > MAX_LOST_SHARE * len(units):
        return _text(units, codec)  # left with its U+FFFD: no reading is accepted
    for group in _groups(lost):
        start = _aligned_start(units, group[0], codec)
        end = min(len(units), group[-1] + 13)
        beams = [(0.0, units[start:end])]
        for k in group:
            if k + 1 in group:
                beams = _expand(beams, k - start, codec, holes, _model_score)[:WIDE_BEAM]
            elif len(beams) > BEAM:
                best = _expand(beams, k - start, codec, holes, _model_score)[:BEAM * 4]
                beams = sorted(((score(_text(t, codec)), t) for _, t in best),
                               key=lambda pair: pair[0], reverse=True)[:BEAM]
            else:
                beams = _expand(beams, k - start, codec, holes, score)[:BEAM]
        units[start:end] = beams[0][1]
    return _text(units, codec)


def _chinese_score(text: str) -> float:
    """How ordinary a reading is as Chinese: the model's log-probability plus jieba's (general
    vocabulary the notices do not attest: 流浪乞讨), each lost byte and
    each non-ASCII character outside Chinese text (ぁ, Ҫ, an ideographic space where 。 was)
    costing as much as an unseen character."""
    lm = char_lm()
    foreign = sum(1 for c in text if not c.isascii() and not in_model(c))
    return lm.logp(text) + segmentation_score(text) - LOST_BYTE_COST * (text.count(_REPLACEMENT) + foreign)


def _model_score(text: str) -> float:
    """The character model alone, for ranking thousands of readings quickly."""
    foreign = sum(1 for c in text if not c.isascii() and not in_model(c))
    return char_lm().logp(text) - LOST_BYTE_COST * (text.count(_REPLACEMENT) + foreign)


def _latin_score(text: str) -> float:
    """For an intermediate layer of double mojibake: no lost byte, all Windows-1252 again."""
    bad = text.count(_REPLACEMENT) + sum(1 for c in text if _units(c, "cp1252") is None)
    return -float(bad)


def _readable(decoded: str) -> bool:
    han = sum(1 for c in decoded if is_han(c))
    scored = sum(1 for c in decoded if in_model(c))
    # ASCII passes through every one of these codecs unchanged: it says nothing either way.
    if han < 2 or scored < 0.6 * sum(1 for c in decoded if not c.isascii()) or _REPLACEMENT in decoded:
        return False
    if han < 0.5 * sum(1 for c in decoded if in_model(c) and not c.isdigit()):
        return False
    return char_lm().per_char(decoded) >= READABLE


def _printed_score(text: str) -> float:
    """Per-character log-probability of the passage as printed; non-Chinese characters cost as
    much as an unseen one, so Latin mojibake reads as bad as it looks."""
    lm = char_lm()
    floor = lm.unigram(_REPLACEMENT)
    scored = [c for c in text if not c.isspace() and not (c.isascii() and c.isalnum())]
    if not scored:
        return 0.0
    outside = sum(1 for c in scored if not in_model(c))
    return (lm.logp(text) + floor * outside) / len(scored)


def _accept(printed: str, decoded: str) -> bool:
    return (_readable(decoded)
            and _printed_score(printed) + MIN_GAIN_PER_CHAR <= char_lm().per_char(decoded))


def _latin_readings(run: str) -> Iterator[tuple[str, str]]:
    """Candidate readings of a Latin passage, most direct first, with their explanation."""
    if _REPLACEMENT not in run:
        import ftfy  # lossless Windows-1252/Latin-1 mojibake, single or double, is ftfy's domain

        fixed, plan = ftfy.fix_encoding_and_explain(run)
        if fixed != run and _REPLACEMENT not in fixed:
            yield fixed, "ftfy " + " / ".join(f"{a} {p}" for a, p in plan)
    units = _units(run, "cp1252")
    if units is None:
        return
    yield _decode_filled(units, "gbk", _HOLES["cp1252"], _chinese_score), "GBK bytes shown as Windows-1252"
    once = _decode_filled(units, "utf-8", _HOLES["cp1252"], _chinese_score)
    yield once, "UTF-8 bytes shown as Windows-1252"
    inner = _units(_decode_filled(units, "utf-8", _HOLES["cp1252"], _latin_score), "cp1252")
    if inner is not None:
        twice = _decode_filled(inner, "utf-8", _HOLES["cp1252"], _chinese_score)
        yield twice, "UTF-8 bytes shown as Windows-1252, twice over"


def _reading(text: str, start: int, end: int) -> Optional[Reading]:
    run = text[start:end]
    for decoded, why in _latin_readings(run):
        if _accept(run, decoded):
            return Reading(start, end, decoded, f"{why}: {run[:12]} -> {decoded[:8]}")
    return None


# Latin text around mojibake (誠(chéng)Õþ¸®: a ruby reading, then GBK shown as Latin-1): words
# and spaces split a run into pieces tried on their own. A GBK trail byte is a single ASCII
# character after a high one, so two ASCII letters or digits in a row are never inside.
_LATIN_WORD = re.compile(r"[\sA-Za-z0-9]{2,}")


def _latin_passages(text: str) -> Iterator[Reading]:
    for offset, run in _latin_runs(text):
        for start, end, decoded, why in _latin_run_readings(run):
            yield Reading(offset + start, offset + end, decoded, why)


def _latin_runs(text: str) -> Iterator[tuple[int, str]]:
    """Whole runs of Latin characters holding two Latin-1 characters or more (café, 10°C, “”
    alone: ordinary text), with their offsets."""
    done = 0  # the end of the last run: the next starts after it
    while True:
        pair = _TWO_HIGH_IN_RUN.search(text, done)
        if pair is None:
            return
        before = _LAST_NOT_LATIN.match(text, done, pair.start())
        start = before.end() if before else done
        done = _LATIN_RUN.match(text, pair.end()).end()
        yield start, text[start:done]


@functools.lru_cache(maxsize=4096)
def _latin_run_readings(run: str) -> tuple[tuple[int, int, str, str], ...]:
    """The readings of one Latin run, offsets inside it. A function of the run alone, so it is
    judged once per process: ruby text repeats its syllables ((lüè)) hundreds of times, and the
    second pass of normalize meets every run of the first again."""
    return tuple(_run_readings(run, 0, len(run)))


def _run_readings(text: str, start: int, end: int) -> Iterator[Reading]:
    while start < end and text[start].isascii():
        start += 1  # a GBK trail byte follows a lead: ASCII opening a run is the text around
    # The whole run; or less a stray first character (a soft hyphen that throws the pairing of
    # GBK bytes off by one); or ending at its last Latin-1 letter, or one after it (a trail
    # byte), so that punctuation of the text around (“, ,) is not taken for bytes.
    last_high = max(m.start() for m in _LATIN_HIGH.finditer(text, start, end))
    whole = next((r for a, b in ((start, end), (start + 1, end), (start, last_high + 2),
                                 (start, last_high + 1), (start + 1, last_high + 1))
                  if b - a >= 2 and b <= end for r in [_reading(text, a, b)] if r), None)
    if whole:
        yield whole
        return
    cuts = [start] + [k for m in _LATIN_WORD.finditer(text, start, end) for k in m.span()] + [end]
    for piece_start, piece_end in zip(cuts[0::2], cuts[1::2]):
        while piece_start < piece_end and text[piece_start].isascii():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isascii():
            piece_end -= 1
        if len(_LATIN_HIGH.findall(text, piece_start, piece_end)) >= 2:
            piece = _reading(text, piece_start, piece_end)
            if piece:
                yield piece


# UTF-8 Chinese is made of lead bytes E2-EF and continuation bytes 80-BF (and ASCII): read as
# GBK, every character of such a passage has both its bytes in those ranges. Clean text rarely
# has two such characters in a row (GB 2312's common characters mostly lead with B0-D7).
_UTF8_BYTES = bytes(range(0x80, 0xC0)) + bytes(range(0xE2, 0xF0))


@functools.lru_cache(maxsize=None)
def _utf8_members() -> frozenset:
    """Characters whose GBK bytes can both be bytes of UTF-8 Chinese, and the lost byte."""
    chars = set()
    for lead in _UTF8_BYTES:
        for trail in _UTF8_BYTES:
            try:
                char = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                chars.add(char)
    return frozenset(chars | {_REPLACEMENT})


@functools.lru_cache(maxsize=None)
def _utf8_as_gbk() -> re.Pattern:
    """Passages that can be UTF-8 shown as GBK: such characters and lost bytes, ASCII between."""
    members = "".join(re.escape(c) for c in sorted(_utf8_members()))
    return re.compile(f"[{members}](?:[{members}]|[\\x21-\\x7e](?=[\\x21-\\x7e]{{0,8}}[{members}]))+")


@functools.lru_cache(maxsize=None)
def _utf8_lead_set() -> frozenset:
    """Characters whose GBK bytes start with a UTF-8 lead byte (E2-EF), and the lost byte."""
    chars = {_REPLACEMENT}
    for lead in range(0xE2, 0xF0):
        for trail in _UTF8_BYTES:
            try:
                chars.add(bytes([lead, trail]).decode("gbk"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


@functools.lru_cache(maxsize=None)
def _utf8_lead_chars() -> re.Pattern:
    """:func:`_utf8_lead_set` as a regex."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_utf8_lead_set())) + "]")


def _utf8_stretches(region: str) -> Iterator[tuple[int, int]]:
    """Character spans of ``region`` whose GBK bytes read as UTF-8 (lost bytes allowed), longest
    from each start, left to right. The bytes are computed once: clean text fails within a
    few bytes of each start, so the scan stays linear."""
    units = _units(region, "gbk") or []
    char_at: dict[int, int] = {}  # byte offset where a character starts -> its index
    offset = 0
    for k, char in enumerate(region):
        char_at[offset] = k
        offset += 1 if char == _REPLACEMENT else len(char.encode("gbk"))
    char_at[offset] = len(region)
    k = 0
    starts = sorted(char_at)
    for byte_start in starts:
        if char_at[byte_start] < k or byte_start >= len(units) or 0 <= units[byte_start] < 0xE2:
            continue  # a passage starts with the lead byte of a character (or a lost byte)
        end = _utf8_end(units, char_at, byte_start)
        while end > char_at[byte_start] and region[end - 1].isascii():
            end -= 1
        if end - char_at[byte_start] >= 2:
            yield char_at[byte_start], end
            k = end


def _utf8_end(units: list[int], char_at: dict[int, int], i: int) -> int:
    """Past the last character at which the bytes from ``i`` still form whole UTF-8."""
    good = char_at[i]
    while i < len(units):
        lead = units[i]
        # Chinese in UTF-8 is ASCII and three-byte characters; a two-byte "character" is a
        # clean GBK character next to the passage (员 = D4 B1 reads as Ա), and ends it.
        need = 2 if lead < 0 or 0xE0 <= lead <= 0xEF else 0 if lead < 0x80 else -1
        if need < 0 or i + need > len(units) - 1:
            break
        if any(u >= 0 and not 0x80 <= u <= 0xBF for u in units[i + 1:i + 1 + need]):
            break
        i += need + 1
        if i in char_at:
            good = char_at[i]
    return good


def _gbk_passages(text: str) -> Iterator[Reading]:
    for offset, region in _lead_regions(text):
        for start, end, decoded, why in _gbk_region_readings(region):
            yield Reading(offset + start, offset + end, decoded, why)


def _lead_regions(text: str) -> Iterator[tuple[int, str]]:
    """The passages of :func:`_utf8_as_gbk` that hold a character starting with a UTF-8 lead
    byte, found from those characters: they are rare, while the passages are many (、 and 。 are
    A1 A2 and A1 A3, the pinyin letters of ruby text A8 xx). A passage is a chain of such
    characters joined by runs of up to nine ASCII characters, matched from the chain's start."""
    members, passage = _utf8_members(), _utf8_as_gbk()
    done = 0
    for lead in _utf8_lead_chars().finditer(text):
        if lead.start() < done:
            continue  # inside the passage just read
        start = _chain_start(text, lead.start(), members)
        match = passage.match(text, start)
        done = match.end() if match else lead.end()
        if match and match.end() > lead.start():
            yield start, match.group()


def _chain_start(text: str, at: int, members: frozenset) -> int:
    """Where the chain of passage characters holding ``text[at]`` starts."""
    while True:
        k = at - 1
        while k >= 0 and at - k <= 9 and "\x21" <= text[k] <= "\x7e":
            k -= 1  # an ASCII bridge: each of its characters has a member within nine ahead
        if k < 0 or text[k] not in members:
            return at
        at = k


@functools.lru_cache(maxsize=4096)
def _gbk_region_readings(region: str) -> tuple[Reading, ...]:
    """The readings of one candidate passage, offsets inside it; judged once per process (the
    pinyin letters of ruby text, á = A8 A2, make thousands of short candidates, all alike)."""
    if not _utf8_lead_chars().search(region):
        return ()  # no character starts with a UTF-8 lead byte: traditional text, not mojibake
    out = []
    for a, b in _utf8_stretches(region):
        printed = region[a:b]
        units = _units(printed, "gbk")
        if units is None:
            continue
        decoded = _decode_filled(units, "utf-8", _HOLES["gbk"], _chinese_score)
        if _accept(printed, decoded):
            out.append(Reading(a, b, decoded, f"UTF-8 bytes shown as GBK: {printed[:8]} -> {decoded[:8]}"))
    return tuple(out)


def redecode(text: str) -> list[Reading]:
    """Passages of ``text`` decoded with the wrong codec, with their readings.

    >>> [r.text for r in redecode("通知：鍚勫幙(甯傘�佸尯)浜烘皯鏀垮簻")]
    ['各县(市、区)人民政府']
    >>> [r.text for r in redecode("¸÷ÏØ(ÊÐ¡¢Çø)ÈËÃñÕþ¸®")]
    ['各县(市、区)人民政府']
    >>> redecode("café résumé, 10°C")
    []
    """
    if not scan.holds(text, _ANY_LEAD | _ANY_LATIN_HIGH):
        return []  # neither kind of passage can start: clean pages stop here
    out = []
    offset = 0
    for line in text.split("\n"):
        if line:
            out += [Reading(offset + r.start, offset + r.end, r.text, r.why) for r in _line_readings(line)]
        offset += len(line) + 1
    return sorted(out)


def _line_readings(line: str) -> tuple[Reading, ...]:
    """:func:`redecode` of one line, judged once per process (lines up to _REMEMBERED_LINE
    characters: a scraped page may be one line of megabytes). No passage runs over a line break
    (neither _LATIN_CLASS nor the characters of _utf8_as_gbk hold one), so the readings of a
    text are those of its lines: the second round of normalize, which meets the text again with
    a few passages repaired, looks again only at the lines those were in."""
    return _remembered_line_readings(line) if len(line) <= _REMEMBERED_LINE else _readings_of_line(line)


_REMEMBERED_LINE = 4096


@functools.lru_cache(maxsize=1024)
def _remembered_line_readings(line: str) -> tuple[Reading, ...]:
    return _readings_of_line(line)


def _readings_of_line(line: str) -> tuple[Reading, ...]:
    out = list(_gbk_passages(line))
    first = _LATIN_HIGH.search(line)
    if first and _LATIN_HIGH.search(line, first.end()):  # a passage holds two: one (·, ×) needs no look
        taken = [(r.start, r.end) for r in out]
        out += [r for r in _latin_passages(line) if not any(s < r.end and r.start < e for s, e in taken)]
    return tuple(out)


def _lead_class() -> str:
    chars = sorted(_utf8_lead_set())  # ideographs, full-width forms and U+FFFD: nothing to escape
    assert not {"-", "]", "\\", "^"} & set(chars)
    return "[" + "".join(chars) + "]"


# Whether a text holds a character of either kind of passage at all, asked of scan.
_ANY_LEAD = scan.kind(_lead_class)
_ANY_LATIN_HIGH = scan.kind("[\x80-\xff]")
