#!/usr/bin/env python3
"""Damage clean notices the model never saw, repair them, and count what came back.

    python scripts/damage.py [--files 60] [--seed 1] [--kinds lookalike,utf8-as-gbk,...]

The texts are the held-out fifth of ``corpus/wild`` (``scripts/build_char_lm.py`` leaves them
out of the character model). Each generator damages them as real pages are damaged; the
normalized damaged text is compared with the normalized clean text:

* **repaired**: damaged characters that came back as printed in the clean notice;
* **wrong**: damaged characters "repaired" into a third character (嗠 for 落 came back as 各);
* **new errors**: characters that were right in the damaged text and are wrong after repair.

Generators (private: the repair never sees how they choose):

``lookalike``      one Han character in a hundred replaced by a glyph drawn from character
                   structure or Unihan variants: an added radical (重 -> 偅), a swapped radical
                   (流 -> 鋶), a character containing the target (在 -> 茬), a variant; pairs
                   listed in ``lookalike_shapes.tsv`` or in notice 004's gold are never used.
``utf8-as-gbk``    a passage's UTF-8 bytes decoded as GBK (鏀垮簻 for 政府), undecodable bytes
                   shown as U+FFFD, as browsers and Python's ``errors="replace"`` do.
``gbk-as-latin1``  GBK bytes decoded as Latin-1 (¸÷ÏØ for 各县).
``gbk-as-cp1252``  GBK bytes decoded as Windows-1252, its five undefined bytes as U+FFFD.
``utf8-as-cp1252`` UTF-8 bytes decoded as Windows-1252 (å�„ for 各).
``double-utf8``    UTF-8 read as Windows-1252 and saved as UTF-8 again, twice over.
``mixed``          one passage of each kind above in one file, the rest clean.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import functools
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_char_lm import file_text, held_out, wild_dir  # noqa: E402
from scan import excluded_names  # noqa: E402

LOOKALIKE_RATE = 0.01
MISSES: list[tuple] = []  # what --show prints: (kind, glyph, clean, got, context)
PASSAGE = (12, 60)  # length of a mis-decoded passage, in characters


@functools.lru_cache(maxsize=None)
def disguise_table() -> dict[str, tuple[str, ...]]:
    """Common character -> glyphs that structure or variants make look like it."""
    from policyparse.normalize.lexdata import (char_ranks, common_ranks, lookalike_shapes,
                                               structures, variants)
    from policyparse.normalize.lookalike import RADICALS, _split

    import opencc

    t2s = opencc.OpenCC("t2s")
    common = common_ranks()
    listed = {(g, c) for g, rows in lookalike_shapes().items() for c, _ in rows}
    listed |= _gold_004_pairs()
    by_rest: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    out: dict[str, set[str]] = collections.defaultdict(set)
    ids_of = structures()
    for glyph, ids in ids_of.items():
        if not "\u4e00" <= glyph <= "\u9fff" or glyph in common or t2s.convert(glyph) != glyph:
            continue
        parts = _split(ids)
        if len(parts) == 2:
            for keep, extra in ((parts[0], parts[1]), (parts[1], parts[0])):
                if extra in RADICALS and keep in common and common[keep] <= 2500:
                    out[keep].add(glyph)  # added radical: 偅 for 重
                if extra in RADICALS:
                    by_rest[(keep, "rest")].append(glyph)
    for char, rank in common.items():
        if rank > 2500 or char not in ids_of:
            continue
        parts = _split(ids_of[char])
        if len(parts) == 2:
            for keep, extra in ((parts[0], parts[1]), (parts[1], parts[0])):
                if extra in RADICALS:
                    out[char].update(g for g in by_rest.get((keep, "rest"), ()) if g != char)  # swapped radical
    for glyph, rows in variants().items():
        for char, _ in rows:
            if char in common and common[char] <= 2500 and glyph not in common and glyph not in char_ranks() \
                    and t2s.convert(glyph) == glyph:
                out[char].add(glyph)
    table = {c: tuple(sorted(g for g in gs if (g, c) not in listed)) for c, gs in out.items()}
    return {c: gs for c, gs in table.items() if gs}


def _gold_004_pairs() -> set[tuple[str, str]]:
    rows = (ROOT / "corpus" / "gold" / "004_substitutions.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {(r.split("\t")[2], r.split("\t")[3]) for r in rows if r.count("\t") >= 3}


def lookalike(text: str, rng: random.Random) -> tuple[str, list[int]]:
    table = disguise_table()
    chars = list(text)
    han = [i for i, c in enumerate(chars) if c in table]
    damaged = []
    share = len(han) / max(1, sum(1 for c in chars if "\u4e00" <= c <= "\u9fff"))
    for i in han:
        if rng.random() < LOOKALIKE_RATE / max(share, 0.1):
            chars[i] = rng.choice(table[chars[i]])
            damaged.append(i)
    return "".join(chars), damaged


def _passages(text: str, rng: random.Random, count: int) -> list[tuple[int, int]]:
    """Non-overlapping passages of Chinese text to mis-decode."""
    out: list[tuple[int, int]] = []
    for _ in range(count * 20):
        if len(out) >= count or len(text) < PASSAGE[1] * 2:
            break
        size = rng.randint(*PASSAGE)
        start = rng.randrange(0, len(text) - size)
        if any(s < start + size and start < e for s, e in out):
            continue
        if sum(1 for c in text[start:start + size] if "\u4e00" <= c <= "\u9fff") < size // 2:
            continue
        out.append((start, start + size))
    return sorted(out)


def _gbk(text: str) -> bytes:
    return text.encode("gbk", "replace")


MOJIBAKE = {
    "utf8-as-gbk": lambda s: s.encode("utf-8").decode("gbk", "replace"),
    "gbk-as-latin1": lambda s: _gbk(s).decode("latin-1"),
    "gbk-as-cp1252": lambda s: _gbk(s).decode("cp1252", "replace"),
    "utf8-as-cp1252": lambda s: s.encode("utf-8").decode("cp1252", "replace"),
    "double-utf8": lambda s: s.encode("utf-8").decode("cp1252", "replace").encode("utf-8").decode("cp1252", "replace"),
}


def mojibake(kind: str, text: str, rng: random.Random, count: int = 3) -> tuple[str, list[tuple[int, int]]]:
    """Mis-decode ``count`` passages; return the text and the clean spans damaged."""
    kinds = list(MOJIBAKE) if kind == "mixed" else [kind] * count
    spans = _passages(text, rng, len(kinds))
    pieces, last = [], 0
    for (start, end), name in zip(spans, kinds):
        pieces += [text[last:start], MOJIBAKE[name](text[start:end])]
        last = end
    pieces.append(text[last:])
    return "".join(pieces), spans


def _aligned_errors(repaired: str, reference: str) -> int:
    matcher = difflib.SequenceMatcher(None, repaired, reference, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def score_lookalike(clean: str, rng: random.Random) -> collections.Counter:
    from policyparse.normalize import normalize

    reference = normalize(clean).text
    damaged, positions = lookalike(clean, rng)
    result = normalize(damaged)
    tally: collections.Counter = collections.Counter(damage=len(positions))
    changed = set()
    for pos in positions:
        at = result.normalized_offset(pos)
        got = result.text[at:at + 1]
        changed.add(at)
        if got == clean[pos]:
            tally["repaired"] += 1
        elif got != damaged[pos]:
            tally["wrong"] += 1
            MISSES.append(("wrong", damaged[pos], clean[pos], got, damaged[max(0, pos - 5):pos + 5]))
        else:
            MISSES.append(("missed", damaged[pos], clean[pos], got, damaged[max(0, pos - 5):pos + 5]))
    # Everything else must equal the clean notice's own normalization, character for character.
    if len(result.text) == len(reference):
        tally["new_errors"] += sum(1 for k, (a, b) in enumerate(zip(result.text, reference))
                                   if a != b and k not in changed)
    else:
        tally["new_errors"] += max(0, _aligned_errors(result.text, reference) - len(positions))
    return tally


def score_mojibake(kind: str, clean: str, rng: random.Random) -> collections.Counter:
    """Characters of the damaged passages that did not come back, and errors outside them."""
    from policyparse.normalize import normalize

    reference = normalize(clean)
    damaged, spans = mojibake(kind, clean, rng)
    repaired = normalize(damaged).text
    tally: collections.Counter = collections.Counter(damage=sum(e - s for s, e in spans))
    # Whitespace aside: how PDF-like lines are joined is no character repair.
    got = "".join(repaired.split())
    keep = [k for k, c in enumerate(reference.text) if not c.isspace()] + [len(reference.text)]
    want = "".join(reference.text[k] for k in keep[:-1])
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    left = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        size = max(i2 - i1, j2 - j1)
        repaired, reference_text = got, want
        raw_start, raw_end = reference.raw_span(keep[j1], max(keep[j2], keep[j1] + 1))
        if any(s <= raw_start < e or s < raw_end <= e for s, e in spans):
            left += size
        else:
            tally["new_errors"] += size
            MISSES.append(("new error", repaired[max(0, i1 - 6):i2 + 6], reference_text[max(0, j1 - 6):j2 + 6]))
    tally["repaired"] += max(0, tally["damage"] - left)
    return tally


def texts(limit: int) -> list[tuple[str, str]]:
    wild = wild_dir()
    if wild is None:
        sys.exit("corpus/wild not found beside the repository")
    skip = excluded_names(None, [wild])  # the blind test set: no development run may read it
    files = [p for p in sorted(wild.iterdir())
             if p.suffix in (".txt", ".wps") and held_out(p.name) and p.name not in skip]
    out = []
    for path in files:
        text = file_text(path)
        if len(text) > 300:
            out.append((path.name, text[:6000]))
        if len(out) >= limit:
            break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default="lookalike," + ",".join(MOJIBAKE) + ",mixed")
    parser.add_argument("--show", action="store_true", help="name the files with new errors")
    args = parser.parse_args(argv)
    corpus = texts(args.files)
    failed = False
    for kind in args.kinds.split(","):
        rng = random.Random(args.seed)
        total: collections.Counter = collections.Counter()
        for name, text in corpus:
            tally = score_lookalike(text, rng) if kind == "lookalike" else score_mojibake(kind, text, rng)
            if args.show and (tally["new_errors"] or tally["wrong"]):
                print(f"  {kind} {name}: {dict(tally)}")
            total.update(tally)
        share = total["repaired"] / max(1, total["damage"])
        for row in [m for m in MISSES if m[0] != "missed"][:40] if args.show else ():
            print("   ", *row)
        MISSES.clear()
        print(f"{kind:15} {len(corpus)} notices, damage {total['damage']:6}, repaired {share:6.1%}, "
              f"wrong {total['wrong']}, new errors {total['new_errors']}")
        failed = failed or share < 0.95 or total["new_errors"] or total["wrong"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
