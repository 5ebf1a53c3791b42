"""Span round trips: the text a model object reports is the slice of the normalized text its span
names. Shared by the fuzz test (``test_fuzz.py``) and ``scripts/fuzz.py``.

Issue 16 found units, deadlines, targets and principles round-trip exactly, while a task's text
has its responsibility clause cut from the middle (#11). A task now states its text as the list of
pieces it is made of (``text_spans``: the item after its marker, clauses cut out); an outline
item, a cite and a clause state where their title or words are printed (``title_span``,
``raw_span``) beside the span of the whole (marker, 《》 and number, brackets). :data:`HOLDING`
are the kinds asserted; :data:`PENDING` lists any not yet holding (a strict xfail). A unit's name
and a cite's title are printed with layout damage repaired, so they match their slice up to
whitespace.
"""

from __future__ import annotations

from typing import Iterator

HOLDING = ("unit", "deadline", "target", "principle", "task", "outline", "cite", "assignment")
PENDING = ()


def spans(result) -> Iterator[tuple[str, object, str]]:
    """``(kind, span, reported text)`` for every object of a ParseResult that has a span."""
    for document in result.documents:
        for principle in document.principles:
            yield "principle", principle.span, principle.text
        for item in document.outline:
            yield "outline", item.title_span, item.title
        for cite in document.cites:
            yield "cite", cite.title_span, cite.title
        for task in document.tasks:
            yield "task", task.text_spans, task.text
            units = list(task.implicit_units)
            for assignment in task.assignments:
                yield "assignment", assignment.raw_span, assignment.raw
                units += assignment.lead + assignment.support + assignment.responsible
            for unit in units:
                yield "unit", unit.span, unit.name
            if task.deadline is not None:
                yield "deadline", task.deadline.span, task.deadline.raw
            for target in task.targets:
                yield "target", target.span, target.raw


def mismatches(result, kinds=HOLDING) -> list[str]:
    """Every span of ``kinds`` whose slice of the normalized text is not the text it reports."""
    text = result.normalized_text
    bad = []
    for kind, span, reported in spans(result):
        if kind not in kinds or span is None:
            continue
        pieces = span if isinstance(span, list) else [span]
        if not all(0 <= s.start <= s.end <= len(text) for s in pieces):
            bad.append(f"{kind}: span outside the text")
            continue
        printed = "".join(text[s.start:s.end] for s in pieces)
        if kind in ("unit", "cite"):
            # a unit's name and a cite's title are printed with the layout damage inside them
            # repaired (市检察\n院 -> 市检察院, 《城市管理\n执法行为规范》): equal but for whitespace
            printed, reported = "".join(printed.split()), "".join(reported.split())
        if printed != reported:
            where = ",".join(f"{s.start}-{s.end}" for s in pieces)
            bad.append(f"{kind} {where}: {printed!r} != {reported!r}")
    return bad
