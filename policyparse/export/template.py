"""The ledger in an office's own 台账 template: ``policyparse ledger … --template their.xlsx``.

An office already keeps its 台账 in a workbook of its own: a title, its own header names
(牵头部门 for 牵头单位, 时间节点 for 完成时限, 落实情况 for 进展情况 …), its own column order,
fonts, borders and print setup, often columns policyparse knows nothing of (责任人, 联系电话).
:func:`fill_template` copies that workbook and writes the ledger's rows under its header:

- the header row is the row (among the first 30 of any sheet) where most cells name a ledger
  column; names are matched through ``lexicons/export/ledger_headers.tsv`` (plus the ledger's
  own zh and en names) after folding width, blanks (牵 头 单 位), a trailing colon and a bracketed
  note (完成时限（年月）), exactly, else by the longest known name the header starts with;
- a two-row header (责任单位 over 牵头单位 | 配合单位) is read from its lower row where that names
  a column;
- a template with a 牵头单位 column but no 责任单位 one gets a task's 责任单位 as its 牵头单位 when
  the clause names no lead (the units answerable for it lead it); one with 责任单位 but no
  牵头单位 gets the lead units first in 责任单位, so no owner of a task is left out;
- rows go below the header, after any row the office already filled (a 序号 column numbered in
  advance does not count as filled);
- each new cell takes the style of the template's first data row (borders, font, wrapping, a
  date format), unless the cell already has one; row heights grow to show wrapped text;
- nothing else changes: the title, the header, unknown columns, print settings, other sheets;
  a filter or table over the header is extended to the new rows.

Cells get the same values as the ledger's CSV and XLSX (one-line text, formula-looking text made
inert, 截止日期 a date); every row carries its 序号 (no merged cells, so the office can sort and
import).

>>> header_key("牵 头 部 门"), header_key("完成时限（年月）"), header_key("责任单位及责任人"), header_key("联系电话")
('lead', 'deadline', 'responsible', None)
"""

from __future__ import annotations

import copy
import datetime
import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from ..errors import UsageError
from ..lexicons import LexiconEntry, lexicon
from .cells import safe_cell
from .ledger import FILL_IN, LEDGER_COLUMNS, LANGS

HEADER_SCAN_ROWS = 30


class HeaderEntry(LexiconEntry):
    """A name an office's template may give a ledger column (``lexicons/export/ledger_headers.tsv``)."""

    column: str
    header: str


HEADERS = lexicon("export/ledger_headers.tsv", HeaderEntry)

# A bracketed note after a name: 完成时限（年月）, 牵头单位(部门), 备注【必填】.
_NOTE = re.compile(r"[（(\[【〔][^）)\]】〕]*[）)\]】〕]")
_NOT_WORD = re.compile(r"[\W_]+")


def fold_header(text: str) -> str:
    """A header as compared: NFKC, bracketed notes and everything but letters and digits out, lower case.

    >>> fold_header(" 牵头单位\\n（部门）："), fold_header("Due date*")
    ('牵头单位', 'duedate')
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = _NOTE.sub("", text)
    return _NOT_WORD.sub("", text).lower()


@functools.lru_cache(maxsize=None)
def _names() -> dict[str, str]:
    keys = {column.key for column in LEDGER_COLUMNS}
    names: dict[str, str] = {}
    for entry in HEADERS():
        if entry.column not in keys:
            raise UsageError(f"lexicons/export/ledger_headers.tsv: unknown column {entry.column!r}")
        names.setdefault(fold_header(entry.header), entry.column)
    for column in LEDGER_COLUMNS:
        for code in LANGS:
            names[fold_header(getattr(column, code))] = column.key
    return names


def _prefix_ok(name: str) -> bool:
    # 序号 and 备注 are short but unmistakable in Chinese; "No" would also start "Notes".
    return len(name) >= (2 if not name.isascii() else 4)


def header_key(text) -> Optional[str]:
    """The ledger column a template's header cell names, or None."""
    if text is None:
        return None
    folded = fold_header(text)
    if not folded:
        return None
    names = _names()
    if folded in names:
        return names[folded]
    prefixes = [name for name in names if _prefix_ok(name) and folded.startswith(name)]
    return names[max(prefixes, key=len)] if prefixes else None


@dataclass
class TemplateFill:
    """What :func:`fill_template` did: where it wrote and which columns found no place.

    sheet (str): the sheet filled; header_row, first_row (int): 1-based rows of the header and of
    the first row written; rows (int): rows written; columns (dict): their header -> ledger column
    key, in their order; missing (list of str): ledger headers (in ``lang``) with values that the
    template has no column for.
    """

    sheet: str
    header_row: int
    first_row: int
    rows: int
    columns: dict = field(default_factory=dict)
    missing: list = field(default_factory=list)


def _merged_below(sheet, row: int) -> int:
    # The last row of a header whose cells are merged downwards (a two-row header).
    last = row
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row:
            last = max(last, merged.max_row)
    return last


def _read_header(sheet, row: int) -> tuple[int, dict[int, tuple[str, str]]]:
    """(last header row, {column index: (their header, ledger key)}) for a header starting at ``row``."""
    last = _merged_below(sheet, row)
    found: dict[int, tuple[str, str]] = {}
    used: set[str] = set()
    for col in range(1, (sheet.max_column or 0) + 1):
        # The lowest row of a two-row header names the column (责任单位 over 牵头单位 | 配合单位).
        for r in range(last, row - 1, -1):
            value = sheet.cell(row=r, column=col).value
            key = header_key(value)
            if key and key not in used:
                found[col] = (str(value).strip(), key)
                used.add(key)
                break
    return last, found


def find_header(workbook) -> tuple[object, int, int, dict[int, tuple[str, str]]]:
    """(sheet, header row, last header row, mapped columns) of the template's ledger header.

    The active sheet is tried first, then the others; the row naming the most ledger columns
    (at least two) wins.
    """
    sheets = [workbook.active] + [s for s in workbook.worksheets if s is not workbook.active]
    best = None
    for sheet in sheets:
        for row in range(1, min(HEADER_SCAN_ROWS, sheet.max_row or 0) + 1):
            if not any(header_key(cell.value) for cell in sheet[row]):
                continue
            last, found = _read_header(sheet, row)
            if len(found) >= 2 and (best is None or len(found) > len(best[3])):
                best = (sheet, row, last, found)
    if best is None:
        raise UsageError("the template has no header row naming ledger columns (序号, 任务内容, 牵头单位, "
                         "完成时限 …) in the first 30 rows of any sheet")
    return best


def _first_free_row(sheet, start: int, columns: dict[int, tuple[str, str]]) -> int:
    # Rows the office already filled stay; a 序号 column numbered in advance is not "filled".
    filled = [col for col, (_, key) in columns.items() if key != "seq"]
    last = start - 1
    for row in range(start, (sheet.max_row or 0) + 1):
        if any(sheet.cell(row=row, column=col).value not in (None, "") for col in filled):
            last = row
    return last + 1


def _text_width(sheet, col: int) -> float:
    from openpyxl.utils import get_column_letter

    dimension = sheet.column_dimensions.get(get_column_letter(col))
    return dimension.width if dimension is not None and dimension.width else 8.43


def _extend_ranges(sheet, header_row: int, last_row: int) -> None:
    from openpyxl.utils.cell import range_boundaries

    if sheet.auto_filter.ref:
        min_col, min_row, max_col, max_row = range_boundaries(sheet.auto_filter.ref)
        if min_row == header_row and max_row < last_row:
            sheet.auto_filter.ref = f"{_ref(min_col, min_row)}:{_ref(max_col, last_row)}"
    for table in sheet.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if min_row == header_row and max_row < last_row:
            table.ref = f"{_ref(min_col, min_row)}:{_ref(max_col, last_row)}"
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref


def _ref(col: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _fold_roles(row: dict, headers: dict[str, str], placed: set[str]) -> dict:
    """The row with 责任单位 and 牵头单位 folded into whichever of the two the template has."""
    lead, responsible = headers["lead"], headers["responsible"]
    if "responsible" not in placed and "lead" in placed and row.get(responsible):
        if not row.get(lead):
            row = dict(row, **{lead: row[responsible], responsible: ""})
    elif "lead" not in placed and "responsible" in placed and row.get(lead):
        units = [row[lead]] + ([row[responsible]] if row.get(responsible) else [])
        row = dict(row, **{responsible: "、".join(units), lead: ""})
    return row


def _load(template: Union[str, Path]):
    from openpyxl import load_workbook

    path = Path(template)
    if path.suffix.lower() != ".xlsx":
        raise UsageError("the template must be an .xlsx workbook (save an .xls or .et as .xlsx first)", path=str(path))
    try:
        return load_workbook(path)
    except FileNotFoundError:
        raise UsageError("no such template", path=str(path)) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UsageError(f"cannot read the template as a workbook ({type(exc).__name__})", path=str(path)) from None


def fill_template(rows: list[dict], template: Union[str, Path], target: Union[str, Path], *,
                  lang: str = "zh") -> TemplateFill:
    """Write ledger ``rows`` into a copy of the office's ``template`` workbook, saved as ``target``.

    rows (list of dict): from :func:`~policyparse.export.ledger.ledger_rows` with the same ``lang``.
    template (str | Path): an .xlsx whose header row names ledger columns in the office's words.
    target (str | Path): the filled workbook (replaced atomically; the template is not changed).
    RETURNS (TemplateFill): where the rows went and which ledger columns had no place.
    """
    from .json import write_atomic
    from .xlsx import clean_text, row_height

    book = _load(template)
    sheet, header_row, last_header, columns = find_header(book)
    headers = {column.key: getattr(column, lang) for column in LEDGER_COLUMNS}
    proto_row = last_header + 1
    first = _first_free_row(sheet, proto_row, columns)
    proto = {col: sheet.cell(row=proto_row, column=col) for col in range(1, (sheet.max_column or 0) + 1)}
    proto_height = sheet.row_dimensions[proto_row].height if proto_row in sheet.row_dimensions else None
    placed = {key for _, key in columns.values()}
    rows = [_fold_roles(row, headers, placed) for row in rows]
    for offset, row in enumerate(rows):
        number = first + offset
        wrapped = []
        for col, model in proto.items():
            cell = sheet.cell(row=number, column=col)
            if not cell.has_style and model.has_style and number != proto_row:
                cell._style = copy.copy(model._style)
            mapped = columns.get(col)
            if mapped is None:
                continue
            value = row.get(headers[mapped[1]], "")
            if isinstance(value, str):
                value = clean_text(safe_cell(value)) or None
            cell.value = value
            if isinstance(value, datetime.date) and cell.number_format == "General":
                cell.number_format = "yyyy-mm-dd"
            if cell.alignment is not None and cell.alignment.wrap_text and isinstance(value, str):
                size = cell.font.sz if cell.font is not None and cell.font.sz else 11
                wrapped.append((value, _text_width(sheet, col), float(size)))
        if wrapped:
            size = max(s for _, _, s in wrapped)
            needed = row_height(((v, w) for v, w, _ in wrapped), size)
            current = sheet.row_dimensions[number].height or proto_height or 0
            sheet.row_dimensions[number].height = max(current, needed)
    last_row = first + len(rows) - 1
    if rows:
        _extend_ranges(sheet, header_row, last_row)
    missing = [headers[c.key] for c in LEDGER_COLUMNS
               if c.key not in placed and c.key not in FILL_IN
               and any(row.get(headers[c.key]) not in (None, "") for row in rows)]
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue())
    return TemplateFill(sheet=sheet.title, header_row=header_row, first_row=first, rows=len(rows),
                        columns={name: key for _, (name, key) in sorted(columns.items())}, missing=missing)
