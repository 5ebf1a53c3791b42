#!/usr/bin/env python3
"""Count what normalize changes in notices that need no repair: every such edit is a false repair.

    python scripts/false_repairs.py                       # corpus/wild (shared) and corpus/extra
    python scripts/false_repairs.py DIR... [--show 40] [--rules restore_lookalikes,...]

The scraped notices of ``corpus/wild`` and ``corpus/extra`` are clean text: UTF-8, no copy
protection, no mojibake. A look-alike or mojibake edit in them is a defect of the repair, however
well its explanation reads (issue 12: 郭光灿 -> 郭光山, ━━━ -> 一一一). Traditional-to-simplified
conversion and compatibility folds are reported apart: they are conversions, not guesses.

Prints the files read and refused, the files with a guessing edit, edits by fixer, and the first
``--show`` guessing edits with their context, so a regression names the character it broke.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Fixers that guess a different character than the one printed: on clean text they must not fire.
GUESSING = ("repair_mojibake", "restore_lookalikes")
DEFAULT_DIRS = (ROOT.parent.parent / "shared" / "corpus" / "wild", ROOT / "corpus" / "extra")
SUFFIXES = {".txt", ".md", ".html", ".htm", ".shtml", ".pdf", ".docx", ".wps", ".doc", ".rtf", ".ofd"}


def default_dirs() -> list[Path]:
    """corpus/wild sits in the shared folder next to the work trees; corpus/extra in the repo."""
    found = [d for d in DEFAULT_DIRS if d.is_dir()]
    shared = Path("/work/shared/corpus/wild")
    if shared.is_dir() and shared not in found:
        found.insert(0, shared)
    return found


def measure(paths: list[Path], rules: tuple[str, ...] = GUESSING) -> dict:
    """Normalize each file; return counts of edits by fixer and the guessing edits themselves."""
    from policyparse.errors import PolicyParseError
    from policyparse.normalize import normalize
    from policyparse.read import read

    by_rule: collections.Counter = collections.Counter()
    files_by_rule: collections.Counter = collections.Counter()
    guesses: list[tuple[str, str, str, str, str]] = []
    refused: list[tuple[str, str]] = []
    changed_files = 0
    for path in paths:
        try:
            source = read(path)
        except PolicyParseError as exc:
            refused.append((path.name, str(exc)))
            continue
        result = normalize(source)
        rules_here = collections.Counter(edit.rule for edit in result.edits)
        by_rule.update(rules_here)
        files_by_rule.update(rules_here.keys())
        hits = [e for e in result.edits if e.rule in rules]
        changed_files += bool(hits)
        for edit in hits:
            context = result.raw[max(0, edit.raw_start - 6):edit.raw_end + 6].replace("\n", "⏎")
            guesses.append((path.name, edit.rule, edit.before, edit.after, context))
    return {"files": len(paths), "refused": refused, "by_rule": by_rule,
            "files_by_rule": files_by_rule, "changed_files": changed_files, "guesses": guesses}


def collect(dirs: list[Path]) -> list[Path]:
    """Notices under ``dirs``, less the blind test set (``dev_exclude.txt``), which no
    development run may read."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from scan import excluded_names

    skip = excluded_names(None, dirs)
    return sorted(p for d in dirs for p in (d.rglob("*") if d.is_dir() else [d])
                  if p.is_file() and p.suffix.lower() in SUFFIXES and p.name not in skip)


def report(result: dict, show: int, rules: tuple[str, ...] = GUESSING) -> list[str]:
    read_count = result["files"] - len(result["refused"])
    lines = [f"{result['files']} files, {read_count} read, {len(result['refused'])} refused",
             f"files with a {' or '.join(rules)} edit: {result['changed_files']}",
             "edits by fixer (files):"]
    for rule, count in sorted(result["by_rule"].items(), key=lambda kv: -kv[1]):
        mark = "  <- false repairs" if rule in rules else ""
        lines.append(f"  {rule:32} {count:7} ({result['files_by_rule'][rule]}){mark}")
    for name, rule, before, after, context in result["guesses"][:show]:
        lines.append(f"  {rule}: {before!r} -> {after!r}  in …{context}…  [{name}]")
    for name, message in result["refused"]:
        lines.append(f"refused {name}: {message}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=40, help="guessing edits to print")
    parser.add_argument("--rules", default=",".join(GUESSING), help="fixers counted as false repairs")
    args = parser.parse_args(argv)
    rules = tuple(r for r in args.rules.split(",") if r)
    result = measure(collect(args.dirs or default_dirs()), rules)
    print("\n".join(report(result, args.show, rules)))
    return 1 if result["changed_files"] else 0


if __name__ == "__main__":
    sys.exit(main())
