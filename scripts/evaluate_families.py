"""Score the comparison on policy families: alignment accuracy per reference form, and family finding.

A family is a guideline, the plans that implement it (raw notices with gold ``reference`` codes)
and the reference in the forms a researcher holds: an outline TSV and, where we have it, the
guideline notice itself (with its own gold, whose tasks carry the outline codes, so an item built
from the notice can be named by its outline code).

    python scripts/evaluate_families.py                       # every family found, both forms
    python scripts/evaluate_families.py --separately          # each plan compared alone too
    python scripts/evaluate_families.py --cross-validate      # tune on one family, test on the other
    python scripts/evaluate_families.py --find                # family finding precision/recall
    python scripts/evaluate_families.py --json                # the alignment figures as JSON

Families: ``76`` (corpus/raw + corpus/gold, corpus/reference-76.tsv; the national notice
国发〔2016〕76号 is not in the corpus) and ``sanxiang`` (the development half of blind round 3,
``--devset``, default corpus/blind3: f01-f06 against 国办发〔2018〕118号 = f00; f01 f03 f05 were
tuned on, f02 f04 f06 were sealed until their one untuned measurement, see corpus/blind3/README.md),
and each folder of ``corpus/families`` (``guize``: 国务院工作规则 国发〔2004〕18号 and six 工作规则 modelled
on it, annotated blind, see its README.md). A task counts
right when its item is the gold code (a task aligned to no item is right when gold says R.new).
Only gold tasks the parser found (Dice >= 0.5, scripts/evaluate.py) are scored.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("evaluate", ROOT / "scripts" / "evaluate.py")
evaluate = importlib.util.module_from_spec(_spec)
sys.modules["evaluate"] = evaluate  # dataclasses look their module up
_spec.loader.exec_module(evaluate)


@dataclass
class Family:
    name: str
    plans: list[tuple[Path, Path]]  # (raw notice, gold json)
    outline: Path
    notice: Optional[tuple[Path, Path]] = None  # the guideline itself and its gold
    members: Optional[Path] = None  # members.tsv for family finding
    corpus: list[Path] = field(default_factory=list)  # where family finding searches


def families(devset: Path) -> list[Family]:
    found = []
    corpus = ROOT / "corpus"
    plans = [(raw, corpus / "gold" / f"{raw.stem}.json") for raw in sorted((corpus / "raw").iterdir())]
    found.append(Family("76", plans, corpus / "reference-76.tsv",
                        corpus=[corpus / "raw", corpus / "extra"]))
    sanxiang = devset / "families" / "sanxiang"
    if sanxiang.is_dir():
        gold = devset / "gold"
        plans = []
        for name in ("f01", "f02", "f03", "f04", "f05", "f06"):
            raw = next((devset / "raw").glob(name + ".*"), None)
            if raw is not None:
                plans.append((raw, gold / f"{name}.json"))
        notice = next((devset / "raw").glob("f00.*"), None)
        shared = ROOT.parent / "shared" / "corpus"  # ../shared/corpus beside the checkout
        found.append(Family("sanxiang", plans, sanxiang / "reference.tsv",
                            notice=(notice, gold / "f00.json") if notice else None,
                            members=sanxiang / "members.tsv",
                            corpus=[shared / "wild", shared / "extra"]))
    for folder in sorted((corpus / "families").glob("*/family.tsv")):
        found.append(_family_folder(folder.parent, shared=ROOT.parent / "shared" / "corpus"))
    return found


def _family_folder(folder: Path, shared: Path) -> Family:
    """A family annotated in a folder of its own (corpus/families/NAME): ``family.tsv`` lists the
    ids and their role (guideline, plan), ``raw/ID.*`` and ``gold/ID.json`` hold each file,
    ``reference.tsv`` the hand-made outline and ``members.tsv`` the family's members in the mixed
    corpus (paths under ../shared/corpus)."""
    rows = [line.split("\t") for line in (folder / "family.tsv").read_text(encoding="utf-8").splitlines()[1:] if line]
    raw = {ident: next((folder / "raw").glob(ident + ".*")) for ident, _ in rows}
    plans = [(raw[ident], folder / "gold" / f"{ident}.json") for ident, role in rows if role == "plan"]
    guideline = next((ident for ident, role in rows if role == "guideline"), None)
    members = folder / "members.tsv"
    return Family(folder.name, plans, folder / "reference.tsv",
                  notice=(raw[guideline], folder / "gold" / f"{guideline}.json") if guideline else None,
                  members=members if members.exists() else None,
                  corpus=[shared / "wild", shared / "extra"])


_PARSED: dict[Path, object] = {}


def parsed(path: Path):
    from policyparse import parse

    if path not in _PARSED:
        _PARSED[path] = parse(path)
    return _PARSED[path]


def gold_tasks(gold_path: Path) -> list[dict]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return [t for d in gold["documents"] for t in d.get("tasks") or []]


def notice_code_map(reference, notice_gold: Path) -> dict[str, str]:
    """Item code of a reference built from the notice -> the outline code its gold task carries."""
    gold = gold_tasks(notice_gold)
    items = reference.alignable
    pairs = evaluate.pair_greedy([t["text"] for t in gold], [i.text or i.title for i in items])
    return {items[j].code: gold[i]["reference"] for i, j in pairs if gold[i].get("reference")}


def score_plans(family: Family, reference, code_map: Optional[dict], separately: bool,
                settings: Optional[dict] = None, show: bool = False) -> tuple[int, int]:
    """(right, scored) over the family's plans."""
    from policyparse.compare import compare

    results = [parsed(raw) for raw, _ in family.plans]
    if separately:
        comparisons = [compare([r], reference=reference, settings=settings) for r in results]
    else:
        comparisons = [compare(results, reference=reference, settings=settings)] * len(results)
    right = total = 0
    new = reference.new_code
    for (raw, gold_path), result, comparison in zip(family.plans, results, comparisons):
        plans = [p for p in comparison.plans if p.source.get("path") == result.source.path]
        pred = [t for p in plans for t in p.tasks]
        gold = [t for t in gold_tasks(gold_path) if t.get("reference")]
        pairs = evaluate.pair_greedy([t["text"] for t in gold], [t.text for t in pred])
        for i, j in pairs:
            got = pred[j].reference
            got = "R.new" if got in (None, new) else (code_map.get(got, got) if code_map else got)
            total += 1
            right += got == gold[i]["reference"]
            if show and got != gold[i]["reference"]:
                print(f"  {raw.stem} {gold[i]['id']:14} gold {gold[i]['reference']:6} got {got:8} "
                      f"{pred[j].score:.2f} {(pred[j].heading or pred[j].text)[:24]}")
    return right, total


_REFERENCES: dict[str, list] = {}


def references(family: Family):
    """(form, Reference, code map or None, items recognised text), built once per family."""
    from policyparse.compare import load_reference

    if family.name in _REFERENCES:
        return _REFERENCES[family.name]
    out = [("outline", load_reference(family.outline), None, "")]
    if family.notice is not None:
        notice, notice_gold = family.notice
        ref = load_reference(notice)
        code_map = notice_code_map(ref, notice_gold)
        wanted = {t["reference"] for t in gold_tasks(notice_gold) if t.get("reference")}
        recognised = len(set(code_map.values()) & wanted)
        out.append(("notice", ref, code_map, f"{recognised}/{len(wanted)} items, {len(ref.alignable)} built"))
    _REFERENCES[family.name] = out
    return out


def run_scores(fams: list[Family], separately: bool, settings: Optional[dict] = None,
               show: bool = False) -> dict:
    figures = {}
    for family in fams:
        for form, ref, code_map, note in references(family):
            modes = [("together", False)] + ([("alone", True)] if separately else [])
            for mode, alone in modes:
                right, total = score_plans(family, ref, code_map, alone, settings, show)
                key = f"{family.name}/{form}/{mode}"
                figures[key] = {"right": right, "total": total,
                                "accuracy": round(right / total, 3) if total else None, "items": note}
    return figures


# A coarse grid over the settings that decide most alignments; cross-validation picks on one
# family and reports the other, so nothing here is fitted to the family it is scored on.
GRID = {
    "plan_scale": [0.0, 0.5],
    "new_threshold": [0.25, 0.3, 0.35],
    "part_gate": [0.0, 0.5, 0.8],
    "gap_top": [0.1, 0.05, 0.02],
    "verbatim_position": [0.0, 0.25],
    "split_half": [0.0, 0.5],
    "text_of_item": [0.15, 0.5],
}


def cross_validate(fams: list[Family]) -> dict:
    # The defaults are always in the grid, so their figures are reported beside the tuned ones.
    grid = {k: sorted(set(v) | {_defaults()[k]}) for k, v in GRID.items()}
    combos = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    table = {}
    for settings in combos:
        key = json.dumps(settings, sort_keys=True)
        table[key] = {}
        for family in fams:
            right = total = 0
            for form, ref, code_map, _ in references(family):
                r, t = score_plans(family, ref, code_map, True, settings)
                table[key][f"{family.name}/{form}"] = round(r / t, 3) if t else None
                right, total = right + r, total + t
            table[key][family.name] = right / total if total else 0.0
    out = {"defaults": {"settings": _defaults(),
                        **{k: v for k, v in table[json.dumps(_defaults(), sort_keys=True)].items() if "/" in k}}}
    for train in fams:
        # Ties on the training family are broken by the middle of the tied settings in grid
        # order: neither the first (often "off") nor anything looked up on the test family.
        top = max(table[k][train.name] for k in table)
        ties = [k for k in table if table[k][train.name] == top]
        best = ties[len(ties) // 2]
        for test in fams:
            if test is train:
                continue
            out[f"tune {train.name} -> test {test.name}"] = {
                "settings": json.loads(best),
                "train": round(table[best][train.name], 3), "tied": len(ties),
                "test": {k: v for k, v in table[best].items() if k.startswith(test.name + "/")}}
    return out


def _defaults() -> dict:
    from policyparse.compare import AlignSettings

    s = AlignSettings()
    return {k: getattr(s, k) for k in GRID}


def find_scores(fams: list[Family], store: Optional[Path] = None) -> dict:
    """Precision and recall of family finding against the membership list."""
    from policyparse.compare.family import find_family

    out = {}
    for family in fams:
        if family.members is not None and family.notice is not None:
            lines = family.members.read_text(encoding="utf-8").splitlines()[1:]
            shared = family.corpus[0].parent
            members = {str((shared / row.split("\t")[0]).resolve()) for row in lines if row.split("\t")[1] in ("yes", "self")}
            reference = family.notice[0]
        else:
            # Every file of corpus/raw carries out 国发〔2016〕76号 (004 glues six plans, four of them).
            members = {str(p.resolve()) for p in (ROOT / "corpus" / "raw").iterdir()}
            reference = family.outline
        for form, ref in (("notice", reference), ("outline", family.outline)):
            if form == "notice" and family.notice is None:
                continue
            started = time.perf_counter()
            found = find_family(ref, [store] if store is not None else family.corpus)
            picked = {str(Path(m.path).resolve()) for m in found.members}
            # The guideline file itself is a member when it is in the corpus (members.tsv: self).
            tp = len(picked & members)
            out[f"{family.name}/{form}"] = {
                "precision": round(tp / len(picked), 3) if picked else None,
                "recall": round(tp / len(members), 3) if members else None,
                "picked": len(picked), "members": len(members), "scanned": found.scanned,
                "false": sorted(Path(p).name for p in picked - members),
                "missed": sorted(Path(p).name for p in members - picked),
                "seconds": round(time.perf_counter() - started, 1)}
    return out


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT / "corpus" / "blind3")
    parser.add_argument("--separately", action="store_true", help="also compare each plan alone")
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--find", action="store_true", help="score family finding")
    parser.add_argument("--store", type=Path, help="search this batch store instead of parsing the corpus folders")
    parser.add_argument("--misses", action="store_true", help="list tasks aligned wrong")
    parser.add_argument("--json", action="store_true", help="print the alignment figures as JSON")
    parser.add_argument("--family", help="only this family")
    parser.add_argument("--plans", help="only these plans of the families that hold them (comma-separated file stems, e.g. g01,g03)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override an alignment setting (AlignSettings field)")
    args = parser.parse_args(argv)
    settings = {k: float(v) for k, v in (item.split("=", 1) for item in args.set)} or None
    fams = [f for f in families(args.devset) if args.family in (None, f.name)]
    if args.plans:
        keep = set(args.plans.split(","))
        for f in fams:  # families with none of these plans are kept whole
            if any(raw.stem in keep for raw, _ in f.plans):
                f.plans = [(raw, gold) for raw, gold in f.plans if raw.stem in keep]
    if args.find:
        print(json.dumps(find_scores(fams, args.store), ensure_ascii=False, indent=1))
        return 0
    if args.cross_validate:
        print(json.dumps(cross_validate(fams), ensure_ascii=False, indent=1))
        return 0
    figures = run_scores(fams, args.separately, settings, show=args.misses)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    for key, row in figures.items():
        print(f"{key:28} {row['right']:4}/{row['total']:<4} {row['accuracy']}  {row['items']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
