"""Export parse results: JSON, task ledgers (CSV / XLSX) and an SQLite store.

>>> from policyparse.export import ledger_columns
>>> ledger_columns("zh")[-7:-3]
['文件标题', '发文字号', '原文位置', '来源文件']

- :func:`to_json` / :func:`load_result`: the canonical schema as JSON text and back;
- :func:`ledger_rows`, :func:`write_csv`, :func:`write_xlsx`: the 台账, one row per task
  assignment, with cells that cannot run as spreadsheet formulas; :func:`fill_template` puts it
  into an office's own workbook;
- :class:`SQLiteStore`: results keyed by content hash and parser version, queryable with SQL.
"""

from __future__ import annotations

from .cells import is_formula, plain_text, safe_cell, write_csv_table
from .json import from_json, load_result, to_json, write_atomic
from .ledger import LEDGER_COLUMNS, ledger_columns, ledger_rows, write_csv, write_ledger, write_xlsx
from .template import fill_template
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
    "plain_text",
    "write_csv_table",
    "write_csv",
    "write_xlsx",
    "write_ledger",
    "fill_template",
    "SQLiteStore",
    "version_key",
    "result_id",
    "table_contents",
]
