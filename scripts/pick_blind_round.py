#!/usr/bin/env python3
"""Draw the notices of a blind annotation round: random wild notices of a plan form, none used before.

    python scripts/pick_blind_round.py --seed 202612078 --exclude used.txt [--exclude pools.md] \
        [--wild ../shared/corpus/wild] [--quota txt=4 wps=2 docx=2 pdf=2] [--prefix y]

Candidates are files whose name shows a plan form (实施方案, 工作要点, 行动计划 …) and not a
decision, list or reply, of 3,000-16,000 characters, in the formats of the quota; names listed in
an exclusion file (one per line, or ``- name`` lines of a markdown list) are left out. Prints one
line per pick: id, format, characters, file name. Rounds 5-9 were drawn so (their ``split.md``
gives the command; the names each left out are in its ``excluded.txt``), round 10 too. After round
10 the plan forms are nearly drawn out (txt 15, wps 1, docx 3, pdf 0 left): ``--any-form`` takes any
notice that is no decision, list or reply, ``--size`` widens the size range (with both and 2,000-20,000
characters: txt 222, wps 44, docx 45, pdf 17). Exclude ``corpus/wild_seen.txt`` too: the wild files
whose parse output a session looked at.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORM = re.compile("实施方案|工作方案|行动方案|分工方案|实施意见|工作要点|行动计划|若干措施|政策措施|任务|工作安排|实施细则|实施办法")
NOT = re.compile("批复|公告|决定|名单|公布|通报|表彰|答复|函")


def text_of(p: Path) -> str:
    """The file's text as an annotator decodes it (the BRIEF's rules), to measure its size."""
    from policyparse.read import read

    if p.suffix in (".wps", ".txt"):
        data = p.read_bytes().replace(b"\x00", b"")
        for enc in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                pass
        return ""
    try:
        return read(str(p)).text
    except Exception:  # a file the reader refuses is no candidate
        return ""


def excluded(paths: list[Path]) -> set[str]:
    out: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            name = line[2:] if line.startswith("- ") else line
            if name.strip():
                out.add(name.strip())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--exclude", type=Path, action="append", default=[])
    ap.add_argument("--wild", type=Path, default=ROOT.parent / "shared" / "corpus" / "wild")
    ap.add_argument("--quota", nargs="+", default=["txt=4", "wps=2", "docx=2", "pdf=2"])
    ap.add_argument("--prefix", default="y", help="the ids' letter (round 5: x)")
    ap.add_argument("--any-form", action="store_true",
                    help="take any notice whose name is not a decision, list or reply (the plan forms are nearly drawn out)")
    ap.add_argument("--size", type=int, nargs=2, default=(3000, 16000), metavar=("MIN", "MAX"),
                    help="characters of text a candidate holds")
    args = ap.parse_args(argv)
    quota = {k: int(v) for k, v in (q.split("=") for q in args.quota)}
    skip = excluded(args.exclude)
    pool: dict[str, list[tuple[str, int]]] = {}
    for p in sorted(args.wild.iterdir()):
        fmt = p.suffix.lstrip(".")
        if p.name in skip or fmt not in quota or not (args.any_form or FORM.search(p.stem)) or NOT.search(p.stem):
            continue
        n = len(text_of(p))
        if args.size[0] <= n <= args.size[1]:
            pool.setdefault(fmt, []).append((p.name, n))
    short = {f: len(pool.get(f, [])) for f, k in quota.items() if k > len(pool.get(f, []))}
    if short:
        sizes = ", ".join(f"{f}: {n} left, {quota[f]} asked" for f, n in short.items())
        raise SystemExit(f"pick_blind_round: the pool is too small for the quota ({sizes})")
    random.seed(args.seed)
    picked = [(fmt, n, name) for fmt, k in quota.items() for name, n in random.sample(pool.get(fmt, []), k)]
    random.shuffle(picked)
    for i, (fmt, n, name) in enumerate(picked, 1):
        print(f"{args.prefix}{i:02d}\t{fmt}\t{n}\t{name}")
    print({f: len(v) for f, v in pool.items()}, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
