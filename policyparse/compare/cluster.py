"""Finding the common items of plans compared without a reference.

Cities that carry out the same provincial guideline write tasks that match each other across
plans even when nobody hands us the guideline. Two tasks of different plans are linked when each
is the other's best match in that plan (mutual best match) and they are similar enough; linked
tasks form one common item. Its title is the heading of its most central task, its position the
tasks' mean relative position, so the pseudo-reference reads in the order the plans share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Reference, ReferenceItem
from .text import TfidfSpace, cosine_matrix

if TYPE_CHECKING:  # pragma: no cover
    from .align import AlignSettings, Plan


def reference_from_plans(plans: list["Plan"], settings: "AlignSettings", progress: bool = False) -> tuple[Reference, dict]:
    """A pseudo-reference whose items (``C.1``, ``C.2`` …) are the tasks plans have in common.

    RETURNS: the reference and its membership, (plan index, task index) -> item code.
    """
    import numpy as np

    from .align import _prepare, progress_bar

    prepared = _prepare(plans)
    tasks = [t for group in prepared for t in group]
    space = TfidfSpace([x for t in tasks for x in [t.heading, t.text] + t.sections if x])
    labels = [t.heading or (t.sections[-1] if t.sections else None) for t in tasks]
    head_vectors = [space.vector(label) if label else {} for label in labels]
    head = cosine_matrix(head_vectors)
    body = cosine_matrix([space.vector(t.text) for t in tasks])
    position_of = {(t.plan, t.index): n for n, t in enumerate(tasks)}
    # Heading and text count half each; a task without any heading is judged on its text.
    has_head = np.array([bool(v) for v in head_vectors])
    both = np.outer(has_head, has_head)
    combined = np.where(both, 0.5 * head + 0.5 * body, body)

    def similarity(a, b) -> float:
        return float(combined[position_of[(a.plan, a.index)], position_of[(b.plan, b.index)]])

    parent = {(t.plan, t.index): (t.plan, t.index) for t in tasks}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    threshold = settings.cluster_threshold
    sims: dict = {}
    for p, group_a in progress_bar(enumerate(prepared), len(prepared), "common items", progress):
        for q in range(p + 1, len(prepared)):
            group_b = prepared[q]
            if not group_a or not group_b:
                continue
            rows = [position_of[(a.plan, a.index)] for a in group_a]
            cols = [position_of[(b.plan, b.index)] for b in group_b]
            matrix = combined[np.ix_(rows, cols)]
            best_b = matrix.argmax(axis=1)
            best_a = matrix.argmax(axis=0)
            for i, j in enumerate(best_b):
                if best_a[j] == i and matrix[i, j] >= threshold:
                    a, b = group_a[i], group_b[j]
                    sims[((a.plan, a.index), (b.plan, b.index))] = float(matrix[i, j])

    # Strongest links first; a link that would put two tasks of one plan into one item is
    # dropped, so 招标投标 and 招商引资 do not chain into one item through a third plan.
    plans_of = {(t.plan, t.index): {t.plan} for t in tasks}
    for (ka, kb), _ in sorted(sims.items(), key=lambda kv: -kv[1]):
        ra, rb = find(ka), find(kb)
        if ra == rb or plans_of[ra] & plans_of[rb]:
            continue
        parent[ra] = rb
        plans_of[rb] = plans_of[rb] | plans_of[ra]

    clusters: dict = {}
    for t in tasks:
        clusters.setdefault(find((t.plan, t.index)), []).append(t)
    common = [members for members in clusters.values() if len({m.plan for m in members}) >= 2]

    def position(t) -> float:
        size = len(prepared[t.plan])
        return t.index / max(1, size - 1)

    common.sort(key=lambda members: sum(position(m) for m in members) / len(members))
    items = []
    membership = {}
    for n, members in enumerate(common, start=1):
        for m in members:
            membership[(m.plan, m.index)] = f"C.{n}"
        def centrality(m):
            return sum(similarity(m, o) for o in members if o is not m)
        centre = max(members, key=centrality)
        title = centre.heading or (centre.sections[-1] if centre.sections else centre.text[:30])
        items.append(ReferenceItem(code=f"C.{n}", title=title,
                                   part=centre.sections[0] if centre.sections else None,
                                   text=centre.text, order=n - 1))
    reference = Reference(source={"path": None, "kind": "plans", "title": "common items of the compared plans",
                                  "plans": [p.region for p in plans]}, items=items)
    return reference, membership
