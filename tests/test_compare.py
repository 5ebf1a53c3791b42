"""The comparison stage: references, alignment without a reference or against a notice,
writers (JSON/CSV/XLSX, formula-safe) and the HTML report's figures."""

from __future__ import annotations

import csv
import doctest
import importlib
import io
import json
import re
from pathlib import Path

import pytest

from policyparse.compare import (Comparison, annotate, compare, load_reference, render_html, to_csv,
                                 to_json, write, write_html)
from policyparse.compare.report import render_pages
from policyparse.errors import PolicyParseError, ReferenceError_, UsageError
from policyparse.schema import (Assignment, Document, OutlineItem, ParseResult, Region, SourceInfo,
                                Task, Unit)

from test_compare_gold import REFERENCE_76, gold_files, gold_references, gold_result


@pytest.fixture(scope="module")
def gold_results():
    return [gold_result(p) for p in gold_files()]


@pytest.fixture(scope="module")
def comparison(gold_results):
    return compare(gold_results, reference=REFERENCE_76)


# -- references --------------------------------------------------------------------------------

def test_outline_file_gives_items_and_the_new_row():
    ref = load_reference(REFERENCE_76)
    codes = [i.code for i in ref.items]
    assert codes[0] == "R.2.1" and "R.5.4" in codes
    assert ref.new_code == "R.new"
    assert len(ref.alignable) == len(codes) - 1
    assert ref.item("R.3.2").part == "建立健全政务信用管理体系"
    assert ref.item("R.new").part is None  # "-" means no part


@pytest.mark.parametrize("content, items, new_code", [
    ("code\ttitle\nA1\t加强公务员诚信教育\nA2\t建立健全政务失信记录\n", 2, None),
    ("code\tpart\ttitle\ttext\nA1\t管理体系\t加强公务员诚信教育\t将信用建设纳入公务员培训\n", 1, None),
    ("# comment line\ncode\ttitle\tpart\nA1\t加强公务员诚信教育\nX.new\t-\n", 2, "X.new"),
    ("\ufeffcode\ttitle\nA1\t加强公务员诚信教育\n", 1, None),  # BOM from Excel
])
def test_outline_tolerates_optional_columns(tmp_path, content, items, new_code):
    path = tmp_path / "outline.tsv"
    path.write_text(content, encoding="utf-8")
    ref = load_reference(path)
    assert len(ref.items) == items
    assert ref.new_code == new_code
    assert ref.items[0].title == "加强公务员诚信教育"


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("code\tpart\nA1\t体系\n", "missing title"),
    ("title\n加强\n", "missing code"),
    ("code\ttitle\nA1\t加强\nA1\t建立\n", "duplicate code A1"),
    ("code\ttitle\nA1\t加强\textra\n", "3 cells but 2 columns"),
    ("code\ttitle\n\t加强\n", "empty code"),
    ("code\ttitle\nA1\t\n", "no title"),
    ("code\ttitle\nR.new\t无\n", "no items"),
])
def test_malformed_outline_names_file_and_problem(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReferenceError_) as err:
        load_reference(path)
    assert "bad.tsv" in str(err.value) and message in str(err.value)


def test_unreadable_references(tmp_path):
    (tmp_path / "gbk.tsv").write_bytes("code\ttitle\nA1\t加强诚信\n".encode("gbk"))
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"a": 1}', encoding="utf-8")
    for name, message in [("gbk.tsv", "not UTF-8"), ("missing.tsv", "not found"), ("bad.json", "not valid JSON"),
                          ("other.json", "not a policyparse parse result"), (".", "directory")]:
        with pytest.raises(PolicyParseError) as err:
            load_reference(tmp_path / name)
        assert message in str(err.value)


# -- alignment -----------------------------------------------------------------------------------

def test_every_task_has_score_and_evidence(comparison):
    for plan in comparison.plans:
        for task in plan.tasks:
            if task.reference not in (None, "R.new"):
                assert task.score > 0
                # evidence: passages of at least 4 characters shared with the item
                assert all(len(p) >= 4 for p in task.evidence)
    tasks = [t for p in comparison.plans for t in p.tasks if t.reference == "R.3.1"]
    assert any("诚信教育" in "".join(t.evidence) for t in tasks)


def test_notice_as_reference(gold_results):
    """青海's parsed 实施意见 as the reference: its tasks are the items (codes are task ids)."""
    qinghai = gold_results[3]
    others = gold_results[:3] + gold_results[4:]
    result = compare(others, reference=qinghai)
    assert result.reference.source["kind"] == "notice"
    # A notice gets an R.new row, so a task a region added (R.new) is told apart from a plan
    # that does not carry the notice out (null).
    assert result.reference.new_code == "R.new"
    # Translate 青海's task ids into the guideline's codes through 青海's own gold references.
    to_code = dict(zip([t.id for t in qinghai.documents[0].tasks], gold_references(gold_files()[3])[0]))
    hit = total = 0
    for path in gold_files()[:3] + gold_files()[4:]:
        gold = json.loads(path.read_text(encoding="utf-8"))
        for d, refs in enumerate(gold_references(path)):
            plans = [p for p in result.plans if p.source["path"].endswith(gold["file"]) and p.source["document"] == d]
            for i, gold_ref in enumerate(refs):
                if gold_ref is None or (gold_ref != "R.new" and gold_ref not in to_code.values()):
                    continue
                got = plans[0].tasks[i].reference if plans else None
                total += 1
                hit += (to_code.get(got) if got not in (None, "R.new") else "R.new") == gold_ref
    assert total > 100
    assert hit / total >= 0.88


def test_plans_without_reference_find_common_items(gold_results):
    result = compare(gold_results)
    assert result.reference.source["kind"] == "plans"
    shared = [i for i in result.reference.items
              if sum(1 for row in result.items if row.code == i.code and row.tasks) >= 5]
    assert len(shared) >= 14  # the 17 items of 国发〔2016〕76号, found with no outline given
    for item in result.reference.items:  # a common item is common: at least two plans carry it out
        assert sum(1 for row in result.items if row.code == item.code and row.tasks) >= 2
    # Each common item gathers tasks that the gold says carry out one and the same item.
    gold = {}
    for path in gold_files():
        file = json.loads(path.read_text(encoding="utf-8"))["file"]
        for d, refs in enumerate(gold_references(path)):
            for i, ref in enumerate(refs):
                gold[(f"corpus/raw/{file}", d, i)] = ref
    pure = total = 0
    for item in shared:
        codes = [gold[(p.source["path"], p.source["document"], i)] for p in result.plans
                 for i, t in enumerate(p.tasks) if t.reference == item.code]
        codes = [c for c in codes if c not in (None, "R.new")]
        top = max(codes.count(c) for c in set(codes))
        pure += top
        total += len(codes)
    assert pure / total >= 0.9
    page = render_html(result)
    assert all(region in page for region in result.regions) and "tasks no other plan shares" in page.lower()


def test_reordered_plan_keeps_its_alignment(gold_results):
    """A plan that moves a whole part (the supervision part last, as 内蒙古 and 宿迁 do)."""
    base = compare(gold_results[:4], reference=REFERENCE_76)
    nanping = gold_results[0].model_copy(deep=True)
    doc = nanping.documents[0]
    doc.tasks = doc.tasks[4:] + doc.tasks[:4]
    moved = compare([nanping] + gold_results[1:4], reference=REFERENCE_76)
    before = {t.id: t.reference for t in base.plans[0].tasks}
    after = {t.id: t.reference for t in moved.plans[0].tasks}
    same = sum(before[k] == after[k] for k in before)
    assert same >= len(before) - 1


def test_annotate_fills_task_reference(gold_results, comparison):
    annotated = annotate(gold_results, comparison)
    refs = [t.reference for t in annotated[0].documents[0].tasks]
    assert refs == [t.reference for t in comparison.plans[0].tasks]
    assert all(t.reference is None for t in gold_results[0].documents[0].tasks)  # copies, not in place


def test_settings_are_checked():
    with pytest.raises(UsageError):
        compare([gold_result(gold_files()[0])], reference=REFERENCE_76, no_such_weight=1.0)


# -- a hand-made pair of plans: agencies, deadlines, formula-looking text ---------------------------

def _plan(region: Region, tasks: list[Task], path: str) -> ParseResult:
    return ParseResult(source=SourceInfo(path=path, sha256=path, format="txt", bytes=1), normalized_text="",
                       documents=[Document(title="加强政务诚信建设实施方案", region=region, level="city",
                                           outline=[OutlineItem(marker="一、", level=1, title="重点任务")],
                                           tasks=tasks)])


@pytest.fixture(scope="module")
def small():
    city_a = _plan(Region(province="广东省", city="揭阳市"), [
        Task(id="一/1", heading="加强公务员诚信教育", text="加强公务员诚信教育。将信用建设纳入公务员培训和领导干部进修课程。",
             assignments=[Assignment(text="", raw="", lead=[Unit(name="市人社局", agency="人力资源社会保障")],
                                     support=[Unit(name="=HYPERLINK(\"x\")")])]),
        Task(id="一/2", heading="建立健全政务失信记录", text="建立健全政务失信记录。将政务失信记录归集至市公共信用信息平台。",
             assignments=[Assignment(text="", raw="", responsible=[Unit(name="-各县区政府")])]),
    ], "a.txt")
    city_b = _plan(Region(province="福建省", city="南平市"), [
        Task(id="一/1", heading="加强公务员诚信教育", text="加强公务员诚信教育。开展公务员诚信、守法和道德教育。",
             assignments=[Assignment(text="", raw="", lead=[Unit(name="省人力资源社会保障厅", agency="人力资源社会保障")])]),
        Task(id="一/2", heading="推进政务公开", text="推进政务公开。大力推进决策、执行、管理、服务和结果公开。"),
    ], "b.txt")
    return city_a, city_b


def test_agencies_line_up_by_canonical_agency(small, tmp_path):
    path = tmp_path / "ref.tsv"
    path.write_text("code\tpart\ttitle\nR.1\t管理体系\t加强公务员诚信教育\nR.2\t管理体系\t建立健全政务失信记录\nR.new\t-\t无\n",
                    encoding="utf-8")
    result = compare(list(small), reference=path)
    row_a, row_b = result.cell("R.1", "广东省揭阳市"), result.cell("R.1", "福建省南平市")
    assert row_a.lead == row_b.lead == ["人力资源社会保障"]
    assert [t.reference for t in result.plans[1].tasks] == ["R.1", "R.new"]
    assert result.plans[1].added == ["一/2"]
    assert result.plans[0].coverage == 1.0 and result.plans[1].coverage == 0.5

    text = to_csv(result)
    rows = list(csv.DictReader(io.StringIO(text)))
    cell = {(r["code"], r["region"]): r for r in rows}
    assert cell[("R.1", "广东省揭阳市")]["support"] == "'=HYPERLINK(\"x\")"
    assert cell[("R.2", "广东省揭阳市")]["responsible"] == "'-各县区政府"

    xlsx = tmp_path / "table.xlsx"
    write(result, xlsx)
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert book.sheetnames == ["items", "tasks", "coverage"]
    values = [c.value for row in book["items"].iter_rows() for c in row]
    assert "'=HYPERLINK(\"x\")" in values and "=HYPERLINK(\"x\")" not in values


# -- JSON and the report ------------------------------------------------------------------------------

def test_json_has_the_promised_shape(comparison, tmp_path):
    out = tmp_path / "cmp.json"
    write(comparison, out, "json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"reference", "plans", "items"} <= set(data)
    assert data["reference"]["items"][0]["code"] == "R.2.1"
    plan = data["plans"][0]
    assert plan["source"]["path"].endswith("000_f3280443ff74f4f7.txt")
    assert set(plan["tasks"][0]) >= {"id", "heading", "text", "reference", "score", "evidence"}
    assert Comparison.model_validate({k: v for k, v in data.items() if k != "coverage"}) == comparison


def test_write_errors(comparison, tmp_path):
    with pytest.raises(UsageError):
        write(comparison, tmp_path / "no" / "such" / "dir.json")
    with pytest.raises(UsageError):
        write(comparison, None, "xlsx")
    with pytest.raises(UsageError):
        write(comparison, tmp_path / "x.txt", "yaml")


def test_report_shows_every_region_and_the_tables_figures(comparison, tmp_path):
    # The report is an overview plus a page per region and per item (tests/test_report.py has the rest).
    path = tmp_path / "report.html"
    write_html(comparison, path)
    page = path.read_text(encoding="utf-8")
    for region in comparison.regions:
        assert region in page
    # per-region pages: tasks per item == item × region table
    cells = {}
    for region_page in (tmp_path / "report" / "regions").glob("*.html"):
        text = region_page.read_text(encoding="utf-8")
        region = re.search(r'<h1 data-region="([^"]+)"', text).group(1)
        cells.update({(code, region): int(n) for code, n in re.findall(r'<tr data-code="([^"]+)" data-tasks="(\d+)"', text)})
    implementing = {p.region for p in comparison.plans if p.implements}
    records = {(r["code"], r["region"]): r["task_count"] for r in comparison.to_records() if r["region"] in implementing}
    assert cells == records
    # coverage table == coverage records
    for record in comparison.coverage_records():
        region = re.escape(record["region"])
        row = re.search(rf'class="coverage-row" data-region="{region}">.*?data-covered="(\d+)".*?data-coverage="(\d+)".*?data-added="(\d+)"', page)
        assert (int(row.group(1)), int(row.group(2)), int(row.group(3))) == (
            record["covered_items"], round(record["coverage"] * 100), record["added_tasks"])
    assert any("<mark>" in p.read_text(encoding="utf-8") for p in (tmp_path / "report" / "regions").glob("*.html"))
    # self-contained: nothing fetched from anywhere; the only script is the report's own, allowed by its hash
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert page.count("<script") == 1 and "script-src 'sha256-" in page


def test_report_escapes_notice_text(small, tmp_path):
    city_a, city_b = small
    evil = city_b.model_copy(deep=True)
    evil.documents[0].tasks[0].text = "加强公务员诚信教育。<script>alert(1)</script>"
    pages = "".join(render_pages(compare([city_a, evil], reference=REFERENCE_76)).values())
    assert "<script>alert" not in pages and "&lt;script&gt;" in pages


@pytest.mark.parametrize("module", ["text", "sections", "reference", "report", "writers", "score"])
def test_doctests(module):
    mod = importlib.import_module(f"policyparse.compare.{module}")
    failures, tried = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
