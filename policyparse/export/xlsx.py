"""A small streaming XLSX writer for ledgers: one sheet of text and numbers, bold frozen header,
a filter on every column.

A batch ledger has tens of thousands of rows; openpyxl takes about 0.4 ms a row to build and
serialize them, this writer streams the sheet XML straight into the zip in a fraction of that.
Text is always an inline string cell (``t="inlineStr"``), so nothing written here can be read as
a formula; the ledger still escapes formula-looking text (``ledger.safe_cell``) because a user
may copy a cell or save the sheet as CSV.

The part layout follows ECMA-376 (SpreadsheetML): content types, package and workbook
relationships, workbook, styles, one worksheet.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# XML 1.0 cannot hold C0 controls other than tab / newline / CR, lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel caps a cell at 32,767 characters.
CELL_LIMIT = 32767

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

_PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}">
<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}">
<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>
</Relationships>"""

# Style 0: plain, top-aligned; style 1: bold (the header row).
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN_NS}">
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def column_letter(index: int) -> str:
    """1 -> ``A``, 27 -> ``AA``.

    >>> column_letter(1), column_letter(21), column_letter(28)
    ('A', 'U', 'AB')
    """
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_text(value: str) -> str:
    """Drop characters XML cannot hold and cut at Excel's cell limit."""
    value = _NOT_XML.sub("", value)
    if len(value) > CELL_LIMIT:
        value = value[: CELL_LIMIT - 1] + "…"
    return value


def _cell(ref: str, value, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if value is None or value == "":
        return ""
    text = escape(clean_text(str(value)))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def write_sheet(target: IO[bytes], header: Sequence[str], rows: Iterable[Sequence], *, sheet_name: str = "Sheet1",
                widths: Sequence[float] = ()) -> int:
    """Write a one-sheet workbook to a binary stream; return the number of data rows.

    header: the column names (bold, frozen, with a filter); rows: sequences of str / int /
    float / None in header order.
    """
    letters = [column_letter(i) for i in range(1, len(header) + 1)]
    sheet_name = clean_text(sheet_name)[:31] or "Sheet1"
    count = 0
    # Level 1: the sheet is repetitive XML, so fast deflate still shrinks it ~8x; level 6 took
    # most of the writing time.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _PACKAGE_RELS)
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            def put(text: str) -> None:
                sheet.write(text.encode("utf-8"))

            put(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}">')
            put('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
                ' state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
            if widths:
                put("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                       for i, w in enumerate(widths, 1)) + "</cols>")
            put("<sheetData>")
            put('<row r="1">' + "".join(_cell(f"{letter}1", name, 1) for letter, name in zip(letters, header))
                + "</row>")
            for count, row in enumerate(rows, 1):
                number = count + 1
                put(f'<row r="{number}">'
                    + "".join(_cell(f"{letter}{number}", value, 0) for letter, value in zip(letters, row))
                    + "</row>")
            put("</sheetData>")
            if header:
                put(f'<autoFilter ref="A1:{letters[-1]}{count + 1}"/>')
            put("</worksheet>")
        defined = ""
        if header:
            quoted = "'" + sheet_name.replace("'", "''") + "'"
            defined = (f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
                       f"{escape(quoted)}!$A$1:${letters[-1]}${count + 1}</definedName></definedNames>")
        package.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN_NS}"'
            f' xmlns:r="{REL_NS}"><sheets><sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
            f"{defined}</workbook>"))
    return count
