"""What a notice states once for many tasks: scoped rules and section deadlines.

Two forms of official writing save repeating a clause or a date in every item:

- a **scoped rule**, ``以下均需各区、县（市）政府落实，不再列出`` (inside a task's clause) or
  ``（以下均需各市州政府负责落实，不再列出）`` in a section's lead paragraph: its units are units of
  every later task in its scope, each through an :class:`~policyparse.schema.Assignment` of its
  own whose ``raw`` and ``span`` are the rule sentence. A rule inside a task governs the rest of the
  document (or of its top-level section where the grammar row says ``section``); a rule in a
  lead paragraph governs the rest of the section that paragraph opens.
- a **section deadline**, printed in a heading (``（一）2019年底前完成的任务``) or in a lead sentence
  that points at the items (``以下工作于2020年底前完成``): the deadline of every item below that
  prints none of its own.

Sections come from the document's outline (markers, levels and spans), so neither needs more
from the structure builder than the outline it already gives.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from ..schema import Assignment, Deadline, Region, Span, Task, Unit
from ..segment.layout import DocumentLayout, OutlineEntry
from .agencies import fold_name, resolve_unit
from .deadlines import BaseDate, find_deadline
from .lexicon import deadline_words
from ..segment.clause_parser import ClauseUnit, ScopedRule, read_clause
from ..segment.clauses import label_clause, label_clause_regex
from .units import ROLES, ScopedMatch, find_scoped_rules

Section = tuple[OutlineEntry, int]  # an outline entry and where its section ends


def sections(doc: DocumentLayout) -> list[Section]:
    """Each outline entry with the end of its section: the next entry of the same or a higher
    level, else the end of the document."""
    entries = sorted(doc.outline, key=lambda o: o.span[0])
    out = []
    for k, entry in enumerate(entries):
        end = next((o.span[0] for o in entries[k + 1:] if o.level <= entry.level), doc.span[1])
        out.append((entry, end))
    return out


def enclosing(secs: list[Section], pos: int) -> list[Section]:
    """The sections holding ``pos``, innermost first."""
    return sorted((s for s in secs if s[0].span[0] <= pos < s[1]), key=lambda s: -s[0].level)


# -- scoped rules -------------------------------------------------------------------------------


def scope_end(doc: DocumentLayout, rule: ScopedMatch, secs: list[Section]) -> int:
    """Where a rule's scope ends: see the module's docstring."""
    in_task = any(b.span[0] <= rule.start < b.span[1] for b in doc.tasks)
    around = enclosing(secs, rule.start)
    if rule.scope == "lead" and in_task:
        return rule.start  # a section's lead form inside an item speaks of that item alone
    if not in_task:
        return around[0][1] if around else doc.span[1]
    if rule.scope == "section" and around:
        return around[-1][1]  # the top-level section
    return doc.span[1]


def apply_scoped_rules(text: str, doc: DocumentLayout, tasks: list[Task], region: Optional[Region],
                       level: Optional[str]) -> None:
    """Give the units of each scoped rule in the document to the later tasks in its scope.

    A unit the task names itself is not repeated; once the task singles out a lead, the rule's
    responsible units support it (GUIDE.md §2: responsible only where no lead is singled out).
    """
    secs = sections(doc)
    rules = sorted([*find_scoped_rules(text, doc.span[0], doc.span[1]), *lead_clauses(text, doc, secs)],
                   key=lambda r: r.start)
    for rule in rules:
        end = scope_end(doc, rule, secs)
        for block, task in zip(doc.tasks, tasks):
            if rule.end <= block.span[0] < end:
                assignment = _rule_assignment(rule, task, region, level)
                if assignment is not None:
                    task.assignments.append(assignment)


# A line of a section's lead that opens with a label of its own (重点工作（6项）：, 关键节点：,
# 工作目标：…) ends the keyed clause before it.
_LABEL_LINE = re.compile(r"\n[ \t\u3000]*[^\n：:。，；]{1,12}[：:]")


def lead_clauses(text: str, doc: DocumentLayout, secs: list[Section]) -> list[ScopedMatch]:
    """Keyed clauses a section prints once in its lead, before its items, for all of them.

    Action plans laid out as fields per section (（五）统筹协调口岸各方… / 工作目标：… /
    责任单位：A、B、… / 重点工作（6项）： / 1.… 2.…) name the units of every item of the section
    in one line; the line stands in no task, so only the section's items take it up. A keyed line
    inside a task (an item's own 责任单位：… line) is that task's clause and is read there. The
    line is read as every unbracketed keyed clause is (:func:`~policyparse.segment.clauses.label_clause`).
    """
    blocks = [b.span for b in doc.tasks]
    found: list[ScopedMatch] = []
    for entry, end in secs:
        lead_end = min([a for a, _ in blocks if entry.span[1] <= a < end]
                       + [o.span[0] for o in doc.outline if entry.span[1] <= o.span[0] < end] + [end])
        for m in label_clause_regex().finditer(text, entry.span[1], lead_end):
            if any(a <= m.start(1) < b for a, b in blocks):
                continue  # a task's own clause
            stop = _LABEL_LINE.search(text, m.start(1), lead_end)
            clause = label_clause(text, m.start(1), stop.start() if stop else lead_end, m.start(1))
            units = tuple(ClauseUnit(u.name, u.role, u.start, u.end)
                          for u in read_clause(clause.inner, "responsible").units) if clause else ()
            if units:
                rule = ScopedRule(clause.inner, 0, len(clause.inner), "section", units)
                found.append(ScopedMatch(rule, clause.span[0], clause.span[1]))
    return found


def _rule_assignment(rule: ScopedMatch, task: Task, region: Optional[Region],
                     level: Optional[str]) -> Optional[Assignment]:
    own = {fold_name(u.name) for a in task.assignments for r in ROLES for u in getattr(a, r)}
    has_lead = any(a.lead for a in task.assignments)
    roles: dict[str, list[Unit]] = {r: [] for r in ROLES}
    for cu in rule.units:
        if fold_name(cu.name) in own:
            continue
        unit = resolve_unit(cu.name, region, level)
        unit.span = Span(start=cu.start, end=cu.end)
        roles["support" if has_lead and cu.role == "responsible" else cu.role].append(unit)
    if not any(roles.values()):
        return None
    return Assignment(text=task.text, raw=rule.rule.text, span=Span(start=rule.start, end=rule.end), **roles)


# -- section deadlines --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)  # asked for every section of every notice; the lexicon is fixed
def _governing_words() -> "re.Pattern[str]":
    words = sorted((w.word for w in deadline_words() if w.kind == "governing"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) or r"(?!)")


_BARE_YEAR = re.compile(r"\d{4}\s*年度?")


def section_deadline(heading: str, lead: str = "", base_date: BaseDate = None) -> Optional[tuple[Deadline, int, int, str]]:
    """The deadline a section states for its items, and where: ``(deadline, start, end, "heading")``
    with offsets in ``heading``, or ``(…, "lead")`` with offsets in ``lead``; None when it states none.

    heading (str): the section's heading title; a dated deadline in it governs the items.
    lead (str): the section's lead paragraph, before its first item; a sentence of it governs the
        items only when it points at them (以下, 下列, 各项: words of ``deadline_words.tsv``,
        kind governing), so a goal (到2020年，…达到…) is no deadline of the items.

    >>> section_deadline("（一）2019年底前完成的任务")[0].end
    '2019-12-31'
    >>> section_deadline("主要任务", "到2025年，建成一批示范社区。重点做好以下工作：") is None
    True
    >>> section_deadline("主要任务", "以下工作于2020年6月底前完成。")[0].end
    '2020-06-30'
    >>> section_deadline("路况抽检", " 2016年10月30日前完成。")[0].end
    '2016-10-30'
    """
    # a heading's date needs no 前/底 to be a time limit: 第一时段（2月至4月）, 检查验收（2020年3月）;
    # a bare year opening a part (二、2008年主要工作安排) is the year the plan covers, and its
    # items each keep their own dates (round 5 development half x13)
    hit = find_deadline(heading, base_date, bare=True)
    if hit is not None and hit.deadline.end and not _BARE_YEAR.fullmatch(hit.deadline.raw):
        return hit.deadline, hit.start, hit.end, "heading"
    governing = _governing_words()
    offset = 0
    for sentence in re.split(r"(?<=[。；;：:])", lead):
        hit = find_deadline(sentence, base_date)
        if hit is not None and hit.deadline.end and not _BARE_YEAR.fullmatch(hit.deadline.raw) \
                and (governing.search(sentence) or _date_alone(sentence, hit)):
            # (2008年是全面落实…各项任务的第一年: a year named as the subject is no time limit)
            return hit.deadline, offset + hit.start, offset + hit.end, "lead"
        offset += len(sentence)
    return None


def _date_alone(sentence: str, hit) -> bool:
    """``2016年10月30日前完成。`` under ``（一）路况抽检``: a lead sentence that says nothing but
    the time limit and a completion verb (``deadline_words.tsv`` kind completion) sets the
    section's time limit, though it points at no item."""
    rest = re.sub(r"[\s。；;：:，,]|^于|^在", "", sentence[:hit.start]) + re.sub(r"[\s。；;：:，,]", "", sentence[hit.end:])
    return rest in _completion_words()


@functools.lru_cache(maxsize=1)  # asked for every dated lead sentence; the lexicon is fixed
def _completion_words() -> frozenset[str]:
    return frozenset(w.word for w in deadline_words() if w.kind == "completion")


def governing_deadlines(text: str, doc: DocumentLayout, base_date: BaseDate = None) -> dict[int, Deadline]:
    """The section deadline governing each task (by its index in ``doc.tasks``), innermost first."""
    secs = sections(doc)
    starts = sorted(b.span[0] for b in doc.tasks)
    stated: dict[int, Deadline] = {}
    for k, (entry, end) in enumerate(secs):
        first_item = next((s for s in starts if entry.span[1] <= s < end), end)
        lead_start = entry.span[1]
        lead_end = min([first_item] + [o.span[0] for o, _ in secs[k + 1:] if o.span[0] >= lead_start])
        title_at = max(text.find(entry.title, entry.span[0], entry.span[1]), entry.span[0])
        found = section_deadline(entry.title, text[lead_start:max(lead_start, lead_end)], base_date)
        if found is not None:
            deadline, s, e, where = found
            base = title_at if where == "heading" else lead_start
            deadline.span = Span(start=base + s, end=base + e)
            stated[id(entry)] = deadline
    out: dict[int, Deadline] = {}
    for index, block in enumerate(doc.tasks):
        for entry, _ in enclosing(secs, block.span[0]):
            if id(entry) in stated:
                out[index] = stated[id(entry)].model_copy(deep=True)
                break
    return out
