"""Mojibake of every common kind, from ``tests/cases/normalize_mojibake.json`` (issue 12).

Each case: ``label``, ``comment``, ``input`` (damaged text), ``expected`` (the clean text) and
``expect``: ``pass``, or ``fail`` for a known failure, run as a strict xfail so that a fix is
noticed. The inputs were made by encoding clean notice text and decoding it with the wrong
codec, as scrapers do (see the comments).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyparse.normalize import normalize
from policyparse.read import read

CASES = json.loads((Path(__file__).parent / "cases" / "normalize_mojibake.json").read_text(encoding="utf-8"))


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["comment"])] if case["expect"] == "fail" else []
        yield pytest.param(case, id=case["label"], marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_mojibake_case(case):
    result = normalize(case["input"], {"normalize_punctuation": False})
    assert result.text == case["expected"]
    for edit in result.edits:
        assert result.raw[edit.raw_start:edit.raw_end] == edit.before
        assert result.text[edit.start:edit.end] == edit.after


def test_cases_cover_every_kind_and_clean_text():
    labels = {case["label"] for case in CASES}
    assert {"utf8-as-gbk", "gbk-as-latin1", "gbk-as-cp1252", "utf8-as-cp1252", "double-utf8",
            "mixed-passages", "clean-latin"} <= labels


def test_a_file_in_utf8_and_gbk_is_read_line_by_line(tmp_path):
    utf8 = "各县(市、区)人民政府：\n现将《实施方案》印发给你们。\n"
    gbk = "请结合实际认真贯彻执行。\n红桥区人民政府办公室\n"
    path = tmp_path / "notice.txt"
    path.write_bytes(gbk.encode("gbk") + utf8.encode("utf-8") + gbk.encode("gbk"))
    source = read(path)
    assert source.text == gbk + utf8 + gbk
    assert source.encoding == "mixed" and "utf-8" in source.encoding_evidence


def test_explanation_names_the_codecs():
    text = "各县（市、区）人民政府".encode("utf-8").decode("gbk", "replace")
    (edit,) = [e for e in normalize(text).edits if e.rule == "repair_mojibake"]
    assert "UTF-8 bytes shown as GBK" in edit.entry


def test_passages_are_found_from_their_rare_characters():
    """redecode finds UTF-8-as-GBK passages from the characters that open UTF-8 bytes (rare), not
    by looking at every candidate passage: the passages found are the same as the regex finds."""
    import random

    from policyparse.normalize import redecode

    members = sorted(redecode._utf8_members())
    leads = [c for c in members if redecode._utf8_lead_chars().match(c)]
    alphabet = members[:40] + leads[:20] + list("ab!1 中国\n\ufffd")
    rng = random.Random(0)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) if rng.random() < 0.7 else rng.choice("xyz12!?")
                       for _ in range(rng.randint(1, 40)))
        every = [(m.start(), m.group()) for m in redecode._utf8_as_gbk().finditer(text)
                 if redecode._utf8_lead_chars().search(m.group())]
        assert list(redecode._lead_regions(text)) == every, text
