"""Scored labels: every weight is data, every decision says why, and --explain shows it."""

from __future__ import annotations

from pathlib import Path

from policyparse.cli import main
from policyparse.segment.documents import line_decision
from policyparse.segment.labels import LABEL_WEIGHTS, decide, weights
from policyparse.segment.markers import match_marker
from policyparse.segment.paragraphs import Para

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _para(text: str) -> Para:
    return Para(0, len(text), text, [(0, len(text))], match_marker(text))


def test_weights_file_covers_both_decisions_with_sources():
    rows = LABEL_WEIGHTS()
    assert {r.decision for r in rows} == {"line", "node"}
    assert all(r.source.strip() for r in rows)
    assert set(weights("node")) >= {"numbered", "title_only_above", "kind_run_in", "yishi_or_dash"}


def test_a_doc_number_line_wins_over_a_title_shape():
    decision = line_decision(_para("揭府〔2018〕38 号"))
    assert decision.label == "number"
    assert ("doc_number_line", 6.0) in decision.evidence


def test_header_lines_get_their_labels_with_evidence():
    assert line_decision(_para("关于加强政务诚信建设的实施意见")).label == "title"
    assert line_decision(_para("各县（市、区）人民政府，市直有关部门：")).label == "recipients"
    assert line_decision(_para("发文机构：黑龙江省农业农村厅")).label == "chrome"
    assert line_decision(_para("2018年7月23日")).label == "date"
    assert line_decision(_para("（一）加强公务员诚信教育。将信用建设纳入培训。")).label == "numbered"


def test_an_enumeration_marker_never_heads_a_section():
    decision = decide("node", {"numbered", "yishi_or_dash", "title_only_above"})
    assert decision.label == "item"
    assert "over heading" in decision.explain() or decision.runner_up is None or decision.runner_up[0] != "item"


def test_parse_explain_prints_label_score_and_features(capsys):
    assert main(["parse", str(CORPUS / "raw" / "002_e3f438fefe9e9d67.txt"), "--explain"]) == 0
    out = capsys.readouterr().out.splitlines()
    heading = next(line for line in out if "\tnode\t" in line and "指导思想" in line)
    assert heading.split("\t")[2].startswith("heading") and "title_only_above" in heading
    number = next(line for line in out if "\tline\t" in line and "38 号" in line)
    assert "number 6.0 [doc_number_line +6.0]" in number
