"""scripts/domain_classifier.py: the pieces of the cross-validation that decides whether a learned
classifier replaces the lexicon scorer (issue 17). The full run needs the annotated notices and
minutes; these check the parts on small cases."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import domain_classifier as dc  # noqa: E402


def _row(file, text, gold, title="关于开展安全生产隐患排查治理工作的通知"):
    return dc.Row("toy", file, (file, 0), title, "", text, gold)


def test_the_lexicon_pass_runs_the_document_sector_as_the_parser_does():
    rows = [_row("a", "开展建筑施工安全生产隐患排查。", ["safety"]), _row("a", "加强组织领导。", ["safety"]),
            _row("a", "强化安全监管执法。", ["safety"])]
    dc.lexicon_pass(rows)
    assert all(r.lexicon[:1] == ["safety"] for r in rows)
    assert rows[1].context["sector"] == "safety"
    assert "safety" in dc.candidates(rows[1])


def test_naive_bayes_log_odds_leave_the_named_files_out():
    rows = [_row("a", "推进中药材种植基地建设", ["agriculture"]), _row("b", "推进中药材种植基地建设", ["agriculture"]),
            _row("c", "加强医院绩效考核", ["health"])]
    dc.lexicon_pass(rows)
    counts = dc.BigramCounts(rows, [], 0.3)
    assert counts.log_odds(rows[0], "agriculture", ("a",)) > 0  # file b still teaches it
    assert counts.log_odds(rows[0], "agriculture", ("a", "b")) <= 0  # nothing left that has seen it


def test_logistic_regression_and_the_two_thresholds():
    X = np.array([[0.0], [0.1], [0.9], [1.0]] * 5)
    y = np.array([0, 0, 1, 1] * 5, float)
    p = dc.probabilities(dc.fit(X, y), X)
    assert p[2] > 0.5 > p[0]
    index = [(0, "a"), (0, "b"), (1, "a")]
    assert dc.decide(2, index, [0.9, 0.6, 0.1], 0.5, 0.55) == [["a", "b"], []]
    assert dc.micro_f1([(["a", "b"], ["a"]), ([], ["c"])]) == 2 * 1 / (2 + 2)


def test_gold_agreement_pairs_near_identical_tasks_of_different_files():
    rows = [_row("a", "建立健全政务信用记录制度，将各级人民政府和公务员的失信记录纳入信用信息平台。", ["credit_information"]),
            _row("b", "建立健全政务信用记录制度，将各级人民政府和公务员的失信记录纳入信用信息平台。", ["credit_information"]),
            _row("b", "加强宣传引导。", [])]
    assert dc.agreement(rows) == (1, 1, 1.0)
