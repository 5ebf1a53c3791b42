#!/usr/bin/env python3
"""What differs between two ``policyparse compare --format json`` outputs of the same plans.

Usage::

    python scripts/diff_comparisons.py BEFORE.json AFTER.json [--filled-only] [--examples 8]

The output-identity check of speed work (issue 13): run ``scripts/bench.py --compare --keep DIR``
before and after a change, then diff the kept files. Prints, per field, how many tasks, plans,
reference items and table rows differ, with a few examples; exit status 0 when nothing does.

--filled-only drops the table rows of BEFORE whose region has no task for the item and its plans'
missing lists (a comparison without a reference lists neither since issue 13), so a BEFORE
written with them compares with an AFTER written without.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter


def _fields(a: dict, b: dict, prefix: str, counts: Counter, examples: list, limit: int, label: str) -> None:
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            counts[prefix + key] += 1
            if len(examples) < limit:
                examples.append((prefix + key, label, a.get(key), b.get(key)))


def diff(before: dict, after: dict, filled_only: bool = False, limit: int = 8) -> tuple[Counter, list]:
    counts: Counter = Counter()
    examples: list = []
    _fields(before["reference"].get("source", {}), after["reference"].get("source", {}), "reference.source.",
            counts, examples, limit, "")
    items_a, items_b = before["reference"]["items"], after["reference"]["items"]
    counts["reference.items (count)"] += len(items_a) != len(items_b)
    for x, y in zip(items_a, items_b):
        _fields(x, y, "reference.item.", counts, examples, limit, x.get("code", ""))
    counts["plans (count)"] += len(before["plans"]) != len(after["plans"])
    for p, q in zip(before["plans"], after["plans"]):
        if filled_only:
            p = dict(p, missing=[])
        _fields({k: v for k, v in p.items() if k != "tasks"}, {k: v for k, v in q.items() if k != "tasks"},
                "plan.", counts, examples, limit, p.get("region", ""))
        counts["plan.tasks (count)"] += len(p["tasks"]) != len(q["tasks"])
        for s, t in zip(p["tasks"], q["tasks"]):
            _fields(s, t, "task.", counts, examples, limit, f"{p.get('region', '')} {s.get('id', '')}")
    rows_a = [r for r in before["items"] if r["tasks"] or not filled_only]
    rows_b = after["items"]
    counts["table rows (count)"] += len(rows_a) != len(rows_b)
    for x, y in zip(rows_a, rows_b):
        _fields(x, y, "row.", counts, examples, limit, f"{x.get('code')} {x.get('region')}")
    for key in ("regions", "settings", "coverage"):
        counts[key] += before.get(key) != after.get(key)
    return +counts, examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--filled-only", action="store_true",
                        help="drop BEFORE's empty table cells and missing lists first")
    parser.add_argument("--examples", type=int, default=8)
    args = parser.parse_args(argv)
    with open(args.before, encoding="utf-8") as a, open(args.after, encoding="utf-8") as b:
        counts, examples = diff(json.load(a), json.load(b), args.filled_only, args.examples)
    if not counts:
        print("identical")
        return 0
    for key, n in counts.most_common():
        print(f"{n:8d}  {key}")
    for key, label, x, y in examples:
        print(f"\n{key} [{label}]\n  before: {json.dumps(x, ensure_ascii=False)[:300]}\n  after:  {json.dumps(y, ensure_ascii=False)[:300]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
