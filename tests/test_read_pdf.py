"""PDF reading on Chinese notices built at test time with reportlab's CID font STSong-Light.

The builder lays pages out the way GB/T 9704 asks (A4, 16 pt body, paragraphs indented two
characters and wrapped at the right edge of the text block, page number ``— n —`` in the
bottom margin) and adds a running header on pages after the first, plus a ruled table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
# reportlab is in the ``test`` extra of pyproject.toml.
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from policyparse.errors import CorruptInputError, UnsupportedFormatError
from policyparse.read import read
from policyparse.read.pdf import join_wrapped

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4
LEFT, RIGHT = 28 * mm, WIDTH - 26 * mm
BODY, LEADING, CELL = 16, 28.9, 12
COLUMNS = [(RIGHT - LEFT) * f for f in (0.12, 0.5, 0.38)]
HEADER = "红桥区加强政务诚信建设实施方案"

PAGE_LABELS = {
    "em-dash": lambda n, total: f"— {n} —",
    "hyphen": lambda n, total: f"- {n} -",
    "of-total": lambda n, total: f"第{n}页 共{total}页",
}

TABLE = [["序号", "任务", "牵头单位"],
         ["1", "建立政务诚信档案", "区发展改革委"],
         ["2", "开展公务员诚信教育培训", "区人力社保局"]]


def corpus_paragraphs(corpus_dir: Path, count: int) -> list[str]:
    text = (corpus_dir / "raw" / "001_a4d0353077401074.txt").read_text(encoding="utf-8")
    paragraphs = [line.strip().replace("\xa0", "") for line in text.split("\n")]
    return [p for p in paragraphs if len(p) > 60][:count]


def wrap(text: str, indent: bool) -> list[str]:
    """Break a paragraph into lines no wider than the text block, the way Word does: anywhere
    between Chinese characters, but never inside a Latin word."""
    lines, current = [], "\u3000\u3000" if indent else ""
    for ch in text:
        if pdfmetrics.stringWidth(current + ch, FONT, BODY) > RIGHT - LEFT:
            word = re.search(r"[A-Za-z]+$", current) if ch.isascii() and ch.isalpha() else None
            carry = word.group(0) if word and word.start() > 0 else ""
            lines.append(current[: len(current) - len(carry)])
            current = carry
        current += ch
    return lines + [current] if current else lines


def cell_lines(cell: str, width: float) -> list[str]:
    """Lines of one table cell: ``\\n`` is a hard break, long text wraps at the cell edge."""
    lines = []
    for part in cell.split("\n"):
        current = ""
        for ch in part:
            if pdfmetrics.stringWidth(current + ch, FONT, CELL) > width - 8:
                lines.append(current)
                current = ""
            current += ch
        lines.append(current)
    return lines


def build_notice_pdf(path: Path, items: list[tuple[str, object]], labels: str = "em-dash",
                     header: str | None = HEADER) -> Path:
    """Write ``items`` (``title``/``heading``/``para``/``table``) as a paginated notice PDF."""
    pages: list[list[tuple]] = [[]]
    y = HEIGHT - 37 * mm

    def room(height: float) -> None:
        nonlocal y
        if y - height < 35 * mm:
            pages.append([])
            y = HEIGHT - 37 * mm

    for kind, content in items:
        if kind == "title":
            room(40)
            x = (WIDTH - pdfmetrics.stringWidth(content, FONT, 22)) / 2
            pages[-1].append(("text", x, y, 22, content))
            y -= 1.6 * LEADING
        elif kind in ("centre", "right"):  # 发文机关标志/发文字号/标题 centred; 署名/成文日期 right
            size = 22 if kind == "centre" else BODY
            room(LEADING)
            width = pdfmetrics.stringWidth(content, FONT, size)
            x = (WIDTH - width) / 2 if kind == "centre" else RIGHT - 4 * BODY - width
            pages[-1].append(("text", x, y, size, content))
            y -= 1.4 * LEADING if kind == "centre" else LEADING
        elif kind == "rule":  # the red separator under 发文字号 and the lines around 版记
            room(LEADING)
            pages[-1].append(("rule", LEFT, y + 8, 0, None))
            y -= LEADING * 0.6
        elif kind == "table":
            rows = [[cell_lines(cell, w) for cell, w in zip(row, COLUMNS)] for row in content]
            heights = [10 + 14 * max(len(lines) for lines in row) for row in rows]
            room(sum(heights) + 10)
            pages[-1].append(("table", LEFT, y + 12, heights, rows))
            y -= sum(heights) + LEADING
        else:
            for line in wrap(content, indent=kind == "para"):
                room(LEADING)
                pages[-1].append(("text", LEFT, y, BODY, line))
                y -= LEADING

    pdf = canvas.Canvas(str(path), pagesize=A4)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        if header and number > 1:
            pdf.setFont(FONT, 10.5)
            pdf.drawCentredString(WIDTH / 2, HEIGHT - 20 * mm, header)
        for kind, x, y, size, content in page:
            if kind == "text":
                pdf.setFont(FONT, size)
                pdf.drawString(x, y, content)
                continue
            if kind == "rule":
                pdf.line(LEFT, y, RIGHT, y)
                continue
            heights, rows = size, content
            pdf.setFont(FONT, CELL)
            edges = [y]
            for row, height in zip(rows, heights):
                cx = LEFT
                for lines, w in zip(row, COLUMNS):
                    for k, part in enumerate(lines):
                        pdf.drawString(cx + 4, edges[-1] - 15 - 14 * k, part)
                    cx += w
                edges.append(edges[-1] - height)
            for edge in edges:
                pdf.line(LEFT, edge, RIGHT, edge)
            cx = LEFT
            for w in [0.0] + COLUMNS:
                cx += w
                pdf.line(cx, y, cx, edges[-1])
        pdf.setFont(FONT, 14)
        pdf.drawCentredString(WIDTH / 2, 18 * mm, PAGE_LABELS[labels](number, total))
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def paragraphs(corpus_dir) -> list[str]:
    return corpus_paragraphs(corpus_dir, 12)


@pytest.fixture(scope="module")
def notice_items(paragraphs):
    return ([("title", HEADER), ("heading", "一、重要意义")]
            + [("para", p) for p in paragraphs[:6]]
            + [("table", TABLE)]
            + [("heading", "二、主要任务")]
            + [("para", p) for p in paragraphs[6:]])


@pytest.fixture(scope="module")
def notice_pdf(tmp_path_factory, notice_items) -> Path:
    return build_notice_pdf(tmp_path_factory.mktemp("pdf") / "notice.pdf", notice_items)


@pytest.fixture(scope="module")
def notice(notice_pdf):
    return read(notice_pdf)


def test_chinese_text_comes_back(notice, paragraphs):
    assert notice.format == "pdf" and notice.encoding is None
    assert len(notice.page_starts) >= 3
    # Every paragraph is one line again: wrapped lines rejoined, across page breaks too.
    lines = notice.text.split("\n")
    for paragraph in paragraphs:
        assert paragraph in lines


def test_page_numbers_and_running_header_removed(notice):
    assert "—" not in notice.text
    # The title on page 1 stays; the same words printed small atop later pages go.
    assert notice.text.count(HEADER) == 1
    assert notice.text.startswith(HEADER + "\n一、重要意义\n")
    assert any("page numbers" in w for w in notice.warnings)
    assert any("running header" in w and HEADER in w for w in notice.warnings)


def test_table_rows_in_reading_position(notice, paragraphs):
    lines = notice.text.split("\n")
    rows = ["\t".join(row) for row in TABLE]
    start = lines.index(rows[0])
    assert lines[start:start + 3] == rows
    assert lines[start - 1] == paragraphs[5]
    assert lines[start + 3] == "二、主要任务"


def test_page_starts_give_provenance(notice, paragraphs):
    starts = notice.page_starts
    assert starts[0] == 0 and list(starts) == sorted(starts)
    assert notice.page_of(notice.text.index("一、重要意义")) == 1
    assert notice.page_of(notice.text.index(paragraphs[-1][-10:])) == len(starts)


@pytest.mark.parametrize("labels", ["hyphen", "of-total"])
def test_other_page_number_styles(tmp_path, paragraphs, labels):
    items = [("title", "关于印发实施方案的通知")] + [("para", p) for p in paragraphs[:8]]
    source = read(build_notice_pdf(tmp_path / "n.pdf", items, labels=labels, header=None))
    assert "页" not in source.text.replace("页面", "")
    assert not any(line.strip(" -").isdigit() for line in source.text.split("\n"))
    assert source.text.split("\n")[1:] == paragraphs[:8]


def test_pdf_detected_by_content_despite_extension(tmp_path, notice_pdf):
    renamed = tmp_path / "notice.txt"
    renamed.write_bytes(notice_pdf.read_bytes())
    source = read(renamed)
    assert source.format == "pdf"
    assert any("extension .txt" in w for w in source.warnings)


def test_truncated_pdf_is_corrupt(tmp_path, notice_pdf):
    data = notice_pdf.read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises((CorruptInputError, UnsupportedFormatError)) as info:
        read(broken)
    assert "broken.pdf" in str(info.value) and "\n" not in str(info.value)


def test_pdf_without_text_layer_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(UnsupportedFormatError, match="no text layer"):
        read(path)


@pytest.mark.parametrize("left, right, joined", [
    ("加快推进我区政务诚信建设，进一步提升政府公", "信力", "加快推进我区政务诚信建设，进一步提升政府公信力"),
    ("红桥政办发〔201", "9〕13号", "红桥政办发〔2019〕13号"),
    ("人工智能OPC（One Person", "Company）", "人工智能OPC（One Person Company）"),
    ("到2020", "年底", "到2020年底"),
])
def test_join_wrapped(left, right, joined):
    assert join_wrapped(left, right) == joined


def test_gb9704_layout_keeps_header_block_signature_and_imprint(tmp_path, paragraphs):
    items = [("centre", "红桥区人民政府办公室文件"), ("centre", "红桥政办发〔2019〕13号"), ("rule", None),
             ("centre", "天津市红桥区人民政府办公室关于印发"), ("centre", "红桥区加强政务诚信建设实施方案的通知"),
             ("heading", "各街道办事处，各委、办、局，各相关单位："),
             ("para", paragraphs[0]), ("para", paragraphs[1]),
             ("table", [["序号", "任务", "责任单位"],
                        ["1", "建立健全政务失信记录机制，将各级人民政府和公务员在履职过程中的违法违规行为纳入政务失信记录",
                         "区发展改革委\n区财政局"]]),
             ("right", "红桥区人民政府办公室"), ("right", "2019年7月2日"),
             ("para", "（此件主动公开）"), ("rule", None),
             ("heading", "红桥区人民政府办公室　　　　　　2019年7月2日印发"), ("rule", None)]
    source = read(build_notice_pdf(tmp_path / "gb9704.pdf", items, header=None))
    assert source.text.split("\n") == [
        "红桥区人民政府办公室文件", "红桥政办发〔2019〕13号",
        "天津市红桥区人民政府办公室关于印发", "红桥区加强政务诚信建设实施方案的通知",
        "各街道办事处，各委、办、局，各相关单位：", paragraphs[0], paragraphs[1],
        "序号\t任务\t责任单位",
        "1\t建立健全政务失信记录机制，将各级人民政府和公务员在履职过程中的违法违规行为纳入政务失信记录"
        "\t区发展改革委 区财政局",  # a soft wrap is rejoined, a line break per agency is a space
        "红桥区人民政府办公室", "2019年7月2日", "（此件主动公开）",
        "红桥区人民政府办公室 2019年7月2日印发"]


def test_scanned_page_inside_a_text_pdf_is_reported(tmp_path, paragraphs):
    path = tmp_path / "mixed.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, BODY)
    pdf.drawString(LEFT, HEIGHT - 40 * mm, "一、总体要求")
    pdf.showPage()
    pdf.rect(100, 100, 300, 400, fill=1)  # an image-like page with no characters
    pdf.showPage()
    pdf.save()
    source = read(path)
    assert source.text == "一、总体要求" and len(source.page_starts) == 2
    assert any(w.startswith("page 2 of 2 has no text layer") for w in source.warnings)


def _pdf_line(text: str, x1: float, top: float) -> "object":
    from policyparse.read.pdf import _Line
    return _Line(page=0, top=top, bottom=top + 8, x0=33.3, x1=x1, size=7.8, text=text)


@pytest.mark.parametrize("prev,nxt,x1,joined", [
    # 黑政办发〔2017〕22号 (round 7 y04), set without justification: lines end 2 characters apart
    ("及时发布省内农产品价格信息以及小麦市场收购价格监测信", "息。加大强农惠农政策公开力度", 298.5, True),
    ("真正让农民群众看得到、听得", "懂。", 298.5, True),
    # a sentence's end or a heading above an item's number may stop anywhere short of the edge
    ("从严发放排污许可证。", "加强执法监管。", 298.5, False),
    ("（四）强化环境监管能力", "1、加强执法监管，规范执法行为。", 298.5, False),
    ("3 、省安全监管局专用考核目标", "4 、 行政许可审批相关考核内容", 298.5, False),
    # far short of the edge: a paragraph's end whatever its last character
    ("及时发布省内农产品价格信息", "息。加大强农惠农政策公开力度", 250.0, False),
])
def test_a_ragged_right_edge_joins_lines_that_stop_mid_sentence(prev, nxt, x1, joined):
    from policyparse.read.pdf import _continues
    assert _continues(_pdf_line(prev, x1, 100), _pdf_line(nxt, 315.9, 110), 33.3, 315.9) is joined


def test_char_page_builds_pdfplumbers_objects(notice_pdf):
    """The reader's page (policyparse.read.pdf_chars) converts characters by a shorter road:
    every object of every page, characters and rules alike, is the dict pdfplumber builds."""
    import pdfplumber

    from policyparse.read.pdf_chars import CharPage

    with pdfplumber.open(notice_pdf) as theirs, pdfplumber.open(notice_pdf) as ours:
        for page, fast in zip(theirs.pages, ours.pages):
            fast.__class__ = CharPage
            assert fast.chars and fast.objects == page.objects
            assert [list(c) for c in fast.chars] == [list(c) for c in page.chars]  # keys in pdfplumber's order
