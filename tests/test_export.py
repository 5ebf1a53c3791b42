"""Export: JSON round trip, task ledgers (columns, one row per assignment, formula safety), SQLite store.

The results are built from the gold annotations (``corpus/gold``), so these tests do not depend
on how well the parser does today.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from pathlib import Path

import pytest

from policyparse.cli import main
from policyparse.errors import InputError, UsageError
from policyparse.export import (
    LEDGER_COLUMNS,
    SQLiteStore,
    ledger_columns,
    ledger_rows,
    load_result,
    result_id,
    safe_cell,
    table_contents,
    to_json,
    version_key,
    write_csv,
    write_xlsx,
)
from policyparse.schema import (
    Assignment, Cite, Deadline, Document, OutlineItem, ParseResult, Principle, Region, SourceInfo, Span, Target,
    Task, Unit,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD_NAMES = sorted(p.stem for p in (CORPUS / "gold").glob("*.json"))


def _units(names) -> list[Unit]:
    return [Unit(name=name) for name in names]


def _gold_task(task: dict, text: str) -> Task:
    start = text.find(task["text"][:12]) if task["text"] else -1
    span = Span(start=start, end=start + len(task["text"]), raw_start=start, raw_end=start + len(task["text"])) \
        if start >= 0 else None
    deadline = task.get("deadline")
    return Task(
        id=task["id"], heading=task.get("heading"), text=task["text"], span=span,
        assignments=[Assignment(text=a["text"], raw=a["raw"], lead=_units(a["lead"]), support=_units(a["support"]),
                                responsible=_units(a["responsible"])) for a in task["assignments"]],
        implicit_units=_units(task.get("implicit_units", [])),
        deadline=Deadline(raw=deadline["raw"], start=deadline.get("start"), end=deadline.get("end"),
                          ongoing=deadline.get("ongoing", False)) if deadline else None,
        targets=[Target(raw=t["raw"], by=t.get("by")) for t in task.get("targets", [])],
        reference=task.get("reference"), domains=task.get("domains", []),
    )


def gold_documents(name: str, text: str = "") -> list[Document]:
    """The gold annotation of corpus/gold/NAME.json as schema documents."""
    gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    return [
        Document(
            title=doc["title"], doc_type=doc["doc_type"], doc_number=doc["doc_number"], issuers=doc["issuers"],
            issue_date=doc["issue_date"], effective_date=doc["effective_date"], region=Region(**doc["region"]),
            level=doc["level"], recipients=doc["recipients"],
            cites=[Cite(title=c["title"], doc_number=c["doc_number"]) for c in doc["cites"]],
            principles=[Principle(title=p, text=p) for p in doc["principles"]],
            outline=[OutlineItem(marker=o["marker"], level=o["level"], title=o["title"]) for o in doc["outline"]],
            tasks=[_gold_task(task, text) for task in doc["tasks"]],
        )
        for doc in gold["documents"]
    ]


def gold_result(name: str, path: str | None = None) -> ParseResult:
    """A ParseResult for corpus/raw/NAME.txt whose structure is the gold annotation."""
    raw = (CORPUS / "raw" / f"{name}.txt").read_bytes()
    text = raw.decode("utf-8", errors="replace")
    return ParseResult(
        parser_version="test",
        source=SourceInfo(path=path or f"corpus/raw/{name}.txt", sha256=hashlib.sha256(raw).hexdigest(),
                          format="txt", encoding="utf-8", bytes=len(raw)),
        normalized_text=text, documents=gold_documents(name, text),
    )


def tiny_result(sha_seed: str = "x", **task_fields) -> ParseResult:
    """A one-task result whose task can carry hostile text."""
    task = Task(id="一/(一)", text=task_fields.pop("text", "加强政务诚信建设。"), **task_fields)
    return ParseResult(
        parser_version="test",
        source=SourceInfo(path="in/notice.txt", sha256=hashlib.sha256(sha_seed.encode()).hexdigest(),
                          format="txt", bytes=10),
        normalized_text=task.text,
        documents=[Document(title="关于印发实施方案的通知", region=Region(province="福建省", city="南平市"),
                            level="city", tasks=[task])],
    )


@pytest.fixture(scope="module")
def gold_results() -> list[ParseResult]:
    return [gold_result(name) for name in GOLD_NAMES]


# -- JSON --------------------------------------------------------------------------------------

def test_json_round_trip_keeps_every_field(tmp_path, gold_results):
    result = gold_results[0]
    target = tmp_path / "r.json"
    with target.open("w", encoding="utf-8") as stream:
        assert to_json(result, stream) is None
    text = target.read_text(encoding="utf-8")
    assert "南平市" in text  # Chinese written as is, not \u escapes
    assert load_result(target) == result


@pytest.mark.parametrize("content, problem", [
    (b"{not json", "not a policyparse result JSON"),
    (b'{"documents": []}', "source"),
])
def test_load_result_rejects_other_json_with_an_input_error(tmp_path, content, problem):
    target = tmp_path / "other.json"
    target.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_result(target)
    assert problem in info.value.message and info.value.path == str(target)


# -- ledger ------------------------------------------------------------------------------------

def test_ledger_has_one_row_per_assignment_and_one_per_task_without_one(gold_results):
    expected = sum(max(1, len(task.assignments)) for r in gold_results for d in r.documents for task in d.tasks)
    rows = ledger_rows(gold_results)
    assert len(rows) == expected > 50
    # 序号 counts tasks, as a 台账 does: the rows of one task (one per clause) share it.
    tasks = [max(1, len(task.assignments)) for r in gold_results for d in r.documents for task in d.tasks]
    assert [row["序号"] for row in rows] == [n for n, count in enumerate(tasks, 1) for _ in range(count)]
    assert max(tasks) > 1, "the gold has a task with several clauses"


def test_ledger_row_carries_roles_region_and_source(gold_results):
    rows = ledger_rows(gold_results[:1])
    task = gold_results[0].documents[0].tasks[0]
    first = rows[0]
    assert first["原文位置"] == task.id
    assert first["地区"] == "福建省南平市" and first["层级"] == "市级"
    assert first["文件标题"] == gold_results[0].documents[0].title
    assert first["来源文件"] == gold_results[0].source.path
    assert first["责任单位"] == "、".join(u.name for u in task.assignments[0].responsible)
    # Every row's unit columns are its own clause's units, in order (issue 16 #12: this used to
    # keep only rows with a lead and then check that they had one).
    expected = []
    for result in gold_results:
        for document in result.documents:
            for t in document.tasks:
                clauses = t.assignments or [None]
                for a in clauses:
                    # A task without a clause: the units its text makes responsible are its 责任单位.
                    expected.append(tuple("、".join(u.name for u in getattr(a, role)) if a else
                                          ("、".join(u.name for u in t.implicit_units) if role == "responsible" else "")
                                          for role in ("lead", "support", "responsible")))
    rows = ledger_rows(gold_results)
    assert [(row["牵头单位"], row["配合单位"], row["责任单位"]) for row in rows] == expected
    assert sum(1 for lead, _, _ in expected if lead) > 10, "the gold has 牵头 clauses"


def test_task_without_clause_keeps_its_implicit_units_and_deadline():
    result = tiny_result(implicit_units=[Unit(name="区发展改革委")],
                         deadline=Deadline(raw="长期坚持", ongoing=True),
                         targets=[Target(raw="覆盖率达到100%")], domains=["procurement"],
                         span=Span(start=0, end=9, raw_start=3, raw_end=14))
    (row,) = ledger_rows([result], lang="en")
    assert row["Responsible units"] == "区发展改革委"
    assert row["Lead units"] == row["Supporting units"] == ""
    # As printed, and no due date: 长期 is not a date (issue 15).
    assert (row["Time limit"], row["Due date"]) == ("长期坚持", "")
    assert row["Domains"] == "Government procurement" and row["Level"] == "Municipal"
    assert row["Position"] == "一/(一)"
    assert row["Progress"] == row["Notes"] == ""


def test_column_names_in_chinese_and_english():
    zh, en = ledger_columns("zh"), ledger_columns("en")
    for name in ("序号", "地区", "文件标题", "发文字号", "重点任务", "任务内容", "牵头单位", "配合单位",
                 "责任单位", "完成时限", "截止日期", "进展情况", "备注", "原文位置", "层级", "领域"):
        assert name in zh
    assert en[zh.index("牵头单位")] == "Lead units"
    assert en[zh.index("完成时限")] == "Time limit"
    assert len(zh) == len(en) == len(LEDGER_COLUMNS) == len(set(zh)) == len(set(en))
    with pytest.raises(UsageError):
        ledger_columns("fr")


HOSTILE = ["=HYPERLINK(\"http://evil\",\"点击\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1",
           "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("value", HOSTILE)
def test_safe_cell_prefixes_formula_starts(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["市发展改革委", "2020年底前", "'已引用", "", "（一）", "１=1"])
def test_safe_cell_leaves_ordinary_text(value):
    assert safe_cell(value) == value


def _hostile_result() -> ParseResult:
    return tiny_result(text=HOSTILE[0], heading=HOSTILE[1],
                       assignments=[Assignment(text="x", raw=HOSTILE[6], lead=[Unit(name=HOSTILE[2])],
                                               support=[Unit(name=HOSTILE[3])],
                                               responsible=[Unit(name=HOSTILE[4])])],
                       deadline=Deadline(raw=HOSTILE[5]))


def test_csv_cells_cannot_become_formulas(tmp_path):
    target = tmp_path / "tasks.csv"
    write_csv(ledger_rows([_hostile_result()]), target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ledger_columns("zh")
    cells = [cell for cell in rows[1] if cell]
    # The TAB and CR in front of "=1+1" are gone (one-line cells, issue 15): the text starts with "=".
    hostile_cells = [cell for cell in cells if cell.lstrip("'")[:1] in ("=", "+", "-", "@")]
    assert len(hostile_cells) == 6  # task text, heading, lead, support, responsible, deadline
    assert all(cell.startswith("'") for cell in hostile_cells)
    assert not any(ch in cell for cell in cells for ch in "\t\r\n")


def test_xlsx_cells_are_strings_never_formulas(tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "ledger.xlsx"
    write_xlsx(ledger_rows([_hostile_result()]), target)
    sheet = load_workbook(target).active
    header = [cell.value for cell in sheet[2]]  # row 1 is the title
    assert header == ledger_columns("zh")
    cells = list(sheet[3])
    assert all(cell.data_type != "f" for cell in cells)
    values = {header[i]: cell.value for i, cell in enumerate(cells)}
    assert values["任务内容"] == "'" + HOSTILE[0]
    assert values["牵头单位"] == "'" + HOSTILE[2]
    assert values["配合单位"] == "'" + HOSTILE[3]
    assert values["序号"] == 1


def test_xlsx_drops_characters_xml_cannot_hold(tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "ledger.xlsx"
    write_xlsx(ledger_rows([tiny_result(text="加强\x0b政务\x1f诚信\x07")]), target)
    sheet = load_workbook(target).active
    # VT and US break a line or a field: a space; BEL is nothing.
    assert sheet.cell(row=3, column=ledger_columns("zh").index("任务内容") + 1).value == "加强 政务 诚信"


# -- SQLite store ------------------------------------------------------------------------------

def test_store_adds_once_and_answers_has(tmp_path, gold_results):
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        version = version_key("test")
        for result in gold_results:
            assert not store.has(result.source.sha256, version)
            store.add(result, path=result.source.path)
            store.add(result, path=result.source.path)  # again: nothing doubles
            assert store.has(result.source.sha256, version)
        counts = store.counts()
    tasks = sum(len(d.tasks) for r in gold_results for d in r.documents)
    assert counts == {"files_ok": len(gold_results), "files_error": 0,
                      "documents": sum(len(r.documents) for r in gold_results), "tasks": tasks}
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == tasks
    assignments = sum(len(t.assignments) for r in gold_results for d in r.documents for t in d.tasks)
    assert conn.execute("SELECT count(*) FROM assignments").fetchone()[0] == assignments
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_store_answers_a_cross_region_question_in_sql(tmp_path, gold_results):
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        for result in gold_results:
            store.add(result, path=result.source.path)
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    rows = conn.execute("SELECT province, count(DISTINCT task_id) FROM task_units WHERE role = 'lead'"
                        " GROUP BY province ORDER BY province").fetchall()
    expected: dict = {}
    for result in gold_results:
        for doc in result.documents:
            n = sum(1 for t in doc.tasks if any(a.lead for a in t.assignments))
            if n:
                expected[doc.region.province] = expected.get(doc.region.province, 0) + n
    assert dict(rows) == expected
    plan = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM units WHERE name = '市发展改革委'").fetchall())
    assert "units_name" in plan


def test_store_records_errors_and_replaces_them_on_success(tmp_path, gold_results):
    result = gold_results[1]
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        store.add_error("in/a.txt", stage="read", code="E102", reason="file is empty", sha256="0" * 64)
        assert store.errors() == [{"path": "in/a.txt", "source": "in/a.txt", "stage": "read", "code": "E102",
                                   "reason": "file is empty"}]
        assert store.counts()["files_error"] == 1
        store.add(result, path="in/a.txt")
        assert store.errors() == [] and store.counts()["files_ok"] == 1


def test_store_drops_a_result_no_file_points_to_any_more(tmp_path):
    old, new = tiny_result("old"), tiny_result("new")
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        store.add(old, path="in/a.txt")
        store.add(old, path="in/b.txt")  # same content in two places
        store.add(new, path="in/a.txt")  # a.txt was edited
        assert store.has(old.source.sha256, version_key("test"))  # b.txt still uses it
        store.add(new, path="in/b.txt")
        assert not store.has(old.source.sha256, version_key("test"))
        assert store.link("in/c.txt", new.source.sha256, version_key("test"))
        assert not store.link("in/d.txt", old.source.sha256, version_key("test"))
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 1
    assert conn.execute("SELECT result_id FROM results").fetchall() == [
        (result_id(new.source.sha256, version_key("test")),)]


def test_store_rejects_a_file_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "s.sqlite"
    bogus.write_text("not sqlite " * 100)
    with pytest.raises(UsageError):
        SQLiteStore(bogus)


def test_table_contents_ignores_insertion_order(tmp_path, gold_results):
    for name, order in (("a.sqlite", gold_results), ("b.sqlite", gold_results[::-1])):
        with SQLiteStore(tmp_path / name) as store:
            for result in order:
                store.add(result, path=result.source.path)
    assert table_contents(tmp_path / "a.sqlite") == table_contents(tmp_path / "b.sqlite")


# -- policyparse ledger --------------------------------------------------------------------------

@pytest.fixture
def result_files(tmp_path, gold_results) -> list[str]:
    paths = []
    for result in gold_results[:2]:
        path = tmp_path / "results" / (Path(result.source.path).name + ".json")
        path.parent.mkdir(exist_ok=True)
        path.write_text(to_json(result), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_ledger_command_writes_xlsx_with_chinese_columns(tmp_path, result_files, gold_results):
    from openpyxl import load_workbook

    target = tmp_path / "ledger.xlsx"
    assert main(["ledger", *result_files, "-o", str(target)]) == 0
    sheet = load_workbook(target).active
    assert [cell.value for cell in sheet[2]] == ledger_columns("zh")
    assert sheet.max_row - 2 == len(ledger_rows(gold_results[:2]))


def test_ledger_command_csv_in_english_from_a_folder(tmp_path, result_files):
    target = tmp_path / "ledger.csv"
    assert main(["ledger", str(Path(result_files[0]).parent), "-o", str(target), "--lang", "en"]) == 0
    header = next(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert header == ledger_columns("en")


@pytest.mark.parametrize("args, message", [
    (["missing.json", "-o", "x.xlsx"], "no such result file"),
    (["{first}", "-o", "ledger.pdf"], "must end in .csv or .xlsx"),
])
def test_ledger_command_user_mistakes_are_one_line(tmp_path, result_files, capsys, args, message):
    args = [a.replace("{first}", result_files[0]) for a in args]
    args = [str(tmp_path / a) if a.endswith((".xlsx", ".pdf")) else a for a in args]
    assert main(["ledger", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_store_replace_rewrites_a_result_in_place(tmp_path):
    first = tiny_result("same", text="加强政务诚信建设。")
    second = tiny_result("same", text="健全政务失信记录。")  # same content hash, a newer parse of it
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        store.add(first, path="in/a.txt")
        store.add(first, path="in/b.txt")
        store.add(second, path="in/a.txt")  # without replace the stored result stands
        store.add(second, path="in/a.txt", replace=True)
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    assert conn.execute("SELECT text FROM tasks").fetchall() == [("健全政务失信记录。",)]
    assert conn.execute("SELECT count(*) FROM files WHERE result_id IS NOT NULL").fetchone()[0] == 2
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_ledger_command_reads_a_batch_store(tmp_path, gold_results):
    with SQLiteStore(tmp_path / "policyparse.sqlite") as store:
        for result in gold_results[:2]:
            store.add(result, path=result.source.path)
    target = tmp_path / "ledger.csv"
    assert main(["ledger", str(tmp_path / "policyparse.sqlite"), "-o", str(target)]) == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) - 1 == len(ledger_rows(gold_results[:2]))


def test_xlsx_has_a_frozen_bold_header_and_a_filter_over_every_row(tmp_path, gold_results):
    from openpyxl import load_workbook

    from policyparse.export.xlsx import column_letter

    rows = ledger_rows(gold_results, lang="en")
    target = tmp_path / "ledger.xlsx"
    write_xlsx(rows, target, lang="en")
    workbook = load_workbook(target)
    sheet = workbook.active
    assert sheet.title == "Tasks"
    assert sheet.freeze_panes == "A3"  # title and header stay on screen
    assert sheet.auto_filter.ref == f"A2:{column_letter(len(LEDGER_COLUMNS))}{len(rows) + 2}"
    assert all(cell.font.b for cell in sheet[2])
    assert sheet.max_row == len(rows) + 2 and sheet.max_column == len(LEDGER_COLUMNS)
    text_column = ledger_columns("en").index("Task") + 1
    assert sheet.cell(row=3, column=text_column).value == rows[0]["Task"]
    assert sheet.column_dimensions["C"].width > 2 * sheet.column_dimensions["A"].width
