"""XLSX workbooks through XlsxWriter: the one spreadsheet writer of policyparse.

The task ledger (:mod:`policyparse.export.ledger`) and the comparison tables
(:mod:`policyparse.compare.writers`) are both written here, in XlsxWriter's constant-memory mode:
each row goes to a temporary file as soon as the next one starts, so a batch ledger of tens of
thousands of rows takes the memory of one row. (Filling an office's *existing* workbook, which
XlsxWriter cannot read, is :mod:`policyparse.export.template`'s job, with openpyxl.)

Why XlsxWriter and not the hand-written writer this module used to be: ``scripts/bench.py
--xlsx`` writes 20,000 corpus ledger rows three ways (2 cores, 2026-12-07): this ledger through
XlsxWriter 0.47 ms a row (9.5 s, 11 MiB peak heap), openpyxl write-only with the same styled cells
0.74 ms, the old hand-written XML 0.03 ms but without any styling. For a 1,000-notice batch
(about 23,000 rows) that is some 11 s of ledger writing after 20-30 s of parsing: a cost, not a
need for SpreadsheetML of our own. The library gives wrapping, row heights, borders, bands,
print setup (paper, orientation, fit to width, repeated header rows) and date cells.

Every cell goes through :func:`write_cell`: text is always a string cell (never a formula, a URL
or a number guessed from text), passed through the injection rule of
:func:`~policyparse.export.cells.safe_cell`, stripped of the characters XML cannot hold and cut
at Excel's limit; numbers, booleans and dates keep their type.

>>> clean_text("加强\\x0b政务"), column_letter(16)
('加强政务', 'P')
>>> text_units("市发展改革委 PPP"), line_count("建立健全政务失信记录", 8)
(16, 3)
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from .cells import safe_cell

# XML 1.0 cannot hold C0 controls other than tab / newline / CR, lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel caps a cell at 32,767 characters and a row at 409 points.
CELL_LIMIT = 32767
MAX_ROW_HEIGHT = 409.0

# No guessing from text: a notice's "=…" stays text, "2020" in a unit name stays text.
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def column_letter(index: int) -> str:
    """1 -> ``A``, 27 -> ``AA``.

    >>> column_letter(1), column_letter(21), column_letter(28)
    ('A', 'U', 'AB')
    """
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_text(value: str) -> str:
    """Drop characters XML cannot hold and cut at Excel's cell limit."""
    value = _NOT_XML.sub("", value)
    if len(value) > CELL_LIMIT:
        value = value[: CELL_LIMIT - 1] + "…"
    return value


@contextmanager
def workbook(target: Union[str, Path]) -> Iterator[Any]:
    """An XlsxWriter workbook (constant memory) that replaces ``target`` atomically when closed.

    The sheets' rows stream to temporary files; the zipped workbook is built in memory (about
    1 MiB per 20,000 ledger rows) and moved over ``target`` only once complete, so a reader or a
    resumed batch never sees half a workbook.
    """
    import xlsxwriter

    from .json import write_atomic

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    try:
        yield book
    except BaseException:
        book.close()
        raise
    book.close()
    write_atomic(target, buffer.getvalue())


def write_cell(sheet, row: int, col: int, value: Any, cell_format=None) -> None:
    """Write one cell by its Python type; text can never become a formula.

    sheet (xlsxwriter Worksheet); row, col (int): zero-based; value: str, int, float, bool,
        ``datetime.date``/``datetime``, or None/"" (a blank cell, written only when it has a format).
    """
    if value is None or value == "":
        if cell_format is not None:
            sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            sheet.write_string(row, col, str(value), cell_format)
        else:
            sheet.write_number(row, col, value, cell_format)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        sheet.write_datetime(row, col, value, cell_format)
    else:
        sheet.write_string(row, col, clean_text(safe_cell(str(value))), cell_format)


def write_table(book, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
                widths: Sequence[float] = ()) -> int:
    """A plain table sheet: bold frozen header, a filter over every row; return the data rows.

    book (xlsxwriter Workbook): from :func:`workbook`; name (str): the sheet name;
    header (sequence of str): column names, no header row when empty; rows: cells in header order.
    """
    sheet = book.add_worksheet(clean_text(name)[:31] or None)
    if not header:
        return 0
    bold = book.add_format({"bold": True})
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for col, title in enumerate(header):
        write_cell(sheet, 0, col, title, bold)
    count = 0
    for count, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            write_cell(sheet, count, col, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, count, len(header) - 1)
    return count


# -- how much room text takes: the ledger's row heights ----------------------------------------

# Every character from U+1100 (Hangul Jamo) up counts as wide: that covers UAX #11's Wide and
# Fullwidth characters (CJK, full-width forms, emoji) and the Ambiguous ones a Chinese font draws
# full width (“ ” … — ※). Over-counting a rare narrow one only leaves air in a row; a regex
# counts them in C, and the ledger measures every cell.
_WIDE = re.compile("[^\x00-\u10ff]")


def text_units(text: str) -> int:
    """Width of ``text`` in half-width units: a Chinese character or full-width sign counts 2.

    Never less than UAX #11 says, so a row sized by it cannot cut its text:

    >>> all(text_units(chr(c)) >= (2 if unicodedata.east_asian_width(chr(c)) in "WF" else 1)
    ...     for c in range(0x20, 0x30000) if unicodedata.category(chr(c)) not in ("Cs", "Cn"))
    True
    """
    return len(text) + len(_WIDE.findall(text))


def line_capacity(width: float, font_pt: float = 10.0) -> int:
    """Half-width units that fit on one line of a column ``width`` (Excel character units) wide.

    A column of width w is about ``7 w + 5`` pixels at 96 dpi (the width of Calibri 11's digits);
    a half-width glyph of a ``font_pt`` font is ``font_pt * 96 / 72 / 2`` pixels; a cell keeps
    about 3 pixels of margin on each side.
    """
    pixels = 7 * width + 5 - 6
    return max(1, int(pixels / (font_pt * 96 / 72 / 2)))


def line_count(text: str, width: float, font_pt: float = 10.0) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide (at least 1).

    Lines fill character by character, as Chinese wraps (anywhere), less one unit for the
    punctuation a renderer will not put at the start of a line and moves down with the
    character before it.
    """
    capacity = max(1, line_capacity(width, font_pt) - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        units = text_units(paragraph)
        lines += max(1, math.ceil(units / capacity))
    return lines


def row_height(cells: Iterable[tuple[Any, float]], font_pt: float = 10.0, min_lines: int = 1) -> float:
    """Height in points of a row whose wrapped ``(value, column width)`` cells must all show.

    A line of a 10 pt Chinese font takes about 14.5 pt (Noto CJK's line gap; SimSun needs a bit
    less, which leaves some air in Excel); the row is capped at Excel's 409 pt.
    """
    lines = max([min_lines] + [line_count(value, width, font_pt) for value, width in cells
                               if value not in (None, "")])
    return min(MAX_ROW_HEIGHT, round(lines * font_pt * 1.45 + 5, 1))
