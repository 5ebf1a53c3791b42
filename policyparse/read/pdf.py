"""PDF notices via pdfplumber: text in reading order, tables as rows, page furniture removed.

A PDF knows where every character sits, which plain text forgets; this reader uses that once,
here, so later stages can work on lines the way they do for ``.txt`` and HTML:

* **Lines and tables.** Ruled tables (任务分工表, 目标表) found by pdfplumber's line-based
  table finder, and unruled ones whose columns line up as gutters of white space
  (:mod:`policyparse.read.pdf_tables`), become one line per row, cells joined by ``\\t``, and a
  :class:`~policyparse.table.Table` each (merged cells as spans, cell boxes, page); the text
  outside them becomes lines; both are merged by vertical position so a table stays where it
  was printed. A "table" with a single column is just a framed paragraph and stays text.
* **Page furniture.** Page numbers (``— 3 —``, ``- 3 -``, ``第3页 共10页``; patterns in
  ``lexicons/read/page_furniture.tsv``) in the first or last two lines of a page, and running
  headers or footers (the same line at the same height on at least half the pages, digits
  ignored) are removed and reported in ``warnings``.
* **Paragraphs.** GB/T 9704 notices indent each paragraph by two characters and wrap lines at
  the right edge of the text block. A line that reaches the right edge followed by an
  unindented line of the same size is one paragraph and is rejoined, across page breaks too,
  so text reads like the ``.txt`` notices (one paragraph per line).
* **Provenance.** ``page_starts`` holds the offset where each page's text begins; it may fall
  inside a line when a paragraph continues onto the next page.
* **Bounds.** A PDF past ``MAX_PDF_PAGES`` pages is refused before any page is laid out, and the
  streams of one PDF may inflate to ``MAX_PDF_INFLATED`` bytes in all (:mod:`.limits`): a 1 MB
  flate bomb otherwise reached 2.15 GB inside pdfminer. pdfminer inflates with
  ``zlib.decompress`` in one call, so the reader gives pdfminer's stream decoder an inflater
  that counts what it produces and stops at the budget (:func:`_install_bounded_decoders`).
"""

from __future__ import annotations

import io
import re
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ..errors import CorruptInputError, EmptyInputError, LimitError, PolicyParseError, UnsupportedFormatError
from ..lexicons import LexiconEntry, lexicon
from ..table import Table, place_rows, render_row
from . import limits
from .pdf_tables import join_split_rows, ruled_tables, unruled_tables

__all__ = ["read_pdf", "PdfText", "join_wrapped"]


class PageFurniture(LexiconEntry):
    """One pattern for a page-number line (``lexicons/read/page_furniture.tsv``)."""

    pattern: str


page_furniture = lexicon("read/page_furniture.tsv", PageFurniture)

_furniture_re: Optional[re.Pattern] = None


def _furniture() -> re.Pattern:
    global _furniture_re
    if _furniture_re is None:
        alternatives = "|".join(f"(?:{entry.pattern})" for entry in page_furniture())
        _furniture_re = re.compile(f"^(?:{alternatives})$", re.IGNORECASE)
    return _furniture_re


@dataclass(frozen=True)
class PdfText:
    """What :func:`read_pdf` returns: the text, page offsets, what was removed, the tables."""

    text: str
    page_starts: tuple[int, ...]
    warnings: tuple[str, ...]
    tables: tuple[Table, ...] = ()


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    is_row: bool = False
    table: Optional[Table] = None  # the table this row belongs to, and its row in it
    row: int = -1


_LATIN = re.compile(r"[A-Za-z]")


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one wrapped line: nothing between them, except between Latin words.

    Chinese line breaking wraps anywhere, including inside numbers (``〔201`` / ``9〕13号``), so
    only two Latin letters on either side of the break mean a word boundary.

    >>> join_wrapped("充分发挥政府在社会信用体系建设中的表率和引", "领作用")
    '充分发挥政府在社会信用体系建设中的表率和引领作用'
    >>> join_wrapped("红桥政办发〔201", "9〕13号")
    '红桥政办发〔2019〕13号'
    >>> join_wrapped("One Person", "Company")
    'One Person Company'
    """
    if left and right and _LATIN.match(left[-1]) and _LATIN.match(right[0]):
        return left + " " + right
    return left + right


def _line_size(chars: list[dict]) -> float:
    sizes = [round(c.get("size", 0.0), 1) for c in chars if not c["text"].isspace()]
    return Counter(sizes).most_common(1)[0][0] if sizes else 0.0


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page, number: int) -> list[_Line]:
    """Text lines and table rows of one page, in reading (top-to-bottom) order."""
    items: list[_Line] = []
    boxes = []
    for table in ruled_tables(page, number):
        boxes.append(table.bbox)
        for r, row in enumerate(table.rows):
            line = render_row(row)
            bboxes = [c.bbox for c in row if c.bbox is not None]
            if line.strip("\t ") and bboxes:
                top, bottom = min(b[1] for b in bboxes), max(b[3] for b in bboxes)
                items.append(_Line(number, top, bottom, table.bbox[0], table.bbox[2], 0.0, line,
                                   is_row=True, table=table, row=r))
    region = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) \
        if boxes else page
    # Spaces are inserted only for gaps wider than half a character: justified Chinese text is
    # spread out slightly, which is not a word break, while 省发展改革委  省财政厅 is.
    found = [ln for ln in region.extract_text_lines(x_tolerance_ratio=0.5, return_chars=True)
             if ln["text"].strip()]
    sizes = [_line_size(ln["chars"]) for ln in found]
    unruled = unruled_tables(found, sizes, number)
    in_table = {k for start, end, _ in unruled for k in range(start, end)}
    for start, _, table in unruled:
        for r, row in enumerate(table.rows):
            bboxes = [c.bbox for c in row if c.bbox is not None]
            top, bottom = min(b[1] for b in bboxes), max(b[3] for b in bboxes)
            items.append(_Line(number, top, bottom, table.bbox[0], table.bbox[2], 0.0, render_row(row),
                               is_row=True, table=table, row=r))
    for k, (line, size) in enumerate(zip(found, sizes)):
        if k not in in_table:
            items.append(_Line(number, line["top"], line["bottom"], line["x0"], line["x1"], size,
                               line["text"].strip()))
    items.sort(key=lambda item: (round(item.top, 1), item.x0))
    return items


def _furniture_key(line: _Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.replace(" ", "")), round(line.top / 6)


def _edges(page: list[_Line]) -> list[_Line]:
    """The first two and last two text lines of a page: where headers and footers are printed."""
    text_lines = [ln for ln in page if not ln.is_row]
    return list({id(ln): ln for ln in text_lines[:2] + text_lines[-2:]}.values())


def _drop(page: list[_Line], doomed: list[_Line]) -> None:
    page[:] = [ln for ln in page if not any(ln is d for d in doomed)]


def _remove_furniture(pages: list[list[_Line]]) -> list[str]:
    """Drop page numbers and running headers/footers in place; return warnings."""
    warnings = []
    pattern = _furniture()
    numbered = 0
    for page in pages:
        hits = [ln for ln in _edges(page) if pattern.match(ln.text.replace(" ", ""))]
        if hits:
            numbered += 1
            _drop(page, hits)
    if numbered:
        warnings.append(f"removed page numbers from {numbered} of {len(pages)} pages")

    # A running header sits at the same height on most pages; the title on page 1 has the same
    # words but another height and size, so the key includes the height.
    if len(pages) >= 2:
        counts = Counter()
        for page in pages:
            counts.update({_furniture_key(ln) for ln in _edges(page)})
        needed = max(2, (len(pages) + 1) // 2)
        for key in sorted(k for k, n in counts.items() if n >= needed):
            removed = 0
            for page in pages:
                hits = [ln for ln in _edges(page) if _furniture_key(ln) == key]
                removed += bool(hits)
                _drop(page, hits)
            warnings.append(f"removed running header/footer {key[0]!r} from {removed} pages")
    return warnings


def _layout_margins(lines: list[_Line]) -> tuple[float, float]:
    """Left edge of the text block (most common x0) and its right edge (high x1 percentile)."""
    text_lines = [ln for ln in lines if not ln.is_row]
    if not text_lines:
        return 0.0, 0.0
    left = Counter(round(ln.x0) for ln in text_lines).most_common(1)[0][0]
    rights = sorted(ln.x1 for ln in text_lines)
    right = rights[int(0.9 * (len(rights) - 1))]
    return float(left), right


# A PDF set without justification ends its lines up to two or three characters apart (黑政办发
# 〔2017〕22号 政务公开工作要点, round 7 y04: …价格监测信 / 息。加大…, …听得 / 懂。). A line that stops
# mid-sentence (no closing mark) and this close to the edge goes on below; one that ends a sentence
# must reach the edge, as a paragraph's last line may stop anywhere.
_RAGGED_EDGE = 3.5
_MAY_END_PARAGRAPH = frozenset("。！？；：!?;:）)”】》")
# an item's number opening the next line (1、 （四） 二、 第三条): a heading above it may stop anywhere
_OPENS_ITEM = re.compile(r"\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、|\d{1,2}\s*[、.．]"
                         r"|第[一二三四五六七八九十百\d]+[章节条]|[①-⑳])")


def _continues(prev: _Line, line: _Line, left: float, right: float) -> bool:
    """True when ``line`` is the wrapped continuation of ``prev`` (same paragraph)."""
    if prev.is_row or line.is_row or not prev.size or abs(prev.size - line.size) > 0.6:
        return False
    size = prev.size
    # prev stops short of the right edge: paragraph end; by a character or two only where it
    # ended a sentence (a PDF set without justification has a ragged edge)
    ragged = prev.text.rstrip()[-1:] not in _MAY_END_PARAGRAPH and not _OPENS_ITEM.match(line.text)
    short = _RAGGED_EDGE if ragged else 1.5
    if prev.x1 < right - short * size:
        return False
    if line.x0 > left + 0.5 * size:  # indented: a new paragraph (or centred title)
        return False
    if prev.x0 > left + 3 * size and prev.x1 < right + size:  # centred heading that happens to be long
        return False
    if line.page == prev.page and line.top - prev.bottom > 1.5 * size:
        return False
    return True


# -- bounded stream decoding -------------------------------------------------------------------

class _Budget(threading.local):
    """Bytes the streams of the PDF being read may still inflate to (None: not reading one)."""

    left: Optional[int] = None
    where: str = "<bytes>"


_budget = _Budget()
_CHUNK = 1 << 20


def _spend(n: int) -> None:
    if _budget.left is None:
        return
    _budget.left -= n
    if _budget.left < 0:
        raise LimitError(f"PDF streams inflate past {limits.size(limits.MAX_PDF_INFLATED)} (a compression bomb?);"
                         " not read", path=_budget.where)


class _BoundedDecompressor:
    """``zlib.decompressobj()`` whose output is counted against the budget."""

    def __init__(self, *args):
        self._inner = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inner.decompress(data, max_length) if max_length else self._bounded(data)
        return out

    def _bounded(self, data: bytes) -> bytes:
        parts = []
        chunk = self._inner.decompress(data, _CHUNK)
        while True:
            _spend(len(chunk))
            parts.append(chunk)
            if not self._inner.unconsumed_tail:
                break
            chunk = self._inner.decompress(self._inner.unconsumed_tail, _CHUNK)
        return b"".join(parts)

    def __getattr__(self, name):
        return getattr(self._inner, name)


class _BoundedZlib:
    """What pdfminer's ``pdftypes`` module sees as ``zlib``: the same, but inflating in chunks
    against the budget of the PDF being read. Outside :func:`read_pdf` there is no budget and
    it inflates like ``zlib.decompress``."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args) -> bytes:
        inflater = _BoundedDecompressor(*args[:1])
        out = inflater.decompress(data)
        if not inflater.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    @staticmethod
    def decompressobj(*args) -> _BoundedDecompressor:
        return _BoundedDecompressor(*args)

    def __getattr__(self, name):
        return getattr(zlib, name)


def _bounded_decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` (inflate byte by byte, accept an error in the last
    three bytes: a bad checksum) without its quadratic ``bytes +=`` and within the budget."""
    inflater = _BoundedDecompressor()
    parts = []
    for i in range(len(data)):
        try:
            parts.append(inflater.decompress(data[i:i + 1]))
        except zlib.error:
            if i < len(data) - 3:
                raise
            break
    return b"".join(parts)


def _bounded_lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    parts = []
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        _spend(len(chunk))
        parts.append(chunk)
    return b"".join(parts)


def _bounded_rldecode(data: bytes) -> bytes:
    from pdfminer.runlength import rldecode

    out = rldecode(data)  # at most 128 times its input, which MAX_FILE_BYTES bounds
    _spend(len(out))
    return out


_installed = False


def _install_bounded_decoders() -> None:
    """Give pdfminer's stream decoder (``pdftypes``) inflaters that honour the budget."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes

    pdftypes.zlib = _BoundedZlib()
    pdftypes.lzwdecode = _bounded_lzwdecode
    pdftypes.rldecode = _bounded_rldecode
    pdftypes.decompress_corrupted = _bounded_decompress_corrupted
    _installed = True


def _own_error(exc: BaseException) -> Optional[PolicyParseError]:
    """The policyparse error inside an exception pdfplumber wrapped (``PdfminerException``)."""
    seen = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, PolicyParseError):
            return current
        todo += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
    return None


def read_pdf(data: bytes, where: str = "<bytes>") -> PdfText:
    """Extract a PDF notice: reading-order lines, ``\\t`` table rows, no page furniture.

    where (str): file name for error messages.
    RETURNS (PdfText): text, page_starts (offset of each page), warnings.
    Raises CorruptInputError for damaged PDFs, UnsupportedFormatError for encrypted or
    image-only (scanned) PDFs.
    """
    pages = _extract_pages(data, where)
    _require_text_layer(pages, where)
    warnings = _blank_pages(pages)
    warnings += _remove_furniture(pages)
    join_split_rows(pages)
    left, right = _layout_margins([ln for page in pages for ln in page])
    text, page_starts, placed = _join_pages(pages, left, right)
    if not text.strip():
        raise EmptyInputError("PDF has no text besides page numbers and headers", path=where)
    tables = tuple(place_rows(table, rows) for table, rows in placed.values())
    return PdfText(text, tuple(page_starts), tuple(warnings), tables)


def _extract_pages(data: bytes, where: str) -> list[list[_Line]]:
    """The lines of each page, within the bounds of :mod:`.limits`; pdfminer's many failures
    become this package's errors."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    from .pdf_chars import CharPage

    _install_bounded_decoders()
    _budget.left, _budget.where = limits.MAX_PDF_INFLATED, where
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > limits.MAX_PDF_PAGES:
                raise LimitError(f"PDF has {count:,} pages; the limit is {limits.MAX_PDF_PAGES:,}"
                                 " (split it, or read its parts)", path=where)
            pages = []
            for number, page in enumerate(pdf.pages, start=1):
                page.__class__ = CharPage  # the same page, its characters converted faster (.pdf_chars)
                pages.append(_page_lines(page, number))
                page.close()  # drop the parsed objects: a 200-page annex would hold them all
        if _budget.left is not None and _budget.left < 0:  # pdfminer swallowed the first LimitError
            _spend(0)
    except PolicyParseError:
        raise
    except MemoryError:
        raise LimitError("PDF needs more memory than there is to lay out", path=where) from None
    except PDFPasswordIncorrect:
        raise UnsupportedFormatError("encrypted PDF (needs a password)", path=where) from None
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise _damaged(exc, where) from None
    finally:
        _budget.left = None
    return pages


def _damaged(exc: Exception, where: str) -> PolicyParseError:
    """The error for what pdfminer raised: a bound hit inside it (wrapped by pdfplumber), or
    else a damaged or truncated file."""
    inner = _own_error(exc)
    if inner is not None:
        return inner
    kind = type(exc).__name__
    return CorruptInputError(f"damaged or truncated PDF ({kind}: {str(exc)[:120]})", path=where)


def _require_text_layer(pages: list[list[_Line]], where: str) -> None:
    """A PDF without pages is damaged; one whose pages all lack text is a scan, to OCR first."""
    if not pages:
        raise CorruptInputError("PDF has no pages (damaged or truncated)", path=where)
    if not any(pages):
        raise UnsupportedFormatError(f"PDF has {len(pages)} pages but no text layer "
                                     "(a scan?); OCR it first", path=where)


def _blank_pages(pages: list[list[_Line]]) -> list[str]:
    """A scanned page (a signed 红头 first page, a stamped annex) inside a text PDF: its text is
    missing, and the reader says so."""
    warnings = []
    blank = [str(n) for n, page in enumerate(pages, start=1) if not page]
    if blank:
        several = len(blank) > 1
        warnings.append(f"{'pages' if several else 'page'} {', '.join(blank)} of {len(pages)} "
                        f"{'have' if several else 'has'} no text layer (scanned?); text missing")
    return warnings


def _join_pages(pages: list[list[_Line]], left: float, right: float
                ) -> tuple[str, list[int], dict[int, tuple[Table, dict[int, tuple[int, str]]]]]:
    """The text of the pages in reading order: a line that continues the previous one (a wrap
    at the layout's right margin, across a page break too) is joined to it, any other starts a
    line of its own. Also the offset where each page starts, and where each table row landed."""
    text = ""
    page_starts = []
    placed: dict[int, tuple[Table, dict[int, tuple[int, str]]]] = {}
    prev: Optional[_Line] = None
    for page in pages:
        page_start = None
        for line in page:
            if prev is not None and _continues(prev, line, left, right):
                joined = join_wrapped(text, line.text)
                offset = len(joined) - len(line.text)
                text = joined
            else:
                if text:
                    text += "\n"
                offset = len(text)
                text += line.text
            if line.table is not None:
                placed.setdefault(id(line.table), (line.table, {}))[1][line.row] = (offset, line.text)
            if page_start is None:
                page_start = offset
            prev = line
        page_starts.append(page_start if page_start is not None else len(text))
    return text, page_starts, placed
