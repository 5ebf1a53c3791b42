"""A folder of hostile inputs (issue 16): 30+ classes of files an attacker or a careless user
puts beside real notices. One real batch over it must give every good file its result, every bad
file one error row with a code of the library's own (never E900, a bug), skip what it must not
read, and write ledgers no spreadsheet runs and no reader misparses.

The folder is built at test time: symlinks, FIFOs, undecodable names and a 7 MB text cannot be
committed as fixtures.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import sqlite3
import zipfile
import zlib
from pathlib import Path

import pytest

from policyparse.batch import CSV_NAME, ERRORS_NAME, STORE_NAME, XLSX_NAME, run_batch
from policyparse.export import is_formula

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RAW = sorted((CORPUS / "raw").glob("*.txt"))
NOTICE = RAW[0].read_text(encoding="utf-8")
LONG_TITLE = "关于印发" + "加强政务诚信建设实施方案" * 7  # 88 characters: 264 bytes, cut to 80 below
BAD_UTF8_NAME = b"bad\xff\xfename.txt"


def _pdf(content: bytes, filters: str = "/FlateDecode") -> bytes:
    stream = zlib.compress(content, 9) if filters else content
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
            b"<< /Length %d %s >>\nstream\n" % (len(stream), f"/Filter {filters}".encode() if filters else b"")
            + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _docx(document_xml: bytes, *, with_document: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                         'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        if with_document:
            package.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                     for n in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
          + "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p><w:p><w:r><w:t>各区人民政府：加强政务诚信建设。</w:t></w:r></w:p>"
          "</w:body></w:document>".encode())

# name -> (bytes, expected): "ok" for a result, an error code, or "any" for a result or a coded error.
CLASSES: dict[str, tuple[bytes, str]] = {
    "good/notice.txt": (NOTICE.encode("utf-8"), "ok"),
    "good/gbk.txt": (NOTICE.encode("gbk", "replace"), "ok"),
    "good/utf16-no-bom.txt": (NOTICE.encode("utf-16-le"), "ok"),
    "good/crlf-and-controls.txt": (NOTICE.replace("\n", "\r\n").encode() + b"\x1b[31m\x07\x0b\x0c", "ok"),
    "formula/=cmd.txt": (("=HYPERLINK(\"http://evil\",\"点击\")\n-- 各区县人民政府\n" + NOTICE.replace("牵头单位：", "牵头单位：=1+1 ")
                          + "\n@SUM(A1)\r=2+2\n").encode(), "ok"),
    "formula/cr-inside.txt": (NOTICE.replace("。", "。\r", 5).encode(), "ok"),
    f"long/{LONG_TITLE[:80]}.txt": (NOTICE.encode() + "\n（长名）\n".encode(), "ok"),
    "odd/name\nwith newline.txt": (NOTICE.encode() + "\n（换行名）\n".encode(), "ok"),
    "deep/" + "/".join(f"d{n}" for n in range(40)) + "/deep-folder.txt": (NOTICE.encode() + b"\n(40)\n", "ok"),
    "html/deep-300.html": (("<html><body>" + "".join(f"<div>第{i}行加强政务诚信建设" for i in range(300))
                            + "</div>" * 300 + "</body></html>").encode(), "ok"),
    "html/wide-table.html": (("<table>" + "<tr>" + "<td rowspan=99999 colspan=99999>格</td>" * 3000 + "</tr>" * 3
                              + "</table><p>" + NOTICE[:400] + "</p>").encode(), "ok"),
    "html/script-only.html": (b"<html><head><script>alert(1)</script></head><body><!-- --></body></html>", "E102"),
    "html/nul-and-surrogate-refs.html": (("<p>各区&#0;人民&#xD800;政府：&#55296;加强建设。</p>" + NOTICE[:300]).encode(),
                                         "ok"),
    "text/nul-bytes.txt": (NOTICE.replace("。", "。\x00", 3).encode(), "any"),
    "text/empty.txt": (b"", "E102"),
    "text/whitespace.txt": (" \n\t\u3000\n".encode(), "E102"),
    "text/binary.txt": (bytes(range(256)) * 16, "E103"),
    "text/gzip.txt": (gzip.compress(NOTICE.encode()), "E101"),
    "text/encoded-surrogates.txt": (b"\xed\xa0\x80" + NOTICE.encode() + b"\xed\xb2\x80", "ok"),
    "text/one-long-line.txt": (NOTICE.replace("\n", "").encode() * 20, "ok"),
    "text/seven-megabytes.txt": (("加强政务诚信建设。" * 260_000).encode(), "E110"),
    "pdf/text-named.pdf": (NOTICE.encode(), "E103"),
    "pdf/same-bytes-as-good.pdf": (NOTICE.encode("utf-8"), "E103"),
    "pdf/truncated.pdf": (_pdf(b"BT /F1 12 Tf 72 712 Td (Notice) Tj ET")[:150], "E103"),
    "pdf/no-text-layer.pdf": (_pdf(b"0 0 m 100 100 l S"), "E101"),
    "pdf/flate-bomb.pdf": (_pdf(b"BT /F1 12 Tf 72 712 Td (Notice) Tj ET\n" + b" " * (300 << 20)), "E110"),
    "pdf/bad-filter.pdf": (_pdf(b"not zlib at all", filters="/FlateDecode") .replace(zlib.compress(b"not zlib at all", 9),
                                                                                     b"\x78\x9c garbage"), "any"),
    "docx/fake.docx": (b"PK\x03\x04 not really a zip", "E103"),
    "docx/zip-without-document.docx": (_docx(b"", with_document=False), "E103"),
    "docx/billion-laughs.docx": (_docx(LAUGHS), "any"),
    "other/notes.xls": (NOTICE.encode(), "E101"),
    "other/no-extension": (NOTICE.encode(), "E101"),
}
BAD_NAME_CLASS = "odd/" + BAD_UTF8_NAME.decode("utf-8", "surrogateescape")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    root = base / "hostile"
    for name, (data, _) in CLASSES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    odd = os.fsencode(root / "odd") + b"/" + BAD_UTF8_NAME  # a name that is not UTF-8
    with open(odd, "wb") as handle:
        handle.write(NOTICE.encode() + "\n（坏名）\n".encode())
    (root / "links").mkdir()
    (root / "links" / "passwd.txt").symlink_to("/etc/passwd")  # outside the inputs: skipped
    (root / "links" / "to-good.txt").symlink_to(root / "good" / "notice.txt")  # inside: read once
    (root / "links" / "broken.txt").symlink_to(root / "links" / "missing.txt")
    os.mkfifo(root / "other" / "fifo.txt")
    out = base / "out"
    summary = run_batch([str(root)], out, jobs=2, progress=False, timeout=120)
    conn = sqlite3.connect(out / STORE_NAME)
    files = {path: status for path, status in conn.execute("SELECT path, status FROM files")}
    errors = {path: (stage, code, reason) for path, stage, code, reason in
              conn.execute("SELECT path, stage, code, reason FROM errors")}
    outputs = dict(conn.execute("SELECT path, output FROM files WHERE status = 'ok'"))
    conn.close()
    return root, out, summary, files, errors, outputs


def test_hostile_folder_has_at_least_27_classes():
    # plus five the fixture makes: an undecodable name, three symlinks and a FIFO
    assert len(CLASSES) >= 27
    assert len({name.split("/")[0] for name in CLASSES}) >= 8  # spread over kinds, not 27 of one


def test_every_hostile_file_gets_its_outcome(hostile):
    root, out, summary, files, errors, outputs = hostile
    for name, (_, expected) in CLASSES.items():
        key = "hostile/" + name
        assert key in files, f"{name!r} is missing from the store"
        if expected == "ok":
            assert files[key] == "ok", f"{name!r}: {errors.get(key)}"
            assert (out / outputs[key]).exists()
        elif expected != "any":
            assert errors.get(key, (None, None))[1] == expected, f"{name!r}: {errors.get(key)}"


def test_no_hostile_file_is_a_bug_and_every_reason_is_one_line(hostile):
    root, out, summary, files, errors, outputs = hostile
    assert not [key for key, (_, code, _) in errors.items() if code.startswith("E9")], errors
    assert all("\n" not in reason for _, _, reason in errors.values())
    assert all(not code.startswith("E9") for _, code in summary.failures)


def test_links_fifos_and_undecodable_names(hostile):
    root, out, summary, files, errors, outputs = hostile
    assert "hostile/links/passwd.txt" not in files
    assert [key for key, _ in summary.skipped] == ["hostile/links/passwd.txt"]
    assert "broken symlink" in errors["hostile/links/broken.txt"][2]
    assert "named pipe" in errors["hostile/other/fifo.txt"][2]
    # a link to a file inside the inputs is that file: read once, under one of its names
    assert sum(key in files for key in ("hostile/links/to-good.txt", "hostile/good/notice.txt")) == 1
    assert files["hostile/odd/bad\\xff\\xfename.txt"] == "ok"


def test_hostile_ledgers_are_whole_and_inert(hostile):
    root, out, summary, files, errors, outputs = hostile
    for name in (CSV_NAME, ERRORS_NAME):
        data = (out / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert len({len(row) for row in rows}) == 1, f"{name}: a field broke its row"
        assert not [cell for row in rows[1:] for cell in row if is_formula(cell)], name
    error_rows = list(csv.reader(io.StringIO((out / ERRORS_NAME).read_text(encoding="utf-8-sig"), newline="")))
    assert len(error_rows) - 1 == len(errors)
    assert (out / XLSX_NAME).stat().st_size > 0
    ledger = (out / CSV_NAME).read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in ledger or "=HYPERLINK" not in ledger
