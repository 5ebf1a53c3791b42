"""One table model for every reader: cells on a grid, spans, header rows, provenance.

Offices keep task lists (任务分工表, 进度安排表, 考核评分表) as tables, and a table says more than
its text: which cell a merged 牵头单位 covers, which rows are the header band, where on the page
a cell was printed. Every reader (HTML, DOCX, PDF, XLSX, XLS, CSV) keeps that here, and the
segment stage reads any table the same way (:mod:`policyparse.segment.tables`).

The grid is complete: ``Table.rows[r][c]`` exists for every slot. A slot is one of three
things, and they stay distinct:

* an **anchor** cell, where a cell's text is printed; ``rowspan``/``colspan`` say how far a
  merged cell reaches;
* a **covered** slot (``covered_by`` = the anchor's ``(row, col)``), inside a merged cell: the
  second row under a 牵头单位 merged over two rows is covered, and its unit is the anchor's;
* an **empty** anchor: a cell that was printed blank (a task without 配合单位).

A reader also renders the table into ``SourceText.text`` as before, one line per row with the
cells joined by ``\\t`` (covered and empty slots as empty strings), so text-only consumers keep
working; ``Cell.span`` is where the cell's text sits in that line.

Why not docling-core's ``TableData``/``TableCell``
--------------------------------------------------
docling-core (2.104) has the same grid idea (``start_row_offset_idx``…, ``row_span``,
``column_header``) and was tried first. It does not fit here: (1) its ``grid`` puts the anchor
object into every covered slot and a fresh blank cell into unprinted ones, so "covered" is only
recoverable by comparing offsets, and there is no place for a cell's offsets in the text, nor
for a page, a spreadsheet reference or an HTML element; we would subclass every type anyway;
(2) it is heavy for a data holder: it brings pandas, jsonschema, typer, tabulate,
latex2mathml and a dozen more packages (18 in a fresh venv) and importing its table types
takes about 0.6 s, against a few frozen dataclasses; (3) pydantic validation per cell would
run on every row of every table, in every worker of a batch. Field names follow docling's
where they mean the same (``row_span``→``rowspan``, ``column_header``→``header``), so a
converter is a short function if a user wants one.

>>> table = grid_from_rows([[("序号", 1, 1), ("任务", 1, 1), ("牵头单位", 1, 1)],
...                         [("1", 1, 1), ("建立档案", 1, 1), ("区发展改革委", 2, 1)],
...                         [("2", 1, 1), ("开展培训", 1, 1)]], format="html")
>>> [c.text for c in table.rows[2]], table.rows[2][2].covered_by
(['2', '开展培训', ''], (1, 2))
>>> table.resolved(2, 2).text
'区发展改革委'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Optional, Sequence, Union

Offsets = tuple[int, int]
BBox = tuple[float, float, float, float]

__all__ = ["Cell", "Table", "grid_from_rows", "render_row", "place_rows"]

# Beyond these a "table" is not a task list a person wrote but a data dump or a hostile file;
# readers stop adding rows and columns there (a real 任务分工表 has tens of rows and < 12 columns).
MAX_ROWS = 5000
MAX_COLS = 60
MAX_SPAN = 500


@dataclass(frozen=True)
class Cell:
    """One slot of a table grid.

    row, col (int): position on the grid, from 0.
    text (str): the cell's text as rendered into the source text ("" for covered slots).
    rowspan, colspan (int): how many rows/columns an anchor covers (1 for covered slots).
    covered_by (tuple | None): for a slot inside a merged cell, ``(row, col)`` of its anchor.
    header (bool): the source marks it as a header cell (``<th>``, ``w:tblHeader``).
    span (tuple | None): offsets of ``text`` in the text it was rendered into; an empty cell has
        an empty span at its place in the row; None when the row was not rendered.
    bbox (tuple | None): PDF position ``(x0, top, x1, bottom)`` in points.
    ref (str | None): where in the source: spreadsheet reference (``B3``).
    """

    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    covered_by: Optional[tuple[int, int]] = None
    header: bool = False
    span: Optional[Offsets] = None
    bbox: Optional[BBox] = None
    ref: Optional[str] = None

    @property
    def covered(self) -> bool:
        """A slot inside a merged cell (not the anchor)."""
        return self.covered_by is not None

    @property
    def empty(self) -> bool:
        """An anchor printed blank; a covered slot is not empty, it belongs to its anchor."""
        return self.covered_by is None and not self.text.strip()


@dataclass(frozen=True)
class Table:
    """A table as a reader found it.

    rows (tuple of tuples of Cell): the full grid; every row has ``n_cols`` slots.
    format (str): the reader (``html``, ``docx``, ``pdf``, ``xlsx``, ``xls``, ``csv``, ``text``).
    header_rows (int): leading rows the source marks as header (``<thead>``/``<th>``, Word's
        repeat-header rows); 0 when the source does not say. Segment detects the band anyway.
    page (int | None): 1-based PDF page; a table continued over pages is one Table per page.
    bbox (tuple | None): PDF position of the whole table.
    element (str | None): where in the source (``table[2]``, ``body table 3``, ``sheet 分工``).
    title (str | None): a caption the source attaches (``<caption>``, a sheet name).
    """

    rows: tuple[tuple[Cell, ...], ...]
    format: str
    header_rows: int = 0
    page: Optional[int] = None
    bbox: Optional[BBox] = None
    element: Optional[str] = None
    title: Optional[str] = None

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def anchor(self, cell: Cell) -> Cell:
        """The cell whose text ``cell`` shows: itself, or the anchor of the merge covering it."""
        if cell.covered_by is None:
            return cell
        r, c = cell.covered_by
        return self.rows[r][c]

    def resolved(self, row: int, col: int) -> Cell:
        """The anchor cell seen at grid slot ``(row, col)`` (merged cells filled down/right)."""
        return self.anchor(self.rows[row][col])

    @property
    def span(self) -> Optional[Offsets]:
        """Offsets of the rendered rows, first to last."""
        spans = [c.span for r in self.rows for c in r if c.span is not None]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)

    def row_span(self, row: int) -> Optional[Offsets]:
        """Offsets of one rendered row (its ``\\t``-joined line)."""
        spans = [c.span for c in self.rows[row] if c.span is not None]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)

    def mapped(self, offset: Callable[[int], int]) -> "Table":
        """The same table with every span passed through ``offset`` (raw -> normalized text)."""
        rows = tuple(tuple(c if c.span is None else replace(c, span=(offset(c.span[0]), offset(c.span[1])))
                           for c in row) for row in self.rows)
        return replace(self, rows=rows)

    def shifted(self, delta: int) -> "Table":
        """The same table with every span moved by ``delta`` characters."""
        return self.mapped(lambda pos: pos + delta)


DraftCell = Union[tuple, dict]


def _draft(value: DraftCell) -> dict:
    if isinstance(value, dict):
        return dict(value)
    text, rowspan, colspan = (tuple(value) + (1, 1))[:3]
    return {"text": text, "rowspan": rowspan, "colspan": colspan}


def grid_from_rows(rows: Sequence[Sequence[DraftCell]], format: str, **provenance) -> Table:
    """Lay out cells given row by row in source order, skipping slots that spans above cover.

    This is how HTML (``rowspan``/``colspan``) and most writers list cells: a row names only the
    cells that start in it. Each draft cell is ``(text, rowspan, colspan)`` or a dict with
    ``text``, ``rowspan``, ``colspan`` and any other :class:`Cell` field (``header``, ``bbox``,
    ``ref``). Spans are clipped to the grid and to ``MAX_SPAN``.

    >>> t = grid_from_rows([[("责任单位", 1, 2)], [("牵头", 1, 1), ("配合", 1, 1)]], format="html")
    >>> [(c.text, c.covered_by) for c in t.rows[0]]
    [('责任单位', None), ('', (0, 0))]
    """
    rows = list(rows)[:MAX_ROWS]
    slots: dict[tuple[int, int], Cell] = {}
    for r, drafts in enumerate(rows):
        c = 0
        for value in drafts:
            draft = _draft(value)
            while (r, c) in slots:
                c += 1
            if c >= MAX_COLS:
                break
            rowspan = max(1, min(int(draft.pop("rowspan", 1) or 1), MAX_SPAN, len(rows) - r))
            colspan = max(1, min(int(draft.pop("colspan", 1) or 1), MAX_SPAN, MAX_COLS - c))
            text = draft.pop("text", "") or ""
            slots[(r, c)] = Cell(r, c, text, rowspan, colspan, **draft)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if (dr or dc) and (r + dr, c + dc) not in slots:
                        slots[(r + dr, c + dc)] = Cell(r + dr, c + dc, covered_by=(r, c))
            c += colspan
    return _complete(slots, len(rows), format, provenance)


def _complete(slots: dict[tuple[int, int], Cell], n_rows: int, format: str, provenance: dict) -> Table:
    n_cols = max((c + 1 for _, c in slots), default=0)
    grid = tuple(tuple(slots.get((r, c)) or Cell(r, c) for c in range(n_cols)) for r in range(n_rows))
    return Table(rows=grid, format=format, **provenance)


def render_row(cells: Iterable[Cell]) -> str:
    """The ``\\t``-joined line of a row, as every reader writes it (covered slots are blank).

    >>> render_row([Cell(0, 0, "1"), Cell(0, 1, "建立档案"), Cell(0, 2, covered_by=(0, 1))])
    '1\\t建立档案\\t'
    """
    return "\t".join("" if c.covered else c.text for c in cells)


def place_rows(table: Table, lines: dict[int, tuple[int, str]]) -> Table:
    """Give each cell of the rendered rows its span: ``lines`` maps a row to ``(offset, line)``,
    where the reader put that row's ``\\t``-joined line in its text.

    The k-th ``\\t``-separated piece of the line is grid column k; slots past the end of a short
    line get an empty span at its end. Rows left out of the text (blank rows) keep ``span=None``.

    >>> t = place_rows(grid_from_rows([[("1", 1, 1), ("建立档案", 1, 1)]], "csv"), {0: (10, "1\\t建立档案")})
    >>> [c.span for c in t.rows[0]]
    [(10, 11), (12, 16)]
    """
    rows = []
    for r, row in enumerate(table.rows):
        if r not in lines:
            rows.append(row)
            continue
        pos, line = lines[r]
        end = pos + len(line)
        pieces = line.split("\t")
        placed = []
        for k, cell in enumerate(row):
            if k >= len(pieces):
                placed.append(replace(cell, span=(end, end)))
                continue
            placed.append(replace(cell, span=(pos, pos + len(pieces[k]))))
            pos += len(pieces[k]) + 1
        rows.append(tuple(placed))
    return replace(table, rows=tuple(rows))


def clean_cell_text(text: str) -> str:
    """A cell's text on one line: tabs and line breaks inside a cell become spaces, since ``\\t``
    and ``\\n`` are the row and cell separators of the rendered text.

    >>> clean_cell_text(" 区发展改革委\\n区财政局\\t")
    '区发展改革委 区财政局'
    """
    return " ".join(text.replace("\t", " ").replace("\r", "\n").split("\n")).strip()
