"""Word ``.docx`` notices via python-docx: paragraphs and tables in body order.

python-docx opens and validates the package; the body is then walked at the XML level because
notices use constructs its paragraph API skips or duplicates:

* text boxes (``w:txbxContent``) often hold the red-head issuer mark (发文机关标志) or a
  sidebar; their paragraphs become lines after the paragraph that anchors them. Word writes a
  text box twice (``mc:Choice`` and a VML ``mc:Fallback`` copy); only the first is read.
* content controls (``w:sdt``) wrap paragraphs and tables in templates; they are descended into.
* deleted revisions (``w:delText``) and field codes (``w:instrText``) are not text.
* automatic list numbers (``一、``, ``（一）``, ``1.``), which Word computes from
  ``numbering.xml`` instead of storing them, are rendered before the paragraph text.

A table row becomes one line of ``\\t``-joined cells. A horizontally merged cell
(``w:gridSpan``) is followed by empty cells and a vertically merged continuation
(``w:vMerge`` without ``restart``) is empty, so every row keeps the grid's column count and the
PDF reader's convention (merged text once, blanks elsewhere). The table model
(:class:`~policyparse.table.Table`) keeps what the text cannot: those blanks are covered slots
of the merged cell, and rows marked ``w:tblHeader`` are header rows. Paragraphs inside a cell are
joined by a space. A tab inside an ordinary paragraph becomes a space, because ``\\t`` marks
table cells for the segment stage. Headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from typing import Optional

from ..errors import CorruptInputError, EmptyInputError
from ..table import MAX_COLS, MAX_ROWS, Cell, Table, place_rows

__all__ = ["read_docx", "docx_body_lines", "DocxText"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = map(_q, ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR, _TXBX = map(_q, ("t", "tab", "br", "cr", "txbxContent"))
_FALLBACK = f"{{{_MC}}}Fallback"


# -- automatic numbering ------------------------------------------------------------------------
# Word computes list numbers (一、 （一） 1. ①) at display time from numbering.xml; they are not
# in the paragraph text. Notices drafted from templates number their outline this way, and the
# segment stage needs the markers, so they are rendered here. Formats are the ECMA-376
# ST_NumberFormat values a Chinese notice uses.

_HAN_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"  # ideographTraditional: 天干
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"  # ideographZodiac: 地支


def _han_number(n: int, digits: str = _HAN_DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (how 第十一条 and 二十、 are written).

    >>> [_han_number(n) for n in (1, 10, 11, 20, 21, 100, 105, 110)]
    ['一', '十', '十一', '二十', '二十一', '一百', '一百零五', '一百一十']
    """
    if n <= 0 or n >= 1000:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + hundred
    if not rest:
        return head
    if rest < 10:
        return head + "零" + digits[rest]
    return head + digits[rest // 10] + ten + (digits[rest % 10] if rest % 10 else "")


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _enclosed(first: int, count: int):
    return lambda n: chr(first + n - 1) if 1 <= n <= count else str(n)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalHalfWidth": str,
    "chineseCounting": _han_number,
    "chineseCountingThousand": _han_number,
    "japaneseCounting": _han_number,
    "taiwaneseCounting": _han_number,
    "taiwaneseCountingThousand": _han_number,
    "ideographDigital": lambda n: "".join(_HAN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_HAN_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _han_number(n, _LEGAL_DIGITS, "拾", "佰"),
    "ideographLegalTraditional": lambda n: _han_number(n, "零壹貳參肆伍陸柒捌玖", "拾", "佰"),
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: _BRANCHES[(n - 1) % 12],
    "decimalEnclosedCircle": _enclosed(0x2460, 20),  # ① … ⑳
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 20),
    "decimalEnclosedParen": _enclosed(0x2474, 20),  # ⑴ … ⒇
    "decimalEnclosedFullstop": _enclosed(0x2488, 20),  # ⒈ … ⒛
    "ideographEnclosedCircle": _enclosed(0x3280, 10),  # ㊀ … ㊉
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


class _Numbering:
    """Renders the list label (``一、``, ``（二）``, ``3.``) of numbered paragraphs, in order."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.instance: dict[str, str] = {}  # numId -> counter key
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            self._read_definitions(root)
        try:
            self._read_styles(document.styles.element)
        except (KeyError, AttributeError):
            pass

    def _read_definitions(self, root) -> None:
        abstract = {}
        for node in root.iter(_q("abstractNum")):
            levels = {}
            for lvl in node.iter(_q("lvl")):
                ilvl = int(lvl.get(_q("ilvl"), "0") or 0)
                start = lvl.find(_q("start"))
                fmt = lvl.find(_q("numFmt"))
                text = lvl.find(_q("lvlText"))
                suffix = lvl.find(_q("suff"))
                levels[ilvl] = (
                    int(start.get(_q("val"), "1")) if start is not None else 1,
                    fmt.get(_q("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_q("val"), "") if text is not None else "",
                    suffix.get(_q("val"), "tab") if suffix is not None else "tab",
                )
            abstract[node.get(_q("abstractNumId"))] = levels
        for num in root.iter(_q("num")):
            num_id = num.get(_q("numId"))
            ref = num.find(_q("abstractNumId"))
            abstract_id = ref.get(_q("val")) if ref is not None else None
            self.levels[num_id] = abstract.get(abstract_id, {})
            overrides = {}
            for override in num.iter(_q("lvlOverride")):
                start = override.find(_q("startOverride"))
                if start is not None:
                    overrides[int(override.get(_q("ilvl"), "0"))] = int(start.get(_q("val"), "1"))
            self.overrides[num_id] = overrides
            # Lists sharing an abstract definition continue one count unless restarted.
            self.instance[num_id] = num_id if overrides else f"abstract:{abstract_id}"

    def _read_styles(self, root) -> None:
        based_on, own = {}, {}
        for style in root.iter(_q("style")):
            style_id = style.get(_q("styleId"))
            parent = style.find(_q("basedOn"))
            if parent is not None:
                based_on[style_id] = parent.get(_q("val"))
            num_pr = style.find(f"{_q('pPr')}/{_q('numPr')}")
            if num_pr is not None:
                own[style_id] = self._num_pr(num_pr)
        for style_id in list(based_on) + list(own):
            seen, current = 0, style_id
            while current and current not in own and seen < 10:
                current, seen = based_on.get(current), seen + 1
            if current in own and own[current][0]:
                self.style_numbering[style_id] = own[current]

    @staticmethod
    def _num_pr(num_pr) -> tuple[Optional[str], int]:
        num_id = num_pr.find(_q("numId"))
        ilvl = num_pr.find(_q("ilvl"))
        return (num_id.get(_q("val")) if num_id is not None else None,
                int(ilvl.get(_q("val"), "0")) if ilvl is not None else 0)

    def label(self, p) -> str:
        """The label Word would show before paragraph ``p`` ("" when it is not numbered)."""
        if not self.levels:
            return ""
        props = p.find(_q("pPr"))
        num_id, ilvl = None, 0
        if props is not None:
            num_pr = props.find(_q("numPr"))
            if num_pr is not None:
                num_id, ilvl = self._num_pr(num_pr)
            elif (style := props.find(_q("pStyle"))) is not None:
                num_id, ilvl = self.style_numbering.get(style.get(_q("val")), (None, 0))
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        key = self.instance[num_id]
        counters = self.counters.setdefault(key, {})
        overrides = self.overrides.get(num_id, {})
        if ilvl not in counters:
            counters[ilvl] = overrides.get(ilvl, levels[ilvl][0]) - 1
        counters[ilvl] += 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # （一） restarts after each 一、
        start, fmt, text, suffix = levels[ilvl]
        if fmt == "bullet":
            return ""  # a bullet glyph (often a Symbol-font private-use character) is not text

        def number(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            if level not in levels:
                return ""
            value = counters.get(level, levels[level][0])
            return _FORMATS.get(levels[level][1], str)(value)

        rendered = re.sub(r"%([1-9])", number, text)
        return rendered + (" " if suffix == "space" and rendered else "")


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


def _cell_text(tc, numbering: "_Numbering") -> str:
    lines: list[str] = []
    _blocks(tc, lines, numbering)
    return " ".join(line.replace("\t", " ").strip() for line in lines if line.strip())


def _children(node, tag: str):
    """Direct children with ``tag``, looking through content controls (``w:sdt``) around them."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT):
            yield from _children(child, tag)


class _TableCollector:
    """The tables met while walking a body, each with the lines its rows were rendered to."""

    def __init__(self) -> None:
        self.found: list[tuple[Table, dict[int, int]]] = []  # table, row -> line index

    def placed(self, lines: list[str], offset: int) -> tuple[Table, ...]:
        """The tables with their cells placed in ``"\\n".join(lines)[offset:]``."""
        starts, pos = [], -offset
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        return tuple(place_rows(table, {r: (starts[i], lines[i]) for r, i in rows.items()})
                     for table, rows in self.found)


def _table_rows(tbl, numbering: "_Numbering") -> tuple[Table, list[str]]:
    """A ``w:tbl`` as a grid, and each row's line (that row's own cells; blank rows "").

    ``w:gridSpan`` widens a cell to the right; ``w:vMerge`` without ``restart`` continues the
    cell above in the same grid column, so that slot is covered by the cell that began the
    merge (one 牵头单位 for several tasks). Rows marked ``w:tblHeader`` (repeated on every page
    Word prints) are the header rows.
    """
    slots: dict[tuple[int, int], dict] = {}
    lines: list[str] = []
    header_rows, in_header = 0, True
    for r, tr in enumerate(_children(tbl, _TR)):
        if r >= MAX_ROWS:
            break
        props = tr.find(_q("trPr"))
        is_header = props is not None and props.find(_q("tblHeader")) is not None
        in_header = in_header and is_header
        header_rows += in_header
        texts: list[str] = []
        for tc in _children(tr, _TC):
            c = len(texts)
            if c >= MAX_COLS:
                break
            span, continued = _merge_props(tc)
            anchor = _anchor_above(slots, r, c) if continued else None
            if anchor is not None:
                slots[anchor]["rowspan"] = r - anchor[0] + 1
                for k in range(span):
                    slots[(r, c + k)] = {"covered_by": anchor}
                texts.extend([""] * span)
                continue
            text = "" if continued else _cell_text(tc, numbering)
            slots[(r, c)] = {"text": text, "colspan": span, "header": is_header}
            for k in range(1, span):
                slots[(r, c + k)] = {"covered_by": (r, c)}
            texts.append(text)
            texts.extend([""] * (span - 1))
        lines.append("\t".join(texts))
    n_cols = max((c + 1 for _, c in slots), default=0)
    grid = tuple(tuple(Cell(r, c, **slots.get((r, c), {})) for c in range(n_cols))
                 for r in range(len(lines)))
    return Table(rows=grid, format="docx", header_rows=header_rows), lines


def _merge_props(tc) -> tuple[int, bool]:
    """(grid columns the cell spans, whether it continues a vertical merge)."""
    props = tc.find(_q("tcPr"))
    span, continued = 1, False
    if props is not None:
        grid = props.find(_q("gridSpan"))
        if grid is not None and (grid.get(_q("val")) or "").isdigit():
            span = max(1, min(int(grid.get(_q("val"))), 50))
        merge = props.find(_q("vMerge"))
        continued = merge is not None and merge.get(_q("val")) != "restart"
    return span, continued


def _anchor_above(slots: dict, r: int, c: int) -> Optional[tuple[int, int]]:
    """The cell a vertical merge at ``(r, c)`` continues: the anchor of the slot above."""
    above = slots.get((r - 1, c))
    if above is None:
        return None
    return above.get("covered_by") or (r - 1, c)


def _frame_cell(tbl):
    """The only cell of a one-row, one-cell table, else None."""
    rows = list(_children(tbl, _TR))
    cells = list(_children(rows[0], _TC)) if len(rows) == 1 else []
    return cells[0] if len(cells) == 1 else None


def _blocks(container, lines: list[str], numbering: "_Numbering",
            tables: Optional[_TableCollector] = None) -> None:
    """Append the lines of the paragraphs and tables directly inside ``container``."""
    for child in container:
        tag = child.tag
        if tag == _P:
            text, boxes = _paragraph(child)
            text = numbering.label(child) + text
            for line in text.split("\n"):
                lines.append(line.replace("\t", " ").rstrip())
            for box in boxes:
                _blocks(box, lines, numbering, tables)
        elif tag == _TBL and _frame_cell(child) is not None:
            # a one-cell table frames a block (an attachment boxed in, a 附件 table inside a
            # border): its paragraphs and tables are the body's own
            _blocks(_frame_cell(child), lines, numbering, tables)
        elif tag == _TBL:
            table, rows = _table_rows(child, numbering)
            at = {}
            for r, row in enumerate(rows):
                if row.strip("\t "):
                    at[r] = len(lines)
                    lines.append(row)
            if tables is not None and at:
                element = f"body table {len(tables.found) + 1}"
                tables.found.append((replace(table, element=element), at))
        elif tag in (_SDT, _SDT_CONTENT):
            _blocks(child, lines, numbering, tables)


def docx_body_lines(document, tables: Optional[_TableCollector] = None) -> list[str]:
    """Lines of a python-docx ``Document`` body, blank paragraphs kept as empty strings."""
    lines: list[str] = []
    _blocks(document.element.body, lines, _Numbering(document), tables)
    return lines


@dataclass(frozen=True)
class DocxText:
    """What :func:`read_docx` returns: the body text and the tables of the body."""

    text: str
    tables: tuple[Table, ...] = ()


def read_docx(data: bytes, where: str = "<bytes>") -> DocxText:
    """Text of a ``.docx`` notice: one line per paragraph, one ``\\t``-joined line per table row,
    and the body's tables (:class:`~policyparse.table.Table`, cells placed in the text).

    Raises CorruptInputError when the package is damaged (bad zip, missing or broken
    ``document.xml``) and EmptyInputError when the body holds no text.
    """
    import docx
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        tables = _TableCollector()
        lines = docx_body_lines(document, tables)
    except (LxmlError, KeyError, ValueError, OSError, EOFError) as exc:
        raise CorruptInputError(f"damaged .docx ({type(exc).__name__}: {str(exc)[:120]})",
                                path=where) from None
    except Exception as exc:  # python-docx wraps zipfile/opc failures in its own types
        if type(exc).__module__.startswith(("docx", "zipfile")):
            raise CorruptInputError(f"damaged .docx ({type(exc).__name__}: {str(exc)[:120]})",
                                    path=where) from None
        raise
    joined = "\n".join(lines)
    text = joined.strip("\n")
    if not text.strip():
        raise EmptyInputError(".docx body has no text", path=where)
    return DocxText(text, tables.placed(lines, len(joined) - len(joined.lstrip("\n"))))
