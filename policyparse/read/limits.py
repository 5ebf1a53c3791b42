"""Bounds that keep one input from taking the machine, each with the error or warning it gives.

A folder of scraped notices holds a few files no notice is: a 40 MB text dump (which took 311 s
and 1.6 GB to parse), a PDF whose streams inflate a thousandfold, a page nested 300 levels deep.
Each bound below is far above any real notice (the 1,024 scraped notices and the corpus are at
most 0.5 MB, 60 pages, 40 levels deep) and is checked before the expensive work it guards:

=====================  ===========================================================  =========
bound                  what happens past it                                         gives
=====================  ===========================================================  =========
``MAX_FILE_BYTES``     the file is not read (size from ``stat``)                    E110
``MAX_TEXT_CHARS``     the text is not normalized or parsed                         E110
``MAX_PDF_PAGES``      the PDF is not laid out                                      E110
``MAX_PDF_INFLATED``   a stream that would inflate past it stops the PDF            E110
``MAX_HTML_DEPTH``     deeper elements are flattened into their ancestor, text kept  warning
=====================  ===========================================================  =========

A batch also bounds each worker's memory (``--max-memory``), which covers what no bound here
foresees.
"""

from __future__ import annotations

MAX_FILE_BYTES = 64 * 1024 * 1024
# A text at this bound takes about 40 CPU-s and 600 MiB end to end (scripts/bench.py --large
# --large-mb 5.4, issue 13); the pipeline runs at ~60,000 characters per CPU-second, so a 40 MB
# dump (14 M characters) would take minutes: the bound stays until the stages are faster.
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 2_000
MAX_PDF_INFLATED = 256 * 1024 * 1024
# libxml2 stops building the tree at 256 levels (without XML_PARSE_HUGE) and drops what is
# deeper; the renderer recurses once per level. Below both.
MAX_HTML_DEPTH = 200


def size(n: int) -> str:
    """A byte count as people read it.

    >>> size(64 * 1024 * 1024), size(1536), size(12)
    ('64 MiB', '1.5 KiB', '12 bytes')
    """
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"
