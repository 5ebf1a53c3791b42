#!/usr/bin/env python3
"""Run the parser over unannotated notices and list what needs attention.

    python scripts/scan.py                      # corpus/extra
    python scripts/scan.py DIR... [--top 30]

For each file: documents, tasks, assignments, units without a canonical agency, time. Then the
crashes (bugs: any exception that is not a PolicyParseError), the slowest files, the most
frequent unknown units (candidates for the agency lexicon), parenthesised passages inside
tasks that look like responsibility clauses but gave no assignment (unparsed clause forms), and
the false repairs: look-alike and mojibake edits, which clean scraped notices must not get
(scripts/false_repairs.py lists them).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUFFIXES = ("局", "委", "办", "厅", "政府", "管委会", "中心", "部", "院", "行", "会", "署", "处")
PAREN = re.compile(r"[（(]([^（）()]{2,80})[）)]")


def scan(paths: list[Path]) -> dict:
    from policyparse import parse
    from policyparse.errors import PolicyParseError

    rows, crashes, refused = [], [], []
    guesses: collections.Counter = collections.Counter()
    guessed_files = 0
    unknown = collections.Counter()
    unparsed = collections.Counter()
    for path in paths:
        started = time.perf_counter()
        try:
            result = parse(path)
        except PolicyParseError as exc:
            refused.append((path.name, str(exc)))
            continue
        except Exception:  # noqa: BLE001 - a scan reports bugs instead of stopping at the first
            crashes.append((path.name, traceback.format_exc(limit=4)))
            continue
        elapsed = time.perf_counter() - started
        hits = collections.Counter(e.rule for e in result.edits
                                   if e.rule in ("restore_lookalikes", "repair_mojibake"))
        guesses.update(hits)
        guessed_files += bool(hits)
        tasks = [t for d in result.documents for t in d.tasks]
        assignments = sum(len(t.assignments) for t in tasks)
        units = [u for t in tasks for a in t.assignments for u in a.lead + a.support + a.responsible]
        units += [u for t in tasks for u in t.implicit_units]
        for u in units:
            if u.agency is None:
                unknown[u.name] += 1
        for t in tasks:
            if t.assignments:
                continue
            for m in PAREN.finditer(t.text):
                inner = m.group(1)
                if any(inner.rstrip("等").endswith(s) or s + "、" in inner for s in SUFFIXES):
                    unparsed[inner] += 1
        rows.append((path.name, len(result.documents), len(tasks), assignments, len(units),
                     sum(1 for u in units if u.agency is None), elapsed, len(result.normalized_text)))
    return {"rows": rows, "crashes": crashes, "refused": refused, "unknown": unknown, "unparsed": unparsed,
            "guesses": guesses, "guessed_files": guessed_files}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[ROOT / "corpus" / "extra"])
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    from policyparse.read import READABLE_EXTENSIONS

    paths = sorted(p for d in args.dirs for p in (d.rglob("*") if d.is_dir() else [d])
                   if p.is_file() and p.suffix.lower() in READABLE_EXTENSIONS)
    report = scan(paths)
    rows = report["rows"]
    print(f"{'file':32} {'docs':>4} {'tasks':>5} {'assign':>6} {'units':>5} {'unk':>4} {'sec':>6} {'chars':>7}")
    for name, docs, tasks, assign, units, unk, sec, chars in rows:
        print(f"{name:32} {docs:>4} {tasks:>5} {assign:>6} {units:>5} {unk:>4} {sec:>6.2f} {chars:>7}")
    total_chars = sum(r[7] for r in rows)
    total_sec = sum(r[6] for r in rows) or 1e-9
    print(f"\n{len(paths)} files: {len(rows)} parsed, {len(report['refused'])} refused, "
          f"{len(report['crashes'])} crashed; {sum(r[2] for r in rows)} tasks, "
          f"{sum(1 for r in rows if r[2] == 0)} files with no task; {total_chars / total_sec:,.0f} chars/s")
    print(f"false repairs (look-alike or mojibake edits; clean notices need none): "
          f"{report['guessed_files']} files, " + (", ".join(f"{n} {r}" for r, n in report["guesses"].items()) or "0 edits"))
    for name, message in report["refused"]:
        print(f"refused {name}: {message}")
    for name, trace in report["crashes"]:
        print(f"\nCRASH {name}\n{trace}")
    print("\nslowest:", ", ".join(f"{r[0]} {r[6]:.2f}s" for r in sorted(rows, key=lambda r: -r[6])[:5]))
    print(f"\nunknown units (top {args.top}):")
    for name, count in report["unknown"].most_common(args.top):
        print(f"  {count:4}  {name}")
    print(f"\nclause-like passages in tasks without assignments (top {args.top}):")
    for inner, count in report["unparsed"].most_common(args.top):
        print(f"  {count:4}  （{inner}）")
    return 1 if report["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
