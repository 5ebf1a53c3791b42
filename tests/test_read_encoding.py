"""Encoding detection on real notice text re-encoded the ways Chinese files arrive."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from policyparse.read import read
from policyparse.read.detect import decode_text, html_declared_charset

RAW = sorted((Path(__file__).resolve().parent.parent / "corpus" / "raw").glob("*.txt"))


def corpus_text(index: int) -> str:
    return RAW[index].read_text(encoding="utf-8")


def traditional(text: str) -> str:
    """Simplified -> traditional (OpenCC s2t), keeping only characters Big5 can hold."""
    import opencc

    converted = opencc.OpenCC("s2t").convert(text)
    return "".join(ch for ch in converted if _big5_ok(ch))


def _big5_ok(ch: str) -> bool:
    try:
        ch.encode("big5")
        return True
    except UnicodeEncodeError:
        return False


def gbk_safe(text: str) -> str:
    # 001 and 004 hold U+00A0 from the web pages they were copied from; GBK has no such code.
    return text.replace("\xa0", " ")


@pytest.mark.parametrize("index", range(len(RAW)))
def test_corpus_files_read_as_utf8(index):
    source = read(RAW[index])
    assert source.encoding == "utf-8"
    assert source.format == "txt"
    assert source.text == RAW[index].read_text(encoding="utf-8")
    assert source.warnings == ()


def test_utf8_file_that_file_calls_a_dos_executable():
    # corpus/raw/004 starts with bytes e9 99 95, which `file` reads as an x86 JMP.
    path = next(p for p in RAW if p.name.startswith("004_"))
    assert path.read_bytes()[:1] == b"\xe9"
    source = read(path)
    assert source.encoding == "utf-8" and source.text.startswith("陕西省")


ENCODINGS = [
    # (label, codec used to write, acceptable reported codecs, text transform)
    ("gbk", "gbk", {"gbk"}, gbk_safe),
    ("gb18030", "gb18030", {"gbk", "gb18030"}, lambda t: t),
    ("big5", "big5", {"big5"}, traditional),
    ("utf-16 BOM", "utf-16", {"utf-16"}, lambda t: t),
    ("utf-16-be BOM", None, {"utf-16"}, lambda t: t),
    ("utf-8-sig", "utf-8-sig", {"utf-8-sig"}, lambda t: t),
    ("utf-8", "utf-8", {"utf-8"}, lambda t: t),
]


@pytest.mark.parametrize("label, codec, reported, transform", ENCODINGS, ids=[e[0] for e in ENCODINGS])
@pytest.mark.parametrize("index", range(len(RAW)))
def test_detection_and_exact_round_trip(label, codec, reported, transform, index):
    text = transform(corpus_text(index))
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be") if codec is None else text.encode(codec)
    source = read(data, name="notice.txt")
    assert source.encoding in reported, source.encoding_evidence
    assert source.text == text
    assert source.warnings == ()
    assert source.encoding_evidence


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    text = corpus_text(1)
    source = read(text.encode(codec), name="export.txt")
    assert source.encoding == codec and source.text == text
    assert "no BOM" in source.encoding_evidence


def test_gb18030_four_byte_characters_reported_as_gb18030():
    # 𠀀 (U+20000) and 㐀 are outside GBK; GB18030 writes them with four bytes.
    text = "关于㐀字与𠀀字的说明：\n" + corpus_text(0)
    source = read(text.encode("gb18030"), name="a.txt")
    assert source.encoding == "gb18030" and source.text == text


def test_gbk_with_corrupt_bytes_counts_them():
    text = gbk_safe(corpus_text(2))
    # 0xFF is never a valid GBK byte; 0xB9 is a lead byte cut off by the end of the file.
    pieces = [text[:100], text[100:2000], text[2000:]]
    data = b"\xff".join(p.encode("gbk") for p in pieces) + b"\xb9"
    source = read(data, name="damaged.txt")
    assert source.encoding in ("gbk", "gb18030")
    assert len(source.warnings) == 1 and source.warnings[0].startswith("3 undecodable bytes")
    assert source.text == "\ufffd".join(pieces) + "\ufffd"


def test_utf8_with_a_damaged_byte_stays_utf8():
    # GB18030 accepts almost any high-byte sequence; one bad byte must not switch the codec.
    data = bytearray(corpus_text(3).encode("utf-8"))
    data[300] = 0xFF
    source = read(bytes(data), name="damaged.txt")
    assert source.encoding == "utf-8"
    assert source.warnings and "undecodable" in source.warnings[0]
    assert source.text.endswith(corpus_text(3)[-200:])


@pytest.mark.parametrize("text", [
    "国务院关于加强政务诚信建设的指导意见",
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "一、总体要求",
])
def test_short_gbk_and_big5_lines_are_told_apart(text):
    assert decode_text(text.encode("gbk")).text == text
    trad = traditional(text)
    assert decode_text(trad.encode("big5")).text == trad


def test_html_meta_charset_gbk():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            '</head><body><p>各区人民政府：</p><p>镕基同志</p></body></html>')
    data = page.encode("gbk")  # 镕 is GBK-only: gb2312 pages need the GBK superset
    source = read(data, name="page.html")
    assert source.format == "html"
    assert source.text == "各区人民政府：\n镕基同志"
    assert "declared charset gb18030" in source.encoding_evidence


def test_html_meta_charset_that_lies_is_overruled_by_valid_utf8():
    page = '<meta charset="gb2312"><p>各区人民政府：</p>'
    source = read(page.encode("utf-8"), name="page.html")
    assert source.encoding == "utf-8"
    assert "declares gb18030" in source.encoding_evidence


@pytest.mark.parametrize("markup, codec", [
    (b'<meta charset="utf-8">', "utf-8"),
    (b"<meta charset=GBK>", "gb18030"),
    (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=big5'>", "big5"),
    (b"<p>no declaration</p>", None),
])
def test_html_declared_charset(markup, codec):
    assert html_declared_charset(markup) == codec


def test_utf16_html_page_is_rendered():
    page = "<html><body><p>各区人民政府：</p><script>x()</script><p>现印发给你们。</p></body></html>"
    source = read(codecs.BOM_UTF16_LE + page.encode("utf-16-le"), name="page.htm")
    assert source.format == "html" and source.encoding == "utf-16"
    assert source.text == "各区人民政府：\n现印发给你们。"


def test_crlf_becomes_newline():
    source = read("一、总体要求\r\n二、主要任务\r\n".encode("gbk"), name="a.txt")
    assert source.text == "一、总体要求\n二、主要任务\n"
