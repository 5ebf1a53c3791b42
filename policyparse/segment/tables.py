"""Task tables: every table of a notice read one way, one task per row that assigns work.

A 任务分工表 reaches the segment stage in three shapes, and each is lifted into the one table
model (:class:`~policyparse.table.Table`) before it is read:

* **the reader's model** (``source_tables``: HTML, DOCX, PDF, XLSX, XLS, CSV), with merged
  cells as spans and covered slots, mapped onto the normalized text;
* **``\\t`` rows** in the text without a model (a ``.txt`` export of a table), with the lines
  between rows that hold a single phrase (一、知识产权保护方面（共5项）) as category rows;
* **flattened tables** (:mod:`policyparse.segment.flattened`): a scraper wrote one cell per line,
  task / units / time, row after row, under a table title or a flattened header band.

Then, for each table: leading caption rows become its title; the **header band** (one or two
rows of column names: 责任单位 over 牵头单位 | 配合单位) gives each column a **role** from
``lexicons/segment/table_columns.tsv`` (number, category, task, lead, support, responsible,
deadline, target, score, indicator, other); a table without a header band gets roles from its
content when they are unmistakable (a column of unit lists beside a column of sentences).
A table whose columns hold no task (indicator tables such as the 绩效考核指标 of
国办发〔2019〕4号, statistics, name lists) **assigns no work** and yields no task, but its rows
are still consumed so they do not become items of the section around them.

Each body row with a task cell is a :class:`TaskBlock` ``table/N`` (N the row's own printed
序号 when every row has a distinct one, else its position from 1): units by column role in
``ClauseBlock.columns``, the deadline from the time column, the category (merged over its rows)
or the table title as heading. **Merged cells are filled** down and right: the second task under
a 牵头单位 merged over two rows gets that unit; one task merged over rows that each name their own
units is one task with an assignment per row. A table printed over several PDF pages is read as
one: a page that repeats the header band, or prints none, continues the table above it.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

from ..lexicons import LexiconEntry, lexicon
from ..table import Cell, Table
from .layout import ClauseBlock, DocumentLayout, Header, Offsets, TaskBlock
from .lexicon import doc_type_of, role_phrase_regex, role_tail_regex
from .lines import ATTACHMENT_LINE
from .paragraphs import Para
from .patterns import DATE, is_unit_like, is_unit_list

__all__ = ["find_task_tables", "ledger_document", "TaskTable", "column_role", "is_units_cell", "is_deadline_cell",
           "is_table_title"]


class TableColumn(LexiconEntry):
    """A column name of tables in notices and the role of its column (``table_columns.tsv``)."""

    cue: str
    role: str
    match: str = "any"


class TableTitle(LexiconEntry):
    """An ending of a line that titles a task table (``table_titles.tsv``)."""

    ending: str


TABLE_COLUMNS = lexicon("segment/table_columns.tsv", TableColumn)
TABLE_TITLES = lexicon("segment/table_titles.tsv", TableTitle)
UNIT_ROLES = ("lead", "support", "responsible")
_DEADLINE = re.compile(
    r"(\d{4}\s*年|\d{1,2}\s*月(底|末|中旬|上旬|下旬)?前?|年底|月底|季度|长期|持续|同步(完成|发布|推进)|"
    r"个月内|个工作日内|日内|起实施|前完成|完成时限|时限要求|常态化|每年|定期)")
# 按《…目录》确定相关责任单位: the units are those another list names
_NAMED_ELSEWHERE = re.compile(r"确定相关责任单位[。.]?$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PRINTED_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.、．]?\s*$")
# 续表 (续表1, 续表：): the line a typesetter prints above the part of a table that a page break
# carried over (GB/T 9704-style notices and their PDF exports)
_CONTINUED = re.compile(r"^续\s*表\s*\d*\s*[:：]?$")
# Default sheet names say nothing about the table (Sheet1, 工作表1).
_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def is_table_title(line: str) -> bool:
    """A short line that titles a task table (…重点任务分工及进度安排表, 工作台账, 责任清单).

    >>> is_table_title("重点任务分工及进度安排表"), is_table_title("邓磊 屯昌天之虹生态农牧有限公司法人代表")
    (True, False)
    """
    t = line.strip()
    return len(t) <= 40 and "\t" not in t and t.endswith(tuple(e.ending for e in TABLE_TITLES()))


@functools.lru_cache(maxsize=None)
def _column_entries() -> tuple[TableColumn, ...]:
    # longest cue first; among equals, file order (sorted is stable)
    return tuple(sorted(TABLE_COLUMNS(), key=lambda e: -len(e.cue)))


@functools.lru_cache(maxsize=4096)
def column_kind(name: str) -> Optional[str]:
    """Kind of a column from its header cell, ``other`` included; None when no cue matches.

    >>> column_kind("主 要 内 容"), column_kind("完成情况"), column_kind("三级指标")
    ('task', 'other', 'indicator')
    """
    name = re.sub(r"[\s\u3000]", "", name).rstrip("：:*")
    if not name or len(name) > 12:
        return None
    for e in _column_entries():
        hit = {"exact": name == e.cue, "start": name.startswith(e.cue),
               "end": name.endswith(e.cue)}.get(e.match, e.cue in name)
        if hit:
            return e.role
    return None


def column_role(name: str) -> Optional[str]:
    """Role of a task-table column from its header cell (None for remarks and unknown names).

    >>> column_role("牵头单位"), column_role("配合单位"), column_role("完成时限"), column_role("工作任务")
    ('lead', 'support', 'deadline', 'task')
    >>> column_role("考核内容"), column_role("分值"), column_role("备注")
    ('task', 'score', None)
    """
    kind = column_kind(name)
    return None if kind == "other" else kind


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
class TaskTable:
    """A table found in a notice's body, read.

    paras: the paragraphs it consumed (its rows; a flattened table's title and header lines);
        the structure builder skips them. ``para_ids`` gives their ``Para.index``.
    tasks: one :class:`TaskBlock` per row that assigns work (none for a table that sets none).
    title: its caption or the table title printed above it (…任务分工表).
    heading_para: the paragraph printed right above the table (二、任务分工表 over it: a heading
        whose content is the table), None for a flattened table whose title line it consumed.
    in_attachment: it stands after an 附件 line that follows the notice's numbered text.
    roles: the role of each column; header_rows: the rows of its header band.
    shape: ``model`` (a reader's table), ``text`` (``\\t`` rows) or ``flattened``.
    skipped: why a table yields no task (``no task column``: indicator, statistics, name list).
    """

    paras: list[Para]
    tasks: list[TaskBlock] = field(default_factory=list)
    title: Optional[str] = None
    heading_para: Optional[Para] = None
    in_attachment: bool = False
    roles: tuple[Optional[str], ...] = ()
    header_rows: int = 0
    shape: str = "text"
    skipped: Optional[str] = None

    @property
    def para_ids(self) -> frozenset[int]:
        return frozenset(p.index for p in self.paras)


@dataclass
class Found:
    """A table located in the paragraphs ``[start, end)`` of a body, before it is read.

    roles/header_rows: set when the shape already says (a flattened table's implied columns).
    """

    start: int
    end: int
    table: Table
    shape: str
    title: Optional[str] = None
    title_consumed: bool = False
    roles: Optional[tuple[Optional[str], ...]] = None
    header_rows: int = 0


def cell_text(text: str, cell: Cell) -> tuple[str, Offsets]:
    """A cell's text as it reads in ``text`` (repaired characters included) and its offsets,
    surrounding whitespace left out."""
    if cell.span is None:
        return cell.text.strip(), (0, 0)
    s, e = cell.span
    raw = text[s:e]
    lead = len(raw) - len(raw.lstrip())
    stripped = raw.strip()
    return stripped, (s + lead, s + lead + len(stripped))


# -- locating tables --------------------------------------------------------------------------

def _para_at(starts: list[int], paras: Sequence[Para], offset: int) -> Optional[int]:
    k = bisect_right(starts, offset) - 1
    return k if k >= 0 and offset <= paras[k].end else None


def _sane(text: str, table: Table) -> bool:
    """The table's spans still frame its cells in the normalized text (no line break inside)."""
    anchors = [c for row in table.rows for c in row if c.span is not None and c.text.strip()]
    bad = sum(1 for c in anchors if "\n" in text[c.span[0]:c.span[1]] or not text[c.span[0]:c.span[1]].strip())
    return bool(anchors) and bad * 5 <= len(anchors)


def _source_found(text: str, paras: Sequence[Para], tables: Sequence[Table]) -> list[Found]:
    """The reader's tables whose rows are paragraphs of this body, cut to those rows."""
    if not paras:
        return []
    starts = [p.start for p in paras]
    out = []
    for table in tables:
        span = table.span
        if span is None or span[1] < paras[0].start or span[0] > paras[-1].end or not _sane(text, table):
            continue
        at = {}
        for r in range(table.n_rows):
            row_span = table.row_span(r)
            k = _para_at(starts, paras, row_span[0]) if row_span else None
            if k is not None:
                at[r] = k
        if not at:
            continue
        rows = sorted(at)
        kept = _keep_rows(table, rows)
        out.append(Found(min(at.values()), max(at.values()) + 1, kept, "model"))
    return out


def _keep_rows(table: Table, rows: list[int]) -> Table:
    """The table cut to ``rows`` (those inside this body); covers into dropped rows are lifted."""
    if rows == list(range(table.n_rows)):
        return table
    index = {r: n for n, r in enumerate(rows)}
    grid = []
    for r in rows:
        row = []
        for c in table.rows[r]:
            cover = c.covered_by
            cover = (index[cover[0]], cover[1]) if cover and cover[0] in index else None
            row.append(replace(c, row=index[r], covered_by=cover))
        grid.append(tuple(row))
    return replace(table, rows=tuple(grid))


def _row_line(text: str, p: Para) -> tuple[int, int]:
    """The physical line of a one-line paragraph with the tabs the paragraph split left out: a
    row whose first cells are blank (``\\t\\t市人行``) reads as an indented line."""
    if len(p.parts) > 1:
        return p.start, p.end
    start = text.rfind("\n", 0, p.start) + 1
    end = text.find("\n", p.end)
    end = len(text) if end < 0 else end
    lead, tail = text[start:p.start], text[p.end:end]
    return (start if lead and not lead.strip("\t ") else p.start,
            end if tail and not tail.strip("\t ") else p.end)


def is_tab_row(text: str, p: Para) -> bool:
    """A paragraph that is a ``\\t``-separated row (tabs inside it or around it on its line)."""
    if "\t" in p.text:
        return True
    start, end = _row_line(text, p)
    return "\t" in text[start:end]


def _split_cells(text: str, p: Para) -> list[tuple[str, Offsets]]:
    out = []
    start, end = _row_line(text, p)
    pos = start
    for cell in text[start:end].split("\t"):
        lead = len(cell) - len(cell.lstrip())
        stripped = cell.strip()
        out.append((stripped, (pos + lead, pos + lead + len(stripped))))
        pos += len(cell) + 1
    return out


def text_table(text: str, rows: Sequence[Para]) -> Table:
    """A table from ``\\t`` rows; a row without ``\\t`` (a category line) spans every column.

    >>> t = "序号\\t任务\\n一、政务诚信\\n1\\t建立档案"
    >>> from policyparse.segment.paragraphs import paragraphs
    >>> table = text_table(t, paragraphs(t))
    >>> [(c.text, c.colspan, c.covered_by) for c in table.rows[1]]
    [('一、政务诚信', 2, None), ('', 1, (1, 0))]
    """
    split = [_split_cells(text, p) if is_tab_row(text, p) else None for p in rows]
    n_cols = max((len(cells) for cells in split if cells), default=1)
    grid = []
    for r, (p, cells) in enumerate(zip(rows, split)):
        if cells is None:
            t, span = cell_text(text, Cell(r, 0, span=(p.start, p.end)))
            row = [Cell(r, 0, t, 1, n_cols, span=span)]
            row += [Cell(r, c, covered_by=(r, 0)) for c in range(1, n_cols)]
        else:
            row = [Cell(r, c, t, span=span) for c, (t, span) in enumerate(cells)]
            row += [Cell(r, c, span=(p.end, p.end)) for c in range(len(cells), n_cols)]
        grid.append(tuple(row))
    return Table(rows=tuple(grid), format="text")


def _category_line(text: str, seq: Sequence[Para], k: int) -> bool:
    """A merged category row inside a ``\\t`` table (一、知识产权保护方面（共5项）): short, and
    between rows of the table, at most three lines from one."""
    if len(seq[k].text.strip()) > 40 or re.search(r"[。；;！!？?]", seq[k].text.strip()):
        return False
    back = k - 1
    while back >= 0 and not is_tab_row(text, seq[back]):
        if len(seq[back].text.strip()) > 40:
            return False
        back -= 1
    fwd = k + 1
    while fwd < len(seq) and not is_tab_row(text, seq[fwd]):
        if len(seq[fwd].text.strip()) > 40:
            return False
        fwd += 1
    return back >= 0 and fwd < len(seq) and k - back <= 3 and fwd - k <= 3


def _names_columns(p: Para) -> bool:
    """A ``\\t`` row of column names (序号 / 工作任务 / 牵头单位 …)."""
    cells = [c.strip() for c in p.text.split("\t") if c.strip()]
    known = sum(column_kind(c) is not None for c in cells)
    return known >= 2 and known * 2 >= len(cells) and not any(_looks_like_data(c) for c in cells)


def _text_found(text: str, seq: Sequence[Para], taken: set[int]) -> list[Found]:
    """Runs of ``\\t`` rows (with category lines between them) that no reader's table holds.
    A row of column names inside a run starts a new table (two tables printed one under the
    other lose the gap between them in a text export); if it repeats the header above, the
    continuation rule joins them again."""
    out = []
    k = 0
    while k < len(seq):
        if k in taken or not is_tab_row(text, seq[k]):
            k += 1
            continue
        start = k
        k += 1
        while (k < len(seq) and k not in taken and (is_tab_row(text, seq[k]) or _category_line(text, seq, k))
               and not _names_columns(seq[k])):
            k += 1
        out.append(Found(start, k, text_table(text, seq[start:k]), "text"))
    return out


def find_task_tables(text: str, paras: Sequence[Para],
                     source_tables: Sequence[Table] = ()) -> list[TaskTable]:
    """The tables in the body paragraphs ``paras`` of one notice, each read into tasks.

    text (str): the normalized text the paragraphs index.
    paras (list of Para): the body paragraphs in order (header and signature removed).
    source_tables (list of Table): the reader's tables with spans in ``text`` (see
        :func:`policyparse.segment.segment`); rows outside ``paras`` are ignored.
    RETURNS (list of TaskTable): in order of appearance, task tables and tables that set no
        work alike, so the caller can skip every paragraph they consumed.

    >>> from policyparse.segment.paragraphs import paragraphs
    >>> t = ("任务分工表\\n序号\\t工作任务\\t牵头单位\\t完成时限\\n"
    ...      "1\\t建立政务失信记录\\t市发改委\\t2018年12月底前\\n2\\t开展诚信教育\\t市委组织部\\t长期坚持")
    >>> [table] = find_task_tables(t, paragraphs(t))
    >>> [(b.id, b.clauses[0].columns["lead"][0], b.deadline_text[0]) for b in table.tasks]
    [('table/1', '市发改委', '2018年12月底前'), ('table/2', '市委组织部', '长期坚持')]
    """
    from .flattened import flattened_found

    found = _source_found(text, paras, source_tables)
    taken = {k for f in found for k in range(f.start, f.end)}
    found += _text_found(text, paras, taken)
    taken |= {k for f in found for k in range(f.start, f.end)}
    found += flattened_found(text, paras, taken)
    found.sort(key=lambda f: f.start)
    return _read_all(text, paras, found)


def ledger_document(text: str, paras: Sequence[Para], source_tables: Sequence[Table] = ()
                    ) -> Optional[DocumentLayout]:
    """A file that is nothing but a task table (a 任务分工台账 saved as .xlsx or .csv, no notice
    around it) as one document: its tasks are the table's rows, its title the table's caption.
    None when no table in it assigns work.
    """
    body = [p for p in paras if p.boiler is None]
    tables = [t for t in find_task_tables(text, body, source_tables) if t.tasks]
    if not tables:
        return None
    title = next((t.title for t in tables if t.title), None)
    header = Header(title=title, doc_type=doc_type_of(title) if title else None)
    return DocumentLayout(span=(paras[0].start, paras[-1].end), header=header,
                          tasks=[task for t in tables for task in t.tasks])


# -- header band and column roles ------------------------------------------------------------

def _anchors(table: Table, r: int) -> list[Cell]:
    return [c for c in table.rows[r] if not c.covered and c.text.strip()]


def _looks_like_data(value: str) -> bool:
    t = re.sub(r"\s", "", value)
    return bool(_PRINTED_NUMBER.match(t)) or len(t) > 16 or bool(re.search(r"[。；;，,]", t))


def _captions(table: Table) -> tuple[int, Optional[str]]:
    """Leading rows that only caption the table: one cell with text, the rest of the row empty or
    covered by it (a title merged across a sheet, 附件1 above the header of a ledger)."""
    start, title = 0, None
    while start < min(2, table.n_rows - 1):
        anchors = _anchors(table, start)
        if len(anchors) != 1 or not all(c is anchors[0] or c.covered or c.empty for c in table.rows[start]):
            break
        title = title or anchors[0].text.strip()
        start += 1
    return start, title


def _is_header_row(table: Table, r: int, first: bool) -> bool:
    anchors = _anchors(table, r)
    if not anchors or any(_looks_like_data(c.text) for c in anchors):
        return False
    known = sum(column_kind(c.text) is not None for c in anchors)
    if first:
        return known >= 2 and known * 2 >= len(anchors)
    return known == len(anchors)


def header_band(table: Table, start: int) -> Optional[tuple[int, tuple[Optional[str], ...]]]:
    """(rows in the header band, role of each column) from row ``start`` on, or None.

    A second header row names the parts of a cell above it (责任单位 over 牵头单位 | 配合单位):
    each column takes its role from the lowest header row that names it. Rows the source marks
    as header (``<th>``, Word's repeated header rows) count even with unknown names.
    """
    marked = max(0, min(table.header_rows - start, 2))
    if not marked and not (start < table.n_rows and _is_header_row(table, start, True)):
        return None
    height = marked or 1
    if height == 1 and start + 1 < table.n_rows and _is_header_row(table, start + 1, False):
        height = 2
    roles = []
    for c in range(table.n_cols):
        role = None
        for r in range(start + height - 1, start - 1, -1):
            slot = table.rows[r][c]
            if r > start and slot.covered and slot.covered_by[0] < r:
                continue  # a name merged down from the row above: that row names the column
            role = column_kind(table.resolved(r, c).text)
            if role is not None:
                break
        roles.append(role)
    return height, tuple(roles)


def _content_roles(text: str, table: Table, start: int) -> Optional[tuple[Optional[str], ...]]:
    """Roles of a table printed without a header, when its content is unmistakable: a column of
    unit lists (or of time limits) beside a column of sentences, over at least three rows."""
    rows = range(start, table.n_rows)
    if len(rows) < 3 or not table.n_cols:
        return None
    roles: list[Optional[str]] = []
    for c in range(table.n_cols):
        cells = [cell_text(text, table.resolved(r, c))[0] for r in rows]
        cells = [t for t in cells if t]
        share = (lambda test: sum(1 for t in cells if test(t)) / len(cells)) if cells else (lambda test: 0)
        if cells and share(lambda t: bool(_PRINTED_NUMBER.match(t))) >= 0.8:
            roles.append("number")
        elif cells and share(is_units_cell) >= 0.6:
            roles.append("responsible")
        elif cells and share(lambda t: len(t) <= 40 and is_deadline_cell(t)) >= 0.6:
            roles.append("deadline")
        else:
            roles.append(None)
    lengths = [sum(len(cell_text(text, table.resolved(r, c))[0]) for r in rows) if roles[c] is None else -1
               for c in range(table.n_cols)]
    best = max(range(table.n_cols), key=lambda c: lengths[c])
    if lengths[best] < 8 * len(rows) or not set(roles) & {"responsible", "deadline"}:
        return None
    roles[best] = "task"
    return tuple(roles)


def _no_work(text: str, table: Table, start: int, roles: Sequence[Optional[str]]) -> Optional[str]:
    """Why the table assigns no work, or None for a task table."""
    if "task" not in roles:
        return "no task column (indicator, statistics or list table)"
    cells = [cell_text(text, table.resolved(r, c))[0] for r in range(start, table.n_rows)
             for c, role in enumerate(roles) if role == "task"]
    cells = [t for t in cells if t]
    if not cells:
        return "empty task column"
    if sum(1 for t in cells if len(_HAN.findall(t)) >= 4) * 2 < len(cells):
        return "task column holds figures, not work (a statistics table)"
    return None


# -- reading rows -----------------------------------------------------------------------------

@dataclass
class _Row:
    number: Optional[int]
    span: Offsets
    task: tuple[str, Offsets]
    cells: dict[str, tuple[str, Offsets]]
    category: Optional[str]
    task_key: tuple = ()  # the task cells' anchors: rows under one merged task share it
    own_task: bool = True  # the row prints task text of its own
    more_units: list[dict[str, tuple[str, Offsets]]] = field(default_factory=list)


def _category_row(table: Table, r: int, roles: Sequence[Optional[str]]) -> Optional[str]:
    """The text of a row that only names the category of the rows below it (one cell across
    the task column: 一、知识产权保护方面（共5项）), else None."""
    anchors = _anchors(table, r)
    if len(anchors) != 1:
        return None
    cell = anchors[0]
    task_cols = [c for c, role in enumerate(roles) if role == "task"]
    spans_task = any(table.resolved(r, c) is cell for c in task_cols)
    named = roles[cell.col] == "category" or (roles[cell.col] == "number"
                                              and not _PRINTED_NUMBER.match(cell.text))
    if cell.colspan >= 2 and spans_task or named and not spans_task:
        return cell.text.strip()
    return None


def _read_row(text: str, table: Table, r: int, roles: Sequence[Optional[str]]) -> _Row:
    """A body row's cells by role. Of several task columns the row's own cells make the task
    text; a task cell merged down from a row above then heads it (重点任务 over its 具体措施).
    A row without task text has an empty ``task``."""
    own, merged, key = [], [], []
    cells: dict[str, tuple[str, Offsets]] = {}
    for c, role in enumerate(roles):
        if role is None or role == "other":
            continue
        anchor = table.resolved(r, c)
        value, span = cell_text(text, anchor)
        if role == "task":
            key.append((anchor.row, anchor.col))
            if value:
                (merged if anchor.row < r else own).append((value, span))
        elif value and role not in cells:
            cells[role] = (value, span)
    task = own or merged
    if not task:
        return _Row(None, table.row_span(r) or (0, 0), ("", (0, 0)), cells, None, tuple(key), False)
    first, last = task[0][1][0], task[-1][1][1]  # 改革举措 | 主要内容: one task text
    number = cells.get("number")
    printed = _PRINTED_NUMBER.match(number[0]) if number else None
    category = cells["category"][0] if "category" in cells else (merged[0][0] if own and merged else None)
    return _Row(int(printed.group(1)) if printed else None, table.row_span(r) or (first, last),
                (text[first:last], (first, last)), cells, category, tuple(key), bool(own))


def _clause(text: str, row: _Row, cells: dict[str, tuple[str, Offsets]]) -> Optional[ClauseBlock]:
    """A row's unit cells as one clause covering its task cell."""
    units = {role: cells[role] for role in UNIT_ROLES if role in cells}
    if not units:
        return None
    spans = sorted(span for _, span in units.values())
    first, last = spans[0][0], spans[-1][1]
    task_start, task_end = row.task[1]
    inside = row.span[0] <= first and last <= row.span[1]
    if not inside or (first < task_end and last > task_start):
        # a unit merged from a row above, or a unit column before the task: the first cell alone
        first, last = spans[0]
    return ClauseBlock(span=(first, last), inner=text[first:last], inner_span=(first, last),
                       covers=row.task[1], columns=units)


def _task_rows(text: str, table: Table, start: int, roles: Sequence[Optional[str]],
               category: Optional[str], header: tuple[str, ...] = ()) -> tuple[list[_Row], Optional[str]]:
    """The rows of the table body that carry a task, each with the category it stands under,
    and the category in force after the last row (for a table continued on the next page).

    A blank category cell repeats the one above: a merge the text lost (``\\t`` rows), a
    merged cell cut by a page break, or a ditto left blank. The header band printed again
    after a page break, and a 续表 line, are no rows.
    """
    width = table.n_cols
    header_rows = {header[i:i + width] for i in range(0, len(header), width)}
    rows = []
    for r in range(start, table.n_rows):
        if tuple(re.sub(r"\s", "", c.text) for c in table.rows[r]) in header_rows:
            continue
        heading = _category_row(table, r, roles)
        if heading is not None:
            category = category if _CONTINUED.match(heading) else heading
            continue
        row = _read_row(text, table, r, roles)
        if rows and not row.own_task and (row.task_key == rows[-1].task_key or not row.task[0]):
            # one task merged over several rows (or its merge lost: a blank task cell), each row
            # with its own units: more assignments of that task
            if any(role in row.cells for role in UNIT_ROLES):
                rows[-1].more_units.append(row.cells)
            continue
        if not row.task[0]:
            continue
        row.category = row.category or category
        category = row.category
        rows.append(row)
    return rows, category


def _blocks(text: str, rows: list[_Row], ids: list[int], title: Optional[str]) -> list[TaskBlock]:
    out = []
    for n, row in zip(ids, rows):
        clauses = [c for c in (_clause(text, row, cells) for cells in [row.cells] + row.more_units) if c]
        deadline = row.cells.get("deadline") or next(
            (cells["deadline"] for cells in row.more_units if "deadline" in cells), None)
        out.append(TaskBlock(id=f"table/{n}", heading=row.category or title, span=row.span,
                             text_span=row.task[1], clauses=clauses, section_kind="tasks",
                             deadline_text=deadline, is_table_row=True, cells=dict(row.cells)))
    return out


def _ids(rows: list[_Row], used: set[int]) -> list[int]:
    """Printed 序号 when every row has its own and none is taken; else positions from 1 (after
    the numbers already used in this body, so two unnumbered tables do not share ids)."""
    printed = [row.number for row in rows]
    if rows and None not in printed and len(set(printed)) == len(printed) and not used & set(printed):
        return printed
    base = max(used) if used & set(range(1, len(rows) + 1)) else 0
    return list(range(base + 1, base + len(rows) + 1))


# -- putting it together ----------------------------------------------------------------------

@dataclass
class _State:
    """What a table read so far leaves for the next one on the following page."""

    task_table: TaskTable
    header: tuple[str, ...]
    end: int
    n_cols: int
    category: Optional[str]


def _header_texts(table: Table, start: int, height: int) -> tuple[str, ...]:
    return tuple(re.sub(r"\s", "", c.text) for r in range(start, start + height) for c in table.rows[r])


def _title_above(seq: Sequence[Para], f: Found) -> tuple[Optional[str], Optional[Para]]:
    if f.title_consumed or f.start == 0:
        return f.title, None
    above = seq[f.start - 1]
    return f.title or (above.text.strip() if is_table_title(above.text) else None), above


def _continued_body(seq: Sequence[Para], state: Optional[_State], f: Found) -> Optional[int]:
    """Where the body of ``f`` starts when it continues the table above (the next page of a
    table printed over several: right after it or after a 续表 line, as many columns, and the
    same header band repeated or none at all); None when it is a table of its own."""
    between = seq[state.end:f.start] if state is not None else []
    if (state is None or f.roles or state.n_cols != f.table.n_cols or state.end > f.start
            or not all(_CONTINUED.match(p.text.strip()) for p in between)):
        return None
    start, caption = _captions(f.table)
    band = header_band(f.table, start)
    if band is None:
        return None if caption else start
    if _header_texts(f.table, start, band[0]) == state.header:
        return start + band[0]
    return None


def _new_table(text: str, seq: Sequence[Para], f: Found) -> tuple[TaskTable, int, tuple[str, ...]]:
    """A table of its own: title, header band and roles, verdict. Returns it, where its body
    starts and the texts of its header band."""
    start, caption = (0, None) if f.roles else _captions(f.table)
    band = (f.header_rows, f.roles) if f.roles else header_band(f.table, start)
    header = _header_texts(f.table, start, band[0]) if band else ()
    if band is None:
        content = _content_roles(text, f.table, start)
        band = (0, content) if content else None
    title, above = _title_above(seq, f)
    table = TaskTable(paras=list(seq[f.start:f.end]), title=caption or title or _sheet_title(f.table),
                      heading_para=above, in_attachment=_in_attachment(seq, f.start),
                      roles=band[1] if band else (), header_rows=band[0] if band else 0, shape=f.shape)
    table.skipped = _no_work(text, f.table, start + band[0], band[1]) if band else "no header band"
    return table, start + (band[0] if band else 0), header


def _read_all(text: str, seq: Sequence[Para], found: list[Found]) -> list[TaskTable]:
    out: list[TaskTable] = []
    used: set[int] = set()
    state: Optional[_State] = None
    for f in found:
        body = _continued_body(seq, state, f)
        if body is not None:
            task_table, header, category = state.task_table, state.header, state.category
            task_table.paras += list(seq[state.end:f.end])
        else:
            task_table, body, header = _new_table(text, seq, f)
            category = None
            out.append(task_table)
        if task_table.skipped is None:
            rows, category = _task_rows(text, f.table, body, task_table.roles, category, header)
            ids = _ids(rows, used)
            used |= set(ids)
            task_table.tasks += _blocks(text, rows, ids, task_table.title)
        state = _State(task_table, header, f.end, f.table.n_cols, category)
    return out


def _sheet_title(table: Table) -> Optional[str]:
    title = (table.title or "").strip()
    return title if title and not _DEFAULT_SHEET.match(title) and table.format in ("xlsx", "xls") else None


def _in_attachment(seq: Sequence[Para], k: int) -> bool:
    """After an 附件 line that follows numbered text: the table belongs to an attachment."""
    seen_marker = False
    inside = False
    for p in seq[:k]:
        if p.marker is not None:
            seen_marker = True
        if seen_marker and ATTACHMENT_LINE.match(p.text.strip()):
            inside = True
    return inside
