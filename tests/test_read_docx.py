"""DOCX reading: paragraphs and tables in body order, merged cells, text boxes, content controls."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from lxml import etree

from policyparse.errors import CorruptInputError, EmptyInputError
from policyparse.read import read


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

TASKS = [["序号", "工作任务", "牵头单位", "完成时限"],
         ["1", "建立政务诚信档案", "区发展改革委", "2019年底前"],
         ["2", "开展公务员诚信教育培训", "区人力社保局", "长期坚持"]]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def build_notice_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("天津市红桥区人民政府办公室关于印发红桥区加强政务诚信建设实施方案的通知")
    document.add_paragraph("红桥政办发〔2019〕13号")
    document.add_paragraph("各街道办事处，各委、办、局：")
    table = document.add_table(rows=len(TASKS), cols=4)
    for r, row in enumerate(TASKS):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    document.add_paragraph("附件：任务分工表\t（共1页）")
    para = document.add_paragraph("联系人：张三")
    para.add_run().add_break()
    para.add_run("联系电话：12345678")
    document.add_paragraph("")
    document.add_paragraph("红桥区人民政府办公室")
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def notice_docx(tmp_path_factory) -> Path:
    return build_notice_docx(tmp_path_factory.mktemp("docx") / "notice.docx")


def test_paragraphs_and_table_in_body_order(notice_docx):
    source = read(notice_docx)
    assert source.format == "docx" and source.encoding is None
    assert source.text.split("\n") == [
        "天津市红桥区人民政府办公室关于印发红桥区加强政务诚信建设实施方案的通知",
        "红桥政办发〔2019〕13号",
        "各街道办事处，各委、办、局：",
        *("\t".join(row) for row in TASKS),
        "附件：任务分工表 （共1页）",  # a paragraph tab is not a table cell
        "联系人：张三",
        "联系电话：12345678",
        "",
        "红桥区人民政府办公室",
    ]


def test_merged_cells_keep_the_column_count(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["序号", "任务", "牵头单位"], ["1", "建立档案", "区发展改革委"], ["2", "开展培训", ""]]):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    table.cell(1, 2).merge(table.cell(2, 2))  # one 牵头单位 for both tasks (vertical merge)
    title = table.add_row()
    title.cells[0].merge(title.cells[2]).text = "二、保障措施"  # a section row spanning the table
    document.save(str(tmp_path / "merged.docx"))
    lines = read(tmp_path / "merged.docx").text.split("\n")
    assert lines == ["序号\t任务\t牵头单位", "1\t建立档案\t区发展改革委", "2\t开展培训\t",
                     "二、保障措施\t\t"]


def _insert_after_first_paragraph(path: Path, xml: str) -> None:
    """Add raw WordprocessingML to a saved document (python-docx cannot write text boxes)."""
    document = docx.Document(str(path))
    body = document.element.body
    fragment = etree.fromstring(
        f'<w:root xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"{xml}</w:root>")
    anchor = body.find("w:p", NS)
    for element in reversed(list(fragment)):
        anchor.addnext(copy.deepcopy(element))
    document.save(str(path))


def test_text_box_read_once_and_content_controls_descended(tmp_path):
    path = tmp_path / "boxes.docx"
    document = docx.Document()
    document.add_paragraph("正文第一段")
    document.add_paragraph("正文第二段")
    document.save(str(path))
    _insert_after_first_paragraph(path, """
      <w:p><w:r><mc:AlternateContent>
        <mc:Choice Requires="wps"><w:drawing><w:txbxContent>
          <w:p><w:r><w:t>红桥区人民政府办公室文件</w:t></w:r></w:p>
        </w:txbxContent></w:drawing></mc:Choice>
        <mc:Fallback><w:pict><w:txbxContent>
          <w:p><w:r><w:t>红桥区人民政府办公室文件</w:t></w:r></w:p>
        </w:txbxContent></w:pict></mc:Fallback>
      </mc:AlternateContent></w:r></w:p>
      <w:sdt><w:sdtContent><w:p><w:r><w:t>控件中的段落</w:t></w:r>
        <w:r><w:delText>删除的文字</w:delText></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>
      </w:sdtContent></w:sdt>""")
    lines = read(path).text.split("\n")
    assert lines == ["正文第一段", "", "红桥区人民政府办公室文件", "控件中的段落", "正文第二段"]


def test_empty_docx(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(EmptyInputError, match="blank.docx"):
        read(path)


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("各区人民政府：现将方案印发给你们。", encoding="utf-8")
    with pytest.raises(CorruptInputError, match=r"fake\.docx: named \.docx but holds text"):
        read(path)


def test_truncated_docx(tmp_path, notice_docx):
    data = notice_docx.read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptInputError, match="cut.docx"):
        read(path)


def test_zip_without_document_xml(tmp_path):
    import zipfile

    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a word file")
    with pytest.raises(CorruptInputError, match="without word/document.xml"):
        read(path)


def test_docx_with_broken_document_xml(tmp_path, notice_docx):
    import zipfile

    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(notice_docx) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(CorruptInputError, match="broken.docx: damaged .docx"):
        read(path)


NUMBERING = """
<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>"""


def _numbered(document, text: str, level: int, num_id: str = "90"):
    paragraph = document.add_paragraph(text)
    props = paragraph._p.get_or_add_pPr()
    props.append(etree.fromstring(
        f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def test_automatic_outline_numbers_are_rendered(tmp_path):
    document = docx.Document()
    numbering = document.part.numbering_part.element
    # abstractNum elements must precede num elements in numbering.xml
    numbering.insert(0, etree.fromstring(NUMBERING.format(W=W)))
    numbering.append(etree.fromstring(
        f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    outline = [("总体要求", 0), ("指导思想", 1), ("基本原则", 1), ("坚持依法行政", 2),
               ("坚持政务公开", 2), ("要点", 3), ("主要任务", 0), ("加强政务诚信监督", 1)]
    for text, level in outline:
        _numbered(document, text, level)
    document.add_paragraph("第一项", style="List Number")  # numbered through its style
    document.add_paragraph("第二项", style="List Number")
    document.save(str(tmp_path / "outline.docx"))
    assert read(tmp_path / "outline.docx").text.split("\n") == [
        "一、总体要求", "（一）指导思想", "（二）基本原则", "1.坚持依法行政", "2.坚持政务公开",
        "要点", "二、主要任务", "（一）加强政务诚信监督", "1.第一项", "2.第二项"]


@pytest.mark.parametrize("fmt, values", [
    ("chineseCounting", ["一", "十", "十一", "二十", "二十一"]),
    ("chineseLegalSimplified", ["壹", "拾", "拾壹", "贰拾", "贰拾壹"]),
    ("decimalEnclosedCircle", ["①", "⑩", "⑪", "⑳", "21"]),
    ("ideographTraditional", ["甲", "癸", "甲", "癸", "甲"]),
    ("upperRoman", ["I", "X", "XI", "XX", "XXI"]),
])
def test_number_formats(fmt, values):
    from policyparse.read.docx import _FORMATS

    assert [_FORMATS[fmt](n) for n in (1, 10, 11, 20, 21)] == values
