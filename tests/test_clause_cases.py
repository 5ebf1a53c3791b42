"""Clause cases as data (tests/cases/README.md): every form of responsibility clause the parser
reads, one JSON line each; the known failures run as strict xfail, so a fix shows as XPASS and
the case moves to the passing file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyparse.extract.units import apply_lead_convention
from policyparse.segment.clause_parser import ROLES, read_clause
from policyparse.segment.clauses import clause_kind, find_clauses

CASES = Path(__file__).resolve().parent / "cases"
FIELDS = {"label", "source", "comment", "clause", "text", "default_role", "paragraph_ends_at_newline", "expected"}
EXPECTED = {"lead", "support", "responsible", "units", "deadline", "convention", "rules", "raw", "is_clause", "clauses"}


def load(name: str) -> list[dict]:
    rows = [json.loads(line) for line in (CASES / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        assert set(row) <= FIELDS and set(row["expected"]) <= EXPECTED, row["label"]
        assert ("clause" in row) != ("text" in row), row["label"]
    return rows


def _params():
    passing, failing = load("clauses.jsonl"), load("clauses_known_failures.jsonl")
    labels = [r["label"] for r in passing + failing]
    assert len(labels) == len(set(labels)), "labels are unique"
    yield from (pytest.param(r, id=r["label"]) for r in passing)
    yield from (pytest.param(r, id=r["label"], marks=pytest.mark.xfail(strict=True, reason=r["comment"]))
                for r in failing)


def observe(case: dict) -> dict:
    """What the parser makes of a case, in the shape of its ``expected``."""
    default = case.get("default_role", "responsible")
    if "clause" in case:
        inners = [case["clause"]]
        found = None
    else:
        text = case["text"]
        end = text.index("\n") if case.get("paragraph_ends_at_newline") else len(text)
        blocks = find_clauses(text, 0, end)
        found = [text[b.span[0]:b.span[1]] for b in blocks]
        inners = [b.inner for b in blocks]
    readings = [read_clause(inner, default) for inner in inners]
    out: dict = {r: [] for r in ROLES}
    for inner, reading in zip(inners, readings):
        convention = reading.convention
        for unit in apply_lead_convention(list(reading.units), inner, convention):
            out[unit.role].append(unit.name)
    out["units"] = [n for inner, rd in zip(inners, readings) for n in (u.name for u in rd.units)]
    deadlines = [rd.deadline.value for rd in readings if rd.deadline is not None]
    out["deadline"] = deadlines[0] if deadlines else None
    out["convention"] = next((rd.convention for rd in readings if rd.convention), None)
    out["rules"] = [{"scope": rule.scope, **{r: [u.name for u in rule.units if u.role == r] for r in ROLES}}
                    for rd in readings for rule in rd.rules]
    out["raw"] = inners[0][:readings[0].raw_end] if readings else None
    if "clause" in case:
        out["is_clause"] = clause_kind(case["clause"])
    out["clauses"] = found
    return out


@pytest.mark.parametrize("case", list(_params()))
def test_clause_case(case):
    seen = observe(case)
    expected = case["expected"]
    if {"lead", "support", "responsible"} & set(expected):
        expected = {r: [] for r in ROLES} | expected  # a role left out names no unit
    assert {key: seen[key] for key in expected} == expected


def test_case_files_hold_enough_forms():
    """The passing file covers every kind of clause form the issue names; a case file that lost its
    lines would otherwise pass silently."""
    passing = load("clauses.jsonl")
    assert len(passing) >= 100
    kinds = {label.split("-")[0] for label in (r["label"] for r in passing)}
    assert {"form", "split", "kind", "place", "keyed", "verb", "scoped", "layout", "shared", "conjunction",
            "wild"} <= kinds
