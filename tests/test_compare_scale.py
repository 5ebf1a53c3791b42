"""Comparing many plans (issue 13) with what the dense matrices computed: common items without a
reference from blocked sparse similarities (the task × task matrix is never built), a plan's
scores against sparse item rows, the Viterbi step without the items² bonus matrix, and the
one-pass ``comparable``."""

from __future__ import annotations

import numpy as np
import pytest

from policyparse.compare import cluster
from policyparse.compare.align import AlignSettings, _prepare, plans_from_results
from policyparse.compare.text import TfidfSpace, cosine_matrix

from test_compare_gold import gold_files, gold_result


@pytest.fixture(scope="module")
def tasks():
    plans = plans_from_results([gold_result(p) for p in gold_files()])
    found = [t for group in _prepare(plans) for t in group]
    for n, t in enumerate(found):
        t.order = n
    return found


def dense_similarity(tasks) -> np.ndarray:
    """The similarity as the comparison first wrote it: dense cosines of dictionary vectors."""
    space = TfidfSpace([x for t in tasks for x in [t.heading, t.text] + t.sections if x])
    labels = [t.heading or (t.sections[-1] if t.sections else None) for t in tasks]
    head_vectors = [space.vector(label) if label else {} for label in labels]
    head = cosine_matrix(head_vectors).astype(np.float64)
    body = cosine_matrix([space.vector(t.text) for t in tasks]).astype(np.float64)
    has_head = np.array([bool(v) for v in head_vectors])
    return np.where(np.outer(has_head, has_head), 0.5 * head + 0.5 * body, body)


def dense_links(matrix: np.ndarray, plan_of: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Mutual best matches plan pair by plan pair over the whole matrix (argmax: first on a tie)."""
    links = []
    plans = sorted(set(plan_of.tolist()))
    for p in plans:
        for q in plans:
            if q <= p:
                continue
            rows, cols = np.flatnonzero(plan_of == p), np.flatnonzero(plan_of == q)
            sub = matrix[np.ix_(rows, cols)]
            best_b, best_a = sub.argmax(axis=1), sub.argmax(axis=0)
            links += [(int(rows[i]), int(cols[j])) for i, j in enumerate(best_b)
                      if best_a[j] == i and sub[i, j] >= threshold]
    return links


def test_blocks_equal_the_dense_matrix_and_are_exactly_symmetric(tasks):
    similarity = cluster.TaskSimilarity(tasks)
    everything = similarity.block(slice(0, len(tasks)))
    assert np.abs(everything - dense_similarity(tasks)).max() < 1e-6  # the dense one was float32
    off = ~np.eye(len(tasks), dtype=bool)
    # Bit for bit: which of two tasks is the other's best match must not depend on the block.
    assert np.array_equal(everything[off], everything.T[off])
    some = np.array([5, 0, 17, 3])
    assert np.array_equal(similarity.block(some, some), everything[np.ix_(some, some)])


def test_mutual_best_links_equal_the_dense_plan_by_plan_search(tasks, monkeypatch):
    similarity = cluster.TaskSimilarity(tasks)
    plan_of = np.array([t.plan for t in tasks])
    threshold = AlignSettings().cluster_threshold
    expected = dense_links(similarity.block(slice(0, len(tasks))), plan_of, threshold)
    assert len(expected) > 100
    shapes = []
    block = cluster.TaskSimilarity.block

    def recorded(self, rows, cols=None):
        out = block(self, rows, cols)
        shapes.append(out.shape)
        return out

    monkeypatch.setattr(cluster.TaskSimilarity, "block", recorded)
    # Blocks of a few rows (a row split off at the end) find the same links as one block.
    monkeypatch.setattr(cluster, "BLOCK_PAIRS", 7 * len(tasks))
    links = cluster.mutual_best_links(similarity, plan_of, threshold)
    assert sorted((a, b) for a, b, _ in links) == sorted(expected)
    assert [s for _, _, s in links] == sorted((s for _, _, s in links), reverse=True)
    # No block held more than BLOCK_PAIRS similarities: the task × task matrix never existed.
    assert len(shapes) == -(-len(tasks) // 7) and max(r * c for r, c in shapes) <= 7 * len(tasks)


def test_a_tie_in_centrality_goes_to_the_first_member(tasks):
    """Members that read alike sum the same similarities in another order; the last bits of the
    sums must not choose between them."""
    sums = np.array([[0.0, 0.6, 0.5], [0.6 + 1e-13, 0.0, 0.5], [0.2, 0.2, 0.0]])

    class Noisy:  # the second member's sum is the first's plus rounding
        def block(self, rows, cols):
            return sums[rows][:, cols].copy()

    members = tasks[:3]
    assert cluster._centre(members, Noisy()) is members[0]
    sums[1, 0] += 1e-6  # a real difference still counts
    assert cluster._centre(members, Noisy()) is members[1]


# -- a plan against many items: the reference side stays sparse ------------------------------

def _idf(documents):
    from collections import Counter
    import math

    from policyparse.compare.text import ngrams

    docs = [d for d in documents if d]
    df = Counter(g for d in docs for g in set(ngrams(d)))
    return lambda g: math.log((len(docs) + 1) / (df[g] + 1)) + 1.0 if df[g] else math.log(len(docs) + 1) + 1.0


def test_item_side_products_equal_the_definitions(tasks):
    """The text cosine and the share of the title a text holds (its first sentence's subject aside),
    written out with dictionaries over the n-grams the plan shares with the reference, as the scores
    define them."""
    import math

    from policyparse.compare.reference import load_reference
    from policyparse.compare.score import PlanScores, _predicate
    from policyparse.compare.text import ngrams

    from test_compare_gold import REFERENCE_76

    items = load_reference(REFERENCE_76).alignable
    plan = [t for t in tasks if t.plan == 1]
    scores = PlanScores(items, plan, AlignSettings())
    task_docs = [x for t in plan for x in [t.heading, t.text] + t.sections]
    idf = _idf([x for i in items for x in (i.title, i.part, i.text)] + task_docs)
    vocabulary = {g for i in items for x in (i.title, i.part, i.text) if x for g in ngrams(x)}
    shared = vocabulary & {g for x in task_docs + scores.openings if x for g in ngrams(x)}

    def vector(text):
        weights = {g: (1 + math.log(c)) * idf(g) for g, c in ngrams(text).items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {g: w / norm for g, w in weights.items() if g in shared} if norm else {}

    checked = 0
    for n, t in enumerate(plan):
        text = vector(t.text)
        for k, item in enumerate(items):
            body = vector(" ".join(x for x in (item.title, item.text) if x))
            assert scores.signals["text"][n, k] == pytest.approx(sum(w * body.get(g, 0) for g, w in text.items()), abs=1e-12)
            title = set(ngrams(item.title))
            held = sum(idf(g) ** 2 for g in title if g in shared and g in ngrams(_predicate(t.text)))
            assert scores.signals["contains"][n, k] == pytest.approx(held / sum(idf(g) ** 2 for g in title), abs=1e-12)
            checked += scores.signals["text"][n, k] > 0.1
    assert checked > 10


# -- the Viterbi step without the bonus matrix ------------------------------------------------

def dense_decode(content, part, items, settings):
    """The decoder as first written: the (items + 1)² bonus matrix and argmax over it."""
    from policyparse.compare import align

    n, k = content.shape
    threshold = align._plan_threshold(content, settings)
    emit = align._emissions(content, part, threshold, settings)
    order = np.array([item.order for item in items])
    step = order[None, :] - order[:, None]
    bonus = np.zeros((k + 1, k + 1))
    scale = threshold / settings.new_threshold if settings.new_threshold > 0 else 1.0
    bonus[:k, :k] = np.where((step == 0) | (step == 1), settings.order_bonus * scale, 0.0)
    best, back = emit[0].copy(), []
    for i in range(1, n):
        scores = best[:, None] + bonus
        pointers = scores.argmax(axis=0)
        best = scores[pointers, np.arange(k + 1)] + emit[i]
        back.append(pointers)
    state = int(best.argmax())
    path = [state]
    for pointers in reversed(back):
        state = int(pointers[state])
        path.append(state)
    return [None if s == k else s for s in reversed(path)]


def test_viterbi_without_the_bonus_matrix_decodes_as_with_it():
    """Random plans with many exact ties (scores from a few values), repeated and missing orders."""
    from types import SimpleNamespace

    from policyparse.compare.align import _decode

    rng = np.random.default_rng(13)
    for trial in range(600):
        k, n = int(rng.integers(0, 9)), int(rng.integers(1, 8))
        content = rng.choice([0.0, 0.1, 0.2, 0.3, 0.34, 0.5], size=(n, k)) if trial % 2 else rng.random((n, k))
        part = rng.choice([0.0, 0.04, 0.15], size=(n, k))
        orders = rng.permutation(k) if trial % 3 else rng.integers(0, max(1, k), size=k)
        items = [SimpleNamespace(order=int(o)) for o in orders]
        settings = AlignSettings(order_bonus=float(rng.choice([0.0, 0.04, 0.1, 0.3])))
        assert _decode(content, part, items, settings) == dense_decode(content, part, items, settings), trial


def test_comparable_keeps_what_the_per_character_test_kept():
    import unicodedata

    from policyparse.compare.text import _MASK_CHARS, comparable

    def per_character(text):
        text = unicodedata.normalize("NFKC", text)
        return "".join(ch for ch in text if ch.isalnum() and ch not in _MASK_CHARS)

    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    assert comparable(every) == per_character(every)
    for c in range(0x10000):
        if not 0xD800 <= c < 0xE000:
            assert comparable(chr(c)) == per_character(chr(c)), hex(c)


def test_without_a_reference_the_table_lists_the_filled_cells():
    """Common items are thousands at 3,000 plans: the full item × region table would be tens of
    millions of empty rows. Against a reference every cell is listed, as before."""
    from policyparse.compare import compare

    from test_compare_gold import REFERENCE_76

    results = [gold_result(p) for p in gold_files()]
    common = compare(results)
    filled = {(row.code, row.region) for row in common.items}
    assert common.items and all(row.tasks for row in common.items)
    assert filled == {(t.reference, plan.region) for plan in common.plans for t in plan.tasks
                      if t.reference is not None and t.reference != common.reference.new_code}
    against = compare(results, reference=REFERENCE_76)
    assert len(against.items) == len(against.reference.alignable) * len(against.plans)
    assert any(not row.tasks for row in against.items)


def test_gram_codes_are_the_ngrams_in_their_order(tasks):
    """The integer n-grams (code points, no table of every n-gram seen) are ngrams()'s, in its
    order and with its counts: a plan's sums run over them in that order."""
    import random

    from policyparse.compare.text import _ngrams, gram_code, gram_ids

    rng = random.Random(2)
    alphabet = "加强**××Ｘ※＊政务诚信a1１ ，。_x"
    texts = [x for t in tasks for x in (t.text, t.heading or "")]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(5000)]
    for text in texts:
        grams = _ngrams.__wrapped__(text, (2, 3))
        codes, counts = gram_ids(text)
        assert [gram_code(g) for g in grams] == codes.tolist(), text
        assert list(grams.values()) == counts.tolist(), text


def test_top_is_the_head_of_a_stable_descending_sort():
    from policyparse.compare.align import _top

    rng = np.random.default_rng(5)
    for trial in range(500):
        values = rng.choice([0.0, 0.1, 0.25, 0.5], size=int(rng.integers(0, 12))) if trial % 2 else rng.random(30)
        count = int(rng.integers(1, 5))
        assert _top(values, count) == [int(k) for k in np.argsort(-values, kind="stable")[:count]]


def test_without_a_reference_no_plan_lists_its_missing_items():
    """A plan's missing common items would be nearly all of them (45 million codes at 3,000
    plans); with a reference every plan names its missing items, as before."""
    from policyparse.compare import compare

    from test_compare_gold import REFERENCE_76

    results = [gold_result(p) for p in gold_files()]
    common = compare(results)
    assert all(plan.missing == [] for plan in common.plans) and any(plan.covered for plan in common.plans)
    against = compare(results, reference=REFERENCE_76)
    codes = [i.code for i in against.reference.alignable]
    assert all(plan.missing == [c for c in codes if c not in plan.covered] for plan in against.plans)
    assert any(plan.missing for plan in against.plans)
    # The report's regions without a task for an item come from what the plans cover.
    import html
    import re

    from policyparse.compare.report import render_pages

    pages = render_pages(common)
    for item in common.reference.alignable[:5]:
        page = next(text for name, text in pages.items() if name.startswith("items/") and f'data-code="{item.code}"' in text)
        listed = html.unescape(re.search('<p class="missing-regions">(.*?)</p>', page).group(1))
        without = [p.region for p in common.plans if p.implements and item.code not in p.covered]
        assert listed.split("、") == without
