"""Export parse results: JSON, task ledgers (CSV / XLSX) and an SQLite store.

>>> from policyparse.export import ledger_columns
>>> ledger_columns("zh")[-7:-4]
['隐含责任单位', '完成时限', '截止日期']

- :func:`to_json` / :func:`load_result`: the canonical schema as JSON text and back;
- :func:`ledger_rows`, :func:`write_csv`, :func:`write_xlsx`: one row per task assignment, with
  cells that cannot run as spreadsheet formulas;
- :class:`SQLiteStore`: results keyed by content hash and parser version, queryable with SQL.
"""

from __future__ import annotations

from .cells import is_formula, safe_cell, write_csv_table
from .json import from_json, load_result, to_json, write_atomic
from .ledger import LEDGER_COLUMNS, ledger_columns, ledger_rows, write_csv, write_ledger, write_xlsx
from .sqlite import SQLiteStore, result_id, table_contents, version_key

__all__ = [
    "to_json",
    "from_json",
    "load_result",
    "write_atomic",
    "LEDGER_COLUMNS",
    "ledger_columns",
    "ledger_rows",
    "safe_cell",
    "is_formula",
    "write_csv_table",
    "write_csv",
    "write_xlsx",
    "write_ledger",
    "SQLiteStore",
    "version_key",
    "result_id",
    "table_contents",
]
