"""The grammar of responsibility clauses: which units, in which role.

A clause is the bracketed list that ends a task of a 任务分工 or 实施方案 notice. Real notices write
it in many ways, and one grammar covers them:

- labelled lists: ``责任单位：A、B``, ``牵头单位：A；配合单位：B、C``, ``负责部门：A``;
- role verbs after the units they govern: ``A牵头，B、C配合``, ``A牵头负责，B等有关部门，C参加``,
  ``A、B按职责分工分别负责``, ``A负责``, ``A、B等按照职责牵头负责，C参加``, ``A会同B负责``;
- bare lists with no role word at all: ``市信用办、市数字办``.

Units are split at top-level 、，,；; and spaces, never inside brackets (``各县（市、区）人民政府``),
at a separator lost in scraping (``大连海关各区市县政府``), and an enumeration tail after 等 is
dropped (``省信访局等有关部门`` -> ``省信访局``). Roles follow GUIDE.md: ``lead`` for 牵头,
``support`` for 配合/参加/协助 (and for 负责 units once a lead is singled out), ``responsible``
otherwise.

>>> [(u.name, u.role) for u in parse_clause("省财政厅牵头负责,各有关部门参加")]
[('省财政厅', 'lead'), ('各有关部门', 'support')]
>>> [u.name for u in parse_clause("牵头单位:市发展改革委;配合单位:大连海关各区市县政府")]
['市发展改革委', '大连海关', '各区市县政府']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from .lexicon import cue_role, cue_words, department_collective_regex, label_regex, unit_suffix_regex

OPENING = "（(〈〔[【《{<「『"
CLOSING = "）)〉〕]】》}>」』"
# 。 too: a clause may go on with a remark after its list (…管委会。列第一位的为牵头单位，下同)
SEPARATORS = "、，,；;：:。 \t\u3000/\n"
ROLES = ("lead", "support", "responsible")

# Characters that open a unit name after a lost separator: a level prefix (市/省/区/县), the
# collective 各, or the central bank's branch, which notices print without a region prefix.
UNIT_STARTS = ("各", "市", "省", "区", "县", "自治区", "人民银行", "中国人民银行", "人行", "团市委", "团省委",
               "团县委", "团区委", "共青团")
LEVEL_PREFIXES = ("自治区", "自治州", "各", "省", "市", "县", "区", "州", "盟", "旗")
# 各有关部门 after a government is that government's departments (市政府各部门), not a second unit:
# the collective words are shared with the recipients reader (lexicons/shared/department_collectives.tsv).
# Words that show a segment is a phrase, not a body: 按《…》确定相关责任单位.
_NOT_A_UNIT = re.compile(r"[《》“”\"]|为(?:牵头|责任|配合|主)|第一位|排在|列在|确定|涉及|重复")
_LEADING_JUNK = re.compile(r"^(?:和|及|以及|与|由|并|或)")


@dataclass(frozen=True)
class ClauseUnit:
    """One unit of a clause: its name as printed, its role and its offsets in the clause text."""

    name: str
    role: str
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    labels = "|".join(map(re.escape, cue_words("label")))  # 为牵头单位: a label used as a verb
    quals = "|".join(map(re.escape, cue_words("qualifier")))
    verbs = "|".join(map(re.escape, cue_words("verb")))
    notes = "|".join(map(re.escape, cue_words("note")))
    cojoin = "|".join(map(re.escape, cue_words("cojoin")))
    return {
        "label": label_regex(),
        # qualifiers only count in front of a verb: 按职责分工分别负责, 按照职责牵头负责.
        # 牵头部门/配合单位 without a colon and 负责人 are names, not verbs.
        "verb": re.compile(rf"为(?:{labels})|(?:(?:{quals})*)(?:{verbs})(?!人|单位|部门|[：:])"),
        # any other "X：" opens a field that holds no units: 完成时限：2018年底前
        "field": re.compile(r"[^\W\d_]{2,6}\s*[：:]"),
        "qualifier_tail": re.compile(rf"(?:{quals})+$"),
        "note": re.compile(rf"(?:{notes})"),
        "cojoin": re.compile(rf"(?:{cojoin})"),
        "suffix": unit_suffix_regex(),
    }


def _bracket_pairs(text: str) -> tuple[list[int], set[int]]:
    """Depth of each character, and the positions of brackets that never close.

    An unclosed bracket is treated as a separator: ``各合作备忘录的信息发起单位(市中院、…牵头`` opens a
    list it never closes, and the units inside still count.
    """
    stack: list[int] = []
    matched: set[int] = set()
    for i, ch in enumerate(text):
        if ch in OPENING:
            stack.append(i)
        elif ch in CLOSING:
            # pair with the latest opener; a stray closer is ignored
            if stack:
                matched.add(stack.pop())
                matched.add(i)
    unclosed = set(stack)
    depth = []
    d = 0
    for i, ch in enumerate(text):
        if ch in OPENING and i in matched:
            d += 1
            depth.append(d)
        elif ch in CLOSING and i in matched:
            depth.append(d)
            d -= 1
        else:
            depth.append(d)
    return depth, unclosed


@dataclass
class _Token:
    kind: str  # segment, label, verb, cojoin, tail, note, open (unclosed bracket), mark (（牵头）)
    start: int
    end: int
    role: Optional[str] = None


def _tokenize(text: str) -> list[_Token]:
    pats = _patterns()
    depth, unclosed = _bracket_pairs(text)
    tokens: list[_Token] = []
    seg_start: Optional[int] = None
    i = 0
    n = len(text)

    def close_segment(at: int) -> None:
        nonlocal seg_start
        if seg_start is not None and at > seg_start:
            tokens.append(_Token("segment", seg_start, at))
        seg_start = None

    while i < n:
        ch = text[i]
        if ch in OPENING and i not in unclosed and depth[i] == 1:
            # 市发改委（牵头）、市财政局: a bracketed role word marks the unit before it
            close_at = _matching_close(text, i)
            word = text[i + 1:close_at].strip()
            role = cue_role(word) if word in cue_words("verb") or word in cue_words("label") else None
            if role and close_at > i:
                close_segment(i)
                tokens.append(_Token("mark", i, close_at + 1, role))
                i = close_at + 1
                continue
        if depth[i] > 0 and i not in unclosed:
            if seg_start is None:
                seg_start = i
            i += 1
            continue
        if i in unclosed:
            close_segment(i)
            tokens.append(_Token("open", i, i + 1))
            i += 1
            continue
        if ch in SEPARATORS:
            if ch.isspace() and seg_start is not None and i - seg_start <= 1:
                # 市 发改委: a space after a lone level character is a PDF justification gap
                i += 1
                continue
            close_segment(i)
            i += 1
            continue
        # 和各 / 及各: a conjunction before a collective starts a new unit (…等和各省级人民政府负责)
        if ch in "和及" and text[i + 1:i + 2] == "各":
            close_segment(i)
            i += 1
            continue
        at_segment_start = seg_start is None
        m = pats["label"].match(text, i)
        if m:
            close_segment(i)
            word = re.sub(r"\s*[：:]$", "", m.group(0))
            tokens.append(_Token("label", i, m.end(), cue_role(word)))
            i = m.end()
            continue
        if at_segment_start:
            m = pats["note"].match(text, i) or pats["field"].match(text, i)
            if m:
                tokens.append(_Token("note", i, m.end()))
                i = m.end()
                continue
        m = pats["verb"].match(text, i)
        if m:
            close_segment(i)
            verb = m.group(0)
            if verb.startswith("为") and cue_role(verb[1:]):
                role = cue_role(verb[1:])  # A为牵头单位，B为配合单位
            else:
                role = next(cue_role(w) for w in cue_words("verb") if verb.endswith(w))
            if "牵头" in verb:
                role = "lead"
            tokens.append(_Token("verb", i, m.end(), role))
            i = m.end()
            continue
        m = pats["cojoin"].match(text, i)
        if m and not at_segment_start:
            close_segment(i)
            tokens.append(_Token("cojoin", i, m.end()))
            i = m.end()
            continue
        if ch == "等" and not at_segment_start and _is_tail_deng(text, i):
            close_segment(i)
            tokens.append(_Token("tail", i, i + 1))
            i += 1
            continue
        if seg_start is None:
            seg_start = i
        i += 1
    close_segment(n)
    return tokens


def _matching_close(text: str, i: int) -> int:
    depth = 0
    for j in range(i, len(text)):
        if text[j] in OPENING:
            depth += 1
        elif text[j] in CLOSING:
            depth -= 1
            if depth == 0:
                return j
    return i


def _is_tail_deng(text: str, i: int) -> bool:
    """等 after a unit opens an enumeration tail; 高等/中等/同等/等级 are ordinary words."""
    before = text[i - 1] if i else ""
    after = text[i + 1:i + 2]
    return before not in "高中初平同对均上次" and after not in "级待候同于"


def parse_clause(inner: str, default_role: str = "responsible") -> list[ClauseUnit]:
    """Units of one responsibility clause with their roles and offsets in ``inner``.

    inner (str): the clause without its brackets, as printed.
    default_role (str): role for units that no label or verb governs; a table column passes its
        own role (``lead`` for a 牵头单位 column).
    RETURNS (list[ClauseUnit]): units in printed order.

    >>> [(u.name, u.role) for u in parse_clause("市发展改革局、市监察委按职责分工分别负责")]
    [('市发展改革局', 'responsible'), ('市监察委', 'responsible')]
    >>> [(u.name, u.role) for u in parse_clause("省发展改革委牵头负责,省财政厅、青海银监局等有关部门,各市州政府参加")]
    [('省发展改革委', 'lead'), ('省财政厅', 'support'), ('青海银监局', 'support'), ('各市州政府', 'support')]
    """
    tokens = _tokenize(inner)
    assigned: list[tuple[int, int, str]] = []  # start, end, role
    pending: list[tuple[int, int]] = []
    label_role: Optional[str] = None
    after_cojoin = False
    tail_end = -1
    in_note = False
    seen_lead = False

    def flush(role: str) -> None:
        nonlocal pending
        for s, e in pending:
            assigned.append((s, e, role))
        pending = []

    for k, tok in enumerate(tokens):
        if tok.kind == "label":
            flush(label_role or _default_after(seen_lead, default_role))
            label_role = tok.role
            in_note = False
            after_cojoin = False
            continue
        if in_note:
            continue
        if tok.kind == "note":
            flush(label_role or _default_after(seen_lead, default_role))
            in_note = True
            continue
        if tok.kind == "tail":
            tail_end = tok.end
            continue
        if tok.kind == "mark":
            if pending:
                s, e = pending.pop()
                assigned.append((s, e, tok.role))
                seen_lead = seen_lead or tok.role == "lead"
            continue
        if tok.kind == "open":
            # a description followed by an unclosed bracket introduces the list inside it
            if pending and tokens[k - 1].kind == "segment":
                pending.pop()
            continue
        if tok.kind == "cojoin":
            flush("lead")
            seen_lead = True
            after_cojoin = True
            continue
        if tok.kind == "verb":
            role = tok.role or default_role
            if after_cojoin:
                role = "support"
                after_cojoin = False
            if role == "lead":
                seen_lead = True
            flush(role)
            continue
        # segment
        # only the words glued to 等 are its tail (等有关部门); after a separator a new unit starts
        pending.extend(_split_segment(inner, tok.start, tok.end, keep_first=tok.start != tail_end))
    flush(label_role or ("support" if after_cojoin else _default_after(seen_lead, default_role)))

    if any(role == "lead" for _, _, role in assigned):
        # once a lead is singled out, the units "responsible by their duties" are its partners
        assigned = [(s, e, "support" if r == "responsible" else r) for s, e, r in assigned]
    assigned.sort(key=lambda x: x[0])
    return [ClauseUnit(inner[s:e], r, s, e) for s, e, r in assigned]


def _default_after(seen_lead: bool, default_role: str) -> str:
    # units after a lead with no verb of their own (A牵头，B、C) support it
    return "support" if seen_lead and default_role == "responsible" else default_role


def clause_roles(inner: str, default_role: str = "responsible") -> dict[str, list[str]]:
    """Unit names per role, the shape of gold ``assignments``.

    >>> clause_roles("市信息办负责市直有关单位配合")
    {'lead': [], 'support': ['市直有关单位'], 'responsible': ['市信息办']}
    """
    out: dict[str, list[str]] = {r: [] for r in ROLES}
    for unit in parse_clause(inner, default_role):
        out[unit.role].append(unit.name)
    return out


# ---------------------------------------------------------------------------------------------
# one segment (text between separators) -> unit names


def _split_segment(text: str, start: int, end: int, keep_first: bool = True) -> list[tuple[int, int]]:
    """Unit spans of one segment; ``keep_first=False`` drops the enumeration tail after 等.

    The tail ends where a lost separator starts a new unit: in ``市司法局等各相关协会行业指导部门各有关
    行业协会商会`` the tail is 各相关协会行业指导部门 and 各有关行业协会商会 is a unit of its own.
    """
    start, end = _trim(text, start, end)
    if end <= start:
        return []
    listed = _parenthesized_list(text, start, end)
    if listed is not None and keep_first:
        return listed
    pieces = []
    spans = _split_missing_separator(text, start, end)
    if not keep_first:
        spans = spans[1:]
    for s, e in spans:
        s, e = _trim(text, s, e)
        if e > s and _looks_like_unit(text[s:e]):
            pieces.append((s, e))
    return pieces


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    pats = _patterns()
    while s < e and text[s] in SEPARATORS:
        s += 1
    while e > s and text[e - 1] in SEPARATORS + "。.":
        e -= 1
    m = re.compile(r"[^，,、；;]{1,12}?(?:内|中|时|外|下)由").match(text, s, e)
    if m and e - m.end() >= 3:
        s = m.end()  # 技工院校内由人力资源社会保障行政部门负责: the unit follows 由
    m = _LEADING_JUNK.match(text, s, e)
    if m and e - m.end() >= 2:
        s = m.end()
    m = pats["qualifier_tail"].search(text[s:e])
    if m and m.start() > 0:
        e = s + m.start()
    while e > s and text[e - 1] == "等":
        e -= 1
    return s, e


def _ends_with_suffix(name: str) -> bool:
    return bool(_patterns()["suffix"].search(name))


def _body_length(name: str) -> int:
    """Length of a name without its leading level prefix: 市委 -> 1, 市经信局 -> 3."""
    for prefix in LEVEL_PREFIXES:
        if name.startswith(prefix):
            return len(name) - len(prefix)
    return len(name)


def _starts_unit(text: str) -> bool:
    if text.startswith("市场"):
        return False
    return text.startswith(UNIT_STARTS)


def _split_missing_separator(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut where one unit's suffix is directly followed by another unit's start.

    ``大连海关各区市县政府`` and ``市经信局市新经济委`` lost their 、 in scraping. ``市政府各部门`` stays
    whole (the departments of that government), as does ``市委市政府督查室`` (市委 alone is too
    short to be a unit that the next one follows).
    """
    depth, _ = _bracket_pairs(text[start:end])
    seg = text[start:end]
    candidates = [i for i in range(2, len(seg) - 1)
                  if depth[i] == 0 and depth[i - 1] == 0 and _starts_unit(seg[i:])
                  and _ends_with_suffix(seg[:i])]
    cuts = [0]
    for idx, i in enumerate(candidates):
        left = seg[cuts[-1]:i]
        nxt = candidates[idx + 1] if idx + 1 < len(candidates) else len(seg)
        right = seg[i:nxt]
        whole_right = seg[i:]
        if len(left) < 3 or _body_length(left) < 2 or not _ends_with_suffix(left):
            continue
        if department_collective_regex().fullmatch(right) or department_collective_regex().fullmatch(whole_right):
            continue
        if not _ends_with_suffix(whole_right) and not _ends_with_suffix(right):
            continue
        cuts.append(i)
    cuts.append(len(seg))
    return [(start + a, start + b) for a, b in zip(cuts, cuts[1:])]


def _parenthesized_list(text: str, start: int, end: int) -> Optional[list[tuple[int, int]]]:
    """``X单位（A、B、C）``: a description whose brackets hold the units themselves."""
    seg = text[start:end]
    if not seg or seg[-1] not in CLOSING:
        return None
    depth, _ = _bracket_pairs(seg)
    open_at = max((i for i, ch in enumerate(seg) if ch in OPENING and depth[i] == 1), default=None)
    if open_at is None or open_at == 0:
        return None
    inside = seg[open_at + 1:-1]
    items = [m for m in re.finditer(r"[^、，,；;]+", inside)]
    if len(items) < 2 or not all(_ends_with_suffix(m.group(0).strip()) for m in items):
        return None
    if not all(_body_length(m.group(0)) >= 2 for m in items):
        return None  # 各县（市、区）人民政府: the bracket holds levels, not bodies
    base = start + open_at + 1
    return [(base + m.start(), base + m.end()) for m in items]


def _looks_like_unit(name: str) -> bool:
    if len(name) < 2 or len(name) > 40:
        return False
    if _NOT_A_UNIT.search(name):
        return False
    if "。" in name:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# lead conventions a notice declares once for all its clauses

_FIRST_GROUP_LEADS = re.compile(r"第一个(?:逗号|分号)前(?:的(?:单位|部门))?为牵头(?:单位|部门)")
_FIRST_UNIT_LEADS = re.compile(r"(?:排在|列|列在|排)第一位(?:的(?:单位|部门)?|者)?为牵头(?:单位|部门)")


def lead_convention(clause_texts: list[str]) -> Optional[str]:
    """The lead rule a notice states in one clause (…，下同) for all: ``first_group`` for
    ``第一个逗号前为牵头单位``, ``first_unit`` for ``排在第一位的部门为牵头部门``, else None.

    >>> lead_convention(["责任单位：市科技局，市经信局；第一个逗号前为牵头单位，下同"])
    'first_group'
    """
    for text in clause_texts:
        if _FIRST_GROUP_LEADS.search(text):
            return "first_group"
        if _FIRST_UNIT_LEADS.search(text):
            return "first_unit"
    return None


def apply_lead_convention(units: list[ClauseUnit], inner: str, convention: Optional[str]) -> list[ClauseUnit]:
    """Roles under a notice's declared convention, for clauses that single out no lead themselves.

    >>> [(u.name, u.role) for u in apply_lead_convention(parse_clause("责任单位：市科技局、市数据局，市委网信办"),
    ...     "责任单位：市科技局、市数据局，市委网信办", "first_group")]
    [('市科技局', 'lead'), ('市数据局', 'lead'), ('市委网信办', 'support')]
    """
    if convention is None or not units or any(u.role != "responsible" for u in units):
        return units
    if convention == "first_unit":
        return [ClauseUnit(u.name, "lead" if i == 0 else "support", u.start, u.end) for i, u in enumerate(units)]
    depth, _ = _bracket_pairs(inner)
    first = units[0].start
    cut = next((i for i in range(first, len(inner)) if inner[i] in "，,；;" and depth[i] == 0), len(inner))
    # 第一个逗号前为牵头单位: with no comma every unit stands before it, and all of them lead
    return [ClauseUnit(u.name, "lead" if u.start < cut else "support", u.start, u.end) for u in units]

