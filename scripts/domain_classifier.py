#!/usr/bin/env python3
"""Would a learned classifier assign task domains better than the lexicon scorer? (issue 17)

The lexicon scorer (``policyparse/extract/domains.py``: sector words with their sources, the
page's 主题分类, a document's own sector) is compared with a small classifier trained on the
gold tasks, by leave-one-file-out cross-validation over every annotated notice: each file is
scored by a model that never saw it, and the figures are micro F1 over task code sets, as
``scripts/evaluate.py`` counts domains (here on the gold task texts, so segmentation errors do
not blur the comparison).

The classifier is a logistic regression over (task, code) pairs, trained by Newton's method
(numpy only), on these features:

- the lexicon's evidence for the code in the task: its score, whether the scorer assigns it,
  whether it has any word, whether the item is short;
- the document: the code's share of the lexicon's evidence over all the document's tasks and of
  the tasks naming it, whether the title names it, whether it is the document's sector, whether
  another code is;
- character bigrams: the naive-Bayes log-odds of the code for the task's words, learned from the
  training files' gold tasks and, with ``--weak-json``, from tasks of unannotated notices
  labelled by the lexicon scorer (weight ``--alpha``). For the training rows these log-odds are
  computed without the row's own file, so the regression does not learn to trust a model that
  has seen the row.

Two thresholds (first code, second code) are chosen on the training files. The classifier is
worth shipping only if it beats the lexicon scorer overall; the figures of both are printed.

Usage::

    python scripts/domain_classifier.py --gold /work/devset/gold
    policyparse batch ../shared/corpus/wild -o /tmp/wild     # once, for weak labels
    python scripts/domain_classifier.py --gold /work/devset/gold --weak-json /tmp/wild/json --alpha 0.3
    python scripts/domain_classifier.py --gold /work/devset/gold --agreement

``--agreement`` measures how consistently the gold itself assigns domains: tasks of different
files whose texts nearly coincide (bigram Dice >= 0.6: a plan copying its guideline) are compared
code set against code set.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyparse.extract.domains import (DOCUMENT_SECTOR_SHARE, MAX_DOMAINS, SHORT_TEXT,  # noqa: E402
                                         assign_document_sector, assign_domains, document_subject,
                                         score_domains)
from policyparse.schema import Task  # noqa: E402

FEATURES = ("score", "assigned", "any_word", "short", "doc_share", "doc_tasks", "title",
            "doc_sector", "other_sector", "bigram_log_odds")


@dataclass
class Row:
    """A gold task with what the features need."""

    set: str
    file: str
    doc: tuple[str, int]
    title: str
    heading: str
    text: str
    gold: list[str]
    subject: Optional[tuple[str, Optional[str]]] = None
    lexicon: list[str] = field(default_factory=list)  # the lexicon scorer's codes, document pass included
    scores: dict = field(default_factory=dict)  # code -> lexicon score
    context: dict = field(default_factory=dict)
    grams: collections.Counter = field(default_factory=collections.Counter)


def bigrams(row_or_text) -> collections.Counter:
    text = row_or_text if isinstance(row_or_text, str) else row_or_text.heading + "|" + row_or_text.text
    text = "".join(text.split())
    return collections.Counter(text[i:i + 2] for i in range(len(text) - 1))


def load_gold(dirs: list[Path]) -> list[Row]:
    rows = []
    for gold_dir in dirs:
        set_name = gold_dir.parent.name
        for path in sorted(gold_dir.glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            norm_path = path.with_suffix(".normalized.txt")
            text = norm_path.read_text(encoding="utf-8") if norm_path.exists() else ""
            docs = gold.get("documents") or []
            starts = [max(text.find(d.get("anchor") or "\0"), 0) for d in docs]
            for k, doc in enumerate(docs):
                end = min([s for s in starts if s > starts[k]], default=len(text))
                subject = document_subject(text[:end])
                for task in doc.get("tasks") or []:
                    rows.append(Row(set_name, f"{set_name}/{path.stem}", (f"{set_name}/{path.stem}", k),
                                    doc.get("title") or "", task.get("heading") or "", task.get("text") or "",
                                    list(task.get("domains") or []), subject))
    return rows


def lexicon_pass(rows: list[Row]) -> None:
    """The lexicon scorer as the parser runs it: each task, then the document's sector."""
    by_doc = collections.defaultdict(list)
    for row in rows:
        by_doc[row.doc].append(row)
    for doc_rows in by_doc.values():
        tasks = []
        for row in doc_rows:
            tags = assign_domains(row.text, row.heading, row.subject)
            tasks.append(Task(id="-", heading=row.heading, text=row.text, domains=[t.code for t in tags],
                              domain_evidence=tags))
            row.scores = {code: score for code, score, _ in score_domains(row.text, row.heading, row.subject)}
        sector = assign_document_sector(tasks, doc_rows[0].title, doc_rows[0].subject)
        title_codes = {code for code, _, _ in score_domains(doc_rows[0].title)} if doc_rows[0].title else set()
        mass = collections.Counter()
        naming = collections.Counter()
        for row in doc_rows:
            for code, score in row.scores.items():
                mass[code] += score
                naming[code] += 1
        total = sum(mass.values()) or 1.0
        for row, task in zip(doc_rows, tasks):
            row.lexicon = list(task.domains)
            row.context = {"share": {c: m / total for c, m in mass.items()},
                           "tasks": {c: n / len(doc_rows) for c, n in naming.items()},
                           "title": title_codes, "sector": sector}
            row.grams = bigrams(row)


def candidates(row: Row) -> list[str]:
    ctx = row.context
    found = set(row.scores) | set(ctx["tasks"]) | ctx["title"]
    if row.subject and row.subject[1]:
        found.add(row.subject[1])
    return sorted(found)


def features(row: Row, code: str, log_odds: float) -> list[float]:
    ctx = row.context
    score = row.scores.get(code, 0.0)
    return [math.log1p(max(score, 0.0)), float(code in row.lexicon), float(score > 0),
            float(len(row.text) < SHORT_TEXT), ctx["share"].get(code, 0.0), ctx["tasks"].get(code, 0.0),
            float(code in ctx["title"]), float(ctx["sector"] == code),
            float(ctx["sector"] is not None and ctx["sector"] != code), log_odds]


class BigramCounts:
    """Character-bigram counts per code, of the gold tasks per file and of weak-labelled tasks,
    so that naive-Bayes log-odds can be computed without any given files."""

    def __init__(self, rows: list[Row], weak: list[tuple[collections.Counter, list[str]]], alpha: float):
        self.by_code = collections.defaultdict(collections.Counter)
        self.total = collections.Counter()
        self.file_by_code = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
        self.file_total = collections.defaultdict(collections.Counter)
        for grams, codes in weak:
            for g, n in grams.items():
                self.total[g] += alpha * n
                for code in codes:
                    self.by_code[code][g] += alpha * n
        for row in rows:
            for g, n in row.grams.items():
                self.total[g] += n
                self.file_total[row.file][g] += n
                for code in row.gold:
                    self.by_code[code][g] += n
                    self.file_by_code[row.file][code][g] += n
        self.code_sum = {c: sum(v.values()) for c, v in self.by_code.items()}
        self.file_code_sum = {f: {c: sum(v.values()) for c, v in m.items()} for f, m in self.file_by_code.items()}
        self.file_sum = {f: sum(v.values()) for f, v in self.file_total.items()}
        self.grand = sum(self.total.values())
        self.vocabulary = len(self.total)

    def log_odds(self, row: Row, code: str, without: tuple[str, ...]) -> float:
        """Mean per-bigram log-odds of ``code`` for the row, without the files in ``without``."""
        if code not in self.by_code:
            return 0.0
        smooth = 0.1
        in_code = self.code_sum[code] - sum(self.file_code_sum.get(f, {}).get(code, 0) for f in without)
        grand = self.grand - sum(self.file_sum.get(f, 0) for f in without)
        out_code = grand - in_code
        total, n = 0.0, 0
        counts = self.by_code[code]
        for g, k in row.grams.items():
            seen = self.total.get(g, 0) - sum(self.file_total[f].get(g, 0) for f in without)
            if seen <= 0:
                continue
            a = counts.get(g, 0) - sum(self.file_by_code[f][code].get(g, 0) for f in without)
            b = seen - a
            total += k * (math.log((a + smooth) / (in_code + smooth * self.vocabulary))
                          - math.log((b + smooth) / (out_code + smooth * self.vocabulary)))
            n += k
        return total / n if n else 0.0


def fit(X, y, l2: float = 1.0):
    """Logistic regression by Newton's method with an L2 penalty (the bias is not penalized)."""
    import numpy as np

    Z = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(Z.shape[1])
    penalty = l2 * np.eye(Z.shape[1])
    penalty[-1, -1] = 0
    for _ in range(30):
        p = 1 / (1 + np.exp(-Z @ w))
        hessian = Z.T @ (Z * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, Z.T @ (p - y) + penalty @ w)
        w -= step
        if abs(step).max() < 1e-6:
            break
    return w


def probabilities(w, X):
    import numpy as np

    return 1 / (1 + np.exp(-(np.hstack([X, np.ones((len(X), 1))]) @ w)))


def decide(n: int, index: list[tuple[int, str]], p, first: float, second: float) -> list[list[str]]:
    ranked = collections.defaultdict(list)
    for (i, code), prob in zip(index, p):
        ranked[i].append((prob, code))
    out: list[list[str]] = [[] for _ in range(n)]
    for i, pairs in ranked.items():
        pairs.sort(reverse=True)
        if pairs[0][0] >= first:
            out[i].append(pairs[0][1])
            out[i] += [c for prob, c in pairs[1:MAX_DOMAINS] if prob >= second]
    return out


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, pred, gold) -> None:
        self.tp += len(set(pred) & set(gold))
        self.pred += len(set(pred))
        self.gold += len(set(gold))

    @property
    def f1(self) -> float:
        return 2 * self.tp / (self.pred + self.gold) if self.pred + self.gold else 1.0


def micro_f1(pairs) -> float:
    c = Counts()
    for pred, gold in pairs:
        c.add(pred, gold)
    return c.f1


def matrix(rows: list[Row], counts: Optional[BigramCounts], held_out: str):
    import numpy as np

    X, y, index = [], [], []
    for i, row in enumerate(rows):
        without = tuple({held_out, row.file})
        for code in candidates(row):
            odds = counts.log_odds(row, code, without) if counts else 0.0
            X.append(features(row, code, odds))
            y.append(float(code in row.gold))
            index.append((i, code))
    return np.array(X, float), np.array(y, float), index


def cross_validate(rows: list[Row], counts: Optional[BigramCounts]) -> dict[int, list[str]]:
    """Leave one file out: the classifier's codes for every row, from a model without its file."""
    import numpy as np

    predicted: dict[int, list[str]] = {}
    for held_out in sorted({r.file for r in rows}):
        train = [r for r in rows if r.file != held_out]
        test = [(k, r) for k, r in enumerate(rows) if r.file == held_out]
        X, y, index = matrix(train, counts, held_out)
        w = fit(X, y)
        p = probabilities(w, X)
        best = max(((micro_f1(zip(decide(len(train), index, p, a, b), (r.gold for r in train))), a, b)
                    for a in np.arange(0.2, 0.8, 0.05) for b in np.arange(0.3, 0.9, 0.05)))
        Xt, _, index_t = matrix([r for _, r in test], counts, held_out)
        for (k, _), codes in zip(test, decide(len(test), index_t, probabilities(w, Xt), best[1], best[2])):
            predicted[k] = codes
    return predicted


def load_weak(folder: Path) -> list[tuple[collections.Counter, list[str]]]:
    """Tasks of parsed notices (``policyparse batch`` JSON) with the lexicon scorer's codes."""
    out = []
    for path in sorted(folder.rglob("*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        for doc in result.get("documents") or []:
            tasks = [Task(**{k: t[k] for k in ("id", "heading", "text")}) for t in doc.get("tasks") or []]
            for task in tasks:
                tags = assign_domains(task.text, task.heading)
                task.domains, task.domain_evidence = [t.code for t in tags], tags
            assign_document_sector(tasks, doc.get("title"))
            out.extend((bigrams((t.heading or "") + "|" + t.text), list(t.domains)) for t in tasks)
    return out


def agreement(rows: list[Row]) -> tuple[int, int, float]:
    """Pairs of near-identical tasks in different files: (pairs, identical code sets, micro F1)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from evaluate import dice, fold

    texts = [fold(r.text) or "" for r in rows]
    sets = [set(bigrams(t)) for t in texts]
    pairs = []
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if rows[i].file == rows[j].file or not sets[i] or not sets[j]:
                continue
            if 2 * len(sets[i] & sets[j]) / (len(sets[i]) + len(sets[j])) >= 0.5 and dice(texts[i], texts[j]) >= 0.6:
                pairs.append((rows[i].gold, rows[j].gold))
    same = sum(set(a) == set(b) for a, b in pairs)
    return len(pairs), same, micro_f1(pairs)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, action="append", default=[],
                        help="another folder of gold JSON (and .normalized.txt) beside corpus/gold and corpus/heldout/gold")
    parser.add_argument("--weak-json", type=Path, help="policyparse batch JSON of unannotated notices, for weak labels")
    parser.add_argument("--alpha", type=float, default=0.3, help="weight of a weak-labelled task against a gold one")
    parser.add_argument("--agreement", action="store_true", help="also measure the gold's own consistency")
    args = parser.parse_args(argv)

    rows = load_gold([ROOT / "corpus" / "gold", ROOT / "corpus" / "heldout" / "gold", *args.gold])
    lexicon_pass(rows)
    weak = load_weak(args.weak_json) if args.weak_json else []
    counts = BigramCounts(rows, weak, args.alpha)
    predicted = cross_validate(rows, counts)

    sets = sorted({r.set for r in rows})
    print(f"leave-one-file-out over {len({r.file for r in rows})} files, {len(rows)} gold tasks"
          f"{f', {len(weak)} weak-labelled tasks (alpha {args.alpha})' if weak else ''}; "
          f"document sector share {DOCUMENT_SECTOR_SHARE}")
    print(f"{'domain F1':18}" + "".join(f"{s:>10}" for s in sets + ["all"]))
    for label, codes in (("lexicon scorer", lambda k, r: r.lexicon), ("classifier", lambda k, r: predicted[k])):
        figures = [micro_f1((codes(k, r), r.gold) for k, r in enumerate(rows) if s in (r.set, "all"))
                   for s in sets + ["all"]]
        print(f"{label:18}" + "".join(f"{f:>10.3f}" for f in figures))
    if args.agreement:
        n, same, f1 = agreement(rows)
        print(f"gold agreement: {n} pairs of near-identical tasks in different files, {same} with the same codes, F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
