"""Stage 1, read: bytes of any supported format -> :class:`SourceText`.

One call, :func:`read`, takes a path, raw bytes or a decoded string and returns the notice's
text with where it came from. One module per format, all returning lines the same way
(a block is a line; a table row is one line of ``\\t``-joined cells):

============  ==============================================================================
``detect``    format by content (``%PDF-``, zip with ``word/document.xml``, HTML tags) then
              extension; encoding by BOM, strict decodes, GBK-vs-Big5 frequency tiers
``txt``       ``.txt``/``.md``: decode, unify line breaks
``html``      visible text only; scripts, styles and hidden elements dropped
``pdf``       pdfplumber; reading order, ruled tables as rows, page numbers and running
              headers removed, wrapped lines rejoined, ``page_starts`` for provenance
``docx``      python-docx; paragraphs, tables and text boxes in body order
``sheets``    ``.xlsx`` (openpyxl), ``.xls`` (xlrd), ``.csv``: each sheet one table
``ofd``       GB/T 33190 (zip of XML): text objects placed by position into printed lines
============  ==============================================================================

Every reader also keeps its tables as :class:`~policyparse.table.Table` (cells with spans,
covered slots, header rows, provenance) in ``SourceText.tables``.

``.wps``, ``.doc`` and ``.rtf`` files that hold text (scrapers save UTF-8 text under those
names) are read as text; a binary one gets an error naming what would read it. A few stray
NUL or control bytes in a text file are dropped, with a warning.

The format is detected from the content first and the extension second, so a notice saved
with the wrong extension still reads, while a binary file named ``.txt`` or an HTML error page
saved as ``.pdf`` gets a one-line :class:`~policyparse.errors.InputError` instead of garbage.

>>> src = read("各区人民政府：\\r\\n现将《实施方案》印发给你们。".encode("gbk"), name="notice.txt")
>>> src.format, src.encoding, src.text
('txt', 'gbk', '各区人民政府：\\n现将《实施方案》印发给你们。')
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence, Union

from ..errors import CorruptInputError, EmptyInputError, InputError, LimitError, display_name
from . import limits
from .detect import (READABLE_EXTENSIONS, SUPPORTED_EXTENSIONS, FormatDecision, detect_format, drop_stray_controls,
                     looks_like_html)
from .docx import read_docx
from .html import read_html, render_html
from .ofd import read_ofd
from .pdf import read_pdf
from .sheets import read_csv, read_xls, read_xlsx, sheet_format
from .source import SourceText
from .txt import read_txt, unify_newlines

__all__ = ["read", "SourceText", "READABLE_EXTENSIONS"]

# A one-line string ending in a file extension is a path the caller mistyped, not a notice:
# "no such file" helps more than parsing the words "notice.pdf".
_PATH_LIKE = re.compile(r"^[^\n]{1,4096}\.[A-Za-z0-9]{1,5}$")
_KNOWN_EXTENSIONS = set(SUPPORTED_EXTENSIONS) | {".doc", ".wps", ".xls", ".xlsx", ".csv", ".rtf", ".zip",
                                                 ".png", ".jpg", ".jpeg", ".pptx", ".ofd"}
_SHEET_READERS = {"xlsx": read_xlsx, "xls": read_xls, "csv": read_csv}


def _is_path(source: str) -> bool:
    if "\n" in source or len(source) > 4096:
        return False
    try:
        if Path(source).exists():
            return True
    except (OSError, ValueError):
        return False
    match = _PATH_LIKE.match(source)
    return bool(match) and Path(source).suffix.lower() in _KNOWN_EXTENSIONS


def _read_file(path: Path, where: str) -> bytes:
    try:
        if path.is_dir():
            raise InputError("is a directory, not a notice file", path=where)
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, /dev/zero never end
            raise InputError("not a regular file (a pipe, socket or device)", path=where)
        _check_size(info.st_size, where)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=where) from None
    except PermissionError:
        raise InputError("permission denied", path=where) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a notice file", path=where) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path=where) from None


def _check_size(size: int, where: str) -> None:
    if size > limits.MAX_FILE_BYTES:
        raise LimitError(f"file is {limits.size(size)}; the limit is {limits.size(limits.MAX_FILE_BYTES)}"
                         " (no notice is that large: is it an archive or a dump?)", path=where)


def _check_length(text: str, where: str) -> None:
    if len(text) > limits.MAX_TEXT_CHARS:
        raise LimitError(f"text has {len(text):,} characters; the limit is {limits.MAX_TEXT_CHARS:,}"
                         " (no notice is that long: split it into its notices)", path=where)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _from_str(text: str, name: Optional[str]) -> SourceText:
    data = text.encode("utf-8", "surrogatepass")
    if not text.strip():
        raise EmptyInputError("text is empty", path=name or "<text>")
    _check_length(text, name or "<text>")
    warnings: tuple[str, ...] = ()
    lone = _LONE_SURROGATE.findall(text)
    if lone:
        # A str can hold halves of UTF-16 pairs that no file, JSON or database can: they are
        # what a bad decode leaves, so they are read as undecodable, like bytes that fail to decode.
        text = _LONE_SURROGATE.sub("\ufffd", text)
        warnings = (f"{len(lone)} lone surrogate(s) (not characters) read as U+FFFD",)
    tables = ()
    if looks_like_html(text):
        rendered, tables, html_warnings = render_html(text)
        fmt = "html"
        warnings += tuple(html_warnings)
    else:
        rendered, fmt = unify_newlines(text), "txt"
    if not rendered.strip():
        raise EmptyInputError("HTML has no visible text", path=name or "<text>")
    return SourceText(text=rendered, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                      size=len(data), path=name, encoding=None, encoding_evidence="given as str",
                      warnings=warnings, tables=tables)


# A notice with a few damaged bytes is still worth parsing (they are counted in warnings); one
# where a large share of the text is undecodable is not text in any supported encoding (a
# renamed binary, an encrypted export) and would only feed nonsense to the later stages.
UNDECODABLE_SHARE = 0.10
# GB18030 accepts almost any run of high bytes, so random bytes "decode" into rare characters:
# about 70% of them fall in GB 2312 or Big5 against 99-100% for real notices, simplified or
# traditional. Below this share the decode is noise, not a notice.
READABLE_SHARE = 0.90
_LEGACY_CODECS = ("gbk", "gb18030", "gb2312", "big5", "big5hkscs")


# (\s of a str pattern is exactly str.isspace; the control class is what is below a space but
# tab, newline, carriage return and form feed.) Counted by the regex engine: a per-character
# generator over every text read was a tenth of the read stage.
_SPACE = re.compile(r"\s")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _readable_share(text: str, sample: int = 20000) -> tuple[float, int]:
    total = readable = 0
    # each distinct character is encoded once, weighed by how often it occurs: a notice of 20,000
    # characters uses a few thousand distinct ones
    for ch, n in Counter(text[:sample]).items():
        if ch < "\x80" or ch.isspace():
            continue
        total += n
        for codec in ("gb2312", "big5"):
            try:
                ch.encode(codec)
            except UnicodeEncodeError:
                continue
            readable += n
            break
    return (readable / total if total else 1.0), total


def _refuse_undecodable(text: str, encoding: Optional[str], where: str) -> None:
    visible = len(text) - len(_SPACE.findall(text))
    bad = text.count("\ufffd") + len(_CONTROL.findall(text))
    if visible and bad / visible > UNDECODABLE_SHARE:
        raise CorruptInputError(
            f"not readable text: {bad / visible:.0%} of its characters are undecodable bytes even as "
            f"{encoding or 'text'} (tried UTF-8, UTF-16, GB18030, Big5); is it a binary file?",
            path=where)
    if encoding in _LEGACY_CODECS:
        share, judged = _readable_share(text)
        if judged >= 50 and share < READABLE_SHARE:
            raise CorruptInputError(
                f"not readable text: decoded as {encoding}, only {share:.0%} of its characters are "
                f"common Chinese characters; is it a binary or encrypted file?", path=where)


def read(source: Union[str, Path, bytes], name: Optional[str] = None) -> SourceText:
    """Read a notice from a path, raw bytes, or an already decoded string.

    source (str | Path | bytes): a path; the file's bytes; or the notice text itself. A ``str``
        naming an existing file, or a one-line ``str`` ending in a file extension, is a path.
    name (str | None): the name to report (and, for bytes, whose extension hints the format).
    RETURNS (SourceText): text, format, encoding and its evidence, page offsets, warnings.
    Raises an :class:`~policyparse.errors.InputError` subclass naming the file and the
    problem: missing, directory, empty, unsupported format, or damaged content.

    >>> read("<p>各区人民政府：</p><p>现将&ldquo;方案&rdquo;印发给你们。</p>").text
    '各区人民政府：\\n现将“方案”印发给你们。'
    """
    if isinstance(source, str) and not _is_path(source):
        return _from_str(source, name)
    data, where, path = _bytes_of(source, name)
    sheet = sheet_format(data, Path(where).suffix.lower()) if data.strip() else None
    if sheet is not None:
        # Ledgers offices publish beside a notice (任务分工台账.xlsx); detect_format would refuse
        # them as "not a notice format", so they are recognised first.
        return _read_sheets(data, where, path, sheet)
    decision = detect_format(data, where)
    body = _read_body(data, where, decision)
    _check_length(body.text, where)
    return SourceText(text=body.text, format=body.format, sha256=hashlib.sha256(data).hexdigest(),
                      size=len(data), path=path, encoding=body.encoding, encoding_evidence=body.evidence,
                      page_starts=body.page_starts, warnings=tuple([*decision.warnings, *body.warnings]),
                      format_evidence=decision.evidence, tables=body.tables)


def _bytes_of(source: Union[str, Path, bytes], name: Optional[str]) -> tuple[bytes, str, Optional[str]]:
    """The bytes of a path or of bytes given, the name errors report, and the path to record
    (None for bytes given without a name)."""
    if isinstance(source, (str, Path)):
        where = display_name(name or str(source))  # a name that is not UTF-8 could not be written out
        return _read_file(Path(source), where), where, where
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        where = display_name(name) if name else "<bytes>"
        _check_size(len(data), where)
        return data, where, (where if name else None)
    raise InputError(f"cannot read a {type(source).__name__}; pass a path, bytes or str", path=name)


def _read_sheets(data: bytes, where: str, path: Optional[str], sheet: str) -> SourceText:
    """A spreadsheet (xlsx, xls, csv): its sheets as text and tables."""
    sheets = _SHEET_READERS[sheet](data, where)
    return SourceText(text=sheets.text, format=sheet, sha256=hashlib.sha256(data).hexdigest(),
                      size=len(data), path=path, encoding=sheets.encoding,
                      encoding_evidence=sheets.evidence, warnings=sheets.warnings,
                      format_evidence=f"spreadsheet ({sheet})", tables=sheets.tables)


@dataclass
class _Body:
    """What one format's reader gives :func:`read`: the text, the format it was read as (a
    UTF-16 ``.txt`` may turn out to be HTML), and what the reader knows about it."""

    text: str
    format: str
    page_starts: tuple[int, ...] = ()
    tables: tuple = ()
    encoding: Optional[str] = None
    evidence: Optional[str] = None
    warnings: Sequence[str] = ()


def _read_body(data: bytes, where: str, decision: FormatDecision) -> _Body:
    """The notice in the format :func:`detect_format` decided: laid-out documents (PDF, DOCX,
    OFD) by their readers, anything else decoded as text or HTML."""
    fmt = decision.format
    if fmt == "pdf":
        pdf = read_pdf(data, where)
        return _Body(pdf.text, fmt, page_starts=pdf.page_starts, tables=pdf.tables, warnings=pdf.warnings)
    if fmt == "docx":
        docx_text = read_docx(data, where)
        return _Body(docx_text.text, fmt, tables=docx_text.tables)
    if fmt == "ofd":
        ofd = read_ofd(data, where)
        return _Body(ofd.text, fmt, page_starts=ofd.page_starts, warnings=ofd.warnings)
    return _read_decoded(data, where, decision)


def _read_decoded(data: bytes, where: str, decision: FormatDecision) -> _Body:
    """A text or HTML notice, decoded; refused when it holds no visible text or mostly bytes no
    codec could read."""
    fmt = decision.format
    data_text = drop_stray_controls(data) if decision.drop_controls else data
    decoded = read_html(data_text) if fmt == "html" else read_txt(data_text)
    if fmt == "txt" and looks_like_html(decoded.text):  # e.g. a UTF-16 page
        decoded, fmt = read_html(data_text, decoded), "html"
    text, encoding = decoded.text, decoded.encoding
    if not text.strip():
        what = "HTML has no visible text" if fmt == "html" else "file holds only whitespace"
        raise EmptyInputError(what, path=where)
    _refuse_undecodable(text, encoding, where)
    return _Body(text, fmt, tables=getattr(decoded, "tables", ()), encoding=encoding,
                 evidence=decoded.evidence, warnings=decoded.warnings)
