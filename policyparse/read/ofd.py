"""OFD documents (GB/T 33190-2016): the national fixed-layout format, a zip of XML.

E-government sites publish notices as ``.ofd`` beside or instead of PDF. The container holds
``OFD.xml`` (pointing at each document's ``Document.xml``), which lists the pages; each page's
``Content.xml`` places ``TextObject`` elements whose ``Boundary`` is ``x y width height`` in
millimetres and whose ``TextCode`` holds the characters (its ``X``/``Y`` offset the first
character inside the object, ``DeltaX`` spaces the rest). Converters such as 易转换 write one
character per object, so the text is rebuilt by position, as for PDF: objects on one baseline
form a printed line, lines are read top to bottom, and each page starts on a new line (its
offset kept in ``page_starts``). Hard wraps stay; ``join_pdf_lines`` of the normalize stage
rejoins them, as for PDF text.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from ..errors import CorruptInputError, EmptyInputError

__all__ = ["read_ofd", "OfdText"]

#: Characters whose vertical positions differ by less than this share of their height sit on
#: one printed line (subscripts and punctuation drawn a little lower stay on it).
SAME_LINE = 0.5
#: A horizontal gap wider than this share of the character height between two objects of one
#: line is a space the layout drew (between a 牵头单位 column and the next).
GAP_SPACE = 1.5


class _Glyph(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    text: str


@dataclass(frozen=True)
class OfdText:
    text: str
    page_starts: tuple[int, ...]
    warnings: tuple[str, ...] = ()


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(archive: zipfile.ZipFile, name: str, where: str):
    try:
        return etree.fromstring(archive.read(name), parser=etree.XMLParser(resolve_entities=False,
                                                                          no_network=True))
    except KeyError:
        raise CorruptInputError(f"OFD container lacks {name}", path=where) from None
    except etree.XMLSyntaxError as exc:
        raise CorruptInputError(f"OFD part {name} is not well-formed XML ({exc})", path=where) from None


def _child_text(element, name: str) -> list[str]:
    return [(e.text or "").strip() for e in element.iter() if _local(e.tag) == name]


def _page_files(archive: zipfile.ZipFile, where: str) -> list[str]:
    """Content.xml of every page, in document order, following OFD.xml -> Document.xml."""
    root = _parse(archive, "OFD.xml", where)
    pages = []
    for doc_root in _child_text(root, "DocRoot"):
        doc_root = doc_root.lstrip("/")
        document = _parse(archive, doc_root, where)
        base = posixpath.dirname(doc_root)
        for page in (e for e in document.iter() if _local(e.tag) == "Page"):
            location = page.get("BaseLoc", "").lstrip("/")
            if location:
                pages.append(location if location in archive.namelist() else posixpath.join(base, location))
    return pages


def _numbers(value: str | None, count: int) -> list[float]:
    try:
        parts = [float(v) for v in (value or "").split()]
    except ValueError:
        return [0.0] * count
    return (parts + [0.0] * count)[:count]


def _glyphs(page) -> list[_Glyph]:
    out = []
    for obj in page.iter():
        if _local(obj.tag) != "TextObject":
            continue
        x, y, width, height = _numbers(obj.get("Boundary"), 4)
        for code in obj:
            if _local(code.tag) != "TextCode" or not code.text:
                continue
            dx = _numbers(code.get("X"), 1)[0]
            # X/Y are in the object's own units; the Boundary's height is the printed size, and
            # one character per object is the rule, so the object's position is what orders.
            out.append(_Glyph(x + min(dx, width), y, width, height or 1.0, code.text))
    return out


def _lines(glyphs: list[_Glyph]) -> list[str]:
    rows: list[list[_Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.y, g.x)):
        if rows and abs(rows[-1][0].y - glyph.y) < SAME_LINE * max(glyph.height, rows[-1][0].height):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    lines = []
    for row in rows:
        row.sort(key=lambda g: g.x)
        pieces = [row[0].text]
        for prev, glyph in zip(row, row[1:]):
            if glyph.x - (prev.x + prev.width) > GAP_SPACE * glyph.height:
                pieces.append(" ")
            pieces.append(glyph.text)
        lines.append("".join(pieces).rstrip())
    return lines


def read_ofd(data: bytes, where: str) -> OfdText:
    """Text of an OFD document, one printed line per line, pages in order.

    Raises CorruptInputError for a damaged container, EmptyInputError for pages without text
    (a scanned notice, which needs OCR).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptInputError(f"damaged OFD container ({exc})", path=where) from None
    with archive:
        parts, page_starts = [], []
        offset = 0
        for name in _page_files(archive, where):
            lines = _lines(_glyphs(_parse(archive, name, where)))
            page_starts.append(offset)
            page = "\n".join(lines) + "\n"
            parts.append(page)
            offset += len(page)
    text = "".join(parts)
    if not text.strip():
        raise EmptyInputError("OFD document has no text layer (a scan needs OCR first)", path=where)
    return OfdText(text, tuple(page_starts))
