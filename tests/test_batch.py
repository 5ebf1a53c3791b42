"""Batch: a folder of good and bad notices gives every result and one error row per bad file;
a run killed with SIGKILL resumes to the same store as an uninterrupted run; crashes, bugs and
hangs in the parser cost only their own file.

``gold_parse`` below is a parser for the worker processes: the real read stage (so bad files fail
as they would) with the gold annotation as structure, so these tests do not depend on how far
the segment and extract stages are.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import policyparse
from policyparse.batch import (
    CODE_BUG, CODE_TIMEOUT, CODE_WORKER_DIED, CSV_NAME, DEFAULT_PARSER, DELAY_ENV, ERRORS_NAME, JSON_DIR, STORE_NAME,
    XLSX_NAME, collect_inputs, run_batch,
)
from policyparse.cli import main
from policyparse.export import ledger_columns, load_result, table_contents
from policyparse.schema import ParseResult, SourceInfo

from test_export import CORPUS, GOLD_NAMES, gold_documents

TESTS = Path(__file__).resolve().parent
GOLD_PARSER = "test_batch:gold_parse"
RAW = sorted((CORPUS / "raw").glob("*.txt"))


def gold_parse(path) -> ParseResult:
    """Read with the real reader; structure from the gold file the name starts with (if any).

    A name containing ``crash-worker`` kills its worker, ``bug`` raises, ``hang`` never returns:
    the failures a batch must survive.
    """
    from policyparse.read import read

    name = Path(path).name
    if "crash-worker" in name:
        os.kill(os.getpid(), signal.SIGKILL)
    if "hang" in name:
        time.sleep(120)
    if "bug" in name:
        return {}["no such key"]
    source = read(Path(path))
    gold = next((g for g in GOLD_NAMES if name.startswith(g)), None)
    return ParseResult(
        parser_version=policyparse.__version__,
        source=SourceInfo(path=str(path), sha256=source.sha256, format=source.format, encoding=source.encoding,
                          bytes=source.size),
        normalized_text=source.text,
        documents=gold_documents(gold, source.text) if gold else [],
    )


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
    summary = run_batch([str(notices)], out, jobs=2, progress=False, parser=GOLD_PARSER)
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
    assert sum(1 for _ in sheet.iter_rows()) == len(rows)
    assert "failures by reason" in summary.format() and "E102" in summary.format()


def test_rerun_parses_nothing_and_an_edited_file_again(tmp_path):
    inputs = tmp_path / "in"
    good = _good_files(inputs)
    out = tmp_path / "out"
    first = run_batch([str(inputs)], out, jobs=2, progress=False, parser=GOLD_PARSER)
    assert (first.parsed, first.reused, first.exit_code) == (len(good), 0, 0)
    before = table_contents(out / STORE_NAME)
    second = run_batch([str(inputs)], out, jobs=2, progress=False, parser=GOLD_PARSER)
    assert (second.parsed, second.reused) == (0, len(good))
    assert table_contents(out / STORE_NAME) == before
    good[0].write_bytes(good[0].read_bytes() + "\n附件：任务清单\n".encode())
    (out / JSON_DIR / "in" / (good[1].name + ".json")).unlink()  # a lost result file comes back
    third = run_batch([str(inputs)], out, jobs=1, progress=False, parser=GOLD_PARSER)
    assert (third.parsed, third.reused) == (1, len(good) - 1)
    assert (out / JSON_DIR / "in" / (good[1].name + ".json")).exists()
    results = _rows(out / STORE_NAME, "SELECT count(*) FROM results")[0][0]
    assert results == len(good)  # the edited file's old result is gone, not duplicated


def test_crash_bug_and_hang_cost_only_their_own_file(tmp_path):
    inputs = tmp_path / "in"
    good = _good_files(inputs)
    for name in ("crash-worker.txt", "bug.txt", "hang.txt"):  # different texts: identical ones are parsed once
        (inputs / name).write_text(f"关于印发{name}实施方案的通知\n一、加强领导。", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([str(inputs)], out, jobs=2, progress=False, parser=GOLD_PARSER, timeout=3)
    errors = {path: (stage, code) for path, stage, code in
              _rows(out / STORE_NAME, "SELECT path, stage, code FROM errors")}
    assert errors == {"in/crash-worker.txt": ("worker", CODE_WORKER_DIED), "in/bug.txt": ("parse", CODE_BUG),
                      "in/hang.txt": ("timeout", CODE_TIMEOUT)}
    assert summary.parsed == len(good) and summary.exit_code == 1
    assert "KeyError" in _rows(out / STORE_NAME, "SELECT reason FROM errors WHERE path = 'in/bug.txt'")[0][0]


def _batch_command(inputs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "policyparse.cli", "batch", str(inputs), "-o", str(out), "--jobs", "2",
            "--no-progress", "--parser", GOLD_PARSER, "--lang", "en"]


def test_killed_run_resumes_to_the_same_store(tmp_path):
    inputs = tmp_path / "in"
    good = _good_files(inputs, copies=2)
    (inputs / "empty.txt").write_bytes(b"")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))

    reference = tmp_path / "reference"
    done = subprocess.run(_batch_command(inputs, reference), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # the empty file failed, everything else parsed
    assert _rows(reference / STORE_NAME, "SELECT count(*) FROM files WHERE status = 'ok'")[0][0] == len(good)
    assert f"{len(good) + 1} files" in done.stdout and "1 failed" in done.stdout
    header = next(csv.reader(io.StringIO((reference / CSV_NAME).read_text(encoding="utf-8-sig"))))
    assert header == ledger_columns("en")

    out = tmp_path / "out"
    slow = dict(env, **{DELAY_ENV: "0.4"})
    run = subprocess.Popen(_batch_command(inputs, out), env=slow, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(list((out / JSON_DIR).rglob("*.json"))) >= 2:
            break
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the main process and its workers, no chance to clean up
    run.wait()
    killed_ok = _rows(out / STORE_NAME, "SELECT count(*) FROM files WHERE status = 'ok'")[0][0]
    assert 1 <= killed_ok < len(good), "the kill should land mid-run"

    resumed = subprocess.run(_batch_command(inputs, out), env=env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 1, resumed.stderr
    assert f"{killed_ok} already done" in resumed.stdout or f"{killed_ok + 1} already done" in resumed.stdout
    assert table_contents(out / STORE_NAME) == table_contents(reference / STORE_NAME)
    outputs = sorted(p.relative_to(out).as_posix() for p in (out / JSON_DIR).rglob("*"))
    assert outputs == sorted(p.relative_to(reference).as_posix() for p in (reference / JSON_DIR).rglob("*"))
    for name in outputs:
        if name.endswith(".json"):
            assert (out / name).read_bytes() == (reference / name).read_bytes()
    assert (out / CSV_NAME).read_bytes() == (reference / CSV_NAME).read_bytes()


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
