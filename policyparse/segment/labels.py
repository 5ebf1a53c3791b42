"""Scored labels: what a line (or a numbered item) is, with the evidence that decided it.

Every decision of the segment stage about what a paragraph *is* goes through :func:`decide`: the
paragraph's features are computed once, each candidate label scores the sum of the weights of its
features that fire, and the best label wins. Weights live in one place,
``lexicons/segment/label_weights.tsv``, each with the reason it was set; ``policyparse parse
--explain`` prints, per line, the label, its score and the features behind it.

Two decisions use it:

- ``line``: a paragraph around a notice's header (GB/T 9704-2012 §7.2: 发文字号, 标题, 主送机关,
  signature and date, page chrome around a scraped notice), read by the document splitter;
- ``node``: a numbered line in the body: a ``heading`` over its section, or an ``item`` whose title
  runs into its text (GUIDE.md: outline entries hold a title and no body).

The weights are set by hand from those layout rules; a higher weight makes a feature win over a
lower one when both fire (a line that is both title-shaped and a 发文字号 line is a 发文字号 line).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..lexicons import LexiconEntry, lexicon


class LabelWeight(LexiconEntry):
    """One weight: when ``feature`` fires in a ``decision``, ``label`` gains ``weight``."""

    decision: str
    label: str
    feature: str
    weight: float


LABEL_WEIGHTS = lexicon("segment/label_weights.tsv", LabelWeight)


@dataclass(frozen=True)
class Decision:
    """A label with its score, the features that gave it, and the runner-up.

    evidence: (feature, weight) of the features that fired for the winning label.
    runner_up: the next best label and its score, or None when no other label scored.
    """

    label: Optional[str]
    score: float
    evidence: tuple[tuple[str, float], ...] = ()
    runner_up: Optional[tuple[str, float]] = None

    def explain(self) -> str:
        """``title 4.0 [title_shape 4.0] over title_part 3.0``."""
        why = ", ".join(f"{name} {weight:+.1f}" for name, weight in self.evidence)
        other = f" over {self.runner_up[0]} {self.runner_up[1]:.1f}" if self.runner_up else ""
        return f"{self.label or '-'} {self.score:.1f} [{why}]{other}"


@functools.lru_cache(maxsize=None)
def weights(decision: str) -> dict[str, tuple[tuple[str, float], ...]]:
    """feature -> ((label, weight), ...) for one decision."""
    table: dict[str, list[tuple[str, float]]] = {}
    for row in LABEL_WEIGHTS():
        if row.decision == decision:
            table.setdefault(row.feature, []).append((row.label, row.weight))
    return {k: tuple(v) for k, v in table.items()}


def decide(decision: str, fired: set[str], threshold: float = 0.0) -> Decision:
    """The best label for the features that fired (``None`` when no label scores above
    ``threshold``).

    >>> decide("line", {"title_shape", "title_part_shape"}).label
    'title'
    >>> decide("line", set()).label is None
    True
    """
    table = weights(decision)
    scores: dict[str, float] = {}
    evidence: dict[str, list[tuple[str, float]]] = {}
    for name in sorted(fired):
        for label, weight in table.get(name, ()):
            scores[label] = scores.get(label, 0.0) + weight
            evidence.setdefault(label, []).append((name, weight))
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] <= threshold:
        return Decision(None, 0.0, (), ranked[0] if ranked else None)
    best, score = ranked[0]
    return Decision(best, score, tuple(evidence[best]), ranked[1] if len(ranked) > 1 else None)


@dataclass
class Explanation:
    """What the segment stage decided about one stretch of text, for ``--explain``."""

    span: tuple[int, int]
    what: str           # line, node, break
    decision: Decision
    text: str = ""


@dataclass
class Explainer:
    """Collects decisions when asked to; does nothing otherwise (the common, fast case)."""

    enabled: bool = False
    entries: list[Explanation] = field(default_factory=list)

    def add(self, span: tuple[int, int], what: str, decision: Decision, text: str = "") -> None:
        if self.enabled:
            self.entries.append(Explanation(span, what, decision, text[:60]))


Feature = Callable[..., bool]
