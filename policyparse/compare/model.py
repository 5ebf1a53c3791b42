"""What a comparison returns: pydantic models plus pandas-friendly records.

One :class:`Comparison` holds the reference (its items), one :class:`PlanComparison` per plan
(each task with the item it carries out, the score and the shared passages that justify it) and
one :class:`ComparisonItem` per reference item × region (tasks, agencies, deadlines, reuse).
The JSON written by ``policyparse compare --format json`` is ``Comparison.model_dump()``; the
CSV/XLSX table and the HTML report are computed from the same object, so their figures agree.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..schema import Region


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReferenceItem(_Model):
    """One item of the reference: a row of an outline file or a task of a reference notice."""

    code: str = Field(description="R.3.2 in an outline file; the task id in a reference notice")
    title: str
    part: Optional[str] = Field(default=None, description="title of the section the item belongs to")
    text: Optional[str] = None
    order: int = Field(description="position in the reference, 0-based")
    carries_nothing: bool = Field(default=False, description="the row that marks tasks carrying out no item (R.new)")


class Reference(_Model):
    """The document plans are compared against."""

    source: dict[str, Any] = Field(default_factory=dict, description="path, kind (outline|notice|plans), title, doc_number")
    items: list[ReferenceItem] = Field(default_factory=list)

    @property
    def new_code(self) -> Optional[str]:
        """Code of the ``R.new`` row, if the outline has one; else tasks carrying out nothing get null."""
        for item in self.items:
            if item.carries_nothing:
                return item.code
        return None

    @property
    def alignable(self) -> list[ReferenceItem]:
        return [item for item in self.items if not item.carries_nothing]

    def item(self, code: Optional[str]) -> Optional[ReferenceItem]:
        for item in self.items:
            if item.code == code:
                return item
        return None


class Candidate(_Model):
    code: str
    score: float


class AlignedTask(_Model):
    """A task of a plan with the reference item it carries out."""

    id: str
    heading: Optional[str] = None
    text: str
    section: Optional[str] = Field(default=None, description="titles of the enclosing sections, outermost first, joined by ' / '")
    reference: Optional[str] = Field(default=None, description="item code, the R.new code, or null (the plan does not carry the reference out)")
    also: list[str] = Field(default_factory=list, description="further items the task carries out (a merged task), best first")
    score: float = Field(default=0.0, description="content score of the chosen item, 0-1 (for null: of the best item)")
    evidence: list[str] = Field(default_factory=list, description="passages shared with the item (>= 4 characters)")
    basis: dict[str, float] = Field(default_factory=dict, description="the similarity signals behind the score")
    candidates: list[Candidate] = Field(default_factory=list, description="best items, best first")
    lead: list[str] = Field(default_factory=list, description="lead agencies (canonical where known)")
    support: list[str] = Field(default_factory=list)
    responsible: list[str] = Field(default_factory=list)
    deadline: Optional[str] = None
    reused_share: Optional[float] = Field(default=None, description="share of the text reused verbatim from the item's text (null: the item has no text)")


class PlanComparison(_Model):
    """One plan (one document of a parsed file) aligned to the reference."""

    source: dict[str, Any] = Field(description="path, sha256, document (index in the file), title, doc_number")
    region: str = Field(description="display name: 福建省南平市, 天津市红桥区 …")
    region_detail: Region = Field(default_factory=Region)
    level: Optional[str] = None
    implements: bool = Field(default=True, description="whether the plan carries out the reference at all")
    tasks: list[AlignedTask] = Field(default_factory=list)
    covered: list[str] = Field(default_factory=list, description="item codes at least one task carries out")
    missing: list[str] = Field(default_factory=list, description=(
        "item codes no task carries out; empty without a reference (common items), where it would name nearly all"))
    added: list[str] = Field(default_factory=list, description="ids of tasks that carry out no item")
    coverage: float = 0.0


class ComparisonItem(_Model):
    """One reference item in one region: the comparison table's row."""

    code: str
    title: str
    part: Optional[str] = None
    region: str
    tasks: list[str] = Field(default_factory=list, description="task ids")
    headings: list[str] = Field(default_factory=list)
    lead: list[str] = Field(default_factory=list, description="lead agencies, canonical agency where known")
    support: list[str] = Field(default_factory=list)
    responsible: list[str] = Field(default_factory=list)
    deadlines: list[str] = Field(default_factory=list)
    score: float = Field(default=0.0, description="best alignment score among the tasks")
    reused_share: Optional[float] = Field(default=None, description="share of the tasks' text reused verbatim from the reference text (null: no tasks, or an outline without text)")
    written_share: Optional[float] = Field(default=None, description="share written by the region: 1 - reused_share")

    @property
    def covered(self) -> bool:
        return bool(self.tasks)


class Comparison(_Model):
    """The whole comparison; ``model_dump()`` is the JSON output."""

    reference: Reference
    regions: list[str] = Field(default_factory=list)
    plans: list[PlanComparison] = Field(default_factory=list)
    items: list[ComparisonItem] = Field(default_factory=list, description=(
        "the item × region table; without a reference (common items) only the cells a region fills"))
    settings: dict[str, Any] = Field(default_factory=dict)
    _cells: Optional[tuple] = PrivateAttr(default=None)

    def cell(self, code: str, region: str) -> Optional[ComparisonItem]:
        # Indexed on first use: a report of 3,000 regions asks for every item × region cell.
        # (The key holds the list's identity and length, so a replaced or grown table is re-read.)
        key = (id(self.items), len(self.items))
        if self._cells is None or self._cells[0] != key:
            self._cells = (key, {(row.code, row.region): row for row in reversed(self.items)})
        return self._cells[1].get((code, region))

    def to_records(self) -> list[dict[str, Any]]:
        """The comparison table as flat dicts, one per item × region (``pandas.DataFrame(records)``).

        Lists are joined with ``、`` so every value is a scalar a spreadsheet can hold.
        """
        records = []
        for row in self.items:
            records.append({
                "code": row.code,
                "title": row.title,
                "part": row.part,
                "region": row.region,
                "covered": row.covered,
                "tasks": "、".join(row.tasks),
                "task_count": len(row.tasks),
                "headings": "；".join(row.headings),
                "lead": "、".join(row.lead),
                "support": "、".join(row.support),
                "responsible": "、".join(row.responsible),
                "deadlines": "；".join(row.deadlines),
                "score": round(row.score, 3),
                "reused_share": row.reused_share,
                "written_share": row.written_share,
            })
        return records

    def task_records(self) -> list[dict[str, Any]]:
        """One flat dict per task of every plan, with the item it carries out."""
        records = []
        for plan in self.plans:
            for task in plan.tasks:
                records.append({
                    "region": plan.region,
                    "path": plan.source.get("path"),
                    "document": plan.source.get("document"),
                    "id": task.id,
                    "heading": task.heading,
                    "reference": task.reference,
                    "also": "、".join(task.also),
                    "score": round(task.score, 3),
                    "evidence": "；".join(task.evidence),
                    "lead": "、".join(task.lead),
                    "support": "、".join(task.support),
                    "responsible": "、".join(task.responsible),
                    "deadline": task.deadline,
                    "reused_share": task.reused_share,
                    "text": task.text,
                })
        return records

    def coverage_records(self) -> list[dict[str, Any]]:
        """Per region: how much of the reference it covers and how many items it added."""
        total = len(self.reference.alignable)
        return [{
            "region": plan.region,
            "path": plan.source.get("path"),
            "implements": plan.implements,
            "tasks": len(plan.tasks),
            "covered_items": len(plan.covered),
            "reference_items": total,
            "coverage": round(plan.coverage, 3),
            "added_tasks": len(plan.added),
        } for plan in self.plans]
