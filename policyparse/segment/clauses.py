"""Responsibility clauses inside a task: ``（责任单位：A、B）``, ``（牵头单位：A；配合单位：B）``,
``（A牵头，B、C配合）``, ``（A、B按职责分工分别负责）``, ``（A负责）`` and a bare list of units
``（市信用办、市数字办）``. Located, not interpreted: the extract stage reads the units."""

from __future__ import annotations

import re

from .layout import ClauseBlock
from .lexicon import clause_cues
from .patterns import DOC_NUMBER, bracket_groups, is_unit_like, is_unit_list, split_top_level

_SENTENCE_END = re.compile(r"[。；;！!？?]")
_ROLE_WORDS = re.compile(r"(按照?(各自)?职[责能](分工)?(分别)?(牵头)?负责|分别负责|负责落实|牵头负责|共同负责|负责|牵头|配合|"
                         r"参加|参与|协助|落实|等有关部门|等相关部门|等有关单位|等单位|等)")


def clause_kind(inner: str) -> bool:
    """True when a bracketed remark names who is responsible.

    >>> clause_kind("责任单位:市信用办、各县(市、区)人民政府")
    True
    >>> clause_kind("市发展改革局、市监察委按职责分工分别负责")
    True
    >>> clause_kind("市信用办、市数字办、市社会信用体系建设领导小组有关成员单位")
    True
    >>> clause_kind("PPP"), clause_kind("国发〔2016〕76号"), clause_kind("含新媒体")
    (False, False, False)
    """
    body = inner.strip()
    if not body or DOC_NUMBER.fullmatch(body) or len(body) > 600:
        return False
    if re.match(r"^(以下简称|以下称|简称|下称|下同|含|包括|不含|即)", body):
        return False
    for cue in clause_cues():
        if cue.position == "label" and re.match(rf"^{re.escape(cue.cue)}\s*[:：]", body):
            return True
        if cue.position == "label" and re.search(rf"[;；，,]\s*{re.escape(cue.cue)}\s*[:：]", body):
            return True
    for cue in clause_cues():
        if cue.position == "tail" and re.search(rf"{re.escape(cue.cue)}\s*[。.]?$", body):
            # the names before the role words: 各县区政府负责落实 -> 各县区政府
            head = _ROLE_WORDS.sub("、", body)
            pieces = [head[s:e].strip() for s, e in split_top_level(head) if head[s:e].strip()]
            if pieces and is_unit_like(pieces[0]):
                return True
        if cue.position == "any" and cue.cue in body:
            first = body.split(cue.cue)[0]
            pieces = [first[s:e] for s, e in split_top_level(first)]
            if pieces and is_unit_like(pieces[0]):
                return True
    return is_unit_list(body)


def _has_cue(inner: str) -> bool:
    return any(c.cue in inner for c in clause_cues())


def find_clauses(text: str, start: int, end: int) -> list[ClauseBlock]:
    """Clauses in ``text[start:end]``, each attached to the sentences since the previous clause.

    >>> t = "完善举报机制。(责任单位:市信访局)通过网站公开。(市发展改革局负责)"
    >>> [(text_of(t, c.span), text_of(t, c.covers)) for c in find_clauses(t, 0, len(t))]
    [('(责任单位:市信访局)', '完善举报机制。'), ('(市发展改革局负责)', '通过网站公开。')]
    """
    segment = text[start:end]
    out: list[ClauseBlock] = []
    cover_start = 0
    for s, e in bracket_groups(segment):
        inner = segment[s + 1:e - 1]
        if not clause_kind(inner):
            continue
        if not _has_cue(inner):
            # A bare list of units is a clause only where clauses stand: closing a sentence or
            # the item. 乡镇(街道), 领导小组办公室(省发展改革委) explain a name instead.
            before = segment[:s].rstrip()
            after = segment[e:].lstrip()
            if not (not before or before[-1] in "。；;！!？?" or not after or after[0] in "。；;"):
                continue
        # A clause closes a sentence (or the item); one in the middle of a sentence is an
        # explanation, e.g. 由(市信用办)牵头 … is rare and read as a clause too.
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
    return out


# A clause printed without brackets as the paragraph's last sentence or on a line of its own:
# 责任单位：市发改委、市财政局 / 牵头单位：…；配合单位：…
LABEL_CLAUSE = re.compile(r"(?:^|(?<=[。；;]))\s*((?:责任单位|牵头单位|责任部门|牵头部门|配合单位|配合部门|实施单位|主办单位)\s*[:：][^。\n]*?)[。.]?[ \t\u3000]*$", re.M)
DEADLINE_LABEL = re.compile(r"^\s*(?:完成时限|完成时间|时间节点|时限要求|办结时限|时限)\s*[:：]\s*(.+?)\s*[。.]?$")


def label_clause(text: str, start: int, end: int, covers_start: int) -> "ClauseBlock | None":
    """An unbracketed clause closing ``text[start:end]`` (``…。责任单位：市信访局``).

    >>> t = "完善举报机制。责任单位：市信访局、市信用办"
    >>> c = label_clause(t, 0, len(t), 0)
    >>> c.inner, text_of(t, c.covers)
    ('责任单位：市信访局、市信用办', '完善举报机制。')
    """
    m = LABEL_CLAUSE.search(text, start, end)
    if not m or m.end() != end and text[m.end():end].strip():
        return None
    inner = m.group(1).strip()
    s = m.start(1)
    return ClauseBlock(span=(s, s + len(inner)), inner=inner, inner_span=(s, s + len(inner)),
                       covers=(covers_start, s))


def text_of(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]]
