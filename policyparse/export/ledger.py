"""Task ledgers (任务台账) as offices keep them: print, fill in, import; as CSV or XLSX.

An office that receives a 任务分工方案 copies its tasks into a 台账, prints it for a meeting and
fills in 进展情况 every month. The ledger has the columns in the order such a 台账 has them::

    序号 重点任务 任务内容 牵头单位 配合单位 责任单位 完成时限 截止日期 进展情况 备注
    | 文件标题 发文字号 原文位置 来源文件 | 地区 层级 领域

- one row per responsibility clause of a task (a task whose sentences carry three clauses gives
  three rows, which share the task's 序号: each lead unit reports its own progress); a task
  without any clause gets one row, with the units its text makes responsible
  (``implicit_units``) as 责任单位, so no task leaves the ledger without an owner;
- 完成时限 is the deadline as printed; 截止日期 is the date it falls due, a real date (a
  ``datetime.date``, an ISO date in the CSV), empty when the limit is 长期, 持续 or relative
  (7个工作日内);
- 进展情况 and 备注 are empty, for the office;
- 文件标题, 发文字号, 原文位置 (the task's place in the notice's outline, 三/(二)/2) and 来源文件
  (the file as the batch or the command was given it: a batch cuts long result names, the
  ledger keeps the full one) say where the task comes from; 地区, 层级 and 领域 let a ledger of
  many notices be filtered;
- in ``zh`` every word of the ledger's own is Chinese (层级 市级, 领域 政务公开与政务服务), in
  ``en`` English (Municipal, Open government and services); text quoted from the notice stays as
  printed (``lexicons/export/ledger_labels.tsv``);
- no cell holds a control character (:func:`~policyparse.export.cells.plain_text`: a TAB from a
  Word table becomes a space), and the writers make formula-looking text inert
  (:func:`~policyparse.export.cells.safe_cell`), so the CSV and the XLSX carry the same values.

The XLSX is ready to print and fill (:func:`write_xlsx`): a title row naming the notice, wrapped
text in sized columns and rows, a frozen header with filters, the rows of one task in one band,
landscape A4 fitted to the page width with the header repeated on every page. An office that
has a template of its own gets the ledger in it: :func:`policyparse.export.template.fill_template`.

>>> ledger_columns("zh")[:10]
['序号', '重点任务', '任务内容', '牵头单位', '配合单位', '责任单位', '完成时限', '截止日期', '进展情况', '备注']
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Optional, Union

from ..errors import UsageError
from ..lexicons import LexiconEntry, lexicon
from ..schema import Document, ParseResult, Task, Unit
from .cells import plain_text, write_csv_table


@dataclass(frozen=True)
class Column:
    """A ledger column.

    key (str): stable name (also the ``column`` of ``lexicons/export/ledger_headers.tsv``);
    zh, en (str): the header in each language; width (float): Excel character units;
    width_en (float | None): when English values need more room (层级 市级 vs Municipal);
    align (str): ``left`` or ``center``.
    """

    key: str
    zh: str
    en: str
    width: float = 12
    width_en: Optional[float] = None
    align: str = "left"

    def width_for(self, lang: str) -> float:
        return self.width_en if lang == "en" and self.width_en else self.width


# The widths add up to what landscape A4 holds at about 75 % (fit to width): the task text gets
# the most room, 进展情况 enough to write in by hand.
LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", "No.", 5, align="center"),
    Column("heading", "重点任务", "Key task", 12),
    Column("text", "任务内容", "Task", 36),
    Column("lead", "牵头单位", "Lead units", 12),
    Column("support", "配合单位", "Supporting units", 12),
    Column("responsible", "责任单位", "Responsible units", 12),
    Column("deadline", "完成时限", "Time limit", 10),
    Column("due", "截止日期", "Due date", 11, align="center"),
    Column("progress", "进展情况", "Progress", 15),
    Column("note", "备注", "Notes", 8),
    Column("document", "文件标题", "Document", 14),
    Column("doc_number", "发文字号", "Document number", 11),
    Column("position", "原文位置", "Position", 8),
    Column("source", "来源文件", "Source file", 10),
    Column("region", "地区", "Region", 8),
    Column("level", "层级", "Level", 5, width_en=9, align="center"),
    Column("domains", "领域", "Domains", 8, width_en=12),
)
# Columns the office fills in: empty in every row.
FILL_IN = ("progress", "note")

LANGS = ("zh", "en")
UNIT_SEPARATOR = "、"  # the enumeration comma notices use between units
LIST_SEPARATOR = {"zh": "、", "en": "; "}


class LabelEntry(LexiconEntry):
    """The ledger's word for a schema code (``lexicons/export/ledger_labels.tsv``)."""

    kind: str
    code: str
    zh: str = ""
    en: str


LABELS = lexicon("export/ledger_labels.tsv", LabelEntry)


def ledger_columns(lang: str = "zh") -> list[str]:
    """The header row of a ledger in ``lang`` (``zh`` or ``en``).

    >>> ledger_columns("en")[3:6]
    ['Lead units', 'Supporting units', 'Responsible units']
    """
    if lang not in LANGS:
        raise UsageError(f"unknown ledger language {lang!r}; use one of {', '.join(LANGS)}")
    return [getattr(column, lang) for column in LEDGER_COLUMNS]


@functools.lru_cache(maxsize=None)
def _labels(lang: str) -> dict[tuple[str, str], str]:
    from ..extract.lexicon import DOMAINS

    labels = {(entry.kind, entry.code): getattr(entry, lang) for entry in LABELS() if getattr(entry, lang)}
    if lang == "zh":
        labels.update({("domain", entry.code): entry.label for entry in DOMAINS()})
    return labels


def label(kind: str, code: Optional[str], lang: str = "zh") -> str:
    """The ledger's word for a level or domain code in ``lang``.

    >>> label("level", "city"), label("level", "city", "en"), label("domain", "open_government")
    ('市级', 'Municipal', '政务公开与政务服务')
    >>> label("domain", "some_new_code", "en")
    'Some new code'
    """
    if not code:
        return ""
    found = _labels(lang).get((kind, code))
    if found:
        return found
    # A code added to the extractor before it got a label: readable English, never a raw code in
    # English words under Chinese headers (the test over the corpus catches a missing zh label).
    return code.replace("_", " ").capitalize() if lang == "en" else code


def _units(units: Iterable[Unit]) -> str:
    return UNIT_SEPARATOR.join(unit.name for unit in units)


def _region(document: Document) -> str:
    region = document.region
    return "".join(part for part in (region.province, region.city, region.county) if part)


def due_date(task: Task) -> Optional[datetime.date]:
    """The date a task falls due, or None when its limit is ongoing-only, relative or absent.

    >>> from policyparse.schema import Deadline
    >>> due_date(Task(id="1", text="", deadline=Deadline(raw="2017年6月底前", end="2017-06-30")))
    datetime.date(2017, 6, 30)
    >>> due_date(Task(id="1", text="", deadline=Deadline(raw="长期坚持", ongoing=True))) is None
    True
    """
    deadline = task.deadline
    if deadline is None or not deadline.end or deadline.relative:
        return None
    try:
        return datetime.date.fromisoformat(deadline.end)
    except ValueError:
        return None


def _document_name(result: ParseResult, document: Document) -> str:
    if document.title:
        return document.title
    return Path(result.source.path).name if result.source.path else ""


def _task_rows(result: ParseResult, document: Document, task: Task, lang: str) -> list[dict]:
    separator = LIST_SEPARATOR[lang]
    common = {
        "heading": task.heading or "",
        "text": task.text,
        "deadline": task.deadline.raw if task.deadline else "",
        "due": due_date(task),
        "progress": "",
        "note": "",
        "document": _document_name(result, document),
        "doc_number": document.doc_number or "",
        "position": task.id,
        "source": result.source.path or "",
        "region": _region(document),
        "level": label("level", document.level, lang),
        "domains": separator.join(label("domain", code, lang) for code in task.domains),
    }
    if not task.assignments:
        return [dict(common, lead="", support="", responsible=_units(task.implicit_units))]
    return [dict(common, lead=_units(a.lead), support=_units(a.support), responsible=_units(a.responsible))
            for a in task.assignments]


def ledger_rows(results: Iterable[ParseResult], lang: str = "zh") -> list[dict]:
    """One row per task assignment of every document of ``results``, keyed by column header.

    results (iterable of ParseResult): parsed notices, in the order the rows should follow.
    lang (str): ``zh`` (default) or ``en`` headers and words.
    RETURNS (list of dict): ``{header: value}`` in :data:`LEDGER_COLUMNS` order; ``序号`` counts
        tasks from 1 (the rows of one task share it), ``截止日期`` is a ``datetime.date`` or "",
        other values are one-line text. Not formula-escaped here; the writers do it.
    """
    headers = dict(zip((column.key for column in LEDGER_COLUMNS), ledger_columns(lang)))
    rows: list[dict] = []
    number = 0
    for result in results:
        for document in result.documents:
            for task in document.tasks:
                number += 1
                for row in _task_rows(result, document, task, lang):
                    row["seq"] = number
                    rows.append({headers[c.key]: "" if row[c.key] is None else plain_text(row[c.key])
                                 for c in LEDGER_COLUMNS})
    return rows


def _header(rows: list[dict], lang: str) -> list[str]:
    return list(rows[0].keys()) if rows else ledger_columns(lang)


def write_csv(rows: list[dict], target: Union[str, Path, IO[str], None] = None, *, lang: str = "zh") -> Optional[str]:
    """Write ledger rows as CSV; return the text when ``target`` is None.

    The format is :func:`~policyparse.export.cells.write_csv_table`'s: every field quoted,
    ``\\r\\n`` line ends, a UTF-8 BOM in a file, every cell through :func:`safe_cell`; a date is
    written as ``2017-06-30``. There is no title row: the CSV is for importing.

    >>> write_csv([{"序号": 1, "任务内容": "=1+1", "截止日期": datetime.date(2017, 6, 30)}]).split("\\r\\n")
    ['"序号","任务内容","截止日期"', '"1","\\'=1+1","2017-06-30"', '']
    """
    header = _header(rows, lang)
    return write_csv_table(header, ([row.get(name, "") for name in header] for row in rows), target)


# -- the printable workbook --------------------------------------------------------------------

TITLE_PT = 14.0
FONT_PT = 10.0
FONT = {"zh": "宋体", "en": "Calibri"}
BAND_COLOR = "#EDF1F7"  # light enough to write on and to photocopy; visible on screen and paper
HEADER_COLOR = "#D9E1F2"
SHEET_NAME = {"zh": "任务台账", "en": "Tasks"}


def ledger_title(rows: list[dict], lang: str = "zh") -> str:
    """The title row: the notice the ledger is about, or the first of several.

    >>> ledger_title([{"文件标题": "关于印发实施方案的通知", "发文字号": "揭府〔2018〕38号"}])
    '《关于印发实施方案的通知》（揭府〔2018〕38号）任务台账'
    >>> ledger_title([{"Document": "A", "Document number": ""}, {"Document": "B", "Document number": ""}], "en")
    'Task ledger: 《A》 and 1 more document'
    """
    document, number = (_header_of(key, lang) for key in ("document", "doc_number"))
    notices = list(dict.fromkeys((row.get(document, ""), row.get(number, "")) for row in rows))
    if not notices or not notices[0][0]:
        return "任务台账" if lang == "zh" else "Task ledger"
    title, doc_number = notices[0]
    more = len(notices) - 1
    if lang == "zh":
        named = f"《{title}》" + (f"（{doc_number}）" if doc_number and not more else "")
        return named + (f"等{len(notices)}份文件" if more else "") + "任务台账"
    named = f"《{title}》" + (f" ({doc_number})" if doc_number and not more else "")
    return "Task ledger: " + named + (f" and {more} more document{'s' if more > 1 else ''}" if more else "")


def _header_of(key: str, lang: str) -> str:
    return next(getattr(column, lang) for column in LEDGER_COLUMNS if column.key == key)


def _columns_for(header: list[str], lang: str) -> list[Column]:
    known = {getattr(column, code): column for column in LEDGER_COLUMNS for code in LANGS}
    return [known.get(name) or Column(name, name, name) for name in header]


class _Formats:
    """The workbook's cell formats: title, header, and each (band, column kind) of a data cell."""

    def __init__(self, book, lang: str):
        base = {"font_name": FONT[lang], "font_size": FONT_PT, "text_wrap": True, "valign": "vcenter",
                "border": 1}
        self.title = book.add_format(dict(base, font_size=TITLE_PT, bold=True, align="center", border=0))
        self.header = book.add_format(dict(base, bold=True, align="center", bg_color=HEADER_COLOR))
        self.cells = {}
        for band in (0, 1):
            fill = {"bg_color": BAND_COLOR} if band else {}
            for kind, extra in (("left", {"align": "left"}), ("center", {"align": "center"}),
                                ("date", {"align": "center", "num_format": "yyyy-mm-dd"})):
                self.cells[band, kind] = book.add_format(dict(base, **fill, **extra))

    def cell(self, band: int, column: Column, value) -> object:
        if isinstance(value, datetime.date):
            return self.cells[band, "date"]
        return self.cells[band, column.align]


def _setup_page(sheet, columns: list[Column], lang: str, last_row: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # every column on the page; as many pages down as it takes
    sheet.repeat_rows(1)  # the header row (row 2) on every page
    sheet.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页" if lang == "zh" else "&CPage &P of &N")
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(1, last_row), len(columns) - 1)


def write_xlsx(rows: list[dict], target: Union[str, Path], *, lang: str = "zh", sheet: Optional[str] = None) -> None:
    """Write ledger rows as a workbook ready to print and fill in; the file is replaced atomically.

    Row 1 is a title naming the notice (:func:`ledger_title`), row 2 the header (frozen, with
    filters, repeated on every printed page), then one row per assignment: wrapped text, a row
    height that shows all of it (and leaves two lines to write in), the rows of one task in the
    same band (every other task shaded), 截止日期 as a date cell. The page is landscape A4,
    fitted to its width, numbered in the footer.
    """
    from .xlsx import row_height, write_cell, workbook

    header = _header(rows, lang)
    columns = _columns_for(header, lang)
    widths = [column.width_for(lang) for column in columns]
    with workbook(target) as book:
        formats = _Formats(book, lang)
        page = book.add_worksheet(sheet or SHEET_NAME[lang])
        for col, width in enumerate(widths):
            page.set_column(col, col, width)
        title = ledger_title(rows, lang)
        page.set_row(0, row_height([(title, sum(widths))], TITLE_PT) + 4)
        if len(columns) > 1:
            page.merge_range(0, 0, 0, len(columns) - 1, "", formats.title)
        write_cell(page, 0, 0, title, formats.title)
        page.set_row(1, row_height(zip(header, widths), FONT_PT))
        for col, name in enumerate(header):
            write_cell(page, 1, col, name, formats.header)
        # A task's rows share its 序号: a new number starts the next band.
        band, previous = 1, object()
        seq = _header_of("seq", lang)
        for number, row in enumerate(rows, 2):
            values = [row.get(name, "") for name in header]
            if row.get(seq) != previous:
                band, previous = 1 - band, row.get(seq)
            page.set_row(number, row_height(zip((str(v) for v in values), widths), FONT_PT, min_lines=2))
            for col, (column, value) in enumerate(zip(columns, values)):
                write_cell(page, number, col, value, formats.cell(band, column, value))
        _setup_page(page, columns, lang, len(rows) + 1)


def write_ledger(rows: list[dict], target: Union[str, Path], *, lang: str = "zh") -> None:
    """Write ``rows`` as CSV or XLSX, chosen by the extension of ``target``."""
    suffix = Path(target).suffix.lower()
    if suffix == ".csv":
        write_csv(rows, target, lang=lang)
    elif suffix == ".xlsx":
        write_xlsx(rows, target, lang=lang)
    else:
        raise UsageError("ledger output must end in .csv or .xlsx", path=str(target))
