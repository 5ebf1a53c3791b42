"""Tables flattened into one cell per line, lifted back into the table model.

Copying a table out of a PDF or a web page often loses its grid: each cell becomes a line of its
own, row after row (the 重点任务分工及进度安排表 of the 宣城 notice in ``corpus/raw/004`` reads
task / units / time limit, task / units / time limit …). Two signs give such a table away:

* **a table title** (…任务分工表, …进度安排表, 工作台账, 责任清单) on a line of its own, followed by
  lines that repeat the pattern *a task, then its units, then perhaps a time limit*;
* **a flattened header band**: three or more consecutive short lines that are column names
  (序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限). The cells that follow are dealt to those
  columns: with a 序号 column each row starts at the next number (1, 2, 3 …) and its lines are
  aligned to the columns by what they hold (a unit list goes to a unit column, a time limit to
  the time column; cells the export dropped because they were empty are skipped columns);
  without one, a row ends when the next line fits no column to the right of the last.

Either way the result is a :class:`~policyparse.table.Table` whose cells point at the lines, read
by :mod:`policyparse.segment.tables` like any other table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..table import Cell, Table
from .lines import ATTACHMENT_LINE, is_date_line, signature_of
from .markers import match_marker
from .paragraphs import Para
from .tables import (_PRINTED_NUMBER, UNIT_ROLES, Found, column_kind, is_deadline_cell, is_table_title,
                     is_units_cell)

__all__ = ["flattened_found", "flattened_rows", "TableRow"]

_INNER_SENTENCE = re.compile(r"[。；;！!？?]")
# a blank field of a form: its label and nothing after the colon (报送单位：, 填报人：  年  月  日)
_FORM_FIELD = re.compile(r"^\s*[\u4e00-\u9fff]{2,6}\s*[：:](?:\s*(?:年|月|日)?\s*)*$")
# Roles a table must name, besides its task column, for a run of short lines to be its header.
_ASSIGNING = set(UNIT_ROLES) | {"deadline"}


@dataclass
class TableRow:
    task: Para
    units: Optional[Para] = None
    deadline: Optional[Para] = None


def flattened_rows(paras: Sequence[Para]) -> list[TableRow]:
    """Rows of a table flattened one cell per line without its header: a task cell, then
    optionally a units cell and a deadline/remark cell. A second units cell stays in the row."""
    rows: list[TableRow] = []
    last_cell = None
    for p in paras:
        t = p.text.strip()
        if not t:
            continue
        if rows and last_cell in ("task",) and is_units_cell(t):
            rows[-1].units = p
            last_cell = "units"
            continue
        if rows and last_cell in ("units", "extra") and is_units_cell(t):
            last_cell = "extra"
            continue
        if rows and last_cell in ("task", "units", "extra") and rows[-1].deadline is None \
                and is_deadline_cell(t) and (last_cell != "task" or len(t) <= 40):
            rows[-1].deadline = p
            last_cell = "deadline"
            continue
        rows.append(TableRow(task=p))
        last_cell = "task"
    return rows


def _cell(r: int, c: int, p: Optional[Para]) -> Cell:
    return Cell(r, c) if p is None else Cell(r, c, p.text.strip(), span=(p.start, p.end))


def _grid(rows: list[list[Optional[Para]]]) -> Table:
    return Table(rows=tuple(tuple(_cell(r, c, p) for c, p in enumerate(row)) for r, row in enumerate(rows)),
                 format="flattened")


def _closing(seq: Sequence[Para], j: int) -> bool:
    """A signature or date that closes the text: nothing but signature and date lines after it.
    A single agency on a line is also how a 牵头单位 cell reads, so a signature line alone does
    not end a table."""
    for q in seq[j:j + 3]:
        signature = signature_of(q)
        if not (signature and signature[0]) and not is_date_line(q):
            return False
    return len(seq) - j <= 3


def _ends(seq: Sequence[Para], j: int, has_rows: bool) -> bool:
    """Where a flattened table stops: an 附件 line, a section heading, the closing signature and
    date, or the short title of the next attachment above a numbered list."""
    q = seq[j]
    qt = q.text.strip()
    if "\t" in qt or ATTACHMENT_LINE.match(qt) or (
            q.marker is not None and q.marker.kind in ("cn_dun", "cn_paren", "chapter")):
        return True
    nxt = seq[j + 1].marker if j + 1 < len(seq) else None
    if (has_rows and q.marker is None and len(qt) <= 40 and not _INNER_SENTENCE.search(qt)
            and nxt is not None and nxt.kind == "num_dot"):
        return True
    return _closing(seq, j)


def _header_lines(seq: Sequence[Para], k: int, taken: set[int]) -> Optional[tuple[int, list[str]]]:
    """A flattened header band from line ``k``: (end, column kinds), or None."""
    j, kinds = k, []
    while j < len(seq) and j not in taken:
        t = seq[j].text.strip()
        kind = column_kind(t) if len(t) <= 12 and seq[j].marker is None and "\t" not in t else None
        if kind is None:
            break
        kinds.append(kind)
        j += 1
    if len(kinds) >= 3 and "task" in kinds and _ASSIGNING & set(kinds):
        return j, kinds
    return None


def _score(t: str, role: Optional[str]) -> int:
    """How well a line fits a column: strongly for units and time limits, which are recognisable."""
    units = is_units_cell(t)
    if role in UNIT_ROLES:
        return 3 if units else -5
    if role == "deadline":
        return 3 if len(t) <= 60 and is_deadline_cell(t) else -5
    if role == "task":
        return -2 if units else (2 if len(t) >= 8 else 1)
    if role == "category":
        return 1 if len(t) <= 20 and not units and not _INNER_SENTENCE.search(t) else -3
    if role == "number":
        return 3 if _PRINTED_NUMBER.match(t) else -9
    return 0


def _align(cells: list[Para], roles: list[str]) -> Optional[list[int]]:
    """Columns for ``cells`` in order: the monotone alignment with the best total fit, earlier
    columns first on a tie; None when there are more cells than columns."""
    m, n = len(cells), len(roles)
    if m > n:
        return None
    neg = float("-inf")
    best = [[0.0] * (n + 1)] + [[neg] * (n + 1) for _ in range(m)]
    for i in range(1, m + 1):
        score = [_score(cells[i - 1].text.strip(), role) for role in roles]
        for j in range(i, n + 1):
            skip = best[i][j - 1] if j - 1 >= i else neg
            best[i][j] = max(skip, best[i - 1][j - 1] + score[j - 1])
    cols, i, j = [], m, n
    while i > 0:
        if j - 1 >= i and best[i][j] == best[i][j - 1]:
            j -= 1
            continue
        cols.append(j - 1)
        i, j = i - 1, j - 1
    return cols[::-1]


def _numbered_rows(seq: Sequence[Para], j: int, roles: list[str], taken: set[int]
                   ) -> tuple[int, list[list[Optional[Para]]]]:
    """Rows that start at 1, 2, 3 … in the 序号 column; the lines between numbers are the row's
    other cells."""
    number_col = roles.index("number")
    others = [c for c in range(len(roles)) if c != number_col]
    rows, current, expect = [], None, 1
    while j < len(seq) and j not in taken and not _ends(seq, j, bool(rows)):
        t = seq[j].text.strip()
        m = _PRINTED_NUMBER.match(t)
        if m and int(m.group(1)) == expect:
            current = [seq[j]]
            rows.append(current)
            expect += 1
        elif current is None or len(current) > len(others):
            break  # no number where a row should start, or more lines than the row has cells
        else:
            current.append(seq[j])
        j += 1
    out = []
    for cells in rows:
        row: list[Optional[Para]] = [None] * len(roles)
        row[number_col] = cells[0]
        cols = _align(cells[1:], [roles[c] for c in others]) or []
        for p, c in zip(cells[1:], cols):
            row[others[c]] = p
        out.append(row)
    return j, out


def _row_start(seq: Sequence[Para], j: int, roles: list[str]) -> Optional[int]:
    """The column a line opening a row goes to: the task column, or a category column before
    it when the line is a short name and the next line is the task."""
    task_col = roles.index("task")
    t = seq[j].text.strip()
    if "category" in roles[:task_col] and _score(t, "category") > 0 and j + 1 < len(seq):
        nxt = seq[j + 1].text.strip()
        if _score(nxt, "task") >= 2 and not is_deadline_cell(nxt):
            return roles.index("category")
    return task_col if _score(t, "task") > 0 else None


def _greedy_rows(seq: Sequence[Para], j: int, roles: list[str], taken: set[int]
                 ) -> tuple[int, list[list[Optional[Para]]]]:
    """Rows without a 序号 column: each line goes to the first column right of the last one
    filled that it fits; a line that fits none of them starts the next row."""
    rows: list[list[Optional[Para]]] = []
    last = len(roles)
    while j < len(seq) and j not in taken and not _ends(seq, j, bool(rows)):
        t = seq[j].text.strip()
        fits = [c for c in range(last + 1, len(roles)) if _score(t, roles[c]) > 0]
        if rows and fits:
            last = fits[0]
        else:
            start = _row_start(seq, j, roles)
            if start is None:
                break
            rows.append([None] * len(roles))
            last = start
        rows[-1][last] = seq[j]
        j += 1
    return j, rows


def _by_header(seq: Sequence[Para], k: int, taken: set[int], title: Optional[str],
               title_consumed: bool) -> Optional[Found]:
    header = _header_lines(seq, k, taken)
    if header is None:
        return None
    j, roles = header
    # 序号 lines may be gone (a bare "3" on a line is dropped as a page number), then the rows
    # are told apart by what their cells hold
    numbered = "number" in roles and j < len(seq) and _PRINTED_NUMBER.match(seq[j].text.strip())
    reader = _numbered_rows if numbered else _greedy_rows
    end, rows = reader(seq, j, roles, taken)
    if not rows:
        return None
    table = _grid([list(seq[k:j])] + rows)
    start = k - 1 if title_consumed else k
    return Found(start, end, table, "flattened", title=title, title_consumed=title_consumed,
                 roles=tuple(roles), header_rows=1)


def _titled(seq: Sequence[Para], k: int, taken: set[int]) -> Optional[Found]:
    """A table title line followed by its cells, one per line."""
    p = seq[k]
    t = p.text.strip()
    if (p.marker is not None or not is_table_title(t) or ATTACHMENT_LINE.match(t)
            or _INNER_SENTENCE.search(t) or k + 1 >= len(seq) or k + 1 in taken or "\t" in seq[k + 1].text):
        return None
    by_header = _by_header(seq, k + 1, taken, t, True)
    if by_header is not None:
        return by_header
    j = k + 1
    while j < len(seq) and j not in taken and not _ends(seq, j, j > k + 1):
        j += 1
    rows = flattened_rows(seq[k + 1:j])
    if not rows or any(_FORM_FIELD.search(row.task.text) for row in rows):
        # a form to fill in (报送单位： / 填报人： 年月日 / 序号 / 企业名称 …) is no task table: a
        # 关闭计划表 whose grid the PDF lost, then the next attachment's form (round 6 y01)
        return None
    table = _grid([[row.task, row.units, row.deadline] for row in rows])
    return Found(k, j, table, "flattened", title=t, title_consumed=True,
                 roles=("task", "responsible", "deadline"), header_rows=0)


def _lines(text: str, seq: Sequence[Para]) -> tuple[list[Para], list[int]]:
    """The physical lines of the paragraphs, and the paragraph each comes from: a page-break
    join may have glued cells together (a task that ends without 。 and the unit line under it)."""
    lines, owner = [], []
    for k, p in enumerate(seq):
        parts = p.parts if len(p.parts) > 1 else [(p.start, p.end)]
        for s, e in parts:
            if len(parts) == 1:
                lines.append(p)
            else:
                line = text[s:e]
                lines.append(Para(s, e, line, [(s, e)], match_marker(line), p.boiler, p.index))
            owner.append(k)
    return lines, owner


def flattened_found(text: str, seq: Sequence[Para], taken: set[int]) -> list[Found]:
    """Flattened tables among the paragraphs not ``taken`` by other tables."""
    lines, owner = _lines(text, seq)
    taken_lines = {n for n, k in enumerate(owner) if k in taken}
    out = []
    n = 0
    while n < len(lines):
        if n in taken_lines:
            n += 1
            continue
        short = len(lines[n].text) <= 40  # a table title or a column name; most lines are longer
        found = short and (_titled(lines, n, taken_lines) or _by_header(lines, n, taken_lines, None, False))
        if not found:
            n += 1
            continue
        end = found.end
        found.start, found.end = owner[found.start], owner[found.end - 1] + 1
        out.append(found)
        n = max(end, next((m for m in range(end, len(lines)) if owner[m] >= found.end), len(lines)))
    return out
