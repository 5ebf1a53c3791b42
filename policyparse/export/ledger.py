"""Task ledgers (任务台账): one row per task assignment, as CSV or XLSX.

A 任务分工方案 is read by the offices it names as a list of "who does what by when"; the ledger is
that list across every notice of a batch. One row per responsibility clause (a task whose
sentences carry three clauses gives three rows); a task without any clause still gets one row,
with the units its text makes responsible (``implicit_units``) in their own column, so no task
disappears from the ledger.

Cells are written so that no value can run as a spreadsheet formula: scraped notices contain
lines such as ``-- 各区县人民政府`` or ``=`` rules, and a malicious page could contain
``=HYPERLINK(...)``. The rule and the CSV format live in :mod:`policyparse.export.cells`, shared
by every table policyparse writes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Optional, Union

from ..errors import UsageError
from ..schema import Document, ParseResult, Span, Task, Unit
from .cells import safe_cell, write_csv_table


@dataclass(frozen=True)
class Column:
    """A ledger column: a stable key and its header in Chinese and English."""

    key: str
    zh: str
    en: str
    width: int = 14


# The Chinese headers are the ones a 台账 template of a 政府办公室 uses (序号, 任务内容, 牵头单位 …).
LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", "No.", 6),
    Column("region", "地区", "Region", 14),
    Column("level", "层级", "Level", 8),
    Column("document", "文件标题", "Document title", 30),
    Column("doc_number", "发文字号", "Document number", 16),
    Column("issuers", "发文机关", "Issuers", 18),
    Column("issue_date", "成文日期", "Issue date", 11),
    Column("task_id", "任务编号", "Task ID", 12),
    Column("heading", "任务名称", "Task heading", 24),
    Column("text", "任务内容", "Task text", 60),
    Column("clause", "责任条款", "Responsibility clause", 30),
    Column("lead", "牵头单位", "Lead units", 20),
    Column("support", "配合单位", "Supporting units", 20),
    Column("responsible", "责任单位", "Responsible units", 20),
    Column("implicit", "隐含责任单位", "Implicit units", 16),
    Column("deadline", "完成时限", "Deadline", 16),
    Column("due", "截止日期", "Due date", 11),
    Column("targets", "目标", "Targets", 24),
    Column("domains", "领域", "Domains", 12),
    Column("source", "来源文件", "Source file", 24),
    Column("span", "原文位置", "Source span", 12),
)

LANGS = ("zh", "en")
UNIT_SEPARATOR = "、"  # the enumeration comma notices use between units
LIST_SEPARATOR = "；"


def ledger_columns(lang: str = "zh") -> list[str]:
    """The header row of a ledger in ``lang`` (``zh`` or ``en``).

    >>> ledger_columns("zh")[:4]
    ['序号', '地区', '层级', '文件标题']
    >>> ledger_columns("en")[11:14]
    ['Lead units', 'Supporting units', 'Responsible units']
    """
    if lang not in LANGS:
        raise UsageError(f"unknown ledger language {lang!r}; use one of {', '.join(LANGS)}")
    return [getattr(column, lang) for column in LEDGER_COLUMNS]


def _units(units: Iterable[Unit]) -> str:
    return UNIT_SEPARATOR.join(unit.name for unit in units)


def _region(document: Document) -> str:
    region = document.region
    return "".join(part for part in (region.province, region.city, region.county) if part)


def _span(span: Optional[Span]) -> str:
    # Raw offsets point into the file as decoded, which is what a reader opening the source sees.
    if span is None:
        return ""
    if span.raw_start is not None and span.raw_end is not None:
        return f"{span.raw_start}-{span.raw_end}"
    return f"{span.start}-{span.end}"


def _due(task: Task, lang: str) -> str:
    deadline = task.deadline
    if deadline is None:
        return ""
    if deadline.end:
        return deadline.end
    if deadline.ongoing:
        return "长期" if lang == "zh" else "ongoing"
    return ""


def _task_rows(result: ParseResult, document: Document, task: Task, lang: str) -> list[dict]:
    common = {
        "region": _region(document),
        "level": document.level or "",
        "document": document.title or "",
        "doc_number": document.doc_number or "",
        "issuers": UNIT_SEPARATOR.join(document.issuers),
        "issue_date": document.issue_date or "",
        "task_id": task.id,
        "heading": task.heading or "",
        "text": task.text,
        "implicit": _units(task.implicit_units),
        "deadline": task.deadline.raw if task.deadline else "",
        "due": _due(task, lang),
        "targets": LIST_SEPARATOR.join(target.raw for target in task.targets),
        "domains": UNIT_SEPARATOR.join(task.domains),
        "source": result.source.path or "",
    }
    if not task.assignments:
        return [dict(common, clause="", lead="", support="", responsible="", span=_span(task.span))]
    return [
        dict(common, clause=assignment.raw, lead=_units(assignment.lead), support=_units(assignment.support),
             responsible=_units(assignment.responsible), span=_span(assignment.span or task.span))
        for assignment in task.assignments
    ]


def ledger_rows(results: Iterable[ParseResult], lang: str = "zh") -> list[dict]:
    """One row per task assignment of every document of ``results``, keyed by column header.

    results (iterable of ParseResult): parsed notices, in the order the rows should follow.
    lang (str): ``zh`` (default) or ``en`` column headers.
    RETURNS (list of dict): ordered ``{header: value}``; ``序号`` counts from 1, other values are
        text (units joined with ``、``). Values are not formula-escaped here; the writers do it.
    """
    headers = dict(zip((column.key for column in LEDGER_COLUMNS), ledger_columns(lang)))
    rows: list[dict] = []
    for result in results:
        for document in result.documents:
            for task in document.tasks:
                for row in _task_rows(result, document, task, lang):
                    row["seq"] = len(rows) + 1
                    rows.append({headers[column.key]: row[column.key] for column in LEDGER_COLUMNS})
    return rows


def _header(rows: list[dict], lang: str) -> list[str]:
    return list(rows[0].keys()) if rows else ledger_columns(lang)


def write_csv(rows: list[dict], target: Union[str, Path, IO[str], None] = None, *, lang: str = "zh") -> Optional[str]:
    """Write ledger rows as CSV; return the text when ``target`` is None.

    The format is :func:`~policyparse.export.cells.write_csv_table`'s: every field quoted,
    ``\\r\\n`` line ends, a UTF-8 BOM in a file, every cell through :func:`safe_cell`.

    >>> write_csv([{"序号": 1, "任务内容": "=1+1"}]).split("\\r\\n")
    ['"序号","任务内容"', '"1","\\'=1+1"', '']
    """
    header = _header(rows, lang)
    return write_csv_table(header, ([row.get(name, "") for name in header] for row in rows), target)


def write_xlsx(rows: list[dict], target: Union[str, Path], *, lang: str = "zh", sheet: Optional[str] = None) -> None:
    """Write ledger rows to an Excel workbook (one sheet, bold frozen header, filter on every column).

    Text is always stored as a string cell and formula-escaped with :func:`safe_cell`; control
    characters that XML cannot hold are dropped. The file is replaced atomically.
    """
    from .json import write_atomic
    from .xlsx import write_sheet

    header = _header(rows, lang)
    widths = {getattr(column, code): column.width for column in LEDGER_COLUMNS for code in LANGS}
    buffer = io.BytesIO()
    write_sheet(buffer, [safe_cell(name) for name in header],
                ([safe_cell(row.get(name, "")) for name in header] for row in rows),
                sheet_name=sheet or ("任务台账" if lang == "zh" else "Tasks"),
                widths=[widths.get(name, 14) for name in header])
    write_atomic(target, buffer.getvalue())


def write_ledger(rows: list[dict], target: Union[str, Path], *, lang: str = "zh") -> None:
    """Write ``rows`` as CSV or XLSX, chosen by the extension of ``target``."""
    suffix = Path(target).suffix.lower()
    if suffix == ".csv":
        write_csv(rows, target, lang=lang)
    elif suffix == ".xlsx":
        write_xlsx(rows, target, lang=lang)
    else:
        raise UsageError("ledger output must end in .csv or .xlsx", path=str(target))
