"""Batch: every notice under some folders -> result JSONs, task ledgers and an SQLite store.

``policyparse batch DIR... -o OUT`` walks the folders, parses each supported file in a worker
process and writes into ``OUT``:

- ``json/<folder>/<path>.<ext>.json``: one result per input, mirroring the folder tree;
- ``policyparse.sqlite``: the store (:class:`~policyparse.export.SQLiteStore`), the source of truth;
- ``tasks.csv``, ``ledger.xlsx``: the task ledger (one row per task assignment) and
  ``errors.csv`` (one row per file that failed), regenerated from the store at the end.

Guarantees, because a folder of ten thousand scraped notices always holds some that break:

- resumable: results are keyed by the content sha256 and the parser + schema version
  (:func:`parser_version`, which in a source checkout also fingerprints code and lexicons); a file
  whose key is in the store is not parsed again, so a re-run (or a run after ``kill -9``) only
  does what is missing. Each result JSON is written atomically (temp file + ``os.replace``)
  before the store records it in one transaction; the ledgers are rebuilt from the store.
- incremental: an edited file is parsed again and its old result dropped; a deleted file leaves
  the store, its JSON and the ledgers; a file that failed before with the same content and
  version is reported again without re-parsing (``--retry-failed`` to try anyway). One batch
  at a time may write to an output folder (a lock file, freed even by ``kill -9``).
- isolated failures: a file that cannot be read or parsed, a parser exception (a bug), a worker
  that dies (segfault, out of memory) or hangs past ``--timeout`` becomes an error row (file,
  stage, code, reason); the other files go on. Each worker holds one file at a time, so the
  file that killed a worker is known exactly.
- parallel: ``--jobs`` worker processes (default: all cores), forked from a clean
  ``forkserver`` process (``spawn`` where there is none), so the code behaves the same on
  Linux, macOS and Windows.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import multiprocessing
import os
import signal
import sqlite3
import sys
import time
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Optional

from .errors import InputError, PolicyParseError, UsageError
from .read.detect import READABLE_EXTENSIONS as SUPPORTED_SUFFIXES  # issue 12: .wps/.doc/.rtf/.ofd too

DEFAULT_PARSER = "policyparse.pipeline:parse"
# Seconds each worker sleeps before a file: lets the resume test kill a run at a known point.
DELAY_ENV = "POLICYPARSE_BATCH_DELAY"
DEFAULT_TIMEOUT = 300.0

STORE_NAME = "policyparse.sqlite"
JSON_DIR = "json"
CSV_NAME = "tasks.csv"
XLSX_NAME = "ledger.xlsx"
ERRORS_NAME = "errors.csv"

# Error codes for failures that are not a PolicyParseError raised by a stage.
CODE_BUG = "E900"  # an unexpected exception inside the parser: a bug, reported with where it happened
CODE_WORKER_DIED = "E901"  # the worker process died while parsing the file (crash, out of memory)
CODE_TIMEOUT = "E902"  # the file took longer than --timeout


@dataclass(frozen=True)
class InputFile:
    """One file found by the walk.

    key: its path under the output folder (``<root name>/<relative path>``), the store's key;
    source: its path as found on disk (relative to where the command ran, if the root was);
    problem: why it could not even be listed (a folder without read permission), else None.
    """

    key: str
    source: str
    problem: Optional[str] = None

    @property
    def suffix(self) -> str:
        return Path(self.source).suffix.lower()

    @property
    def output(self) -> str:
        return f"{JSON_DIR}/{self.key}.json"


@dataclass
class BatchSummary:
    """What a batch run did; ``exit_code`` is 0 when every file gave a result, else 1."""

    files: int = 0
    parsed: int = 0
    reused: int = 0
    failed: int = 0
    removed: int = 0  # stored inputs whose file is gone from disk
    documents: int = 0
    tasks: int = 0
    seconds: float = 0.0
    jobs: int = 0
    failures: Counter = field(default_factory=Counter)  # (stage, code) -> count
    failure_examples: dict = field(default_factory=dict)  # (stage, code) -> one reason
    worker_peak_kb: dict = field(default_factory=dict)  # worker pid -> peak resident memory (KiB)
    timings: dict = field(default_factory=dict)  # phase (scan, parse, ledgers) -> seconds
    out: Optional[Path] = None

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def format(self) -> str:
        parse_seconds = self.timings.get("parse", self.seconds)
        rate = self.parsed / parse_seconds if parse_seconds > 0 else 0.0
        lines = [
            f"policyparse batch: {self.files} files in {self.seconds:.1f} s "
            f"({self.parsed} parsed at {rate:.1f} files/s with {self.jobs} workers, "
            f"{self.reused} already done, {self.failed} failed"
            + (f", {self.removed} gone from disk and removed" if self.removed else "") + ")",
            f"  documents {self.documents}, tasks {self.tasks}",
        ]
        if self.failures:
            lines.append("  failures by reason:")
            for (stage, code), count in sorted(self.failures.items(), key=lambda item: (-item[1], item[0])):
                lines.append(f"    {count:5d}  [{code}] {stage}: {self.failure_examples[(stage, code)]}")
        if self.worker_peak_kb:
            peak = max(self.worker_peak_kb.values()) / 1024
            lines.append(f"  peak worker memory {peak:.0f} MiB")
        if self.out is not None:
            lines.append(f"  wrote {self.out / JSON_DIR}/, {self.out / CSV_NAME}, {self.out / XLSX_NAME}, "
                         f"{self.out / ERRORS_NAME}, {self.out / STORE_NAME}")
        return "\n".join(lines)


# -- finding the files -------------------------------------------------------------------------

def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern) for pattern in patterns)


def named_roots(roots: Iterable[str]) -> list[tuple[str, Path]]:
    """Each input root with the name its files are keyed under (the folder or file name).

    >>> import tempfile, os
    >>> base = tempfile.mkdtemp(); os.makedirs(os.path.join(base, "a", "notices")); os.makedirs(os.path.join(base, "notices"))
    >>> [name for name, _ in named_roots([os.path.join(base, "notices"), os.path.join(base, "a", "notices")])]
    ['notices', 'notices~2']
    """
    seen: Counter = Counter()
    named = []
    for root in roots:
        root_path = Path(root)
        if not root_path.exists():
            raise InputError("no such file or folder", path=str(root))
        name = root_path.resolve().name or "root"
        seen[name] += 1
        if seen[name] > 1:  # two roots with the same name must not share an output folder
            name = f"{name}~{seen[name]}"
        named.append((name, root_path))
    return named


def collect_inputs(roots: Iterable[str], *, include: Iterable[str] = (), exclude: Iterable[str] = (),
                   skip: Optional[Path] = None) -> list[InputFile]:
    """Every file under ``roots`` (folders walked recursively, files taken as they are), sorted.

    Hidden files and folders (``.git``, ``.DS_Store``) are not notices and are left out, as is
    ``skip`` (the output folder, when it sits inside an input folder). ``include`` / ``exclude``
    are glob patterns matched against the path relative to its root and against the file name.
    Files of unsupported types are returned too: the batch reports them as errors.
    """
    include, exclude = list(include), list(exclude)
    skip_real = os.path.realpath(skip) if skip is not None else None
    files: list[InputFile] = []
    seen_real: set[str] = set()
    for name, root_path in named_roots(roots):
        if root_path.is_file():
            candidates = [(root_path, name)]
        else:
            candidates = []
            unreadable: list[OSError] = []
            for folder, dirnames, filenames in os.walk(root_path, onerror=unreadable.append):
                if skip_real and os.path.realpath(folder) == skip_real:
                    dirnames[:] = []
                    continue
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for filename in sorted(filenames):
                    if filename.startswith("."):
                        continue
                    full = Path(folder) / filename
                    rel = full.relative_to(root_path).as_posix()
                    candidates.append((full, f"{name}/{rel}"))
            for error in unreadable:  # reported, so a folder the walk could not open is not lost silently
                rel = Path(error.filename).relative_to(root_path).as_posix() if error.filename else "."
                files.append(InputFile(key=f"{name}/{rel}/", source=str(error.filename),
                                       problem=f"cannot list folder: {error.strerror}"))
        for full, key in candidates:
            rel = key.split("/", 1)[-1]
            if include and not _matches(rel, include):
                continue
            if exclude and _matches(rel, exclude):
                continue
            real = os.path.realpath(full)
            if real in seen_real or (skip_real and real.startswith(skip_real + os.sep)):
                continue
            seen_real.add(real)
            files.append(InputFile(key=key, source=str(full)))
    return sorted(files, key=lambda f: f.key)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- the worker --------------------------------------------------------------------------------

def _resolve(spec: str) -> Callable:
    module_name, _, attribute = spec.partition(":")
    module = __import__(module_name, fromlist=[attribute or "parse"])
    return getattr(module, attribute or "parse")


def _stage_of(exc: BaseException) -> str:
    """The pipeline stage an exception came from: the innermost policyparse sub-package on the stack."""
    stage = getattr(exc, "stage", None)
    if stage:
        return stage
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        parts = Path(frame.filename).parts
        if "policyparse" not in parts:
            continue  # a library the stage called (pdfminer, pydantic …): the stage is further out
        index = len(parts) - 1 - parts[::-1].index("policyparse")
        if index + 1 < len(parts) - 1:
            return parts[index + 1]  # policyparse/segment/layout.py -> segment
        stem = Path(frame.filename).stem
        return "parse" if stem == "batch" else stem  # batch.py only calls the parser
    return "parse"


def parse_one(parser: Callable, source: str) -> tuple:
    """Parse one file and say how it went, never raising: ``("ok", json)`` or ``("error", stage, code, reason)``."""
    try:
        result = parser(Path(source))
        return ("ok", result.model_dump_json())
    except PolicyParseError as exc:
        stage = exc.stage or ("read" if exc.code.startswith("E1") else _stage_of(exc))
        return ("error", stage, exc.code, exc.message)
    except MemoryError:
        return ("error", "parse", CODE_WORKER_DIED, "out of memory")
    except Exception as exc:  # noqa: BLE001 (a bug in a stage must not stop the batch)
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        return ("error", _stage_of(exc), CODE_BUG, f"internal error {type(exc).__name__}: {exc}{where}")


def _worker_main(conn, parser_spec: str, delay: float) -> None:
    """A worker: load the parser, say ready, then receive a path and send back its outcome until the pipe closes."""
    # Ctrl-C reaches the whole process group; the main process decides what to do about it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import resource
    except ImportError:  # Windows: no getrusage, so no memory figure
        resource = None

    try:
        parser = _resolve(parser_spec)
    except Exception as exc:  # noqa: BLE001 (reported to the main process, which stops the batch)
        conn.send(("ready", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        started = time.perf_counter()
        if delay:
            time.sleep(delay)
        outcome = parse_one(parser, job)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else 0
        if sys.platform == "darwin":  # bytes there, KiB on Linux
            peak_kb //= 1024
        try:
            conn.send(("done", outcome, time.perf_counter() - started, peak_kb))
        except (BrokenPipeError, EOFError, OSError):
            return


def _worker_context(parser: str):
    """How workers start: ``forkserver`` where there is one, else ``spawn``; never a bare ``fork``.

    A forkserver is one clean process that imports the pipeline once and forks each worker from
    itself, so starting (or replacing) a worker costs milliseconds instead of a fresh interpreter
    importing everything; unlike ``fork`` of the main process it shares no threads, SQLite
    connection or progress bar. Both start a worker from a clean state, so the code stays
    spawn-safe (Windows has only ``spawn``).
    """
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Only counts before the server first starts; later batches in the same process reuse it.
    context.set_forkserver_preload(["policyparse.batch", "policyparse.pipeline", parser.partition(":")[0]])
    return context


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    ready: bool = False  # the parser is loaded (imports are not counted against --timeout)
    job: Optional[str] = None  # the source path it is parsing
    started: float = 0.0


class WorkerPool:
    """``jobs`` worker processes, each parsing one file at a time, replaced when they die.

    :meth:`run` yields ``(source, outcome, seconds, peak_kb, pid)`` for every source as soon as it is done,
    in completion order; ``outcome`` is what :func:`parse_one` returns, or an error for a worker
    that died or went past ``timeout`` seconds on that file. A parser that cannot be loaded at
    all raises :class:`UsageError` instead of failing every file.
    """

    MAX_FAILED_STARTS = 3

    def __init__(self, jobs: int, *, parser: str = DEFAULT_PARSER, timeout: Optional[float] = None,
                 delay: float = 0.0):
        self.jobs = max(1, jobs)
        self.parser = parser
        self.timeout = timeout
        self.delay = delay
        self.context = _worker_context(parser)
        self.workers: list[_Worker] = []
        self.failed_starts = 0

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_worker_main, args=(child, self.parser, self.delay), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process=process, conn=parent)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        self.workers.remove(worker)

    def _replace(self, worker: _Worker, more_work: bool) -> None:
        self._retire(worker)
        if more_work:
            self._start()

    def run(self, sources: Iterable[str]):
        pending = deque(sources)
        for _ in range(min(self.jobs, len(pending))):
            self._start()
        try:
            while pending or any(w.job for w in self.workers):
                for worker in self.workers:
                    if worker.ready and worker.job is None and pending:
                        job = pending[0]
                        try:
                            worker.conn.send(job)
                        except (BrokenPipeError, OSError):
                            continue  # it died before taking the file; noticed below, the file stays queued
                        pending.popleft()
                        worker.job, worker.started = job, time.monotonic()
                if not self.workers:
                    self._start()
                watched = list(self.workers)
                ready = set(wait([w.conn for w in watched] + [w.process.sentinel for w in watched], timeout=1.0))
                now = time.monotonic()
                for worker in watched:
                    job = worker.job
                    if worker.conn in ready or worker.process.sentinel in ready:
                        message = None
                        try:
                            if worker.conn.poll():
                                message = worker.conn.recv()
                        except (EOFError, OSError):
                            message = None
                        if message is not None and message[0] == "ready":
                            if message[1] is not None:
                                raise UsageError(f"cannot load the parser {self.parser}: {message[1]}")
                            worker.ready = True
                            continue
                        if message is not None:
                            _, outcome, seconds, peak_kb = message
                            worker.job = None
                            yield job, outcome, seconds, peak_kb, worker.process.pid
                            continue
                        if worker.process.sentinel in ready or not worker.process.is_alive():
                            worker.process.join(timeout=5)
                            code = worker.process.exitcode
                            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                            more = bool(pending) or any(w.job for w in self.workers if w is not worker)
                            if job is None:  # died before or between files: not a file's fault
                                self.failed_starts += 1
                                if self.failed_starts > self.MAX_FAILED_STARTS:
                                    raise UsageError(f"worker processes keep dying before parsing anything ({how})")
                                self._replace(worker, more or bool(job))
                                continue
                            self._replace(worker, more)
                            yield job, ("error", "worker", CODE_WORKER_DIED,
                                        f"the worker process died while parsing this file ({how})"), None, None, None
                            continue
                    if job is not None and self.timeout and now - worker.started > self.timeout:
                        self._replace(worker, bool(pending) or any(w.job for w in self.workers if w is not worker))
                        yield job, ("error", "timeout", CODE_TIMEOUT,
                                    f"parsing took longer than {self.timeout:g} s; the worker was stopped"), None, None, None
        finally:
            self.close()

    def close(self) -> None:
        for worker in list(self.workers):
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in list(self.workers):
            worker.process.join(timeout=2)
            self._retire(worker)


# -- the parser version -------------------------------------------------------------------------

def parser_version() -> str:
    """The version results are keyed by: the package and schema versions, plus, when running
    from a source checkout, a fingerprint of the code and lexicons.

    An installed release is fixed, so its version number says which parser made a result. In a
    checkout the number stays put while the code and lexicons change; without the fingerprint a
    re-run would keep results from an older parser next to new ones.
    """
    from . import __version__
    from .export import version_key

    package = Path(__file__).resolve().parent
    if {"site-packages", "dist-packages"} & set(package.parts):
        return version_key(__version__)
    from .lexicons import lexicon_dir

    digest = hashlib.sha256()
    for folder, patterns in ((package, ("*.py",)), (lexicon_dir(), ("*.tsv", "*.yaml", "*.yml", "*.json"))):
        files = sorted(p for pattern in patterns for p in folder.rglob(pattern) if "__pycache__" not in p.parts)
        for path in files:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return version_key(f"{__version__}+src.{digest.hexdigest()[:10]}")


# -- the batch ---------------------------------------------------------------------------------

def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _clean_temp_files(folder: Path) -> None:
    """Remove temp files a killed run left behind (``write_atomic`` names them ``.NAME.*.tmp``)."""
    if not folder.is_dir():
        return
    for dirpath, _dirnames, filenames in os.walk(folder):
        for filename in filenames:
            if filename.startswith(".") and filename.endswith(".tmp"):
                try:
                    os.unlink(os.path.join(dirpath, filename))
                except OSError:
                    pass


class _OutputLock:
    """One batch at a time per output folder: a second run would parse the same files twice and
    interleave its ledgers with the first. The lock is an ``flock`` on ``OUT/.lock``, released by
    the kernel when the process ends, however it ends (so ``kill -9`` leaves no stale lock)."""

    def __init__(self, out: Path):
        self.path = out / ".lock"
        self.handle = None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:  # Windows: no flock; SQLite still keeps the store consistent
            return self
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            self.handle = None
            raise UsageError("another policyparse batch is writing to this folder", path=str(self.path.parent))
        return self

    def __exit__(self, *exc):
        if self.handle is not None:
            self.handle.close()  # closing releases the lock


def write_ledgers(store, out: Path, *, lang: str = "zh") -> None:
    """Rebuild ``tasks.csv``, ``ledger.xlsx`` and ``errors.csv`` in ``out`` from the store."""
    import csv
    import io

    from .export import ledger_rows, safe_cell, write_atomic, write_csv, write_xlsx

    rows = ledger_rows(store.iter_results(), lang=lang)
    write_csv(rows, out / CSV_NAME, lang=lang)
    write_xlsx(rows, out / XLSX_NAME, lang=lang)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["path", "source", "stage", "code", "reason"])
    for error in store.errors():
        writer.writerow([safe_cell(error[name]) for name in ("path", "source", "stage", "code", "reason")])
    write_atomic(out / ERRORS_NAME, "\ufeff" + buffer.getvalue())


def run_batch(roots: Iterable[str], out, *, jobs: Optional[int] = None, include: Iterable[str] = (),
              exclude: Iterable[str] = (), progress: bool = True, force: bool = False, retry_failed: bool = False,
              timeout: Optional[float] = DEFAULT_TIMEOUT, parser: str = DEFAULT_PARSER,
              lang: str = "zh", version: Optional[str] = None) -> BatchSummary:
    """Parse every notice under ``roots`` into ``out`` (see the module docstring for the layout).

    roots (list of str): folders (walked recursively) and files.
    out (str | Path): the output folder; an existing one is resumed / updated.
    jobs (int): worker processes, default all cores.
    force (bool): parse again even what the store already has for this version.
    retry_failed (bool): parse again files that failed before with the same content and version
        (by default a known failure is reported again without re-parsing).
    timeout (float): seconds one file may take; None for no limit.
    parser (str): ``module:function`` that takes a path and returns a ParseResult (importable
        from a fresh process); the pipeline by default.
    version (str): the version results are keyed by; default :func:`parser_version`. Pin it to
        keep results across code edits in a checkout (or for a custom parser).
    RETURNS (BatchSummary): counts, failures by reason, time; ``exit_code`` 1 if anything failed.
    """
    started = time.monotonic()
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError("output must be a folder", path=str(out))
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    roots = list(roots)
    if not roots:
        raise UsageError("no input folder or file given")
    inputs = collect_inputs(roots, include=include, exclude=exclude, skip=out)
    out.mkdir(parents=True, exist_ok=True)
    with _OutputLock(out):
        return _run_locked(inputs, out, roots=named_roots(roots), jobs=jobs, force=force, retry_failed=retry_failed, timeout=timeout,
                           parser=parser, lang=lang, version=version, progress=progress, started=started)


def _run_locked(inputs: list[InputFile], out: Path, *, roots: list[tuple[str, Path]], jobs: int, force: bool, retry_failed: bool,
                timeout: Optional[float], parser: str, lang: str, version: Optional[str], progress: bool,
                started: float) -> BatchSummary:
    from tqdm import tqdm

    from .export import SQLiteStore, from_json, to_json, write_atomic

    _clean_temp_files(out / JSON_DIR)
    version = version or parser_version()
    summary = BatchSummary(files=len(inputs), jobs=jobs, out=out)
    store = SQLiteStore(out / STORE_NAME)

    def fail(item: InputFile, stage: str, code: str, reason: str, sha: Optional[str]) -> None:
        store.add_error(item.key, stage=stage, code=code, reason=reason, sha256=sha, version=version,
                        output=None, source=item.source)
        _count_failure(summary, stage, code, reason)
        try:  # a file that used to parse and now fails must not keep its stale result JSON
            (out / item.output).unlink()
        except OSError:
            pass

    try:
        todo: dict[str, list[tuple[InputFile, str]]] = {}  # sha -> files with that content
        for item in inputs:
            if item.problem:
                fail(item, "select", "E100", item.problem, None)
                continue
            if item.suffix not in SUPPORTED_SUFFIXES:
                fail(item, "select", "E101", f"unsupported file type {item.suffix or '(no extension)'};"
                     f" supported: {' '.join(SUPPORTED_SUFFIXES)}", None)
                continue
            try:
                sha = _sha256(item.source)
            except OSError as exc:
                fail(item, "read", "E100", f"cannot read: {exc.strerror}", None)
                continue
            previous = store.file_status(item.key)
            if not force and store.has(sha, version):
                output_path = out / item.output
                # Rewrite the JSON when it is missing or was written for other content (the file
                # changed back to a text another input still shares).
                if previous != ("ok", sha, version) or not output_path.exists():
                    result = from_json(store.result_json(sha, version))
                    result.source.path = item.source
                    write_atomic(output_path, to_json(result))
                store.link(item.key, sha, version, output=item.output, source=item.source)
                summary.reused += 1
                continue
            if (not force and not retry_failed and previous is not None
                    and previous == ("error", sha, version)):
                for error in store.errors_for(item.key):
                    _count_failure(summary, error["stage"], error["code"], error["reason"])
                continue
            todo.setdefault(sha, []).append((item, sha))

        summary.timings["scan"] = time.monotonic() - started
        phase = time.monotonic()
        delay = float(os.environ.get(DELAY_ENV) or 0)
        by_source = {group[0][0].source: group for group in todo.values()}
        total = sum(len(group) for group in todo.values())
        bar = tqdm(total=total, unit="file", disable=not progress or total == 0, dynamic_ncols=True,
                   desc="parsing", file=sys.stderr)
        pool = WorkerPool(min(jobs, max(1, len(by_source))), parser=parser, timeout=timeout, delay=delay)
        try:
            for source, outcome, seconds, peak_kb, pid in pool.run(list(by_source)):
                group = by_source[source]
                summary.timings["worker busy"] = summary.timings.get("worker busy", 0.0) + (seconds or 0.0)
                if pid is not None and peak_kb:
                    summary.worker_peak_kb[pid] = max(summary.worker_peak_kb.get(pid, 0), peak_kb)
                if outcome[0] == "ok":
                    for position, (item, sha) in enumerate(group):
                        try:
                            result = from_json(outcome[1], path=source)
                            result.source.path = item.source
                            write_atomic(out / item.output, to_json(result))
                            store.add(result, path=item.key, output=item.output, source=item.source,
                                      version=version, replace=force and position == 0)
                        except OSError as exc:  # disk full, output folder gone: every file would fail
                            raise UsageError(f"cannot write results: {exc.strerror or exc}", path=str(out)) from None
                        except (PolicyParseError, sqlite3.Error, ValueError) as exc:
                            # A result the store cannot take (a bug) costs this file, not the batch;
                            # the transaction rolled back and fail() removes the JSON just written.
                            fail(item, "store", CODE_BUG, f"cannot store the result: {type(exc).__name__}: {exc}", sha)
                        else:
                            summary.parsed += 1
                else:
                    _, stage, code, reason = outcome
                    for item, sha in group:
                        fail(item, stage, code, reason, sha)
                bar.update(len(group))
                bar.set_postfix(failed=sum(summary.failures.values()), refresh=False)
        finally:
            bar.close()
            pool.close()
        summary.timings["parse"] = time.monotonic() - phase
        phase = time.monotonic()
        summary.removed = _forget_deleted(store, out, roots, {item.key for item in inputs})
        counts = store.counts([item.key for item in inputs])
        summary.documents, summary.tasks = counts["documents"], counts["tasks"]
        summary.failed = sum(summary.failures.values())
        write_ledgers(store, out, lang=lang)
        summary.timings["ledgers"] = time.monotonic() - phase
    finally:
        store.close()
    summary.seconds = time.monotonic() - started
    return summary


def _forget_deleted(store, out: Path, roots: list[tuple[str, Path]], walked: set[str]) -> int:
    """Drop stored inputs under this run's roots whose file was deleted, so the ledgers follow the
    folders. A file only left out by ``--include`` / ``--exclude`` is still on disk and stays."""
    removed = 0
    for name, root_path in roots:
        for key, output in store.files_under(name):
            if key in walked:
                continue
            rel = key[len(name) + 1:]
            on_disk = root_path / rel if rel else root_path
            if key.endswith("/") or not on_disk.exists():  # a folder error not seen again: it reads now
                store.remove_file(key)
                if output:
                    try:
                        (out / output).unlink()
                    except OSError:
                        pass
                removed += 1
    return removed


def _count_failure(summary: BatchSummary, stage: str, code: str, reason: str) -> None:
    summary.failures[(stage, code)] += 1
    summary.failure_examples.setdefault((stage, code), reason)


# -- command line ------------------------------------------------------------------------------

def cmd_batch(args: argparse.Namespace) -> int:
    """``policyparse batch``: run, print the summary, exit 1 if any file failed."""
    if args.timeout is not None and args.timeout < 0:
        raise UsageError("--timeout must be positive (0 for no limit)")
    summary = run_batch(args.inputs, args.output, jobs=args.jobs, include=args.include or (),
                        exclude=args.exclude or (), progress=not args.no_progress, force=args.force,
                        retry_failed=args.retry_failed, timeout=args.timeout or None, lang=args.lang,
                        parser=args.parser, version=args.parser_version)
    print(summary.format())
    return summary.exit_code


def register_cli(commands) -> None:
    """Add ``policyparse batch`` to the CLI's sub-commands."""
    p = commands.add_parser(
        "batch", help="parse every notice under folders in parallel into JSON, ledgers and SQLite (resumable)",
        description="Parse every supported file (" + " ".join(SUPPORTED_SUFFIXES) + ") under the given "
        "folders. Re-running skips files already in OUT; a killed run resumes. Exit status 1 if any file failed.")
    p.add_argument("inputs", nargs="+", metavar="DIR", help="folders (walked recursively) or files")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help="output folder")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--include", action="append", metavar="GLOB", help="only files matching (repeatable)")
    p.add_argument("--exclude", action="append", metavar="GLOB", help="leave out files matching (repeatable)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--force", action="store_true", help="parse everything again, even what OUT already has")
    p.add_argument("--retry-failed", action="store_true", help="parse again the files that failed before")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"seconds one file may take (default {DEFAULT_TIMEOUT:g}; 0: no limit)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="ledger column names")
    p.add_argument("--parser", default=DEFAULT_PARSER, metavar="MODULE:FUNCTION",
                   help="function that parses one path into a ParseResult (advanced; default %(default)s)")
    p.add_argument("--parser-version", metavar="VERSION",
                   help="key results by this version instead of the parser's own (advanced: keeps results"
                   " across code edits in a source checkout)")
    p.set_defaults(run=cmd_batch)
