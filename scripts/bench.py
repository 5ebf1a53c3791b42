#!/usr/bin/env python3
"""Benchmarks: how fast policyparse goes and how much memory it takes. Not a test.

Usage::

    python scripts/bench.py                       # every section
    python scripts/bench.py --batch               # batch throughput with 1 and N workers
    python scripts/bench.py --batch --files 2000 --jobs 1 2 4
    python scripts/bench.py --batch --parser read+normalize   # only the first two stages

Each section is a function ``bench_<section>(...) -> list[dict]`` (one dict per table row);
``main`` prints every section it ran as a table. Add a section by writing its function and
registering it in ``SECTIONS``.

The batch section copies the corpus (``corpus/raw`` notices and ``corpus/extra`` pages) into a
temporary folder with a small change per copy, so every file has its own sha256 and is really
parsed, then runs :func:`policyparse.batch.run_batch` once per worker count on a fresh output
folder. Throughput is files per second of the parse phase (walk + hashing and the final ledger
writing are reported apart); peak memory is the largest resident set of any worker
(``getrusage``), and of the main process.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # so spawned workers can import bench:...

from policyparse.batch import DEFAULT_PARSER, default_jobs, run_batch  # noqa: E402

PARSER_ALIASES = {
    "pipeline": DEFAULT_PARSER,
    "read+normalize": "bench:read_normalize_parse",
}


def read_normalize_parse(path):
    """Only the read and normalize stages, as a ParseResult without documents.

    Measures what the batch machinery plus the first two stages cost, for when the later stages
    are being rebuilt or to see how much of a file's time they take.
    """
    import policyparse
    from policyparse.normalize import normalize
    from policyparse.read import read
    from policyparse.schema import ParseResult, SourceInfo

    source = read(Path(path))
    normalized = normalize(source)
    return ParseResult(
        parser_version=policyparse.__version__,
        source=SourceInfo(path=str(path), sha256=source.sha256, format=source.format, encoding=source.encoding,
                          bytes=source.size),
        normalized_text=normalized.text,
        warnings=list(source.warnings) + list(normalized.warnings),
    )


def make_batch_corpus(target: Path, n_files: int) -> list[Path]:
    """``n_files`` notices under ``target`` (100 per sub-folder), each a corpus file plus a small change."""
    sources = sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted((ROOT / "corpus" / "extra").glob("*.html"))
    if not sources:
        raise SystemExit("bench: no corpus files under corpus/raw or corpus/extra")
    made = []
    for i in range(n_files):
        source = sources[i % len(sources)]
        folder = target / f"part{i // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / f"{source.stem}_{i:05d}{source.suffix}"
        data = source.read_bytes()
        # ASCII only, so the change is valid in any encoding the notice uses (GBK, UTF-8 …).
        change = f"\n<!-- copy {i} -->\n" if source.suffix == ".html" else f"\n\ncopy {i}\n"
        copy.write_bytes(data + change.encode("ascii"))
        made.append(copy)
    return made


def bench_batch(n_files: int = 1000, jobs: tuple[int, ...] = (1, 0), parser: str = DEFAULT_PARSER) -> list[dict]:
    """Batch throughput and peak memory over ``n_files`` files, once per worker count (0: all cores)."""
    parser = PARSER_ALIASES.get(parser, parser)
    rows = []
    with tempfile.TemporaryDirectory(prefix="policyparse-bench-") as tmp:
        inputs = Path(tmp) / "notices"
        make_batch_corpus(inputs, n_files)
        for workers in jobs:
            workers = workers or default_jobs()
            out = Path(tmp) / f"out-{workers}"
            started = time.monotonic()
            summary = run_batch([str(inputs)], out, jobs=workers, progress=False, parser=parser)
            wall = time.monotonic() - started
            parse_seconds = summary.timings.get("parse", wall)
            peaks = summary.worker_peak_kb.values()
            rows.append({
                "section": "batch",
                "workers": workers,
                "files": summary.files,
                "parsed": summary.parsed,
                "failed": summary.failed,
                "tasks": summary.tasks,
                "scan s": round(summary.timings.get("scan", 0.0), 1),
                "parse s": round(parse_seconds, 1),
                "files/s": round(summary.parsed / parse_seconds, 1) if parse_seconds else 0.0,
                # share of the parse phase the workers spent parsing (the rest: start-up, waiting)
                "busy %": round(100 * summary.timings.get("worker busy", 0.0) / (parse_seconds * workers))
                if parse_seconds else None,
                "ledgers s": round(summary.timings.get("ledgers", 0.0), 1),
                "wall s": round(wall, 1),
                "peak MiB/worker": round(max(peaks) / 1024) if peaks else None,
                "main MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            })
            if summary.failures:
                reasons = ", ".join(f"{code} {stage} x{n}" for (stage, code), n in summary.failures.most_common(3))
                rows[-1]["failures"] = reasons
            shutil.rmtree(out, ignore_errors=True)
    return rows


def print_table(rows: list[dict]) -> None:
    if not rows:
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    cells = [[str(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.rjust(w) for c, w in zip(columns, widths)))
    for r in cells:
        print("  ".join(v.rjust(w) for v, w in zip(r, widths)))


SECTIONS = {
    "batch": lambda args: bench_batch(args.files, tuple(args.jobs), args.parser),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", action="store_true", help="batch throughput with 1 and N workers")
    parser.add_argument("--files", type=int, default=1000, help="files for the batch section (default 1000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 0],
                        help="worker counts to compare (0: all cores; default 1 0)")
    parser.add_argument("--parser", default="pipeline",
                        help="pipeline (default), read+normalize, or MODULE:FUNCTION")
    args = parser.parse_args(argv)
    chosen = [name for name in SECTIONS if getattr(args, name, False)] or list(SECTIONS)
    print(f"# policyparse bench on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    for name in chosen:
        print(f"\n## {name}")
        print_table(SECTIONS[name](args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
