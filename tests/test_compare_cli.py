"""``policyparse compare`` end to end on result JSON files built from the gold plans."""

from __future__ import annotations

import csv
import io
import json

import pytest

from policyparse.cli import main

from test_compare_gold import REFERENCE_76, gold_files, gold_result


@pytest.fixture(scope="module")
def result_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    paths = []
    for gold in gold_files()[:4]:
        path = folder / f"{gold.stem}.json"
        path.write_text(gold_result(gold).model_dump_json(), encoding="utf-8")
        paths.append(str(path))
    return folder, paths


def test_compare_writes_json_csv_and_html(result_files, tmp_path, capsys):
    folder, paths = result_files
    out, html = tmp_path / "cmp.csv", tmp_path / "report.html"
    assert main(["compare", *paths, "--reference", str(REFERENCE_76), "-o", str(out), "--html", str(html)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["region"] for r in rows} == {"福建省南平市", "天津市红桥区", "广东省揭阳市", "青海省"}
    assert len(rows) == 17 * 4
    page = html.read_text(encoding="utf-8")
    assert all(region in page for region in ("福建省南平市", "天津市红桥区", "广东省揭阳市", "青海省"))

    assert main(["compare", str(folder), "--reference", str(REFERENCE_76), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["plans"]) == 4
    assert {t["reference"] for p in data["plans"] for t in p["tasks"]} >= {"R.2.1", "R.new"}


@pytest.mark.parametrize("argv, message", [
    (["compare", "missing.json"], "no such plan file"),
    (["compare", "{plan}", "--reference", "missing.tsv"], "reference file not found"),
    (["compare", "{plan}", "--format", "xlsx"], "needs an output file"),
    (["compare", "{plan}", "--reference", "{plan}.tsv"], "reference file not found"),
])
def test_compare_errors_are_one_line(result_files, argv, message, capsys):
    _, paths = result_files
    argv = [a.replace("{plan}", paths[0]) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("policyparse: [E") and message in err and "Traceback" not in err
