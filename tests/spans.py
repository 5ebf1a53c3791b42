"""Span round trips: the text a model object reports is the slice of the normalized text its span
names. Shared by the fuzz test (``test_fuzz.py``) and ``scripts/fuzz.py``.

Issue 16 found units, deadlines, targets and principles round-trip exactly, while a task's text
has its responsibility clause cut from the middle (#11). :data:`HOLDING` are the kinds asserted
today, :data:`PENDING` the one the structure rewrite makes hold (a strict xfail until then).
Outline items, cites and clauses are reported as well: their spans cover the marker or the
brackets around the title they report (``一、`` + title, ``《…》（…号）``, ``（责任单位：…）``).
"""

from __future__ import annotations

from typing import Iterator

HOLDING = ("unit", "deadline", "target", "principle")
PENDING = ("task",)


def spans(result) -> Iterator[tuple[str, object, str]]:
    """``(kind, span, reported text)`` for every object of a ParseResult that has a span."""
    for document in result.documents:
        for principle in document.principles:
            yield "principle", principle.span, principle.text
        for item in document.outline:
            yield "outline", item.span, item.title
        for cite in document.cites:
            yield "cite", cite.span, cite.title
        for task in document.tasks:
            yield "task", task.span, task.text
            units = list(task.implicit_units)
            for assignment in task.assignments:
                yield "assignment", assignment.span, assignment.raw
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
        if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != reported:
            bad.append(f"{kind} {span.start}-{span.end}: {text[span.start:span.end]!r} != {reported!r}")
    return bad
