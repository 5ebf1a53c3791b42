"""Bad input: one PolicyParseError subclass with a one-line message naming file and problem."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

import pytest

from policyparse.errors import (CorruptInputError, EmptyInputError, InputError,
                                UnsupportedFormatError)
from policyparse.read import read
from policyparse.read.detect import detect_format

NOTICE = "各区人民政府：\n现将《红桥区加强政务诚信建设实施方案》印发给你们，请照此执行。\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(64)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


RANDOM = zlib.compress(os.urandom(4096))  # incompressible bytes, NULs and control bytes galore
# High bytes only: GB18030 "decodes" them without error into rare characters.
HIGH_BYTES = bytes(128 + b % 128 for b in os.urandom(4096))

BAD_FILES = [
    # (label, file name, bytes, error class, words the message must contain)
    ("empty file", "empty.txt", b"", EmptyInputError, "empty"),
    ("only whitespace", "blank.txt", b" \r\n\t\n", EmptyInputError, "empty"),
    ("utf-16 BOM and nothing else", "bom.txt", b"\xff\xfe \x00\n\x00", EmptyInputError, "whitespace"),
    ("text named .pdf", "notice.pdf", NOTICE.encode("gbk"), CorruptInputError, "named .pdf but holds text"),
    ("html error page named .pdf", "notice.pdf", b"<html><body>404 Not Found</body></html>",
     CorruptInputError, "holds HTML"),
    ("pdf header only", "cut.pdf", b"%PDF-1.7\n", CorruptInputError, "PDF"),
    ("binary named .txt", "data.txt", RANDOM, CorruptInputError, "named .txt but holds binary data"),
    ("binary without a name", None, RANDOM, UnsupportedFormatError, "binary"),
    ("high bytes that decode as GB18030 noise", "noise.txt", HIGH_BYTES, CorruptInputError,
     "common Chinese characters"),
    ("PNG scan", "scan.png", PNG, UnsupportedFormatError, "PNG image"),
    ("PNG named .txt", "scan.txt", PNG, UnsupportedFormatError, "OCR"),
    ("legacy Word .doc", "notice.doc", OLE2, UnsupportedFormatError, ".doc"),
    ("OLE2 named .docx", "notice.docx", OLE2, UnsupportedFormatError, "save it as .docx"),
    ("OFD without pages", "notice.ofd", _zip(["OFD.xml", "Doc_0/Document.xml"]), EmptyInputError,
     "OFD document has no text layer"),
    ("binary WPS document", "notice.wps", OLE2, UnsupportedFormatError, "save it as .docx"),
    ("RTF document", "notice.rtf", b"{\\rtf1\\ansi\\ansicpg936 \\'b8\\'f7}", UnsupportedFormatError,
     "RTF document"),
    ("Excel workbook named .docx", "tasks.docx", _zip(["xl/workbook.xml"]), CorruptInputError,
     "an Excel workbook"),
    ("damaged zip named .docx", "notice.docx", b"PK\x03\x04" + os.urandom(40), CorruptInputError, "zip"),
]


@pytest.mark.parametrize("label, name, data, error, words", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_bytes(label, name, data, error, words, tmp_path):
    if name is None:
        with pytest.raises(error) as info:
            read(data)
        assert "<bytes>" in str(info.value)
    else:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(error) as info:
            read(path)
        assert str(path) in str(info.value)
    message = str(info.value)
    assert words in message and "\n" not in message
    assert message.startswith(f"[{error.code}] ")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file") as info:
        read(tmp_path / "nowhere.txt")
    assert type(info.value) is InputError


def test_missing_file_given_as_str_is_not_taken_for_text(tmp_path):
    with pytest.raises(InputError, match="nowhere.pdf: no such file"):
        read(str(tmp_path / "nowhere.pdf"))


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read(tmp_path)


def test_unsupported_python_type():
    with pytest.raises(InputError, match="cannot read a int"):
        read(42)


def test_empty_str():
    with pytest.raises(EmptyInputError):
        read("  \n ")


def test_str_is_notice_text():
    source = read(NOTICE)
    assert source.format == "txt" and source.text == NOTICE and source.encoding is None


def test_existing_path_given_as_str(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode("gb18030"))
    source = read(str(path))
    assert source.text == NOTICE and source.path == str(path) and source.encoding == "gbk"


def test_bytes_keep_their_name_and_hash():
    data = NOTICE.encode("utf-8")
    source = read(data, name="upload/通知.txt")
    assert source.path == "upload/通知.txt" and source.size == len(data)
    assert len(source.sha256) == 64


@pytest.mark.parametrize("data, name, fmt", [
    (b"%PDF-1.4\n", "a.pdf", "pdf"),
    (b"  \n<!DOCTYPE html><html>", "a.txt", "html"),
    (b"<div class=\"wrap\"><p>", None, "html"),
    ("一、总体要求".encode("gbk"), "a.md", "txt"),
    ("关于印发方案的通知<br>一、总体要求".encode("utf-8"), "a.html", "html"),  # tag not at the start
    ("一、总体要求\n二、主要目标".encode("utf-8"), "a.html", "txt"),  # no tag: HTML would glue lines
    ("一、总体要求".encode("utf-8"), "a.csv", "txt"),
])
def test_detect_format(data, name, fmt):
    assert detect_format(data, name).format == fmt


def test_unknown_text_extension_warns():
    assert "unknown extension .csv" in detect_format("一、总体要求".encode(), "a.csv").warnings[0]
