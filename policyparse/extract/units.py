"""Units and roles of responsibility clauses, and the rules a notice declares once for many tasks.

The clause itself is read by the one parser both stages share
(:func:`policyparse.segment.clause_parser.read_clause`, grammar in
``lexicons/shared/clause_grammar.tsv``); this module gives the extract stage its view of it:

- :func:`parse_clause` / :func:`clause_roles`: the units of one clause with their roles;
- :func:`lead_convention` / :func:`apply_lead_convention`: a lead convention a notice states in one
  clause for all (``排在第一位的部门为牵头部门，下同``, ``第一个逗号前为牵头单位``);
- :func:`find_scoped_rules`: blanket assignments (``以下均需各市州政府负责落实，不再列出``) wherever
  they stand, in a clause or in a section's lead paragraph, with the stretch of text they govern.

>>> [(u.name, u.role) for u in parse_clause("省财政厅牵头负责,各有关部门参加")]
[('省财政厅', 'lead'), ('各有关部门', 'support')]
>>> [u.name for u in parse_clause("牵头单位:市发展改革委;配合单位:大连海关各区市县政府")]
['市发展改革委', '大连海关', '各区市县政府']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

from ..literals import may_match, required_literals
from ..segment.clause_parser import ROLES, ClauseReading, ClauseUnit, ScopedRule, read_clause
from ..segment.grammar import grammar

__all__ = ["ROLES", "ClauseUnit", "ScopedMatch", "apply_lead_convention", "clause_roles", "find_scoped_rules",
           "lead_convention", "parse_clause", "read_clause"]


def parse_clause(inner: str, default_role: str = "responsible") -> list[ClauseUnit]:
    """Units of one responsibility clause with their roles and offsets in ``inner``.

    inner (str): the clause without its brackets, as printed.
    default_role (str): role for units that no key or verb governs; a table column passes its
        own role (``lead`` for a 牵头单位 column).
    RETURNS (list[ClauseUnit]): units in printed order; names with layout damage repaired.

    >>> [(u.name, u.role) for u in parse_clause("市发展改革局、市监察委按职责分工分别负责")]
    [('市发展改革局', 'responsible'), ('市监察委', 'responsible')]
    >>> [(u.name, u.role) for u in parse_clause("责任单位：市绿\\n化市容局、区人力社 保局；牵头单位：市绿化市容局")]
    [('市绿化市容局', 'lead'), ('区人力社保局', 'support')]
    """
    return list(read_clause(inner, default_role).units)


def clause_roles(inner: str, default_role: str = "responsible") -> dict[str, list[str]]:
    """Unit names per role, the shape of gold ``assignments``.

    >>> clause_roles("市信息办负责市直有关单位配合")
    {'lead': [], 'support': ['市直有关单位'], 'responsible': ['市信息办']}
    """
    return read_clause(inner, default_role).roles()


def lead_convention(clause_texts: list[str]) -> Optional[tuple[str, ...]]:
    """The lead conventions a notice states in its clauses (…，下同) for all: ``first_group`` for
    ``第一个逗号前为牵头单位``, ``first_unit`` for ``排在第一位的部门为牵头部门``, ``each_leads`` for
    ``分别负责为各单位按职责分别牵头``; None when it states none.

    >>> lead_convention(["责任单位：市科技局，市经信局；第一个逗号前为牵头单位，下同"])
    ('first_group',)
    """
    found: list[str] = []
    for text in clause_texts:
        reading = read_clause(text)
        values = [reading.convention] if reading.convention else []
        # stated in the middle of a remark the parser skipped, or a second one in the same clause
        values += [value for pattern, value in grammar().conventions if pattern.search(text)]
        for value in values:
            if value not in found:
                found.append(value)
    return tuple(found) or None


def apply_lead_convention(units: list[ClauseUnit], inner: str, convention: Optional[str]) -> list[ClauseUnit]:
    """Roles under a notice's declared convention, for clauses that single out no lead themselves.

    >>> [(u.name, u.role) for u in apply_lead_convention(parse_clause("责任单位：市科技局、市数据局，市委网信办"),
    ...     "责任单位：市科技局、市数据局，市委网信办", "first_group")]
    [('市科技局', 'lead'), ('市数据局', 'lead'), ('市委网信办', 'support')]
    """
    conventions = (convention,) if isinstance(convention, str) else tuple(convention or ())
    if not conventions or not units or any(u.role != "responsible" for u in units):
        return units
    if "each_leads" in conventions and "分别负责" in inner:
        return [ClauseUnit(u.name, "lead", u.start, u.end) for u in units]
    convention = next((c for c in conventions if c != "each_leads"), None)
    if convention is None:
        return units
    if convention == "first_unit":
        return [ClauseUnit(u.name, "lead" if i == 0 else "support", u.start, u.end) for i, u in enumerate(units)]
    cut = _first_top_level_comma(inner, units[0].start)
    # 第一个逗号前为牵头单位: with no comma every unit stands before it, and all of them lead
    return [ClauseUnit(u.name, "lead" if u.start < cut else "support", u.start, u.end) for u in units]


def _first_top_level_comma(inner: str, start: int) -> int:
    pairs = grammar().bracket_pairs
    closers = set(pairs.values())
    depth = 0
    for i in range(start, len(inner)):
        ch = inner[i]
        if ch in pairs:
            depth += 1
        elif ch in closers and depth:
            depth -= 1
        elif ch in "，,；;" and depth == 0:
            return i
    return len(inner)


@dataclass(frozen=True)
class ScopedMatch:
    """A blanket assignment found in a text: the rule sentence, its units, and its scope word.

    start/end: the rule sentence in the text searched; scope: ``document`` or ``section`` as the
    grammar row says; units: their offsets are in the text searched too.
    """

    rule: ScopedRule
    start: int
    end: int

    @property
    def scope(self) -> str:
        return self.rule.scope

    @property
    def units(self) -> tuple[ClauseUnit, ...]:
        return tuple(ClauseUnit(u.name, u.role, self.start + u.start, self.start + u.end) for u in self.rule.units)


@functools.lru_cache(maxsize=4)
def _scoped_literals(scoped: tuple) -> tuple[tuple[str, ...], ...]:
    """For each scoped form of the grammar, the literal words every match of it holds."""
    return tuple(required_literals(pattern) for pattern, _ in scoped)


def find_scoped_rules(text: str, start: int = 0, end: Optional[int] = None) -> list[ScopedMatch]:
    """Blanket assignments in ``text[start:end]``: ``以下均需X落实，不再列出`` and the other scoped
    forms of the grammar, inside a clause or in a section's lead paragraph.

    >>> t = "（省住房城乡建设厅负责，各州、市人民政府落实。以下均需各州、市人民政府落实，不再列出）"
    >>> [(m.scope, [u.name for u in m.units], t[m.start:m.end][:6]) for m in find_scoped_rules(t)]
    [('document', ['各州', '市人民政府'], '以下均需各州')]
    """
    end = len(text) if end is None else end
    found: list[ScopedMatch] = []
    scoped = grammar().scoped
    for (pattern, scope), literals in zip(scoped, _scoped_literals(scoped)):
        if not may_match(literals, text, start, end):
            continue  # the document lacks a word every match holds (不再, 为主要责任单位): no scan
        for m in pattern.finditer(text, start, end):
            verb = m.groupdict().get("verb") or ""
            role = grammar().role_of_verb.get(verb, "responsible")
            reading: ClauseReading = read_clause(m.group("units"), role)
            offset = m.start("units") - m.start()
            units = tuple(ClauseUnit(u.name, u.role, offset + u.start, offset + u.end) for u in reading.units)
            found.append(ScopedMatch(ScopedRule(m.group(0), 0, m.end() - m.start(), scope, units), m.start(), m.end()))
    return sorted(found, key=lambda s: s.start)
