"""Responsibility clauses inside a task: ``（责任单位：A、B）``, ``（牵头单位：A；配合单位：B）``,
``（负责部门：A、B，适用范围：…）``, ``（A牵头，B、C配合）``, ``（A、B按职责分工分别负责）``,
``（海关总署、商务部等有关部门负责）`` and a bare list of units ``（市信用办、市数字办）``, in round
brackets or in 〔〕/【】. Located, not interpreted: the extract stage reads the units.

The words (labels, role verbs, qualifiers) and the endings of body names come from
``lexicons/shared/``, the same rows the extract stage parses clauses with."""

from __future__ import annotations

import functools
import re

from .layout import ClauseBlock
from .lexicon import cue_role, cue_words, label_regex, role_phrase_regex, role_tail_regex
from .patterns import DOC_NUMBER, bracket_groups, is_unit_like, is_unit_list, split_top_level

# Remarks that explain the words before them rather than name who acts: (以下简称…), (含新媒体).
_EXPLANATION = re.compile(r"^(以下简称|以下称|简称|下称|下同|含|包括|不含|即)")


def _first_piece_is_unit(text: str) -> bool:
    pieces = [text[s:e].strip() for s, e in split_top_level(text) if text[s:e].strip()]
    return bool(pieces) and is_unit_like(pieces[0])


def clause_kind(inner: str) -> bool:
    """True when a bracketed remark names who is responsible: a role label (责任单位：, 负责部门：),
    units followed by their role words (A、B按职责分工分别负责, A牵头，B配合), or only unit names.

    >>> clause_kind("责任单位:市信用办、各县(市、区)人民政府")
    True
    >>> clause_kind("市发展改革局、市监察委按职责分工分别负责")
    True
    >>> clause_kind("市信用办、市数字办、市社会信用体系建设领导小组有关成员单位")
    True
    >>> clause_kind("负责部门：发展改革委、粮食和储备局，适用范围：浙江自贸试验区")
    True
    >>> clause_kind("海关总署、商务部等有关部门负责")
    True
    >>> clause_kind("PPP"), clause_kind("国发〔2016〕76号"), clause_kind("含新媒体"), clause_kind("试行")
    (False, False, False, False)
    """
    body = inner.strip()
    if not body or DOC_NUMBER.fullmatch(body) or len(body) > 600 or _EXPLANATION.match(body):
        return False
    labels = label_regex()
    if labels.match(body) or any(body[m.start() - 1] in ";；，," for m in labels.finditer(body, 1)):
        return True
    if role_tail_regex().search(body) and _first_piece_is_unit(role_phrase_regex().sub("、", body)):
        return True  # 各县区政府负责落实, 海关总署、财政部、税务总局负责
    for verb in cue_words("verb"):
        # a lead may be named mid-clause: (A牵头，B、C)
        if cue_role(verb) == "lead" and verb in body and _first_piece_is_unit(body.split(verb)[0]):
            return True
    return is_unit_list(body)


def _has_role_word(inner: str) -> bool:
    """A label or role verb inside: the remark says who does what, wherever it stands."""
    return bool(label_regex().search(inner)) or any(w in inner for w in cue_words("verb"))


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
        if not _has_role_word(inner):
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
# Only the full labels (X单位/X部门, four characters or more) stand without brackets: a short 责任：
# opens ordinary prose too.
@functools.lru_cache(maxsize=None)
def label_clause_regex() -> "re.Pattern[str]":
    full_labels = "|".join(re.escape(w) for w in cue_words("label") if len(w) >= 4)
    return re.compile(rf"(?:^|(?<=[。；;]))\s*((?:{full_labels})\s*[:：][^。\n]*?)[。.]?[ \t\u3000]*$", re.M)


def starts_label_clause(line: str) -> bool:
    """A line that opens with a full role label: ``责任单位：市信访局``."""
    return bool(label_clause_regex().match(line))

DEADLINE_LABEL = re.compile(r"^\s*(?:完成时限|完成时间|时间节点|时限要求|办结时限|时限)\s*[:：]\s*(.+?)\s*[。.]?$")


def label_clause(text: str, start: int, end: int, covers_start: int) -> "ClauseBlock | None":
    """An unbracketed clause closing ``text[start:end]`` (``…。责任单位：市信访局``).

    >>> t = "完善举报机制。责任单位：市信访局、市信用办"
    >>> c = label_clause(t, 0, len(t), 0)
    >>> c.inner, text_of(t, c.covers)
    ('责任单位：市信访局、市信用办', '完善举报机制。')
    """
    m = label_clause_regex().search(text, start, end)
    if not m or m.end() != end and text[m.end():end].strip():
        return None
    inner = m.group(1).strip()
    s = m.start(1)
    return ClauseBlock(span=(s, s + len(inner)), inner=inner, inner_span=(s, s + len(inner)),
                       covers=(covers_start, s))


def text_of(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]]
