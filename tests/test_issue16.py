"""Issue 16, "Nothing lost, nothing wrong": one regression test (or a few) per numbered defect.

Each test failed before its fix. The hostile-input folder is ``test_hostile_inputs.py`` and the
seeded fuzz test ``test_fuzz.py``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from policyparse.compare import compare, to_csv, write
from policyparse.export import is_formula, ledger_rows, safe_cell, write_csv, write_csv_table
from policyparse.schema import Assignment, Document, ParseResult, Region, SourceInfo, Task, Unit

# -- #4: one CSV writer (\r\n, every field quoted) and one injection rule -------------------------

FORMULA_CELLS = [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", " =1+1", "\u00a0=1+1", "\u3000=1+1",
    "＝1+1", "＋1", "－1", "＠SUM(A1)", " ＝1", "\u200b=1", "\ufeff=1", "﹦1",
]


@pytest.mark.parametrize("value", FORMULA_CELLS)
def test_issue16_every_formula_start_is_escaped(value):
    assert is_formula(value)
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["市发展改革委", "1-2", "（一）", "", "  ", "'=已引用", "１=1", "e=mc2"])
def test_issue16_ordinary_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_issue16_cells_holding_lone_surrogates_can_be_written():
    assert safe_cell("加强\ud800建设") == "加强\ufffd建设"
    text = write_csv_table(["a"], [["\udcff=1"]])
    text.encode("utf-8")


def _plan(region: Region, unit: str, path: str) -> ParseResult:
    task = Task(id="一/1", heading="加强公务员诚信教育", text="加强公务员诚信教育。",
                assignments=[Assignment(text="", raw="", lead=[Unit(name=unit, agency=None)])])
    return ParseResult(source=SourceInfo(path=path, sha256=path, format="txt", bytes=1), normalized_text="",
                       documents=[Document(title="实施方案", region=region, level="city", tasks=[task])])


def _reader_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_issue16_compare_csv_keeps_a_cr_inside_its_field(tmp_path):
    plans = [_plan(Region(province="广东省", city="揭阳市"), "@x\r=1+1", "a.txt"),
             _plan(Region(province="福建省", city="南平市"), " ＝HYPERLINK(1)", "b.txt")]
    comparison = compare(plans)
    text = to_csv(comparison)
    assert text.endswith("\r\n")
    rows = _reader_rows(text)
    assert len({len(row) for row in rows}) == 1, "a field opened a row of its own"
    assert len(rows) == 1 + len(comparison.to_records())
    cells = [cell for row in rows[1:] for cell in row]
    assert "'@x\r=1+1" in cells and "' ＝HYPERLINK(1)" in cells
    assert not [cell for cell in cells if is_formula(cell)]
    # every field is quoted, every record ends in \r\n, in the file as in the string
    target = tmp_path / "table.csv"
    write(comparison, target, "csv")
    data = target.read_bytes().decode("utf-8-sig")
    assert data == text
    assert all(line.startswith('"') for line in data.split("\r\n") if line)


def test_issue16_ledger_and_compare_share_one_csv_format():
    plan = _plan(Region(province="广东省", city="揭阳市"), "市人社局", "a.txt")
    ledger = write_csv(ledger_rows([plan]))
    table = to_csv(compare([plan, _plan(Region(province="福建省"), "省人社厅", "b.txt")]))
    for text in (ledger, table):
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
        assert text.startswith('"')
