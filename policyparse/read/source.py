"""``SourceText``: what every reader returns, whatever the input format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..table import Table


@dataclass(frozen=True)
class SourceText:
    """Decoded text of one input file plus where it came from.

    text: the decoded text. Block elements (HTML ``<p>``, PDF paragraphs, DOCX paragraphs) are
        lines; a table row is one line whose cells are separated by ``\\t`` so the segmenter can
        read task tables the same way from every format. Merged cells keep the column count:
        the text once, empty cells for the rest of the span. Line breaks are ``\\n``. PDF lines
        wrapped at the right edge of the text block are rejoined into their paragraph.
    format: ``txt``, ``html``, ``pdf``, ``docx``, ``ofd``, ``xlsx``, ``xls`` or ``csv``.
    encoding: the codec used to decode (``utf-8``, ``gb18030`` …), None for binary formats.
    encoding_evidence: why that codec was chosen (BOM, strict decode, score …).
    page_starts: for PDF and OFD, the offset in ``text`` where each page begins (page 1 first).
    warnings: problems met while reading (undecodable bytes, dropped running headers).
    format_evidence: why that format was chosen (``'%PDF-' header``, extension …).
    tables: the tables as the reader found them (:class:`~policyparse.table.Table`): cells with
        spans, covered slots, header rows and provenance; each cell's ``span`` indexes ``text``,
        where its row is the ``\t``-joined line described above.
    """

    text: str
    format: str
    sha256: str
    size: int
    path: Optional[str] = None
    encoding: Optional[str] = None
    encoding_evidence: Optional[str] = None
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    format_evidence: Optional[str] = None
    tables: tuple[Table, ...] = ()

    def page_of(self, offset: int) -> Optional[int]:
        """1-based page number holding ``offset`` (None for formats without pages)."""
        if not self.page_starts:
            return None
        page = 0
        for number, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = number
        return page or 1
