"""``batch --scheduler``: the same batch on a dask.distributed cluster of two worker processes.

The cluster's outputs must equal the local pool's (store, result JSON, ledgers, Parquet, error
rows), a client killed mid-run must resume to the same store, and a file that kills its Dask
worker must cost only itself. The workers run ``gold_parse`` (test_batch_resume), the real
reader with gold structure, so each file takes milliseconds; one test runs the real pipeline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import distributed  # in the test extra: CI always runs these
import pytest

from policyparse.batch import CODE_BUG, CODE_WORKER_DIED, CSV_NAME, DELAY_ENV, ERRORS_NAME, JSON_DIR, \
    PARQUET_DIR, STORE_NAME, run_batch
from policyparse.export import table_contents
from policyparse.export.parquet import read_dataset

from test_batch import _good_files, _rows
from test_batch_resume import GOLD_PARSER, PINNED, TESTS

LEVELS = ("documents", "tasks", "assignments", "units")


@pytest.fixture(scope="module")
def cluster():
    import dask

    # One death is enough to call a file fatal (Dask retries 3 times by default, each a worker restart).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=50)
    yield cluster
    cluster.close()


def _inputs(folder: Path) -> list[Path]:
    good = _good_files(folder, copies=2)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.xls").write_text("关于印发工作方案的通知", encoding="utf-8")
    (folder / "bug.txt").write_text("关于印发bug实施方案的通知\n一、加强领导。", encoding="utf-8")
    return good


def _same_outputs(out: Path, reference: Path) -> None:
    assert table_contents(out / STORE_NAME) == table_contents(reference / STORE_NAME)
    outputs = sorted(p.relative_to(out).as_posix() for p in (out / JSON_DIR).rglob("*"))
    assert outputs == sorted(p.relative_to(reference).as_posix() for p in (reference / JSON_DIR).rglob("*"))
    for name in outputs:
        if name.endswith(".json"):
            assert (out / name).read_bytes() == (reference / name).read_bytes()
    for name in (CSV_NAME, ERRORS_NAME):
        assert (out / name).read_bytes() == (reference / name).read_bytes()
    for level in LEVELS:
        got, want = read_dataset(out / PARQUET_DIR, level), read_dataset(reference / PARQUET_DIR, level)
        assert len(want) > 0
        assert got.to_dict("records") == want.to_dict("records")
    import pandas

    got = pandas.read_parquet(out / PARQUET_DIR / "errors.parquet")
    assert got.equals(pandas.read_parquet(reference / PARQUET_DIR / "errors.parquet"))


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("local")
    inputs = base / "in"
    good = _inputs(inputs)
    reference = base / "reference"
    summary = run_batch([str(inputs)], reference, jobs=2, progress=False, parser=GOLD_PARSER, version=PINNED)
    assert (summary.parsed, summary.failed) == (len(good), 3)
    return inputs, good, reference


def test_a_two_worker_cluster_writes_what_the_local_pool_writes(cluster, local_run, tmp_path):
    inputs, good, reference = local_run
    out = tmp_path / "dask"
    summary = run_batch([str(inputs)], out, progress=False, parser=GOLD_PARSER, version=PINNED,
                        scheduler=cluster.scheduler_address)
    assert summary.scheduler == cluster.scheduler_address and summary.jobs == 2
    assert (summary.parsed, summary.failed) == (len(good), 3)
    errors = {path: (stage, code) for path, stage, code in _rows(out / STORE_NAME, "SELECT path, stage, code FROM errors")}
    assert errors == {"in/empty.txt": ("read", "E102"), "in/notes.xls": ("select", "E101"),
                      "in/bug.txt": ("parse", CODE_BUG)}
    _same_outputs(out, reference)
    # A second run reuses everything, without asking the cluster.
    again = run_batch([str(inputs)], out, progress=False, parser=GOLD_PARSER, version=PINNED,
                      scheduler=cluster.scheduler_address)
    assert (again.parsed, again.reused, again.scheduler) == (0, len(good), None)
    _same_outputs(out, reference)
    # A Client or a cluster object (as dask-jobqueue's SLURMCluster is) works as the address does.
    with distributed.Client(cluster, set_as_default=False) as client:
        forced = run_batch([str(inputs)], out, progress=False, parser=GOLD_PARSER, version=PINNED, scheduler=client,
                           force=True)
        assert client.status == "running"  # a client passed in is left open
    assert forced.parsed == len(good) and forced.scheduler == cluster.scheduler_address
    _same_outputs(out, reference)
    forced = run_batch([str(inputs)], out, progress=False, parser=GOLD_PARSER, version=PINNED, scheduler=cluster,
                       force=True)
    assert forced.parsed == len(good) and forced.scheduler == cluster.scheduler_address
    _same_outputs(out, reference)


def test_a_killed_cluster_run_resumes_and_loses_nothing(cluster, local_run, tmp_path):
    inputs, good, reference = local_run
    out = tmp_path / "dask"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "policyparse.cli", "batch", str(inputs), "-o", str(out), "--no-progress",
               "--parser", GOLD_PARSER, "--parser-version", PINNED, "--scheduler", cluster.scheduler_address]
    run = subprocess.Popen(command, env=dict(env, **{DELAY_ENV: "0.4"}), start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if len(list((out / JSON_DIR).rglob("*.json"))) >= 2:
            break
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    killed_ok = _rows(out / STORE_NAME, "SELECT count(*) FROM files WHERE status = 'ok'")[0][0]
    assert 1 <= killed_ok < len(good), "the kill should land mid-run"

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr  # 1: the three bad files
    assert f"{killed_ok} already done, 3 failed" in resumed.stdout
    _same_outputs(out, reference)


def test_a_file_that_kills_its_dask_worker_costs_only_itself(cluster, tmp_path):
    inputs = tmp_path / "in"
    for path in _good_files(inputs)[2:]:
        path.unlink()
    (inputs / "crash-worker.txt").write_text("关于印发crash实施方案的通知\n一、加强领导。", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([str(inputs)], out, progress=False, parser=GOLD_PARSER, version=PINNED,
                        scheduler=cluster.scheduler_address)
    assert (summary.parsed, summary.failed) == (2, 1)
    assert _rows(out / STORE_NAME, "SELECT path, stage, code FROM errors") == [
        ("in/crash-worker.txt", "worker", CODE_WORKER_DIED)]
    cluster.wait_for_workers(2, timeout=60)  # the nanny brought the worker back


def test_the_real_pipeline_runs_on_the_workers(cluster, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    notice = ("关于印发加强政务诚信建设实施方案的通知\n各县（市、区）人民政府：\n现将方案印发给你们。\n"
              "一、加强公务员诚信教育。（牵头单位：市发改委；责任单位：市人社局）\n"
              "二、建立政务失信记录，2018年底前完成。（牵头单位：市信用办）\n")
    (inputs / "a.txt").write_text(notice, encoding="utf-8")
    (inputs / "b.txt").write_text(notice.replace("诚信教育", "诚信培训"), encoding="utf-8")
    local = run_batch([str(inputs)], tmp_path / "local", jobs=1, progress=False, version=PINNED)
    remote = run_batch([str(inputs)], tmp_path / "dask", progress=False, version=PINNED,
                       scheduler=cluster.scheduler_address)
    assert local.parsed == remote.parsed == 2 and local.tasks == remote.tasks >= 4
    _same_outputs(tmp_path / "dask", tmp_path / "local")


def test_no_dask_import_in_the_local_pool(tmp_path):
    code = ("import sys, policyparse.batch as b, policyparse.cli;"
            "assert not any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules), 'dask imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
