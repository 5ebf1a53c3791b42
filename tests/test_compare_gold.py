"""Reference accuracy of the comparison on the gold plans (GUIDE: ``reference`` per task).

The upstream stages are built in parallel, so the plans here are adapted from the gold
annotations: gold tasks (id, heading, text, outline), units as printed (``Unit(name=...)``,
no agency). The same alignment runs on parser output later.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from policyparse.compare import compare
from policyparse.schema import (Assignment, Cite, Deadline, Document, OutlineItem, ParseResult,
                                Region, SourceInfo, Task, Unit)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold"
REFERENCE_76 = ROOT / "corpus" / "reference-76.tsv"

# Floor under what the alignment reaches on the corpus's 政务诚信 plans: 0.906 (126/139), each
# plan aligned on its own (issue 14). It was 0.964 while plans lent each other their wording (the
# "peers" signal), which made a plan's items depend on the other plans of the run.
ACCURACY_FLOOR = 0.90

_DEADLINE_FIELDS = {"raw", "start", "end", "ongoing", "relative"}


def _units(names) -> list[Unit]:
    return [Unit(name=n) for n in names or []]


def gold_result(path: Path) -> ParseResult:
    """A ParseResult built from a gold file, as a perfect parser would produce it."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    normalized = path.with_suffix(".normalized.txt")
    text = normalized.read_text(encoding="utf-8") if normalized.exists() else ""
    documents = []
    for d in gold["documents"]:
        tasks = []
        for t in d.get("tasks") or []:
            deadline = t.get("deadline")
            tasks.append(Task(
                id=t["id"], heading=t.get("heading"), text=t.get("text") or "",
                assignments=[Assignment(text=a.get("text") or "", raw=a.get("raw") or "",
                                        lead=_units(a.get("lead")), support=_units(a.get("support")),
                                        responsible=_units(a.get("responsible")))
                             for a in t.get("assignments") or []],
                implicit_units=_units(t.get("implicit_units")),
                deadline=Deadline(**{k: v for k, v in deadline.items() if k in _DEADLINE_FIELDS}) if deadline else None,
                domains=t.get("domains") or []))
        documents.append(Document(
            title=d.get("title"), doc_type=d.get("doc_type"), doc_number=d.get("doc_number"),
            issuers=d.get("issuers") or [], issue_date=d.get("issue_date"),
            region=Region(**(d.get("region") or {})), level=d.get("level"),
            cites=[Cite(title=c["title"], doc_number=c.get("doc_number")) for c in d.get("cites") or []],
            outline=[OutlineItem(marker=o["marker"], level=o["level"], title=o["title"]) for o in d.get("outline") or []],
            tasks=tasks))
    return ParseResult(
        source=SourceInfo(path=f"corpus/raw/{gold['file']}", sha256=hashlib.sha256(text.encode()).hexdigest(),
                          format="txt", bytes=len(text.encode())),
        normalized_text=text, documents=documents)


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def gold_references(path: Path) -> list[list]:
    """Per document, the gold ``reference`` of each task (None = not scored)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    return [[t.get("reference") for t in d.get("tasks") or []] for d in gold["documents"]]


def reference_accuracy(comparison, files: list[Path]) -> tuple[float, int, list[str]]:
    """Share of gold-referenced tasks whose aligned ``reference`` equals the gold's."""
    by_plan = {(p.source["path"], p.source["document"]): p for p in comparison.plans}
    hit = total = 0
    misses = []
    for path in files:
        result_path = f"corpus/raw/{json.loads(path.read_text(encoding='utf-8'))['file']}"
        for d, refs in enumerate(gold_references(path)):
            plan = by_plan.get((result_path, d))
            for i, gold_ref in enumerate(refs):
                if gold_ref is None:
                    continue
                total += 1
                got = plan.tasks[i].reference if plan else None
                hit += got == gold_ref
                if got != gold_ref:
                    misses.append(f"{plan.region if plan else path.name} {plan.tasks[i].id if plan else i}: "
                                  f"gold={gold_ref} got={got}")
    return (hit / total if total else 0.0), total, misses


@pytest.fixture(scope="module")
def comparison_76():
    return compare([gold_result(p) for p in gold_files()], reference=REFERENCE_76)


def test_reference_accuracy_on_gold_plans(comparison_76):
    accuracy, total, misses = reference_accuracy(comparison_76, gold_files())
    assert total > 100  # 政务诚信 plans of files 000-004
    assert accuracy >= ACCURACY_FLOOR, "\n".join(misses)


def test_plans_off_subject_do_not_implement_the_reference(comparison_76):
    # 004 glues several notices; those whose tasks have gold reference null carry out another
    # guideline (守信联合激励, 教育系统诚信): they must not be read as covering 国发〔2016〕76号.
    by_plan = {(p.source["path"], p.source["document"]): p for p in comparison_76.plans}
    for path in gold_files():
        gold = json.loads(path.read_text(encoding="utf-8"))
        for d, refs in enumerate(gold_references(path)):
            plan = by_plan[(f"corpus/raw/{gold['file']}", d)]
            implements = any(r is not None for r in refs)
            assert plan.implements == implements, plan.source["title"]


def test_reference_accuracy_file_by_file(comparison_76):
    """Each file compared on its own, as ``policyparse parse`` of one notice would, gets the
    same references as all files compared together: nothing is learnt from the other plans."""
    hit = total = 0
    for path in gold_files():
        comparison = compare([gold_result(path)], reference=REFERENCE_76)
        accuracy, count, _ = reference_accuracy(comparison, [path])
        together, _, _ = reference_accuracy(comparison_76, [path])
        assert accuracy == together, path.name
        hit += accuracy * count
        total += count
    assert hit / total >= ACCURACY_FLOOR


# Named cases of the issue's "robust to paraphrase, reordering, merged and split items"; the
# expected codes are read from the gold, the table only says where to look.
PHENOMENA = [
    ("paraphrased heading", "002", 0, ["三/(一)/1"]),        # 实行政务诚信逐级督导制度 -> 专项督导机制
    ("section is the item", "000", 0, ["二/(三)/7", "二/(四)/8"]),  # bare paragraphs of a 任务分工方案
    ("one item split in three", "004", 1, ["二/(二)/2", "二/(二)/3", "二/(二)/4"]),
    ("part moved to the end", "004", 1, ["二/(四)/1", "二/(四)/2", "二/(四)/3"]),
    ("part moved first", "004", 3, ["四/(一)", "四/(二)", "四/(三)"]),
    ("items the region added", "002", 0, ["三/(二)/1", "三/(二)/4", "三/(三)/8", "四/(二)"]),
    ("clause restating the title", "001", 0, ["四/(四)"]),  # 全区各单位要健全政务失信记录
]


@pytest.mark.parametrize("label, prefix, document, ids", PHENOMENA, ids=[p[0] for p in PHENOMENA])
def test_alignment_phenomena(comparison_76, label, prefix, document, ids):
    path = next(p for p in gold_files() if p.name.startswith(prefix))
    gold = dict(zip([t["id"] for t in json.loads(path.read_text(encoding="utf-8"))["documents"][document]["tasks"]],
                    gold_references(path)[document]))
    plan = next(p for p in comparison_76.plans
                if p.source["path"].endswith(path.stem + ".txt") and p.source["document"] == document)
    got = {t.id: t.reference for t in plan.tasks}
    assert [got[i] for i in ids] == [gold[i] for i in ids]
