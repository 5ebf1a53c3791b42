"""Tables on a PDF page: ruled ones from pdfplumber's line finder, unruled ones from word positions.

A 任务分工表 printed with rules is found by pdfplumber's table finder (lines and rectangles):
its cells are bounding boxes on a grid of distinct tops and left edges, and a slot no cell starts
in belongs to the merged cell that covers it (a 牵头单位 cell drawn over two rows).

Many notices print their tables without rules (a Word table with borders switched off, an
export from a typesetting system). Then the columns are only visible as gutters of white space
that line up from line to line: a line is cut into segments where two characters are more than
1.5 character widths apart, a run of at least three such lines whose segments fall into the
same x-intervals is a table, and each interval is a column. A line with text in the first
column begins a row; a line without (a task cell wrapping onto a second line) continues the
row above, column by column.

A row cut by a page break (a long 任务 cell Word let run over the page end) is joined back
(:func:`join_split_rows`): the next page's first row with an empty 序号 cell is its lower half.

Work is bounded so that a hostile page cannot hang the reader: pages with more ruling edges
than ``MAX_EDGES``, or whose distinct horizontal times vertical rules exceed ``MAX_CROSSINGS``
(the finder's time grows with their crossings), skip the ruled finder; pages with more text
lines than ``MAX_UNRULED_LINES`` skip the unruled one; and a table of more than ``MAX_CELLS``
cells stays text. Each cell's characters are found by bisection, not by a pass over the table.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Optional

from dataclasses import replace

from ..table import MAX_COLS, Cell, Table, render_row

__all__ = ["ruled_tables", "unruled_tables", "join_split_rows", "cell_text", "MAX_EDGES", "MAX_CROSSINGS", "MAX_CELLS",
           "MAX_UNRULED_LINES"]

MAX_EDGES = 4000
MAX_CROSSINGS = 5000  # rule lines across x down: a 60-row, 12-column table has 793
MAX_CELLS = 3000  # a page of a 任务分工表 has a few hundred cells
MAX_UNRULED_LINES = 400
# A gutter between columns is wider than this many character widths; justified Chinese prose
# spreads characters by a fraction of one.
GUTTER = 1.5
MIN_ROWS = 3


def cell_text(chars: list[dict], bbox: tuple[float, float, float, float]) -> str:
    """Text of one table cell; a wrapped line is rejoined, a hard line break becomes a space.

    A 责任单位 cell may list one agency per line (``区发展改革委`` / ``区财政局``) or wrap a
    long list at the cell edge; only the first kind is a separator. A line that stops short of
    the cell's right edge (minus the same padding as on the left) ended on purpose.
    """
    from pdfplumber.utils import chars_to_textmap

    from .pdf import _line_size, join_wrapped

    x0, top, x1, bottom = bbox
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
              and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    if not inside:
        return ""
    lines = chars_to_textmap(inside, x_tolerance_ratio=0.5).extract_text_lines(strip=True)
    lines = [ln for ln in lines if ln["text"].strip()]
    if not lines:
        return ""
    padding = max(0.0, min(ln["x0"] for ln in lines) - x0)
    text = lines[0]["text"]
    for prev, line in zip(lines, lines[1:]):
        size = _line_size(prev["chars"]) or 10.0
        wrapped = prev["x1"] >= x1 - padding - 1.5 * size
        text = join_wrapped(text, line["text"]) if wrapped else text + " " + line["text"]
    return text.replace("\t", " ").strip()


def _spanned(values: list[float], low: float, high: float) -> range:
    """Indices of the sorted ``values`` inside ``[low, high)`` (half a point of slack)."""
    return range(bisect_left(values, low - 0.5), bisect_left(values, high - 0.5))


def _ruled_grid(table, chars: list[dict], number: int) -> Optional[Table]:
    """A pdfplumber table as a grid: a slot no cell starts in is covered by the cell over it."""
    cells = table.cells
    tops = sorted({round(c[1], 2) for c in cells})
    lefts = sorted({round(c[0], 2) for c in cells})
    if len(lefts) < 2 or len(lefts) > MAX_COLS:
        return None  # a framed paragraph, not a table
    start = {(tops.index(round(c[1], 2)), lefts.index(round(c[0], 2))): c for c in cells}
    cover: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, k), bbox in start.items():
        for rr in _spanned(tops, bbox[1], bbox[3]):
            for kk in _spanned(lefts, bbox[0], bbox[2]):
                cover.setdefault((rr, kk), (r, k))
    by_top = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    middles = [(c["top"] + c["bottom"]) / 2 for c in by_top]
    grid = []
    for r in range(len(tops)):
        row = []
        for k in range(len(lefts)):
            bbox = start.get((r, k))
            if bbox is None:
                row.append(Cell(r, k, covered_by=cover.get((r, k))))
                continue
            band = by_top[bisect_left(middles, bbox[1]):bisect_right(middles, bbox[3])]
            rowspan = len(_spanned(tops, bbox[1], bbox[3])) or 1
            colspan = len(_spanned(lefts, bbox[0], bbox[2])) or 1
            row.append(Cell(r, k, cell_text(band, bbox), rowspan, colspan, bbox=tuple(bbox)))
        grid.append(tuple(row))
    return Table(rows=tuple(grid), format="pdf", page=number, bbox=tuple(table.bbox))


def _too_ruled(page) -> bool:
    """More rules than a table of tasks draws: pdfplumber's finder works on every crossing of a
    horizontal and a vertical rule, so its time grows with their product."""
    edges = page.edges
    if len(edges) > MAX_EDGES:
        return True
    across = {round(e["top"]) for e in edges if e.get("orientation") == "h"}
    down = {round(e["x0"]) for e in edges if e.get("orientation") == "v"}
    return len(across) * len(down) > MAX_CROSSINGS


def ruled_tables(page, number: int) -> list[Table]:
    """The ruled tables of a page with at least two columns, cells' text read from their boxes."""
    if _too_ruled(page):
        return []
    out = []
    for found in page.find_tables():
        if not found.cells or len(found.cells) > MAX_CELLS:
            continue
        x0, top, x1, bottom = found.bbox
        chars = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
        table = _ruled_grid(found, chars, number)
        if table is not None:
            out.append(table)
    return out


# -- unruled tables ---------------------------------------------------------------------------

def _segments(line: dict, size: float) -> list[dict]:
    """Pieces of a text line separated by gutters: ``{"x0", "x1", "top", "bottom", "chars"}``."""
    chars = sorted((c for c in line["chars"] if not c["text"].isspace()), key=lambda c: c["x0"])
    out: list[dict] = []
    for c in chars:
        if out and c["x0"] - out[-1]["x1"] <= GUTTER * size:
            seg = out[-1]
            seg["chars"].append(c)
            seg["x1"] = max(seg["x1"], c["x1"])
            seg["top"], seg["bottom"] = min(seg["top"], c["top"]), max(seg["bottom"], c["bottom"])
        else:
            out.append({"x0": c["x0"], "x1": c["x1"], "top": c["top"], "bottom": c["bottom"],
                        "chars": [c]})
    return out


def _columns(lines: list[list[dict]]) -> list[tuple[float, float]]:
    """Column x-intervals: the union of the segments of the lines cut by gutters."""
    spans = sorted((s["x0"], s["x1"]) for segs in lines if len(segs) >= 2 for s in segs)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _column_of(seg: dict, columns: list[tuple[float, float]]) -> int:
    overlaps = [min(seg["x1"], b) - max(seg["x0"], a) for a, b in columns]
    return max(range(len(columns)), key=lambda k: overlaps[k])


def _seg_text(seg: dict) -> str:
    from pdfplumber.utils import chars_to_textmap

    return chars_to_textmap(seg["chars"], x_tolerance_ratio=0.5).as_string.strip().replace("\n", " ")


def _fits(seg: dict, columns: list[tuple[float, float]], size: float) -> bool:
    """The segment lies inside one column (the wrapped part of a cell does)."""
    return any(seg["x0"] >= a - size and seg["x1"] <= b + size for a, b in columns)


def _runs(lines: list[dict], sizes: list[float]):
    """Runs of lines that may form an unruled table: ``(start, end, segments per line,
    columns)``. Lines cut by gutters, with up to three uncut lines between them and after the
    last one when each lies inside one column (a task cell wrapping onto more lines)."""
    segs = [_segments(ln, size) for ln, size in zip(lines, sizes)]

    def tight(k: int) -> bool:
        return lines[k]["top"] - lines[k - 1]["bottom"] <= 2.5 * (sizes[k] or 10.0)

    runs = []
    k = 0
    while k < len(lines):
        if len(segs[k]) < 2:
            k += 1
            continue
        end, last_cut = k + 1, k
        while end < len(lines) and tight(end) and end - last_cut <= 3:
            if len(segs[end]) >= 2:
                last_cut = end
            end += 1
        end = last_cut + 1
        cut = [s for s in segs[k:end] if len(s) >= 2]
        if len(cut) >= MIN_ROWS:
            columns = _columns(cut)
            size = max(sizes[k:end]) or 10.0
            while (end < len(lines) and tight(end) and len(segs[end]) == 1 and end - last_cut <= 3
                   and _fits(segs[end][0], columns, size)):
                end += 1
            if all(len(s) >= 2 or all(_fits(x, columns, size) for x in s) for s in segs[k:end]):
                runs.append((k, end, segs[k:end], columns))
        k = end
    return runs


def _run_rows(run: list[list[dict]], columns: list[tuple[float, float]]
              ) -> Optional[list[list[list[dict]]]]:
    """Segments of a run grouped into rows and columns, or None when they do not line up."""
    if not 2 <= len(columns) <= MAX_COLS:
        return None
    rows: list[list[list[dict]]] = []
    for segs in run:
        placed: list[list[dict]] = [[] for _ in columns]
        for seg in segs:
            placed[_column_of(seg, columns)].append(seg)
        if len(segs) >= 2 and sum(1 for p in placed if p) < 2:
            return None  # gutters that do not fall between columns: prose, not a table
        if rows and (len(segs) < 2 or not placed[0]):
            for k, p in enumerate(placed):
                rows[-1][k].extend(p)  # a wrapped cell continues the row above
        else:
            rows.append(placed)
    return rows if len(rows) >= MIN_ROWS else None


def _join_lines(segs: list[dict], right: float, size: float) -> str:
    """A cell's text over several lines: a line that reached the column's right edge wrapped."""
    from .pdf import join_wrapped

    text = ""
    for k, seg in enumerate(segs):
        piece = _seg_text(seg)
        if k and segs[k - 1]["x1"] < right - 1.5 * size:
            text += " " + piece
        else:
            text = join_wrapped(text, piece)
    return text.replace("\t", " ").strip()


def unruled_tables(lines: list[dict], sizes: list[float], number: int
                   ) -> list[tuple[int, int, Table]]:
    """Unruled tables among a page's text lines (pdfplumber ``extract_text_lines`` with chars):
    ``(first line, end line, table)`` for each, the lines ``[first, end)`` being its rows."""
    if len(lines) > MAX_UNRULED_LINES:
        return []
    out = []
    for start, end, run, columns in _runs(lines, sizes):
        rows = _run_rows(run, columns)
        if rows is None:
            continue
        size = max(sizes[start:end]) or 10.0
        grid = []
        for r, row in enumerate(rows):
            cells = []
            for k, segs in enumerate(row):
                if not segs:
                    cells.append(Cell(r, k))
                    continue
                bbox = (min(s["x0"] for s in segs), min(s["top"] for s in segs),
                        max(s["x1"] for s in segs), max(s["bottom"] for s in segs))
                cells.append(Cell(r, k, _join_lines(segs, columns[k][1], size), bbox=bbox))
            grid.append(tuple(cells))
        box = (columns[0][0], lines[start]["top"], columns[-1][1], lines[end - 1]["bottom"])
        out.append((start, end, Table(rows=tuple(grid), format="pdf", page=number, bbox=box,
                                      element="unruled")))
    return out


# -- rows cut by a page break -----------------------------------------------------------------

def _row_texts(table: Table, r: int) -> tuple[str, ...]:
    return tuple("".join(c.text.split()) for c in table.rows[r])


def join_split_rows(pages: list[list]) -> None:
    """Rejoin a table row that a page break cut in two, in place.

    Word lets a long 任务 cell run over the page end: the next page repeats the header row (or
    not) and goes on with a row whose 序号 cell is empty and whose other cells hold the rest of
    the cut cells. That row is the lower half of the last row above, not a task: its cells are
    appended to the row above (whose line is written anew) and it is dropped from the text.
    ``pages`` are the reader's lines per page (``_Line`` with ``table`` and ``row``).
    """
    from .pdf import join_wrapped

    for above, page in zip(pages, pages[1:]):
        if not above or not page or above[-1].table is None or page[0].table is None:
            continue
        last, first = above[-1], page[0].table
        lines = [ln for ln in page if ln.table is first]
        if first.n_cols != last.table.n_cols or len(first.rows[0]) < 2:
            continue
        k = 1 if _row_texts(first, lines[0].row) == _row_texts(last.table, 0) else 0
        if k >= len(lines) or not last.table.rows[last.row][0].text.strip():
            continue
        lower = first.rows[lines[k].row]
        if lower[0].text.strip() or lower[0].covered or not any(c.text.strip() for c in lower[1:]):
            continue
        upper = last.table.rows[last.row]
        row = tuple(c if c.covered or not d.text.strip() else replace(c, text=join_wrapped(c.text, d.text))
                    for c, d in zip(upper, lower))
        table = replace(last.table, rows=last.table.rows[:last.row] + (row,) + last.table.rows[last.row + 1:])
        for line in above:
            if line.table is last.table:
                line.table = table
        last.text = render_row(row)
        page.remove(lines[k])
