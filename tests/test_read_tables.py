"""The table model each reader keeps: spans and covered slots, header rows, provenance; and
spreadsheets (.xlsx, .xls, .csv) as inputs, with one-line errors for damaged ones."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from policyparse.errors import CorruptInputError, EmptyInputError
from policyparse.read import read
from policyparse.read.pdf_tables import MAX_UNRULED_LINES, ruled_tables, unruled_tables
from policyparse.table import grid_from_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "tables"


def texts(table, row):
    return [("~" if c.covered else c.text) for c in table.rows[row]]


def test_html_spans_header_band_and_cells_over_several_paragraphs():
    source = read(FIXTURES / "html_two_row_header.html")
    [table] = source.tables
    assert (table.format, table.element, table.header_rows) == ("html", "table[1]", 2)
    assert texts(table, 0) == ["类别", "序号", "工作任务", "责任单位", "~", "完成时限"]
    assert texts(table, 1) == ["~", "~", "~", "牵头单位", "配合单位", "~"]
    assert table.rows[3][3].covered_by == (2, 3)  # 牵头单位 merged over rows 1-2
    assert table.rows[3][0].covered_by == (2, 0)  # 类别 merged over its three rows
    assert table.rows[2][2].text.startswith("按照国家、省信用信息目录 ,及时")  # two <p>, one cell


def test_docx_vertical_merges_category_row_and_repeated_header():
    source = read(FIXTURES / "docx_merged.docx")
    [table] = source.tables
    assert (table.format, table.element, table.header_rows) == ("docx", "body table 1", 1)
    assert texts(table, 1)[:2] == ["一、建立健全信用信息归集共享机制", "~"]  # gridSpan across
    support = [table.rows[r][3] for r in range(2, 8)]
    assert [c.covered_by for c in support] == [None, (2, 3), (2, 3), (2, 3), (2, 3), None]
    assert table.rows[2][3].rowspan == 5
    assert table.rows[7][3].empty  # no 配合单位 printed: empty, not covered


def test_xlsx_merged_title_references_dates_and_hidden_sheets():
    source = read(FIXTURES / "xlsx_ledger.xlsx")
    assert source.format == "xlsx"
    [table] = source.tables  # the hidden lookup sheet is left out
    assert (table.element, table.title) == ("sheet 任务分工", "任务分工")
    assert table.rows[0][0].colspan == 5 and table.rows[0][4].covered_by == (0, 0)
    assert table.rows[3][2].covered_by == (2, 2) and table.rows[3][2].ref == "C4"
    assert table.rows[6][4].text == "2017年6月30日"
    assert source.text.split("\n")[0] == "重点任务分工及进度安排表"  # a title line, not cells


def test_xls_merges():
    source = read(FIXTURES / "xls_ledger.xls")
    [table] = source.tables
    assert source.format == "xls" and table.rows[5][3].covered_by == (2, 3)
    assert table.resolved(3, 2).text == "市信息办"


def test_csv_in_gbk_with_a_line_break_inside_a_quoted_cell():
    source = read(FIXTURES / "csv_ledger.csv")
    assert (source.format, source.encoding) == ("csv", "gbk")
    [table] = source.tables
    assert table.rows[5][2].text == "市政务公开办 市发改委、市编办"
    assert all("\n" not in c.text for row in table.rows for c in row)


def test_csv_delimiter_is_sniffed(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("序号;工作任务;牵头单位\n1;建立信用信息目录;市信息办\n2;开展诚信宣传;市委宣传部\n", encoding="utf-8")
    [table] = read(path).tables
    assert texts(table, 2) == ["2", "开展诚信宣传", "市委宣传部"]


def test_pdf_ruled_table_merged_cell_is_covered_with_boxes():
    source = read(FIXTURES / "pdf_ruled.pdf")
    [table] = source.tables
    assert table.page == 1 and table.bbox is not None
    assert table.rows[2][2].covered_by == (1, 2) and table.rows[1][2].rowspan == 2
    assert all(c.bbox is not None for c in table.rows[1])


def test_pdf_unruled_table_columns_from_word_positions():
    source = read(FIXTURES / "pdf_unruled.pdf")
    [table] = source.tables
    assert table.element == "unruled" and table.n_cols == 5
    assert texts(table, 0) == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert table.rows[1][1].text == "按照国家、省信用信息目录,及时修订《宣城市市级信用信息目录(2017年版)》"


def test_hostile_pdf_pages_are_not_searched_for_tables():
    class Page:  # more ruling edges than any notice prints: the finder is not run
        edges = [{}] * 100_000

        def find_tables(self):
            raise AssertionError("the table finder ran")

    assert ruled_tables(Page(), 1) == []

    class Grid(Page):  # few edges, but a grid of 100 x 100 rules: 10,000 crossings to search
        edges = [{"orientation": "h", "top": n, "x0": 0} for n in range(100)] + [
            {"orientation": "v", "top": 0, "x0": n} for n in range(100)]

    assert ruled_tables(Grid(), 1) == []
    line = {"top": 0, "bottom": 1, "chars": []}
    assert unruled_tables([line] * (MAX_UNRULED_LINES + 1), [10.0] * (MAX_UNRULED_LINES + 1), 1) == []


def test_covered_slot_is_not_an_empty_cell():
    table = grid_from_rows([[("任务", 1, 1), ("牵头单位", 1, 1)], [("建立档案", 1, 1), ("区发改委", 2, 1)],
                            [("开展培训", 1, 1)], [("完善制度", 1, 1), ("", 1, 1)]], format="html")
    assert table.rows[2][1].covered and not table.rows[2][1].empty
    assert table.rows[3][1].empty and not table.rows[3][1].covered


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BAD_SHEETS = [
    ("workbook with a broken part", "tasks.xlsx", _zip({"xl/workbook.xml": b"<x", "[Content_Types].xml": b"<"}),
     CorruptInputError, "damaged .xlsx"),
    ("truncated xlsx", "tasks.xlsx", b"PK\x03\x04" + bytes(range(40)), CorruptInputError, "damaged .xlsx"),
    ("xls that is no workbook", "tasks.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     CorruptInputError, "damaged .xls"),
    ("csv with an unterminated quote", "tasks.csv", '序号,任务\n1,"建立档案\n'.encode(), CorruptInputError,
     "damaged .csv"),
    ("csv with NUL bytes", "tasks.csv", "序号,任务\n".encode() + b"\x00\x00" + "1,建立".encode(),
     CorruptInputError, "NUL"),
    ("csv with only separators", "tasks.csv", b",,,\n,,\n", EmptyInputError, "no text"),
]


@pytest.mark.parametrize("label, name, data, error, words", BAD_SHEETS, ids=[b[0] for b in BAD_SHEETS])
def test_bad_spreadsheet_gives_one_line_naming_the_file(label, name, data, error, words, tmp_path):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        read(path)
    message = str(info.value)
    assert str(path) in message and words in message and "\n" not in message


def test_sheet_blocks_separated_by_blank_rows_are_tables_of_their_own(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["附件1 重点任务分工表"], ["序号", "工作任务", "牵头单位"], [1, "建立信用信息目录", "市信息办"], [],
                ["附件2 指标表"], ["序号", "指标", "2010年目标"], [1, "万车死亡率", "下降9%以上"]):
        sheet.append(row)
    book.save(tmp_path / "ledger.xlsx")
    tables = read(tmp_path / "ledger.xlsx").tables
    assert [(t.element, t.n_rows, t.n_cols) for t in tables] == [("sheet Sheet rows 1-3", 3, 3),
                                                                  ("sheet Sheet rows 5-7", 3, 3)]


def test_docx_one_cell_frame_table_is_body_text():
    import docx

    document = docx.Document()
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = "附件"
    frame.add_paragraph("重点任务分工表")
    inner = frame.add_table(rows=2, cols=2)
    for r, row in enumerate((("工作任务", "牵头单位"), ("建立信用信息目录", "市信息办"))):
        for c, value in enumerate(row):
            inner.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    source = read(buffer.getvalue(), name="notice.docx")
    assert source.text.split("\n") == ["附件", "重点任务分工表", "工作任务\t牵头单位", "建立信用信息目录\t市信息办"]
    assert [t.n_rows for t in source.tables] == [2]


def test_pdf_row_cut_by_a_page_break_is_joined():
    source = read(FIXTURES / "pdf_split_row.pdf")
    first, second = source.tables
    assert (first.page, second.page) == (1, 2)
    assert first.rows[3][1].text == "涉及企业的相关信息按照企业信息公示暂行条例规定在企业信用信息公示系统公示"
    assert second.rows[1][1].span is None  # the lower half is no line of its own
    assert "\n\t公示暂行" not in source.text
