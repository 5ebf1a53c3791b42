"""One width for Chinese punctuation.

Notices mix half-width ``,`` ``:`` ``;`` ``(`` ``)`` into Chinese text (scrapes of 003 use them
throughout) while GB/T 15834 writes full-width marks in Chinese. A mark becomes full-width
when it stands next to Chinese text; nothing changes inside numbers (``1,000``, ``10:30``),
codes, URLs or Latin text, and heading markers (``(一)``, ``1.``) are left exactly as printed
so the segmenter sees the numbering the document used.
"""

from __future__ import annotations

import re

from .text import Replacement

RULE = "normalize_punctuation"
_HAN = "\u3400-\u9fff"
_CJK_PUNCT = "“”‘’《》〈〉「」『』【】〔〕（）、，。：；！？…—"
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# A mark after Chinese (or a Chinese closing mark), or before Chinese when not between digits.
_MARK = re.compile(r"[,:;!?]")
_CHINESE_BEFORE = re.compile(f"[{_HAN}{_CJK_PUNCT}]")
_CHINESE_AFTER = re.compile(f"[{_HAN}]")
_PAREN = re.compile(r"\(([^()\n]{0,80})\)")
_MARKER_PAREN = re.compile(r"(?m)^[ \t\u3000\u00a0]*\((?:[一二三四五六七八九十百零〇]{1,4}|\d{1,3})\)")
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
    out: list[Replacement] = []
    widened: set[int] = set()  # a run of marks (诚信,,,,) widens in one pass: each follows a wide one
    for match in _MARK.finditer(text):
        pos = match.start()
        mark = text[pos]
        before = text[pos - 1:pos]
        after = text[pos + 1:pos + 2]
        # after Chinese (not in http://), or before Chinese; never between digits
        if not ((before and (_CHINESE_BEFORE.match(before) or pos - 1 in widened) and text[pos + 1:pos + 3] != "//")
                or (after and _CHINESE_AFTER.match(after))):
            continue
        if before.isdigit() and after.isdigit():
            continue
        if mark == ";" and _REFERENCE_BEFORE.search(text, max(0, pos - 33), pos):
            continue  # &ldqu; is a character reference, not a Chinese semicolon
        if mark == "?" and (before == "?" or after == "?"):
            continue  # ??? is a mask or mojibake, reported elsewhere
        out.append(Replacement(pos, pos + 1, _FULL[mark], RULE, f"{mark} -> {_FULL[mark]}"))
        widened.add(pos)
    if "(" not in text:
        out.sort()
        return out
    markers = {m.end() - 1 for m in _MARKER_PAREN.finditer(text)}
    for match in _PAREN.finditer(text):
        if match.end() - 1 in markers:
            continue
        inner = match.group(1)
        outside = text[match.start() - 1:match.start()] + text[match.end():match.end() + 1]
        if _HAN_RE.search(inner) or _HAN_RE.search(outside):
            out.append(Replacement(match.start(), match.start() + 1, "（", RULE, "( -> （"))
            out.append(Replacement(match.end() - 1, match.end(), "）", RULE, ") -> ）"))
    out.sort()
    return out
