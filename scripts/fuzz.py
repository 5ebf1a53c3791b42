"""Fuzz ``parse`` and ``normalize`` at length: the long run behind the figures of issue 16.

    python scripts/fuzz.py [--count 30000] [--seed 1] [--jobs 2] [--show 20]

Runs the checks of ``tests/fuzzing.py`` (library errors only, the edit contract of normalize, a
serializable result, span round trips of units, deadlines, targets and principles) on ``count``
seeded inputs split over ``jobs`` processes, and prints the inputs, the failures grouped by
problem, and the time. ``--spans task`` adds the task-text round trip (issue 16 #11). A failure
is replayed with the same seed: its label is ``kind#n`` of :func:`fuzzing.inputs`.

The suite runs the same checks on 400 inputs (``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))


def _run(job: tuple[int, int, int, int, tuple[str, ...]]) -> tuple[int, list[tuple[str, list[str]]]]:
    seed, count, part, parts, kinds = job
    from fuzzing import check, inputs

    failures = []
    done = 0
    for n, (label, value, name) in enumerate(inputs(seed, count)):
        if n % parts != part:
            continue
        done += 1
        problems = check(value, name, kinds)
        if problems:
            failures.append((label, problems))
    return done, failures


def _kind(problem: str) -> str:
    # group "principle 218-289: '…' != '…'" as "principle span", "parse raised X: … at f:l" as is up to ':'
    head = problem.split(":", 1)[0]
    return head.split(" ", 1)[0] + " span" if head.split(" ", 1)[0] in (
        "unit", "deadline", "target", "principle", "task", "outline", "cite", "assignment") else head


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=20, help="failures to print in full")
    parser.add_argument("--spans", nargs="*", default=[], help="span kinds to add to the default ones (task …)")
    args = parser.parse_args(argv)
    from spans import HOLDING

    kinds = tuple(HOLDING) + tuple(args.spans)
    started = time.perf_counter()
    jobs = [(args.seed, args.count, part, args.jobs, kinds) for part in range(args.jobs)]
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        results = pool.map(_run, jobs)
    seconds = time.perf_counter() - started
    done = sum(n for n, _ in results)
    failures = sorted((f for _, fs in results for f in fs), key=lambda f: int(f[0].split("#")[1]))
    groups = Counter(_kind(p) for _, problems in failures for p in dict.fromkeys(map(_kind, problems)))
    print(f"fuzz: {done} inputs (seed {args.seed}), {len(failures)} failed, {seconds:.0f} s"
          f" with {args.jobs} processes ({seconds * args.jobs / max(done, 1) * 1000:.1f} ms per input)")
    for kind, count in groups.most_common():
        print(f"  {count:6d}  {kind}")
    for label, problems in failures[: args.show]:
        print(f"  {label}: {problems[0][:300]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
