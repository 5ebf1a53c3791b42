"""Writing a comparison: JSON, CSV and XLSX tables.

The tables are :meth:`Comparison.to_records` (item × region), :meth:`Comparison.task_records`
and :meth:`Comparison.coverage_records`; the CSV holds the first, the XLSX one sheet each.

Notice text goes into spreadsheet cells, and a cell that starts (after any blank) with ``=``
``+`` ``-`` ``@`` or their full-width forms is a formula to Excel (``-1`` style list items,
``=HYPERLINK(…)`` pasted from a web page). Every cell goes through the ledger's rule and every
CSV through its writer (:mod:`policyparse.export.cells`), so both outputs escape alike.

>>> neutralise("=SUM(A1)"), neutralise("-各县区"), neutralise(" ＝1"), neutralise("市财政局"), neutralise(3)
("'=SUM(A1)", "'-各县区", "' ＝1", '市财政局', 3)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional, TextIO, Union

from ..errors import OutputError, UsageError
from ..export.cells import safe_cell, write_csv_table
from .model import Comparison


def neutralise(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate as a formula (:func:`~policyparse.export.cells.safe_cell`)."""
    return safe_cell(value)


def to_json(comparison: Comparison, stream: Optional[TextIO] = None, indent: int = 2) -> Optional[str]:
    """The comparison as JSON (``{"reference", "plans", "items", …}``); a str when no stream."""
    data = comparison.model_dump(mode="json")
    data["coverage"] = comparison.coverage_records()
    if stream is None:
        return json.dumps(data, ensure_ascii=False, indent=indent)
    # Written piece by piece (the same text json.dumps makes): the JSON of 3,000 plans is
    # 120 MB, a quarter of a gigabyte as one str.
    json.dump(data, stream, ensure_ascii=False, indent=indent)
    return None


def to_csv(comparison: Comparison, stream: Optional[TextIO] = None, records: Optional[list[dict]] = None) -> Optional[str]:
    """The item × region table as CSV (header row, every field quoted, ``\\r\\n``); a str when no stream is given."""
    records = comparison.to_records() if records is None else records
    columns = list(records[0]) if records else ["code", "title", "part", "region"]
    return write_csv_table(columns, ([record.get(c) for c in columns] for record in records), stream)


def to_xlsx(comparison: Comparison, path: Union[str, Path]) -> None:
    """An XLSX workbook: sheets ``items`` (item × region), ``tasks`` and ``coverage``.

    Written by the ledger's writer (:func:`policyparse.export.xlsx.write_table`, XlsxWriter), so
    every cell passes the same injection rule and XML clean-up.
    """
    from ..export.xlsx import workbook, write_table

    sheets = [("items", comparison.to_records()), ("tasks", comparison.task_records()),
              ("coverage", comparison.coverage_records())]
    with workbook(path) as book:
        for name, records in sheets:
            columns = list(records[0]) if records else []
            write_table(book, name, columns, ([record.get(c) for c in columns] for record in records))


FORMATS = ("json", "csv", "xlsx")


def write(comparison: Comparison, path: Union[str, Path, None], fmt: Optional[str] = None) -> Optional[str]:
    """Write ``comparison`` to ``path`` in ``fmt`` (json|csv|xlsx; default from the suffix).

    With ``path`` None, return the JSON or CSV text instead (XLSX needs a file).
    """
    if fmt is None:
        suffix = Path(path).suffix.lower().lstrip(".") if path else "json"
        fmt = suffix if suffix in FORMATS else "json"
    if fmt not in FORMATS:
        raise UsageError(f"unknown comparison format {fmt!r}; use one of {', '.join(FORMATS)}")
    if path is None:
        if fmt == "xlsx":
            raise UsageError("--format xlsx needs an output file (-o FILE.xlsx)")
        return to_json(comparison) if fmt == "json" else to_csv(comparison)
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise UsageError("output folder does not exist", path=str(path))
    try:
        if fmt == "xlsx":
            to_xlsx(comparison, path)
        else:
            # A CSV file gets a UTF-8 BOM: without it Excel on a Chinese Windows reads GBK mojibake.
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            with path.open("w", encoding=encoding, newline="") as handle:
                (to_json if fmt == "json" else to_csv)(comparison, handle)
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror or exc}", path=str(path)) from None
    return None
