"""``policyparse compare PLANS... [--reference R] [--format json|csv|xlsx] [-o FILE] [--html report.html]``.

PLANS are notices (txt, html, pdf, docx: parsed first), result JSON files written by
``policyparse parse --format json``, or folders of such JSON files. Every document with tasks is
one plan, named by its region. The reference is an outline TSV (``code``, ``title``, optional
``part``, ``text``), a result JSON or a notice; without one the plans are compared with each
other and their common items found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError, UsageError
from ..export.json import result_paths

FORMATS = ("json", "csv", "xlsx")


def cmd_compare(args: argparse.Namespace) -> int:
    """Run the comparison and write the table (stdout or ``-o``) and the optional HTML report."""
    from .align import compare
    from .report import write_html
    from .writers import write

    fmt = args.format
    if fmt is None and args.output is not None:
        suffix = args.output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else "json"
    fmt = fmt or "json"
    if fmt == "xlsx" and args.output is None:
        raise UsageError("--format xlsx needs an output file (-o FILE.xlsx)")
    if args.reference is not None and not Path(args.reference).exists():
        raise InputError("reference file not found", path=args.reference)
    comparison = compare(result_paths(args.plans, "plan"), reference=args.reference)
    text = write(comparison, args.output, fmt)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if args.html is not None:
        write_html(comparison, args.html)
    return 0


def register_cli(commands) -> None:
    """Add ``policyparse compare`` to the CLI's sub-commands."""
    p = commands.add_parser(
        "compare", help="align plans to a reference (or to each other) and compare regions",
        description="Each task of each plan is aligned to the reference item it carries out (or "
        "R.new / null). Output: the item × region table with tasks, lead and supporting agencies, "
        "deadlines, reused text; per region coverage and added items.")
    p.add_argument("plans", nargs="+", metavar="PLAN",
                   help="notices, result JSON files (policyparse parse --format json) or folders of them")
    p.add_argument("--reference", metavar="R",
                   help="outline .tsv (code, title[, part, text]), result JSON or notice; default: plans against each other")
    p.add_argument("--format", choices=FORMATS, help="output format (default: from -o's extension, else json)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="output file (default: stdout; xlsx needs a file)")
    p.add_argument("--html", type=Path, metavar="REPORT", help="also write a self-contained HTML report")
    p.set_defaults(run=cmd_compare)
