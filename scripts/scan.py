#!/usr/bin/env python3
"""Run the parser over unannotated notices and list what needs attention.

    python scripts/scan.py                                   # corpus/extra
    python scripts/scan.py ../shared/corpus/wild corpus/extra --list clauses.tsv
    python scripts/scan.py DIR... [--top 30] [--jobs 2] [--exclude-list dev_exclude.txt]

For each file: documents, tasks, assignments, units without a canonical agency, time. Then the
crashes (bugs: any exception that is not a PolicyParseError), the slowest files, the most
frequent unknown units (candidates for the agency lexicon), the false repairs (look-alike and
mojibake edits, which clean scraped notices must not get; scripts/false_repairs.py lists them),
and the clause benchmark:

- every bracketed clause that opens with a role key (``（责任单位：…）``, ``〔牵头单位：…；配合单位：…〕``),
  every bracketed clause of units followed by a role verb (``（A、B按职责分工负责）``) and every
  keyed clause printed without brackets (``责任单位：…`` closing a paragraph or on its own line),
  and whether the parse gave it units: the share of role-keyed bracketed clauses that did is the
  issue-11 figure (goal >= 0.99); a clause where no task stands is the structure builder's miss,
  so the share inside tasks is printed too;
- every clause unit whose name is longer than 15 characters or ends in a role verb, and the count
  of unit names holding a role verb (goal 0).

The clause detector here is deliberately independent of the grammar in ``lexicons/``: a key the
grammar lacks is still counted, so a gap in the data shows as a miss instead of vanishing.
Files named in ``dev_exclude.txt`` (the blind test set) are skipped; ``.wps`` files and text
files with stray NUL bytes are read by decoding their bytes when the reader refuses them.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUFFIXES = ("局", "委", "办", "厅", "政府", "管委会", "中心", "部", "院", "行", "会", "署", "处")
FORMATS = {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".wps"}

# -- the benchmark's own clause detector ------------------------------------------------------
# A role key: the words of 任务分工 notices that introduce who does the work, followed by a colon.
# 负责人：/联系人： name a person and are no role key.
ROLE_KEY = re.compile(
    r"(?<![\u4e00-\u9fff])(?:牵头|配合|协办|协助|参与|参加|责任|负责|主责|主办|承办|实施|指导|督导|协同|主体)"
    r"(?:责任)?(?:单位|部门|处室|科室|主体|机构)?\s*[:：]")
# an unbracketed keyed clause needs the full key (责任单位：): a short 责任： opens prose too
LINE_KEY = re.compile(
    r"(?:^|(?<=[。；;\n]))[ \t\u3000]*(?:牵头|配合|协办|协助|参与|责任|负责|主责|主办|承办|实施)"
    r"(?:责任)?(?:单位|部门|处室)\s*[:：]", re.M)
# a clause that names its units first and their role last: （A、B按职责分工负责）, （A牵头，B配合）
VERB_TAIL = re.compile(r"(?:牵头|负责|配合|参加|参与|协助|指导|督导|落实|统筹|主责)(?:落实|负责)?[。\s]*$")
FIRST_BODY = re.compile(r"^[^、，,；;：:]{2,30}?(?:局|委|办|厅|部|署|政府|管委会|中心|院|行|会|单位|部门|机构|处)")
OPEN, CLOSE = "（(〔【[［", "）)〕】]］"
ROLE_VERBS = ("牵头", "负责", "配合", "协助", "参与", "参加", "指导", "督导", "统筹", "主责", "落实", "会同",
              "协同", "协办", "承办")
# a body whose name holds a role verb (教育督导室, 就业指导中心, 城乡统筹办): the verb is followed
# by the body's ending
BODY_END = re.compile(r"(?:局|委|办|厅|室|中心|处|科|站|所|组|会|部|院|队|司|公司|办公室|委员会)$")


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """Outermost bracket groups, any bracket kind, nesting respected (a stray closer ignored)."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif c in CLOSE and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


def keyed_clauses(text: str) -> list[tuple[int, int, str]]:
    """(start, end, form) of role-keyed bracketed clauses and unbracketed keyed clauses."""
    out = []
    covered = []
    for s, e in bracket_groups(text):
        inner = text[s + 1:e - 1]
        if e - s > 2000:
            continue  # an unclosed bracket swallowing a page is no clause
        m = ROLE_KEY.search(inner)
        if m and (m.start() == 0 or inner[m.start() - 1] in "；;，,。 \u3000\n"):
            out.append((s, e, "bracketed"))
            covered.append((s, e))
        elif VERB_TAIL.search(inner) and FIRST_BODY.match(inner.strip()):
            out.append((s, e, "verb"))
            covered.append((s, e))
    for m in LINE_KEY.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        end = text.find("\n", m.end())
        out.append((m.start(), end if end >= 0 else len(text), "keyed"))
    return out


def holds_role_verb(name: str) -> bool:
    """A unit name that swallowed a role verb (市发改委指导, 市财政局牵头负责), not a body whose name
    holds one (市教育督导室)."""
    for verb in ROLE_VERBS:
        at = name.find(verb)
        while at >= 0:
            rest = name[at + len(verb):]
            if not (rest and BODY_END.search(rest)):
                return True
            at = name.find(verb, at + 1)
    return False


def read_notice(path: Path):
    """Parse one file; a .wps or NUL-studded text the reader refuses is decoded from its bytes."""
    from policyparse import parse
    from policyparse.errors import PolicyParseError

    try:
        return parse(path)
    except PolicyParseError:
        data = path.read_bytes()
        if path.suffix.lower() not in (".wps", ".txt") or b"\x00" not in data and path.suffix.lower() != ".wps":
            raise
        return parse(data.replace(b"\x00", b""), name=path.with_suffix(".txt").name)


def scan_file(path: Path) -> dict:
    from policyparse.errors import PolicyParseError

    started = time.perf_counter()
    try:
        result = read_notice(path)
    except PolicyParseError as exc:
        return {"name": path.name, "refused": str(exc)}
    except Exception:  # noqa: BLE001 - a scan reports bugs instead of stopping at the first
        return {"name": path.name, "crash": traceback.format_exc(limit=4)}
    elapsed = time.perf_counter() - started
    text = result.normalized_text
    tasks = [t for d in result.documents for t in d.tasks]
    clause_units = [(u, a) for t in tasks for a in t.assignments for u in a.lead + a.support + a.responsible]
    implicit = [u for t in tasks for u in t.implicit_units]
    unparsed = collections.Counter()
    for t in tasks:
        if t.assignments:
            continue
        for m in re.finditer(r"[（(]([^（）()]{2,80})[）)]", t.text):
            inner = m.group(1)
            if any(inner.rstrip("等").endswith(s) or s + "、" in inner for s in SUFFIXES):
                unparsed[inner] += 1
    task_spans = [(t.span.start, t.span.end) for t in tasks if t.span]
    given = [(a.span.start, a.span.end, bool(a.lead or a.support or a.responsible))
             for t in tasks for a in t.assignments if a.span]
    clauses = []
    for s, e, form in keyed_clauses(text):
        hits = [ok for a, b, ok in given if a < e and s < b]
        if any(hits):
            status = "units"
        elif hits:
            status = "empty"
        elif any(a <= s < b for a, b in task_spans):
            status = "no-clause"
        else:
            status = "no-task"
        clauses.append((form, status, text[s:e][:160].replace("\n", "⏎")))
    names = [(u.name, a.raw) for u, a in clause_units]
    return {
        "name": path.name,
        "row": (path.name, len(result.documents), len(tasks), sum(len(t.assignments) for t in tasks),
                len(clause_units) + len(implicit), sum(1 for u, _ in clause_units if u.agency is None)
                + sum(1 for u in implicit if u.agency is None), elapsed, len(text)),
        "unknown": collections.Counter(u.name for u, _ in clause_units if u.agency is None)
        + collections.Counter(u.name for u in implicit if u.agency is None),
        "unparsed": unparsed,
        "clauses": clauses,
        "long_names": [(n, raw) for n, raw in names if len(n) > 15 or n.endswith(ROLE_VERBS)],
        "verb_names": [(n, raw) for n, raw in names if holds_role_verb(n)],
        "unit_names": len(names),
        "warnings": [w for w in result.warnings if "unit" in w],
        # look-alike and mojibake edits: clean scraped notices must get none (issue 12)
        "repairs": sum(1 for e in result.edits if e.rule.split("+")[0] in REPAIR_RULES),
    }


REPAIR_RULES = ("restore_lookalikes", "repair_mojibake")


def excluded_names(path: Path | None, scanned: list[Path] = ()) -> set[str]:
    """File names of the blind test set, which no development run may read: ``dev_exclude.txt``
    found above the repository or above any scanned folder (a copy of the repository elsewhere
    still finds the list beside the corpus it scans)."""
    if path is None:
        for folder in [ROOT, *ROOT.parents, *(p for d in scanned for p in d.resolve().parents)]:
            if (folder / "dev_exclude.txt").is_file():
                path = folder / "dev_exclude.txt"
                break
    if path is None or not path.is_file():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def scan(paths: list[Path], jobs: int = 1) -> dict:
    report = {"rows": [], "crashes": [], "refused": [], "unknown": collections.Counter(),
              "unparsed": collections.Counter(), "clauses": [], "long_names": [], "verb_names": [],
              "unit_names": 0, "warnings": [], "repaired_files": 0, "repairs": 0}
    if jobs > 1:
        with concurrent.futures.ProcessPoolExecutor(jobs) as pool:
            records = list(pool.map(scan_file, paths, chunksize=4))
    else:
        records = [scan_file(p) for p in paths]
    for rec in records:
        if "refused" in rec:
            report["refused"].append((rec["name"], rec["refused"]))
            continue
        if "crash" in rec:
            report["crashes"].append((rec["name"], rec["crash"]))
            continue
        report["rows"].append(rec["row"])
        report["unknown"] += rec["unknown"]
        report["unparsed"] += rec["unparsed"]
        report["unit_names"] += rec["unit_names"]
        report["repairs"] += rec["repairs"]
        report["repaired_files"] += bool(rec["repairs"])
        for key in ("clauses", "long_names", "verb_names", "warnings"):
            report[key].extend((rec["name"], *item) if isinstance(item, tuple) else (rec["name"], item)
                               for item in rec[key])
    return report


def clause_figures(report: dict) -> dict:
    """The issue-11 figures: share of role-keyed bracketed clauses with units, verb-holding names."""
    by = collections.Counter((form, status) for _, form, status, _ in report["clauses"])
    bracketed = sum(n for (form, _), n in by.items() if form == "bracketed")
    keyed = sum(n for (form, _), n in by.items() if form == "keyed")
    return {
        "bracketed": bracketed,
        "bracketed_with_units": by[("bracketed", "units")],
        "bracketed_share": by[("bracketed", "units")] / bracketed if bracketed else 1.0,
        "verb": sum(n for (form, _), n in by.items() if form == "verb"),
        "verb_with_units": by[("verb", "units")],
        "keyed": keyed,
        "keyed_with_units": by[("keyed", "units")],
        "keyed_share": by[("keyed", "units")] / keyed if keyed else 1.0,
        "by_status": dict(sorted(by.items())),
        "unit_names": report["unit_names"],
        "long_or_verb_final": len(report["long_names"]),
        "verb_names": len(report["verb_names"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[ROOT / "corpus" / "extra"])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--exclude-list", type=Path, default=None,
                        help="file names to skip (default: dev_exclude.txt above the repository)")
    parser.add_argument("--list", type=Path, default=None,
                        help="write every benchmark item (clause misses, long and verb names) to this TSV")
    args = parser.parse_args(argv)
    skip = excluded_names(args.exclude_list, args.dirs)
    paths = sorted(p for d in args.dirs for p in (d.rglob("*") if d.is_dir() else [d])
                   if p.is_file() and p.suffix.lower() in FORMATS and p.name not in skip)
    report = scan(paths, args.jobs)
    rows = report["rows"]
    print(f"{'file':32} {'docs':>4} {'tasks':>5} {'assign':>6} {'units':>5} {'unk':>4} {'sec':>6} {'chars':>7}")
    for name, docs, tasks, assign, units, unk, sec, chars in rows:
        print(f"{name[:32]:32} {docs:>4} {tasks:>5} {assign:>6} {units:>5} {unk:>4} {sec:>6.2f} {chars:>7}")
    total_chars = sum(r[7] for r in rows)
    total_sec = sum(r[6] for r in rows) or 1e-9
    print(f"\n{len(paths)} files ({len(skip)} names excluded): {len(rows)} parsed, {len(report['refused'])} refused, "
          f"{len(report['crashes'])} crashed; {sum(r[2] for r in rows)} tasks, "
          f"{sum(1 for r in rows if r[2] == 0)} files with no task; {total_chars / total_sec:,.0f} chars/s")
    for name, message in report["refused"]:
        print(f"refused {name}: {message}")
    for name, trace in report["crashes"]:
        print(f"\nCRASH {name}\n{trace}")
    print("\nslowest:", ", ".join(f"{r[0]} {r[6]:.2f}s" for r in sorted(rows, key=lambda r: -r[6])[:5]))
    print(f"\nfalse repairs (look-alike or mojibake edits; clean notices must get none): "
          f"{report['repaired_files']} files, {report['repairs']} edits (scripts/false_repairs.py lists them)")
    print(f"\nunknown units (top {args.top}):")
    for name, count in report["unknown"].most_common(args.top):
        print(f"  {count:4}  {name}")
    print(f"\nclause-like passages in tasks without assignments (top {args.top}):")
    for inner, count in report["unparsed"].most_common(args.top):
        print(f"  {count:4}  （{inner}）")

    fig = clause_figures(report)
    print("\n## clause benchmark (issue 11)")
    print(f"role-keyed bracketed clauses: {fig['bracketed']}, with units {fig['bracketed_with_units']} "
          f"= {fig['bracketed_share']:.3f} (goal >= 0.99)")
    verb_share = fig["verb_with_units"] / fig["verb"] if fig["verb"] else 1.0
    print(f"bracketed clauses of units then a role verb: {fig['verb']}, with units {fig['verb_with_units']} "
          f"= {verb_share:.3f}")
    in_tasks = sum(n for (form, status), n in fig["by_status"].items() if status != "no-task")
    given = sum(n for (form, status), n in fig["by_status"].items() if status == "units")
    print(f"all clause forms inside a task: {in_tasks}, with units {given} = {given / in_tasks if in_tasks else 1:.3f} "
          f"(the rest stand where the structure builder made no task)")
    print(f"keyed clauses without brackets: {fig['keyed']}, with units {fig['keyed_with_units']} "
          f"= {fig['keyed_share']:.3f}")
    print("  by status: " + ", ".join(f"{form}/{status} {n}" for (form, status), n in fig["by_status"].items()))
    print(f"clause unit names: {fig['unit_names']}; longer than 15 or ending in a role verb: "
          f"{fig['long_or_verb_final']}; holding a role verb: {fig['verb_names']} (goal 0)")
    misses = [c for c in report["clauses"] if c[2] != "units"]
    print(f"\nclauses without units (first {args.top} of {len(misses)}):")
    for name, form, status, snippet in misses[:args.top]:
        print(f"  {status:9} {form:9} {name[:24]:24} {snippet[:90]}")
    print(f"\nunit names holding a role verb (first {args.top} of {len(report['verb_names'])}):")
    for name, unit, raw in report["verb_names"][:args.top]:
        print(f"  {unit:24} <- {raw[:70]}  [{name[:24]}]")
    print(f"\nlong or verb-final unit names (first {args.top} of {len(report['long_names'])}):")
    for name, unit, raw in report["long_names"][:args.top]:
        print(f"  {unit:24} <- {raw[:70]}  [{name[:24]}]")
    for name, warning in report["warnings"][:args.top]:
        print(f"warning {name[:40]}: {warning}")
    if args.list:
        with args.list.open("w", encoding="utf-8") as out:
            out.write("kind\tfile\tstatus\ttext\n")
            for name, form, status, snippet in misses:
                out.write(f"clause-{form}\t{name}\t{status}\t{snippet}\n")
            for name, unit, raw in report["verb_names"]:
                out.write(f"verb-name\t{name}\t{unit}\t{raw}\n")
            for name, unit, raw in report["long_names"]:
                out.write(f"long-name\t{name}\t{unit}\t{raw}\n")
    return 1 if report["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
