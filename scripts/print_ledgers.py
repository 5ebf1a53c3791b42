#!/usr/bin/env python3
"""Print the 台账 of each corpus notice to PDF through LibreOffice, and page 1 to PNG. Not a test.

Usage::

    python scripts/print_ledgers.py                    # corpus/raw/*.txt -> out/print/
    python scripts/print_ledgers.py -o /tmp/print --lang en --dpi 110
    python scripts/print_ledgers.py corpus/extra/govcn_004.html --template their.xlsx

For each notice it parses the file, writes ``NAME.xlsx`` (the ledger as ``policyparse ledger``
writes it, or filled into ``--template``), has LibreOffice print it (``soffice --headless
--convert-to pdf``, which honours the sheet's print setup: landscape A4 fitted to the page
width, the header row repeated), and renders page 1 with ``pdftoppm`` as ``NAME-1.png``, so a
person can look: every column on the page, no text cut, the header on top. It prints one line
per notice with the page count of its PDF.

Needs LibreOffice and poppler-utils (on Debian: ``apt-get install libreoffice-calc
poppler-utils``), ``fonts-noto-cjk`` so the Chinese is printed in a real CJK font, and
``fonts-crosextra-carlito``: column widths are counted in the default font's digits (Calibri),
and without its metric twin LibreOffice takes DejaVu Sans, a third wider, and prints everything
smaller than Excel would.
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

MISSING = """print_ledgers: {tool} not found.
This script prints through LibreOffice in headless mode and renders pages with pdftoppm.
On Debian or Ubuntu install them with:

    apt-get install libreoffice-calc poppler-utils fonts-noto-cjk fonts-crosextra-carlito

then run it again."""


def find_tools() -> tuple[str, str]:
    """The LibreOffice and pdftoppm executables, or exit with what to install."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise SystemExit(MISSING.format(tool="LibreOffice (soffice)"))
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit(MISSING.format(tool="pdftoppm (poppler-utils)"))
    return office, pdftoppm


def pdf_pages(pdf: Path) -> int:
    """Page count of a PDF (``pdfinfo`` when there, else the page objects)."""
    info = shutil.which("pdfinfo")
    if info:
        out = subprocess.run([info, str(pdf)], capture_output=True, text=True).stdout
        match = re.search(r"^Pages:\s+(\d+)", out, re.M)
        if match:
            return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def to_pdf(office: str, workbook: Path, out_dir: Path) -> Path:
    # A private profile: a LibreOffice already open on the desktop (or a stale lock) must not
    # swallow the conversion.
    with tempfile.TemporaryDirectory(prefix="pp-lo-") as profile:
        done = subprocess.run(
            [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(workbook)],
            capture_output=True, text=True, timeout=300)
    pdf = out_dir / (workbook.stem + ".pdf")
    if done.returncode != 0 or not pdf.is_file():
        raise SystemExit(f"print_ledgers: LibreOffice could not print {workbook}:\n{done.stderr or done.stdout}")
    return pdf


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notices", nargs="*", type=Path, help="notices (default: corpus/raw/*.txt)")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "out" / "print", help="output folder")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--template", type=Path, help="fill this office template instead")
    parser.add_argument("--dpi", type=int, default=100, help="resolution of the PNG of page 1")
    args = parser.parse_args(argv)

    office, pdftoppm = find_tools()
    import policyparse
    from policyparse.export import fill_template, ledger_rows, write_xlsx

    notices = args.notices or sorted((ROOT / "corpus" / "raw").glob("*.txt"))
    args.out.mkdir(parents=True, exist_ok=True)
    for notice in notices:
        # The path as a batch records it: relative to where it was run from.
        shown = notice.resolve().relative_to(ROOT) if notice.resolve().is_relative_to(ROOT) else notice
        result = policyparse.parse(notice)
        result.source.path = str(shown)
        rows = ledger_rows([result], lang=args.lang)
        workbook = args.out / f"{notice.stem}.xlsx"
        if args.template:
            fill_template(rows, args.template, workbook, lang=args.lang)
        else:
            write_xlsx(rows, workbook, lang=args.lang)
        pdf = to_pdf(office, workbook, args.out)
        png = args.out / f"{notice.stem}-1"
        subprocess.run([pdftoppm, "-png", "-r", str(args.dpi), "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(png)], check=True)
        print(f"{notice.name}: {len(rows)} rows, {pdf_pages(pdf)} pages -> {png}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
