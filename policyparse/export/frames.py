"""Parse results as flat tables: one row per document, task, assignment or unit.

A researcher asks questions across hundreds of plans ("which agency leads most tasks in each
region?"); those are one line of pandas once every task is a row carrying its region and its
deadline. The rows here are plain dicts with a fixed column order (:data:`COLUMNS`), so they
serve three outputs that must agree:

- :func:`to_frame` — a pandas DataFrame (``policyparse.to_frame(results, level="tasks")``);
- :func:`~policyparse.export.parquet.write_parquet` / ``write_jsonl`` — Parquet and JSON Lines;
- the batch's Parquet dataset (``OUT/parquet/<level>/``), built from the store's results.

Positions (``document``, ``position``, ``assignment``) count from 1, as the store's
``position`` columns do and as a notice numbers its items; offsets (``start``, ``end``,
``raw_start``, ``raw_end``) count characters from 0, end exclusive, as Python slices do.
Lists (issuers, domains, lead units) stay lists: Parquet stores them as ``list<string>`` and
pandas as Python lists, so no value needs JSON parsing (``df.explode("domains")``).

>>> from policyparse.schema import ParseResult, SourceInfo, Document, Region, Task
>>> result = ParseResult(source=SourceInfo(path="a.txt", sha256="ab" * 32, format="txt", bytes=3),
...     normalized_text="x", documents=[Document(title="实施方案", region=Region(province="福建省", city="南平市"),
...     tasks=[Task(id="1", text="加强诚信教育", domains=["education"])])])
>>> row = next(rows(result, "tasks"))
>>> row["region"], row["document"], row["position"], row["domains"]
('福建省南平市', 1, 1, ['education'])
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..errors import UsageError
from ..schema import Document, ParseResult, Task, Unit

LEVELS = ("documents", "tasks", "assignments", "units")
ROLES = ("lead", "support", "responsible", "implicit")


@dataclass(frozen=True)
class Column:
    """One column of a flat table.

    name (str): the column name (the same in pandas, Parquet, JSONL and the docs).
    type (str): ``str``, ``int``, ``float``, ``bool`` or ``list[str]``.
    doc (str): what it holds, with its base where it is a position or an offset.
    """

    name: str
    type: str
    doc: str


_ID = [
    Column("result_id", "str", "the result: first 16 hex digits of the file's sha256 (in a batch: the store's result_id)"),
    Column("path", "str", "the input file as given (in a batch: its key under the output folder)"),
    Column("document_id", "str", "result_id + /d + document; the store's document_id in a batch"),
    Column("document", "int", "position of the document in the file, 1-based"),
]
_REGION = [
    Column("province", "str", "province of the issuing government (福建省)"),
    Column("city", "str", "city (南平市), null for a provincial document"),
    Column("county", "str", "county or district, null above that level"),
    Column("region", "str", "province + city + county as one display name (福建省南平市)"),
    Column("level", "str", "government level of the document: national, province, city, county"),
]
_SPAN = [
    Column("start", "int", "offset in the normalized text, 0-based"),
    Column("end", "int", "end offset in the normalized text, 0-based, exclusive"),
    Column("raw_start", "int", "offset in the decoded input text, 0-based"),
    Column("raw_end", "int", "end offset in the decoded input text, 0-based, exclusive"),
]
_TASK_ID = [
    Column("task_id", "str", "document_id + /t + position; the store's task_id in a batch"),
    Column("task_number", "str", "the task's number as the notice prints its outline (一/(三)/4)"),
]
_DEADLINE = [
    Column("deadline", "str", "the deadline as printed (2018年底前, 长期坚持)"),
    Column("due", "str", "last day of the deadline, ISO date (2018-12-31); null when open or relative"),
    Column("due_year", "int", "year of due"),
    Column("ongoing", "bool", "the deadline is 长期坚持 / 持续推进 (no end)"),
]

COLUMNS: dict[str, list[Column]] = {
    "documents": _ID + [
        Column("title", "str", "document title"),
        Column("doc_type", "str", "实施方案, 任务分工方案, 通知 …"),
        Column("doc_number", "str", "发文字号 (闽政〔2017〕40号)"),
        Column("issuers", "list[str]", "issuing bodies as printed"),
        Column("issue_date", "str", "成文日期, ISO date"),
        Column("issue_year", "int", "year of issue_date"),
        Column("effective_date", "str", "施行日期, ISO date"),
        *_REGION,
        Column("recipients", "list[str]", "主送机关 as printed"),
        Column("cites", "list[str]", "titles of the documents it cites"),
        Column("tasks", "int", "number of tasks"),
        *_SPAN,
    ],
    "tasks": _ID + _TASK_ID + [
        Column("position", "int", "position of the task in the document, 1-based"),
        Column("heading", "str", "the task's heading (bold lead-in or item title)"),
        Column("text", "str", "the task's text"),
        Column("section_kind", "str", "kind of the enclosing section (tasks, goals, safeguards …)"),
        Column("title", "str", "title of the document"),
        Column("doc_number", "str", "发文字号 of the document"),
        Column("issue_date", "str", "成文日期 of the document, ISO date"),
        *_REGION,
        Column("lead", "list[str]", "lead units (牵头单位) as printed, every clause"),
        Column("support", "list[str]", "supporting units (配合单位) as printed"),
        Column("responsible", "list[str]", "responsible units (责任单位) as printed"),
        Column("implicit", "list[str]", "units the text itself makes responsible, no clause"),
        Column("lead_agencies", "list[str]", "agency codes of the lead units (development_reform …), known ones only"),
        *_DEADLINE,
        Column("targets", "int", "number of quantified targets"),
        Column("domains", "list[str]", "policy domain codes (corpus/domains.tsv)"),
        Column("reference", "str", "the reference item the task carries out, when compared"),
        *_SPAN,
    ],
    "assignments": _ID + _TASK_ID + [
        Column("assignment", "int", "position of the responsibility clause in the task, 1-based"),
        Column("clause", "str", "the clause as printed (牵头单位：市发改委)"),
        Column("text", "str", "the sentences the clause covers"),
        *_REGION,
        Column("lead", "list[str]", "lead units as printed"),
        Column("support", "list[str]", "supporting units as printed"),
        Column("responsible", "list[str]", "responsible units as printed"),
        *_SPAN,
    ],
    "units": _ID + _TASK_ID + [
        Column("assignment", "int", "position of the clause in the task, 1-based; null for an implicit unit"),
        Column("role", "str", "lead, support, responsible, or implicit (named by the text, no clause)"),
        Column("position", "int", "position of the unit within its role in the clause, 1-based"),
        Column("name", "str", "the unit as printed (市发改委)"),
        Column("canonical", "str", "its full canonical name (南平市发展和改革委员会)"),
        Column("agency", "str", "agency code across regions and levels (development_reform); null if unknown"),
        Column("unit_level", "str", "government level of the unit"),
        *_REGION,
        Column("title", "str", "title of the document"),
        Column("due", "str", "last day of the task's deadline, ISO date"),
        Column("due_year", "int", "year of due"),
        *_SPAN,
    ],
}


def region_name(document: Document) -> str:
    """Province, city and county of a document as one name (``福建省南平市``), empty if unknown."""
    region = document.region
    return "".join(x for x in (region.province, region.city, region.county) if x)


def _year(date: Optional[str]) -> Optional[int]:
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def _span(span) -> dict:
    if span is None:
        return {"start": None, "end": None, "raw_start": None, "raw_end": None}
    return {"start": span.start, "end": span.end, "raw_start": span.raw_start, "raw_end": span.raw_end}


def _region(document: Document) -> dict:
    return {"province": document.region.province, "city": document.region.city,
            "county": document.region.county, "region": region_name(document) or None, "level": document.level}


def _names(units: Iterable[Unit]) -> list[str]:
    return [unit.name for unit in units]


def _deadline(task: Task) -> dict:
    deadline = task.deadline
    if deadline is None:
        return {"deadline": None, "due": None, "due_year": None, "ongoing": None}
    return {"deadline": deadline.raw, "due": deadline.end, "due_year": _year(deadline.end), "ongoing": deadline.ongoing}


def rows(result: ParseResult, level: str = "tasks", *, result_id: Optional[str] = None,
         path: Optional[str] = None) -> Iterator[dict]:
    """The rows of one result at ``level``, each a dict with exactly the keys of ``COLUMNS[level]``.

    result_id (str): id to key the rows by; default the first 16 hex digits of the sha256.
    path (str): the file's name in the rows; default ``result.source.path``.
    """
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    rid = result_id or result.source.sha256[:16]
    path = path if path is not None else result.source.path
    for d_index, doc in enumerate(result.documents, 1):
        did = f"{rid}/d{d_index}"
        base = {"result_id": rid, "path": path, "document_id": did, "document": d_index}
        if level == "documents":
            yield {**base, "title": doc.title, "doc_type": doc.doc_type, "doc_number": doc.doc_number,
                   "issuers": list(doc.issuers), "issue_date": doc.issue_date, "issue_year": _year(doc.issue_date),
                   "effective_date": doc.effective_date, **_region(doc), "recipients": list(doc.recipients),
                   "cites": [cite.title for cite in doc.cites], "tasks": len(doc.tasks), **_span(doc.span)}
            continue
        region = _region(doc)
        for t_index, task in enumerate(doc.tasks, 1):
            task_base = {**base, "task_id": f"{did}/t{t_index}", "task_number": task.id}
            if level == "tasks":
                lead = [u for a in task.assignments for u in a.lead]
                yield {**task_base, "position": t_index, "heading": task.heading, "text": task.text,
                       "section_kind": task.section_kind, "title": doc.title, "doc_number": doc.doc_number,
                       "issue_date": doc.issue_date, **region, "lead": _names(lead),
                       "support": _names(u for a in task.assignments for u in a.support),
                       "responsible": _names(u for a in task.assignments for u in a.responsible),
                       "implicit": _names(task.implicit_units),
                       "lead_agencies": list(dict.fromkeys(u.agency for u in lead if u.agency)),
                       **_deadline(task), "targets": len(task.targets), "domains": list(task.domains),
                       "reference": task.reference, **_span(task.span)}
            elif level == "assignments":
                for a_index, assignment in enumerate(task.assignments, 1):
                    yield {**task_base, "assignment": a_index, "clause": assignment.raw, "text": assignment.text,
                           **region, "lead": _names(assignment.lead), "support": _names(assignment.support),
                           "responsible": _names(assignment.responsible), **_span(assignment.span)}
            else:
                deadline = _deadline(task)
                common = {**region, "title": doc.title, "due": deadline["due"], "due_year": deadline["due_year"]}
                placed = [(a_index, role, getattr(assignment, role))
                          for a_index, assignment in enumerate(task.assignments, 1)
                          for role in ("lead", "support", "responsible")]
                placed.append((None, "implicit", task.implicit_units))
                for a_index, role, units in placed:
                    for u_index, unit in enumerate(units, 1):
                        yield {**task_base, "assignment": a_index, "role": role, "position": u_index,
                               "name": unit.name, "canonical": unit.canonical, "agency": unit.agency,
                               "unit_level": unit.level, **common, **_span(unit.span)}


def records(results: Iterable[ParseResult], level: str = "tasks") -> Iterator[dict]:
    """:func:`rows` of every result, in order."""
    for result in results:
        yield from rows(result, level)


def _results(results) -> Iterable[ParseResult]:
    """Accept one result, results, paths of result JSON / notices, or a store path."""
    if isinstance(results, ParseResult):
        return [results]
    if isinstance(results, (str, Path)):
        results = [results]
    return (_load(item) if isinstance(item, (str, Path)) else item for item in results)


def _load(item: Union[str, Path]) -> ParseResult:
    path = Path(item)
    if path.suffix.lower() == ".json":
        from .json import load_result

        return load_result(path)
    from ..pipeline import parse

    return parse(path)


_PANDAS_TYPES = {"int": "Int64", "bool": "boolean", "float": "float64"}

PANDAS_HINT = ("policyparse.to_frame needs pandas: pip install 'policyparse[parquet]'")


def try_pandas_import():
    """pandas, or an ImportError saying how to install it."""
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(PANDAS_HINT) from exc
    return pandas


def to_frame(results, level: str = "tasks"):
    """Results as a pandas DataFrame, one row per document, task, assignment or unit.

    results: a ParseResult, an iterable of them, or paths of result JSON files (or notices,
        parsed on the way); a batch's results come from ``SQLiteStore.iter_results()``.
    level (str): ``documents``, ``tasks``, ``assignments`` or ``units`` (:data:`COLUMNS`).
    RETURNS (pandas.DataFrame): columns in the order of ``COLUMNS[level]``; whole numbers as
        nullable ``Int64``, flags as ``boolean``, text as str or None, lists as Python lists.

    Which agency leads most tasks in each region:

    >>> import policyparse
    >>> units = policyparse.to_frame(policyparse.parse("corpus/raw/003_ce33fc1d13cf098e.txt"), "units")
    >>> units[units.role == "lead"].groupby(["region", "agency"]).task_id.nunique().sort_values().groupby(level=0).tail(1).to_dict()
    {('青海省', 'development_reform'): 6}
    """
    pandas = try_pandas_import()
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    frame = pandas.DataFrame(list(records(_results(results), level)), columns=[c.name for c in COLUMNS[level]])
    return typed(frame, level)


def typed(frame, level: str):
    """``frame`` with the dtypes of ``COLUMNS[level]``: nullable ``Int64`` / ``boolean``, text as
    Python ``str`` or None (object, the same under pandas 2 and 3), lists as lists."""
    for column in COLUMNS[level]:
        values = frame[column.name]
        if column.type in _PANDAS_TYPES:
            frame[column.name] = values.astype(_PANDAS_TYPES[column.type])
        elif column.type == "str":
            frame[column.name] = values.astype(object).where(values.notna(), None)
        elif column.type == "list[str]":
            frame[column.name] = values.map(lambda v: list(v) if v is not None and not isinstance(v, float) else [])
    return frame


__all__ = ["LEVELS", "COLUMNS", "Column", "rows", "records", "to_frame", "region_name"]
