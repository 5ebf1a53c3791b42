"""Stage 4, extract: interpret a :class:`Layout` into schema :class:`Document` objects.

The segment stage says where things are (header lines, tasks, clause brackets, table cells);
this stage says what they mean: which units in which role and which agency, the deadline, the
targets, the sectors, and the issuing government's region and level. Each part is a module that
works on plain strings, so the comparison stage and the tests can use it alone:

- :mod:`.units` — ``parse_clause(inner)``: clause grammar, units with roles and offsets;
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
import re
from typing import Optional

from ..schema import (Assignment, Cite, Document, OutlineItem, Principle, Region, Span, Task, Unit)
from ..segment.layout import ClauseBlock, DocumentLayout, Layout, TaskBlock
from .agencies import resolve_unit
from .deadlines import find_deadline, parse_deadline
from .domains import assign_document_sector, assign_domains, document_subject
from .implicit import find_implicit_units
from .region import resolve_region
from .targets import find_targets
from .units import ROLES, apply_lead_convention, lead_convention, parse_clause

__all__ = ["extract", "extract_document"]


def extract(layout: Layout) -> list[Document]:
    """Documents with header fields, region, outline, principles and interpreted tasks.

    layout (Layout): the segment stage's output.
    RETURNS (list[Document]): one per notice, spans in normalized offsets.
    """
    out: list[Document] = []
    for doc in layout.documents:
        parent = out[doc.parent] if doc.parent is not None and doc.parent < len(out) else None
        out.append(extract_document(layout.text.text, doc, parent))
    return out


def extract_document(text: str, doc: DocumentLayout, parent: Optional[Document] = None) -> Document:
    """One :class:`Document` from its layout and the normalized text it indexes.

    parent: the notice that issues this document (关于印发A和B的通知 -> A), whose government it
        belongs to when it prints no issuer of its own.
    """
    header = doc.header
    body = text[doc.span[0]:doc.span[1]]
    if parent is not None and not header.issuers:
        region, level = parent.region.model_copy(), parent.level
    else:
        resolved = resolve_region(header.issuers, header.title, header.doc_number, body)
        region, level = resolved.region, resolved.level
    base_date = header.issue_date or _latest_date(body)
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
        cites=[Cite(title=c.title, doc_number=c.doc_number, span=_span(c.span)) for c in header.cites],
        principles=[Principle(title=p.title, text=p.text, span=_span(p.span)) for p in doc.principles],
        outline=[OutlineItem(marker=o.marker, level=o.level, title=o.title, kind=o.kind, span=_span(o.span))
                 for o in doc.outline],
        span=_span(doc.span),
    )
    convention = lead_convention([c.inner for block in doc.tasks for c in block.clauses])
    # a gov.cn page prints its 主题分类 in the metadata table above the title, before the span
    subject = document_subject(text[:doc.span[1]])
    out.tasks = [extract_task(text, block, region, level, base_date, convention, subject) for block in doc.tasks]
    assign_document_sector(out.tasks, header.title, subject)
    return out


def extract_task(text: str, block: TaskBlock, region: Optional[Region] = None, level: Optional[str] = None,
                 base_date: Optional[str] = None, convention: Optional[str] = None,
                 subject: Optional[tuple[str, Optional[str]]] = None) -> Task:
    """One :class:`Task`: its text without clauses, assignments, implicit units, deadline,
    targets and domains (``subject``: the page's 主题分类, see :func:`.domains.document_subject`)."""
    start, end = block.text_span
    task_text, offsets = _without_clauses(text, start, end, block.clauses)
    assignments = [_assignment(text, clause, region, level, convention) for clause in block.clauses]

    implicit: list[Unit] = []
    if not block.clauses:
        for name in find_implicit_units(task_text, block.heading):
            unit = resolve_unit(name, region, level)
            pos = task_text.find(name)
            if pos >= 0:
                unit.span = Span(start=offsets[pos], end=offsets[pos + len(name) - 1] + 1)
            implicit.append(unit)

    deadline = None
    if block.deadline_text is not None:
        cell, (cs, ce) = block.deadline_text
        deadline = parse_deadline(cell, base_date)
        if deadline is not None:
            deadline.span = Span(start=cs, end=ce)
    if deadline is None:
        hit = find_deadline(task_text, base_date)
        if hit is not None:
            deadline = hit.deadline
            deadline.span = Span(start=offsets[hit.start], end=offsets[hit.end - 1] + 1)

    if deadline is None:
        # 责任单位：市发改委；完成时限：2018年底前 — the time limit printed inside the clause
        for clause in block.clauses:
            hit = find_deadline(clause.inner, base_date)
            if hit is not None and (hit.deadline.end or hit.deadline.start):
                deadline = hit.deadline
                base = clause.inner_span[0]
                deadline.span = Span(start=base + hit.start, end=base + hit.end)
                break

    if deadline is None:
        # a deadline printed in a heading above the task or in its section's lead sentence
        for cs, ce in block.context_spans:
            hit = find_deadline(text[cs:ce], base_date)
            if hit is not None and (hit.deadline.end or hit.deadline.start or hit.deadline.ongoing):
                deadline = hit.deadline
                deadline.span = Span(start=cs + hit.start, end=cs + hit.end)
                break

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
        section_kind=block.section_kind,
        assignments=assignments,
        implicit_units=implicit,
        deadline=deadline,
        targets=targets,
        domains=[t.code for t in tags],
        domain_evidence=tags,
    )


def _assignment(text: str, clause: ClauseBlock, region: Optional[Region], level: Optional[str],
                convention: Optional[str] = None) -> Assignment:
    roles: dict[str, list[Unit]] = {r: [] for r in ROLES}
    if clause.columns:
        for column_role, (cell, (cs, _)) in clause.columns.items():
            default = column_role if column_role in ROLES else "responsible"
            for cu in parse_clause(cell, default_role=default):
                unit = resolve_unit(cu.name, region, level)
                unit.span = Span(start=cs + cu.start, end=cs + cu.end)
                roles[cu.role].append(unit)
        if any(roles["lead"]) and roles["responsible"]:
            roles["support"].extend(roles["responsible"])  # a lead singled out: the rest support it
            roles["responsible"] = []
    else:
        base = clause.inner_span[0]
        # a notice may declare once that the first group of each clause leads (…为牵头单位，下同)
        for cu in apply_lead_convention(parse_clause(clause.inner), clause.inner, convention):
            unit = resolve_unit(cu.name, region, level)
            unit.span = Span(start=base + cu.start, end=base + cu.end)
            roles[cu.role].append(unit)
    cs, ce = clause.covers
    covered, _ = _without_clauses(text, cs, ce, [clause])
    return Assignment(text=covered, raw=clause.inner, span=_span(clause.span), **roles)


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
