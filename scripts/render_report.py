#!/usr/bin/env python3
"""Render the comparison report in headless Chromium and save a screenshot to look at.

Usage::

    python scripts/render_report.py                       # gold plans vs corpus/reference-76.tsv
    python scripts/render_report.py --plans a.json b.json --reference ref.tsv --out /tmp/report

Writes ``report.html``, ``comparison.json`` and ``report.png`` into ``--out``. Chromium (Debian
package ``chromium``) runs with networking disabled: the report must need nothing from outside.
The script fails if chromium is missing, the screenshot is not written, or the HTML refers to
an external resource.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from policyparse.compare import compare, write, write_html  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", nargs="*", help="parse-result JSON files (default: the gold plans)")
    parser.add_argument("--reference", default=str(ROOT / "corpus" / "reference-76.tsv"),
                        help="outline TSV or parse-result JSON; 'none' to compare plans to each other")
    parser.add_argument("--out", default=tempfile.mkdtemp(prefix="policyparse-report-"))
    parser.add_argument("--size", default="1400,2000", help="window size of the screenshot")
    args = parser.parse_args(argv)

    if args.plans:
        plans = args.plans
    else:
        from test_compare_gold import gold_files, gold_result

        plans = [gold_result(p) for p in gold_files()]
    reference = None if args.reference == "none" else args.reference
    comparison = compare(plans, reference=reference)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / "report.html"
    write_html(comparison, html_path)
    write(comparison, out / "comparison.json")
    html = html_path.read_text(encoding="utf-8")
    external = re.findall(r'(?:src|href)\s*=\s*"(?:https?:)?//[^"]+"', html)
    if external:
        print(f"report refers to external resources: {external[:3]}", file=sys.stderr)
        return 1

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium not found: apt-get install -y chromium", file=sys.stderr)
        return 2
    png = out / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                   f"--window-size={args.size}", html_path.resolve().as_uri()]
        subprocess.run(command, check=False, capture_output=True, timeout=120)
    if not png.exists() or png.stat().st_size < 10_000:
        print("chromium did not write a screenshot", file=sys.stderr)
        return 3
    print(f"{html_path}\n{png}\nregions: {', '.join(comparison.regions)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
