"""Batch over folders: a folder of good and bad notices (the raw corpus, parsed by the real
pipeline, plus binary, empty, mislabelled and truncated files) gives every good file's result and
one error row per bad file; the ledgers are rebuilt from the store; the walk honours globs.

Resuming after ``kill -9``, re-runs and worker crashes are in ``test_batch_resume.py``.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from pathlib import Path

import pytest

import policyparse
from policyparse.batch import (
    CSV_NAME, DEFAULT_PARSER, ERRORS_NAME, JSON_DIR, STORE_NAME, XLSX_NAME, collect_inputs, parser_version, run_batch,
)
from policyparse.schema import SCHEMA_VERSION
from policyparse.cli import main
from policyparse.export import ledger_columns, load_result

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RAW = sorted((CORPUS / "raw").glob("*.txt"))


def _good_files(folder: Path, copies: int = 1) -> list[Path]:
    """The raw corpus, plus ``copies - 1`` variants of each (one line added, so a new sha256)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for path in RAW:
        for n in range(copies):
            target = folder / (f"{path.stem}_v{n}.txt" if n else path.name)
            data = path.read_bytes() + (f"\n（第{n}份）\n".encode() if n else b"")
            target.write_bytes(data)
            made.append(target)
    return made


BAD_FILES = {
    "binary.txt": bytes(range(256)) * 8,
    "empty.txt": b"",
    "notes.xls": "关于印发工作方案的通知".encode(),  # wrong extension: not a type we parse
    "scan.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(500),
    "truncated.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty",
    "fake.docx": b"PK\x03\x04 not really a zip",
    "sub/undecodable.txt": b"\x81\x30\xff\xfe\xfa" * 50 + b"\x80\x80\x80",
}


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus_batch(tmp_path_factory):
    """One batch over the raw corpus plus bad files (real parser), shared by the checks below."""
    root = tmp_path_factory.mktemp("corpus_batch")
    notices = root / "notices"
    good = _good_files(notices / "good")
    for name, data in BAD_FILES.items():
        (notices / name).parent.mkdir(parents=True, exist_ok=True)
        (notices / name).write_bytes(data)
    (notices / ".hidden.txt").write_text("不是通知")
    out = root / "out"
    summary = run_batch([str(notices)], out, jobs=2, progress=False, parser=DEFAULT_PARSER)
    return notices, good, out, summary


def test_every_good_file_has_its_result(corpus_batch):
    notices, good, out, summary = corpus_batch
    ok = dict(_rows(out / STORE_NAME, "SELECT path, output FROM files WHERE status = 'ok'"))
    for path in good:
        key = "notices/" + path.relative_to(notices).as_posix()
        assert key in ok, f"{key} has no result: {_rows(out / STORE_NAME, 'SELECT * FROM errors')}"
        result = load_result(out / ok[key])
        assert result.source.path == str(path) and result.source.sha256
    assert (out / JSON_DIR / "notices" / "good" / (good[0].name + ".json")).exists()
    assert summary.parsed >= len(good)


def test_each_bad_file_has_exactly_one_row(corpus_batch):
    notices, good, out, summary = corpus_batch
    files = dict(_rows(out / STORE_NAME, "SELECT path, status FROM files"))
    errors = _rows(out / STORE_NAME, "SELECT path, stage, code, reason FROM errors")
    assert len(files) == len(good) + len(BAD_FILES)  # the hidden file is not a notice
    by_path = {path: (stage, code, reason) for path, stage, code, reason in errors}
    assert len(by_path) == len(errors)
    for name in BAD_FILES:
        key = f"notices/{name}"
        if name == "sub/undecodable.txt":
            # The reader may decode it with a warning or refuse it; either way one row, never lost.
            assert key in files
            continue
        assert files[key] == "error" and key in by_path, key
        stage, code, reason = by_path[key]
        assert code.startswith("E1") and stage in ("select", "read"), (key, by_path[key])
    assert by_path["notices/notes.xls"][:2] == ("select", "E101")
    assert by_path["notices/empty.txt"][1] == "E102"
    assert summary.exit_code == 1 and summary.failed == len(errors)
    errors_csv = list(csv.reader(io.StringIO((out / ERRORS_NAME).read_text(encoding="utf-8-sig"))))
    assert len(errors_csv) == 1 + len(errors)


def test_batch_writes_ledgers_from_the_store(corpus_batch):
    from openpyxl import load_workbook

    notices, good, out, summary = corpus_batch
    tasks = _rows(out / STORE_NAME, "SELECT count(*) FROM tasks")[0][0]
    rows = list(csv.reader(io.StringIO((out / CSV_NAME).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ledger_columns("zh")
    assert len(rows) - 1 >= tasks == summary.tasks
    sheet = load_workbook(out / XLSX_NAME, read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == len(rows) + 1  # the workbook has a title row
    assert "failures by reason" in summary.format() and "E102" in summary.format()


def test_walk_honours_globs_and_skips_hidden_and_output(tmp_path):
    root = tmp_path / "notices"
    for name in ("a.txt", "b.html", "sub/c.pdf", "sub/skip_me.txt", ".git/x.txt", "sub/.d.txt", "out/x.json"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    found = collect_inputs([str(root)], exclude=["skip_*"], skip=root / "out")
    assert [f.key for f in found] == ["notices/a.txt", "notices/b.html", "notices/sub/c.pdf"]
    only_txt = collect_inputs([str(root), str(root / "a.txt")], include=["*.txt"], skip=root / "out")
    assert [f.key for f in only_txt] == ["notices/a.txt", "notices/sub/skip_me.txt"]  # a.txt not twice


@pytest.mark.parametrize("args, message", [
    (["no/such/folder", "-o", "{out}"], "no such file or folder"),
    (["{in}", "-o", "{out}", "--jobs", "0"], "--jobs must be at least 1"),
])
def test_batch_user_mistakes_exit_2_with_one_line(tmp_path, capsys, args, message):
    (tmp_path / "in").mkdir()
    args = [a.replace("{in}", str(tmp_path / "in")).replace("{out}", str(tmp_path / "out")) for a in args]
    assert main(["batch", *args, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_results_are_keyed_by_parser_and_schema_version(corpus_batch):
    notices, good, out, summary = corpus_batch
    versions = {v for (v,) in _rows(out / STORE_NAME, "SELECT DISTINCT version FROM results")}
    assert len(versions) == 1
    (version,) = versions
    assert version.endswith(f"+schema.{SCHEMA_VERSION}")
    # From a checkout the code and lexicons are fingerprinted, so an edited parser re-parses.
    installed = "site-packages" in Path(policyparse.__file__).resolve().parts
    assert ("+src." in version) == (not installed)
    assert parser_version().startswith(version.split("+src.")[0])


def test_a_second_batch_on_the_same_output_is_refused(tmp_path, capsys):
    import fcntl

    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / ".lock", "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running batch holds it
        assert main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-progress"]) == 2
    assert "another policyparse batch is writing" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-progress"]) == 0


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    root = tmp_path / "notices"
    (root / "locked").mkdir(parents=True)
    (root / "b.txt").write_text("x")
    real_walk = os.walk

    def walk_without_permission(top, onerror=None, **kwargs):
        # What os.walk does for a folder it may not read (chmod 0), also when the tests run as root.
        for folder, dirnames, filenames in real_walk(top, onerror=onerror, **kwargs):
            if Path(folder).name == "locked":
                onerror(PermissionError(13, "Permission denied", folder))
                dirnames[:] = []
                continue
            yield folder, dirnames, filenames

    monkeypatch.setattr("policyparse.batch.os.walk", walk_without_permission)
    found = collect_inputs([str(root)])
    assert [(f.key, f.problem) for f in found] == [
        ("notices/b.txt", None), ("notices/locked/", "cannot list folder: Permission denied")]
