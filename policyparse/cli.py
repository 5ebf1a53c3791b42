"""The ``policyparse`` command line: a thin layer over the public API.

Every command turns a :class:`~policyparse.errors.PolicyParseError` into one line on stderr,
``policyparse: [E102] notice.txt: file is empty``, and exit status 2; a traceback means a bug.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from .errors import OutputError, PolicyParseError, printable

EXIT_OK, EXIT_FAILURES, EXIT_ERROR = 0, 1, 2


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror or exc}", path=str(output)) from None


# -- parse -------------------------------------------------------------------------------------

def _summary(result) -> str:
    """A reading view of a parse: header fields and tasks with who is responsible."""
    lines = [f"# {result.source.path or '<text>'}  ({result.source.format}, {result.source.encoding or '-'})"]
    for warning in result.warnings:
        lines.append(f"! {warning}")
    for number, doc in enumerate(result.documents, 1):
        region = "/".join(x for x in (doc.region.province, doc.region.city, doc.region.county) if x)
        lines.append(f"\n== Document {number}: {doc.title or '(untitled)'}")
        lines.append(f"   type={doc.doc_type or '-'} number={doc.doc_number or '-'} issued={doc.issue_date or '-'}"
                     f" issuers={'、'.join(doc.issuers) or '-'} region={region or '-'} level={doc.level or '-'}")
        for task in doc.tasks:
            lines.append(f"  [{task.id}] {task.heading or ''}")
            lines.append(f"      {task.text[:80]}{'…' if len(task.text) > 80 else ''}")
            for a in task.assignments:
                roles = [(label, units) for label, units in
                         (("牵头", a.lead), ("配合", a.support), ("责任", a.responsible)) if units]
                lines.append("      " + "; ".join(f"{label}: {'、'.join(u.name for u in units)}"
                                                   for label, units in roles))
            if task.implicit_units:
                lines.append("      (implicit) " + "、".join(u.name for u in task.implicit_units))
            if task.deadline:
                lines.append(f"      deadline: {task.deadline.raw} -> {task.deadline.start or ''}..{task.deadline.end or ''}"
                             f"{' ongoing' if task.deadline.ongoing else ''}")
    return "\n".join(lines)


def cmd_parse(args: argparse.Namespace) -> int:
    from .pipeline import explain, parse

    if args.file == "-":  # standard input: the bytes, read like a file (encoding and format detected)
        source, name = sys.stdin.buffer.read(), args.name or "<stdin>"
    else:
        source, name = Path(args.file), args.name
    if args.explain:
        _write("\n".join(explain(source, name=name)), args.output)
        return EXIT_OK
    result = parse(source, name=name)
    if args.format == "json":
        text = result.model_dump_json(indent=None if args.compact else 1)
    else:
        text = _summary(result)
    _write(text, args.output)
    return EXIT_OK


# -- normalize ---------------------------------------------------------------------------------

def cmd_normalize(args: argparse.Namespace) -> int:
    from .normalize import normalize
    from .read import read

    source = read(Path(args.file))
    # NormalizeConfig validates the names and says which fixers exist.
    config = {name: False for name in args.disable or ()}
    # Explanations cost a record per edit (one per character of a ruby-annotated notice): only
    # --explain asks for them, as explain=True does in the API.
    normalized = normalize(source, config, explain=args.explain)
    if args.explain:
        lines = []
        for e in normalized.edits:
            entry = f"  [{e.entry}]" if e.entry else ""
            lines.append(f"{e.raw_start}-{e.raw_end} -> {e.start}-{e.end}  {e.rule}: {e.before!r} -> {e.after!r}{entry}")
        lines.append(f"# {len(normalized.edits)} edits")
        for warning in normalized.warnings:
            lines.append(f"! {warning}")
        _write("\n".join(lines), args.output)
    else:
        _write(normalized.text, args.output)
    return EXIT_OK


# -- schema ------------------------------------------------------------------------------------

def schema_text() -> str:
    """``policyparse schema``'s output, as prepared data: building it imports pydantic, the
    normalize stage and two lexicons (a third of a second), so it is built once per version of
    the code and lexicons it comes from and then read from the cache (:mod:`.prepared`)."""
    from .prepared import fingerprint, prepared

    def build() -> str:
        from .schema import json_schema

        return json.dumps(json_schema(), ensure_ascii=False, indent=1)

    return prepared("schema", fingerprint(*_code_and_lexicon_stamps()), build)


def _code_and_lexicon_stamps() -> list[str]:
    """Path, size and modification time of every module and lexicon file, and of pydantic's
    version module: any edit to what the schema is built from changes one of them. Stamps, not
    contents, because reading every file would cost what the cache saves."""
    import importlib.util
    import os

    from .prepared import lexicon_dir

    package = Path(__file__).resolve().parent
    stamps = []
    for folder, suffix in ((package, ".py"), (lexicon_dir(), ".tsv")):
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(suffix):
                    stat = os.stat(os.path.join(root, name))
                    stamps.append(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    spec = importlib.util.find_spec("pydantic")
    if spec and spec.origin:
        version_file = os.path.join(os.path.dirname(spec.origin), "version.py")
        stat = os.stat(version_file) if os.path.exists(version_file) else None
        stamps.append(f"pydantic:{spec.origin}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}")
    return stamps


def cmd_schema(args: argparse.Namespace) -> int:
    _write(schema_text(), args.output)
    return EXIT_OK


# -- wiring ------------------------------------------------------------------------------------

# Commands that live with their stage and register their own options (``register_cli``), with the
# one line ``policyparse --help`` shows for each. The module is imported only when its command
# runs (or its own --help is asked for): importing batch, export and compare costs more than the
# whole of ``--help`` may. tests/test_cli.py checks each line against what the module registers.
PLUGGED_COMMANDS = {
    "batch": ("policyparse.batch",
              "parse every notice under folders in parallel into JSON, ledgers and SQLite (resumable)"),
    "ledger": ("policyparse.export.cli", "build a task ledger (台账, CSV or XLSX) from result JSON files"),
    "compare": ("policyparse.compare.cli", "align plans to a reference (or to each other) and compare regions"),
    "reference": ("policyparse.compare.cli", "print the items a reference gives the comparison (outline TSV)"),
    "family": ("policyparse.compare.cli", "find the plans of a corpus that implement a reference"),
}


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for (importlib.metadata is slow to import)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from . import __version__

        sys.stdout.write(f"policyparse {__version__}\n")
        parser.exit()


def build_parser(commands_to_load: Optional[set] = None) -> argparse.ArgumentParser:
    """The command line. ``commands_to_load``: the plugged commands whose module to import and
    let register its options (None: all of them); any other one gets a placeholder that only
    carries its help line, enough for ``policyparse --help``."""
    parser = argparse.ArgumentParser(
        prog="policyparse",
        description="Turn Chinese government policy notices into structured, comparable plans.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("parse", help="parse one notice (txt, html, pdf, docx) into the canonical schema")
    p.add_argument("file", help="notice file, or - to read the notice from standard input")
    p.add_argument("--name", help="name to report for the input (its extension hints the format: notice.html)")
    p.add_argument("--format", choices=["json", "summary"], default="json")
    p.add_argument("--compact", action="store_true", help="JSON on one line")
    p.add_argument("--explain", action="store_true",
                   help="print, per line, the label the parser gave it, its score and the features behind it")
    p.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    p.set_defaults(run=cmd_parse)

    p = commands.add_parser("normalize", help="print the repaired text of a notice, or --explain its edits")
    p.add_argument("file")
    p.add_argument("--explain", action="store_true",
                   help="list every edit with its rule and raw offsets (off: print the repaired text only)")
    p.add_argument("--disable", action="append", metavar="FIXER", help="switch a fixer off (repeatable)")
    p.add_argument("-o", "--output", type=Path)
    p.set_defaults(run=cmd_normalize)

    p = commands.add_parser("schema", help="print the JSON Schema of the parse output")
    p.add_argument("-o", "--output", type=Path)
    p.set_defaults(run=cmd_schema)

    import importlib

    # A module registers all of its commands at once (compare, reference, family), so it is loaded
    # when any of them is asked for; the others get placeholders, in the table's order.
    wanted = {module for name, (module, _) in PLUGGED_COMMANDS.items()
              if commands_to_load is None or name in commands_to_load}
    registered: set[str] = set()
    for name, (module_name, help_line) in PLUGGED_COMMANDS.items():
        if module_name in wanted:
            if module_name not in registered:
                importlib.import_module(module_name).register_cli(commands)
                registered.add(module_name)
        else:
            commands.add_parser(name, help=help_line, add_help=False)
    return parser


def _command_of(argv: list[str]) -> Optional[str]:
    """The sub-command named in ``argv``: its first word that is not an option (every top-level
    option is a flag, so none takes a value that could be mistaken for it)."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word
    return None


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser({_command_of(argv)} & set(PLUGGED_COMMANDS))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return args.run(args)
    except PolicyParseError as exc:
        print(f"policyparse: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # the system refused a read or write no command caught nearer: still one line
        where = f"{printable(str(exc.filename))}: " if exc.filename else ""
        print(f"policyparse: [{OutputError.code}] {where}{printable(exc.strerror or str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("policyparse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
