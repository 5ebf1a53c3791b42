"""``Layout``: the structure of a file, as the segment stage finds it.

All offsets are ``(start, end)`` pairs in the *normalized* text; raw offsets are computed once,
at the end of the pipeline, through the character map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..normalize.text import NormalizedText

Offsets = tuple[int, int]


@dataclass
class ClauseBlock:
    """A responsibility clause found in a task, not yet interpreted.

    span: the clause as printed, brackets included (``（责任单位：市信用办）``).
    inner: the clause body without its brackets (``责任单位：市信用办``); for a table row, the
        text of the unit cells.
    inner_span: offsets of ``inner``.
    covers: offsets of the task sentences this clause applies to.
    columns: for table rows, the unit cells by their column role (``lead``, ``support``,
        ``responsible``), each ``(text, offsets)``; None for in-text clauses.
    """

    span: Offsets
    inner: str
    inner_span: Offsets
    covers: Offsets
    columns: Optional[dict[str, tuple[str, Offsets]]] = None


@dataclass
class TaskBlock:
    """One task: the lowest-level numbered item of a work section, a clause paragraph or a table row.

    id: numbering path folded to ASCII, ``三/(二)/5``; ``四/(三)/p2``; ``table/7``.
    heading: the item's own lead phrase, else the heading of the section holding it.
    span: the whole item including marker and clauses.
    text_span: the item after its marker (clauses still inside; extract removes them).
    section_kind: kind of the top-level section (tasks, safeguards …).
    deadline_text: a deadline cell of a task table, if any.
    is_table_row: the task is a row of a task table.
    cells: for table rows, every cell with a column role (number, category, deadline, target,
        score, units …) as ``(text, offsets)``, merged cells filled in; None for text items.
    """

    id: str
    heading: Optional[str]
    span: Offsets
    text_span: Offsets
    clauses: list[ClauseBlock] = field(default_factory=list)
    section_kind: Optional[str] = None
    deadline_text: Optional[tuple[str, Offsets]] = None
    is_table_row: bool = False
    cells: Optional[dict[str, tuple[str, Offsets]]] = None


@dataclass
class OutlineEntry:
    marker: str
    level: int
    title: str
    kind: Optional[str]
    span: Offsets
    title_span: Optional[Offsets] = None


@dataclass
class PrincipleBlock:
    title: str
    text: str
    span: Offsets


@dataclass
class CiteRef:
    title: str
    doc_number: Optional[str]
    span: Offsets
    title_span: Optional[Offsets] = None


@dataclass
class Header:
    """Header fields as printed (after repair); region and level are resolved by extract."""

    title: Optional[str] = None
    doc_type: Optional[str] = None
    doc_number: Optional[str] = None
    issuers: list[str] = field(default_factory=list)
    issue_date: Optional[str] = None
    effective_date: Optional[str] = None
    recipients: list[str] = field(default_factory=list)
    cites: list[CiteRef] = field(default_factory=list)


@dataclass
class DocumentLayout:
    """One document. ``parent`` is the index (in :attr:`Layout.documents`) of the notice that
    issues it, for a plan or attachment printed after a notice (关于印发A和B的通知 -> A, B)."""

    span: Offsets
    header: Header
    outline: list[OutlineEntry] = field(default_factory=list)
    principles: list[PrincipleBlock] = field(default_factory=list)
    tasks: list[TaskBlock] = field(default_factory=list)
    parent: Optional[int] = None


@dataclass
class Layout:
    """The segment stage's output: the normalized text and the documents found in it."""

    text: NormalizedText
    documents: list[DocumentLayout] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    explanations: list = field(default_factory=list)  # labels.Explanation, when asked for
