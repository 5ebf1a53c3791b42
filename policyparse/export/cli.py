"""``policyparse ledger RESULT.json... -o ledger.xlsx``: a task ledger from chosen results.

The results are JSON files written by ``policyparse parse --format json`` or by a batch run
(a folder is searched for ``*.json``), or a batch store (``policyparse.sqlite``), so an office can pick the notices it is responsible for
and get one 台账 with Chinese column names (``--lang en`` for English).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from .json import result_paths


def _load(paths: list[Path]):
    from .json import load_result
    from .sqlite import SQLiteStore

    for path in paths:
        if path.suffix.lower() in (".sqlite", ".sqlite3", ".db"):
            with SQLiteStore(path) as store:
                yield from store.iter_results()
        else:
            yield load_result(path)


def cmd_ledger(args: argparse.Namespace) -> int:
    """Build the ledger; exit 0, or 2 (via the error) for an unreadable result or a bad output name."""
    from .ledger import ledger_rows, write_ledger

    if Path(args.output).suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError("ledger output must end in .csv or .xlsx", path=str(args.output))
    rows = ledger_rows(_load(result_paths(args.results)), lang=args.lang)
    try:
        write_ledger(rows, args.output, lang=args.lang)
    except OSError as exc:
        raise UsageError(f"cannot write the ledger: {exc.strerror}", path=str(args.output)) from None
    return 0


def register_cli(commands) -> None:
    """Add ``policyparse ledger`` to the CLI's sub-commands."""
    p = commands.add_parser(
        "ledger", help="build a task ledger (CSV or XLSX) from result JSON files",
        description="One row per task assignment (牵头/配合/责任单位, 完成时限 …) of the given results. "
        "Cells that would start a spreadsheet formula (= + - @) are prefixed with '.")
    p.add_argument("results", nargs="+", metavar="RESULT.json", help="result JSON files, folders of them, or a batch's policyparse.sqlite")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="LEDGER",
                   help="ledger.xlsx or ledger.csv (format from the extension)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="column names (default: zh)")
    p.set_defaults(run=cmd_ledger)
