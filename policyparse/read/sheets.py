"""Spreadsheets: ``.xlsx`` (openpyxl), ``.xls`` (xlrd) and ``.csv``, each sheet a table.

Offices keep task ledgers (任务分工台账, 重点工作清单) as workbooks and publish them beside the
notice, so a ledger is read like a notice whose body is one table per sheet:

* each non-empty sheet becomes a :class:`~policyparse.table.Table` (``element`` = ``sheet
  NAME``, ``title`` = the sheet name), merged ranges as spans with covered slots, each slot's
  spreadsheet reference in ``Cell.ref``; the used range is trimmed to the cells that hold text;
* the text holds one line per row, cells joined by ``\\t``, sheets one after another; a row
  whose only text is in its first slot (a title merged across the sheet, 附件1 above the header)
  is written without the trailing tabs so it reads as a title line;
* a date typed as a date (``2018-12-31`` in a 完成时限 column) is written ``2018年12月31日``, the
  way a notice prints it; ``1.0`` in a 序号 column is written ``1``.

A damaged file gives one line naming it (:class:`~policyparse.errors.CorruptInputError`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import zipfile
from dataclasses import dataclass
from typing import Optional

from ..errors import CorruptInputError, EmptyInputError
from ..table import MAX_COLS, MAX_ROWS, Cell, Table, clean_cell_text, place_rows, render_row
from .detect import decode_text

__all__ = ["SheetText", "read_xlsx", "read_xls", "read_csv", "sheet_format"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an Excel 97-2003 workbook keeps its sheets in (BIFF8 "Workbook", BIFF5 "Book"),
# as its UTF-16 directory name; .doc and .wps files, the other OLE2 notices, have none.
_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))


@dataclass(frozen=True)
class SheetText:
    """What a spreadsheet reader returns: text, one table per sheet, the text's encoding (csv)."""

    text: str
    tables: tuple[Table, ...]
    encoding: Optional[str] = None
    evidence: Optional[str] = None
    warnings: tuple[str, ...] = ()


def sheet_format(data: bytes, ext: str) -> Optional[str]:
    """``xlsx``, ``xls`` or ``csv`` when the bytes are a spreadsheet this module reads, else None.

    Content first (a zip holding ``xl/workbook.xml``; an OLE2 file with a Workbook stream), the
    extension second (``.csv`` is plain text and says nothing about itself).

    >>> sheet_format("序号,任务".encode(), ".csv"), sheet_format(b"%PDF-1.4", ".xlsx")
    ('csv', None)
    """
    if ext in (".docx", ".pdf"):
        return None  # content that contradicts these names is reported by detect_format
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "xlsx" if ext == ".xlsx" else None
        return "xlsx" if "xl/workbook.xml" in names else None
    if data.startswith(_OLE2):
        if ext == ".xls" or any(name in data for name in _WORKBOOK_STREAMS):
            return "xls"
        return None
    if ext == ".csv" and not data.startswith((b"%PDF", b"PK")):
        return "csv"
    return None


def _value_text(value) -> str:
    """A cell value as a notice would print it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _dt.datetime) and (value.hour, value.minute, value.second) == (0, 0, 0):
        value = value.date()
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell_text(str(value))


def _column_letter(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _sheet_tables(values: list[list[str]], merges: list[tuple[int, int, int, int]],
                  name: Optional[str], fmt: str) -> list[Table]:
    """The tables of a sheet from its values (row-major, 0-based) and merged ranges
    ``(first_row, first_col, last_row, last_col)`` inclusive. Blocks of rows separated by blank
    rows are tables of their own (a ledger sheet often holds 附件1 and 附件2 one under the other);
    all share the sheet's columns, so a block that only continues the one above still lines up."""
    used = [(r, c) for r, row in enumerate(values) for c, v in enumerate(row) if v.strip()]
    if not used:
        return []
    left, right = min(c for _, c in used), max(c for _, c in used)
    filled = {r for r, _ in used} | {r for r0, _, r1, _ in merges for r in range(r0, r1 + 1)}
    blocks: list[list[int]] = []
    for r in range(min(filled), max(r for r, _ in used) + 1):
        if r not in filled:
            continue
        if blocks and blocks[-1][-1] == r - 1:
            blocks[-1].append(r)
        else:
            blocks.append([r])
    several = len(blocks) > 1
    return [_block_table(values, merges, (rows[0], rows[-1], left, right), name, fmt, several)
            for rows in blocks]


def _block_table(values: list[list[str]], merges: list[tuple[int, int, int, int]],
                 box: tuple[int, int, int, int], name: Optional[str], fmt: str, several: bool) -> Table:
    """One block of a sheet, rows ``top..bottom`` and columns ``left..right`` (inclusive)."""
    top, bottom, left, right = box
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in merges:
        if r1 < top or r0 > bottom or c1 < left or c0 > right:
            continue
        r0, c0 = max(r0, top), max(c0, left)
        r1, c1 = min(r1, bottom), min(c1, right)
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = (r0 - top, c0 - left)
    rows = []
    for r in range(top, bottom + 1):
        row = []
        for c in range(left, right + 1):
            ref = f"{_column_letter(c)}{r + 1}"
            if (r, c) in covered:
                row.append(Cell(r - top, c - left, covered_by=covered[(r, c)], ref=ref))
                continue
            text = values[r][c] if c < len(values[r]) else ""
            rowspan, colspan = spans.get((r, c), (1, 1))
            row.append(Cell(r - top, c - left, text, rowspan, colspan, ref=ref))
        rows.append(tuple(row))
    element = f"sheet {name}" if name else None
    if several:
        element = f"{element + ' ' if element else ''}rows {top + 1}-{bottom + 1}"
    return Table(rows=tuple(rows), format=fmt, element=element, title=name)


def _render(tables: list[Table]) -> tuple[str, tuple[Table, ...]]:
    """Text of the sheets one after another, and the tables with their cells placed in it."""
    lines: list[str] = []
    placed_tables = []
    pos = 0
    for table in tables:
        placed = {}
        for r, row in enumerate(table.rows):
            line = render_row(row)
            if not line.strip("\t "):
                continue
            if all(not c.text.strip() for c in row[1:]):
                line = line.rstrip("\t")  # a title row, not cells
            placed[r] = (pos, line)
            lines.append(line)
            pos += len(line) + 1
        placed_tables.append(place_rows(table, placed))
    return "\n".join(lines), tuple(placed_tables)


def _damaged(kind: str, exc: Exception, where: str) -> CorruptInputError:
    return CorruptInputError(f"damaged {kind} ({type(exc).__name__}: {str(exc)[:120]})", path=where)


def _finish(tables: list[Table], where: str, **extra) -> SheetText:
    if not tables:
        raise EmptyInputError("spreadsheet has no text in any sheet", path=where)
    text, placed = _render(tables)
    return SheetText(text, placed, **extra)


def read_xlsx(data: bytes, where: str = "<bytes>") -> SheetText:
    """Sheets of an ``.xlsx`` workbook (cached values of formulas, merged ranges as spans)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # zipfile, KeyError, XML and openpyxl's own errors alike
        raise _damaged(".xlsx", exc, where) from None
    tables = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue  # hidden helper sheets (lookup lists) are not the ledger
        values = [[_value_text(v) for v in row]
                  for row in sheet.iter_rows(max_row=min(sheet.max_row, MAX_ROWS),
                                             max_col=min(sheet.max_column, MAX_COLS), values_only=True)]
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
                  for m in sheet.merged_cells.ranges]
        tables += _sheet_tables(values, merges, sheet.title, "xlsx")
    workbook.close()
    return _finish(tables, where)


def read_xls(data: bytes, where: str = "<bytes>") -> SheetText:
    """Sheets of an Excel 97-2003 ``.xls`` workbook (xlrd; merged ranges as spans)."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd.XLRDError, CompDocError, struct errors on truncated files
        raise _damaged(".xls", exc, where) from None
    tables = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if getattr(sheet, "visibility", 0):
                continue
            values = []
            for r in range(min(sheet.nrows, MAX_ROWS)):
                row = []
                for c in range(min(sheet.ncols, MAX_COLS)):
                    cell = sheet.cell(r, c)
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                    row.append(_value_text(value))
                values.append(row)
            # xlrd's ranges are half-open: (rlo, rhi, clo, chi)
            merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
            tables += _sheet_tables(values, merges, sheet.name, "xls")
    except Exception as exc:
        raise _damaged(".xls", exc, where) from None
    finally:
        book.release_resources()
    return _finish(tables, where)


def read_csv(data: bytes, where: str = "<bytes>") -> SheetText:
    """A ``.csv`` ledger: encoding detected as for text notices, delimiter sniffed (``,`` ``\\t``
    ``;`` ``|``), quoted fields with line breaks kept as one cell.

    >>> read_csv("序号,任务,牵头单位\\n1,建立档案,区发展改革委\\n".encode("gbk")).text
    '序号\\t任务\\t牵头单位\\n1\\t建立档案\\t区发展改革委'
    """
    decoded = decode_text(data)
    text = decoded.text.lstrip("\ufeff")
    if "\x00" in text:
        raise CorruptInputError("damaged .csv (NUL bytes: a binary file named .csv?)", path=where)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    try:
        records = []
        # strict: an unterminated quote is an error, not a cell swallowing the rest of the file
        for record in csv.reader(io.StringIO(text, newline=""), dialect, strict=True):
            records.append([clean_cell_text(v) for v in record[:MAX_COLS]])
            if len(records) >= MAX_ROWS:
                break
    except csv.Error as exc:
        raise _damaged(".csv", exc, where) from None
    return _finish(_sheet_tables(records, [], None, "csv"), where, encoding=decoded.encoding,
                   evidence=decoded.evidence, warnings=decoded.warnings)
