"""Batch guarantees: a run killed with SIGKILL resumes to the same store as an uninterrupted
run; a re-run parses only what changed; a worker crash, a parser bug or a hang costs only its
own file.

``gold_parse`` below is the parser the workers use here: the real read stage (so bad files fail
as they would) with the gold annotation as structure, so these tests do not depend on how far
the segment and extract stages are, and each file parses in milliseconds.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import policyparse
from policyparse.batch import (
    CODE_BUG, CODE_TIMEOUT, CODE_WORKER_DIED, CSV_NAME, DELAY_ENV, JSON_DIR, STORE_NAME, run_batch,
)
from policyparse.cli import main
from policyparse.export import ledger_columns, table_contents
from policyparse.schema import ParseResult, SourceInfo

from test_batch import _good_files, _rows
from test_export import GOLD_NAMES, gold_documents

TESTS = Path(__file__).resolve().parent
GOLD_PARSER = "test_batch_resume:gold_parse"
# gold_parse does not change when the pipeline code does, so its results keep one version even
# while the code fingerprint of a checkout moves (parser_version).
PINNED = "gold-test"


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


def test_rerun_parses_nothing_and_an_edited_file_again(tmp_path):
    inputs = tmp_path / "in"
    good = _good_files(inputs)
    out = tmp_path / "out"
    first = run_batch([str(inputs)], out, jobs=2, progress=False, parser=GOLD_PARSER, version=PINNED)
    assert (first.parsed, first.reused, first.exit_code) == (len(good), 0, 0)
    before = table_contents(out / STORE_NAME)
    second = run_batch([str(inputs)], out, jobs=2, progress=False, parser=GOLD_PARSER, version=PINNED)
    assert (second.parsed, second.reused) == (0, len(good))
    assert table_contents(out / STORE_NAME) == before
    good[0].write_bytes(good[0].read_bytes() + "\n附件：任务清单\n".encode())
    (out / JSON_DIR / "in" / (good[1].name + ".json")).unlink()  # a lost result file comes back
    third = run_batch([str(inputs)], out, jobs=1, progress=False, parser=GOLD_PARSER, version=PINNED)
    assert (third.parsed, third.reused) == (1, len(good) - 1)
    assert (out / JSON_DIR / "in" / (good[1].name + ".json")).exists()
    results = _rows(out / STORE_NAME, "SELECT count(*) FROM results")[0][0]
    assert results == len(good)  # the edited file's old result is gone, not duplicated

    # A deleted notice leaves the store, its JSON and the ledger; one left out by a glob stays.
    good[2].unlink()
    fourth = run_batch([str(inputs)], out, jobs=1, progress=False, parser=GOLD_PARSER, version=PINNED,
                       exclude=[good[3].name])
    assert (fourth.parsed, fourth.removed) == (0, 1)
    stored = {path for (path,) in _rows(out / STORE_NAME, "SELECT path FROM files")}
    assert stored == {f"in/{p.name}" for p in good if p != good[2]}
    assert not (out / JSON_DIR / "in" / (good[2].name + ".json")).exists()
    assert str(good[2]) not in (out / CSV_NAME).read_text(encoding="utf-8-sig")


def test_crash_bug_and_hang_cost_only_their_own_file(tmp_path):
    inputs = tmp_path / "in"
    good = _good_files(inputs)
    for name in ("crash-worker.txt", "bug.txt", "hang.txt"):  # different texts: identical ones are parsed once
        (inputs / name).write_text(f"关于印发{name}实施方案的通知\n一、加强领导。", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([str(inputs)], out, jobs=2, progress=False, parser=GOLD_PARSER, version=PINNED,
                        timeout=3)
    errors = {path: (stage, code) for path, stage, code in
              _rows(out / STORE_NAME, "SELECT path, stage, code FROM errors")}
    assert errors == {"in/crash-worker.txt": ("worker", CODE_WORKER_DIED), "in/bug.txt": ("parse", CODE_BUG),
                      "in/hang.txt": ("timeout", CODE_TIMEOUT)}
    assert summary.parsed == len(good) and summary.exit_code == 1
    assert "KeyError" in _rows(out / STORE_NAME, "SELECT reason FROM errors WHERE path = 'in/bug.txt'")[0][0]

    # A known failure (same content, same version) is reported again without parsing it again …
    again = run_batch([str(inputs)], out, jobs=2, progress=False, parser=GOLD_PARSER, version=PINNED, timeout=3)
    assert (again.parsed, again.reused, again.failed) == (0, len(good), 3)
    assert "worker busy" not in again.timings
    assert again.failures[("worker", CODE_WORKER_DIED)] == 1
    # … unless asked to retry; then it fails afresh (the hang is left out to keep this quick).
    (inputs / "hang.txt").unlink()
    retried = run_batch([str(inputs)], out, jobs=2, progress=False, parser=GOLD_PARSER, version=PINNED,
                        retry_failed=True)
    assert (retried.parsed, retried.failed) == (0, 2) and retried.timings["worker busy"] > 0


def _batch_command(inputs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "policyparse.cli", "batch", str(inputs), "-o", str(out), "--jobs", "2",
            "--no-progress", "--parser", GOLD_PARSER, "--parser-version", PINNED, "--lang", "en"]


def test_killed_run_resumes_to_the_same_store(tmp_path, capsys):
    inputs = tmp_path / "in"
    good = _good_files(inputs, copies=2)
    (inputs / "empty.txt").write_bytes(b"")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))

    reference = tmp_path / "reference"
    done = run_batch([str(inputs)], reference, jobs=2, progress=False, parser=GOLD_PARSER, version=PINNED,
                     lang="en")
    assert (done.parsed, done.failed) == (len(good), 1)

    out = tmp_path / "out"
    slow = dict(env, **{DELAY_ENV: "0.5"})
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

    assert main(_batch_command(inputs, out)[3:]) == 1  # the same command, in this process
    printed = capsys.readouterr().out
    assert f"{len(good) + 1} files" in printed and f"{killed_ok} already done, 1 failed" in printed
    header = next(csv.reader(io.StringIO((out / CSV_NAME).read_text(encoding="utf-8-sig"))))
    assert header == ledger_columns("en")
    assert table_contents(out / STORE_NAME) == table_contents(reference / STORE_NAME)
    outputs = sorted(p.relative_to(out).as_posix() for p in (out / JSON_DIR).rglob("*"))
    assert outputs == sorted(p.relative_to(reference).as_posix() for p in (reference / JSON_DIR).rglob("*"))
    for name in outputs:
        if name.endswith(".json"):
            assert (out / name).read_bytes() == (reference / name).read_bytes()
    assert (out / CSV_NAME).read_bytes() == (reference / CSV_NAME).read_bytes()


