"""Issue 14, comparison part: a plan's alignment depends only on that plan and the reference, and
comparison reads from and writes back into the SQLite store."""

from __future__ import annotations

import random
import sqlite3

import pytest

from policyparse.cli import main
from policyparse.compare import compare
from policyparse.export.sqlite import SQLiteStore

from test_compare_gold import REFERENCE_76, gold_files, gold_result


@pytest.fixture(scope="module")
def results():
    return [gold_result(p) for p in gold_files()]


def _alignments(comparison, path, document):
    plan = next(p for p in comparison.plans if p.source["path"] == path and p.source["document"] == document)
    return ([(t.id, t.reference, t.also, t.score, t.basis, [c.model_dump() for c in t.candidates]) for t in plan.tasks],
            plan.covered, plan.missing, plan.implements)


def test_alignment_is_the_same_alone_and_among_many(results):
    """Comparing A alone, A with B, and A among every plan (in shuffled order, each plan twice
    under another name) gives A the same items, scores, candidates and coverage."""
    many = []
    for copy in range(2):
        for result in results:
            clone = result.model_copy(deep=True)
            clone.source.path = f"{result.source.path}#{copy}"
            clone.source.sha256 = f"{copy}{result.source.sha256[1:]}"
            many.append(clone)
    random.Random(14).shuffle(many)
    for result in results:
        for document, doc in enumerate(result.documents):
            if not doc.tasks:
                continue
            alone = _alignments(compare([result], reference=REFERENCE_76), result.source.path, document)
            other = next(r for r in results if r is not result)
            pair = _alignments(compare([other, result], reference=REFERENCE_76), result.source.path, document)
            crowd = _alignments(compare(many + [result], reference=REFERENCE_76), result.source.path, document)
            assert alone == pair == crowd, (result.source.path, document)


def test_the_comparison_has_no_run_wide_setting_left():
    # The peers signal (other plans' wording lent to an item) made A's items depend on B.
    from policyparse.compare import AlignSettings

    assert not [f for f in AlignSettings.__dataclass_fields__ if f.startswith("peer")]


@pytest.fixture()
def store(tmp_path, results):
    path = tmp_path / "policyparse.sqlite"
    with SQLiteStore(path) as s:
        for result in results:
            s.add(result, path=result.source.path)
    return path


def test_compare_reads_the_store_and_writes_alignments_back(store, results, tmp_path, capsys):
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM tasks WHERE reference IS NOT NULL").fetchone()[0] == 0
    out = tmp_path / "cmp.json"
    assert main(["compare", str(store), "--reference", str(REFERENCE_76), "-o", str(out), "--write-store"]) == 0
    assert "tasks.reference set on" in capsys.readouterr().err
    expected = compare(results, reference=REFERENCE_76)
    want = {}
    for plan in expected.plans:
        for n, task in enumerate(plan.tasks, 1):
            want[(plan.source["path"], plan.source["document"] + 1, n)] = task.reference
    with sqlite3.connect(store) as conn:
        rows = conn.execute(
            "SELECT f.source, d.position, t.position, t.reference FROM tasks t JOIN documents d USING (document_id)"
            " JOIN files f ON f.result_id = d.result_id").fetchall()
    got = {(src, d, t): ref for src, d, t, ref in rows if (src, d, t) in want}
    assert got == want
    assert {"R.2.1", "R.new"} <= set(got.values())


@pytest.mark.parametrize("argv, message", [
    (["compare", "{plan}", "--write-store", "--reference", "{ref}"], "needs a store"),
    (["compare", "{store}", "--write-store"], "needs --reference"),
    (["compare", "{store}", "--reference-items", "R.2.*"], "needs --reference"),
    (["compare", "missing.sqlite", "--reference", "{ref}"], "no such plan file"),
])
def test_store_errors_are_one_line(store, tmp_path, results, argv, message, capsys):
    plan = tmp_path / "plan.json"
    plan.write_text(results[0].model_dump_json(), encoding="utf-8")
    argv = [a.format(plan=plan, store=store, ref=REFERENCE_76) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("policyparse: [E") and message in err and len(err.strip().splitlines()) == 1


def test_reference_from_a_row_of_the_store(store, results):
    """``STORE::发文字号`` (or ``STORE::path``) takes a stored notice as the reference."""
    from policyparse.compare import load_reference

    qinghai = next(r for r in results if r.documents[0].doc_number == "青政〔2017〕47号")
    by_number = load_reference(f"{store}::青政〔2017〕47号")
    by_path = load_reference(f"{store}::{qinghai.source.path}")
    assert [i.code for i in by_number.items] == [i.code for i in by_path.items]
    assert [i.code for i in by_number.alignable] == [t.id for t in qinghai.documents[0].tasks]
