"""scripts/evaluate.py end to end on the corpus: the figures must not fall below these floors.

The floors are what the parser reaches now, rounded down a hair; raise them when it improves.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FLOORS = {
    "documents_found": 10,
    "task_f1": 0.995,
    "unit_f1": 0.995,
    "lead_f1": 0.995,
    "support_f1": 0.995,
    "responsible_f1": 0.995,
    "implicit_f1": 0.90,
    "deadline_acc": 0.99,
    # 0.921 with each plan aligned on its own (issue 14); 0.957 while plans lent each other
    # their wording, which made one plan's alignment depend on the others in the run.
    "reference_acc": 0.915,
    "domain_f1": 0.86,
    "target_f1": 0.99,
    "doc_field_acc": 0.99,
    "outline_f1": 0.99,
    "principle_f1": 0.99,
}
# Notices annotated blind after the rules were written (corpus/heldout): how far they generalize.
HELDOUT_FLOORS = {
    "documents_found": 11,
    "task_f1": 0.985,
    "unit_f1": 0.995,
    "lead_f1": 0.995,
    "support_f1": 0.995,
    "responsible_f1": 0.995,
    "implicit_f1": 0.95,
    "deadline_acc": 0.99,
    "domain_f1": 0.80,
    "target_f1": 0.66,  # Dice pairing of the target text
    "doc_field_acc": 0.99,
    "outline_f1": 0.98,
}
# Blind round 3 (corpus/blind3, 23 scraped notices of every format): a development set since its
# sealed half was scored once; its README gives the first and the untuned figures.
BLIND3_FLOORS = {
    "documents_found": 30,
    "task_f1": 0.95,
    "unit_f1": 0.91,
    "lead_f1": 0.98,
    "support_f1": 0.98,
    "responsible_f1": 0.86,
    "implicit_f1": 0.75,
    "deadline_acc": 0.66,
    "domain_f1": 0.72,
    "target_f1": 0.77,
    "doc_field_acc": 0.81,
    "outline_f1": 0.80,
}
# Blind round 4 (corpus/blind4, 20 wild notices): a development set since its sealed half was
# scored once; corpus/blind4/FIRST_SCORE.md and SEALED_SCORE.md give the untuned figures.
BLIND4_FLOORS = {
    "documents_found": 20,
    "task_f1": 0.96,
    "unit_f1": 0.99,
    "implicit_f1": 0.70,
    "deadline_acc": 0.77,
    "domain_f1": 0.78,
    "target_f1": 0.72,
    "doc_field_acc": 0.89,
    "outline_f1": 0.90,
}
# Blind round 5 (corpus/blind5, 20 wild notices): a development set since its sealed half was
# scored once; corpus/blind5/FIRST_SCORE.md and SEALED_SCORE.md give the untuned figures.
BLIND5_FLOORS = {
    "documents_found": 20,
    "task_f1": 0.93,
    "unit_f1": 0.95,
    "implicit_f1": 0.55,
    "deadline_acc": 0.77,
    "domain_f1": 0.76,
    "target_f1": 0.65,
    "doc_field_acc": 0.89,
    "outline_f1": 0.94,
}
# Blind round 6 (corpus/blind6, 10 wild notices): scored once, untuned, at the end of the session
# that built round 5 (corpus/blind6/README.md gives that score); a development set since, floors
# just under its development figures.
BLIND6_FLOORS = {
    "documents_found": 12,
    "task_f1": 0.86,
    "unit_f1": 0.98,
    "implicit_f1": 0.57,
    "deadline_acc": 0.69,
    "domain_f1": 0.64,
    "target_f1": 0.66,
    "doc_field_acc": 0.86,
    "outline_f1": 0.83,
}
# Blind round 7 (corpus/blind7, 10 wild notices): scored once before any tuning on it
# (corpus/blind7/README.md), tuned on since; floors just under its development figures.
BLIND7_FLOORS = {
    "documents_found": 10,
    "task_f1": 0.89,
    "unit_f1": 0.95,
    "implicit_f1": 0.58,
    "deadline_acc": 0.72,
    "domain_f1": 0.62,
    "target_f1": 0.58,
    "doc_field_acc": 0.91,
    "outline_f1": 0.78,
}
# Blind round 8 (corpus/blind8): sealed, scored once at the end of the session that built round 7
# (corpus/blind8/README.md gives that score), tuned on since; floors just under its development
# figures.
BLIND8_FLOORS = {
    "documents_found": 12,
    "task_f1": 0.81,
    "unit_f1": 0.96,
    "implicit_f1": 0.25,
    "deadline_acc": 0.64,
    "domain_f1": 0.59,
    "target_f1": 0.41,
    "doc_field_acc": 0.77,
    "outline_f1": 0.86,
}
# Blind round 9 (corpus/blind9): sealed, scored once at the end of the session that built rounds 7
# and 8 (corpus/blind9/README.md gives that score); read per file and tuned on since the fifth
# session, so these floors sit just under its development figures.
BLIND9_FLOORS = {
    "documents_found": 11,
    "task_f1": 0.94,
    "unit_f1": 0.99,
    "implicit_f1": 0.54,
    "deadline_acc": 0.68,
    "domain_f1": 0.74,
    "target_f1": 0.18,
    "doc_field_acc": 0.94,
    "outline_f1": 0.94,
}
# Blind round 10 (corpus/blind10): sealed, scored once at the end of the fifth session (its README
# gives that score and the session-start parser's); development data from the sixth session on, read
# per file, so the floors stand just under the development figures. Targets hold 0.76, not the 0.78
# of the single score: the 第五章 其他事项 articles now read find 每3年开展1次, a frequency that rounds
# 4-7 annotate as a target (每年开展一次岗位练兵) and round 10's annotator did not.
BLIND10_FLOORS = {
    "documents_found": 10,
    "task_f1": 0.85,
    "unit_f1": 0.99,
    "implicit_f1": 0.61,
    "deadline_acc": 0.59,
    "domain_f1": 0.88,
    "target_f1": 0.76,
    "doc_field_acc": 0.87,
    "outline_f1": 0.86,
}
# Blind round 11 (corpus/blind11): sealed, scored once at the end of the sixth session (its README gives
# that score and the session-start parser's); floors just under that single score.
BLIND11_FLOORS = {
    "documents_found": 10,
    "task_f1": 0.87,
    "unit_f1": 0.99,
    "implicit_f1": 0.60,
    "deadline_acc": 0.66,
    "domain_f1": 0.50,
    "target_f1": 0.57,
    "doc_field_acc": 0.91,
    "outline_f1": 0.93,
}
CER_CEILING = 0.001  # GUIDE/issue 3: at most 0.1% on Han characters, digits and letters


@pytest.fixture(scope="module")
def figures() -> dict:
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "evaluate.py"), "--json"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(out)


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_overall_figure_holds_its_floor(figures, figure):
    assert figures["overall"][figure] >= FLOORS[figure]


# each set annotated blind, with the floors its figures must hold
SET_FLOORS = {"heldout": HELDOUT_FLOORS, "blind3": BLIND3_FLOORS, "blind4": BLIND4_FLOORS, "blind5": BLIND5_FLOORS,
              "blind6": BLIND6_FLOORS, "blind7": BLIND7_FLOORS, "blind8": BLIND8_FLOORS, "blind9": BLIND9_FLOORS,
              "blind10": BLIND10_FLOORS, "blind11": BLIND11_FLOORS}


@pytest.mark.parametrize("name,figure", [(name, f) for name, floors in SET_FLOORS.items() for f in sorted(floors)])
def test_blind_set_figure_holds_its_floor(figures, name, figure):
    assert figures[name]["overall"][figure] >= SET_FLOORS[name][figure]


def test_every_file_parses_and_keeps_cer_under_a_tenth_of_a_percent(figures):
    for row in figures["files"] + sum((figures[name]["files"] for name in SET_FLOORS), []):
        assert row["error"] is None, row
        assert row["cer"] <= CER_CEILING, row


def test_every_file_finds_all_its_documents(figures):
    for row in figures["files"]:
        assert row["documents_found"] == row["documents_gold"], row
