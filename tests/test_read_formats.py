"""Readers by content: text under office extensions, stray NUL bytes, OFD (issue 12).

``tests/cases/read/`` holds two notices of corpus/wild as the scraper saved them: a ``.txt``
with one stray NUL byte and a ``.wps`` that is UTF-8 text with two. When the shared corpus is
beside the repository, every ``.wps`` and NUL-damaged file of it is read too.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from policyparse.errors import CorruptInputError, UnsupportedFormatError
from policyparse.read import read
from policyparse.read.detect import READABLE_EXTENSIONS, detect_format

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "read"
NOTICE = "各区人民政府：\n现将《红桥区加强政务诚信建设实施方案》印发给你们，请照此执行。\n"


def _wild() -> Path | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "corpus" / "wild").is_dir():
            return base / "shared" / "corpus" / "wild"
    return None


@pytest.mark.parametrize("ext", [".wps", ".doc", ".rtf"])
def test_text_saved_under_an_office_extension_is_read_as_text(ext, tmp_path):
    path = tmp_path / f"notice{ext}"
    path.write_bytes(NOTICE.encode("utf-8"))
    source = read(path)
    assert (source.format, source.text) == ("txt", NOTICE)
    assert source.warnings == ()  # expected under these names: no "unknown extension" warning


def test_gbk_text_under_wps_is_read_as_text(tmp_path):
    path = tmp_path / "notice.wps"
    path.write_bytes(NOTICE.encode("gbk"))
    assert read(path).text == NOTICE


@pytest.mark.parametrize("name", ["wild_nul_byte.txt", "wild_text_with_nul.wps"])
def test_stray_nul_bytes_are_dropped_with_a_warning(name):
    source = read(CASES / name)
    assert "\x00" not in source.text and source.encoding == "utf-8"
    assert any("stray NUL" in w for w in source.warnings)
    assert "通知" in source.text


def test_many_nul_bytes_are_still_binary(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(b"\x00\x01\x02\x03".join(NOTICE.encode("utf-8")[k:k + 8] for k in range(0, 80, 8)))
    with pytest.raises(CorruptInputError, match="binary data"):
        read(path)


def test_binary_wps_names_the_file_and_what_reads_it(tmp_path):
    path = tmp_path / "通知.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(UnsupportedFormatError) as info:
        read(path)
    message = str(info.value)
    assert str(path) in message and "LibreOffice" in message and "\n" not in message


def test_batch_picks_up_every_readable_extension():
    assert {".wps", ".doc", ".rtf", ".ofd", ".txt", ".pdf", ".docx"} <= set(READABLE_EXTENSIONS)


def _ofd(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """A minimal GB/T 33190 container: one TextObject per character, as 易转换 writes them."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", f'<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
                                    f'</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        refs = "".join(f'<ofd:Page ID="{k}" BaseLoc="Pages/Page_{k}/Content.xml"/>' for k in range(len(pages)))
        archive.writestr("Doc_0/Document.xml", f"<ofd:Document {ns}><ofd:Pages>{refs}</ofd:Pages></ofd:Document>")
        for k, glyphs in enumerate(pages):
            objects = "".join(
                f'<ofd:TextObject ID="{i}" Boundary="{x} {y} 3.7 3.7" Font="8">'
                f'<ofd:TextCode X="0" Y="3">{char}</ofd:TextCode></ofd:TextObject>'
                for i, (x, y, char) in enumerate(glyphs))
            archive.writestr(f"Doc_0/Pages/Page_{k}/Content.xml",
                             f"<ofd:Page {ns}><ofd:Content><ofd:Layer>{objects}</ofd:Layer></ofd:Content></ofd:Page>")
    return buffer.getvalue()


def _line(text: str, y: float, x0: float = 30.0) -> list[tuple[float, float, str]]:
    return [(x0 + 3.8 * i, y + (0.3 if c in "，。" else 0.0), c) for i, c in enumerate(text)]


def test_ofd_text_is_read_line_by_line_and_page_by_page(tmp_path):
    # Objects shuffled: the reader orders them by position, not by their order in the XML.
    first = _line("各区人民政府：", 40) + _line("现将方案印发给你们，", 30)
    second = _line("请照此执行。", 30)
    path = tmp_path / "notice.ofd"
    path.write_bytes(_ofd([list(reversed(first)), second]))
    source = read(path)
    assert source.format == "ofd"
    assert source.text == "现将方案印发给你们，\n各区人民政府：\n请照此执行。\n"
    assert source.page_starts == (0, source.text.index("请"))


def test_ofd_is_detected_by_content_whatever_its_name():
    data = _ofd([_line("通知", 30)])
    assert detect_format(data, "notice.zip").format == "ofd"


def test_every_wild_wps_nul_and_ofd_file_reads():
    """All 137 .wps files, the 12 .txt files with NUL bytes and the 3 .ofd files of corpus/wild."""
    wild = _wild()
    paths = sorted(CASES.iterdir())
    if wild is not None:
        paths += sorted(p for p in wild.iterdir() if p.suffix in (".wps", ".ofd")
                        or (p.suffix == ".txt" and b"\x00" in p.read_bytes()))
        assert len(paths) >= 137 + 12 + 3
    for path in paths:
        source = read(path)
        assert "\x00" not in source.text and len(source.text) > 200, path.name
