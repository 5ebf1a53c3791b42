"""Spreadsheet cells and CSV tables: the one home of the formula-injection rule and the CSV format.

Everything policyparse writes for a spreadsheet (the task ledger as CSV and XLSX, ``errors.csv``
of a batch, the comparison tables) goes through :func:`safe_cell`, and every CSV through
:func:`write_csv_table`, so one rule and one format hold everywhere.

**The injection rule.** Notice text reaches cells verbatim: list items such as ``-- 各区县人民政府``
or ``＝＝＝``, and a scraped page can hold ``=HYPERLINK(…)`` on purpose. A spreadsheet reads a cell
as a formula when its first visible character is ``=`` ``+`` ``-`` ``@``; Excel skips leading
spaces, tabs, line breaks and no-break spaces before looking, and a Chinese input method types
the full-width ``＝`` ``＋`` ``－`` ``＠``, which Excel accepts as the ASCII sign. So the rule looks
past every leading whitespace or format character (``str.isspace``, Unicode ``Cc``/``Cf``:
space, NBSP, U+3000, tab, CR, LF, zero-width space, BOM) and folds the first character with
NFKC (``＝`` ``﹦`` -> ``=``); if that is a formula sign, the cell gets a leading ``'`` (OWASP
"CSV injection"). Lone surrogates, which no UTF-8 file can hold, become U+FFFD.

**The CSV format.** RFC 4180: every field quoted, ``\\r\\n`` between records, so a field holding a
CR, an LF or a quote can never start a row of its own in any reader; a file starts with a UTF-8
BOM, without which Excel on a Chinese Windows opens UTF-8 as GBK mojibake.

>>> safe_cell("=1+1"), safe_cell(" =1+1"), safe_cell("\\u00a0＝SUM(A1)"), safe_cell("\\n-1")
("'=1+1", "' =1+1", "'\\xa0＝SUM(A1)", "'\\n-1")
>>> safe_cell("市发展改革委"), safe_cell(3), safe_cell(None)
('市发展改革委', 3, None)
>>> write_csv_table(["序号", "任务"], [[1, "@x\\r=1+1"]])
'"序号","任务"\\r\\n"1","\\'@x\\r=1+1"\\r\\n'

**One-line text.** A ledger cell is read, filtered and imported into an office's own system, where
a TAB from a Word table or a CR from a scraped page splits a field or a row. :func:`plain_text`
turns every line break and TAB into one space and drops the other control and format characters;
the ledger's CSV and XLSX both hold its result, so they carry the same values.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path
from typing import IO, Any, Iterable, Optional, Sequence, Union

__all__ = ["safe_cell", "is_formula", "plain_text", "write_csv_table", "CSV_BOM"]

FORMULA_SIGNS = frozenset("=+-@")
CSV_BOM = "\ufeff"
_SURROGATE = re.compile("[\ud800-\udfff]")
# Breaks a reader sees as a new line or column: TAB, LF, VT, FF, CR, the file/group/record/unit
# separators, NEL, and the Unicode line and paragraph separators.
_BREAKS = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]+")


def _skippable(ch: str) -> bool:
    # What a spreadsheet skips (or a reader cannot see) before the first character that counts.
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def is_formula(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (see the module docstring).

    >>> is_formula("－1"), is_formula("\\u200b@SUM"), is_formula("1-2"), is_formula("  ")
    (True, True, False, False)
    """
    for ch in text:
        if _skippable(ch):
            continue
        return unicodedata.normalize("NFKC", ch)[:1] in FORMULA_SIGNS
    return False


def plain_text(value: Any) -> Any:
    """Text on one line for a ledger cell: breaks and TABs become one space, other controls go.

    Zero-width and other format characters (Unicode ``Cf``: U+200B, the BOM, direction marks)
    are dropped too: nobody can see them, and they make two equal names compare unequal in a
    filter. Edge blanks are stripped. Non-text passes through.

    >>> plain_text("市财政局\\t市税务局\\r\\n（按职责分工）"), plain_text("\\u200b加强\\x07建设 "), plain_text(7)
    ('市财政局 市税务局 （按职责分工）', '加强建设', 7)
    """
    if not isinstance(value, str):
        return value
    value = _BREAKS.sub(" ", value)
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        value = "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cf"))
    return value.strip()


def safe_cell(value: Any) -> Any:
    """A cell value no spreadsheet evaluates and any UTF-8 file can hold; non-text passes through.

    value (Any): the cell; only ``str`` is changed.
    RETURNS (Any): the text with a leading ``'`` when :func:`is_formula`, lone surrogates as U+FFFD.
    """
    if not isinstance(value, str):
        return value
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    return "'" + value if is_formula(value) else value


def _csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([safe_cell("" if name is None else name) for name in header])
    for row in rows:
        writer.writerow([safe_cell("" if value is None else value) for value in row])
    return buffer.getvalue()


def write_csv_table(header: Sequence[Any], rows: Iterable[Sequence[Any]],
                    target: Union[str, Path, IO[str], None] = None) -> Optional[str]:
    """Write a table as CSV: every cell through :func:`safe_cell`, every field quoted, ``\\r\\n``.

    header (sequence): the column names; rows (iterable of sequences): cells in header order
        (None is written as an empty cell).
    target (str | Path | text stream | None): a file (written atomically, with a UTF-8 BOM), a
        stream (written as is: the caller chose its encoding), or None to return the text.
    RETURNS (str | None): the CSV text (no BOM) when ``target`` is None.
    """
    text = _csv_text(header, rows)
    if target is None:
        return text
    if isinstance(target, (str, Path)):
        from .json import write_atomic

        write_atomic(target, CSV_BOM + text)
    else:
        target.write(text)
    return None
