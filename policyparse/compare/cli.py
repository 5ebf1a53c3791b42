"""The comparison's commands.

``policyparse compare PLANS... [--reference R] [--reference-items SPEC] [--format json|csv|xlsx]
[-o FILE] [--html report.html] [--write-store]``: PLANS are notices (txt, html, pdf, docx: parsed
first), result JSON files written by ``policyparse parse --format json``, folders of such JSON
files, or a batch store (``policyparse.sqlite``). Every document with tasks is one plan, named
by its region. The reference is an outline TSV (``code``, ``title``, optional ``part``,
``text``), a result JSON or a notice (the guideline itself, or a notice forwarding it); without
one the plans are compared with each other and their common items found.

``policyparse reference NOTICE [--reference-items SPEC] [--no-text]`` prints the items the
comparison will use, as an outline TSV a researcher can check, edit and pass back.

``policyparse family REFERENCE CORPUS... [--format tsv|json]`` lists the documents of the corpus
(folders of notices or results, a store) that implement the reference, with the reason.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError, UsageError
from ..export.json import result_paths

FORMATS = ("json", "csv", "xlsx")


def _reference(args: argparse.Namespace):
    from .reference import load_reference, select_items

    if not Path(args.reference.split("::", 1)[0]).exists():
        raise InputError("reference file not found", path=args.reference)
    return select_items(load_reference(args.reference), args.reference_items)


def cmd_compare(args: argparse.Namespace) -> int:
    """Run the comparison and write the table (stdout or ``-o``) and the optional HTML report."""
    from .align import compare
    from .report import write_html
    from .store import STORE_SUFFIXES, write_alignments
    from .writers import write

    fmt = args.format
    if fmt is None and args.output is not None:
        suffix = args.output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else "json"
    fmt = fmt or "json"
    if fmt == "xlsx" and args.output is None:
        raise UsageError("--format xlsx needs an output file (-o FILE.xlsx)")
    stores = [p for p in args.plans if Path(p).suffix.lower() in STORE_SUFFIXES]
    if args.write_store and not stores:
        raise UsageError("--write-store needs a store among the plans (policyparse.sqlite)")
    if args.write_store and args.reference is None:
        raise UsageError("--write-store needs --reference: tasks.reference holds reference item codes")
    if args.reference_items and args.reference is None:
        raise UsageError("--reference-items needs --reference")
    reference = _reference(args) if args.reference is not None else None
    comparison = compare(result_paths(args.plans, "plan"), reference=reference, progress=not args.no_progress)
    text = write(comparison, args.output, fmt)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if args.html is not None:
        write_html(comparison, args.html)
    for store in stores if args.write_store else []:
        updated = write_alignments(store, comparison)
        print(f"policyparse: {store}: tasks.reference set on {updated} tasks", file=sys.stderr)
    return 0


def cmd_reference(args: argparse.Namespace) -> int:
    """Print the reference's items as an outline TSV."""
    from .reference import to_outline

    sys.stdout.write(to_outline(_reference(args), with_text=not args.no_text))
    return 0


def cmd_family(args: argparse.Namespace) -> int:
    """List the members of the reference's family in the corpus."""
    from .family import find_family

    for path in args.corpus:
        if not Path(path).exists():
            raise InputError("no such corpus folder or file", path=path)
    family = find_family(_reference(args), args.corpus)
    if args.format == "json":
        data = {"reference": family.reference.source, "scanned": family.scanned,
                "members": [m.as_dict() for m in family.members]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return 0
    sys.stdout.write("path\tdocument\tdoc_number\tissue_date\treason\tcoverage\tevidence\ttitle\n")
    for m in family.members:
        sys.stdout.write("\t".join(str(v) if v is not None else "" for v in (
            m.path, m.document, m.doc_number, m.issue_date, m.reason, m.coverage,
            "；".join(m.evidence), m.title)) + "\n")
    print(f"policyparse: {len(family.members)} of {family.scanned} documents implement the reference",
          file=sys.stderr)
    return 0


def _reference_arguments(p: argparse.ArgumentParser, required: bool) -> None:
    if required:
        p.add_argument("reference", metavar="REFERENCE",
                       help="the guideline: a notice (or one forwarding it), a result JSON or an outline .tsv")
    p.add_argument("--reference-items", metavar="SPEC",
                   help="items to keep (R.2.*,R.3.1) or, prefixed with - or !, to leave out (--reference-items=-R.5.*)")


def register_cli(commands) -> None:
    """Add ``policyparse compare``, ``reference`` and ``family`` to the CLI's sub-commands."""
    p = commands.add_parser(
        "compare", help="align plans to a reference (or to each other) and compare regions",
        description="Each task of each plan is aligned to the reference item it carries out (or "
        "R.new / null), each plan on its own. Output: the item × region table with tasks, lead and "
        "supporting agencies, deadlines, reused text; per region coverage and added items.")
    p.add_argument("plans", nargs="+", metavar="PLAN",
                   help="notices, result JSON files, folders of them, or a batch store (policyparse.sqlite)")
    p.add_argument("--reference", metavar="R",
                   help="outline .tsv (code, title[, part, text]), result JSON, notice, or STORE.sqlite::PATH|发文字号; "
                   "default: plans against each other")
    _reference_arguments(p, required=False)
    p.add_argument("--format", choices=FORMATS, help="output format (default: from -o's extension, else json)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="output file (default: stdout; xlsx needs a file)")
    p.add_argument("--html", type=Path, metavar="REPORT", help="also write a self-contained HTML report")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--write-store", action="store_true",
                   help="write each task's item code into tasks.reference of the store given as a plan")
    p.set_defaults(run=cmd_compare)

    p = commands.add_parser(
        "reference", help="print the items a reference gives the comparison (outline TSV)",
        description="The work items read from a guideline notice (numbering straight through parts, "
        "items under headings, annex task tables) or an outline, as the TSV --reference reads.")
    _reference_arguments(p, required=True)
    p.add_argument("--no-text", action="store_true", help="leave out the items' text column")
    p.set_defaults(run=cmd_reference)

    p = commands.add_parser(
        "family", help="find the plans of a corpus that implement a reference",
        description="Documents that are the guideline, forward it, cite it (or cite a member) and "
        "carry out its items, or carry out enough of its items without citing it.")
    _reference_arguments(p, required=True)
    p.add_argument("corpus", nargs="+", metavar="CORPUS", help="folders of notices or result JSON, or a store")
    p.add_argument("--format", choices=("tsv", "json"), default="tsv")
    p.set_defaults(run=cmd_family)
