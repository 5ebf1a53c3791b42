#!/usr/bin/env python3
"""Benchmarks: how fast policyparse goes and how much memory it takes. Not a test.

Usage::

    python scripts/bench.py                       # every section
    python scripts/bench.py --stages              # each stage and end to end over >= 5 MB
    python scripts/bench.py --deadlines           # deadline grammar vs jionlp's time parser
    python scripts/bench.py --batch               # batch throughput with 1 and N workers
    python scripts/bench.py --batch --files 2000 --jobs 1 2 4
    python scripts/bench.py --batch --parser read+normalize   # only the first two stages
    python scripts/bench.py --xlsx --rows 20000   # the ledger workbook: XlsxWriter vs the alternatives

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


def corpus_sources(min_bytes: int) -> list:
    """Corpus notices read once, repeated until their UTF-8 size reaches ``min_bytes``."""
    from policyparse.read import read

    files = sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted((ROOT / "corpus" / "extra").glob("*.html"))
    sources = [read(path) for path in files]
    chosen, size = [], 0
    while size < min_bytes:
        for source in sources:
            chosen.append(source)
            size += len(source.text.encode("utf-8"))
            if size >= min_bytes:
                break
    return chosen


def bench_stages(megabytes: float = 5.0) -> list[dict]:
    """Throughput of each stage and end to end over the corpus repeated to ``megabytes``.

    Each stage is timed on its real input (the previous stage's output), one notice at a time,
    after one warm-up pass so lazy lexicon loading is reported apart as start-up.
    """
    from policyparse.extract import extract
    from policyparse.normalize import normalize
    from policyparse.read import read
    from policyparse.segment import segment

    raw_files = sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted((ROOT / "corpus" / "extra").glob("*.html"))
    started = time.perf_counter()
    for source in (read(p) for p in raw_files[:5]):  # warm-up: lexicons, jieba, OpenCC
        extract(segment(normalize(source)))
    warm_up = time.perf_counter() - started

    sources = corpus_sources(int(megabytes * 1_000_000))
    chars = sum(len(s.text) for s in sources)
    nbytes = sum(len(s.text.encode("utf-8")) for s in sources)
    seconds = {"read": 0.0, "normalize": 0.0, "normalize (explain=False)": 0.0, "segment": 0.0, "extract": 0.0}
    documents = 0
    for source in sources:
        t0 = time.perf_counter()
        read(source.text.encode("utf-8"))
        t1 = time.perf_counter()
        normalized = normalize(source)
        t2 = time.perf_counter()
        normalize(source, explain=False)
        t3 = time.perf_counter()
        layout = segment(normalized)
        t4 = time.perf_counter()
        documents += len(extract(layout))
        t5 = time.perf_counter()
        seconds["read"] += t1 - t0
        seconds["normalize"] += t2 - t1
        seconds["normalize (explain=False)"] += t3 - t2
        seconds["segment"] += t4 - t3
        seconds["extract"] += t5 - t4
    seconds["end to end"] = sum(v for k, v in seconds.items() if k != "normalize (explain=False)")
    rows = []
    for stage, spent in seconds.items():
        rows.append({
            "stage": stage,
            "notices": len(sources),
            "MB": round(nbytes / 1e6, 2),
            "seconds": round(spent, 2),
            "MB/s": round(nbytes / 1e6 / spent, 2) if spent else None,
            "chars/s": round(chars / spent) if spent else None,
            "docs/s": round(documents / spent, 1) if spent else None,
        })
    rows.append({"stage": f"start-up (first 5 notices, lexicons loaded)", "seconds": round(warm_up, 2),
                 "peak RSS MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
    return rows


def gold_deadlines() -> list[tuple[str, str | None, str | None, str | None]]:
    """(raw, document date, gold start, gold end) for every gold task deadline."""
    import json

    cases = []
    for path in sorted((ROOT / "corpus" / "gold").glob("*.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            for task in doc["tasks"]:
                deadline = task.get("deadline")
                if deadline:
                    cases.append((deadline["raw"], doc.get("issue_date"), deadline.get("start"), deadline.get("end")))
    return cases


def _jionlp_reading(jionlp, raw: str, base: str | None) -> tuple[str | None, str | None]:
    """jionlp's parse_time folded to GUIDE's (start, end): its closest fair reading."""
    import datetime

    stamp = datetime.datetime.fromisoformat(base).timestamp() if base else time.time()
    try:
        parsed = jionlp.parse_time(raw, time_base=stamp)
    except Exception:  # noqa: BLE001 - jionlp raises on phrases it cannot read
        return None, None
    if parsed.get("type") == "time_delta" or not parsed.get("time"):
        return None, None
    start, end = parsed["time"][0][:10], parsed["time"][1][:10]
    if "起" in raw:
        return start, None
    if parsed["type"] == "time_point" or ("期间" not in raw and "半年" not in raw and "季度" not in raw):
        return None, end
    return start, end


def bench_deadlines() -> list[dict]:
    """policyparse's deadline grammar against jionlp's time parser on the gold deadlines.

    jionlp is not a dependency; install it into the venv to get its row.
    """
    from policyparse.extract.deadlines import parse_deadline

    cases = gold_deadlines()
    rows = []
    parse_deadline("2018年底前")  # load the lexicon before timing
    started = time.perf_counter()
    readings = [parse_deadline(raw, base) for raw, base, _, _ in cases]
    spent = time.perf_counter() - started
    correct = sum(((d.start, d.end) if d else (None, None)) == (gs, ge) for d, (_, _, gs, ge) in zip(readings, cases))
    rows.append({"parser": "policyparse", "deadlines": len(cases), "correct": correct,
                 "accuracy": round(correct / len(cases), 3), "ms/deadline": round(spent * 1000 / len(cases), 3)})
    try:
        import jionlp
    except ImportError:
        rows.append({"parser": "jionlp (not installed: pip install jionlp)"})
        return rows
    _jionlp_reading(jionlp, "2018年底前", None)
    started = time.perf_counter()
    readings = [_jionlp_reading(jionlp, raw, base) for raw, base, _, _ in cases]
    spent = time.perf_counter() - started
    correct = sum(r == (gs, ge) for r, (_, _, gs, ge) in zip(readings, cases))
    rows.append({"parser": "jionlp", "deadlines": len(cases), "correct": correct,
                 "accuracy": round(correct / len(cases), 3), "ms/deadline": round(spent * 1000 / len(cases), 3)})
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


def _corpus_ledger_rows(n_rows: int) -> list[dict]:
    """Ledger rows of the corpus notices, repeated to ``n_rows``."""
    import policyparse
    from policyparse.export import ledger_rows

    rows = ledger_rows(policyparse.parse(path) for path in sorted((ROOT / "corpus" / "raw").glob("*.txt")))
    return [dict(rows[i % len(rows)]) for i in range(n_rows)]


def _openpyxl_write_only(rows: list[dict], target: Path) -> None:
    """The same cells with openpyxl in write-only mode: wrapped, bordered, a height per row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Side

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    wrap, side = Alignment(wrap_text=True, vertical="center"), Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)

    def cell(value):
        made = WriteOnlyCell(sheet, value=value if value != "" else None)
        made.alignment, made.border = wrap, border
        return made

    header = list(rows[0])
    sheet.append([cell(name) for name in header])
    for number, row in enumerate(rows, 2):
        sheet.row_dimensions[number].height = 40
        sheet.append([cell(row[name]) for name in header])
    book.save(target)


def _handwritten(rows: list[dict], target: Path) -> None:
    """The ledger's writer before issue 15: SpreadsheetML streamed into a zip, no styles but bold."""
    import zipfile
    from xml.sax.saxutils import escape

    header = list(rows[0])
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet><sheetData>')
            for number, row in enumerate([dict(zip(header, header))] + rows, 1):
                cells = "".join(f'<c r="{number}" t="inlineStr"><is><t>{escape(str(row[name]))}</t></is></c>'
                                for name in header if row[name] != "")
                sheet.write(f'<row r="{number}">{cells}</row>'.encode("utf-8"))
            sheet.write(b"</sheetData></worksheet>")


def bench_xlsx(n_rows: int = 20000) -> list[dict]:
    """Writing a ledger of ``n_rows`` corpus rows: policyparse's workbook (XlsxWriter) against openpyxl
    write-only with the same styled cells and against the hand-written XML the ledger used before.

    Seconds and ms per row are timed alone; the peak is Python's heap (tracemalloc) in a second
    run, the rows themselves not counted.
    """
    import tracemalloc

    from policyparse.export import write_xlsx

    rows = _corpus_ledger_rows(n_rows)
    writers = [("policyparse ledger (XlsxWriter, constant memory)", lambda t: write_xlsx(rows, t)),
               ("openpyxl write-only, same cells", lambda t: _openpyxl_write_only(rows, t)),
               ("hand-written XML (before issue 15, unstyled)", lambda t: _handwritten(rows, t))]
    table = []
    with tempfile.TemporaryDirectory(prefix="policyparse-bench-") as tmp:
        for name, write in writers:
            target = Path(tmp) / "ledger.xlsx"
            started = time.perf_counter()
            write(target)
            seconds = time.perf_counter() - started
            tracemalloc.start()
            write(target)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            table.append({"section": "xlsx", "writer": name, "rows": n_rows, "s": round(seconds, 2),
                          "ms/row": round(1000 * seconds / n_rows, 3), "peak MiB": round(peak / 2**20, 1),
                          "file MiB": round(target.stat().st_size / 2**20, 1)})
    return table


SECTIONS = {
    "stages": lambda args: bench_stages(args.megabytes),
    "deadlines": lambda args: bench_deadlines(),
    "batch": lambda args: bench_batch(args.files, tuple(args.jobs), args.parser),
    "xlsx": lambda args: bench_xlsx(args.rows),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stages", action="store_true", help="throughput per stage and end to end")
    parser.add_argument("--megabytes", type=float, default=5.0, help="corpus size for --stages (default 5 MB)")
    parser.add_argument("--deadlines", action="store_true", help="deadline grammar vs jionlp on gold deadlines")
    parser.add_argument("--batch", action="store_true", help="batch throughput with 1 and N workers")
    parser.add_argument("--files", type=int, default=1000, help="files for the batch section (default 1000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 0],
                        help="worker counts to compare (0: all cores; default 1 0)")
    parser.add_argument("--parser", default="pipeline",
                        help="pipeline (default), read+normalize, or MODULE:FUNCTION")
    parser.add_argument("--xlsx", action="store_true", help="writing the ledger workbook, three ways")
    parser.add_argument("--rows", type=int, default=20000, help="ledger rows for --xlsx (default 20000)")
    args = parser.parse_args(argv)
    chosen = [name for name in SECTIONS if getattr(args, name, False)] or list(SECTIONS)
    print(f"# policyparse bench on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    for name in chosen:
        print(f"\n## {name}")
        print_table(SECTIONS[name](args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
