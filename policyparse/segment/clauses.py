"""Where responsibility clauses stand inside a task: ``（责任单位：A、B）``, ``〔牵头单位：A；配合单位：B〕``,
``[责任单位：…]``, ``（A牵头，B、C配合）``, ``（海关总署、商务部等有关部门负责）``, a bare list of units
``（市信用办、市数字办）`` closing a sentence, and a keyed clause printed without brackets as a
paragraph's last sentence or on a line of its own (``责任单位：市发改委、市财政局``).

Located here, read by the one clause parser (:func:`.clause_parser.read_clause`) that the extract
stage reads units with: a bracket is a clause when the parser finds a role key, a role verb after
a body's name, or only bodies' names in it. The bracket kinds that may hold a clause are rows of
``lexicons/shared/clause_grammar.tsv``.
"""

from __future__ import annotations

import functools
import re

from .clause_parser import read_clause
from .grammar import grammar, label_regex
from .layout import ClauseBlock
from .lexicon import FIELD_KEYS
from .patterns import DOC_NUMBER, is_unit_like

# A bracket that opens a clause closes within this many characters: a longer stretch is an
# unclosed bracket swallowing the text after it. Large enough for the clauses a fuzzer builds
# (issue 16 #9: 50,000 units), which the parser then cuts at its limit with a warning.
_MAX_CLAUSE = 2_000_000


def clause_kind(inner: str) -> bool:
    """True when a bracketed remark names who is responsible: a role key (责任单位：, 负责部门：),
    units followed by their role words (A、B按职责分工分别负责, A牵头，B配合), or only unit names.

    >>> clause_kind("责任单位:市信用办、各县(市、区)人民政府")
    True
    >>> clause_kind("市发展改革局、市监察委按职责分工分别负责")
    True
    >>> clause_kind("市信用办、市数字办、市社会信用体系建设领导小组有关成员单位")
    True
    >>> clause_kind("负责部门：发展改革委、粮食和储备局，适用范围：浙江自贸试验区")
    True
    >>> clause_kind("市发改委指导")
    True
    >>> clause_kind("政法司牵头落实")  # a ministry's own 司 (环办厅〔2016〕59号)
    True
    >>> clause_kind("PPP"), clause_kind("国发〔2016〕76号"), clause_kind("含新媒体"), clause_kind("试行")
    (False, False, False, False)
    >>> clause_kind("场所"), clause_kind("市委"), clause_kind("商务部")  # 其他现场（场所）explains a word
    (False, True, True)
    """
    body = inner.strip()
    if not body or DOC_NUMBER.fullmatch(body) or grammar().explanation_re.match(body):
        return False
    reading = read_clause(body)
    return reading.keyed or (reading.verbed and bool(reading.units)) or reading.bare


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost bracket group of a kind that may hold a clause, nesting
    respected across kinds; a stray closer is ignored.

    >>> t = "予以支持。[责任单位：市科技局（牵头）]国发〔2018〕38号"
    >>> [t[s:e] for s, e in bracket_groups(t)]
    ['[责任单位：市科技局（牵头）]', '〔2018〕']
    """
    pairs = grammar().clause_brackets
    out, stack = [], []
    # only the brackets are visited: the text scanned runs 300 characters past each paragraph
    for m in grammar().clause_bracket_re.finditer(text):
        i = m.start()
        if text[i] in pairs:
            stack.append(i)
        elif stack:
            start = stack.pop()
            if not stack:
                out.append((start, i + 1))
    return out


def find_clauses(text: str, start: int, end: int) -> list[ClauseBlock]:
    """Clauses in ``text[start:end]``, each attached to the sentences since the previous clause.

    >>> t = "完善举报机制。(责任单位:市信访局)通过网站公开。(市发展改革局负责)"
    >>> [(text_of(t, c.span), text_of(t, c.covers)) for c in find_clauses(t, 0, len(t))]
    [('(责任单位:市信访局)', '完善举报机制。'), ('(市发展改革局负责)', '通过网站公开。')]
    """
    segment = text[start:min(len(text), end + _OVERFLOW)]
    out: list[ClauseBlock] = []
    cover_start = 0
    for s, e in bracket_groups(segment):
        if s >= end - start:
            break
        inner = segment[s + 1:e - 1]
        within = segment[:max(e, end - start)]
        if e - s > _MAX_CLAUSE or not clause_kind(inner) or not _stands_as_clause(within, s, e, inner):
            continue
        if e > end - start and not _wraps(segment, end - start, e, inner):
            continue
        lead_ws = len(inner) - len(inner.lstrip())
        inner_text = inner.strip()
        covers = (start + cover_start, start + s)
        while covers[1] > covers[0] and text[covers[1] - 1] in " \u3000":
            covers = (covers[0], covers[1] - 1)
        out.append(ClauseBlock(span=(start + s, start + e), inner=inner_text,
                               inner_span=(start + s + 1 + lead_ws, start + s + 1 + lead_ws + len(inner_text)),
                               covers=covers))
        cover_start = e
        while cover_start < len(segment) and segment[cover_start] in "。；;， \u3000":
            cover_start += 1
    if not out or out[-1].span[1] < end - 1:
        tail = label_clause(text, start + cover_start, end, start + cover_start)
        if tail is not None:
            out.append(tail)
    if not out:
        out.extend(sentence_clauses(text, start, end))
    return out


# A lead and its partners named in running text, with no bracket or key: 由市经委负责牵头，市环保局、
# 市科委等有关部门参加 (round 9 y05), 由市发展改革委牵头，市财政局参与. The pair of role verbs makes it a
# clause; a lead alone (市发改委牵头的联席会议) is left to the implicit actors.
_ROLE_PAIR = re.compile(r"(?:(?<=[，,。；;：:])|^)\s*((?:由)?[^，,。；;：:（）()]{2,40}?(?:负责)?牵头(?:负责)?[，,]"
                        r"[^，,。；;：:（）()]{2,80}?(?:参加|参与|配合|协助|协办))(?=[，,。；;]|$)", re.M)


def sentence_clauses(text: str, start: int, end: int) -> list[ClauseBlock]:
    """Clauses printed as part of a sentence (see :data:`_ROLE_PAIR`), read by the clause parser.

    >>> t = "建立联席会议制度。联席会议由市经委负责牵头，市环保局、市科委等有关部门参加，每年定期召开。"
    >>> [c.inner for c in sentence_clauses(t, 0, len(t))]
    ['由市经委负责牵头，市环保局、市科委等有关部门参加']
    """
    out = []
    for m in _ROLE_PAIR.finditer(text, start, end):
        inner = m.group(1)
        s = m.start(1)
        # the subject before 由 (联席会议由…) is no part of the clause
        k = inner.find("由")
        if 0 < k < 12:
            inner, s = inner[k:], s + k
        units = read_clause(inner).units
        if not {"lead", "support"} <= {u.role for u in units} or not all(is_unit_like(u.name) for u in units):
            continue  # 由冯国勤副市长牵头，周太彤、唐登杰副市长配合: leaders, not the bodies that do the work
        out.append(ClauseBlock(span=(s, s + len(inner)), inner=inner, inner_span=(s, s + len(inner)),
                               covers=(start, s)))
    return out


# A clause a hard line wrap cut in two (scraped .wps text wrapped at a fixed width: "…省农业农村厅、省\n
# 商务厅，…负责）") closes on the next line; it is read whole when it closes soon, with no numbered
# item between.
_OVERFLOW = 300
_ITEM_LINE = re.compile(r"\n[ \t\u3000]*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、])")


def _wraps(segment: str, cut: int, e: int, inner: str) -> bool:
    reading = read_clause(inner.strip())
    return (reading.keyed or reading.verbed) and not _ITEM_LINE.search(segment, cut, e)


def _stands_as_clause(segment: str, s: int, e: int, inner: str) -> bool:
    """A bare list of units is a clause only where clauses stand: closing a sentence or the item,
    and never right after an office it explains. 乡镇(街道), 领导小组办公室(省发展改革委) explain a
    name instead.

    >>> t = "方案请于9月上旬报省质量强省战略领导小组办公室（省质监局）。"
    >>> _stands_as_clause(t, t.index("（"), t.index("）") + 1, "省质监局")
    False
    """
    reading = read_clause(inner.strip())
    if reading.keyed or reading.verbed:
        return True
    before = segment[:s].rstrip()
    if before.endswith(grammar().hosted):
        return False  # 报…领导小组办公室（省质监局）: the office's host, whatever follows
    after = segment[e:].lstrip()
    return not before or before[-1] in "。；;！!？?" or not after or after[0] in "。；;"


# A clause printed without brackets as the paragraph's last sentence or on a line of its own:
# 责任单位：市发改委、市财政局 / 牵头单位：…；配合单位：…
# Only the full keys (X单位/X部门, four characters or more) stand without brackets: a short 责任：
# opens ordinary prose too.
@functools.lru_cache(maxsize=None)
def label_clause_regex() -> "re.Pattern[str]":
    full = "|".join(re.escape(w) for w in sorted(grammar().role_of_key, key=len, reverse=True) if len(w) >= 4)
    return re.compile(rf"(?:^|(?<=[。；;]))\s*((?:{full})\s*[:：][^。\n]*?)[。.]?[ \t\u3000]*$", re.M)


def starts_label_clause(line: str) -> bool:
    """A line that opens with a full role key: ``责任单位：市信访局``."""
    return bool(label_clause_regex().match(line))


class _DeadlineLabel:
    """``完成时限：2018年底前`` on a line of its own: a time field of ``field_keys.tsv`` (kind time).

    Compiled on first use, so importing the segment stage reads no lexicon. ``.match(line)``
    gives the value as group 1, like the regular expression it stands for.
    """

    @functools.cached_property
    def pattern(self) -> "re.Pattern[str]":
        keys = sorted((e.key for e in FIELD_KEYS() if e.kind == "time"), key=len, reverse=True)
        return re.compile(rf"^\s*(?:{'|'.join(map(re.escape, keys))})\s*[:：]\s*(.+?)\s*[。.]?$")

    def match(self, line: str):
        return self.pattern.match(line)


DEADLINE_LABEL = _DeadlineLabel()


def label_clause(text: str, start: int, end: int, covers_start: int) -> "ClauseBlock | None":
    """An unbracketed clause closing ``text[start:end]`` (``…。责任单位：市信访局``).

    >>> t = "完善举报机制。责任单位：市信访局、市信用办"
    >>> c = label_clause(t, 0, len(t), 0)
    >>> c.inner, text_of(t, c.covers)
    ('责任单位：市信访局、市信用办', '完善举报机制。')
    """
    # a key line a hard wrap cut (…、市城\n乡结合部建设领导小组办公室) is one clause: its line breaks
    # read as spaces, which keeps every offset
    flat = text[:start] + text[start:end].replace("\n", " ") if "\n" in text[start:end] else text
    m = label_clause_regex().search(flat, start, end)
    if not m or m.end() != end and flat[m.end():end].strip():
        return None
    inner = text[m.start(1):m.end(1)].strip()
    s = m.start(1) + (len(text[m.start(1):m.end(1)]) - len(text[m.start(1):m.end(1)].lstrip()))
    return ClauseBlock(span=(s, s + len(inner)), inner=inner, inner_span=(s, s + len(inner)),
                       covers=(covers_start, s))


def text_of(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]]


__all__ = ["ClauseBlock", "DEADLINE_LABEL", "bracket_groups", "clause_kind", "find_clauses", "label_clause",
           "label_regex", "starts_label_clause"]
