"""Word ``.docx`` notices via python-docx: paragraphs and tables in body order.

python-docx opens and validates the package; the body is then walked at the XML level because
notices use constructs its paragraph API skips or duplicates:

* text boxes (``w:txbxContent``) often hold the red-head issuer mark (发文机关标志) or a
  sidebar; their paragraphs become lines after the paragraph that anchors them. Word writes a
  text box twice (``mc:Choice`` and a VML ``mc:Fallback`` copy); only the first is read.
* content controls (``w:sdt``) wrap paragraphs and tables in templates; they are descended into.
* deleted revisions (``w:delText``) and field codes (``w:instrText``) are not text.

A table row becomes one line of ``\\t``-joined cells. A horizontally merged cell
(``w:gridSpan``) is followed by empty cells and a vertically merged continuation
(``w:vMerge`` without ``restart``) is empty, so every row keeps the grid's column count and the
PDF reader's convention (merged text once, blanks elsewhere). Paragraphs inside a cell are
joined by a space. A tab inside an ordinary paragraph becomes a space, because ``\\t`` marks
table cells for the segment stage. Headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import io

from ..errors import CorruptInputError, EmptyInputError

__all__ = ["read_docx", "docx_body_lines"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = map(_q, ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR, _TXBX = map(_q, ("t", "tab", "br", "cr", "txbxContent"))
_FALLBACK = f"{{{_MC}}}Fallback"


def _paragraph(p) -> tuple[str, list]:
    """Text of one ``w:p`` (``\\n`` for line breaks) and the text-box contents anchored in it."""
    parts: list[str] = []
    boxes: list = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if tag == _FALLBACK:
                continue
            if tag == _TXBX:
                boxes.append(child)
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append(" ")
            elif tag in (_BR, _CR):
                if child.get(_q("type")) in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == _P:  # never nested directly, but be safe
                continue
            else:
                walk(child)

    walk(p)
    return "".join(parts), boxes


def _cell_text(tc) -> str:
    lines: list[str] = []
    _blocks(tc, lines)
    return " ".join(line.replace("\t", " ").strip() for line in lines if line.strip())


def _children(node, tag: str):
    """Direct children with ``tag``, looking through content controls (``w:sdt``) around them."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT):
            yield from _children(child, tag)


def _row(tr) -> str:
    cells: list[str] = []
    for tc in _children(tr, _TC):
        props = tc.find(_q("tcPr"))
        span = 1
        continued = False
        if props is not None:
            grid = props.find(_q("gridSpan"))
            if grid is not None and (grid.get(_q("val")) or "").isdigit():
                span = max(1, min(int(grid.get(_q("val"))), 50))
            merge = props.find(_q("vMerge"))
            continued = merge is not None and merge.get(_q("val")) != "restart"
        cells.append("" if continued else _cell_text(tc))
        cells.extend([""] * (span - 1))
    return "\t".join(cells)


def _blocks(container, lines: list[str]) -> None:
    """Append the lines of the paragraphs and tables directly inside ``container``."""
    for child in container:
        tag = child.tag
        if tag == _P:
            text, boxes = _paragraph(child)
            for line in text.split("\n"):
                lines.append(line.replace("\t", " ").rstrip())
            for box in boxes:
                _blocks(box, lines)
        elif tag == _TBL:
            for tr in _children(child, _TR):
                row = _row(tr)
                if row.strip("\t "):
                    lines.append(row)
        elif tag in (_SDT, _SDT_CONTENT):
            _blocks(child, lines)


def docx_body_lines(document) -> list[str]:
    """Lines of a python-docx ``Document`` body, blank paragraphs kept as empty strings."""
    lines: list[str] = []
    _blocks(document.element.body, lines)
    return lines


def read_docx(data: bytes, where: str = "<bytes>") -> str:
    """Text of a ``.docx`` notice: one line per paragraph, one ``\\t``-joined line per table row.

    Raises CorruptInputError when the package is damaged (bad zip, missing or broken
    ``document.xml``) and EmptyInputError when the body holds no text.
    """
    import docx
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        lines = docx_body_lines(document)
    except (LxmlError, KeyError, ValueError, OSError, EOFError) as exc:
        raise CorruptInputError(f"damaged .docx ({type(exc).__name__}: {str(exc)[:120]})",
                                path=where) from None
    except Exception as exc:  # python-docx wraps zipfile/opc failures in its own types
        if type(exc).__module__.startswith(("docx", "zipfile")):
            raise CorruptInputError(f"damaged .docx ({type(exc).__name__}: {str(exc)[:120]})",
                                    path=where) from None
        raise
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise EmptyInputError(".docx body has no text", path=where)
    return text
