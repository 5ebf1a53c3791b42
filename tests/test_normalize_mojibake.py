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


def test_mojibake_is_repaired_in_a_fresh_process():
    """The first text a fresh process normalizes meets the fixers' character kinds as their modules
    are imported one by one (normalize/scan.py): a kind registered after the text was looked at
    must still be seen. In one test process the modules are all imported before, so this needs
    a process of its own."""
    import subprocess
    import sys

    case = next(c for c in CASES if c["label"] == "utf8-as-gbk")
    code = ("import sys, json; from policyparse.normalize import normalize; "
            "sys.stdout.write(json.dumps(normalize(sys.stdin.read(), {'normalize_punctuation': False}).text))")
    out = subprocess.run([sys.executable, "-c", code], input=case["input"], capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout
    assert json.loads(out) == case["expected"]


def test_a_kind_registered_after_a_text_was_scanned_is_seen():
    from policyparse.normalize import scan

    text = "各县（市、区）人民政府\u2e80"
    saved = list(scan._CLASSES)
    try:
        scan.holds(text, 0)
        bit = scan.kind("[\u2e80-\u2eff]")
        assert scan.holds(text, bit)
    finally:
        scan._CLASSES[:] = saved
        scan._table.cache_clear()
