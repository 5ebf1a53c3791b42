"""Stage 4, extract: interpret a :class:`Layout` into schema :class:`Document` objects.

The segment stage says where things are (header lines, tasks, clause brackets, table cells);
this stage says what they mean: which units in which role and which agency, the deadline, the
targets, the sectors, and the issuing government's region and level. Each part is a module that
works on plain strings, so the comparison stage and the tests can use it alone:

- :mod:`.units` — ``parse_clause(inner)``: clause grammar, units with roles and offsets;
- :mod:`.scope` — what a notice states once for many tasks: scoped rules, section deadlines;
- :mod:`.agencies` — ``resolve_unit(name, region, level)``: canonical agency and level;
- :mod:`.deadlines` — ``parse_deadline(text, base_date)``, ``find_deadline(text, base_date)``;
- :mod:`.targets` — ``find_targets(text, deadline)``;
- :mod:`.domains` — ``assign_domains(text, heading)``;
- :mod:`.region` — ``resolve_region(issuers, title, doc_number, text)``;
- :mod:`.implicit` — ``find_implicit_units(text, heading)``.

All spans are normalized offsets (``Span(start, end)``); the pipeline adds raw offsets once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Optional

from ..schema import (Assignment, Cite, Deadline, Document, OutlineItem, Principle, Region, Span, Task, Unit)
from ..segment.layout import ClauseBlock, DocumentLayout, Layout, TaskBlock
from .agencies import resolve_unit
from .deadlines import bracketed_limits, find_deadline, governing, parse_deadline
from .domains import assign_document_sector, assign_domains, document_subject
from .implicit import find_implicit_units
from .region import resolve_region
from .targets import find_targets
from .scope import apply_scoped_rules, governing_deadlines
from .units import ROLES, apply_lead_convention, lead_convention, read_clause

__all__ = ["extract", "extract_document"]


def extract(layout: Layout, warnings: Optional[list[str]] = None) -> list[Document]:
    """Documents with header fields, region, outline, principles and interpreted tasks.

    layout (Layout): the segment stage's output.
    warnings (list[str]): where to append what was dropped (units past a clause's limit); the
        pipeline passes the list that becomes ``ParseResult.warnings``.
    RETURNS (list[Document]): one per notice, spans in normalized offsets.
    """
    out: list[Document] = []
    for doc in layout.documents:
        parent = out[doc.parent] if doc.parent is not None and doc.parent < len(out) else None
        # a plan printed after other documents of the file with no date of its own (上海 转发A和印发B:
        # B) dates its 3月底前 by the last date the file printed before it
        earlier = next((d.issue_date for d in reversed(out) if d.issue_date), None)
        out.append(extract_document(layout.text.text, doc, warnings, parent, earlier))
    return out


def extract_document(text: str, doc: DocumentLayout, warnings: Optional[list[str]] = None,
                     parent: Optional[Document] = None, earlier_date: Optional[str] = None) -> Document:
    """One :class:`Document` from its layout and the normalized text it indexes.

    Besides each task's own clauses, two things a notice states once govern many tasks: a scoped
    rule (``以下均需各市州政府负责落实，不再列出``) gives its units to every later task in its scope,
    and a deadline printed in a section heading (``（一）2019年底前完成的任务``) or in a section's
    lead sentence (``以下工作于2020年底前完成``) is the deadline of its items that print none.

    parent: the notice that issues this document (关于印发A和B的通知 -> A), whose government it
        belongs to when it prints no issuer of its own.
    earlier_date: the last date an earlier document of the file printed, the year of last resort
        for dates printed without one (3月底前).
    """
    header = doc.header
    body = text[doc.span[0]:doc.span[1]]
    if parent is not None and not header.issuers:
        region, level = parent.region.model_copy(), parent.level
    else:
        resolved = resolve_region(header.issuers, header.title, header.doc_number, body)
        region, level = resolved.region, resolved.level
    # an issued plan dates its 3月底前 by the notice that issues it
    base_date = (header.issue_date or (parent.issue_date if parent is not None else None) or _latest_date(body)
                 or earlier_date)
    out = Document(
        title=header.title,
        doc_type=header.doc_type,
        doc_number=header.doc_number,
        issuers=list(header.issuers),
        issue_date=header.issue_date,
        effective_date=header.effective_date,
        region=region,
        level=level,
        recipients=list(header.recipients),
        cites=[Cite(title=c.title, doc_number=c.doc_number, span=_span(c.span), title_span=_span(c.title_span))
               for c in header.cites],
        principles=[Principle(title=p.title, text=p.text, span=_span(p.span)) for p in doc.principles],
        outline=[OutlineItem(marker=o.marker, level=o.level, title=o.title, kind=o.kind, span=_span(o.span),
                             title_span=_span(o.title_span))
                 for o in doc.outline],
        span=_span(doc.span),
    )
    convention = lead_convention([c.inner for block in doc.tasks for c in block.clauses])
    # a gov.cn page prints its 主题分类 in the metadata table above the title, before the span
    subject = document_subject(text[:doc.span[1]])
    governing = governing_deadlines(text, doc, base_date)
    out.tasks = [extract_task(text, block, region, level, base_date, convention, subject, warnings, governing.get(k))
                 for k, block in enumerate(doc.tasks)]
    apply_scoped_rules(text, doc, out.tasks, region, level)
    # an issued plan printing no issuer of its own is issued by the notice's body
    issuers = list(header.issuers) or (list(parent.issuers) if parent is not None else [])
    assign_document_sector(out.tasks, header.title, subject, issuers)
    return out


def _within_section(own: Optional[Deadline], governing: Optional[Deadline]) -> Optional[Deadline]:
    """The task's deadline, else its section's; a task that only says when it starts ends when its
    section does ((六)检查验收（2020年3月底前） / 2020年2月开始，市、县政府应组织…抽查)."""
    if own is None or governing is None:
        return own or governing
    if own.start and not own.end and not own.ongoing and governing.end and governing.end >= own.start:
        return governing.model_copy(update={"start": own.start})
    return own


def extract_task(text: str, block: TaskBlock, region: Optional[Region] = None, level: Optional[str] = None,
                 base_date: Optional[str] = None, convention: Optional[str] = None,
                 subject: Optional[tuple[str, Optional[str]]] = None, warnings: Optional[list[str]] = None,
                 governing: Optional[Deadline] = None) -> Task:
    """One :class:`Task`: its text without clauses, assignments, implicit units, deadline,
    targets and domains.

    subject: the page's 主题分类, see :func:`.domains.document_subject`.
    governing (Deadline): the deadline of the section holding the task, used when the task prints
        none of its own.
    """
    start, end = block.text_span
    task_text, offsets = _without_clauses(text, start, end, block.clauses)
    assignments = [_assignment(text, clause, region, level, convention, warnings) for clause in block.clauses]

    implicit: list[Unit] = []
    if not block.clauses:
        for name in find_implicit_units(task_text, block.heading):
            unit = resolve_unit(name, region, level)
            # the name as printed may hold a scraper's spaces (各 市（地）煤矿安全监管部门)
            found = _find_printed(name, task_text)
            if found:
                unit.span = Span(start=offsets[found[0]], end=offsets[found[1] - 1] + 1)
            implicit.append(unit)

    deadline = _within_section(_task_deadline(block, task_text, offsets, base_date), governing)
    targets = find_targets(task_text, deadline, base_date)
    for target in targets:
        if target.span is not None:
            s, e = target.span.start, target.span.end
            target.span = Span(start=offsets[s], end=offsets[e - 1] + 1)
    tags = assign_domains(task_text, block.heading, subject)
    return Task(
        id=block.id,
        heading=block.heading,
        text=task_text,
        span=_span(block.span),
        text_spans=_runs(offsets[:-1]),
        section_kind=block.section_kind,
        assignments=assignments,
        implicit_units=implicit,
        deadline=deadline,
        targets=targets,
        domains=[t.code for t in tags],
        domain_evidence=tags,
    )


def _find_printed(name: str, text: str) -> Optional[tuple[int, int]]:
    """Where ``name`` is first printed in ``text``, whitespace allowed between its characters.

    A pattern per name cost a twentieth of the extract stage (so many distinct names over a batch
    that re's own cache kept recompiling them), and most texts print the name as it is: when no
    whitespace stands before the end of its first exact occurrence, no spaced one can start
    earlier, so that occurrence is the pattern's match too.
    """
    at = text.find(name)
    if at >= 0 and not _SPACE.search(text, 0, at + len(name)):
        return at, at + len(name)
    if name and not _SPACE.search(name):
        # the pattern's match without compiling one per name (so many distinct names that
        # compiling them cost a twentieth of the stage): the name in the text with its whitespace
        # taken out, whose first and last characters point back to the printed span
        kept = [k for k, ch in enumerate(text) if not ch.isspace()]
        at = "".join(text[k] for k in kept).find(name)
        return (kept[at], kept[at + len(name) - 1] + 1) if at >= 0 else None
    m = _spaced_name(name).search(text)
    return m.span() if m else None


_SPACE = re.compile(r"\s")


@functools.lru_cache(maxsize=4096)
def _spaced_name(name: str) -> "re.Pattern[str]":
    return re.compile(r"\s*".join(map(re.escape, name)))


def _task_deadline(block: TaskBlock, task_text: str, offsets: list[int], base_date: Optional[str]) -> Optional[Deadline]:
    """A task's own deadline: its table cell, else the time limit of its clause (完成时限：…, or a
    time printed without a key: ``；2019年6月底前完成``), else a bracketed time limit closing one of
    its sentences (``（2016年完成）``), else one in its text."""
    if block.deadline_text is not None:
        cell, (cs, ce) = block.deadline_text
        deadline = parse_deadline(cell, base_date)
        if deadline is not None:
            deadline.span = Span(start=cs, end=ce)
            return deadline
    in_clauses = [d for clause in block.clauses if not clause.columns for d in _clause_deadlines(clause, base_date)]
    if in_clauses:
        # several steps: the task is done when its last one is (corpus/heldout README, call 8)
        return max(in_clauses, key=lambda d: (d.end or d.start or "", bool(d.end)))
    hit = governing(bracketed_limits(task_text, base_date)) or find_deadline(task_text, base_date)
    if hit is None:
        return None
    deadline = hit.deadline
    deadline.span = Span(start=offsets[hit.start], end=offsets[hit.end - 1] + 1)
    return deadline


def _clause_deadlines(clause: ClauseBlock, base_date: Optional[str]) -> list[Deadline]:
    out = []
    base = clause.inner_span[0]
    for f in read_clause(clause.inner).fields:
        if f.kind != "time":
            continue
        if f.key:  # 完成时限：2021年7月 — the whole value is the deadline expression
            # one the deadline grammar cannot date (5年内, 按国家部署) keeps its raw text (GUIDE.md)
            deadline = parse_deadline(f.value, base_date) or (Deadline(raw=f.value) if f.value else None)
            span = (f.start, f.end)
        else:  # ；2019年6月底前完成…，2020年6月底前实现… — the dates inside a sentence
            hit = find_deadline(clause.inner[f.start:f.end], base_date)
            deadline = hit.deadline if hit else None
            span = (f.start + hit.start, f.start + hit.end) if hit else (f.start, f.end)
        if deadline is not None:
            deadline.span = Span(start=base + span[0], end=base + span[1])
            out.append(deadline)
    return out


def _assignment(text: str, clause: ClauseBlock, region: Optional[Region], level: Optional[str],
                convention: Optional[str] = None, warnings: Optional[list[str]] = None) -> Assignment:
    roles: dict[str, list[Unit]] = {r: [] for r in ROLES}
    if clause.columns:
        for column_role, (cell, (cs, _)) in clause.columns.items():
            default = column_role if column_role in ROLES else "responsible"
            reading = read_clause(cell, default)
            _warn_dropped(reading, (cs, cs + len(cell)), warnings)
            for cu in reading.units:
                unit = resolve_unit(cu.name, region, level)
                unit.span = Span(start=cs + cu.start, end=cs + cu.end)
                roles[cu.role].append(unit)
        if any(roles["lead"]) and roles["responsible"]:
            roles["support"].extend(roles["responsible"])  # a lead singled out: the rest support it
            roles["responsible"] = []
        raw = clause.inner
    else:
        base = clause.inner_span[0]
        reading = read_clause(clause.inner)
        _warn_dropped(reading, clause.span, warnings)
        # a notice may declare once that the first group of each clause leads (…为牵头单位，下同)
        for cu in apply_lead_convention(list(reading.units), clause.inner, convention):
            unit = resolve_unit(cu.name, region, level)
            unit.span = Span(start=base + cu.start, end=base + cu.end)
            roles[cu.role].append(unit)
        # remarks and trailing fields (…，以下均需…不再列出; ；完成时限：…) are no part of the list
        raw = clause.inner[:reading.raw_end].rstrip("，,；;。. \u3000") or clause.inner
    cs, ce = clause.covers
    covered, _ = _without_clauses(text, cs, ce, [clause])
    return Assignment(text=covered, raw=raw, span=_span(clause.span),
                      raw_span=_span((clause.inner_span[0], clause.inner_span[0] + len(raw))), **roles)


def _warn_dropped(reading, span: tuple[int, int], warnings: Optional[list[str]]) -> None:
    if reading.dropped and warnings is not None:
        warnings.append(f"clause at {span[0]}-{span[1]} names {len(reading.units) + reading.dropped} units; "
                        f"kept the first {len(reading.units)}, dropped {reading.dropped}")


def _without_clauses(text: str, start: int, end: int, clauses: list[ClauseBlock]) -> tuple[str, list[int]]:
    """The text of ``[start, end)`` with clause spans cut out, and each kept char's offset.

    Whitespace at both ends is dropped; the offsets let a match in the cut text point back to
    the normalized text.
    """
    # the kept stretches between clauses, copied as slices
    pieces: list[tuple[int, int]] = []
    i = start
    for cs, ce in sorted(c.span for c in clauses):
        if ce <= start or cs >= end:
            continue
        if min(cs, end) > i:
            pieces.append((i, min(cs, end)))
        i = max(i, ce)
    if end > i:
        pieces.append((i, end))
    kept_text = "".join(text[a:b] for a, b in pieces)
    offsets = [k for a, b in pieces for k in range(a, b)]
    lo, hi = 0, len(kept_text)
    while lo < hi and kept_text[lo].isspace():
        lo += 1
    while hi > lo and kept_text[hi - 1].isspace():
        hi -= 1
    kept = offsets[lo:hi]
    kept.append(kept[-1] + 1 if kept else start)
    return kept_text[lo:hi], kept


def _runs(offsets: list[int]) -> list[Span]:
    """Spans of the maximal runs of consecutive offsets: the pieces of the normalized text a text
    with its clauses cut out is made of.

    >>> [(s.start, s.end) for s in _runs([3, 4, 5, 9, 10])]
    [(3, 6), (9, 11)]
    """
    runs: list[list[int]] = []  # plain pairs first: a model's attribute set is 100 times slower
    for k in offsets:
        if runs and runs[-1][1] == k:
            runs[-1][1] = k + 1
        else:
            runs.append([k, k + 1])
    return [Span(start=a, end=b) for a, b in runs]


def _span(offsets: Optional[tuple[int, int]]) -> Optional[Span]:
    if offsets is None:
        return None
    return Span(start=offsets[0], end=offsets[1])


def _latest_date(body: str) -> Optional[str]:
    """The document's own date when the header has none: the last full date printed near its end
    (GB/T 9704 puts the 成文日期 under the signature)."""
    found = re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", body[-400:])
    if not found:
        return None
    y, m, d = found[-1]
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None
