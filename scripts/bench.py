#!/usr/bin/env python3
"""Benchmarks: how fast policyparse goes and how much memory it takes. Not a test.

Usage::

    python scripts/bench.py                       # every section but --large and --xlsx
    python scripts/bench.py --stages              # each stage and end to end, beside a jieba.lcut pass
    python scripts/bench.py --stages --corpus corpus      # only corpus/ (raw notices, extra pages)
    python scripts/bench.py --startup             # fresh processes: import, --help, schema, parse of 10 KB
    python scripts/bench.py --large --large-mb 40 # one 40 MB notice in a fresh process: time and peak RSS
    python scripts/bench.py --deadlines           # deadline grammar vs jionlp's time parser
    python scripts/bench.py --batch               # batch throughput with 1 and N workers
    python scripts/bench.py --batch --files 2000 --jobs 1 2 4
    python scripts/bench.py --batch --parser read+normalize   # only the first two stages
    python scripts/bench.py --xlsx --rows 20000   # the ledger workbook: XlsxWriter vs the alternatives
    python scripts/bench.py --compare --plans 300 3000 --keep out/   # compare without a reference

Each section is a function ``bench_<section>(...) -> list[dict]`` (one dict per table row);
``main`` prints every section it ran as a table. Add a section by writing its function and
registering it in ``SECTIONS``.

Throughput is CPU time (``time.process_time``), and every figure of the stages section is also
given as a ratio to a ``jieba.lcut`` pass over the same texts in the same run: the machine this
runs on is shared and noisy, and the ratio survives noise that the absolute figure does not.
The start-up and large-notice sections run fresh processes and read their CPU time and peak
resident memory from ``os.wait4`` (the kernel's own count for that child).

The batch section also reports how many cores the machine gave while it ran (two processes
running one loop against one process: near 2.0 on a quiet 2-core machine, near 1.0 when other
tenants hold a core), since no worker count can scale beyond that.

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
from typing import Optional

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


def _spin(_: int = 0) -> float:
    """Wall seconds of a fixed pure-Python loop (no I/O, no memory to speak of)."""
    started = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i * i % 7
    return time.perf_counter() - started


def parallel_probe(workers: int = 2) -> float:
    """How many cores this machine gives right now: ``workers`` processes run the same loop at
    once, and their throughput is compared with one process's. On a quiet 2-core machine about
    2.0; near 1.0 when other tenants hold a core, and then no batch can scale either."""
    import multiprocessing

    alone = min(_spin() for _ in range(3))
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(_spin, range(workers))  # start-up out of the way
        together = max(pool.map(_spin, range(workers)))
    return round(workers * alone / together, 2)


def bench_batch(n_files: int = 1000, jobs: tuple[int, ...] = (1, 2), parser: str = DEFAULT_PARSER) -> list[dict]:
    """Batch throughput and peak memory over ``n_files`` files, once per worker count (0: all cores)."""
    parser = PARSER_ALIASES.get(parser, parser)
    rows = []
    probe_before = parallel_probe(max(2, max(jobs)))
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
                "speed-up": None,
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
    for row in rows:  # files/s against the first worker count's (goal: 2 workers >= 1.8x one)
        row["speed-up"] = round(row["files/s"] / rows[0]["files/s"], 2) if rows[0]["files/s"] else None
    # the cores the machine gave before and after, measured the same way (see parallel_probe)
    rows.append({"section": "cores free (probe before, after)",
                 "workers": f"{probe_before}, {parallel_probe(max(2, max(jobs)))}"})
    return rows


def wild_dir() -> Optional[Path]:
    """``shared/corpus/wild`` (1,024 scraped notices), looked for above the checkout: a worktree
    sits one or two folders further down than the main checkout."""
    override = os.environ.get("POLICYPARSE_WILD")
    if override:
        return Path(override)
    for up in (ROOT.parent, ROOT.parent.parent, ROOT.parent.parent.parent):
        candidate = up / "shared" / "corpus" / "wild"
        if candidate.is_dir():
            return candidate
    return None


def corpus_files(which: str = "both") -> list[Path]:
    """The notices to time: ``corpus`` (corpus/raw and corpus/extra), ``wild`` (every file of a
    format the parser reads: txt, html, pdf, docx) or ``both``."""
    from policyparse.batch import SUPPORTED_SUFFIXES

    files: list[Path] = []
    if which in ("corpus", "both"):
        files += sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted((ROOT / "corpus" / "extra").glob("*.html"))
    if which in ("wild", "both"):
        wild = wild_dir()
        if wild is None:
            raise SystemExit("bench: no shared/corpus/wild above the checkout (set POLICYPARSE_WILD)")
        files += sorted(p for p in wild.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES
                        and not p.name.startswith("SOURCES."))
    return files


def read_all(files: list[Path]) -> tuple[list, int]:
    """Every file read once; files the reader refuses (binary, empty, too large) are counted and left out."""
    from policyparse.errors import PolicyParseError
    from policyparse.read import read

    sources, refused = [], 0
    for path in files:
        try:
            sources.append(read(path))
        except PolicyParseError:
            refused += 1
    return sources, refused


def bench_stages(which: str = "both", repeat: int = 1) -> list[dict]:
    """CPU throughput of each stage and end to end over ``which`` corpus, beside ``jieba.lcut``.

    Each stage is timed on its real input (the previous stage's output; ``read`` on the file
    itself, PDF and DOCX included), one notice at a time, after a warm-up over the first notices,
    so lazy loading (lexicons, jieba, OpenCC) is reported apart as start-up. End to end is timed
    in a second pass as a caller runs it: ``read`` then ``parse_source`` (result and raw offsets
    included). ``x jieba`` is the stage's characters per CPU-second divided by those of a plain
    ``jieba.lcut`` pass over the same texts, timed notice by notice between the stages (in both
    passes, averaged), so that a change of load on the machine weighs on both alike.
    """
    clock = time.process_time
    started = clock()
    import policyparse  # noqa: F401  (import counted in start-up)
    from policyparse.errors import PolicyParseError
    from policyparse.extract import extract
    from policyparse.normalize import normalize
    from policyparse.pipeline import normalized_tables, parse_source
    from policyparse.read import read
    from policyparse.segment import segment

    files = corpus_files(which)
    for path in files[:5]:  # warm-up: lexicons, jieba, OpenCC, spaCy
        source = read(path)
        extract(segment(normalize(source)))
    warm_up = clock() - started

    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    seconds = {"read": 0.0, "normalize": 0.0, "normalize (explain=False)": 0.0, "segment": 0.0, "extract": 0.0}
    jieba_cpu = 0.0
    texts, paths, documents, refused, nbytes = [], [], 0, 0, 0
    for path in files * repeat:
        t0 = clock()
        try:
            source = read(path)
        except PolicyParseError:
            refused += 1
            continue
        t1 = clock()
        normalized = normalize(source)
        t2 = clock()
        normalize(source, explain=False)
        t3 = clock()
        layout = segment(normalized, normalized_tables(source, normalized))
        t4 = clock()
        documents += len(extract(layout))
        t5 = clock()
        seconds["read"] += t1 - t0
        seconds["normalize"] += t2 - t1
        seconds["normalize (explain=False)"] += t3 - t2
        seconds["segment"] += t4 - t3
        seconds["extract"] += t5 - t4
        # the reference, interleaved with the stages so that both see the same load on the machine
        t6 = clock()
        jieba.lcut(source.text)
        jieba_cpu += clock() - t6
        texts.append(source.text)
        paths.append(path)
        nbytes += path.stat().st_size
    end_to_end = jieba_again = 0.0
    for path, text in zip(paths, texts):
        t0 = clock()
        parse_source(read(path))
        t1 = clock()
        jieba.lcut(text)
        end_to_end += t1 - t0
        jieba_again += clock() - t1
    seconds["end to end (read + parse_source)"] = end_to_end
    chars = sum(map(len, texts))
    jieba_cpu = (jieba_cpu + jieba_again) / 2
    jieba_rate = chars / jieba_cpu
    common = {"notices": len(texts), "file MB": round(nbytes / 1e6, 2), "text Mchars": round(chars / 1e6, 2)}
    rows = [dict(stage="jieba.lcut (reference)", **common, **{"CPU s": round(jieba_cpu, 2),
                                                              "chars/CPU-s": round(jieba_rate), "x jieba": 1.0})]
    for stage, spent in seconds.items():
        rate = chars / spent if spent else None
        rows.append(dict(stage=stage, **common, **{
            "CPU s": round(spent, 2),
            "chars/CPU-s": round(rate) if rate else None,
            "x jieba": round(rate / jieba_rate, 2) if rate else None,
            "docs/CPU-s": round(documents / spent, 1) if spent else None,
        }))
    rows.append({"stage": "start-up (import, warm-up on 5 notices)", "CPU s": round(warm_up, 2),
                 "notices": f"{refused} refused", "peak RSS MiB": round(
                     resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
    return rows


GNU_TIME = "/usr/bin/time"


def run_fresh(argv: list[str], *, timeout: Optional[float] = None) -> dict:
    """Run ``argv`` as a fresh process: wall seconds, CPU seconds (user + system) and peak RSS in MiB.

    The figures are the kernel's for that child alone (``wait4``), read by GNU time where it is
    installed: Linux counts a child's peak RSS from the moment it is forked, so a child forked
    from this process (tens of MiB) would seem to need at least as much as it; GNU time is a
    small process. Without it the figures come from this process's own ``os.wait4``.
    """
    import subprocess

    with tempfile.TemporaryDirectory(prefix="policyparse-bench-") as tmp:
        report = Path(tmp) / "time"
        if os.path.exists(GNU_TIME):
            argv = [GNU_TIME, "-q", "-f", "%e %U %S %M %x", "-o", str(report)] + argv
        started = time.perf_counter()
        with open(Path(tmp) / "stderr", "wb") as errors:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        deadline = started + timeout if timeout else None
        while True:
            done, status, usage = os.wait4(process.pid, os.WNOHANG)
            if done:
                break
            if deadline and time.perf_counter() > deadline:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.002)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        stderr = (Path(tmp) / "stderr").read_text("utf-8", "replace").strip()
        row = {"wall s": wall, "CPU s": usage.ru_utime + usage.ru_stime, "RSS MiB": usage.ru_maxrss / 1024,
               "exit": process.returncode}
        fields = report.read_text().split() if report.exists() else []
        if len(fields) >= 5 and fields[-5].replace(".", "").isdigit():
            elapsed, user, system, peak_kb, code = fields[-5:]
            row.update({"CPU s": float(user) + float(system), "RSS MiB": int(peak_kb) / 1024, "exit": int(code)})
    row["stderr"] = stderr.splitlines()[-1] if stderr else ""
    return row


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def bench_startup(runs: int = 5) -> list[dict]:
    """What a fresh process costs: ``python -c pass``, ``import policyparse``, ``policyparse --help``,
    ``schema`` and ``parse`` of a 10 KB notice; medians of ``runs`` runs, CPU from ``os.wait4``.

    ``loads`` names the heavy libraries ``import policyparse`` leaves in ``sys.modules`` (it
    should be none: each loads when a stage first needs it).
    """
    python = sys.executable
    cli = [python, "-c", "import sys; from policyparse.cli import main; sys.exit(main())"]
    notice = ROOT / "corpus" / "raw" / "000_f3280443ff74f4f7.txt"  # 10.8 KB, 20 tasks
    check = ("import sys, policyparse; heavy = ('jieba', 'spacy', 'opencc', 'thinc', 'pandas', 'pdfplumber',"
             " 'docx', 'openpyxl', 'xlsxwriter', 'lxml', 'numpy', 'pydantic');"
             " print(','.join(m for m in heavy if m in sys.modules) or '-')")
    import subprocess

    loaded = subprocess.run([python, "-c", check], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    cases = [
        ("python -c pass", [python, "-c", "pass"]),
        ("import policyparse", [python, "-c", "import policyparse"]),
        ("policyparse --help", cli + ["--help"]),
        ("policyparse schema", cli + ["schema"]),
        (f"policyparse parse ({notice.stat().st_size / 1000:.1f} KB notice)", cli + ["parse", str(notice)]),
    ]
    rows = []
    for name, argv in cases:
        results = [run_fresh(argv) for _ in range(runs)]
        failed = [r for r in results if r["exit"] != 0]
        row = {"command": name, "runs": runs,
               "CPU s": round(_median([r["CPU s"] for r in results]), 3),
               "wall s": round(_median([r["wall s"] for r in results]), 3),
               "peak RSS MiB": round(_median([r["RSS MiB"] for r in results]))}
        if name == "import policyparse":
            row["loads"] = loaded
        if failed:
            row["failed"] = f"{len(failed)}: {failed[0]['stderr']}"
        rows.append(row)
    return rows


def make_large_notice(target: Path, megabytes: float) -> int:
    """A text dump of ``megabytes`` MB (UTF-8): the wild and corpus notices one after another, as
    a scraper that glued a site into one file would leave them. Returns its character count."""
    sources, _ = read_all(corpus_files("both" if wild_dir() else "corpus"))
    want = int(megabytes * 1_000_000)
    size = chars = 0
    with target.open("w", encoding="utf-8") as handle:
        while size < want:
            for source in sources:
                block = source.text.rstrip() + "\n\n"
                handle.write(block)
                size += len(block.encode("utf-8"))
                chars += len(block)
                if size >= want:
                    break
    return chars


def bench_large(megabytes: float = 40.0, timeout: float = 900.0) -> list[dict]:
    """One notice of ``megabytes`` MB parsed by ``policyparse parse`` in a fresh process: wall and CPU
    seconds and peak resident memory (goal: 40 MB in <= 60 s and <= 1 GB)."""
    python = sys.executable
    cli = [python, "-c", "import sys; from policyparse.cli import main; sys.exit(main())"]
    with tempfile.TemporaryDirectory(prefix="policyparse-bench-") as tmp:
        notice = Path(tmp) / "dump.txt"
        chars = make_large_notice(notice, megabytes)
        run = run_fresh(cli + ["parse", str(notice), "--compact", "-o", str(Path(tmp) / "out.json")], timeout=timeout)
        out = Path(tmp) / "out.json"
        row = {"section": "large", "MB": round(notice.stat().st_size / 1e6, 1), "chars": chars,
               "wall s": round(run["wall s"], 1), "CPU s": round(run["CPU s"], 1),
               "chars/CPU-s": round(chars / run["CPU s"]) if run["CPU s"] else None,
               "peak RSS MiB": round(run["RSS MiB"]), "exit": run["exit"],
               "result MB": round(out.stat().st_size / 1e6, 1) if out.exists() else None}
        if run["exit"] != 0:
            row["error"] = run["stderr"][:160]
    return [row]


def dev_excluded() -> set[str]:
    """File names a blind annotation round keeps out of development (``dev_exclude.txt`` above
    the checkout, or $POLICYPARSE_DEV_EXCLUDE): the bench never reads them."""
    override = os.environ.get("POLICYPARSE_DEV_EXCLUDE")
    candidates = [Path(override)] if override else [up / "dev_exclude.txt" for up in ROOT.parents]
    for candidate in candidates:
        if candidate.is_file():
            return {line.strip() for line in candidate.read_text("utf-8").splitlines() if line.strip()}
    return set()


def compare_sources() -> list[Path]:
    """Notices the compare section makes plans of, in a fixed order: corpus/raw, then the wild
    ``.txt`` notices (the set the README's figures were measured on), then the wild notices in
    other formats and corpus/extra's pages."""
    from policyparse.batch import SUPPORTED_SUFFIXES

    excluded = dev_excluded()
    files = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
    wild = wild_dir()
    if wild is not None:
        found = sorted(p for p in wild.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES
                       and not p.name.startswith("SOURCES."))
        files += [p for p in found if p.suffix == ".txt"] + [p for p in found if p.suffix != ".txt"]
    files += sorted((ROOT / "corpus" / "extra").glob("*.html"))
    return [p for p in files if p.name not in excluded]


def parsed_sources(cache: Path) -> list[Path]:
    """Result JSON of every :func:`compare_sources` notice, parsed once into ``cache`` by the
    batch (a later run reuses them, and re-parses after a parser change), in source order."""
    import json

    sources = compare_sources()
    run_batch([str(p) for p in sources], cache, jobs=default_jobs(), progress=False, parquet=False)
    by_source = {}
    for path in (cache / "json").rglob("*.json"):
        by_source[json.loads(path.read_bytes()).get("source", {}).get("path")] = path
    return [by_source[str(p)] for p in sources if str(p) in by_source]


def _varied(result: dict, copy: int, rng) -> dict:
    """A seeded variant of a parse result, as another region's plan of the same notice would be:
    about 85% of each document's tasks, 3% of their characters dropped, its own path and hash."""
    import hashlib
    import json

    def vary(text):
        return "".join(ch for ch in text if rng.random() >= 0.03) if text else text

    result = json.loads(json.dumps(result))
    for doc in result["documents"]:
        kept = [t for t in doc["tasks"] if rng.random() < 0.85] or doc["tasks"][:1]
        for task in kept:
            task["text"], task["heading"] = vary(task["text"]), vary(task["heading"])
        doc["tasks"] = kept
    result["source"]["path"] = f"{result['source']['path']}#copy{copy}"
    result["source"]["sha256"] = hashlib.sha256(json.dumps(result, ensure_ascii=False).encode()).hexdigest()
    return result


def make_compare_plans(parsed: list[Path], target: Path, count: int, seed: int = 13) -> tuple[int, int]:
    """Result JSON files under ``target`` holding ``count`` plans (documents with tasks): the
    parsed notices in order, then seeded variants of them (:func:`_varied`) when they run out.
    Returns (plans, tasks)."""
    import json
    import random

    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    plans = tasks = n = 0
    while plans < count:
        result = json.loads(parsed[n % len(parsed)].read_bytes())
        if n >= len(parsed):
            result = _varied(result, n // len(parsed), rng)
        docs = [d for d in result["documents"] if d["tasks"]]
        if docs:
            for d in result["documents"][:]:
                if d["tasks"] and plans >= count:
                    d["tasks"] = []  # over the count: a document with no tasks is no plan
                elif d["tasks"]:
                    plans += 1
                    tasks += len(d["tasks"])
            (target / f"{n:05d}.json").write_text(json.dumps(result, ensure_ascii=False), "utf-8")
        n += 1
    return plans, tasks


def bench_compare(counts: tuple[int, ...] = (300,), reference: bool = True, keep: Optional[Path] = None) -> list[dict]:
    """``policyparse compare`` of N plans in a fresh process, without a reference (the plans' common
    items are the reference) and, for the first N, against ``corpus/reference-76.tsv``: wall and CPU
    seconds, peak RSS (goal: 300 plans <= 10 s and <= 500 MB; 3,000 must work), and the sha256 of
    the JSON written, so a change that must not alter the output can be checked by its digest.

    Plans are parse results of the corpus and wild notices (parsed once into a cache folder
    under the temp dir), then seeded variants of them beyond the ~1,000 the notices give.
    keep (Path): write the comparison JSON there (``compare-N.json``, ``compare-N-ref76.json``).
    """
    import hashlib

    python = sys.executable
    cli = [python, "-c", "import sys; from policyparse.cli import main; sys.exit(main())"]
    parsed = parsed_sources(Path(tempfile.gettempdir()) / "policyparse-bench-compare")
    rows = []
    with tempfile.TemporaryDirectory(prefix="policyparse-bench-") as tmp:
        for n, count in enumerate(counts):
            plans_dir = Path(tmp) / f"plans-{count}"
            plans, tasks = make_compare_plans(parsed, plans_dir, count)
            runs = [("none", [])]
            if reference and n == 0:
                runs.append(("reference-76", ["--reference", str(ROOT / "corpus" / "reference-76.tsv")]))
            for name, extra in runs:
                out = Path(tmp) / f"compare-{count}{'-ref76' if extra else ''}.json"
                run = run_fresh(cli + ["compare", str(plans_dir), "--format", "json", "-o", str(out)] + extra)
                digest = hashlib.sha256(out.read_bytes()).hexdigest()[:12] if out.exists() else None
                row = {"section": "compare", "plans": plans, "tasks": tasks, "reference": name,
                       "wall s": round(run["wall s"], 1), "CPU s": round(run["CPU s"], 1),
                       "peak RSS MiB": round(run["RSS MiB"]), "exit": run["exit"], "output sha256": digest}
                if run["exit"] != 0:
                    row["error"] = run["stderr"][:160]
                if keep is not None and out.exists():
                    keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(out, keep / out.name)
                rows.append(row)
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
    "stages": lambda args: bench_stages(args.corpus, args.repeat),
    "startup": lambda args: bench_startup(args.runs),
    "deadlines": lambda args: bench_deadlines(),
    "batch": lambda args: bench_batch(args.files, tuple(args.jobs), args.parser),
    "xlsx": lambda args: bench_xlsx(args.rows),
    "large": lambda args: bench_large(args.large_mb, args.large_timeout),
    "compare": lambda args: bench_compare(tuple(args.plans), keep=args.keep),
}
# Sections run when none is named: the slow or special-purpose ones only when asked for.
DEFAULT_SECTIONS = ("stages", "startup", "deadlines", "batch")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stages", action="store_true",
                        help="CPU throughput per stage and end to end, beside a jieba.lcut pass")
    parser.add_argument("--corpus", choices=["both", "corpus", "wild"], default="both",
                        help="notices for --stages: corpus/ (raw, extra), ../shared/corpus/wild, or both (default)")
    parser.add_argument("--repeat", type=int, default=1, help="pass over the notices this many times (--stages)")
    parser.add_argument("--startup", action="store_true",
                        help="fresh processes: import policyparse, --help, schema, parse of a 10 KB notice")
    parser.add_argument("--runs", type=int, default=5, help="runs per command for --startup (median; default 5)")
    parser.add_argument("--large", action="store_true", help="one large notice in a fresh process")
    parser.add_argument("--large-mb", type=float, default=40.0, help="size of the --large notice (default 40 MB)")
    parser.add_argument("--large-timeout", type=float, default=900.0, help="stop the --large run after this (s)")
    parser.add_argument("--deadlines", action="store_true", help="deadline grammar vs jionlp on gold deadlines")
    parser.add_argument("--batch", action="store_true", help="batch throughput with 1 and N workers")
    parser.add_argument("--files", type=int, default=1000, help="files for the batch section (default 1000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2],
                        help="worker counts to compare (0: all cores; default 1 2)")
    parser.add_argument("--parser", default="pipeline",
                        help="pipeline (default), read+normalize, or MODULE:FUNCTION")
    parser.add_argument("--compare", action="store_true",
                        help="compare N plans in a fresh process, without a reference and against reference-76")
    parser.add_argument("--plans", type=int, nargs="+", default=[300],
                        help="plan counts for --compare (default 300; e.g. 300 3000)")
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep --compare's JSON outputs in")
    parser.add_argument("--xlsx", action="store_true", help="writing the ledger workbook, three ways")
    parser.add_argument("--rows", type=int, default=20000, help="ledger rows for --xlsx (default 20000)")
    args = parser.parse_args(argv)
    chosen = [name for name in SECTIONS if getattr(args, name, False)] or list(DEFAULT_SECTIONS)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# policyparse bench on {os.cpu_count()} cores, load {load:.1f}, {time.strftime('%Y-%m-%d %H:%M')}")
    for name in chosen:
        print(f"\n## {name}")
        print_table(SECTIONS[name](args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
