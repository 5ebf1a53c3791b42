"""An embedded SQLite store of parse results, queryable across regions with plain SQL.

Layout (every table keyed by a readable, deterministic id, so two runs over the same files give
the same rows whatever order the workers finished in):

- ``results``: one row per distinct input content, reader and parser version (``result_id`` =
  first 16 hex digits of the sha256, the reader key, ``@`` and the version); holds the full
  result JSON, so ledgers and result files can be regenerated from the store alone. The reader
  key is the part of the file name reading depends on, its extension (``.txt``, ``.pdf``): the
  same bytes named ``.txt`` parse and named ``.pdf`` fail, so an outcome is keyed by both;
- ``files``: one row per input (``path`` as it appears under the output folder, ``source`` as
  it was found on disk): its sha256, status (``ok`` / ``error``), the result it
  points to and the JSON file written for it; ``errors``: why a file failed (stage, code, reason);
- ``documents`` → ``tasks`` → ``assignments`` → ``units`` (role ``lead`` / ``support`` /
  ``responsible``, or ``implicit`` with no assignment); ``deadlines``, ``targets``,
  ``task_domains`` per task; ``edits`` (normalization) per result;
- the view ``task_units`` joins a unit to its task, document and region, e.g.::

      SELECT province, count(DISTINCT task_id) FROM task_units
      WHERE role = 'lead' AND name LIKE '%发展改革%' GROUP BY province;

- views that need no JSON parsing: ``task_overview`` (one row per task of every ok file, with
  region, deadline year, lead / support / responsible units and domains as plain text),
  ``unit_overview`` (one row per unit with its region), ``task_domain_regions`` (one row per
  task and domain), and ``document_issuers`` / ``document_recipients`` / ``document_cites`` (one
  row per list element).

Every table and column, its type, meaning and base is listed in ``docs/store.md``; positions are
1-based, offsets 0-based (``test_store_docs`` checks that the page names every column).

Each :meth:`SQLiteStore.add` / :meth:`SQLiteStore.add_error` is one transaction: a process killed
in the middle (``kill -9``) leaves the store as it was before that file.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional, Union

from .. import __version__
from ..errors import UsageError
from ..schema import SCHEMA_VERSION, ParseResult, Span
from .json import dumps_plain, from_json

STORE_LAYOUT = "2"  # 2: results keyed by reader too (issue 16 #1)

_SPAN_COLUMNS = "start_offset INTEGER, end_offset INTEGER, raw_start INTEGER, raw_end INTEGER"

SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    result_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    reader TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL,
    format TEXT,
    encoding TEXT,
    bytes INTEGER,
    pages INTEGER,
    documents INTEGER NOT NULL,
    tasks INTEGER NOT NULL,
    warnings TEXT NOT NULL,
    result_json TEXT NOT NULL,
    UNIQUE (sha256, reader, version)
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    source TEXT,
    output TEXT,
    sha256 TEXT,
    version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    result_id TEXT REFERENCES results (result_id) ON DELETE SET NULL,
    parsed_at TEXT
);
CREATE TABLE IF NOT EXISTS errors (
    path TEXT PRIMARY KEY REFERENCES files (path) ON DELETE CASCADE,
    sha256 TEXT,
    version TEXT NOT NULL,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY,
    result_id TEXT NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT, doc_type TEXT, doc_number TEXT, issuers TEXT, issue_date TEXT, effective_date TEXT,
    province TEXT, city TEXT, county TEXT, level TEXT,
    recipients TEXT, cites TEXT, principles TEXT, outline TEXT,
    {_SPAN_COLUMNS}
);
CREATE TABLE IF NOT EXISTS tasks (
    task_id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (document_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    heading TEXT, text TEXT NOT NULL, section_kind TEXT, reference TEXT, domains TEXT,
    {_SPAN_COLUMNS}
);
CREATE TABLE IF NOT EXISTS assignments (
    assignment_id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT, raw TEXT,
    {_SPAN_COLUMNS}
);
CREATE TABLE IF NOT EXISTS units (
    unit_id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
    assignment_id TEXT REFERENCES assignments (assignment_id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'support', 'responsible', 'implicit')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL, canonical TEXT, level TEXT, agency TEXT,
    {_SPAN_COLUMNS}
);
CREATE TABLE IF NOT EXISTS deadlines (
    task_id TEXT PRIMARY KEY REFERENCES tasks (task_id) ON DELETE CASCADE,
    raw TEXT NOT NULL, start_date TEXT, end_date TEXT, ongoing INTEGER NOT NULL, relative INTEGER NOT NULL,
    {_SPAN_COLUMNS}
);
CREATE TABLE IF NOT EXISTS targets (
    target_id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    raw TEXT NOT NULL, metric TEXT, value REAL, unit TEXT, by_date TEXT,
    {_SPAN_COLUMNS}
);
CREATE TABLE IF NOT EXISTS task_domains (
    task_id TEXT NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    evidence TEXT,
    PRIMARY KEY (task_id, code)
);
CREATE TABLE IF NOT EXISTS edits (
    edit_id TEXT PRIMARY KEY,
    result_id TEXT NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start_offset INTEGER, end_offset INTEGER, raw_start INTEGER, raw_end INTEGER,
    before TEXT, after TEXT, rule TEXT, entry TEXT
);
CREATE INDEX IF NOT EXISTS files_result ON files (result_id);
CREATE INDEX IF NOT EXISTS files_sha ON files (sha256, version);
CREATE INDEX IF NOT EXISTS documents_result ON documents (result_id);
CREATE INDEX IF NOT EXISTS documents_region ON documents (province, city, county);
CREATE INDEX IF NOT EXISTS documents_level ON documents (level);
CREATE INDEX IF NOT EXISTS documents_number ON documents (doc_number);
CREATE INDEX IF NOT EXISTS documents_date ON documents (issue_date);
CREATE INDEX IF NOT EXISTS tasks_document ON tasks (document_id);
CREATE INDEX IF NOT EXISTS tasks_reference ON tasks (reference);
CREATE INDEX IF NOT EXISTS assignments_task ON assignments (task_id);
CREATE INDEX IF NOT EXISTS units_task ON units (task_id);
CREATE INDEX IF NOT EXISTS units_assignment ON units (assignment_id);
CREATE INDEX IF NOT EXISTS units_name ON units (name);
CREATE INDEX IF NOT EXISTS units_canonical ON units (canonical);
CREATE INDEX IF NOT EXISTS units_agency ON units (agency, role);
CREATE INDEX IF NOT EXISTS deadlines_end ON deadlines (end_date);
CREATE INDEX IF NOT EXISTS targets_task ON targets (task_id);
CREATE INDEX IF NOT EXISTS task_domains_code ON task_domains (code);
CREATE INDEX IF NOT EXISTS edits_result ON edits (result_id);
CREATE VIEW IF NOT EXISTS task_units AS
    SELECT d.province, d.city, d.county, d.level AS document_level, d.title, d.doc_number,
           d.result_id, t.task_id, t.number AS task_number, t.heading, t.text AS task_text,
           u.role, u.name, u.canonical, u.agency, u.level AS unit_level,
           dl.end_date AS due, dl.ongoing
    FROM units u
    JOIN tasks t ON t.task_id = u.task_id
    JOIN documents d ON d.document_id = t.document_id
    LEFT JOIN deadlines dl ON dl.task_id = t.task_id;
-- Views that need no JSON parsing (issue 14): lists stored as JSON text, one row per element,
-- positions 1-based like every position column.
CREATE VIEW IF NOT EXISTS document_issuers AS
    SELECT d.document_id, j.key + 1 AS position, j.value AS issuer
    FROM documents d, json_each(d.issuers) j;
CREATE VIEW IF NOT EXISTS document_recipients AS
    SELECT d.document_id, j.key + 1 AS position, j.value AS recipient
    FROM documents d, json_each(d.recipients) j;
CREATE VIEW IF NOT EXISTS document_cites AS
    SELECT d.document_id, j.key + 1 AS position, json_extract(j.value, '$.title') AS title,
           json_extract(j.value, '$.doc_number') AS doc_number
    FROM documents d, json_each(d.cites) j;
CREATE VIEW IF NOT EXISTS task_overview AS
    SELECT f.path, t.task_id, t.document_id, d.position AS document, t.position, t.number AS task_number,
           d.province, d.city, d.county,
           coalesce(d.province, '') || coalesce(d.city, '') || coalesce(d.county, '') AS region,
           d.level, d.title, d.doc_number, d.issue_date,
           t.heading, t.text, t.section_kind, t.reference,
           dl.raw AS deadline, dl.start_date, dl.end_date AS due,
           CAST(substr(dl.end_date, 1, 4) AS INTEGER) AS due_year, dl.ongoing,
           (SELECT group_concat(name, '、') FROM (SELECT u.name FROM units u WHERE u.task_id = t.task_id
               AND u.role = 'lead' ORDER BY u.assignment_id, u.position)) AS lead,
           (SELECT group_concat(name, '、') FROM (SELECT u.name FROM units u WHERE u.task_id = t.task_id
               AND u.role = 'support' ORDER BY u.assignment_id, u.position)) AS support,
           (SELECT group_concat(name, '、') FROM (SELECT u.name FROM units u WHERE u.task_id = t.task_id
               AND u.role = 'responsible' ORDER BY u.assignment_id, u.position)) AS responsible,
           (SELECT group_concat(code, ' ') FROM (SELECT code FROM task_domains td WHERE td.task_id = t.task_id
               ORDER BY code)) AS domains,
           (SELECT count(*) FROM targets g WHERE g.task_id = t.task_id) AS targets
    FROM tasks t
    JOIN documents d ON d.document_id = t.document_id
    JOIN files f ON f.result_id = d.result_id AND f.status = 'ok'
    LEFT JOIN deadlines dl ON dl.task_id = t.task_id;
CREATE VIEW IF NOT EXISTS unit_overview AS
    SELECT o.path, o.region, o.province, o.city, o.county, o.title, o.task_id, o.task_number, o.due, o.due_year,
           u.unit_id, u.role, u.position, u.name, u.canonical, u.agency, u.level AS unit_level
    FROM units u JOIN task_overview o ON o.task_id = u.task_id;
CREATE VIEW IF NOT EXISTS task_domain_regions AS
    SELECT o.path, o.region, o.province, o.city, o.county, o.task_id, td.code AS domain
    FROM task_domains td JOIN task_overview o ON o.task_id = td.task_id;
"""

# Columns that change from run to run; everything else is a function of the inputs.
TIMESTAMP_COLUMNS = {"files": ("parsed_at",), "errors": ("created_at",)}


def version_key(parser_version: Optional[str] = None, schema_version: Optional[str] = None) -> str:
    """The version a result is keyed by: parser version and output schema version together.

    >>> version_key("0.1.0", "1.0")
    '0.1.0+schema.1.0'
    """
    return f"{parser_version or __version__}+schema.{schema_version or SCHEMA_VERSION}"


def result_id(sha256: str, version: str, reader: str = "") -> str:
    """The store id of a result: a short content hash, the reader key and the version it was parsed with.

    >>> result_id("ab" * 32, "0.1.0+schema.1.0", ".pdf")
    'abababababababab.pdf@0.1.0+schema.1.0'
    """
    return f"{sha256[:16]}{reader}@{version}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _span(span: Optional[Span]) -> tuple:
    if span is None:
        return (None, None, None, None)
    return (span.start, span.end, span.raw_start, span.raw_end)


class SQLiteStore:
    """Parse results in one SQLite file; safe to re-open, add to and query while nothing writes.

    path (str | Path): the database file (created with its tables if missing).

    >>> import tempfile, os
    >>> store = SQLiteStore(os.path.join(tempfile.mkdtemp(), "policyparse.sqlite"))
    >>> store.has("0" * 64, version_key())
    False
    >>> store.close()
    """

    def __init__(self, path: Union[str, Path]):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE … COMMIT) per file.
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"cannot open the store: {exc}", path=str(self.path)) from None
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise UsageError(f"not a policyparse store ({exc})", path=str(self.path)) from None

    # -- lifecycle -----------------------------------------------------------------------------

    def _migrate(self) -> None:
        row = None
        has_meta = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if has_meta:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'store_layout'").fetchone()
        if row is not None and row[0] != STORE_LAYOUT:
            raise UsageError(f"store layout {row[0]} is not the layout {STORE_LAYOUT} this version writes;"
                             " write to a new output folder", path=str(self.path))
        self.conn.executescript(SCHEMA_SQL)
        self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('store_layout', ?)", (STORE_LAYOUT,))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _transaction(self):
        store = self

        class _Tx:
            def __enter__(self):
                store.conn.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, exc, tb):
                store.conn.execute("ROLLBACK" if exc_type else "COMMIT")

        return _Tx()

    # -- queries -------------------------------------------------------------------------------

    def has(self, sha256: str, version: str, reader: str = "") -> bool:
        """True when a result for this content, reader and version is stored (so parsing can be skipped)."""
        row = self.conn.execute("SELECT 1 FROM results WHERE result_id = ?",
                                (result_id(sha256, version, reader),)).fetchone()
        return row is not None

    def file_status(self, path: str) -> Optional[tuple[str, Optional[str], str]]:
        """``(status, sha256, version)`` recorded for an input path, or None if never seen."""
        row = self.conn.execute("SELECT status, sha256, version FROM files WHERE path = ?", (path,)).fetchone()
        return tuple(row) if row else None

    def result_json(self, sha256: str, version: str, reader: str = "") -> Optional[str]:
        row = self.conn.execute("SELECT result_json FROM results WHERE result_id = ?",
                                (result_id(sha256, version, reader),)).fetchone()
        return row[0] if row else None

    def iter_results(self, paths: Optional[list[str]] = None) -> Iterator[ParseResult]:
        """Results of the files with status ``ok``, ordered by path, ``source.path`` set to that path."""
        rows = self.conn.execute(
            "SELECT f.path, f.source, r.result_json FROM files f JOIN results r ON r.result_id = f.result_id"
            " WHERE f.status = 'ok' ORDER BY f.path")
        wanted = set(paths) if paths is not None else None
        for path, source, text in rows:
            if wanted is not None and path not in wanted:
                continue
            result = from_json(text, path=str(self.path))
            result.source.path = source or path
            yield result

    def errors(self) -> list[dict]:
        """Every failed file with stage, code and reason, ordered by path."""
        cursor = self.conn.execute("SELECT e.path, f.source, e.stage, e.code, e.reason FROM errors e"
                                   " JOIN files f ON f.path = e.path ORDER BY e.path")
        return [dict(zip(("path", "source", "stage", "code", "reason"), row)) for row in cursor]

    def errors_for(self, path: str) -> list[dict]:
        """The recorded failure of one input path (empty if it has none)."""
        cursor = self.conn.execute("SELECT stage, code, reason FROM errors WHERE path = ?", (path,))
        return [dict(zip(("stage", "code", "reason"), row)) for row in cursor]

    def counts(self, paths: Optional[list[str]] = None) -> dict:
        """Files (ok / error), documents and tasks of the files in the store (or of ``paths``)."""
        where = ""
        if paths is not None:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (path TEXT PRIMARY KEY)")
            self.conn.execute("DELETE FROM wanted")
            self.conn.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((p,) for p in paths))
            where = " AND f.path IN (SELECT path FROM wanted)"
        files_ok, files_error = self.conn.execute(
            "SELECT coalesce(sum(status = 'ok'), 0), coalesce(sum(status = 'error'), 0) FROM files f"
            " WHERE 1" + where).fetchone()
        documents, tasks = self.conn.execute(
            "SELECT coalesce(sum(r.documents), 0), coalesce(sum(r.tasks), 0)"
            " FROM files f JOIN results r ON r.result_id = f.result_id WHERE f.status = 'ok'" + where).fetchone()
        return {"files_ok": files_ok, "files_error": files_error, "documents": documents, "tasks": tasks}

    def files_under(self, prefix: str) -> list[tuple[str, Optional[str]]]:
        """``(path, output)`` of the stored inputs whose path is ``prefix`` or lies below ``prefix/``."""
        below = prefix + "/"  # compared exactly: LIKE would ignore ASCII case
        cursor = self.conn.execute("SELECT path, output FROM files WHERE path = ? OR substr(path, 1, ?) = ?",
                                   (prefix, len(below), below))
        return [tuple(row) for row in cursor]

    # -- writes --------------------------------------------------------------------------------

    def add(self, result: ParseResult, *, path: Optional[str] = None, output: Optional[str] = None,
            source: Optional[str] = None, version: Optional[str] = None, replace: bool = False,
            reader: str = "") -> str:
        """Store a result (once per content and version) and, given ``path``, record that file as ok.

        Adding the same result again changes nothing; pointing a path at a new result (the file
        changed, or a new parser version) drops the old result when no other file uses it.
        version (str): the key to store it under; by default from the result's parser and schema
            versions (a batch passes the version it checks :meth:`has` with).
        replace (bool): overwrite a stored result with the same key (``batch --force``); every
            file pointing to it sees the new rows.
        reader (str): the reader key the result was read with (a batch passes the extension).
        RETURNS (str): the result id.
        """
        version = version or version_key(result.parser_version, result.schema_version)
        rid = result_id(result.source.sha256, version, reader)
        with self._transaction():
            exists = self.conn.execute("SELECT 1 FROM results WHERE result_id = ?", (rid,)).fetchone()
            if exists and replace:
                # Children go, the results row stays, so files pointing to it keep pointing.
                self.conn.execute("DELETE FROM documents WHERE result_id = ?", (rid,))
                self.conn.execute("DELETE FROM edits WHERE result_id = ?", (rid,))
            if not exists or replace:
                self._insert_result(rid, version, result, reader)
            if path is not None:
                self._point_file(path, source=source, output=output, sha256=result.source.sha256,
                                 version=version, status="ok", rid=rid)
                self.conn.execute("DELETE FROM errors WHERE path = ?", (path,))
        return rid

    def link(self, path: str, sha256: str, version: str, *, output: Optional[str] = None,
             source: Optional[str] = None, reader: str = "") -> bool:
        """Record ``path`` as ok with an already stored result; False if no such result is stored."""
        rid = result_id(sha256, version, reader)
        with self._transaction():
            if not self.conn.execute("SELECT 1 FROM results WHERE result_id = ?", (rid,)).fetchone():
                return False
            current = self.conn.execute("SELECT status, result_id, output, source FROM files WHERE path = ?",
                                        (path,)).fetchone()
            if current != ("ok", rid, output, source):
                self._point_file(path, source=source, output=output, sha256=sha256, version=version,
                                 status="ok", rid=rid)
            self.conn.execute("DELETE FROM errors WHERE path = ?", (path,))
        return True

    def add_error(self, path: str, *, stage: str, code: str, reason: str, sha256: Optional[str] = None,
                  version: Optional[str] = None, output: Optional[str] = None, source: Optional[str] = None) -> None:
        """Record that ``path`` could not be parsed: at which stage, the error code and the reason."""
        version = version or version_key()
        with self._transaction():
            self._point_file(path, source=source, output=output, sha256=sha256, version=version,
                             status="error", rid=None)
            self.conn.execute(
                "INSERT OR REPLACE INTO errors (path, sha256, version, stage, code, reason, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", (path, sha256, version, stage, code, reason, _now()))

    def remove_file(self, path: str) -> None:
        """Forget an input (it was deleted from disk): its row, its error, and its result if no other file uses it."""
        with self._transaction():
            previous = self.conn.execute("SELECT result_id FROM files WHERE path = ?", (path,)).fetchone()
            self.conn.execute("DELETE FROM files WHERE path = ?", (path,))
            if previous and previous[0]:
                if not self.conn.execute("SELECT 1 FROM files WHERE result_id = ? LIMIT 1", (previous[0],)).fetchone():
                    self.conn.execute("DELETE FROM results WHERE result_id = ?", (previous[0],))

    def _point_file(self, path: str, *, source, output, sha256, version, status, rid) -> None:
        previous = self.conn.execute("SELECT result_id FROM files WHERE path = ?", (path,)).fetchone()
        # An upsert, not INSERT OR REPLACE: a REPLACE deletes the row first, which would cascade
        # to the file's error row.
        self.conn.execute(
            "INSERT INTO files (path, source, output, sha256, version, status, result_id, parsed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET source = excluded.source,"
            " output = excluded.output, sha256 = excluded.sha256, version = excluded.version,"
            " status = excluded.status, result_id = excluded.result_id, parsed_at = excluded.parsed_at",
            (path, source or path, output, sha256, version, status, rid, _now()))
        old = previous[0] if previous else None
        if old and old != rid:
            still_used = self.conn.execute("SELECT 1 FROM files WHERE result_id = ? LIMIT 1", (old,)).fetchone()
            if not still_used:
                self.conn.execute("DELETE FROM results WHERE result_id = ?", (old,))

    def _insert_result(self, rid: str, version: str, result: ParseResult, reader: str = "") -> None:
        execute = self.conn.execute
        source = result.source
        execute(
            "INSERT INTO results (result_id, sha256, reader, version, format, encoding, bytes, pages, documents,"
            " tasks, warnings, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (result_id) DO UPDATE SET"
            " format = excluded.format, encoding = excluded.encoding, bytes = excluded.bytes, pages = excluded.pages,"
            " documents = excluded.documents, tasks = excluded.tasks, warnings = excluded.warnings,"
            " result_json = excluded.result_json",
            (rid, source.sha256, reader, version, source.format, source.encoding, source.bytes, source.pages,
             len(result.documents), sum(len(d.tasks) for d in result.documents),
             dumps_plain(result.warnings), result.model_dump_json()))
        for e_index, edit in enumerate(result.edits, 1):
            execute("INSERT INTO edits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (f"{rid}/e{e_index}", rid, e_index, edit.start, edit.end, edit.raw_start, edit.raw_end,
                     edit.before, edit.after, edit.rule, edit.entry))
        for d_index, doc in enumerate(result.documents, 1):
            did = f"{rid}/d{d_index}"
            execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (did, rid, d_index, doc.title, doc.doc_type, doc.doc_number, dumps_plain(doc.issuers),
                 doc.issue_date, doc.effective_date, doc.region.province, doc.region.city, doc.region.county,
                 doc.level, dumps_plain(doc.recipients),
                 dumps_plain([c.model_dump(exclude={"span"}) for c in doc.cites]),
                 dumps_plain([p.model_dump(exclude={"span"}) for p in doc.principles]),
                 dumps_plain([o.model_dump(exclude={"span"}) for o in doc.outline]),
                 *_span(doc.span)))
            for t_index, task in enumerate(doc.tasks, 1):
                self._insert_task(f"{did}/t{t_index}", did, t_index, task)

    def _insert_task(self, tid: str, did: str, position: int, task) -> None:
        execute = self.conn.execute
        execute("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (tid, did, position, task.id, task.heading, task.text, task.section_kind, task.reference,
                 dumps_plain(task.domains), *_span(task.span)))

        def insert_units(units, role, aid, prefix):
            for u_index, unit in enumerate(units, 1):
                execute("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (f"{prefix}/{role}{u_index}", tid, aid, role, u_index, unit.name, unit.canonical,
                         unit.level, unit.agency, *_span(unit.span)))

        for a_index, assignment in enumerate(task.assignments, 1):
            aid = f"{tid}/a{a_index}"
            execute("INSERT INTO assignments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (aid, tid, a_index, assignment.text, assignment.raw, *_span(assignment.span)))
            for role in ("lead", "support", "responsible"):
                insert_units(getattr(assignment, role), role, aid, aid)
        insert_units(task.implicit_units, "implicit", None, tid)
        if task.deadline is not None:
            dl = task.deadline
            execute("INSERT INTO deadlines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (tid, dl.raw, dl.start, dl.end, int(dl.ongoing), int(dl.relative), *_span(dl.span)))
        for g_index, target in enumerate(task.targets, 1):
            execute("INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (f"{tid}/g{g_index}", tid, g_index, target.raw, target.metric, target.value, target.unit,
                     target.by, *_span(target.span)))
        evidence = {tag.code: tag.evidence for tag in task.domain_evidence}
        for code in dict.fromkeys(list(task.domains) + list(evidence)):
            execute("INSERT INTO task_domains VALUES (?, ?, ?)", (tid, code, dumps_plain(evidence.get(code, []))))


def table_contents(path: Union[str, Path], *, skip_timestamps: bool = True) -> dict[str, list[tuple]]:
    """Every row of every table of a store, sorted, without the per-run timestamp columns.

    Two stores built from the same inputs compare equal with this whatever the order the files
    were parsed in, or whether the run was interrupted and resumed.
    """
    conn = sqlite3.connect(str(path))
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        contents = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            if skip_timestamps:
                columns = [c for c in columns if c not in TIMESTAMP_COLUMNS.get(table, ())]
            select = ", ".join(f'"{c}"' for c in columns)
            contents[table] = sorted(conn.execute(f'SELECT {select} FROM "{table}"').fetchall(), key=repr)
        return contents
    finally:
        conn.close()


__all__ = ["SQLiteStore", "version_key", "result_id", "table_contents"]
