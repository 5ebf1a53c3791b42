"""Cross-region comparison: align plans to a reference (or to each other) and show the differences.

>>> from policyparse.compare import compare, load_reference  # doctest: +SKIP

- :func:`compare` — plans (+ optional reference) -> :class:`Comparison`;
- :func:`load_reference` — outline TSV / parsed notice -> :class:`Reference`;
- :func:`write_table` — the comparison table as CSV or XLSX; :func:`write_json`;
- :func:`render_html` / :func:`write_html` — the self-contained HTML report.
"""

from __future__ import annotations

from .align import AlignSettings, align, annotate, compare, plans_from_results
from .model import AlignedTask, Comparison, ComparisonItem, PlanComparison, Reference, ReferenceItem
from .reference import load_outline, load_reference, reference_from_notice

__all__ = [
    "compare", "align", "annotate", "plans_from_results", "AlignSettings",
    "load_reference", "load_outline", "reference_from_notice",
    "Comparison", "PlanComparison", "AlignedTask", "ComparisonItem", "Reference", "ReferenceItem",
]
