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
- nothing lost: an outcome is keyed by content *and* the file's extension (the reader depends
  on it: the same bytes named ``.txt`` parse, named ``.pdf`` fail); result names are bounded
  (:func:`output_name`: a cut name plus a hash when a name is too long for some file system,
  the full name in the store); two roots with the same name get names that cannot collide; a
  symlink pointing outside the input folders is skipped with a warning, and a FIFO or device
  is an error row, never opened; a write error that costs one file is that file's error row,
  one that costs every file (read-only or full disk) stops the batch with one line, the store
  keeping every result written so far.
- bounded: a worker past ``--max-memory`` is stopped and its file gets an error row; the peak
  memory figure counts every worker, stopped ones included.
- parallel: ``--jobs`` worker processes (default: all cores), forked from a clean
  ``forkserver`` process (``spawn`` where there is none), so the code behaves the same on
  Linux, macOS and Windows.
- on a cluster: ``--scheduler tcp://HOST:8786`` (or a scheduler file, or a ``dask.distributed``
  ``Client`` / cluster object from the API, dask-jobqueue's ``SLURMCluster`` and ``PBSCluster``
  included) sends the same per-file work (:func:`parse_one`) to Dask workers
  (:class:`DaskPool`); this process still writes every output, so outputs, error rows and
  resuming are those of a local run. Dask is imported only then.
- tables for analysis: ``parquet/<level>/part-NNNNN.parquet`` (documents, tasks, assignments,
  units; :mod:`policyparse.export.parquet`) and ``parquet/errors.parquet``, rebuilt from the store
  at the end of each run like the ledgers, when pyarrow is installed (``--parquet`` insists).
"""

from __future__ import annotations

import argparse
import errno
import fnmatch
import functools
import hashlib
import multiprocessing
import os
import queue
import signal
import socket
import sqlite3
import stat
import sys
import time
import traceback
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Optional

from .errors import InputError, OutputError, PolicyParseError, ResourceError, UsageError, display_name, printable
from .read.detect import READABLE_EXTENSIONS as SUPPORTED_SUFFIXES  # the reader's own list: one home

DEFAULT_PARSER = "policyparse.pipeline:parse"
# Seconds each worker sleeps before a file: lets the resume test kill a run at a known point.
DELAY_ENV = "POLICYPARSE_BATCH_DELAY"
DEFAULT_TIMEOUT = 300.0
# MiB one worker may hold while parsing one file (a 40 MB notice once took 1.6 GB); 0: no limit.
DEFAULT_MAX_MEMORY_MB = 4096
# Bytes of one output file or folder name. ext4 and NTFS allow 255, eCryptfs 143; the temp file
# write_atomic makes beside a result adds about 15.
NAME_LIMIT = 120

STORE_NAME = "policyparse.sqlite"
JSON_DIR = "json"
CSV_NAME = "tasks.csv"
XLSX_NAME = "ledger.xlsx"
ERRORS_NAME = "errors.csv"
PARQUET_DIR = "parquet"

# Error codes for failures that are not a PolicyParseError raised by a stage.
CODE_BUG = "E900"  # an unexpected exception inside the parser: a bug, reported with where it happened
CODE_WORKER_DIED = "E901"  # the worker process died while parsing the file (crash, out of memory)
CODE_TIMEOUT = "E902"  # the file took longer than --timeout
CODE_MEMORY = "E903"  # the worker went past --max-memory on the file
CODE_WRITE = OutputError.code  # its result could not be written (a path too long for the file system)

# Write errors that no other file would escape either: stop the batch instead of failing each file.
_SYSTEMIC_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EIO}


def fit_name(name: str, extra: str = "") -> str:
    """``name + extra`` when it fits :data:`NAME_LIMIT` bytes, else a cut of ``name``, ``~``, a
    hash of the whole name, its extension and ``extra``: distinct names stay distinct.

    >>> fit_name("通知.txt", ".json")
    '通知.txt.json'
    >>> long = "关于印发" + "政务诚信" * 30 + ".txt"
    >>> short = fit_name(long, ".json"); len(short.encode()) <= NAME_LIMIT, short.endswith(".txt.json")
    (True, True)
    """
    full = name + extra
    if len(full.encode("utf-8", "surrogateescape")) <= NAME_LIMIT:
        return full
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    stem, dot, ext = name.rpartition(".")
    if not (dot and stem and 0 < len(ext) <= 8 and ext.isalnum()):
        stem, ext = name, ""
    tail = f"~{digest}{'.' + ext if ext else ''}{extra}"
    budget = NAME_LIMIT - len(tail.encode("utf-8", "surrogateescape"))
    cut, used = [], 0
    for ch in stem:
        size = len(ch.encode("utf-8", "surrogatepass"))
        if used + size > budget:
            break
        cut.append(ch)
        used += size
    return "".join(cut) + tail


def output_name(key: str) -> str:
    """Where the result JSON of input ``key`` goes under the output folder: every folder and the
    file name bounded by :func:`fit_name` (a scraped notice's Chinese title of 80 characters is
    240 bytes, and ``.json`` takes it past what ext4 allows).

    >>> output_name("notices/sub/通知.txt")
    'json/notices/sub/通知.txt.json'
    """
    parts = key.split("/")
    return "/".join([JSON_DIR, *(fit_name(part) for part in parts[:-1]), fit_name(parts[-1], ".json")])


@dataclass(frozen=True)
class InputFile:
    """One file found by the walk.

    key: its path under the output folder (``<root name>/<relative path>``), the store's key,
        as text (:func:`display_name`);
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
    def reader(self) -> str:
        """The part of the name reading depends on, which keys the outcome with the content."""
        return self.suffix

    @property
    def shown(self) -> str:
        """``source`` as text any output can hold."""
        return display_name(self.source)

    @property
    def output(self) -> str:
        return output_name(self.key)


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
    skipped: list = field(default_factory=list)  # (key, why): inputs left out with a warning
    timings: dict = field(default_factory=dict)  # phase (scan, parse, ledgers) -> seconds
    out: Optional[Path] = None
    scheduler: Optional[str] = None  # the Dask scheduler's address, None for the local pool
    parquet: bool = False  # the Parquet dataset was written

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def format(self) -> str:
        parse_seconds = self.timings.get("parse", self.seconds)
        rate = self.parsed / parse_seconds if parse_seconds > 0 else 0.0
        lines = [
            f"policyparse batch: {self.files} files in {self.seconds:.1f} s "
            f"({self.parsed} parsed at {rate:.1f} files/s with {self.jobs} "
            + (f"Dask threads at {self.scheduler}, " if self.scheduler else "workers, ") +
            f"{self.reused} already done, {self.failed} failed"
            + (f", {self.removed} gone from disk and removed" if self.removed else "") + ")",
            f"  documents {self.documents}, tasks {self.tasks}",
        ]
        if self.failures:
            lines.append("  failures by reason:")
            for (stage, code), count in sorted(self.failures.items(), key=lambda item: (-item[1], item[0])):
                lines.append(f"    {count:5d}  [{code}] {stage}: {self.failure_examples[(stage, code)]}")
        if self.skipped:
            lines.append(f"  skipped {len(self.skipped)}:")
            for key, why in self.skipped[:20]:
                lines.append(f"    {printable(key)}: {printable(why)}")
            if len(self.skipped) > 20:
                lines.append(f"    … and {len(self.skipped) - 20} more")
        if self.worker_peak_kb:
            peak = max(self.worker_peak_kb.values()) / 1024
            lines.append(f"  peak worker memory {peak:.0f} MiB")
        if self.out is not None:
            lines.append(f"  wrote {self.out / JSON_DIR}/, {self.out / CSV_NAME}, {self.out / XLSX_NAME}, "
                         f"{self.out / ERRORS_NAME}, {self.out / STORE_NAME}"
                         + (f", {self.out / PARQUET_DIR}/" if self.parquet else ""))
        return "\n".join(lines)


# -- finding the files -------------------------------------------------------------------------

def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern) for pattern in patterns)


def named_roots(roots: Iterable[str]) -> list[tuple[str, Path]]:
    """Each input root with the name its files are keyed under (the folder or file name).

    The first root with a name keeps it; a later root with the same name gets ``~`` and a hash
    of its full path, lengthened until no root has it, so ``a/notices b/notices c/notices~2``
    stay three (a counter suffix gave ``b/notices`` the name ``notices~2`` of the third root).
    The hash keeps a root's name when roots are given in another order.

    >>> import tempfile, os
    >>> base = tempfile.mkdtemp()
    >>> for d in ("a/notices", "b/notices", "c/notices~2"): os.makedirs(os.path.join(base, d))
    >>> names = [n for n, _ in named_roots([os.path.join(base, d) for d in ("a/notices", "b/notices", "c/notices~2")])]
    >>> names[0], names[1].startswith("notices~") and names[1] != "notices~2", names[2], len(set(names))
    ('notices', True, 'notices~2', 3)
    """
    paths = []
    for root in roots:
        root_path = Path(root)
        if not root_path.exists():
            raise InputError("no such file or folder", path=str(root))
        resolved = root_path.resolve()
        paths.append((display_name(resolved.name) or "root", resolved, root_path))
    literal = {name for name, _, _ in paths}
    used: set[str] = set()
    named = []
    for name, resolved, root_path in paths:
        if name in used:
            digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()
            length = 8
            while f"{name}~{digest[:length]}" in used | literal and length < len(digest):
                length += 4
            name = f"{name}~{digest[:length]}"
        used.add(name)
        named.append((name, root_path))
    return named


def _inside(real: str, folders: list[str]) -> bool:
    return any(real == folder or real.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a regular file"


def collect_inputs(roots: Iterable[str], *, include: Iterable[str] = (), exclude: Iterable[str] = (),
                   skip: Optional[Path] = None, skipped: Optional[list] = None) -> list[InputFile]:
    """Every file under ``roots`` (folders walked recursively, files taken as they are), sorted.

    Hidden files and folders (``.git``, ``.DS_Store``) are not notices and are left out, as is
    ``skip`` (the output folder, when it sits inside an input folder). ``include`` / ``exclude``
    are glob patterns matched against the path relative to its root and against the file name.
    Files of unsupported types are returned too: the batch reports them as errors, as it does a
    FIFO, socket or device (which would block or never end if read) and a broken symlink.

    A symlink inside a folder that points outside every input root (``ln -s /etc/passwd
    d/passwd.txt``) is not followed: it is left out and ``(key, why)`` is appended to
    ``skipped``. Folder symlinks are not walked into (``os.walk`` default).
    """
    include, exclude = list(include), list(exclude)
    skip_real = os.path.realpath(skip) if skip is not None else None
    files: list[InputFile] = []
    seen_real: set[str] = set()
    named = named_roots(roots)
    root_reals = [os.path.realpath(root_path) for _, root_path in named]
    for name, root_path in named:
        if root_path.is_file():
            candidates = [(root_path, name, False)]
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
                    candidates.append((full, display_name(f"{name}/{rel}"), True))
            for error in unreadable:  # reported, so a folder the walk could not open is not lost silently
                rel = Path(error.filename).relative_to(root_path).as_posix() if error.filename else "."
                files.append(InputFile(key=display_name(f"{name}/{rel}/"), source=str(error.filename),
                                       problem=f"cannot list folder: {error.strerror}"))
        for full, key, walked in candidates:
            rel = key.split("/", 1)[-1]
            if include and not _matches(rel, include):
                continue
            if exclude and _matches(rel, exclude):
                continue
            real = os.path.realpath(full)
            if walked and os.path.islink(full) and not _inside(real, root_reals):
                if skipped is not None:
                    skipped.append((key, f"symlink to {display_name(real)}, outside the input folders; not followed"))
                continue
            if real in seen_real or (skip_real and real.startswith(skip_real + os.sep)):
                continue
            seen_real.add(real)
            problem = None
            try:
                mode = os.stat(full).st_mode
                if not stat.S_ISREG(mode):
                    problem = f"{_kind(mode)}, not a file; not read"
            except FileNotFoundError:
                problem = f"broken symlink (to {display_name(real)})"
            except OSError as exc:
                problem = f"cannot read: {exc.strerror}"
            files.append(InputFile(key=key, source=str(full), problem=problem))
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


# A notice small enough to parse in milliseconds that still takes each stage through the
# tables it loads lazily: a traditional and a look-alike glyph (OpenCC, the character tables, the
# word dictionary), a header, a task with a clause (clause grammar, agencies, divisions) and a
# deadline, and sector words (the domain matcher).
WARM_UP_NOTICE = """揭阳市人民政府办公室关于印发揭阳市政务诚信建设實施方案的通知
揭府办〔2018〕38号
各县（市、区）人民政府，市府直属各单位：
一、主要任务
（一）加强政务诚信建设，推进农民工工资支付和新能源汽车推广，偅要工作要抓好。（牵头单位：市发展改革委、人民银行揭阳市中心支行；配合单位：市财政局）2018年底前完成。
揭阳市人民政府办公室
2018年5月14日
"""


_warm = False  # this process has run warm_up


def warm_up(parser_spec: str = DEFAULT_PARSER) -> None:
    """Load everything the parser loads lazily (lexicons, word dictionary, OpenCC, matchers)
    by parsing :data:`WARM_UP_NOTICE`, so that no file pays for it.

    Each worker runs this once, before it says it is ready, so the loading is not counted
    against ``--timeout`` nor in the figures of its first file, and no file pays for it. Only
    the default parser is warmed (another one loads what it loads); a failure here is left for
    the files to report.

    Not in the forkserver, to be shared by the workers forked from it: the forkserver is one per
    process and serves every later batch, whatever its parser, and a worker's resident memory
    (what ``--max-memory`` bounds) counts the pages it shares, so every worker of every batch
    would start hundreds of MiB nearer its bound.
    """
    global _warm
    if parser_spec != DEFAULT_PARSER or _warm:
        return
    _warm = True
    try:
        from .lexicons import declared, load_tsv
        from .pipeline import parse

        parse(WARM_UP_NOTICE, name="warm-up.txt")
        for name, model in declared().items():  # the tables no stage of that notice needed
            load_tsv(name, model)
    except Exception:  # noqa: BLE001
        return
    import gc

    # What was loaded stays for the life of the process: out of the collector's sight, it is
    # not walked by every collection, nor its pages copied into each forked worker by the walk.
    gc.collect()
    gc.freeze()


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
    warm_up(parser_spec)  # before "ready": loading counts against no file and no timeout
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
    peak_kb: int = 0  # the highest resident memory seen from outside (KiB)


def _memory_kb(pid: int) -> tuple[int, int]:
    """``(resident, peak resident)`` of a process in KiB from ``/proc`` (Linux), (0, 0) elsewhere
    or once it is gone. Read from the parent, so a worker killed for its memory is still counted."""
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            status = handle.read()
    except OSError:
        return 0, 0
    values = {}
    for line in status.splitlines():
        if line.startswith((b"VmRSS:", b"VmHWM:")):
            key, _, rest = line.partition(b":")
            values[key] = int(rest.split()[0])
    return values.get(b"VmRSS", 0), values.get(b"VmHWM", 0)


class WorkerPool:
    """``jobs`` worker processes, each parsing one file at a time, replaced when they die.

    :meth:`run` yields ``(source, outcome, seconds, peak_kb, pid)`` for every source as soon as it is done,
    in completion order; ``outcome`` is what :func:`parse_one` returns, or an error for a worker
    that died or went past ``timeout`` seconds on that file. A parser that cannot be loaded at
    all raises :class:`UsageError` instead of failing every file.
    """

    MAX_FAILED_STARTS = 3

    def __init__(self, jobs: int, *, parser: str = DEFAULT_PARSER, timeout: Optional[float] = None,
                 delay: float = 0.0, max_memory_mb: Optional[float] = None):
        self.jobs = max(1, jobs)
        self.parser = parser
        self.timeout = timeout
        self.delay = delay
        self.max_memory_kb = int(max_memory_mb * 1024) if max_memory_mb else None
        self.context = _worker_context(parser)
        self.workers: list[_Worker] = []
        self.failed_starts = 0

    def _start(self) -> _Worker:
        try:
            parent, child = self.context.Pipe(duplex=True)
            process = self.context.Process(target=_worker_main, args=(child, self.parser, self.delay), daemon=True)
            process.start()
        except (OSError, RuntimeError, ValueError, EOFError) as exc:
            # fork refused (process or memory limit), no /dev/shm, too many open files …
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise ResourceError(f"cannot start worker processes: {reason}") from None
        child.close()
        worker = _Worker(process=process, conn=parent)
        self.workers.append(worker)
        return worker

    def _sample(self, worker: _Worker) -> int:
        resident, peak = _memory_kb(worker.process.pid)
        worker.peak_kb = max(worker.peak_kb, peak, resident)
        return resident

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            self._sample(worker)
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        self.workers.remove(worker)

    def _replace(self, worker: _Worker, more_work: bool) -> None:
        self._retire(worker)
        if more_work:
            self._start()

    @staticmethod
    def _assign(worker: _Worker, pending: deque) -> None:
        """Send the next file to an idle worker (a worker that died first keeps the file queued;
        its death is noticed by the loop)."""
        if not (worker.ready and worker.job is None and pending):
            return
        job = pending[0]
        try:
            worker.conn.send(job)
        except (BrokenPipeError, OSError):
            return
        pending.popleft()
        worker.job, worker.started = job, time.monotonic()

    def run(self, sources: Iterable[str]):
        pending = deque(sources)
        for _ in range(min(self.jobs, len(pending))):
            self._start()
        try:
            while pending or any(w.job for w in self.workers):
                for worker in self.workers:
                    self._assign(worker, pending)
                if not self.workers:
                    self._start()
                watched = list(self.workers)
                ready = set(wait([w.conn for w in watched] + [w.process.sentinel for w in watched],
                                 timeout=0.25 if self.max_memory_kb else 1.0))
                now = time.monotonic()
                for worker in watched:
                    yield from self._watch(worker, pending, ready, now)
        finally:
            self.close()

    def _more_work(self, pending: deque, worker: _Worker) -> bool:
        """Whether a replacement for ``worker`` would have anything to do."""
        return bool(pending) or any(w.job for w in self.workers if w is not worker)

    def _watch(self, worker: _Worker, pending: deque, ready: set, now: float):
        """What became of one worker since the last look, in this order: it went past
        ``--max-memory``, it said it is ready or sent a result, it died, it went past ``timeout``.
        Yields the outcome of its file when there is one."""
        job = worker.job
        if job is not None and worker.process.is_alive():
            resident = self._sample(worker)
            if self.max_memory_kb and resident > self.max_memory_kb:
                self._replace(worker, self._more_work(pending, worker))
                yield job, ("error", "memory", CODE_MEMORY,
                            f"parsing took more than {self.max_memory_kb // 1024} MiB of memory"
                            f" (--max-memory); the worker was stopped"), None, worker.peak_kb, worker.process.pid
                return
        if worker.conn in ready or worker.process.sentinel in ready:
            message = self._receive(worker)
            if message is not None and message[0] == "ready":
                if message[1] is not None:
                    raise UsageError(f"cannot load the parser {self.parser}: {message[1]}")
                worker.ready = True
                return
            if message is not None:
                _, outcome, seconds, peak_kb = message
                worker.job = None
                worker.peak_kb = max(worker.peak_kb, peak_kb or 0)
                # the next file goes out before this one's result is written, so the
                # worker parses while this process stores (it sat idle a fifth of the time)
                self._assign(worker, pending)
                yield job, outcome, seconds, worker.peak_kb, worker.process.pid
                return
            if worker.process.sentinel in ready or not worker.process.is_alive():
                yield from self._bury(worker, job, pending)
                return
        if job is not None and self.timeout and now - worker.started > self.timeout:
            self._replace(worker, self._more_work(pending, worker))
            yield job, ("error", "timeout", CODE_TIMEOUT,
                        f"parsing took longer than {self.timeout:g} s; the worker was stopped"), None, \
                worker.peak_kb, worker.process.pid

    @staticmethod
    def _receive(worker: _Worker):
        """The worker's message, or None when it sent none (or its pipe broke as it died)."""
        try:
            if worker.conn.poll():
                return worker.conn.recv()
        except (EOFError, OSError):
            return None
        return None

    def _bury(self, worker: _Worker, job: Optional[str], pending: deque):
        """A worker that died: its file fails (a segfault in a PDF library, the OOM killer), or,
        when it died holding no file, a start failed, which only a few times in a row may do."""
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        more = self._more_work(pending, worker)
        if job is None:  # died before or between files: not a file's fault
            self.failed_starts += 1
            if self.failed_starts > self.MAX_FAILED_STARTS:
                raise UsageError(f"worker processes keep dying before parsing anything ({how})")
            self._replace(worker, more or bool(job))
            return
        self._replace(worker, more)
        yield job, ("error", "worker", CODE_WORKER_DIED,
                    f"the worker process died while parsing this file ({how})"), None, \
            worker.peak_kb, worker.process.pid

    def close(self) -> None:
        for worker in list(self.workers):
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in list(self.workers):
            worker.process.join(timeout=2)
            self._retire(worker)


# -- on a Dask cluster ---------------------------------------------------------------------------

DASK_HINT = ("--scheduler needs dask.distributed: pip install 'policyparse[dask]' (on the workers too, with"
             " the same policyparse version)")


def try_distributed_import():
    """``distributed``, or a UsageError saying how to install it (the local pool never imports it)."""
    try:
        import distributed
    except ImportError:
        raise UsageError(DASK_HINT) from None
    return distributed


@functools.lru_cache(maxsize=8)
def _cached_parser(spec: str) -> Callable:
    return _resolve(spec)


def dask_parse(parser_spec: str, source: str, delay: float = 0.0) -> tuple:
    """The per-file work on a Dask worker: :func:`parse_one` plus the time it took and the
    worker process's peak memory, as the local workers report them.

    RETURNS (tuple): ``(outcome, seconds, peak_kb, worker)`` (worker: ``host:pid``); a parser that
        cannot be loaded gives the outcome ``("unloadable", reason)``, which stops the batch as it
        does locally.
    """
    started = time.perf_counter()
    try:
        parser = _cached_parser(parser_spec)
    except Exception as exc:  # noqa: BLE001 (reported to the client, which stops the batch)
        return ("unloadable", f"{type(exc).__name__}: {exc}"), 0.0, 0, None
    if delay:
        time.sleep(delay)
    outcome = parse_one(parser, source)
    try:
        import resource

        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            peak_kb //= 1024
    except ImportError:
        peak_kb = 0
    return outcome, time.perf_counter() - started, peak_kb, f"{socket.gethostname()}:{os.getpid()}"


class DaskPool:
    """The files of a batch parsed on a ``dask.distributed`` cluster, with :class:`WorkerPool`'s
    interface: :meth:`run` yields ``(source, outcome, seconds, peak_kb, worker)`` per file.

    scheduler: a scheduler address (``tcp://HOST:8786``), a scheduler file written by
        ``dask scheduler --scheduler-file F.json``, a ``distributed.Client``, or a cluster object
        (``LocalCluster``, dask-jobqueue's ``SLURMCluster``/``PBSCluster`` …). A client or
        cluster passed in is left open; one made here is closed.

    Workers read the files by their absolute path: the input folders must be visible at the same
    path on every worker (a shared file system, as on an HPC cluster). At most one file per
    worker thread is submitted at a time, so ``timeout`` counts from when a thread could start
    it; a file past it gets its error row (E902) and its task is cancelled, though Dask cannot
    stop a thread that is already running. Memory is the workers' own ``--memory-limit``: a
    worker the nanny kills is retried by Dask on another, and a file that kills workers each
    time becomes an error row (E901) once Dask gives up (``KilledWorker``).
    """

    def __init__(self, scheduler, *, parser: str = DEFAULT_PARSER, timeout: Optional[float] = None,
                 delay: float = 0.0):
        distributed = try_distributed_import()
        self.distributed = distributed
        self.parser = parser
        self.timeout = timeout
        self.delay = delay
        self.own_client = False
        if isinstance(scheduler, distributed.Client):
            self.client = scheduler
        elif hasattr(scheduler, "scheduler_address") and not isinstance(scheduler, (str, os.PathLike)):
            self.client = distributed.Client(scheduler, set_as_default=False)
            self.own_client = True
        else:
            target = os.fspath(scheduler)
            try:
                if target.endswith(".json") and os.path.exists(target):
                    self.client = distributed.Client(scheduler_file=target, set_as_default=False, timeout=30)
                else:
                    self.client = distributed.Client(target, set_as_default=False, timeout=30)
            except (OSError, TimeoutError) as exc:
                raise UsageError(f"cannot reach the Dask scheduler {target}: {exc}") from None
            self.own_client = True
        self.address = self.client.scheduler.address

    @property
    def threads(self) -> int:
        """Worker threads in the cluster now (a dask-jobqueue cluster grows and shrinks)."""
        try:
            return sum(self.client.nthreads().values())
        except Exception:  # noqa: BLE001 (a scheduler that went away is noticed when waiting)
            return 0

    def run(self, sources: Iterable[str]):
        pending = deque(sources)
        running: dict = {}  # future -> (source, submitted at)
        finished: queue.Queue = queue.Queue()  # filled from the client's thread as tasks end
        try:
            while pending or running:
                slots = max(1, self.threads)
                while pending and len(running) < slots:
                    source = pending.popleft()
                    future = self.client.submit(dask_parse, self.parser, os.path.abspath(source), self.delay,
                                                pure=False, key=f"policyparse-parse-{uuid.uuid4().hex}")
                    running[future] = (source, time.monotonic())
                    future.add_done_callback(finished.put)
                try:
                    finished.get(timeout=1.0)
                except queue.Empty:
                    pass
                now = time.monotonic()
                for future in list(running):
                    source, submitted = running[future]
                    if future.done():
                        del running[future]
                        yield (source, *self._outcome(future))
                    elif self.timeout and now - submitted > self.timeout:
                        del running[future]
                        future.cancel()
                        yield source, ("error", "timeout", CODE_TIMEOUT,
                                       f"parsing took longer than {self.timeout:g} s; its Dask task was cancelled"), \
                            None, 0, None
        finally:
            for future in running:
                future.cancel()
            self.close()

    def _outcome(self, future) -> tuple:
        """``(outcome, seconds, peak_kb, worker)`` of a finished task."""
        if future.status == "finished":
            outcome, seconds, peak_kb, worker = future.result()
            if outcome[0] == "unloadable":
                raise UsageError(f"cannot load the parser {self.parser} on the Dask workers: {outcome[1]}")
            return outcome, seconds, peak_kb, worker
        if future.status == "cancelled":  # the scheduler went away or dropped the client
            raise ResourceError("lost the Dask scheduler; every result stored so far is kept, run the batch"
                                " again to go on")
        exc = future.exception()
        if isinstance(exc, self.distributed.KilledWorker):
            return ("error", "worker", CODE_WORKER_DIED,
                    "the Dask worker died while parsing this file, each time Dask tried it (KilledWorker)"), \
                None, 0, None
        return ("error", "parse", CODE_BUG, f"internal error on the Dask worker {type(exc).__name__}: {exc}"), \
            None, 0, None

    def close(self) -> None:
        if self.own_client:
            try:
                self.client.close()
            except Exception:  # noqa: BLE001 (closing a client whose scheduler is gone)
                pass
            self.own_client = False


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
        try:
            self.handle = open(self.path, "a+")
        except OSError as exc:
            raise OutputError(f"cannot write to the output folder: {exc.strerror or exc}",
                              path=str(self.path.parent)) from None
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


ERROR_COLUMNS = ("path", "source", "stage", "code", "reason")


def write_ledgers(store, out: Path, *, lang: str = "zh") -> None:
    """Rebuild ``tasks.csv``, ``ledger.xlsx`` and ``errors.csv`` in ``out`` from the store.

    A write error is one :class:`OutputError` naming the file; the store is untouched, so a
    re-run writes the ledgers again.
    """
    from .export import ledger_rows, write_csv, write_csv_table, write_xlsx

    rows = ledger_rows(store.iter_results(), lang=lang)
    target = out / CSV_NAME
    try:
        write_csv(rows, target, lang=lang)
        target = out / XLSX_NAME
        write_xlsx(rows, target, lang=lang)
        target = out / ERRORS_NAME
        write_csv_table(ERROR_COLUMNS, ([error[name] for name in ERROR_COLUMNS] for error in store.errors()), target)
    except OSError as exc:
        raise OutputError(f"cannot write the ledgers: {exc.strerror or exc}; every result is in the store,"
                          " run the batch again to write them", path=str(target)) from None


def _has_pyarrow() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def write_parquet(store, out: Path) -> None:
    """Rebuild ``OUT/parquet/`` from the store: the four levels of
    :mod:`~policyparse.export.frames` keyed by the store's ids, and ``errors.parquet``."""
    from .export.parquet import store_dataset

    target = out / PARQUET_DIR
    try:
        store_dataset(store, target)
    except OSError as exc:
        raise OutputError(f"cannot write the Parquet dataset: {exc.strerror or exc}; every result is in the"
                          " store, run the batch again to write it", path=str(target)) from None


def run_batch(roots: Iterable[str], out, *, jobs: Optional[int] = None, include: Iterable[str] = (),
              exclude: Iterable[str] = (), progress: bool = True, force: bool = False, retry_failed: bool = False,
              timeout: Optional[float] = DEFAULT_TIMEOUT, parser: str = DEFAULT_PARSER,
              lang: str = "zh", version: Optional[str] = None,
              max_memory_mb: Optional[float] = DEFAULT_MAX_MEMORY_MB, scheduler=None,
              parquet: Optional[bool] = None) -> BatchSummary:
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
    max_memory_mb (float): MiB one worker may hold on one file (Linux); None or 0 for no limit.
    scheduler: run the parsing on a Dask cluster instead of local processes: a scheduler address
        (``tcp://HOST:8786``), a scheduler file, a ``distributed.Client`` or a cluster object
        (:class:`DaskPool`); ``jobs`` and ``max_memory_mb`` are then the cluster's business.
    parquet (bool): write the Parquet dataset ``OUT/parquet/``: None (default) when pyarrow is
        installed, True to insist (an error without pyarrow), False not to.
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
    if parquet is None:
        parquet = _has_pyarrow()
    elif parquet and not _has_pyarrow():
        from .export.parquet import PYARROW_HINT

        raise UsageError(PYARROW_HINT)
    if scheduler is not None:
        try_distributed_import()
    skipped: list = []
    inputs = collect_inputs(roots, include=include, exclude=exclude, skip=out, skipped=skipped)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the output folder: {exc.strerror or exc}", path=str(out)) from None
    with _OutputLock(out):
        try:
            summary = _run_locked(inputs, out, roots=named_roots(roots), jobs=jobs, force=force,
                                  retry_failed=retry_failed, timeout=timeout, parser=parser, lang=lang,
                                  version=version, progress=progress, started=started,
                                  max_memory_mb=max_memory_mb, skipped=skipped, scheduler=scheduler,
                                  parquet=parquet)
        except sqlite3.OperationalError as exc:  # read-only or full disk under the store
            raise OutputError(f"cannot write the store ({exc}); every result stored before is kept,"
                              " run the batch again to go on", path=str(out / STORE_NAME)) from None
        except OSError as exc:
            where = display_name(exc.filename) if isinstance(exc.filename, str) else str(out)
            raise OutputError(f"cannot write: {exc.strerror or exc}; every result stored before is kept,"
                              " run the batch again to go on", path=where) from None
    return summary


def _run_locked(inputs: list[InputFile], out: Path, *, roots: list[tuple[str, Path]], jobs: int, force: bool, retry_failed: bool,
                timeout: Optional[float], parser: str, lang: str, version: Optional[str], progress: bool,
                started: float, max_memory_mb: Optional[float] = None, skipped: Optional[list] = None,
                scheduler=None, parquet: bool = False) -> BatchSummary:
    from tqdm import tqdm

    from .export import SQLiteStore, from_json, to_json, write_atomic

    _clean_temp_files(out / JSON_DIR)
    version = version or parser_version()
    summary = BatchSummary(files=len(inputs), jobs=jobs, out=out, skipped=list(skipped or []))
    store = SQLiteStore(out / STORE_NAME)

    def fail(item: InputFile, stage: str, code: str, reason: str, sha: Optional[str]) -> None:
        store.add_error(item.key, stage=stage, code=code, reason=reason, sha256=sha, version=version,
                        output=None, source=item.shown)
        _count_failure(summary, stage, code, reason)
        try:  # a file that used to parse and now fails must not keep its stale result JSON
            (out / item.output).unlink()
        except OSError:
            pass

    def write_result(item: InputFile, result) -> bool:
        """Write one result JSON; a name the file system refuses costs this file only."""
        try:
            write_atomic(out / item.output, to_json(result))
            return True
        except OSError as exc:
            if exc.errno in _SYSTEMIC_ERRNOS:
                raise
            fail(item, "write", CODE_WRITE, f"cannot write its result {item.output}: {exc.strerror or exc}",
                 result.source.sha256)
            return False

    try:
        # Outcomes are keyed by content and reader: the same bytes named .txt and .pdf are two jobs.
        todo: dict[tuple[str, str], list[tuple[InputFile, str]]] = {}
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
            if not force and store.has(sha, version, item.reader):
                output_path = out / item.output
                # Rewrite the JSON when it is missing or was written for other content (the file
                # changed back to a text another input still shares).
                if previous != ("ok", sha, version) or not output_path.exists():
                    result = from_json(store.result_json(sha, version, item.reader))
                    result.source.path = item.shown
                    if not write_result(item, result):
                        continue
                store.link(item.key, sha, version, output=item.output, source=item.shown, reader=item.reader)
                summary.reused += 1
                continue
            if (not force and not retry_failed and previous is not None
                    and previous == ("error", sha, version)):
                for error in store.errors_for(item.key):
                    _count_failure(summary, error["stage"], error["code"], error["reason"])
                continue
            todo.setdefault((sha, item.reader), []).append((item, sha))

        summary.timings["scan"] = time.monotonic() - started
        phase = time.monotonic()
        delay = float(os.environ.get(DELAY_ENV) or 0)
        by_source = {group[0][0].source: group for group in todo.values()}
        total = sum(len(group) for group in todo.values())
        bar = tqdm(total=total, unit="file", disable=not progress or total == 0, dynamic_ncols=True,
                   desc="parsing", file=sys.stderr)
        if scheduler is not None and by_source:
            pool = DaskPool(scheduler, parser=parser, timeout=timeout, delay=delay)
            summary.scheduler, summary.jobs = pool.address, pool.threads
        else:
            pool = WorkerPool(min(jobs, max(1, len(by_source))), parser=parser, timeout=timeout, delay=delay,
                              max_memory_mb=max_memory_mb)
        try:
            for source, outcome, seconds, peak_kb, pid in pool.run(list(by_source)):
                group = by_source[source]
                summary.timings["worker busy"] = summary.timings.get("worker busy", 0.0) + (seconds or 0.0)
                if pid is not None and peak_kb:
                    summary.worker_peak_kb[pid] = max(summary.worker_peak_kb.get(pid, 0), peak_kb)
                if outcome[0] == "ok":
                    for position, (item, sha) in enumerate(group):
                        try:
                            result = from_json(outcome[1], path=item.shown)
                            result.source.path = item.shown
                            if not write_result(item, result):
                                continue
                            store.add(result, path=item.key, output=item.output, source=item.shown,
                                      version=version, replace=force and position == 0, reader=item.reader)
                        except sqlite3.OperationalError:  # read-only or full: every file would fail
                            raise
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
        if parquet:
            phase = time.monotonic()
            write_parquet(store, out)
            summary.parquet = True
            summary.timings["parquet"] = time.monotonic() - phase
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
    if args.max_memory is not None and args.max_memory < 0:
        raise UsageError("--max-memory must be positive (0 for no limit)")
    summary = run_batch(args.inputs, args.output, jobs=args.jobs, include=args.include or (),
                        exclude=args.exclude or (), progress=not args.no_progress, force=args.force,
                        retry_failed=args.retry_failed, timeout=args.timeout or None, lang=args.lang,
                        parser=args.parser, version=args.parser_version, max_memory_mb=args.max_memory or None,
                        scheduler=args.scheduler, parquet=args.parquet)
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
    p.add_argument("--max-memory", type=float, default=DEFAULT_MAX_MEMORY_MB, metavar="MIB",
                   help=f"memory one worker may take on one file, in MiB (default {DEFAULT_MAX_MEMORY_MB};"
                   " 0: no limit; Linux only)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="ledger column names")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="parse on a Dask cluster: tcp://HOST:8786 or a scheduler file (dask scheduler"
                   " --scheduler-file); the inputs must be at the same path on the workers")
    p.add_argument("--parquet", action=argparse.BooleanOptionalAction, default=None,
                   help="write OUT/parquet/ (default: when pyarrow is installed)")
    p.add_argument("--parser", default=DEFAULT_PARSER, metavar="MODULE:FUNCTION",
                   help="function that parses one path into a ParseResult (advanced; default %(default)s)")
    p.add_argument("--parser-version", metavar="VERSION",
                   help="key results by this version instead of the parser's own (advanced: keeps results"
                   " across code edits in a source checkout)")
    p.set_defaults(run=cmd_batch)
