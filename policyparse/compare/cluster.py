"""Finding the common items of plans compared without a reference.

Cities that carry out the same provincial guideline write tasks that match each other across
plans even when nobody hands us the guideline. Two tasks of different plans are linked when each
is the other's best match in that plan (mutual best match) and they are similar enough; linked
tasks form one common item. Its title is the heading of its most central task, its position the
tasks' mean relative position, so the pseudo-reference reads in the order the plans share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .model import Reference, ReferenceItem
from .text import tfidf_rows

if TYPE_CHECKING:  # pragma: no cover
    from .align import AlignSettings, Plan, _PlanTask

# Similarities are computed this many task pairs at a time (a block of rows against every
# task): 8 MB a dense float64 block, so memory stays flat from 300 plans to 3,000 and beyond,
# where the task × task matrix (50,000² at 3,000 plans) would not fit.
BLOCK_PAIRS = 1 << 20


class TaskSimilarity:
    """How alike two tasks read: their headings' and texts' TF-IDF cosines, half each when both
    tasks have a heading, else the texts' alone. Rows are sparse; any block of task pairs is
    computed on demand, so the task × task matrix never exists.
    """

    def __init__(self, tasks: list["_PlanTask"]):
        documents = [x for t in tasks for x in [t.heading, t.text] + t.sections if x]
        labels = [t.heading or (t.sections[-1] if t.sections else None) for t in tasks]
        self.head = tfidf_rows(labels, documents)
        self.body = tfidf_rows([t.text for t in tasks], documents)
        self.has_head = np.diff(self.head.indptr) > 0
        # Products against every task use the transposes, made once.
        self._head_t, self._body_t = self.head.T.tocsr(), self.body.T.tocsr()

    def __len__(self) -> int:
        return self.head.shape[0]

    def block(self, rows, cols=None) -> np.ndarray:
        """Dense similarities of tasks ``rows`` × ``cols`` (index arrays or slices; all tasks
        when ``cols`` is None)."""
        if cols is None:
            head, body, has = self.head[rows] @ self._head_t, self.body[rows] @ self._body_t, self.has_head
        else:
            head, body, has = self.head[rows] @ self.head[cols].T, self.body[rows] @ self.body[cols].T, self.has_head[cols]
        head, body = head.toarray(), body.toarray()
        both = self.has_head[rows][:, None] & has[None, :]
        return np.where(both, 0.5 * head + 0.5 * body, body)


def reference_from_plans(plans: list["Plan"], settings: "AlignSettings", progress: bool = False) -> tuple[Reference, dict]:
    """A pseudo-reference whose items (``C.1``, ``C.2`` …) are the tasks plans have in common.

    RETURNS: the reference and its membership, (plan index, task index) -> item code.
    """
    from .align import _prepare

    prepared = _prepare(plans)
    tasks = [t for group in prepared for t in group]
    for n, t in enumerate(tasks):
        t.order = n
    similarity = TaskSimilarity(tasks)
    plan_of = np.array([t.plan for t in tasks], dtype=np.int64)
    links = mutual_best_links(similarity, plan_of, settings.cluster_threshold, progress)
    common = [members for members in _join(tasks, links) if len({m.plan for m in members}) >= 2]

    def position(t) -> float:
        size = len(prepared[t.plan])
        return t.index / max(1, size - 1)

    common.sort(key=lambda members: sum(position(m) for m in members) / len(members))
    items = []
    membership = {}
    for n, members in enumerate(common, start=1):
        for m in members:
            membership[(m.plan, m.index)] = f"C.{n}"
        centre = _centre(members, similarity)
        title = centre.heading or (centre.sections[-1] if centre.sections else centre.text[:30])
        items.append(ReferenceItem(code=f"C.{n}", title=title,
                                   part=centre.sections[0] if centre.sections else None,
                                   text=centre.text, order=n - 1))
    reference = Reference(source={"path": None, "kind": "plans", "title": "common items of the compared plans",
                                  "plans": [p.region for p in plans]}, items=items)
    return reference, membership


def mutual_best_links(similarity: TaskSimilarity, plan_of: np.ndarray, threshold: float,
                      progress: bool = False) -> list[tuple[int, int, float]]:
    """Pairs of tasks of different plans (a, b, similarity), a's plan before b's, where each is
    the other's best match in the other's plan (the first on a tie) and the similarity reaches
    ``threshold``; strongest first, then in plan order.

    A task's best match in a plan can only link when it reaches the threshold, so each block of
    rows keeps, per row and other plan, only its best column among those that do: memory grows
    with the matches found, not with the square of the tasks.
    """
    from .align import progress_bar

    n = len(similarity)
    step = max(1, BLOCK_PAIRS // max(1, n))
    found = [_block_best(similarity.block(slice(start, min(n, start + step))), start, plan_of, threshold)
             for start in progress_bar(range(0, n, step), -(-n // step), "common items", progress, unit="block")]
    a, b, s = (np.concatenate([f[k] for f in found]) if found else np.zeros(0) for k in range(3))
    # b is a's best in b's plan; the link is mutual when a is also b's best in a's plan.
    keys = np.sort(a * n + b)
    reverse = b * n + a
    at = np.minimum(np.searchsorted(keys, reverse), max(0, len(keys) - 1))
    keep = (keys[at] == reverse) & (plan_of[a] < plan_of[b]) if len(keys) else np.zeros(0, bool)
    a, b, s = a[keep], b[keep], s[keep]
    order = np.lexsort((a, plan_of[b], plan_of[a], -s))
    return [(int(a[k]), int(b[k]), float(s[k])) for k in order]


def _block_best(block: np.ndarray, start: int, plan_of: np.ndarray, threshold: float):
    """(row, column, similarity) of each row's best column in each other plan, among the
    columns reaching ``threshold``: the highest, the first column on a tie (numpy's argmax)."""
    r, j = np.nonzero(block >= threshold)
    i = r + start
    keep = plan_of[i] != plan_of[j]
    r, i, j = r[keep], i[keep], j[keep]
    s = block[r, j]
    order = np.lexsort((j, -s, plan_of[j], i))
    i, j, s = i[order], j[order], s[order]
    first = np.ones(len(i), dtype=bool)
    first[1:] = (i[1:] != i[:-1]) | (plan_of[j[1:]] != plan_of[j[:-1]])
    return i[first], j[first], s[first]


def _join(tasks: list["_PlanTask"], links: list[tuple[int, int, float]]) -> list[list["_PlanTask"]]:
    """Tasks joined along the links, strongest first, in groups of tasks' order.

    A link that would put two tasks of one plan into one item is dropped, so 招标投标 and
    招商引资 do not chain into one item through a third plan.
    """
    parent = list(range(len(tasks)))
    plans_of = [{t.plan} for t in tasks]

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b, _ in links:
        ra, rb = find(a), find(b)
        if ra == rb or plans_of[ra] & plans_of[rb]:
            continue
        if len(plans_of[ra]) > len(plans_of[rb]):
            ra, rb = rb, ra  # the smaller group joins the larger; groups are the same either way
        parent[ra] = rb
        plans_of[rb] |= plans_of[ra]
    groups: dict = {}
    for k, t in enumerate(tasks):
        groups.setdefault(find(k), []).append(t)
    return list(groups.values())


# Summed similarities this close are a tie: members that read alike (a plan's copy of another's
# task) sum the same cosines in another order, and rounding must not pick the centre.
TIE = 1e-9


def _centre(members: list["_PlanTask"], similarity: TaskSimilarity) -> "_PlanTask":
    """The member most like the others (summed similarity; the first on a tie), in blocks of rows."""
    index = np.array([m.order for m in members], dtype=np.int64)
    step = max(1, BLOCK_PAIRS // len(index))
    sums = []
    for start in range(0, len(index), step):
        block = similarity.block(index[start:start + step], index)
        block[np.arange(len(block)), np.arange(start, start + len(block))] = 0.0  # not itself
        sums.append(block.sum(axis=1))
    sums = np.concatenate(sums)
    return members[int(np.flatnonzero(sums >= sums.max() - TIE)[0])]
