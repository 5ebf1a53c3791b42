"""Task tables: rows read as ``\\t``-separated cells (PDF/DOCX/HTML readers) and tables flattened
into one cell per line by a scraper (task / units / deadline on consecutive lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .layout import ClauseBlock, TaskBlock
from .paragraphs import Para
from .lexicon import role_phrase_regex, role_tail_regex
from .patterns import DATE, is_unit_like, is_unit_list

# Column names of task tables (任务分工表, 进度安排表, 工作台账).
_COLUMN_ROLES = (
    ("number", re.compile(r"^(序号|编号|序)$")),
    ("lead", re.compile(r"牵头")),
    ("support", re.compile(r"配合|协办|参与|协助")),
    ("responsible", re.compile(r"责任|承办|负责|实施主体|主体")),
    ("deadline", re.compile(r"时限|时间|期限|进度|节点|完成")),
    ("task", re.compile(r"任务|内容|措施|事项|工作|举措|目标")),
    ("category", re.compile(r"类别|领域|方面|项目")),
    ("responsible", re.compile(r"部门|单位|机构")),  # 指导部门, 实施单位: who carries the row out
)
TABLE_TITLE = re.compile(r"(表|台账|清单|一览表)$")
_DEADLINE = re.compile(
    r"(\d{4}\s*年|\d{1,2}\s*月(底|末|中旬|上旬|下旬)?前?|年底|月底|季度|长期|持续|同步(完成|发布|推进)|"
    r"个月内|个工作日内|日内|起实施|前完成|完成时限|时限要求|常态化|每年|定期)")
# 按《…目录》确定相关责任单位: the units are those another list names
_NAMED_ELSEWHERE = re.compile(r"确定相关责任单位[。.]?$")


def column_role(name: str) -> Optional[str]:
    """Role of a task-table column from its header cell.

    >>> column_role("牵头单位"), column_role("配合单位"), column_role("完成时限"), column_role("工作任务")
    ('lead', 'support', 'deadline', 'task')
    """
    name = re.sub(r"\s", "", name)
    if not name or len(name) > 12:
        return None
    for role, pattern in _COLUMN_ROLES:
        if pattern.search(name):
            return role
    return None


def is_units_cell(text: str) -> bool:
    """A cell that names responsible units: ``市信息办牵头,市直有关单位配合``, ``市民政局等按职责分工负责``,
    a bare list of units.

    >>> is_units_cell("市工商质监局、市民政局、市编办、市人社局按职责分工负责")
    True
    >>> is_units_cell("市直有关单位,各县市区政府")
    True
    >>> is_units_cell("建立健全信用修复机制")
    False
    """
    t = re.sub(r"[\s\u3000]", "", text)
    if not t or len(t) > 400 or re.search(r"[。]", t[:-1]):
        return False
    if _NAMED_ELSEWHERE.search(t) and re.match(r"^按.{0,40}确定", t):
        return True
    if _NAMED_ELSEWHERE.search(t) or role_tail_regex().search(t):
        # a bracket lost in scraping must not hide the names, so split at any bracket too
        pieces = [x for x in re.split(r"[、，,；;(（)）]", role_phrase_regex().sub("、", t)) if x]
        return any(is_unit_like(x) for x in pieces)
    return is_unit_list(t)


def is_deadline_cell(text: str) -> bool:
    """A time-limit or remark cell (``2017年9月底前完成``, ``与市级权力清单同步发布``); a year inside a
    cited title (《…目录(2017年版)》) does not count."""
    t = re.sub(r"《[^》]*》", "", text.strip())
    return len(t) <= 200 and bool(_DEADLINE.search(t) or DATE.search(t))


@dataclass
class TableRow:
    task: Para
    units: Optional[Para] = None
    deadline: Optional[Para] = None


def flattened_rows(paras: list[Para]) -> list[TableRow]:
    """Rows of a table flattened one cell per line: a task cell, then optionally a units cell and
    a deadline/remark cell. A second units cell or a remark after the deadline stays in the row."""
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


def rows_to_tasks(rows: list[TableRow], heading: Optional[str], first_number: int,
                  section_kind: Optional[str]) -> list[TaskBlock]:
    out = []
    for n, row in enumerate(rows, start=first_number):
        p = row.task
        clauses = []
        if row.units is not None:
            u = row.units
            clauses.append(ClauseBlock(span=(u.start, u.end), inner=u.text.strip(),
                                       inner_span=(u.start, u.end), covers=(p.start, p.end),
                                       columns={"responsible": (u.text.strip(), (u.start, u.end))}))
        deadline = (row.deadline.text.strip(), (row.deadline.start, row.deadline.end)) if row.deadline else None
        out.append(TaskBlock(id=f"table/{n}", heading=heading, span=(p.start, p.end),
                             text_span=(p.start, p.end), clauses=clauses, section_kind=section_kind,
                             deadline_text=deadline, is_table_row=True))
    return out


def tab_table_tasks(text: str, paras: list[Para], heading: Optional[str], first_number: int,
                    section_kind: Optional[str]) -> list[TaskBlock]:
    """Tasks from ``\\t``-separated rows: a header row names the columns (序号, 工作任务, 牵头单位,
    配合单位, 责任单位, 完成时限); every following row with a task cell is a task."""
    roles: Optional[list[Optional[str]]] = None
    out: list[TaskBlock] = []
    n = first_number
    category: Optional[str] = None
    for p in paras:
        if "\t" not in text[p.start:p.end]:
            # a merged category row: the heading of the rows below it
            category = (p.body if p.marker else p.text).strip()
            continue
        cells = _cells(text, p)
        names = [c for c, _ in cells]
        if roles is None or (sum(column_role(c) is not None for c in names) >= 2 and "task" in
                             [column_role(c) for c in names]):
            candidate = [column_role(c) for c in names]
            if sum(r is not None for r in candidate) >= 2 and "task" in candidate:
                roles = candidate
                continue
        if roles is None:
            continue
        task_cell = None
        clauses_cols: dict[str, tuple[str, tuple[int, int]]] = {}
        deadline = None
        for (cell, span), role in zip(cells, roles + [None] * (len(cells) - len(roles))):
            if not cell.strip():
                continue
            if role == "task":
                # several task columns (改革举措 | 主要内容) make one task text
                task_cell = (cell, span) if task_cell is None else (
                    text[task_cell[1][0]:span[1]], (task_cell[1][0], span[1]))
            elif role in ("lead", "support", "responsible"):
                clauses_cols[role] = (cell.strip(), span)
            elif role == "deadline":
                deadline = (cell.strip(), span)
        if task_cell is None:
            continue
        cell, span = task_cell
        clauses = []
        if clauses_cols:
            spans = [s for _, s in clauses_cols.values()]
            first, last = min(s[0] for s in spans), max(s[1] for s in spans)
            clauses.append(ClauseBlock(span=(first, last), inner=text[first:last], inner_span=(first, last),
                                       covers=span, columns=clauses_cols))
        out.append(TaskBlock(id=f"table/{n}", heading=category or heading, span=(p.start, p.end), text_span=span,
                             clauses=clauses, section_kind=section_kind, deadline_text=deadline,
                             is_table_row=True))
        n += 1
    return out


def _cells(text: str, p: Para) -> list[tuple[str, tuple[int, int]]]:
    out = []
    pos = p.start
    for cell in text[p.start:p.end].split("\t"):
        lead = len(cell) - len(cell.lstrip())
        stripped = cell.strip()
        out.append((stripped, (pos + lead, pos + lead + len(stripped))))
        pos += len(cell) + 1
    return out
