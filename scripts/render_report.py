#!/usr/bin/env python3
"""Render the comparison report in headless Chromium: screenshots to look at, and a check that
the page script runs under the report's Content Security Policy.

Usage::

    python scripts/render_report.py                         # gold plans vs corpus/reference-76.tsv
    python scripts/render_report.py --scale 300             # 300 plans built from the gold plans
    python scripts/render_report.py --plans a.json b.json --reference ref.tsv --out /tmp/report

Writes the report (``report.html`` + ``report/``), ``comparison.json`` and PNG screenshots into
``--out``: the overview in Chinese and in English (``#en``), the first region page and the first
item page. Chromium (Debian package ``chromium``) runs with networking disabled: the report must
need nothing from outside. The script fails if chromium is missing, a screenshot is not written,
the HTML refers to an external resource, or the English page does not switch language (the page
script did not run). It prints each page's size and the time Chromium took to load and dump it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from policyparse.compare import compare, write, write_html  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(chromium: str, *args: str) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              check=False, capture_output=True, text=True, timeout=300)
        return time.perf_counter() - started, done.stdout


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", nargs="*", help="parse-result JSON files (default: the gold plans)")
    parser.add_argument("--scale", type=int, help="build this many plans from the gold plans (tests/report_data.py)")
    parser.add_argument("--reference", default=str(ROOT / "corpus" / "reference-76.tsv"),
                        help="outline TSV or parse-result JSON; 'none' to compare plans to each other")
    parser.add_argument("--out", default=tempfile.mkdtemp(prefix="policyparse-report-"))
    parser.add_argument("--size", default="1400,1800", help="window size of the screenshots")
    args = parser.parse_args(argv)

    if args.scale:
        from report_data import scaled_comparison

        comparison = scaled_comparison(args.scale)
    else:
        if args.plans:
            plans = args.plans
        else:
            from test_compare_gold import gold_files, gold_result

            plans = [gold_result(p) for p in gold_files()]
        reference = None if args.reference == "none" else args.reference
        comparison = compare(plans, reference=reference)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    index = write_html(comparison, out / "report.html")
    print(f"report for {len(comparison.plans)} plans written in {time.perf_counter() - started:.1f} s")
    write(comparison, out / "comparison.json")
    pages = [index, *sorted((out / "report").rglob("*.html"))]
    total = sum(p.stat().st_size for p in pages)
    print(f"{len(pages)} pages, {total / 1e6:.1f} MB; overview {index.stat().st_size / 1e3:.0f} kB, largest "
          f"{max(p.stat().st_size for p in pages) / 1e3:.0f} kB")
    for page in pages:
        external = re.findall(r'(?:src|href)\s*=\s*"(?:https?:)?//[^"]+"', page.read_text(encoding="utf-8"))
        if external:
            print(f"{page} refers to external resources: {external[:3]}", file=sys.stderr)
            return 1

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium not found: apt-get install -y chromium", file=sys.stderr)
        return 2
    shots = {"overview-zh": index.resolve().as_uri(), "overview-en": index.resolve().as_uri() + "#en",
             "region": (out / "report" / "regions" / "r0001.html").resolve().as_uri(),
             "item": (out / "report" / "items" / "i0001.html").resolve().as_uri()}
    for name, url in shots.items():
        png = out / f"{name}.png"
        seconds, _ = _chromium(chromium, f"--screenshot={png}", f"--window-size={args.size}", url)
        if not png.exists() or png.stat().st_size < 10_000:
            print(f"chromium did not write {png}", file=sys.stderr)
            return 3
        print(f"{png}  ({seconds:.1f} s)")
    seconds, dom = _chromium(chromium, "--dump-dom", "--virtual-time-budget=5000", shots["overview-en"])
    if '<html lang="en"' not in dom:
        print("the English overview did not switch language: the page script did not run", file=sys.stderr)
        return 4
    print(f"overview loaded, script ran and switched to English in {seconds:.1f} s (Chromium start included)")
    return _interact(chromium, shots["overview-zh"], out)


def _interact(chromium: str, url: str, out: Path) -> int:
    """With Playwright installed (``pip install playwright``; it drives this Chromium, downloading
    no browser): click a column to sort, type a search, switch language, and time each in the page."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright not installed: sorting and search not driven in the browser")
        return 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS[1:], headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_load_state("load")
        load = time.perf_counter() - started
        timing = page.evaluate("""() => {
            const th = document.querySelector('#regions-table thead th:nth-child(6)');
            let t = performance.now(); th.click(); document.body.offsetHeight; const sort = performance.now() - t;
            const values = Array.from(document.querySelector('#regions-table tbody').rows).map(r => parseFloat(r.cells[5].getAttribute('data-v')));
            const sorted = values.every((v, i) => i === 0 || values[i - 1] <= v);
            const input = document.querySelector('input[data-filter=regions-table]');
            input.value = document.querySelector('#regions-table tbody tr td').textContent.slice(0, 3);
            t = performance.now(); input.dispatchEvent(new Event('input')); document.body.offsetHeight;
            const search = performance.now() - t;
            return {sort, sorted, search, count: document.getElementById('regions-table-count').textContent};
        }""")
        page.click("#pp-lang")
        lang = page.get_attribute("html", "lang")
        page.screenshot(path=str(out / "overview-sorted-searched-en.png"))
        browser.close()
    print(f"in the browser: load {load:.2f} s, sort by coverage {timing['sort']:.0f} ms (ordered: {timing['sorted']}),"
          f" search {timing['search']:.0f} ms ({timing['count']}), language after a click: {lang}")
    if errors or not timing["sorted"] or lang != "en":
        print(f"page errors: {errors}", file=sys.stderr)
        return 5
    return 0


if __name__ == "__main__":
    sys.exit(main())
