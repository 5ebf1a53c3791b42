"""One width for Chinese punctuation.

Notices mix half-width ``,`` ``:`` ``;`` ``(`` ``)`` into Chinese text (scrapes of 003 use them
throughout) while GB/T 15834 writes full-width marks in Chinese. A mark becomes full-width
when it stands next to Chinese text; nothing changes inside numbers (``1,000``, ``10:30``),
codes, URLs or Latin text, and heading markers (``(一)``, ``1.``) are left exactly as printed
so the segmenter sees the numbering the document used.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import numpy

from .text import Replacement

RULE = "normalize_punctuation"
_HAN = "\u3400-\u9fff"
_CJK_PUNCT = "“”‘’《》〈〉「」『』【】〔〕（）、，。：；！？…—"
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_ENTRY = {mark: f"{mark} -> {wide}" for mark, wide in _FULL.items()}
# A mark after Chinese (or a Chinese closing mark), or before Chinese when not between digits.
_MARK = re.compile(r"[,:;!?]")
_CHINESE_BEFORE = re.compile(f"[{_HAN}{_CJK_PUNCT}]")
_CHINESE_AFTER = re.compile(f"[{_HAN}]")
_PAREN = re.compile(r"\(([^()\n]{0,80})\)")
_MARKER_PAREN = re.compile(r"(?m)^[ \t\u3000\u00a0]*\((?:[一二三四五六七八九十百零〇]{1,4}|\d{1,3})\)")
_MARKER_INNER = re.compile(r"[一二三四五六七八九十百零〇]{1,4}|\d{1,3}")  # what _MARKER_PAREN holds in its brackets
_HAN_RE = re.compile(f"[{_HAN}]")
_REFERENCE_BEFORE = re.compile(r"&#?[A-Za-z0-9]+$")


def normalize_punctuation(text: str) -> list[Replacement]:
    """Full-width commas, colons, semicolons and brackets in Chinese text.

    >>> from policyparse.normalize import normalize
    >>> normalize("各市、自治州人民政府,省政府各委、办、厅、局:").text
    '各市、自治州人民政府，省政府各委、办、厅、局：'
    >>> normalize("资金1,000万元,时间10:30").text
    '资金1,000万元，时间10:30'
    """
    found = punctuation_columns(text)
    return list(map(tuple.__new__, itertools.repeat(Replacement), zip(*found))) if found else []


def punctuation_columns(text: str) -> Optional[tuple[list[int], list[int], list[str], list[str], list[str]]]:
    """What :func:`normalize_punctuation` returns, as columns (starts, ends, afters, rules,
    entries) in text order, or None: for normalize, which applies and records them making no
    Replacement (a scraped notice may have a half-width comma in every sentence)."""
    marks = _marks(text)
    parens = _parens(text) if "(" in text else []
    if not marks and not parens:
        return None
    starts = marks + parens
    afters = [_FULL[text[k]] for k in marks] + ["（" if text[k] == "(" else "）" for k in parens]
    if marks and parens:
        order = sorted(range(len(starts)), key=starts.__getitem__)
        starts, afters = [starts[k] for k in order], [afters[k] for k in order]
    entries = list(map(_WIDE_ENTRY.__getitem__, afters))
    return starts, [k + 1 for k in starts], afters, [RULE] * len(starts), entries


_WIDE_ENTRY = {wide: _ENTRY[mark] for mark, wide in _FULL.items()} | {"（": "( -> （", "）": ") -> ）"}


def punctuation_changes(text: str) -> Optional[tuple[list[int], list[int], list[str]]]:
    """The starts, ends and afters of :func:`punctuation_columns`, or None."""
    found = punctuation_columns(text)
    return found[:3] if found else None


# The kinds of characters the marks are judged by, a bit each in a table of code points.
_IS_MARK, _IS_CHINESE_BEFORE, _IS_HAN, _IS_SLASH, _IS_QUESTION = 1, 2, 4, 8, 16


@functools.lru_cache(maxsize=None)
def _classes() -> "numpy.ndarray":
    import numpy

    table = numpy.zeros(0x110000, dtype=numpy.uint8)
    table[0x3400:0xA000] |= _IS_HAN | _IS_CHINESE_BEFORE
    table[[ord(c) for c in _CJK_PUNCT]] |= _IS_CHINESE_BEFORE
    table[[ord(c) for c in _FULL]] |= _IS_MARK
    table[ord("/")] |= _IS_SLASH
    table[ord("?")] |= _IS_QUESTION
    # No character a mark may follow or precede to be widened is a digit: the rule "never
    # between digits" then only ever applies to marks that are not widened anyway.
    assert not any(chr(c).isdigit() for c in numpy.flatnonzero(table & (_IS_CHINESE_BEFORE | _IS_HAN)).tolist())
    return table


def _marks(text: str) -> list[int]:
    """Where a half-width mark becomes full-width, in order: after Chinese (not in ``http://``)
    or after a mark that became full-width, or before Chinese; never between digits; a ``;``
    that ends a character reference (``&ldqu;``) and a ``?`` beside another (a mask) stay.
    Judged for all marks at once on the text's code points; in order only where a mark follows
    another (诚信,,,: each follows a wide one) or is a ``;``."""
    if not any(mark in text for mark in _FULL):
        return []
    import numpy

    points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    classes = _classes().take(points)  # take: a faster gather than indexing
    padded = numpy.zeros(len(classes) + 3, dtype=numpy.uint8)  # padded[k + 1] is text[k]'s; none past either end
    padded[1:-2] = classes
    at = numpy.flatnonzero(classes & _IS_MARK)
    before, after = padded[at], padded[at + 2]
    not_url = (after & padded[at + 3] & _IS_SLASH) == 0  # http://
    not_mask = ((points[at] != ord("?")) | (((before | after) & _IS_QUESTION) == 0))  # ??? is a mask
    chinese_after = (after & _IS_HAN) != 0
    widened = ((((before & _IS_CHINESE_BEFORE) != 0) & not_url) | chinese_after) & not_mask
    positions = at.tolist()
    # in order: a mark after another (whether that one was widened decides) and every ;
    special = numpy.flatnonzero(((before & _IS_MARK) != 0) | (points[at] == ord(";"))).tolist()
    if not special:
        return list(itertools.compress(positions, widened.tolist()))
    widened = widened.tolist()
    for k in special:
        pos = positions[k]
        if not widened[k] and k > 0 and positions[k - 1] == pos - 1 and widened[k - 1]:
            widened[k] = bool(not_url[k] and not_mask[k])
        if widened[k] and text[pos] == ";" and _REFERENCE_BEFORE.search(text, max(0, pos - 33), pos):
            widened[k] = False  # &ldqu; is a character reference, not a Chinese semicolon
    return list(itertools.compress(positions, widened))


def _parens(text: str) -> list[int]:
    """Where a half-width bracket becomes full-width, in order: both of a pair with Chinese
    inside or right outside; not a heading marker (``(一)`` at the start of a line)."""
    out = []
    for match in _PAREN.finditer(text):
        inner = match.group(1)
        outside = text[match.start() - 1:match.start()] + text[match.end():match.end() + 1]
        if (_HAN_RE.search(inner) or _HAN_RE.search(outside)) and not _marker(text, match):
            out.append(match.start())
            out.append(match.end() - 1)
    return out


def _marker(text: str, match: re.Match) -> bool:
    """Whether a pair :data:`_PAREN` matched is a heading marker, (一) at the start of a line:
    the pair :data:`_MARKER_PAREN` would match there (neither holds a parenthesis inside, so
    they are the same pair), judged for this pair alone instead of for every line of the text."""
    if not _MARKER_INNER.fullmatch(match.group(1)):
        return False
    start = match.start()
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip(" \t\u3000\u00a0")
