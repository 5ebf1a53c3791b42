"""Format and encoding detection for the read stage.

Two questions are answered here, both from the bytes themselves:

* **What is it?** :func:`detect_format` looks at magic numbers first (``%PDF-``, a zip holding
  ``word/document.xml``, OLE2, images …) and at the extension second. A notice saved with the
  wrong extension still reads; a failed download saved as ``通知.pdf`` (an HTML error page) or a
  binary file named ``.txt`` is refused with a one-line error instead of producing junk.
* **Which encoding?** :func:`decode_text` tries a BOM, then strict decodes in an order that
  cannot be fooled (UTF-8 before the GB family, because valid UTF-8 Chinese is practically never
  valid by accident), and separates GBK from Big5 by how many decoded characters fall in each
  standard's own "frequently used" tier. Bytes no codec can read are replaced and counted in a
  warning, never raised.

>>> decode_text("红桥区加强政务诚信建设实施方案".encode("gb18030")).encoding
'gbk'
>>> decode_text("红桥区加强政务诚信建设实施方案".encode("utf-8")).encoding
'utf-8'
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Optional

from ..errors import CorruptInputError, EmptyInputError, UnsupportedFormatError

__all__ = ["Decoded", "FormatDecision", "decode_text", "detect_format", "html_declared_charset",
           "looks_like_html", "SUPPORTED_EXTENSIONS", "READABLE_EXTENSIONS", "drop_stray_controls"]

#: Extensions the read stage accepts, mapped to the format they promise.
SUPPORTED_EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "txt", ".markdown": "txt",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".pdf": "pdf", ".docx": "docx", ".ofd": "ofd",
}

#: Extensions that office programs and scrapers use for text as often as for their own binary
#: format: 137 of the 1,028 notices of corpus/wild are ``.wps`` files holding UTF-8 text. Their
#: content decides; a binary one gets an error naming what would read it.
TEXT_OR_BINARY_EXTENSIONS = {".wps": "WPS", ".doc": "Word .doc", ".rtf": "RTF"}

#: Every extension a batch picks up: the formats read, and the text-or-binary ones.
READABLE_EXTENSIONS = tuple(SUPPORTED_EXTENSIONS) + tuple(TEXT_OR_BINARY_EXTENSIONS)

# Extensions that promise a binary container: text found under one of these names is a damaged
# file (typically an HTML error page saved as ``通知.pdf`` by a crawler), not a notice.
_BINARY_EXTENSIONS = {".pdf": "PDF", ".docx": "Word .docx", ".xlsx": "Excel .xlsx",
                      ".xls": "Excel .xls", ".pptx": "PowerPoint .pptx", ".zip": "zip",
                      ".ofd": "OFD", ".png": "PNG image", ".jpg": "JPEG image",
                      ".jpeg": "JPEG image"}

# Magic numbers of formats people put next to notices on government sites (attachments, scans).
# The hint says what to do, because the user can usually fix it in one step.
_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a binary legacy Office file (.doc/.wps/.xls, OLE2)",
     "WPS Office, Word or LibreOffice reads it: save it as .docx "
     "(libreoffice --headless --convert-to docx FILE)"),
    (b"{\\rtf", "an RTF document", "Word, WPS or LibreOffice reads it: save it as .docx or .txt"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "a scanned notice needs OCR first"),
    (b"\xff\xd8\xff", "a JPEG image", "a scanned notice needs OCR first"),
    (b"GIF8", "a GIF image", "a scanned notice needs OCR first"),
    (b"II*\x00", "a TIFF image", "a scanned notice needs OCR first"),
    (b"MM\x00*", "a TIFF image", "a scanned notice needs OCR first"),
    (b"Rar!\x1a\x07", "a RAR archive", "extract it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it first"),
    (b"\x1f\x8b", "a gzip archive", "extract it first"),
    (b"\x7fELF", "an executable", None),
)

# Label -> Python codec for the charsets Chinese sites declare. Browsers read gb2312/gbk pages
# as GBK/GB18030 (WHATWG Encoding Standard), because real "gb2312" pages contain GBK-only
# characters such as 镕 or 堃; decoding them strictly as GB2312 would fail on those pages.
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312": "gb18030",
    "gb_2312-80": "gb18030", "chinese": "gb18030", "csgb2312": "gb18030", "cp936": "gb18030",
    "ms936": "gb18030", "windows-936": "gb18030", "gb18030": "gb18030", "iso-ir-58": "gb18030",
    "big5": "big5", "big5-hkscs": "big5hkscs", "x-x-big5": "big5", "cn-big5": "big5",
    "csbig5": "big5", "cp950": "cp950",
    "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    # A meta tag cannot honestly declare UTF-16 (the tag itself would not be readable as ASCII);
    # the HTML standard reads such pages as UTF-8 unless a BOM says otherwise.
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 LE byte-order mark"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 BE byte-order mark"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE byte-order mark"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE byte-order mark"),
)

# Sample sizes: detection must stay cheap because a batch reads thousands of notices.
_SNIFF_BYTES = 64 * 1024
_SCORE_CHARS = 5000


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the codec, why it was chosen, and what went wrong."""

    text: str
    encoding: str
    evidence: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormatDecision:
    """The reader to use (``txt``, ``html``, ``pdf``, ``docx``, ``ofd``) and why.

    drop_controls: the text holds a few stray NUL or control bytes (a scraper's buffer
    artefact) that the reader must drop before decoding; ``warnings`` says how many.
    """

    format: str
    evidence: str
    warnings: tuple[str, ...] = field(default_factory=tuple)
    drop_controls: bool = False


def _suffix(name: Optional[str]) -> str:
    if not name:
        return ""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""


# C0 controls but tab, newline, vertical tab, form feed, carriage return and ESC: deleted by
# bytes.translate to count them, at C speed (a generator over 64 KiB per file was not)
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B))


def _binary_reason(data: bytes) -> Optional[str]:
    """Why ``data`` is not text (NUL bytes, many control characters), or None if it may be.

    Text in any supported encoding has no NUL byte outside UTF-16/32 (handled by their BOM
    before this is called) and almost no C0 control characters besides tab, newline, carriage
    return and form feed. ESC (0x1b) is allowed: some old GBK files carry terminal colour codes.
    """
    sample = data[:_SNIFF_BYTES]
    if not sample:
        return None
    nul = sample.count(0)
    if nul:
        return f"{nul} NUL bytes in the first {len(sample)} bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > 0.02:
        return f"{controls} control bytes in the first {len(sample)} bytes"
    return None


def _bom_free_utf16(data: bytes) -> Optional[tuple[str, str]]:
    """UTF-16 without a BOM (Windows "Unicode" exports stripped of it), or None.

    Recognised by NUL bytes mostly on one parity (the high byte of ASCII digits, spaces and
    newlines) and a strict decode that reads like a notice: no control characters, and Chinese
    punctuation or line breaks. Mostly-Chinese text has few NULs, so their count is not used.
    """
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # The other parity has a few NULs too: Han characters such as 一 (U+4E00) have a zero byte.
        if zeros == 0 or other > 0.25 * zeros:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[:8192]
        if any(ord(c) < 0x20 and c not in "\t\n\r\f" for c in head):
            continue
        if any(mark in head for mark in ("\n", "。", "，", "、", "：")):
            return text, codec
    return None


_PDF_HEADER = re.compile(rb"%PDF-\d")


def _looks_like_zip_docx(data: bytes) -> tuple[Optional[str], Optional[str]]:
    """('docx'|'xlsx'|'pptx'|'ofd'|'zip', None) for a readable zip, (None, reason) for a broken one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return None, f"damaged zip container ({exc})"
    if "word/document.xml" in names:
        return "docx", None
    if any(n.startswith("xl/") for n in names):
        return "xlsx", None
    if any(n.startswith("ppt/") for n in names):
        return "pptx", None
    if any(n.rsplit("/", 1)[-1] == "OFD.xml" for n in names):
        return "ofd", None
    return "zip", None


def detect_format(data: bytes, name: Optional[str] = None) -> FormatDecision:
    """Decide which reader handles ``data``: content first, the extension of ``name`` second.

    Raises :class:`EmptyInputError` for blank input, :class:`UnsupportedFormatError` for formats
    policyparse does not read (legacy .doc, images, spreadsheets), and
    :class:`CorruptInputError` when the bytes contradict a binary extension (text named ``.pdf``,
    a ``.docx`` that is not a zip) or are binary junk named as text.

    >>> detect_format(b"%PDF-1.4 ...", "notice.pdf").format
    'pdf'
    >>> detect_format("<html><body><p>各区人民政府：</p></body></html>".encode(), "a.txt").format
    'html'
    """
    where = name or "<bytes>"
    ext = _suffix(name)
    if not data.strip():
        raise EmptyInputError("file is empty (no bytes or only whitespace)", path=where)
    container = _detect_container(data, ext, where)
    if container is not None:
        return container
    if ext in _BINARY_EXTENSIONS:
        binary = not _bom(data) and bool(_binary_reason(data))
        kind = "HTML" if looks_like_html_bytes(data) else (
            "unrecognised binary data" if binary else "text")
        hint = "" if binary else " (a failed download saved under the notice's name?)"
        raise CorruptInputError(f"named {ext} but holds {kind}, not a {_BINARY_EXTENSIONS[ext]} "
                                f"file{hint}", path=where)
    return _detect_text(data, ext, where)


def _mismatch(ext: str, actual: str) -> tuple[str, ...]:
    promised = SUPPORTED_EXTENSIONS.get(ext)
    if ext and promised != actual:
        return (f"extension {ext} but the content is {actual}; read as {actual}",)
    return ()


def _detect_container(data: bytes, ext: str, where: str) -> Optional[FormatDecision]:
    """PDF, zip containers (docx, OFD) and the magic numbers of formats not read; None for text."""
    # PDF readers accept junk before the header (some servers prepend a few bytes).
    if _PDF_HEADER.search(data[:1024]):
        return FormatDecision("pdf", "'%PDF-' header", _mismatch(ext, "pdf"))
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        kind, problem = _looks_like_zip_docx(data)
        if problem:
            raise CorruptInputError(f"{problem}; not a readable .docx", path=where)
        if kind == "docx":
            return FormatDecision("docx", "zip holding word/document.xml", _mismatch(ext, "docx"))
        if kind == "ofd":  # GB/T 33190 fixed-layout documents, common for e-government notices
            return FormatDecision("ofd", "zip holding OFD.xml (GB/T 33190)", _mismatch(ext, "ofd"))
        label = {"xlsx": "an Excel workbook", "pptx": "a PowerPoint deck"}.get(kind, "a zip archive")
        if ext == ".docx":
            raise CorruptInputError(f"named .docx but is {label} without word/document.xml", path=where)
        raise UnsupportedFormatError(f"{label} is not a supported notice format "
                                     "(txt, md, html, pdf, docx, ofd)", path=where)
    for magic, label, hint in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormatError(f"{label} is not supported" + (f"; {hint}" if hint else ""),
                                         path=where)
    return None


def _detect_text(data: bytes, ext: str, where: str) -> FormatDecision:
    """Text or HTML, by content; binary junk is refused, a few stray NUL bytes are not."""
    warnings: list[str] = []
    stray = 0
    if not _bom(data):
        reason = _binary_reason(data)
        if reason and not _bom_free_utf16(data):
            stray = _stray_controls(data)
            if not stray:
                if ext in TEXT_OR_BINARY_EXTENSIONS:
                    raise UnsupportedFormatError(
                        f"a binary {TEXT_OR_BINARY_EXTENSIONS[ext]} document ({reason}) is not supported; "
                        "WPS Office, Word or LibreOffice reads it: save it as .docx", path=where)
                if ext in SUPPORTED_EXTENSIONS:
                    raise CorruptInputError(f"named {ext} but holds binary data ({reason})", path=where)
                raise UnsupportedFormatError(f"unrecognised binary data ({reason})", path=where)
            warnings.append(f"{stray} stray NUL or control byte{'s' if stray != 1 else ''} dropped")
    drop = bool(stray)
    if looks_like_html_bytes(data):
        warnings += _mismatch(ext, "html")
        return FormatDecision("html", "starts with HTML markup", tuple(warnings), drop)
    if ext and ext not in SUPPORTED_EXTENSIONS and ext not in TEXT_OR_BINARY_EXTENSIONS:
        warnings.append(f"unknown extension {ext}; the content is text, read as txt")
    # An .html file without a single tag is plain text: HTML whitespace rules would glue its
    # lines together, so it is read as text.
    if SUPPORTED_EXTENSIONS.get(ext) == "html":
        if _ANY_TAG.search(data[:_SNIFF_BYTES]) or _bom(data):
            return FormatDecision("html", "extension " + ext, tuple(warnings), drop)
        warnings.append(f"extension {ext} but no HTML tags; read as txt")
    return FormatDecision("txt", "text content" + (f", extension {ext}" if ext else ""),
                          tuple(warnings), drop)


# Bytes a text file never needs: NUL and the C0 controls other than tab, line feed, vertical
# tab, form feed, carriage return and ESC (kept by _binary_reason too).
_STRAY = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B))
#: At most this share of a text file may be stray bytes: the 12 NUL-damaged notices of
#: corpus/wild have one NUL per 100 bytes at most (湖北年鉴: 118 in 11,069), a binary file has
#: far more control bytes and never decodes strictly once they are gone.
STRAY_SHARE = 0.03


def drop_stray_controls(data: bytes) -> bytes:
    """Remove NUL and other stray control bytes (never part of a UTF-8 or GBK character).

    >>> drop_stray_controls("各区\\x00人民政府".encode()).decode()
    '各区人民政府'
    """
    return data.translate(None, _STRAY)


def _stray_controls(data: bytes) -> int:
    """How many stray control bytes a text file carries, or 0 when it is no text without them."""
    cleaned = drop_stray_controls(data)
    count = len(data) - len(cleaned)
    if not count or count > STRAY_SHARE * len(data) or not cleaned.strip():
        return 0
    if _strict(cleaned, "utf-8") is not None:
        return count
    gb = _strict(cleaned, "gb18030")
    return count if gb is not None and _common_share_gb(gb) >= 0.9 else 0


def _bom(data: bytes) -> Optional[tuple[bytes, str, str]]:
    for bom, codec, evidence in _BOMS:
        if data.startswith(bom):
            return bom, codec, evidence
    return None


# Tags an HTML page or fragment starts with. Scraped notices are often bare fragments
# (``<div class="wrap">`` from gov.cn, ``<style>`` then ``<article>`` from city sites).
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|"
    rb"p|table|style|script|link|article|section|span|font|center|h[1-6]|ul|ol|form|br|iframe"
    rb"|header|main|nav)[\s>/]", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(rb"<(?:[A-Za-z][A-Za-z0-9]{0,9}[\s>/]|!--|/[A-Za-z])")
_HTML_TAG = re.compile(r"</?(?:html|body|div|p|br|table|tr|td|span|style|script)[\s>/]", re.I)


def looks_like_html_bytes(data: bytes) -> bool:
    """True when the (ASCII-compatible) bytes start with HTML markup."""
    return bool(_HTML_START.match(data[:4096]))


def looks_like_html(text: str) -> bool:
    """True when decoded text starts with HTML markup and keeps using tags (UTF-16 pages)."""
    head = text[:4096]
    return bool(_HTML_START.match(head.encode("utf-8", "ignore"))) and len(_HTML_TAG.findall(head)) >= 2


_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE)


def html_declared_charset(data: bytes) -> Optional[str]:
    """The charset a ``<meta>`` tag declares in the first 8 KB, as a Python codec name.

    >>> html_declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    """
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    if label in _CHARSET_ALIASES:
        return _CHARSET_ALIASES[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _common_share_gb(text: str) -> float:
    """Share of non-ASCII characters that are GB 2312 level-1 hanzi (rows 16-55, 常用字).

    Simplified-Chinese text in GBK is almost all level-1 hanzi and punctuation; Big5 bytes read
    as GBK land in kana, Cyrillic, user-defined rows or rare GBK extension hanzi.
    """
    total = common = 0
    for ch in text[:_SCORE_CHARS]:
        if ch < "\x80":
            continue
        total += 1
        try:
            code = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if code[0] < 0xB0 and not _is_hanzi(ch):
            common += code[0] == 0xA1 or code[0] == 0xA3  # CJK punctuation and full-width forms
        elif 0xB0 <= code[0] <= 0xD7:
            common += 1
    return common / total if total else 0.0


def _common_share_big5(text: str) -> float:
    """Share of non-ASCII characters in Big5's frequently-used block (A440-C67E) or punctuation."""
    total = common = 0
    for ch in text[:_SCORE_CHARS]:
        if ch < "\x80":
            continue
        total += 1
        try:
            code = ch.encode("big5")
        except UnicodeEncodeError:
            continue
        value = code[0] << 8 | code[1] if len(code) == 2 else 0
        common += 0xA140 <= value <= 0xA3BF or 0xA440 <= value <= 0xC67E
    return common / total if total else 0.0


def _mark_bytes(exc: UnicodeError) -> tuple[str, int]:
    # Like "surrogateescape" but also for ASCII bytes caught in a broken multi-byte sequence
    # (GB18030 reports ``\x81\x20`` as one error): each bad byte becomes a lone surrogate, so
    # the bytes can be counted exactly afterwards. Stateless, hence safe across threads.
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return "".join(chr(0xDC00 + b) for b in bad), exc.end


codecs.register_error("policyparse-mark", _mark_bytes)


def _decode_counting(data: bytes, codec: str) -> tuple[str, int]:
    """Decode, turning each undecodable byte into U+FFFD; return the text and the byte count."""
    text = data.decode(codec, "policyparse-mark")
    count = 0

    def swap(match: re.Match) -> str:
        nonlocal count
        count += len(match.group(0))
        return "\ufffd"

    return re.sub("[\udc00-\udcff]+", swap, text), count


_ASCII = bytes(range(0x80))


def _non_ascii(data: bytes) -> int:
    return len(data.translate(None, _ASCII))


def _strict(data: bytes, codec: str) -> Optional[str]:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes, declared: Optional[str] = None) -> Decoded:
    """Decode the bytes of a text or HTML notice, saying which codec and why.

    Order: BOM; strict UTF-8 (a UTF-8 file whose first bytes happen to look like an x86 jump,
    as ``corpus/raw/004`` does for ``file``, is still UTF-8); the ``declared`` charset of an
    HTML page; strict GBK/GB18030 and Big5 separated by :func:`_common_share_gb`; finally the
    candidate with the fewest undecodable bytes, which are replaced by U+FFFD and counted.

    declared (str | None): codec named by the page itself (``<meta charset>``).
    RETURNS (Decoded): text, codec, evidence and warnings.

    >>> decode_text("關於加強政務誠信建設的指導意見".encode("big5")).encoding
    'big5'
    >>> decode_text(codecs.BOM_UTF16_LE + "通知".encode("utf-16-le")).evidence
    'UTF-16 LE byte-order mark'
    """
    # each reader answers only when its evidence settles the codec; the first answer wins
    for read in (_read_by_bom, _read_strict_utf8, _read_utf16_without_bom, _read_mixed_lines,
                 _read_damaged_utf8, _read_declared, _read_gb_or_big5):
        decoded = read(data, declared)
        if decoded is not None:
            return decoded
    return _read_fewest_bad_bytes(data, declared)


def _read_by_bom(data: bytes, declared: Optional[str]) -> Optional[Decoded]:
    """A byte-order mark names its codec, whatever the page declares."""
    bom = _bom(data)
    if not bom:
        return None
    _, codec, evidence = bom
    text, bad = _decode_counting(data, codec)
    return Decoded(text, codec, evidence, _bad_warning(bad, codec))


def _read_strict_utf8(data: bytes, declared: Optional[str]) -> Optional[Decoded]:
    """Bytes that decode as UTF-8 are UTF-8, even on a page that declares GBK."""
    utf8 = _strict(data, "utf-8")
    if utf8 is None:
        return None
    non_ascii = _non_ascii(data)
    evidence = ("strict UTF-8 decode" if non_ascii else "ASCII only (read as UTF-8)")
    if declared and declared != "utf-8" and non_ascii:
        evidence += f"; the page declares {declared} but its bytes are valid UTF-8"
    return Decoded(utf8, "utf-8", evidence)


def _read_utf16_without_bom(data: bytes, declared: Optional[str]) -> Optional[Decoded]:
    """UTF-16 saved without its mark: NUL bytes on alternate positions."""
    utf16 = _bom_free_utf16(data)
    if utf16:
        return Decoded(utf16[0], utf16[1], "no BOM, but NUL bytes on alternate positions")
    return None


def _read_mixed_lines(data: bytes, declared: Optional[str]) -> Optional[Decoded]:
    """Pages of two sites appended by a scraper: see :func:`_decode_mixed`."""
    return _decode_mixed(data)


def _read_damaged_utf8(data: bytes, declared: Optional[str]) -> Optional[Decoded]:
    """A UTF-8 file with a handful of damaged bytes (under 2% of its non-ASCII bytes)."""
    # It must not fall through to GB18030, which accepts almost any high-byte sequence and would
    # turn the whole notice into nonsense. (The quick count with "replace" avoids a Python
    # callback per bad byte on GBK files.)
    non_ascii = _non_ascii(data)
    if non_ascii and data.decode("utf-8", "replace").count("\ufffd") / non_ascii < 0.02:
        utf8_loose, utf8_bad = _decode_counting(data, "utf-8")
        return Decoded(utf8_loose, "utf-8", f"UTF-8 with {utf8_bad} invalid bytes "
                       f"among {non_ascii} non-ASCII bytes", _bad_warning(utf8_bad, "utf-8"))
    return None


def _read_declared(data: bytes, declared: Optional[str]) -> Optional[Decoded]:
    """The page's own ``<meta charset>``, when its bytes decode strictly in it."""
    if declared and declared != "utf-8":
        text = _strict(data, declared)
        if text is not None:
            return Decoded(text, _gb_name(data, declared), f"declared charset {declared}, strict decode")
    return None


def _read_gb_or_big5(data: bytes, declared: Optional[str]) -> Optional[Decoded]:
    """A strict GB18030 or Big5 decode; when both succeed, the one whose text is made of its own
    script's frequent characters (a Big5 notice read as GBK is rare characters throughout)."""
    gb = _strict(data, "gb18030")
    big5 = _strict(data, "big5")
    if gb is not None and big5 is not None:
        gb_share, big5_share = _common_share_gb(gb), _common_share_big5(big5)
        if big5_share > gb_share:
            return Decoded(big5, "big5", "strict Big5 and GB18030 decodes; Big5 frequent-character "
                           f"share {big5_share:.2f} > GB 2312 level-1 share {gb_share:.2f}")
        return Decoded(gb, _gb_name(data, "gb18030"), "strict GB18030 and Big5 decodes; GB 2312 "
                       f"level-1 share {gb_share:.2f} >= Big5 frequent share {big5_share:.2f}")
    if gb is not None:
        return Decoded(gb, _gb_name(data, "gb18030"), "strict GB18030 decode")
    if big5 is not None:
        return Decoded(big5, "big5", "strict Big5 decode")
    return None


def _read_fewest_bad_bytes(data: bytes, declared: Optional[str]) -> Decoded:
    """No codec decodes strictly: the candidate with the fewest undecodable bytes, which are
    replaced by U+FFFD and counted in a warning."""
    candidates = [declared] if declared and declared != "utf-8" else []
    candidates += ["gb18030", "big5hkscs", "utf-8"]
    best = None
    for codec in dict.fromkeys(candidates):
        text, bad = _decode_counting(data, codec)
        if best is None or bad < best[2]:
            best = (text, codec, bad)
    text, codec, bad = best
    return Decoded(text, codec, f"no strict decode; {codec} leaves the fewest undecodable bytes "
                   f"({bad})", _bad_warning(bad, codec))


def _utf8_line(line: bytes) -> Optional[str]:
    """The line as UTF-8 when it is valid and reads as Chinese (a GBK line of two-byte
    characters such as 平 = C6 BD can be valid UTF-8 by accident, as Latin letters)."""
    text = _strict(line, "utf-8")
    if text is None:
        return None
    high = [c for c in text if c >= "\x80"]
    if high and sum(1 for c in high if _is_hanzi(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
                    or c in "“”‘’—…·") < 0.9 * len(high):
        return None
    return text


def _legacy_line(line: bytes) -> Optional[str]:
    """The line's codec when it reads as GBK or Big5 Chinese; None for a damaged UTF-8 line."""
    for codec, share in (("gb18030", _common_share_gb), ("big5", _common_share_big5)):
        text = _strict(line, codec)
        if text is not None and share(text) >= 0.8:
            return codec
    return None


def _decode_mixed(data: bytes) -> Optional[Decoded]:
    """A file that is UTF-8 in some lines and GBK (or Big5) in others, as when a scraper appends
    pages of two sites: each line in its own codec. None unless lines of both kinds occur.
    A line that is neither (a damaged byte) takes the legacy codec of the file."""
    lines = data.split(b"\n")
    texts: list[Optional[str]] = []
    kinds: dict[str, int] = {}
    for line in lines:
        text = _utf8_line(line) if _non_ascii(line) else line.decode("ascii")
        kind = ("utf-8" if _non_ascii(line) else "ascii") if text is not None else _legacy_line(line)
        texts.append(text)
        kinds[kind or "damaged"] = kinds.get(kind or "damaged", 0) + 1
    legacy = max(("gb18030", "big5"), key=lambda c: kinds.get(c, 0))
    if not kinds.get("utf-8") or not kinds.get(legacy):
        return None
    bad = 0
    for k, line in enumerate(lines):
        if texts[k] is None:
            texts[k], count = _decode_counting(line, legacy)
            bad += count
    summary = ", ".join(f"{n} lines {c}" for c, n in sorted(kinds.items()) if c != "ascii")
    return Decoded("\n".join(texts), "mixed", f"line by line: {summary}", _bad_warning(bad, legacy))


def _gb_name(data: bytes, codec: str) -> str:
    """Report ``gbk`` when the two-byte GBK subset suffices, ``gb18030`` when 4-byte codes occur."""
    if codec != "gb18030":
        return codec
    return "gbk" if _strict(data, "gbk") is not None else "gb18030"


def _bad_warning(bad: int, codec: str) -> tuple[str, ...]:
    if not bad:
        return ()
    return (f"{bad} undecodable byte{'s' if bad != 1 else ''} replaced by U+FFFD (decoded as {codec})",)
