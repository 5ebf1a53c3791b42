#!/usr/bin/env python3
"""Score policyparse against the gold corpus, as corpus/GUIDE.md section 3 describes.

Usage::

    python scripts/evaluate.py                 # tables for corpus/, corpus/heldout/, corpus/blind3/ … corpus/blind11/
    python scripts/evaluate.py --json          # the same figures as JSON (the tests read this)
    python scripts/evaluate.py --corpus DIR    # another corpus laid out as raw/ + gold/

How outputs are paired and scored (GUIDE.md section 3):

- Tasks are paired over the whole file by character-bigram Dice >= 0.5 on their text, best
  pair first.
- Per paired task: units as a set per role and as one role-free set, names folded (bracket and
  punctuation variants, whitespace); implicit units as a set; deadline ``end``/``start`` exact;
  ``reference`` exact; domains as sets. Units of unpaired tasks count as misses / false alarms.
- Documents are paired by where they begin in the raw text (gold ``anchor``) and their fields
  compared exactly after the same folding; outline and principles by F1.
- Targets: within each paired task, gold and predicted targets are paired by their text (``raw``
  folded as above) exactly as tasks are: character-bigram Dice >= 0.5, best pair first, each used
  once; a pair is a hit, and ``by`` is compared exactly on the pairs. Targets of unpaired tasks
  count as misses / false alarms. A looser figure is printed below the table: a pair also when
  the shorter text (4 characters at least) lies inside the longer (an annotator may print
  ``绿道100公里`` where the parser prints the whole clause).
- Normalized text: character error rate over Han characters, digits and letters only.

``--targets-dev corpus/targets/dev.jsonl`` scores the target parser alone on annotated
sentences (see ``corpus/targets/README.md``), pairing the same way.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROLES = ("lead", "support", "responsible")
DOC_FIELDS = ("title", "doc_type", "doc_number", "issuers", "issue_date", "effective_date",
              "region", "level", "recipients", "cites")

# Bracket and punctuation variants that the gold treats as the same character.
_FOLD = str.maketrans({"〈": "(", "〉": ")", "［": "[", "］": "]", "【": "[", "】": "]", "〔": "[",
                       "〕": "]", "《": "", "》": "", "“": '"', "”": '"', "‘": "'", "’": "'",
                       "、": ",", "，": ",", "；": ";", "：": ":", "。": "."})


def fold(value: str | None) -> str | None:
    """Fold width, brackets, punctuation and whitespace so only the words are compared."""
    if value is None:
        return None
    value = unicodedata.normalize("NFKC", value).translate(_FOLD)
    return "".join(value.split())


def bigrams(text: str) -> list[str]:
    text = "".join((text or "").split())
    return [text[i:i + 2] for i in range(len(text) - 1)] or ([text] if text else [])


def dice(a: str, b: str) -> float:
    """Character-bigram Dice coefficient (multiset), the GUIDE's task-pairing measure."""
    ga, gb = bigrams(a), bigrams(b)
    if not ga or not gb:
        return 0.0
    counts: dict[str, int] = {}
    for g in ga:
        counts[g] = counts.get(g, 0) + 1
    common = 0
    for g in gb:
        if counts.get(g, 0) > 0:
            counts[g] -= 1
            common += 1
    return 2 * common / (len(ga) + len(gb))


def pair_greedy(gold: list[str], pred: list[str], threshold: float = 0.5) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index) by Dice >= threshold, best pair first, each used once."""
    gold_sets = [set(bigrams(t)) for t in gold]
    candidates = []
    for j, p in enumerate(pred):
        pset = set(bigrams(p))
        for i, g in enumerate(gold):
            # Cheap set-overlap bound before the exact multiset Dice.
            if not pset or not gold_sets[i]:
                continue
            inter = len(pset & gold_sets[i])
            if 2 * inter / (len(pset) + len(gold_sets[i])) < threshold * 0.8:
                continue
            score = dice(g, p)
            if score >= threshold:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Counts:
    """True positives, predicted and gold counts; F1 computed at the end."""

    tp: float = 0
    pred: float = 0
    gold: float = 0

    def add(self, pred_items, gold_items) -> None:
        p, g = set(pred_items), set(gold_items)
        self.tp += len(p & g)
        self.pred += len(p)
        self.gold += len(g)

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    hit: float = 0
    total: float = 0

    def __iadd__(self, other: "Ratio") -> "Ratio":
        self.hit += other.hit
        self.total += other.total
        return self

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 1.0


def _target_text(target) -> str:
    raw = target.get("raw") if isinstance(target, dict) else target
    return fold(raw or "") or ""


def pair_targets(gold: list, pred: list, containment: bool = False) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index) of targets by their text, as tasks are paired: bigram Dice
    >= 0.5, best pair first, each used once. ``containment`` also pairs the shorter text (4
    characters at least) with a longer one that holds it (the looser, second figure)."""
    g_texts, p_texts = [_target_text(t) for t in gold], [_target_text(t) for t in pred]
    if not containment:
        return pair_greedy(g_texts, p_texts)
    candidates = []
    for i, g in enumerate(g_texts):
        for j, p in enumerate(p_texts):
            short, long_ = sorted((g, p), key=len)
            inside = len(short) >= 4 and short in long_
            score = max(dice(g, p), 0.5 if inside else 0.0)
            if score >= 0.5:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def add_targets(counts: "Counts", by: "Ratio", gold: list, pred: list, containment: bool = False) -> None:
    """Add one task's (or sentence's) targets to the counts: paired targets are hits."""
    pairs = pair_targets(gold, pred, containment)
    counts.tp += len(pairs)
    counts.gold += len(gold)
    counts.pred += len(pred)
    for i, j in pairs:
        g, p = gold[i], pred[j]
        if isinstance(g, dict) and "by" in g:
            by.total += 1
            by.hit += g.get("by") == (p.get("by") if isinstance(p, dict) else None)


@dataclass
class FileScore:
    name: str
    documents: Counts = field(default_factory=Counts)
    tasks: Counts = field(default_factory=Counts)
    units: Counts = field(default_factory=Counts)
    roles: dict = field(default_factory=lambda: {r: Counts() for r in ROLES})
    implicit: Counts = field(default_factory=Counts)
    deadlines: Ratio = field(default_factory=Ratio)
    references: Ratio = field(default_factory=Ratio)
    domains: Counts = field(default_factory=Counts)
    targets: Counts = field(default_factory=Counts)
    target_by: Ratio = field(default_factory=Ratio)
    targets_loose: Counts = field(default_factory=Counts)  # containment pairing, the second figure
    doc_fields: Ratio = field(default_factory=Ratio)
    field_misses: list = field(default_factory=list)
    task_misses: list = field(default_factory=list)  # targets, implicit units, domains of paired tasks
    outline: Counts = field(default_factory=Counts)
    principles: Counts = field(default_factory=Counts)
    cer_errors: float = 0
    cer_length: float = 0
    seconds: float = 0
    error: str | None = None

    def __iadd__(self, other: "FileScore") -> "FileScore":
        for name in ("documents", "tasks", "units", "implicit", "deadlines", "references",
                     "domains", "targets", "target_by", "targets_loose", "doc_fields", "outline", "principles"):
            current = getattr(self, name)
            current += getattr(other, name)
        for role in ROLES:
            self.roles[role] += other.roles[role]
        self.cer_errors += other.cer_errors
        self.cer_length += other.cer_length
        self.seconds += other.seconds
        return self

    @property
    def cer(self) -> float:
        return self.cer_errors / self.cer_length if self.cer_length else 0.0


# -- normalized text ---------------------------------------------------------------------------

def scored_chars(text: str) -> str:
    """Han characters, digits and letters: what the CER counts (GUIDE section 1 and 3)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


def _edit_distance(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def char_errors(hypothesis: str, gold: str) -> tuple[int, int]:
    """(edit distance, gold length) over scored characters.

    Texts of a notice differ in few places, so difflib's matching blocks anchor the alignment
    and the exact edit distance is computed only inside the differing stretches.
    """
    h, g = scored_chars(hypothesis), scored_chars(gold)
    matcher = difflib.SequenceMatcher(None, h, g, autojunk=False)
    errors = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            a, b = h[i1:i2], g[j1:j2]
            errors += _edit_distance(a, b) if len(a) * len(b) < 4_000_000 else max(len(a), len(b))
    return errors, len(g)


# -- structure ---------------------------------------------------------------------------------

def _unit_names(units) -> list[str]:
    out = []
    for u in units or []:
        name = u.get("name") if isinstance(u, dict) else u
        if name:
            out.append(fold(name))
    return out


def _task_units(task: dict, role: str | None) -> set[str]:
    names = set()
    for assignment in task.get("assignments") or []:
        for r in (ROLES if role is None else (role,)):
            names.update(_unit_names(assignment.get(r)))
    return names


def _deadline_key(deadline: dict | None):
    if not deadline:
        return None
    return (deadline.get("start"), deadline.get("end"))


def _doc_field(doc: dict, name: str):
    value = doc.get(name)
    if name == "cites":
        return sorted((fold(c.get("title")), fold(c.get("doc_number"))) for c in value or [])
    if name == "region":
        value = value or {}
        return tuple(fold(value.get(k)) for k in ("province", "city", "county"))
    if isinstance(value, list):
        return [fold(v) for v in value]
    return fold(value) if isinstance(value, str) else value


def _doc_starts(raw: str, gold_docs: list[dict]) -> list[int]:
    starts = []
    for doc in gold_docs:
        anchor = doc.get("anchor") or ""
        pos = raw.find(anchor) if anchor else -1
        starts.append(pos if pos >= 0 else 0)
    return starts


def pair_documents(raw: str, gold_docs: list[dict], pred_docs: list[dict]) -> list[tuple[int, int]]:
    """Pair documents by position: each gold document owns the raw text from its anchor to the
    next one; a predicted document goes to the gold document its start falls in."""
    starts = _doc_starts(raw, gold_docs)
    order = sorted(range(len(gold_docs)), key=lambda i: starts[i])
    bounds = []
    for k, i in enumerate(order):
        end = starts[order[k + 1]] if k + 1 < len(order) else len(raw) + 1
        bounds.append((i, starts[i], end))
    best: dict[int, tuple[int, int]] = {}
    for j, doc in enumerate(pred_docs):
        span = doc.get("span") or {}
        lo, hi = span.get("raw_start"), span.get("raw_end")
        if lo is None:
            continue
        hi = hi if hi is not None else lo + 1
        for i, start, end in bounds:
            overlap = min(hi, end) - max(lo, start)
            # A predicted document may begin a little before the anchor (a title line above it).
            if overlap > 0 and (i not in best or overlap > best[i][1]):
                best[i] = (j, overlap)
    used, pairs = set(), []
    for i, (j, _) in sorted(best.items(), key=lambda kv: -kv[1][1]):
        if j not in used:
            used.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def score_file(name: str, raw: str, gold: dict, pred: dict, gold_text: str | None) -> FileScore:
    score = FileScore(name=name)
    gold_docs, pred_docs = gold.get("documents") or [], pred.get("documents") or []
    doc_pairs = pair_documents(raw, gold_docs, pred_docs)
    score.documents.tp, score.documents.gold, score.documents.pred = len(doc_pairs), len(gold_docs), len(pred_docs)

    for i, j in doc_pairs:
        g, p = gold_docs[i], pred_docs[j]
        for field_name in DOC_FIELDS:
            ok = _doc_field(g, field_name) == _doc_field(p, field_name)
            score.doc_fields.hit += ok
            score.doc_fields.total += 1
            if not ok:
                score.field_misses.append(f"doc{i}.{field_name}: gold={g.get(field_name)!r} got={p.get(field_name)!r}")
        score.outline.add([(fold(o["marker"]), fold(o["title"])) for o in p.get("outline") or []],
                          [(fold(o["marker"]), fold(o["title"])) for o in g.get("outline") or []])
        score.principles.add([fold(x["title"] if isinstance(x, dict) else x) for x in p.get("principles") or []],
                             [fold(x["title"] if isinstance(x, dict) else x) for x in g.get("principles") or []])
    for i in set(range(len(gold_docs))) - {i for i, _ in doc_pairs}:
        score.doc_fields.total += len(DOC_FIELDS)
        score.field_misses.append(f"doc{i}: not found ({gold_docs[i].get('title')})")
        score.outline.gold += len(gold_docs[i].get("outline") or [])
        score.principles.gold += len(gold_docs[i].get("principles") or [])

    gold_tasks = [t for d in gold_docs for t in d.get("tasks") or []]
    pred_tasks = [t for d in pred_docs for t in d.get("tasks") or []]
    task_pairs = pair_greedy([t.get("text", "") for t in gold_tasks], [t.get("text", "") for t in pred_tasks])
    score.tasks.tp, score.tasks.gold, score.tasks.pred = len(task_pairs), len(gold_tasks), len(pred_tasks)
    paired_g = {i for i, _ in task_pairs}
    paired_p = {j for _, j in task_pairs}
    for i, j in task_pairs:
        g, p = gold_tasks[i], pred_tasks[j]
        score.units.add(_task_units(p, None), _task_units(g, None))
        for role in ROLES:
            score.roles[role].add(_task_units(p, role), _task_units(g, role))
        score.implicit.add(_unit_names(p.get("implicit_units")), _unit_names(g.get("implicit_units")))
        if g.get("deadline") or p.get("deadline"):
            score.deadlines.total += 1
            score.deadlines.hit += _deadline_key(g.get("deadline")) == _deadline_key(p.get("deadline"))
        if g.get("reference") is not None:
            score.references.total += 1
            score.references.hit += g.get("reference") == p.get("reference")
        score.domains.add(p.get("domains") or [], g.get("domains") or [])
        add_targets(score.targets, score.target_by, g.get("targets") or [], p.get("targets") or [])
        add_targets(score.targets_loose, Ratio(), g.get("targets") or [], p.get("targets") or [], containment=True)
        score.task_misses.extend(_task_misses(g, p))
    for i in set(range(len(gold_tasks))) - paired_g:
        score.units.add([], _task_units(gold_tasks[i], None))
        for role in ROLES:
            score.roles[role].add([], _task_units(gold_tasks[i], role))
        score.implicit.add([], _unit_names(gold_tasks[i].get("implicit_units")))
        score.deadlines.total += bool(gold_tasks[i].get("deadline"))
        score.targets.gold += len(gold_tasks[i].get("targets") or [])
        score.targets_loose.gold += len(gold_tasks[i].get("targets") or [])
    for j in set(range(len(pred_tasks))) - paired_p:
        score.units.add(_task_units(pred_tasks[j], None), [])
        for role in ROLES:
            score.roles[role].add(_task_units(pred_tasks[j], role), [])
        score.implicit.add(_unit_names(pred_tasks[j].get("implicit_units")), [])
        score.targets.pred += len(pred_tasks[j].get("targets") or [])
        score.targets_loose.pred += len(pred_tasks[j].get("targets") or [])

    if gold_text is not None:
        score.cer_errors, score.cer_length = char_errors(pred.get("normalized_text", ""), gold_text)
    return score


def _task_misses(g: dict, p: dict) -> list[str]:
    """What a paired task gets wrong in targets, implicit units and domains, one line each."""
    out = []
    gt, pt = g.get("targets") or [], p.get("targets") or []
    pairs = pair_targets(gt, pt)
    out += [f"{g.get('id')} target missed: {gt[i].get('raw')!r}" for i in sorted(set(range(len(gt))) - {i for i, _ in pairs})]
    out += [f"{g.get('id')} target not in gold: {pt[j].get('raw')!r}" for j in sorted(set(range(len(pt))) - {j for _, j in pairs})]
    gi, pi = set(_unit_names(g.get("implicit_units"))), set(_unit_names(p.get("implicit_units")))
    if gi != pi:
        out.append(f"{g.get('id')} implicit units: missed {sorted(gi - pi)}, not in gold {sorted(pi - gi)}")
    gd, pd = set(g.get("domains") or []), set(p.get("domains") or [])
    if gd != pd:
        out.append(f"{g.get('id')} domains: gold {sorted(gd)}, got {sorted(pd)}")
    return out


def evaluate(corpus: Path) -> list[FileScore]:
    """Parse every raw file that has gold, fill task references, score each file."""
    from policyparse.errors import PolicyParseError
    from policyparse.pipeline import parse_source
    from policyparse.read import read

    parsed = []  # (name, raw text, gold, gold normalized text, result or None, error, seconds)
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        name = gold_path.stem
        raw_path = next((corpus / "raw").glob(name + ".*"), None)
        if raw_path is None:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        norm_path = corpus / "gold" / f"{name}.normalized.txt"
        gold_text = norm_path.read_text(encoding="utf-8") if norm_path.exists() else None
        started = time.perf_counter()
        try:
            # Read once: gold anchors are substrings of the decoded raw input, and the parse
            # continues from the same SourceText.
            source = read(raw_path)
            result, raw, error = parse_source(source), source.text, None
        except PolicyParseError as exc:
            result, raw, error = None, "", str(exc)
        parsed.append((name, raw, gold, gold_text, result, error, time.perf_counter() - started))

    # The gold's `reference` says which item of 国发〔2016〕76号 a task carries out. The
    # comparison stage fills it by aligning all plans at once with the reference outline, as a
    # researcher would run `policyparse compare corpus/raw/* --reference corpus/reference-76.tsv`.
    outline = corpus / "reference-76.tsv"
    results = [item[4] for item in parsed if item[4] is not None]
    if outline.exists() and results:
        from policyparse.compare import assign_references

        by_id = dict(zip(map(id, results), assign_references(results, outline)))
        parsed = [(n, r, g, t, by_id.get(id(res), res) if res is not None else None, e, sec)
                  for n, r, g, t, res, e, sec in parsed]

    scores = []
    for name, raw, gold, gold_text, result, error, seconds in parsed:
        pred = result.model_dump(mode="json") if result is not None else {}
        score = score_file(name, raw, gold, pred, gold_text)
        score.seconds, score.error = seconds, error
        scores.append(score)
    return scores


def summary(score: FileScore) -> dict:
    return {
        "file": score.name,
        "documents_found": score.documents.tp, "documents_gold": score.documents.gold,
        "documents_pred": score.documents.pred,
        "task_f1": round(score.tasks.f1, 4), "task_precision": round(score.tasks.precision, 4),
        "task_recall": round(score.tasks.recall, 4),
        "unit_f1": round(score.units.f1, 4),
        **{f"{role}_f1": round(score.roles[role].f1, 4) for role in ROLES},
        "implicit_f1": round(score.implicit.f1, 4),
        "deadline_acc": round(score.deadlines.value, 4),
        "reference_acc": round(score.references.value, 4),
        "domain_f1": round(score.domains.f1, 4),
        "domain_precision": round(score.domains.precision, 4), "domain_recall": round(score.domains.recall, 4),
        "target_f1": round(score.targets.f1, 4), "target_precision": round(score.targets.precision, 4),
        "target_recall": round(score.targets.recall, 4), "targets_gold": score.targets.gold,
        "target_by_acc": round(score.target_by.value, 4),
        "target_f1_containment": round(score.targets_loose.f1, 4),
        "doc_field_acc": round(score.doc_fields.value, 4),
        "outline_f1": round(score.outline.f1, 4), "principle_f1": round(score.principles.f1, 4),
        "cer": round(score.cer, 5), "seconds": round(score.seconds, 3), "error": score.error,
    }


COLUMNS = [("file", "file", 22), ("docs", "documents_found", 5), ("task F1", "task_f1", 7),
           ("unit F1", "unit_f1", 7), ("lead", "lead_f1", 5), ("supp", "support_f1", 5),
           ("resp", "responsible_f1", 5), ("impl", "implicit_f1", 5), ("dl acc", "deadline_acc", 6),
           ("ref acc", "reference_acc", 7), ("dom F1", "domain_f1", 6), ("tgt F1", "target_f1", 6), ("fields", "doc_field_acc", 6),
           ("outl F1", "outline_f1", 7), ("princ", "principle_f1", 5), ("CER", "cer", 7)]


def render_table(rows: list[dict]) -> str:
    lines = ["  ".join(title.rjust(width) if i else title.ljust(width)
                       for i, (title, _, width) in enumerate(COLUMNS))]
    for row in rows:
        cells = []
        for i, (_, key, width) in enumerate(COLUMNS):
            value = row[key]
            if key == "documents_found":
                value = f"{row['documents_found']}/{row['documents_gold']}"
            elif isinstance(value, float):
                value = f"{value:.4f}" if key == "cer" else f"{value:.3f}"
            cells.append(str(value).ljust(width) if i == 0 else str(value).rjust(width))
        lines.append("  ".join(cells))
    return "\n".join(lines)


def score_corpus(corpus: Path) -> tuple[list[FileScore], list[dict]]:
    scores = evaluate(corpus)
    total = FileScore(name="OVERALL")
    for s in scores:
        total += s
    return scores, [summary(s) for s in scores] + [summary(total)]


def score_target_sentences(path: Path) -> dict:
    """Score :func:`policyparse.extract.targets.find_targets` on annotated sentences (JSONL of
    ``{"text", "targets": [{"raw", "by"}]}``), per sample and overall."""
    from policyparse.extract.targets import find_targets

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups: dict[str, tuple[Counts, Ratio, Counts]] = {}
    misses = []
    for row in rows:
        pred = [t.model_dump() for t in find_targets(row["text"])]
        for key in (row.get("sample", "all"), "OVERALL"):
            counts, by, loose = groups.setdefault(key, (Counts(), Ratio(), Counts()))
            add_targets(counts, by, row["targets"], pred)
            add_targets(loose, Ratio(), row["targets"], pred, containment=True)
        paired = pair_targets(row["targets"], pred)
        misses += [("miss", row["targets"][i]["raw"]) for i in set(range(len(row["targets"]))) - {i for i, _ in paired}]
        misses += [("false", pred[j]["raw"]) for j in set(range(len(pred))) - {j for _, j in paired}]
    out = {key: {"sentences": sum(1 for r in rows if key in (r.get("sample", "all"), "OVERALL")),
                 "targets_gold": c.gold, "targets_pred": c.pred, "target_f1": round(c.f1, 4),
                 "target_precision": round(c.precision, 4), "target_recall": round(c.recall, 4),
                 "target_f1_containment": round(loose.f1, 4)}
           for key, (c, _, loose) in groups.items()}
    out["misses"] = misses
    return out


# Sets annotated blind after the rules were written, in the order they were made: corpus/heldout
# (rounds 1 and 2, 11 notices), corpus/blind3 (round 3, 23 scraped notices of every format) and
# corpus/blind4 and corpus/blind5 (rounds 4 and 5, 20 wild notices each drawn at random by form
# and format), corpus/blind6 (round 6, 10 more, scored once untuned at the end of a session),
# corpus/blind7 (round 7, 10 more, scored once untuned when its gold was complete), corpus/blind8
# (round 8, 10 more, annotated while round 7 was tuned on and scored once at the end of that session),
# corpus/blind9 (round 9, 10 more, annotated after rounds 7 and 8 were tuned on, scored once).
# corpus/blind10 (round 10, 10 more, drawn and annotated blind at the start of the fifth session while
# round 9 was read and tuned on; scored once at its end; read and tuned on in the sixth session).
# corpus/blind11 (round 11, 10 more, drawn and annotated blind at the start of the sixth session while
# round 10 was read and tuned on; scored once at its end, not tuned on).
BLIND_SETS = ("heldout", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--no-heldout", action="store_true",
                        help="score CORPUS alone, without the sets annotated blind (CORPUS/heldout, CORPUS/blind3 … blind11)")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument("--misses", action="store_true",
                        help="list document fields that differ, and the targets, implicit units and domains of paired tasks")
    parser.add_argument("--targets-dev", type=Path, metavar="JSONL",
                        help="score the target parser alone on annotated sentences and stop")
    args = parser.parse_args(argv)
    if args.targets_dev:
        figures = score_target_sentences(args.targets_dev)
        misses = figures.pop("misses")
        if args.json:
            print(json.dumps(figures, ensure_ascii=False, indent=1))
            return 0
        for key, row in figures.items():
            print(f"{key:10} sentences {row['sentences']:4}  gold {row['targets_gold']:4}  pred {row['targets_pred']:4}  "
                  f"F1 {row['target_f1']:.3f}  P {row['target_precision']:.3f}  R {row['target_recall']:.3f}  "
                  f"(containment F1 {row['target_f1_containment']:.3f})")
        if args.misses:
            for kind, raw in misses:
                print(f"{kind}: {raw}")
        return 0

    # The corpus files are what the rules were developed on; the other sets were annotated blind
    # afterwards (each folder's README gives its first score, before any rule saw it).
    sets = [("corpus", args.corpus)]
    for name in BLIND_SETS:
        folder = args.corpus / name
        if not args.no_heldout and (folder / "gold").is_dir():
            sets.append((name, folder))
    figures = {}
    for label, corpus in sets:
        scores, rows = score_corpus(corpus)
        figures[label] = {"files": rows[:-1], "overall": rows[-1]}
        if args.json:
            continue
        if len(sets) > 1:
            print(f"\n## {label}: {corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus}")
        print(render_table(rows))
        total = rows[-1]
        print(f"targets: {total['targets_gold']:.0f} in the gold; F1 {total['target_f1']:.3f} "
              f"(P {total['target_precision']:.3f}, R {total['target_recall']:.3f}) pairing by Dice >= 0.5, "
              f"{total['target_f1_containment']:.3f} also pairing a text inside another")
        for s in scores:
            if s.error:
                print(f"{s.name}: ERROR {s.error}")
            if args.misses:
                for miss in s.field_misses + s.task_misses:
                    print(f"{s.name}: {miss}")
    if args.json:
        out = dict(figures["corpus"])
        out.update({name: figures[name] for name in BLIND_SETS if name in figures})
        print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
