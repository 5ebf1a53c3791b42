"""Issue 15: the 台账 as offices keep it — a ledger they can print, fill in and import into their own template.

Each corpus notice is parsed (what an office gets from ``policyparse ledger``), its ledger written
as XLSX and CSV, and the workbook read back with openpyxl: column order, print setup, wrapping
and row heights, date cells, Chinese words in ``zh`` and English in ``en``, no control character
and no live formula in any cell, the same values in the CSV. An office template with its own
header names is filled and checked cell by cell.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import math
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

import policyparse
from policyparse.cli import main
from policyparse.errors import UsageError
from policyparse.export import (
    fill_template, is_formula, ledger_columns, ledger_rows, plain_text, to_json, write_csv, write_xlsx,
)
from policyparse.export.ledger import LABELS, LEDGER_COLUMNS, due_date, label, ledger_title
from policyparse.export.template import HEADERS, header_key
from policyparse.export.xlsx import column_letter, text_units
from policyparse.extract.lexicon import DOMAINS
from policyparse.schema import (
    Assignment, Deadline, Document, ParseResult, Region, SourceInfo, Task, Unit,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NOTICES = sorted((CORPUS / "raw").glob("*.txt"))

# The office's order: what it fills in comes before where the task comes from.
OFFICE_ORDER = ["序号", "重点任务", "任务内容", "牵头单位", "配合单位", "责任单位", "完成时限", "截止日期", "进展情况",
                "备注", "文件标题", "发文字号", "原文位置"]
LEVELS = {"zh": {"国家级", "省级", "市级", "县级"}, "en": {"National", "Provincial", "Municipal", "County"}}
CODES = {"national", "province", "city", "county", "ongoing"} | {d.code for d in DOMAINS()}


def _name(key: str, lang: str) -> str:
    return next(getattr(column, lang) for column in LEDGER_COLUMNS if column.key == key)


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParseResult]:
    return {path.name: policyparse.parse(path) for path in NOTICES}


def _sheet_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]


def _text_cells(sheet):
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                yield cell


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("notice", [p.name for p in NOTICES])
def test_issue15_corpus_ledger_reads_back_ready_to_print(parsed, tmp_path, notice, lang):
    result = parsed[notice]
    rows = ledger_rows([result], lang=lang)
    assert rows, "every corpus notice has tasks"
    target = tmp_path / "ledger.xlsx"
    write_xlsx(rows, target, lang=lang)
    sheet = load_workbook(target).active
    header = ledger_columns(lang)
    n = len(header)

    # Title naming the notice across the page, then the header in the office's order.
    first = result.documents[0]
    assert first.title and first.title in sheet["A1"].value
    assert f"A1:{column_letter(n)}1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == header
    if lang == "zh":
        assert header[:len(OFFICE_ORDER)] == OFFICE_ORDER

    # Print setup: landscape A4, one page wide, the header row on every page; frozen, filtered.
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # fitToWidth absent means 1 (ECMA-376 default, which XlsxWriter leaves out); fitToHeight 0: any pages down.
    assert int(sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight is not None
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows.replace("$", "") == "2:2"
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:{column_letter(n)}{len(rows) + 2}"

    widths = [sheet.column_dimensions[column_letter(i)].width for i in range(1, n + 1)]
    assert widths[header.index(_name("text", lang))] == max(widths), "the task text gets the most room"
    for r, row in enumerate(sheet.iter_rows(min_row=3), start=3):
        height = sheet.row_dimensions[r].height
        assert height, f"row {r} has no height"
        for cell, width in zip(row, widths):
            assert cell.alignment.wrap_text, f"{cell.coordinate} does not wrap"
            if isinstance(cell.value, str):
                # A 10 pt line needs 12 pt at least, and a line holds at most this many half-width units.
                per_line = (7 * width + 5) / (10 * 96 / 72 / 2)
                assert height >= 12 * math.ceil(text_units(cell.value) / per_line), cell.coordinate

    values = _sheet_rows(sheet)
    index = {name: i for i, name in enumerate(header)}
    seq, due, level, domains, progress, note = (index[_name(key, lang)]
                                                for key in ("seq", "due", "level", "domains", "progress", "note"))
    for row_number, (row, expected) in enumerate(zip(values, rows), start=3):
        assert row[progress] is None and row[note] is None, "进展情况 and 备注 are the office's"
        assert row[level] in LEVELS[lang]
        cell = sheet.cell(row=row_number, column=due + 1)
        if expected[header[due]]:
            assert cell.is_date and cell.value.date() == expected[header[due]]
            assert cell.number_format == "yyyy-mm-dd"
        else:
            assert cell.value is None
        for name in (row[domains] or "").split("、" if lang == "zh" else "; "):
            if name:
                assert name in {label("domain", d.code, lang) for d in DOMAINS()}
    for cell in _text_cells(sheet):
        assert cell.data_type != "f" and not is_formula(cell.value), cell.coordinate
        assert not any(unicodedata.category(ch) == "Cc" for ch in cell.value), f"control character in {cell.coordinate}"
        if lang == "zh":
            words = {w.lower() for w in cell.value.replace("/", " ").split()}
            assert not words & CODES, f"English code in {cell.coordinate}: {cell.value}"

    # The rows of one task share its 序号 and its band; the next task has the other band.
    fills = [sheet.cell(row=r, column=1).fill.fgColor.rgb for r in range(3, len(rows) + 3)]
    numbers = [row[seq] for row in values]
    for i in range(1, len(numbers)):
        assert (fills[i] == fills[i - 1]) == (numbers[i] == numbers[i - 1]), f"band of row {i + 3}"

    # The CSV carries the same columns and values (a date as 2017-06-30, no title row).
    table = list(csv.reader(io.StringIO(write_csv(rows, lang=lang))))
    assert table[0] == header
    as_text = [["" if v is None else v.date().isoformat() if isinstance(v, datetime.datetime) else str(v) for v in row]
               for row in values]
    assert table[1:] == as_text


def test_issue15_corpus_ledgers_have_due_dates_and_several_clauses_per_task(parsed):
    rows = ledger_rows(parsed.values())
    dated = [row for row in rows if row["截止日期"]]
    assert dated and all(isinstance(row["截止日期"], datetime.date) for row in dated)
    assert all(row["完成时限"] for row in dated)
    numbers = [row["序号"] for row in rows]
    assert len(set(numbers)) < len(numbers), "some task has several clauses (its rows share a 序号)"
    assert numbers == sorted(numbers) and numbers[0] == 1


def _word_table_result() -> ParseResult:
    """A task from a Word table: TABs and CRs inside cells, formula-looking text, a relative limit."""
    task = Task(id="二/(三)", heading="完善\t信用监管", text="=HYPERLINK(\"http://x\",\"点击\")\t落实\r\n责任",
                assignments=[Assignment(text="x", raw="x", lead=[Unit(name="市发展改革委\t")],
                                        support=[Unit(name="＝市财政局")], responsible=[])],
                deadline=Deadline(raw="收到通知后\t7个工作日内", relative=True))
    other = Task(id="二/(四)", text="长期坚持。", deadline=Deadline(raw="长期坚持", ongoing=True),
                 implicit_units=[Unit(name="各县(市、区)人民政府")])
    return ParseResult(
        parser_version="test", source=SourceInfo(path="in/通知.docx", sha256="0" * 64, format="docx", bytes=1),
        normalized_text="", documents=[Document(title="关于印发\t实施方案的通知", doc_number="南政办〔2020〕1号",
                                                region=Region(province="福建省", city="南平市"), level="city",
                                                tasks=[task, other])])


def test_issue15_no_control_character_or_live_formula_in_any_cell(tmp_path):
    rows = ledger_rows([_word_table_result()])
    target = tmp_path / "l.xlsx"
    write_xlsx(rows, target)
    sheet = load_workbook(target).active
    cells = list(_text_cells(sheet))
    assert cells
    for cell in cells:
        assert not any(ch in cell.value for ch in "\t\r\n"), cell.coordinate
        assert cell.data_type != "f" and not is_formula(cell.value)
    values = dict(zip(ledger_columns("zh"), [c.value for c in sheet[3]]))
    assert values["任务内容"] == "'=HYPERLINK(\"http://x\",\"点击\") 落实 责任"
    assert values["重点任务"] == "完善 信用监管" and values["牵头单位"] == "市发展改革委"
    assert values["配合单位"] == "'＝市财政局"
    assert values["完成时限"] == "收到通知后 7个工作日内" and values["截止日期"] is None  # relative: no date
    assert sheet["A1"].value == "《关于印发 实施方案的通知》（南政办〔2020〕1号）任务台账"
    second = dict(zip(ledger_columns("zh"), [c.value for c in sheet[4]]))
    assert second["责任单位"] == "各县(市、区)人民政府" and second["截止日期"] is None  # 长期: no date
    text = write_csv(rows)
    body = text.split("\r\n", 1)[1]
    assert "\t" not in text and "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")


def test_issue15_due_date_rules():
    def task(**deadline):
        return Task(id="1", text="", deadline=Deadline(raw="x", **deadline))

    assert due_date(task(end="2017-09-30", ongoing=True)) == datetime.date(2017, 9, 30)  # 完成并持续推进
    assert due_date(task(start="2017-06-30", ongoing=True)) is None  # 起实施并持续推进
    assert due_date(task(end="2017-09-30", relative=True)) is None
    assert due_date(task(end="2017")) is None  # not a day: no date rather than a guessed one
    assert due_date(Task(id="1", text="")) is None


def test_issue15_labels_are_chinese_in_zh_and_english_in_en():
    codes = {d.code for d in DOMAINS()}
    for entry in LABELS():
        assert entry.en.isascii() and entry.en[0].isupper(), entry
        if entry.kind == "domain":
            assert entry.code in codes, f"{entry.code} is not a domain of lexicons/extract/domains.tsv"
            assert not label("domain", entry.code, "zh").isascii()
    for code in ("national", "province", "city", "county"):
        assert label("level", code, "zh") in LEVELS["zh"] and label("level", code, "en") in LEVELS["en"]
    assert ledger_title([], "en") == "Task ledger" and ledger_title([]) == "任务台账"


def test_issue15_plain_text_keeps_text_and_drops_breaks():
    assert plain_text("市发展改革委\t\t市财政局\r\n") == "市发展改革委 市财政局"
    assert plain_text("\ufeff加强\u200b建设") == "加强建设"
    assert plain_text("（一）加强") == "（一）加强"


# -- the office's own template -----------------------------------------------------------------

THIN = Side(style="thin")


def _template(path: Path, two_row_header: bool = False) -> Path:
    """A 台账 template as an office keeps one: a title, its own header names, a styled first row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "2024年台账"
    sheet["A1"] = "南平市发展改革委2024年重点任务推进台账"
    sheet.merge_cells("A1:J1")
    sheet["A1"].font = Font(name="方正小标宋简体", size=18)
    names = ["序 号", "工作任务", "具体措施", "牵头部门", "配合部门", "时间节点", "截止时间", "落实情况", "责任人", "备注"]
    header_row = 3
    if two_row_header:
        # 责任单位 over 牵头部门 | 配合部门; the other names span both rows.
        names_top = ["序 号", "工作任务", "具体措施", "责任单位", None, "时间节点", "截止时间", "落实情况", "责任人", "备注"]
        for col, name in enumerate(names_top, 1):
            sheet.cell(row=3, column=col, value=name)
        sheet.cell(row=4, column=4, value="牵头部门")
        sheet.cell(row=4, column=5, value="配合部门")
        sheet.merge_cells("D3:E3")
        for col in (1, 2, 3, 6, 7, 8, 9, 10):
            sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
        header_row = 4
    else:
        for col, name in enumerate(names, 1):
            sheet.cell(row=3, column=col, value=name)
    for col in range(1, 11):
        cell = sheet.cell(row=3, column=col)
        cell.fill = PatternFill("solid", fgColor="FFFF00")
        cell.font = Font(bold=True, name="黑体")
    # The first data row carries the office's style; 序号 is numbered in advance.
    first = header_row + 1
    for col in range(1, 11):
        cell = sheet.cell(row=first, column=col)
        cell.font = Font(name="仿宋_GB2312", size=12)
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for n in range(1, 4):
        sheet.cell(row=header_row + n, column=1, value=n)
    sheet.column_dimensions["C"].width = 40
    sheet.print_title_rows = f"3:{header_row}"
    sheet.page_setup.orientation = "landscape"
    book.save(path)
    return path


@pytest.mark.parametrize("two_row_header", [False, True])
def test_issue15_template_with_renamed_headers_is_filled(tmp_path, two_row_header):
    template = _template(tmp_path / "their.xlsx", two_row_header)
    before = hashlib.sha256(template.read_bytes()).hexdigest()
    rows = ledger_rows([_word_table_result()])
    filled = fill_template(rows, template, tmp_path / "filled.xlsx")
    assert hashlib.sha256(template.read_bytes()).hexdigest() == before, "the template is not changed"
    header_row = 4 if two_row_header else 3
    assert filled.first_row == header_row + 1 and filled.rows == 2
    assert filled.columns == {"序 号": "seq", "工作任务": "heading", "具体措施": "text", "牵头部门": "lead",
                              "配合部门": "support", "时间节点": "deadline", "截止时间": "due",
                              "落实情况": "progress", "备注": "note"}
    assert {"文件标题", "发文字号", "原文位置", "来源文件", "地区", "层级"} <= set(filled.missing)

    sheet = load_workbook(tmp_path / "filled.xlsx")["2024年台账"]
    first, second = (dict(zip("ABCDEFGHIJ", (c.value for c in sheet[r]))) for r in (header_row + 1, header_row + 2))
    assert first["A"] == 1 and first["B"] == "完善 信用监管"
    assert first["C"] == "'=HYPERLINK(\"http://x\",\"点击\") 落实 责任"
    assert first["D"] == "市发展改革委" and first["E"] == "'＝市财政局"
    assert first["F"] == "收到通知后 7个工作日内" and first["G"] is None
    assert first["H"] is None and first["I"] is None and first["J"] is None  # 落实情况, 责任人, 备注: the office's
    # No 责任单位 column: the units answerable for the task lead it (no owner left out).
    assert second["A"] == 2 and second["C"] == "长期坚持。" and second["D"] == "各县(市、区)人民政府"
    assert "责任单位" not in filled.missing
    # The office's styles stay: title, header fill, the first data row's look on the new rows.
    assert sheet["A1"].value == "南平市发展改革委2024年重点任务推进台账" and sheet["A1"].font.sz == 18
    assert sheet["B3"].fill.fgColor.rgb == "00FFFF00" and sheet["B3"].font.name == "黑体"
    for r in (header_row + 1, header_row + 2):
        cell = sheet.cell(row=r, column=3)
        assert cell.font.name == "仿宋_GB2312" and cell.border.left.style == "thin" and cell.alignment.wrap_text
        assert sheet.row_dimensions[r].height and sheet.row_dimensions[r].height >= 30
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows.replace("$", "") == f"3:{header_row}"
    assert sheet.cell(row=header_row + 3, column=1).value == 3  # pre-numbered row left as it was
    assert sheet.cell(row=header_row + 3, column=3).value is None


def test_issue15_template_due_date_is_a_date_and_filled_rows_are_kept(tmp_path):
    template = _template(tmp_path / "their.xlsx")
    book = load_workbook(template)
    book.active["C4"] = "去年的任务"  # a row the office already filled
    book.save(template)
    task = Task(id="1", text="2017年6月底前完成。", deadline=Deadline(raw="2017年6月底前", end="2017-06-30"),
                assignments=[Assignment(text="x", raw="x", lead=[Unit(name="市信用办")])])
    result = _word_table_result().model_copy(deep=True)
    result.documents[0].tasks = [task]
    filled = fill_template(ledger_rows([result]), template, tmp_path / "out.xlsx")
    assert filled.first_row == 5
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet["C4"].value == "去年的任务"
    assert sheet["G5"].is_date and sheet["G5"].value.date() == datetime.date(2017, 6, 30)
    assert sheet["D5"].value == "市信用办"


def test_issue15_template_with_only_a_responsible_column_gets_the_lead_units_first(tmp_path):
    book = Workbook()
    for col, name in enumerate(["序号", "任务内容", "责任单位", "完成时间"], 1):
        book.active.cell(row=1, column=col, value=name)
    book.save(tmp_path / "t.xlsx")
    task = Task(id="1", text="x", assignments=[Assignment(text="x", raw="x", lead=[Unit(name="市信用办")],
                                                          responsible=[Unit(name="各县区政府")])])
    result = _word_table_result().model_copy(deep=True)
    result.documents[0].tasks = [task]
    filled = fill_template(ledger_rows([result]), tmp_path / "t.xlsx", tmp_path / "o.xlsx")
    assert load_workbook(tmp_path / "o.xlsx").active["C2"].value == "市信用办、各县区政府"
    assert "牵头单位" not in filled.missing


def test_issue15_template_in_english(tmp_path):
    book = Workbook()
    sheet = book.active
    for col, name in enumerate(["No.", "Key task", "Lead department", "Due date", "Status", "Remarks"], 1):
        sheet.cell(row=1, column=col, value=name)
    book.save(tmp_path / "en.xlsx")
    filled = fill_template(ledger_rows([_word_table_result()], lang="en"), tmp_path / "en.xlsx", tmp_path / "o.xlsx",
                           lang="en")
    assert filled.columns == {"No.": "seq", "Key task": "heading", "Lead department": "lead", "Due date": "due",
                              "Status": "progress", "Remarks": "note"}
    assert load_workbook(tmp_path / "o.xlsx").active["C2"].value == "市发展改革委"


def test_issue15_header_names_are_data_and_match_by_meaning():
    keys = {column.key for column in LEDGER_COLUMNS}
    assert {entry.column for entry in HEADERS()} <= keys
    assert all(entry.source for entry in HEADERS())
    cases = {"牵头单位": "lead", "牵头部门": "lead", "责任部门": "responsible", "完成时限": "deadline",
             "时间节点": "deadline", "完成时限\n（年月）": "deadline", "牵头单位(部门)": "lead", "备  注": "note",
             "责任单位及责任人": "responsible", "Notes": "note", "No.": "seq", "Lead units": "lead",
             "联系电话": None, "": None, "Nominal": None}
    assert {name: header_key(name) for name in cases} == cases


def test_issue15_template_without_a_ledger_header_is_one_clear_error(tmp_path):
    book = Workbook()
    book.active["A1"] = "联系电话"
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(UsageError, match="no header row"):
        fill_template([], tmp_path / "x.xlsx", tmp_path / "o.xlsx")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(UsageError, match="cannot read the template"):
        fill_template([], tmp_path / "bad.xlsx", tmp_path / "o.xlsx")
    with pytest.raises(UsageError, match=r"\.xlsx"):
        fill_template([], tmp_path / "their.xls", tmp_path / "o.xlsx")


def test_issue15_ledger_command_fills_a_template(tmp_path, capsys):
    result = tmp_path / "r.json"
    result.write_text(to_json(_word_table_result()), encoding="utf-8")
    template = _template(tmp_path / "their.xlsx")
    out = tmp_path / "filled.xlsx"
    assert main(["ledger", str(result), "-o", str(out), "--template", str(template)]) == 0
    err = capsys.readouterr().err
    assert "no column for" in err and "文件标题" in err
    assert load_workbook(out).active["D4"].value == "市发展改革委"
    assert main(["ledger", str(result), "-o", str(tmp_path / "l.csv"), "--template", str(template)]) == 2
    assert "must end in .xlsx" in capsys.readouterr().err
    assert main(["ledger", str(result), "-o", str(template), "--template", str(template)]) == 2


def test_issue15_one_xlsx_writer_for_ledger_and_comparison():
    # The hand-written SpreadsheetML is gone: both workbooks come from policyparse.export.xlsx.
    import policyparse.compare.writers as writers
    import policyparse.export.xlsx as xlsx

    source = Path(xlsx.__file__).read_text(encoding="utf-8")
    assert "import xlsxwriter" in source and "zipfile" not in source
    compare = Path(writers.__file__).read_text(encoding="utf-8")
    assert "write_table" in compare and "openpyxl" not in compare
