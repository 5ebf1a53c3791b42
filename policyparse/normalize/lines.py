"""Join the hard line breaks of text extracted from PDF.

PDF text comes out one printed line per line: a sentence of a notice is cut wherever the page
margin fell (``进一步提升政府公信\\n力``), and a page break can split it too. Text whose lines
mostly run to the same full width and stop mid-sentence is such text; there a break after a
full-width line is removed unless the next line starts a new item (``一、``, ``（一）``, ``1.``,
``第一条``). Web and Word text keeps its lines: there every line is a paragraph.
"""

from __future__ import annotations

import collections
import itertools
import operator
import re

from .text import Replacement

RULE = "join_pdf_lines"
_SENTENCE_END = "。！？；：!?;:…”』」）)"
_MARKER = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|"
                     r"\d+[.．、](?!\d)|第[一二三四五六七八九十百\d]+[章节条]|[①-⑳]|附件|抄送|[\d\s]*$)")
_INDENT = (" ", "\t", "\u3000", "\u00a0")
# A site's metadata block printed above a notice (发文机构：… / 来源：http://… / 关键字：土地供给;住房)
# has lines of any width: a field starts its own line, and a field holding no sentence (a URL, a
# keyword list) never runs on into the notice's title below it (云南 .wps pages, round 7 y02).
_FIELD_KEY = re.compile(r"^[ \t\u3000]*[\u4e00-\u9fff]{2,6}[ \t\u3000]*[:：]")
_FIELD_LINE = re.compile(r"^[ \t\u3000]*[\u4e00-\u9fff]{2,6}[ \t\u3000]*[:：][^，。,]*$")
#: Share of lines that must run to the common full width for the text to count as PDF text.
FULL_LINE_SHARE = 0.4
MIN_LINES = 8
MAX_WIDER_SHARE = 0.1
#: Cells a wrapped line may run past the common width. Word and WPS justify a line and squeeze its
#: punctuation, so a line holding several marks fits a character or two more (云南 .wps notices:
#: most lines 55 characters, those with “”、，… 56-57), and still stops mid-sentence at the margin.
_JUSTIFIED_WIDER = 4


def _width(line: str) -> int:
    """Printed width in half-width cells (a Han character or full-width mark takes two).

    Computed from the UTF-8 length, which is 3 bytes for CJK and 1 for ASCII, so that the
    check costs no Python loop per character.

    >>> _width("  各市、自治州人民政府,省政府")
    27
    """
    stripped = line.strip()
    return (len(stripped.encode("utf-8")) + len(stripped)) // 2


def _widths(lines: list[str]) -> list[int]:
    """:func:`_width` of each line, by maps at C speed (web text has a line per paragraph)."""
    stripped = list(map(str.strip, lines))
    cells = map(operator.add, map(len, map(str.encode, stripped)), map(len, stripped))
    return list(map(operator.floordiv, cells, itertools.repeat(2)))


def join_pdf_lines(text: str) -> list[Replacement]:
    """Remove the line breaks that the page width, not the author, put into a sentence.

    >>> text = "\\n".join(["为进一步加强政务诚信建设，提升政府公信力和执行力，结合本市实际，现提出"] * 9) + "。"
    >>> from policyparse.normalize import normalize
    >>> normalize(text, {"normalize_punctuation": False}).text.count("\\n")
    0
    """
    if text.count("\n") < MIN_LINES:
        return []
    lines = text.split("\n")
    widths = _widths(lines)
    long = [w for w in widths if w >= 20]
    if len(long) < MIN_LINES:
        return []
    full, _ = collections.Counter(long).most_common(1)[0]
    near_full = [w for w in widths if full - 3 <= w <= full + 1]
    if len(near_full) < max(MIN_LINES, FULL_LINE_SHARE * len(long)):
        return []
    # No printed line is wider than the page: web text, whose paragraphs are lines of any
    # length, has many lines beyond its most common width (a run of equal headings).
    if sum(1 for w in long if w > full + 2) > MAX_WIDER_SHARE * len(long):
        return []
    # Most full-width lines must end mid-sentence, else these are short paragraphs of one width.
    open_ends = sum(1 for line, w in zip(lines, widths)
                    if full - 3 <= w <= full + 1 and line.rstrip()[-1:] not in _SENTENCE_END)
    if open_ends < 0.5 * len(near_full):
        return []
    # Where paragraphs open with an indent (　　 or spaces, the GB/T 9704 layout), a full line
    # followed by an unindented one continues its paragraph even after 。.
    indented = sum(1 for line in lines if line[:1] in _INDENT and line.strip())
    indent_style = indented >= 0.2 * sum(1 for line in lines if line.strip())
    out = []
    pos = 0
    for k, line in enumerate(lines[:-1]):
        end = pos + len(line)
        following = lines[k + 1]
        ends_sentence = line.rstrip()[-1:] in _SENTENCE_END
        if indent_style and following.lstrip("\f")[:1] not in _INDENT:
            ends_sentence = False
        if (full - 3 <= widths[k] <= full + _JUSTIFIED_WIDER and not ends_sentence
                and following.strip() and not _MARKER.match(following)
                and not _FIELD_KEY.match(following) and not _FIELD_LINE.match(line)):
            stripped_end = pos + len(line.rstrip())
            lead = len(following) - len(following.lstrip(" \t\u3000\f"))  # \f: a page break
            out.append(Replacement(stripped_end, end + 1 + lead, "", RULE, "line break inside a sentence"))
        pos = end + 1
    return out
