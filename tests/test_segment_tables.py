"""Task tables in every layout: real rows (the 宣城 重点任务分工及进度安排表) rendered as docx, xlsx,
xls, csv, html, ruled / unruled / two-page PDFs and flattened text must all come back right.

The fixtures and their truth come from ``scripts/build_table_fixtures.py``; see its docstring.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest

import policyparse
from policyparse.extract import extract_task
from policyparse.normalize import normalize
from policyparse.pipeline import normalized_tables
from policyparse.read import read
from policyparse.segment.paragraphs import paragraphs
from policyparse.segment.tables import column_kind, find_task_tables, header_band, text_table

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "tables"
TRUTHS = sorted(FIXTURES.glob("*.truth.json"))
ROLES = ("lead", "support", "responsible")


def fold(text):
    """Punctuation width and whitespace are not scored (GUIDE.md section 1)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or "")).replace("，", ",") or None


def read_tables(path: Path):
    """The tables of a file as segment finds them, with each task extracted."""
    source = read(path)
    normalized = normalize(source)
    text = normalized.text
    tables = find_task_tables(text, paragraphs(text), normalized_tables(source, normalized))
    return text, tables


def row_of(text, block) -> dict:
    task = extract_task(text, block)
    units = {role: [u.name for a in task.assignments for u in getattr(a, role)] for role in ROLES}
    return {"id": task.id, "text": fold(task.text), **units,
            "deadline": fold(block.deadline_text[0]) if block.deadline_text else None}


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.name.split(".")[0] for p in TRUTHS])
def test_every_row_comes_back_right(truth_path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    text, tables = read_tables(FIXTURES / truth["file"])
    work = [t for t in tables if t.tasks]
    assert len([t for t in tables if not t.tasks]) == truth["no_task_tables"]
    assert [t.title for t in work] == [t["title"] for t in truth["tables"]]
    for expected, table in zip(truth["tables"], work):
        got = [row_of(text, block) for block in table.tasks]
        want = [dict(row, text=fold(row["text"]), deadline=fold(row["deadline"])) for row in expected["tasks"]]
        assert got == want


@pytest.mark.parametrize("name", ["docx_merged.docx", "html_two_row_header.html", "xlsx_ledger.xlsx",
                                  "xls_ledger.xls", "pdf_ruled.pdf"])
def test_second_row_under_a_merged_lead_cell_gets_its_unit(name):
    source = read(FIXTURES / name)
    table = max(source.tables, key=lambda t: t.n_rows)
    lead = next(c for row in table.rows for c, cell in enumerate(row) if column_kind(cell.text) == "lead")
    covered = [row[lead] for row in table.rows if row[lead].covered and row[lead].covered_by[1] == lead]
    assert covered and not any(cell.empty for cell in covered)  # covered is not empty
    assert table.anchor(covered[0]).text == "市信息办"
    text, tables = read_tables(FIXTURES / name)
    second = next(b for t in tables for b in t.tasks if b.id == "table/2")
    assert row_of(text, second)["lead"] == ["市信息办"]


def test_rendered_rows_index_the_reader_text():
    """Every reader's cell spans point at the cell's text inside its ``\\t``-joined row line."""
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix == ".json":
            continue
        source = read(path)
        for table in source.tables:
            for row in table.rows:
                for cell in row:
                    if cell.span is not None and not cell.covered:
                        assert source.text[cell.span[0]:cell.span[1]] == cell.text, (path.name, cell)


def test_table_over_two_pdf_pages_is_one_table_with_the_header_read_once():
    source = read(FIXTURES / "pdf_two_pages.pdf")
    assert sorted({t.page for t in source.tables}) == [1, 2]
    text, tables = read_tables(FIXTURES / "pdf_two_pages.pdf")
    assert len(tables) == 1
    assert [b.id for b in tables[0].tasks] == [f"table/{n}" for n in range(1, 13)]


def test_indicator_table_sets_no_work_and_its_rows_are_no_items():
    text, tables = read_tables(FIXTURES / "indicators.html")
    assert [(t.tasks, t.roles) for t in tables] == [([], ("number", "category", "indicator", "target"))]
    doc = policyparse.parse(FIXTURES / "indicators.html").documents[0]
    assert [t.id for t in doc.tasks] == ["二/(一)"]


def test_a_ledger_without_a_notice_is_one_document():
    result = policyparse.parse(FIXTURES / "xlsx_ledger.xlsx")
    [doc] = result.documents
    assert doc.title == "重点任务分工及进度安排表"
    assert [t.id for t in doc.tasks] == [f"table/{n}" for n in range(1, 7)]
    assert doc.tasks[4].deadline.end == "2017-06-30"  # typed as a date in the workbook


def test_flattened_table_whose_row_numbers_were_dropped():
    """A bare ``3`` on a line is dropped as a page number before segment sees it; the rows are
    then told apart by what their cells hold."""
    doc = policyparse.parse(FIXTURES / "flattened.txt").documents[0]
    rows = [t for t in doc.tasks if t.id.startswith("table/")]
    assert [t.id for t in rows] == [f"table/{n}" for n in range(1, 7)]
    assert [u.name for a in rows[5].assignments for u in a.lead] == ["市环保局", "市工商质监局"]


def test_two_row_header_in_tab_rows():
    t = ("序号\t工作任务\t责任单位\t\t完成时限\n\t\t牵头单位\t配合单位\t\n"
         "1\t建立政务失信记录\t市发改委\t市人社局\t2018年12月底前\n")
    table = text_table(t, paragraphs(t))
    assert header_band(table, 0) == (2, ("number", "task", "lead", "support", "deadline"))


def test_statistics_table_with_a_task_word_in_its_header_sets_no_work():
    # the 招生计划 table of a gov.cn notice (corpus/extra/govcn_052): 分年度招生任务 over figures
    t = ("序号\t省（市）\t扩招\t分年度招生任务\n1\t北京\t30\t150\n2\t天津\t20\t100\n"
         "3\t河北\t40\t240\n")
    [table] = find_task_tables(t, paragraphs(t))
    assert table.tasks == [] and "figures" in table.skipped


def test_category_rows_head_the_rows_below_them():
    t = ("序号\t工作任务\t牵头单位\n一、信用信息归集\n1\t建立信用信息目录\t市信息办\n"
         "二、联合奖惩\n2\t建立联合奖惩措施清单\t市发改委\n")
    [table] = find_task_tables(t, paragraphs(t))
    assert [(b.id, b.heading) for b in table.tasks] == [("table/1", "一、信用信息归集"), ("table/2", "二、联合奖惩")]


@pytest.mark.parametrize("name,kind", [("时限要求", "deadline"), ("完成情况", "other"), ("牵头市领导", "other"),
                                       ("责任人", "other"), ("考核内容", "task"), ("评分标准", "score"),
                                       ("预期目标", "target"), ("一级指标", "indicator"), ("类别", "category")])
def test_column_kinds(name, kind):
    assert column_kind(name) == kind


def test_fixture_truth_files_match_the_script():
    spec = importlib.util.spec_from_file_location("build_table_fixtures", ROOT / "scripts" / "build_table_fixtures.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for name, text in script.truth_files().items():
        assert (FIXTURES / name).read_text(encoding="utf-8") == text, name


def test_cell_offsets_survive_repairs_that_change_the_length():
    """Pinyin scraped from ruby text (誠(chéng)信) is removed by normalize: the reader's cell spans
    are mapped through the character map, and the merged unit still reaches the second row."""
    page = ("<p>关于加强政务诚信建设的实施方案</p><p>各区人民政府：</p><p>为加强政务诚信建设，制定本方案。</p>"
            "<p>一、主要任务</p><p>（一）完善机制。建立制度。</p><p>附件：任务分工表</p><table>"
            "<tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成时限</td></tr>"
            "<tr><td>1</td><td>建立政务誠(chéng)信檔(dàng)案</td><td rowspan=2>區發展改革委</td><td>2018年底前</td></tr>"
            "<tr><td>2</td><td>開展誠(chéng)信教育</td><td>長期堅持</td></tr></table>")
    result = policyparse.parse(page.encode(), name="notice.html")
    rows = [t for t in result.documents[0].tasks if t.id.startswith("table/")]
    assert [(t.text, [u.name for a in t.assignments for u in a.lead]) for t in rows] == [
        ("建立政务诚信档案", ["区发展改革委"]), ("开展诚信教育", ["区发展改革委"])]
    unit = rows[1].assignments[0].lead[0].span
    assert result.normalized_text[unit.start:unit.end] == "区发展改革委"
    assert [t.deadline.raw for t in rows] == ["2018年底前", "长期坚持"]


def test_a_continued_table_after_a_xubiao_line_is_the_same_table():
    t = ("序号\t工作任务\t牵头单位\n1\t建立信用信息目录\t市信息办\n2\t开展诚信宣传\t市委宣传部\n续表\n"
         "序号\t工作任务\t牵头单位\n3\t建立联合奖惩措施清单\t市发改委\n")
    [table] = find_task_tables(t, paragraphs(t))
    assert [b.id for b in table.tasks] == ["table/1", "table/2", "table/3"]
    assert "续表" in [p.text for p in table.paras]


def test_a_second_header_in_tab_rows_starts_a_second_table():
    t = ("序号\t工作任务\t牵头单位\n1\t建立信用信息目录\t市信息办\n"
         "序号\t考核内容\t分值\t责任单位\n1\t信用信息归集共享\t10\t市信息办\n")
    tables = find_task_tables(t, paragraphs(t))
    assert [t.roles for t in tables] == [("number", "task", "lead"), ("number", "task", "score", "responsible")]
    assert [b.id for t in tables for b in t.tasks] == ["table/1", "table/2"]  # 1 is taken: positions go on


def test_a_task_merged_over_rows_with_their_own_units_is_one_task_with_several_assignments():
    page = ("<table><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>完成时限</th></tr>"
            "<tr><td rowspan='2'>1</td><td rowspan='2'>建立健全信用修复机制</td><td>市发改委</td>"
            "<td>2017年9月底前</td></tr><tr><td>市人行</td><td>2017年12月底前</td></tr>"
            "<tr><td>2</td><td>开展诚信宣传</td><td>市委宣传部</td><td>长期坚持</td></tr></table>")
    source = read(page.encode(), name="table.html")
    normalized = normalize(source)
    [table] = find_task_tables(normalized.text, paragraphs(normalized.text), normalized_tables(source, normalized))
    first = table.tasks[0]
    assert [b.id for b in table.tasks] == ["table/1", "table/2"]
    assert [c.columns["lead"][0] for c in first.clauses] == ["市发改委", "市人行"]


def test_a_blank_task_cell_in_tab_rows_adds_units_to_the_task_above():
    t = "序号\t工作任务\t牵头单位\n1\t建立健全信用修复机制\t市发改委\n\t\t市人行\n2\t开展诚信宣传\t市委宣传部\n"
    [table] = find_task_tables(t, paragraphs(t))
    assert [[c.columns["lead"][0] for c in b.clauses] for b in table.tasks] == [["市发改委", "市人行"], ["市委宣传部"]]


def test_a_form_after_a_table_title_whose_grid_was_lost_is_no_task_table():
    from policyparse import parse
    # 黑安发〔2013〕10号 (round 6 y01): the attachments' titles, then a monthly report form
    text = ("关于印发2013年全省金属非金属矿山整顿关闭工作实施意见的通知\n各市（地）安全监管局：\n"
            "一、工作要求\n（一）加强领导。各地要加强组织领导。\n（二）严格考核。各地要严格考核。\n"
            "附件：1.2013年全省金属非金属矿山关闭计划表\n2013年全省金属非金属矿山关闭计划表\n"
            "全省金属非金属矿山整顿关闭工作进展情况月报表\n报送单位：\n填报人： 年月日\n序号\n关闭矿山\n企业名称\n计划关闭\n时间\n")
    tasks = [t.id for d in parse(text, name="y01.txt").documents for t in d.tasks]
    assert tasks == ["一/(一)", "一/(二)"]


def test_a_leading_groups_roster_under_its_heading_sets_no_work():
    from policyparse import parse
    text = ("关于印发金属非金属矿山整顿关闭工作实施意见的通知\n各市（地）安全监管局：\n"
            "一、组织领导及部门职责\n（一）组织领导\n黑龙江省金属非金属矿山整顿关闭工作领导小组\n"
            "组 长：张建星 省政府副省长\n副组长：杨宝田 省安全监管局局长\n成 员：李瑞林 省安全监管局总工程师\n"
            "（二）部门职责\n1.省安全监管局：负责全省整顿关闭工作的综合监督。\n2.省发展改革委：监督指导各级发展改革部门。\n")
    tasks = [t.id for d in parse(text, name="y01.txt").documents for t in d.tasks]
    assert tasks == ["一/(二)/1", "一/(二)/2"]
