#!/usr/bin/env python3
"""Write the task-table fixtures: real task lists rendered into the layouts offices publish.

Usage::

    python scripts/build_table_fixtures.py            # writes tests/fixtures/tables/
    python scripts/build_table_fixtures.py --check    # exit 1 when a truth file would change

Real task tables are rare in the corpora, so the rows of one are re-laid out here: the
重点任务分工及进度安排表 of the 宣城 实施方案 (``corpus/gold/004_877d0aa3237dfdd6.normalized.txt``,
printed there flattened, one cell per line), with its units split into 牵头 / 配合 columns the
way its cells word them (市信息办牵头,市直有关单位配合), and the 分类指标 of the 上海市安全生产
“十一五”规划 (``../shared/corpus/wild``) as an indicator table that assigns no work.

Each layout gets a file and ``NAME.truth.json``: per task table its rows (id, task text, lead,
support and responsible units as printed, the deadline cell) and the number of tables that
must yield no task. ``tests/test_segment_tables.py`` reads every fixture and compares.

Layouts: docx with merged cells (python-docx), xlsx (openpyxl), xls (xlwt), csv (GBK), HTML with
rowspan/colspan, a two-row header and cells split over several ``<p>``, HTML score table, PDFs
ruled, unruled, continued over two pages and with a row cut by the page break (reportlab), a
table flattened one cell per line, an indicator table. Binary files carry timestamps, so ``--check`` compares the truth files only.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "tables"

TITLE = "关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的实施方案"
TABLE_TITLE = "重点任务分工及进度安排表"
HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]

# Rows of the 宣城 table (corpus/gold/004, normalized text); units as the cells word them.
# (task, lead, support, deadline)
ROWS = [
    ("按照国家、省信用信息目录,及时修订《宣城市市级信用信息目录(2017年版)》",
     ["市信息办"], ["市直有关单位"], "与双公示事项目录同步完成"),
    ("优化市平台功能实现与权力清单平台、各行业系统、国家和省公共信用信息平台互通互联。",
     ["市信息办"], ["市直有关单位"], ""),
    ("涉及企业的相关信息按照企业信息公示暂行条例规定在企业信用信息公示系统公示",
     ["市工商质监局"], ["市直有关单位"], ""),
    ("根据权力清单及时修编《宣城市市级行政许可和行政处罚事项公开目录(2017年版)》",
     ["市政务公开办", "市发改委", "市编办"], ["市直有关单位"], "年度市级权责清单发布后,1个月内完成"),
    ("建立激励和惩戒措施清单制度动态更新,并按照清单依法依规执行联合奖惩措施",
     ["市中院", "市国税局", "市地税局", "市工商质监局", "宣城海关"], ["市直有关单位"], "2017年6月底前完成"),
    ("建立完善失信举报制度,鼓励公众举报企业严重失信行为对举报人信息严格保密。",
     ["市环保局", "市工商质监局"], [], "2017年9月底前完成"),
]
# The categories the 宣城 实施方案 files these rows under (its numbered sections).
CATEGORIES = [("建立健全信用信息归集共享机制", 3), ("健全守信联合激励和失信联合惩戒机制", 3)]

# 上海市安全生产“十一五”规划, (三)分类指标: an indicator table, no work assigned by it.
INDICATORS = [("道路交通", "万车死亡率", "下降9%以上"), ("建筑", "死亡人数", "下降10％"),
              ("火灾", "10万人口死亡率", "控制在0.35以内"), ("燃气", "万户死亡率", "控制在0.1以下")]
INDICATOR_HEADER = ["序号", "重点行业与领域", "指标", "2010年目标"]

# A score table (考核内容 / 分值 / 责任单位) made of the same rows, responsible units only.
SCORE_HEADER = ["序号", "考核内容", "分值", "评分标准", "责任单位"]

NOTICE_HEAD = [TITLE, "各县市区人民政府，市政府各部门：",
               "为加快推进社会诚信建设，制定本实施方案。",
               "一、主要任务", "（一）建立健全信用信息归集共享机制。按照任务分工推进各项工作。",
               "附件：" + TABLE_TITLE]


def _join(units: list[str]) -> str:
    return "、".join(units)


def truth_rows(rows=ROWS, ids=None, responsible_only=False) -> list[dict]:
    out = []
    for n, (task, lead, support, deadline) in enumerate(rows, start=1):
        out.append({"id": f"table/{ids[n - 1] if ids else n}", "text": task,
                    "lead": [] if responsible_only else lead,
                    "support": [] if responsible_only else support,
                    "responsible": lead + support if responsible_only else [],
                    "deadline": None if responsible_only else deadline or None})
    return out


def truth_text(name: str, layout: str, tables: list[dict], no_task_tables: int = 0) -> str:
    """The content of NAME.truth.json."""
    truth = {"file": name, "layout": layout,
             "source": "corpus/gold/004_877d0aa3237dfdd6.normalized.txt (宣城 重点任务分工及进度安排表)",
             "tables": tables, "no_task_tables": no_task_tables}
    return json.dumps(truth, ensure_ascii=False, indent=1) + "\n"


# -- docx -------------------------------------------------------------------------------------

def build_docx() -> bytes:
    """A notice whose attachment is the table: 牵头单位 merged over rows 1-2 (市信息办), 配合单位
    over rows 1-5 (市直有关单位), a category row merged across the table, a repeated header row."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    for line in NOTICE_HEAD + [TABLE_TITLE]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for c, name in enumerate(HEADER):
        table.rows[0].cells[c].text = name
    header_props = table.rows[0]._tr.get_or_add_trPr()
    header_props.append(OxmlElement("w:tblHeader"))
    category = table.add_row()
    category.cells[0].merge(category.cells[4]).text = "一、" + CATEGORIES[0][0]
    first = len(table.rows)
    for n, (task, lead, support, deadline) in enumerate(ROWS, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[4].text = str(n), task, deadline
        cells[2].text, cells[3].text = _join(lead), _join(support)
    # merge after filling: python-docx keeps the top cell's text, the others become continuations
    _merge_down(table, 2, first, first + 1)
    _merge_down(table, 3, first, first + 4)
    buffer = io.BytesIO()
    document.add_paragraph("宣城市人民政府办公室")
    document.save(buffer)
    return buffer.getvalue()


def _merge_down(table, col: int, top: int, bottom: int) -> None:
    keep = table.cell(top, col).text
    for r in range(top + 1, bottom + 1):
        table.cell(r, col).text = ""
    table.cell(top, col).merge(table.cell(bottom, col)).text = keep


# -- spreadsheets -----------------------------------------------------------------------------

# An office types a time limit as a date; the reader writes it the way a notice prints one.
XLSX_DATE = __import__("datetime").date(2017, 6, 30)


def build_xlsx() -> bytes:
    """A ledger: title merged across, header, 牵头单位 merged over rows 1-2, dates typed as dates."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务分工"
    sheet.append([TABLE_TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    sheet.append(HEADER)
    for n, (task, lead, support, deadline) in enumerate(ROWS, start=1):
        value = XLSX_DATE if deadline == "2017年6月底前完成" else deadline
        sheet.append([n, task, _join(lead), _join(support), value or None])
    sheet.merge_cells(start_row=3, start_column=3, end_row=4, end_column=3)
    helper = book.create_sheet("单位列表")
    helper.append(["市信息办"])
    helper.sheet_state = "hidden"  # a hidden lookup sheet is no ledger
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_xls() -> bytes:
    """The same ledger as Excel 97-2003, 牵头单位 merged over rows 1-2 and 配合单位 over 1-4."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("任务分工")
    sheet.write_merge(0, 0, 0, 4, TABLE_TITLE)
    for c, name in enumerate(HEADER):
        sheet.write(1, c, name)
    for n, (task, lead, support, deadline) in enumerate(ROWS, start=1):
        r = n + 1
        sheet.write(r, 0, n)
        sheet.write(r, 1, task)
        if n > 2:  # rows 1-2 share one merged 牵头单位 cell
            sheet.write(r, 2, _join(lead))
        if n > 4:  # rows 1-4 share one merged 配合单位 cell
            sheet.write(r, 3, _join(support))
        sheet.write(r, 4, deadline)
    sheet.write_merge(2, 3, 2, 2, _join(ROWS[0][1]))
    sheet.write_merge(2, 5, 3, 3, _join(ROWS[0][2]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_csv() -> bytes:
    """A GBK ledger as Excel saves it: a title line, quoted cells holding commas and a line break."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TABLE_TITLE, "", "", "", ""])
    writer.writerow(HEADER)
    for n, (task, lead, support, deadline) in enumerate(ROWS, start=1):
        units = _join(lead).replace("、", "\n", 1) if len(lead) > 2 else _join(lead)
        writer.writerow([n, task, units, _join(support), deadline])
    return buffer.getvalue().encode("gbk")


# -- html -------------------------------------------------------------------------------------

def _paras(text: str, cut: int = 0) -> str:
    """A cell's text split over several <p>, as editors paste it."""
    if cut and len(text) > cut:
        return f"<p>{text[:cut]}</p><p>{text[cut:]}</p>"
    return f"<p>{text}</p>"


def build_html() -> bytes:
    """Two-row header (责任单位 over 牵头单位 | 配合单位), a 类别 column merged over its rows, 牵头单位
    merged over rows 1-2, task text split over two <p>, units one per <p>."""
    head = ("<thead><tr><th rowspan='2'>类别</th><th rowspan='2'>序号</th><th rowspan='2'>工作任务</th>"
            "<th colspan='2'>责任单位</th><th rowspan='2'>完成时限</th></tr>"
            "<tr><th>牵头单位</th><th>配合单位</th></tr></thead>")
    body = []
    n = 0
    for name, count in CATEGORIES:
        for k in range(count):
            task, lead, support, deadline = ROWS[n]
            n += 1
            cells = [f"<td rowspan='{count}'>{name}</td>"] if k == 0 else []
            cells.append(f"<td>{n}</td><td>{_paras(task, 12)}</td>")
            if n == 1:
                cells.append(f"<td rowspan='2'>{_paras(_join(lead))}</td>")
            elif n != 2:
                cells.append("<td>" + "".join(f"<p>{u}</p>" for u in lead) + "</td>")
            cells.append(f"<td>{_join(support)}</td><td>{deadline}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
    page = ["<html><head><meta charset='utf-8'><title>" + TITLE + "</title></head><body>",
            "<div class='article'>"] + [f"<p>{line}</p>" for line in NOTICE_HEAD] + [
        f"<p>{TABLE_TITLE}</p>", "<table border='1'>" + head + "<tbody>" + "".join(body) + "</tbody></table>",
        "<p>宣城市人民政府办公室</p></div></body></html>"]
    return "\n".join(page).encode("utf-8")


def build_score_html() -> bytes:
    """A score table: 考核内容 | 分值 | 评分标准 | 责任单位 (responsible units)."""
    rows = "".join(f"<tr><td>{n}</td><td>{task}</td><td>{10 + n}</td><td>按时完成得满分</td>"
                   f"<td>{_join(lead + support)}</td></tr>"
                   for n, (task, lead, support, _) in enumerate(ROWS[:4], start=1))
    head = "".join(f"<td>{name}</td>" for name in SCORE_HEADER)
    page = ("<html><body>" + "".join(f"<p>{line}</p>" for line in NOTICE_HEAD[:5])
            + "<p>附件：社会诚信建设考核评分表</p><p>社会诚信建设考核评分表</p>"
            + f"<table border='1'><tr>{head}</tr>{rows}</table><p>宣城市人民政府办公室</p></body></html>")
    return page.encode("utf-8")


def build_indicators_html() -> bytes:
    """An indicator table (序号 | 重点行业与领域 | 指标 | 2010年目标): it assigns no work."""
    head = "".join(f"<th>{name}</th>" for name in INDICATOR_HEADER)
    rows = "".join(f"<tr><td>{n}</td><td>{a}</td><td>{b}</td><td>{c}</td></tr>"
                   for n, (a, b, c) in enumerate(INDICATORS, start=1))
    page = ("<html><body><p>上海市安全生产“十一五”规划</p><p>各区县人民政府，市政府各委、办、局：</p>"
            "<p>一、发展目标</p><p>（一）分类指标。到2010年，重点行业与领域目标（以2005年为基数）如下。</p>"
            f"<p>分类指标表</p><table border='1'><tr>{head}</tr>{rows}</table>"
            "<p>二、主要任务</p><p>（一）强化安全生产责任。建立健全各级领导干部安全生产责任制。"
            "（责任单位：市安全监管局）</p></body></html>")
    return page.encode("utf-8")


# -- pdf --------------------------------------------------------------------------------------

def _pdf_styles():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return (ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18),
            ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK"))


def build_pdf_ruled(repeat: int = 1) -> bytes:
    """A ruled table (grid lines) with 牵头单位 merged over rows 1-2; ``repeat`` copies of the
    rows make it run over a page break, where the header row is printed again."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body, cell = _pdf_styles()
    rows = ROWS * repeat
    data = [[Paragraph(h, cell) for h in HEADER]]
    for n, (task, lead, support, deadline) in enumerate(rows, start=1):
        data.append([Paragraph(str(n), cell), Paragraph(task, cell), Paragraph(_join(lead), cell),
                     Paragraph(_join(support), cell), Paragraph(deadline, cell)])
    data[2][2] = ""  # covered by the merge of rows 1-2
    table = Table(data, colWidths=[12 * mm, 70 * mm, 36 * mm, 26 * mm, 26 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)), ("SPAN", (2, 1), (2, 2)),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    buffer = io.BytesIO()
    story = [Paragraph(line, body) for line in NOTICE_HEAD] + [Paragraph(TABLE_TITLE, body), table]
    if repeat > 1:
        story.insert(len(NOTICE_HEAD), Spacer(1, 120 * mm))  # push the table over the page break
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
    return buffer.getvalue()


def build_pdf_split_row() -> bytes:
    """A ruled table whose third row Word let run over the page end: page 2 repeats the header
    and goes on with a row whose 序号 cell is empty and whose 任务 cell holds the rest."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    body, cell = _pdf_styles()

    def table(rows):
        data = [[Paragraph(h, cell) for h in HEADER]] + [[Paragraph(v, cell) for v in row] for row in rows]
        grid = Table(data, colWidths=[12 * mm, 70 * mm, 36 * mm, 26 * mm, 26 * mm])
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
        return grid

    rows = [[str(n), task, _join(lead), _join(support), deadline]
            for n, (task, lead, support, deadline) in enumerate(ROWS, start=1)]
    cut = 16
    upper = rows[:2] + [rows[2][:1] + [rows[2][1][:cut]] + rows[2][2:]]
    lower = [["", rows[2][1][cut:], "", "", ""]] + rows[3:]
    buffer = io.BytesIO()
    story = [Paragraph(line, body) for line in NOTICE_HEAD] + [Paragraph(TABLE_TITLE, body), table(upper),
                                                               PageBreak(), table(lower)]
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
    return buffer.getvalue()


def build_pdf_unruled() -> bytes:
    """The same table without rules: columns at fixed x-positions, long task cells wrapped onto
    several lines inside their column (the layout of a Word table with borders switched off)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    _pdf_styles()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    x = [50, 95, 292, 392, 470]  # gutters of 20 points and more between the columns
    widths = [22, 175, 78, 56, 85]
    y = height - 80
    page.setFont("STSong-Light", 14)
    for line in NOTICE_HEAD + [TABLE_TITLE]:
        page.drawString(70, y, line[:36])
        y -= 26
    page.setFont("STSong-Light", 10)
    rows = [HEADER] + [[str(n), task, _join(lead), _join(support), deadline]
                       for n, (task, lead, support, deadline) in enumerate(ROWS, start=1)]
    for row in rows:
        wrapped = [_wrap(text, w, "STSong-Light", 10, pdfmetrics) for text, w in zip(row, widths)]
        for k in range(max(len(w) for w in wrapped)):
            for col, lines in enumerate(wrapped):
                if k < len(lines):
                    page.drawString(x[col], y, lines[k])
            y -= 14
        y -= 8
    page.showPage()
    page.save()
    return buffer.getvalue()


def _wrap(text: str, width: float, font: str, size: float, metrics) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if metrics.stringWidth(current + ch, font, size) > width:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current] if current else lines or [""]


# -- flattened --------------------------------------------------------------------------------

def build_flattened() -> bytes:
    """The table as a scraper flattens it: the header band and then every cell on a line of its
    own; empty cells leave no line."""
    lines = NOTICE_HEAD + [TABLE_TITLE] + HEADER
    for n, (task, lead, support, deadline) in enumerate(ROWS, start=1):
        lines += [str(n), task, _join(lead)] + ([_join(support)] if support else []) + ([deadline] if deadline else [])
    lines.append("宣城市人民政府办公室")
    return "\n".join(lines).encode("utf-8")


def fixtures() -> list[tuple]:
    """(file name, builder, layout, task tables, tables that must yield no task) per fixture."""
    standard = [{"title": TABLE_TITLE, "tasks": truth_rows()}]
    dated = [{"title": TABLE_TITLE, "tasks": [dict(row, deadline="2017年6月30日") if row["deadline"] == "2017年6月底前完成"
                                               else row for row in truth_rows()]}]
    score = [{"title": "社会诚信建设考核评分表", "tasks": truth_rows(ROWS[:4], responsible_only=True)}]
    return [
        ("docx_merged.docx", build_docx, "docx: 牵头单位 and 配合单位 merged down, category row across", standard, 0),
        ("xlsx_ledger.xlsx", build_xlsx, "xlsx: title merged across, 牵头单位 merged down, date cell", dated, 0),
        ("xls_ledger.xls", build_xls, "xls: title merged across, 牵头单位 and 配合单位 merged down", standard, 0),
        ("csv_ledger.csv", build_csv, "csv (GBK): title line, quoted cell with a line break", standard, 0),
        ("html_two_row_header.html", build_html,
         "html: 类别 rowspan, 责任单位 over 牵头单位|配合单位, 牵头单位 rowspan, cells over several <p>", standard, 0),
        ("html_score.html", build_score_html, "html: 考核内容 | 分值 | 评分标准 | 责任单位", score, 0),
        ("pdf_ruled.pdf", build_pdf_ruled, "pdf: ruled table, 牵头单位 merged over rows 1-2", standard, 0),
        ("pdf_two_pages.pdf", lambda: build_pdf_ruled(repeat=2),
         "pdf: ruled table over two pages, header repeated",
         [{"title": TABLE_TITLE, "tasks": truth_rows(ROWS * 2)}], 0),
        ("pdf_split_row.pdf", build_pdf_split_row,
         "pdf: ruled table over two pages, row 3 cut by the page break, header repeated", standard, 0),
        ("pdf_unruled.pdf", build_pdf_unruled, "pdf: no rules, columns by position, wrapped cells", standard, 0),
        ("flattened.txt", build_flattened, "txt: header band and cells one per line, empty cells dropped",
         standard, 0),
        ("indicators.html", build_indicators_html, "html: indicator table, sets no work", [], 1),
    ]


def truth_files() -> dict[str, str]:
    """NAME.truth.json -> its content, for every fixture."""
    return {Path(name).stem + ".truth.json": truth_text(name, layout, tables, no_task)
            for name, _, layout, tables, no_task in fixtures()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare truth files, write nothing")
    args = parser.parse_args()
    truths = truth_files()
    if args.check:
        stale = [name for name, text in truths.items()
                 if not (OUT / name).exists() or (OUT / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{name} differs from the script; run scripts/build_table_fixtures.py", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build, *_ in fixtures():
        (OUT / name).write_bytes(build())
    for name, text in truths.items():
        (OUT / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
