"""Data for analysis (issue 14): to_frame, JSONL and Parquet, the store's views and their docs,
the JSON Schema, ``parse -`` and the spaCy component.

The researcher's three questions (README) are asked here in pandas and in SQL over the same
results, and must agree.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import jsonschema
import pandas
import pytest

import policyparse
from policyparse.cli import main
from policyparse.export import SQLiteStore, to_json
from policyparse.export.frames import COLUMNS, LEVELS, to_frame
from policyparse.export.parquet import read_dataset, store_dataset, write_dataset, write_jsonl, write_parquet
from policyparse.schema import FIELD_DESCRIPTIONS, json_schema

ROOT = Path(__file__).resolve().parent.parent
RAW = sorted((ROOT / "corpus" / "raw").glob("*.txt"))


@pytest.fixture(scope="module")
def results():
    # 003 (青海, lead units with agencies) and 004 (two regions in one file, deadlines)
    return [policyparse.parse(path) for path in (RAW[3], RAW[4])]


@pytest.fixture(scope="module")
def store(results, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "policyparse.sqlite"
    with SQLiteStore(path) as db:
        for result in results:
            db.add(result, path=Path(result.source.path).name, output="x.json")
    conn = sqlite3.connect(path)
    yield path, conn
    conn.close()


# -- to_frame --------------------------------------------------------------------------------

def test_to_frame_has_one_row_per_thing(results):
    documents = to_frame(results, "documents")
    tasks = to_frame(results, "tasks")
    units = to_frame(results, "units")
    assignments = to_frame(results, "assignments")
    assert len(documents) == sum(len(r.documents) for r in results)
    assert len(tasks) == sum(len(d.tasks) for r in results for d in r.documents)
    assert len(assignments) == sum(len(t.assignments) for r in results for d in r.documents for t in d.tasks)
    assert len(units) == sum(len(a.lead) + len(a.support) + len(a.responsible) for r in results for d in r.documents
                             for t in d.tasks for a in t.assignments) + sum(
        len(t.implicit_units) for r in results for d in r.documents for t in d.tasks)
    for level, frame in (("documents", documents), ("tasks", tasks), ("units", units), ("assignments", assignments)):
        assert list(frame.columns) == [c.name for c in COLUMNS[level]]
    assert str(tasks.due_year.dtype) == "Int64" and str(tasks.ongoing.dtype) == "boolean"
    assert tasks.position.min() == 1 and documents.document.min() == 1  # positions 1-based
    first = results[0].documents[0].tasks[0]
    row = tasks.iloc[0]
    assert row.task_number == first.id and row.start == first.span.start and row.text == first.text
    assert isinstance(row.domains, list)
    with pytest.raises(policyparse.PolicyParseError):
        to_frame(results, "paragraphs")


def test_to_frame_reads_result_files(results, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(to_json(results[0]), encoding="utf-8")
    assert to_frame([path]).equals(to_frame(results[:1]))


def test_the_three_questions_agree_in_pandas_and_sql(results, store):
    _, conn = store
    units, tasks = to_frame(results, "units"), to_frame(results, "tasks")
    # which agency leads most tasks per region
    leads = units[units.role == "lead"].groupby(["region", "agency"]).task_id.nunique().sort_values().groupby(level=0).tail(1)
    sql = conn.execute(
        "SELECT region, agency, n FROM (SELECT region, agency, count(DISTINCT task_id) AS n, rank() OVER (PARTITION BY region"
        " ORDER BY count(DISTINCT task_id) DESC) AS r FROM unit_overview WHERE role = 'lead' AND agency IS NOT NULL"
        " GROUP BY region, agency) WHERE r = 1").fetchall()
    assert {k: v for k, v in leads.to_dict().items()} == {(r, a): n for r, a, n in sql}
    assert ("辽宁省大连市", "development_reform") in leads.to_dict()
    # tasks with deadlines by year
    by_year = tasks.groupby("due_year").size().to_dict()
    assert by_year == dict(conn.execute("SELECT due_year, count(*) FROM task_overview WHERE due_year IS NOT NULL"
                                        " GROUP BY due_year").fetchall())
    assert sum(by_year.values()) == sum(1 for r in results for d in r.documents for t in d.tasks
                                        if t.deadline and t.deadline.end)
    # domain counts per region
    domains = tasks.explode("domains").groupby(["region", "domains"]).size().to_dict()
    assert domains == {(r, d): n for r, d, n in conn.execute(
        "SELECT region, domain, count(*) FROM task_domain_regions GROUP BY region, domain")}
    assert sum(domains.values()) == sum(len(t.domains) for r in results for d in r.documents for t in d.tasks)


# -- JSONL and Parquet -------------------------------------------------------------------------

def test_jsonl(results, tmp_path):
    lines = write_jsonl(results).splitlines()
    assert [policyparse.ParseResult.model_validate_json(line) for line in lines] == results
    target = tmp_path / "tasks.jsonl"
    write_jsonl(results, target, level="tasks")
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows == json.loads(to_frame(results, "tasks").astype(object).where(lambda f: f.notna(), None)
                              .to_json(orient="records", force_ascii=False))


def test_parquet_file_and_dataset_read_by_pandas_duckdb_and_dask(results, tmp_path):
    write_parquet(results, tmp_path / "units.parquet", level="units")
    frame = to_frame(results, "units")
    assert len(pandas.read_parquet(tmp_path / "units.parquet")) == len(frame)
    counts = write_dataset(results, tmp_path / "data")
    assert counts == {level: len(to_frame(results, level)) for level in LEVELS}
    for level in LEVELS:
        key = ["path", "document_id"] + (["task_id"] if level != "documents" else []) + (
            ["assignment"] if level == "assignments" else ["role", "assignment", "position"] if level == "units" else [])
        back = read_dataset(tmp_path / "data", level).sort_values(key).reset_index(drop=True)
        want = to_frame(results, level).sort_values(key).reset_index(drop=True)
        assert back.to_dict("records") == want.to_dict("records"), level
    files = sorted((tmp_path / "data" / "tasks").glob("*.parquet"))
    assert len(files) == len({d.region.province for r in results for d in r.documents})  # one per province
    by_region = dict(duckdb.sql(f"SELECT region, count(*) FROM '{tmp_path}/data/tasks/*.parquet' GROUP BY region").fetchall())
    assert by_region == to_frame(results, "tasks").groupby("region").size().to_dict()
    import dask.dataframe

    tasks = dask.dataframe.read_parquet(str(tmp_path / "data" / "tasks"))
    assert tasks.npartitions >= len(files) and len(tasks) == counts["tasks"]
    # rewriting replaces, never mixes
    write_dataset(results[:1], tmp_path / "data")
    assert len(read_dataset(tmp_path / "data", "tasks")) == len(to_frame(results[:1], "tasks"))


def test_store_dataset_is_keyed_by_the_store(store, tmp_path):
    path, conn = store
    with SQLiteStore(path) as db:
        store_dataset(db, tmp_path / "parquet")
    tasks = read_dataset(tmp_path / "parquet", "tasks")
    assert set(tasks.task_id) == {row[0] for row in conn.execute("SELECT task_id FROM tasks")}
    assert set(tasks.path) == {row[0] for row in conn.execute("SELECT path FROM files")}


# -- the store's views and their page ------------------------------------------------------------

def test_views_need_no_json_parsing(results, store):
    _, conn = store
    doc = results[0].documents[0]
    did = conn.execute("SELECT document_id FROM documents ORDER BY document_id").fetchall()
    issuers = conn.execute("SELECT position, issuer FROM document_issuers WHERE document_id = ? ORDER BY position",
                           (sorted(r[0] for r in did if r[0].startswith(results[0].source.sha256[:16]))[0],)).fetchall()
    assert issuers == list(enumerate(doc.issuers, 1))
    task = next(t for t in doc.tasks if any(a.lead for a in t.assignments))
    lead = conn.execute("SELECT lead FROM task_overview WHERE task_number = ? AND path = ?",
                        (task.id, Path(results[0].source.path).name)).fetchone()[0]
    assert lead == "、".join(u.name for a in task.assignments for u in a.lead)


def _documented() -> dict[str, dict[str, str]]:
    page = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    out, current = {}, None
    for line in page.splitlines():
        heading = re.match(r"^### (\w+)$", line)
        if heading:
            current = out.setdefault(heading.group(1), {})
        elif current is not None and line.startswith("| ") and not line.startswith("| column"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            current[cells[0]] = cells[1]
    return out


def test_store_page_lists_every_table_and_column(store):
    _, conn = store
    documented = _documented()
    objects = conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
                           " AND name NOT LIKE 'sqlite_%'").fetchall()
    assert {name for name, _ in objects} == set(documented)
    for name, kind in objects:
        columns = conn.execute(f"PRAGMA table_info({name})").fetchall()
        assert [c[1] for c in columns] == list(documented[name]), name
        for column in columns:
            if kind == "table":
                assert documented[name][column[1]] == column[2], (name, column[1])


# -- JSON Schema ---------------------------------------------------------------------------------

def test_schema_has_an_id_a_description_on_every_field_and_enums_for_codes(results):
    schema = json_schema()
    assert schema["$id"].startswith("urn:policyparse:")
    models = {"ParseResult": schema, **schema["$defs"]}
    missing = [f"{model}.{name}" for model, body in models.items() for name, prop in body["properties"].items()
               if not prop.get("description")]
    assert missing == []
    total = sum(len(body["properties"]) for body in models.values())
    assert total >= 84 and set(FIELD_DESCRIPTIONS) == set(models)
    agency = schema["$defs"]["Unit"]["properties"]["agency"]["anyOf"][0]["enum"]
    assert "development_reform" in agency
    rule = re.compile(schema["$defs"]["Edit"]["properties"]["rule"]["pattern"])
    assert rule.match("to_simplified") and rule.match("repair_mojibake+to_simplified") and not rule.match("guess")
    for result in results:  # real output satisfies the schema, enums included
        jsonschema.validate(json.loads(result.model_dump_json()), schema)
    bad = json.loads(results[0].model_dump_json())
    bad["documents"][0]["tasks"][0]["domains"] = ["not_a_domain"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# -- parse - and the spaCy component -------------------------------------------------------------

def test_parse_reads_standard_input(monkeypatch, capsys):
    data = RAW[3].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["parse", "-", "--compact"]) == 0
    from_stdin = json.loads(capsys.readouterr().out)
    assert from_stdin["source"]["path"] == "<stdin>"
    assert from_stdin["documents"] == json.loads(policyparse.parse(RAW[3]).model_dump_json())["documents"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["parse", "-"]) == 2
    assert "[E102]" in capsys.readouterr().err


def test_spacy_component_after_install_without_importing_policyparse():
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('zh')\n"
        "nlp.add_pipe('policyparse')\n"
        f"doc = nlp(open({str(RAW[3])!r}, encoding='utf-8').read())\n"
        "import json\n"
        "r = doc._.policyparse\n"
        "print(json.dumps({k: [[s.start_char, s.end_char, s.label_, s.id_, s.kb_id_, s.text] for s in doc.spans[k]]\n"
        "    for k in ('policyparse_tasks', 'policyparse_units', 'policyparse_deadlines')}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    spans = json.loads(out)
    result = policyparse.parse(RAW[3].read_text(encoding="utf-8"))
    tasks = [t for d in result.documents for t in d.tasks]
    assert [s[3] for s in spans["policyparse_tasks"]] == [t.id for t in tasks]
    roles = Counter(s[2] for s in spans["policyparse_units"])
    assert roles["lead"] == sum(len(a.lead) for t in tasks for a in t.assignments) > 0
    text = RAW[3].read_text(encoding="utf-8")
    for start, end, label, _, agency, shown in spans["policyparse_units"]:
        assert text[start:end] == shown
    lead = [s for s in spans["policyparse_units"] if s[2] == "lead"]
    assert any(s[4] == "development_reform" for s in lead)
    assert len(spans["policyparse_deadlines"]) == sum(1 for t in tasks if t.deadline and t.deadline.span)


def test_the_readme_answers_run(results, store):
    """The README's one-liners, taken from the README itself, run and give the answers above."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Research questions, one line each", 1)[1].split("\n## ", 1)[0]
    python = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    sql = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
    lines = [line for line in python.splitlines() if line and not line.startswith("#")]
    queries = [line for line in sql.splitlines() if line.strip()]
    assert len(lines) == len(queries) == 3
    scope = {"tasks": to_frame(results, "tasks"), "units": to_frame(results, "units")}
    answers = [eval(line, scope) for line in lines]  # noqa: S307 (our own README)
    _, conn = store
    rows = [conn.execute(query).fetchall() for query in queries]
    assert {(r, a): n for r, a, n in rows[0]} == answers[0].to_dict()
    assert dict(rows[1]) == answers[1].to_dict()
    assert {(r, d): n for r, d, n in rows[2]} == answers[2].to_dict()
