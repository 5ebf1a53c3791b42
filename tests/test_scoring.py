"""The gold scorer itself (scripts/evaluate.py): pairing, folding, CER, and gold-vs-gold = 1."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("evaluate", ROOT / "scripts" / "evaluate.py")
evaluate = importlib.util.module_from_spec(spec)
sys.modules["evaluate"] = evaluate  # dataclasses look their module up
spec.loader.exec_module(evaluate)


def test_dice_is_one_for_equal_and_zero_for_disjoint():
    assert evaluate.dice("加强公务员诚信教育", "加强公务员诚信教育") == 1.0
    assert evaluate.dice("加强公务员诚信教育", "完善政府采购体系") == 0.0


def test_pairing_takes_best_pair_first_and_uses_each_once():
    gold = ["建立政务诚信专项督导机制", "建立横向政务诚信监督机制"]
    pred = ["建立横向政务诚信监督机制。", "建立政务诚信专项督导机制", "无关的文字内容"]
    assert sorted(evaluate.pair_greedy(gold, pred)) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("a, b", [
    ("各县〈市、区〉人民政府〈管委会〉", "各县（市、区）人民政府（管委会）"),
    ("各县(市、区)人民政府", "各县（市，区） 人民政府"),
    ("揭府〔2018〕38 号", "揭府〔2018〕38号"),
])
def test_fold_treats_bracket_punctuation_and_space_variants_alike(a, b):
    assert evaluate.fold(a) == evaluate.fold(b)


def test_cer_counts_han_digits_letters_only():
    errors, length = evaluate.char_errors("诚信，建设 2017", "誠信建设2017")
    assert (errors, length) == (1, 8)
    assert evaluate.char_errors("（一）加强", "(一)加强") == (0, 3)


@pytest.mark.parametrize("gold_path", sorted((ROOT / "corpus" / "gold").glob("*.json")), ids=lambda p: p.stem)
def test_gold_scores_perfectly_against_itself(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raw = (ROOT / "corpus" / "raw" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
    pred = copy.deepcopy(gold)
    for doc, start in zip(pred["documents"], evaluate._doc_starts(raw, gold["documents"])):
        doc["span"] = {"raw_start": start, "raw_end": start + 1}
    score = evaluate.score_file(gold_path.stem, raw, gold, pred, None)
    assert score.tasks.f1 == 1.0 and score.units.f1 == 1.0 and score.doc_fields.value == 1.0
    # and losing one task shows up in the task figure
    next(d for d in pred["documents"] if d["tasks"])["tasks"].pop(0)
    assert evaluate.score_file(gold_path.stem, raw, gold, pred, None).tasks.f1 < 1.0


def test_targets_pair_by_text_each_once():
    gold = [{"raw": "新增城市公园35座以上", "by": "2025-12-31"}, {"raw": "绿道100公里", "by": None}]
    pred = [{"raw": "绿道100公里", "by": None}, {"raw": "新增城市公园35座以上、", "by": "2025-12-31"},
            {"raw": "给予最高50万元补贴", "by": None}]
    assert sorted(evaluate.pair_targets(gold, pred)) == [(0, 1), (1, 0)]
    counts, by = evaluate.Counts(), evaluate.Ratio()
    evaluate.add_targets(counts, by, gold, pred)
    assert (counts.tp, counts.gold, counts.pred) == (2, 2, 3)
    assert by.hit == by.total == 2
    # by default a pair needs Dice >= 0.5, as tasks do (GUIDE §3): a short half of a long annotation
    # is no pair
    long_gold = [{"raw": "全市建成20个以上、总面积不低于10万平方米，功能完善的标杆OPC社区"}]
    split_pred = [{"raw": "全市建成20个以上"}, {"raw": "总面积不低于10万平方米"}]
    assert evaluate.pair_targets(long_gold, split_pred) == []


def test_targets_pair_by_containment_as_the_looser_figure():
    # a text inside a longer annotation pairs once; the second half of the annotation is then used up
    long_gold = [{"raw": "全市建成20个以上、总面积不低于10万平方米，功能完善的标杆OPC社区"}]
    split_pred = [{"raw": "全市建成20个以上"}, {"raw": "总面积不低于10万平方米"}]
    assert len(evaluate.pair_targets(long_gold, split_pred, containment=True)) == 1
    assert evaluate.pair_targets([{"raw": "10个"}], [{"raw": "打造社区10个以上"}], containment=True) == []  # too short
