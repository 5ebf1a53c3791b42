"""``policyparse ledger RESULT.json... -o ledger.xlsx``: a task ledger from chosen results.

The results are JSON files written by ``policyparse parse --format json`` or by a batch run
(a folder is searched for ``*.json``), or a batch store (``policyparse.sqlite``), so an office can
pick the notices it is responsible for and get one 台账: Chinese throughout, or English with
``--lang en``. With ``--template their.xlsx`` the rows go into a copy of the office's own
workbook, under its own header names (:mod:`policyparse.export.template`).
"""

from __future__ import annotations

import argparse
import sys
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

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError("ledger output must end in .csv or .xlsx", path=str(args.output))
    if args.template and suffix != ".xlsx":
        raise UsageError("a ledger filled into a template is a workbook: -o must end in .xlsx", path=str(args.output))
    if args.template and Path(args.template).resolve() == Path(args.output).resolve():
        raise UsageError("-o must not be the template itself (the template is kept as it is)", path=str(args.output))
    rows = ledger_rows(_load(result_paths(args.results)), lang=args.lang)
    try:
        if args.template:
            from .template import fill_template

            filled = fill_template(rows, args.template, args.output, lang=args.lang)
            if filled.missing:
                names = "、".join(filled.missing) if args.lang == "zh" else ", ".join(filled.missing)
                print(f"policyparse: the template has no column for {names}; those values are left out",
                      file=sys.stderr)
        else:
            write_ledger(rows, args.output, lang=args.lang)
    except OSError as exc:
        raise UsageError(f"cannot write the ledger: {exc.strerror}", path=str(args.output)) from None
    return 0


def register_cli(commands) -> None:
    """Add ``policyparse ledger`` to the CLI's sub-commands."""
    p = commands.add_parser(
        "ledger", help="build a task ledger (台账, CSV or XLSX) from result JSON files",
        description="One row per task assignment: 序号, 重点任务, 任务内容, 牵头/配合/责任单位, 完成时限, "
        "截止日期, 进展情况 and 备注 to fill in, then where each task comes from. The XLSX is ready to "
        "print (landscape A4, fitted to the page width, header on every page). Cells that would start a "
        "spreadsheet formula (= + - @) are prefixed with '.")
    p.add_argument("results", nargs="+", metavar="RESULT.json", help="result JSON files, folders of them, or a batch's policyparse.sqlite")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="LEDGER",
                   help="ledger.xlsx or ledger.csv (format from the extension)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language of the column names and of the ledger's own words (default: zh)")
    p.add_argument("--template", type=Path, metavar="THEIR.xlsx",
                   help="fill a copy of this workbook: its header row's names (牵头部门, 时间节点 …) decide "
                   "where each column goes; its styles are kept")
    p.set_defaults(run=cmd_ledger)
