"""Cross-region comparison: align plans to a reference (or to each other) and show the differences.

- :func:`compare` — plans (+ optional reference) -> :class:`Comparison`;
- :func:`load_reference` — outline TSV / parsed notice -> :class:`Reference`;
- :func:`write` — the comparison as JSON, CSV or XLSX (``to_json``/``to_csv``/``to_xlsx``);
- :func:`render_html` / :func:`write_html` — the self-contained HTML report.
"""

from __future__ import annotations

from .align import AlignSettings, align_plans, annotate, assign_references, compare, plans_from_results
from .model import AlignedTask, Comparison, ComparisonItem, PlanComparison, Reference, ReferenceItem
from .reference import load_outline, load_reference, reference_from_notice
from .report import render_html, write_html
from .writers import neutralise, to_csv, to_json, to_xlsx, write

__all__ = [
    "compare", "align_plans", "annotate", "assign_references", "plans_from_results", "AlignSettings",
    "load_reference", "load_outline", "reference_from_notice",
    "write", "to_json", "to_csv", "to_xlsx", "neutralise", "render_html", "write_html",
    "Comparison", "PlanComparison", "AlignedTask", "ComparisonItem", "Reference", "ReferenceItem",
]
