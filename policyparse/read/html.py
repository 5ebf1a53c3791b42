"""HTML notices: the visible text, one line per block, one ``\\t``-joined line per table row.

Government sites publish notices as pages (gov.cn puts the article in ``#UCAP-CONTENT`` inside
layout tables, after a metadata table of 索引号/发文机关/发文字号), or as bare fragments scraped
from them. The reader keeps everything a person would see, site chrome included (the segment
stage decides what belongs to the notice), and drops what nobody sees: ``<script>``,
``<style>``, comments, ``<head>``, SVG icons, and elements hidden with ``display:none``,
``visibility:hidden`` or the ``hidden`` attribute.

Rendering follows CSS loosely: block elements (``p``, ``div``, ``h1``…, ``li``) and ``<br>``
end a line; runs of spaces and newlines in the source collapse to one space, and a source line
break between two Chinese characters inside one text node disappears (CSS Text 3
segment-break rule), so
``全面推行\\n部门联合`` reads ``全面推行部门联合``. Entities are decoded by the parser.

A table row becomes one line with cells joined by ``\\t`` when its cells hold data; when a
cell holds a whole nested table (the layout tables of older sites) the row is a container and
its cells are rendered as blocks instead. Inside a data cell, paragraphs are joined by a space.

The parser is lxml's (libxml2), which python-docx already requires; it repairs unclosed
``<p>``/``<td>`` the way browsers do closely enough for text extraction and is fast.

libxml2 stops building the tree 256 levels down and drops everything deeper without a word
(a page of 300 nested ``<div>`` lost 46 of its 300 lines). When it says so, the markup is
flattened first (:func:`flatten_deep_markup`): elements past ``MAX_HTML_DEPTH`` levels lose
their tags, a block element's tag becoming a line break, and keep their text; the result gets a
warning.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional

from dataclasses import dataclass

from ..errors import CorruptInputError
from ..table import Table, grid_from_rows, place_rows
from . import limits
from .detect import Decoded, decode_text, html_declared_charset

__all__ = ["read_html", "html_to_text", "render_html", "HtmlText"]

# Elements whose content is never rendered as page text. ``<head>`` itself is not listed:
# libxml2 predates HTML5 and leaves ``<article>``/``<header>`` that follow a leading ``<style>``
# inside ``<head>`` (city-site fragments start that way), so head's children are walked and
# only these are dropped.
_INVISIBLE = frozenset({
    "script", "style", "noscript", "template", "title", "meta", "link", "base",
    "svg", "math", "canvas", "iframe", "frame", "frameset", "object", "embed", "applet",
    "audio", "video", "map", "select", "datalist", "input", "textarea", "button", "img",
})

# Elements that start and end a line (HTML "block-level" + table parts handled separately).
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "section", "article", "header", "footer", "nav", "aside", "main", "figure",
    "figcaption", "address", "center", "form", "fieldset", "legend", "hr", "caption", "table",
    "tbody", "thead", "tfoot", "body", "html", "details", "summary", "pre", "td", "th", "tr",
    "option", "menu", "dir", "noframes",
})

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# Han characters, CJK punctuation and full-width forms: a source line break between two of them
# is not a space when rendered (CSS Text 3, segment break transformation for East Asian text).
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_SEGMENT_BREAK = re.compile(f"(?<=[{_WIDE}])[ \\t\\r\\f]*\\n[ \\t\\r\\n\\f]*(?=[{_WIDE}])")
_COLLAPSIBLE = re.compile(r"[ \t\r\n\f]+")

# Beyond these a table cell is a page column, not a data cell (the longest 任务 cells of task
# tables in the corpus are a few paragraphs, a few hundred characters).
_MAX_CELL_LINES = 6
_MAX_CELL_CHARS = 1200


def _is_hidden(element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _span(cell, attribute: str) -> int:
    value = (cell.get(attribute) or "1").strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= 50 else 1


def _collapse(parts: list[str]) -> str:
    # Leading no-break and ideographic spaces are kept (they are how pages indent paragraphs,
    # ``&nbsp;&nbsp;注：``); trailing ones only pad signatures (``国务院&nbsp;&nbsp;&nbsp;``).
    text = "".join(parts)
    return _COLLAPSIBLE.sub(" ", text).strip(" ").rstrip()


class _Renderer:
    """Walks an lxml tree and collects rendered lines (and the data rows of its tables)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.inline: list[str] = []
        self.rowspans: dict = {}  # table element -> {column: rows still covered by a rowspan}
        self.drafts: dict = {}  # table element -> its data rows, each a list of draft cells
        self.row_lines: list[tuple[int, object, int]] = []  # (line, table element, row)
        self.data_tables: set = set()  # tables with a row of several data cells

    def flush(self) -> None:
        if self.inline:
            line = _collapse(self.inline)
            self.inline = []
            if line.strip():
                self.lines.append(line)

    def text(self, value: Optional[str]) -> None:
        # The segment-break rule is applied inside one text node only: whitespace between two
        # elements (``<span>政策解读</span>\n<span>政策原文</span>``, flex "tags") separates
        # words and stays a space.
        if value:
            self.inline.append(_SEGMENT_BREAK.sub("", value) if "\n" in value else value)

    def walk(self, element) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comment or processing instruction
            self.text(element.tail)
            return
        tag = tag.lower().rsplit("}", 1)[-1]
        if tag in _INVISIBLE or _is_hidden(element):
            self.text(element.tail)
            return
        if tag == "br":
            self.flush()
            self.text(element.tail)
            return
        if tag == "tr":
            self.flush()
            self.row(element)
            self.text(element.tail)
            return
        if tag == "pre":
            self.flush()
            for line in element.text_content().split("\n"):
                if line.strip():
                    self.lines.append(line.rstrip())
            self.text(element.tail)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.text(element.text)
        for child in element:
            self.walk(child)
        if block:
            self.flush()
        self.text(element.tail)

    def row(self, tr) -> None:
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")
                 and not _is_hidden(c)]
        rendered, subs = [], []
        for cell in cells:
            sub = _Renderer()
            sub.walk(cell)
            sub.flush()
            subs.append(sub)
            rendered.append(sub.lines)
        # A row is page layout, not data, when a cell holds a table (gov.cn wraps the whole
        # article in one) or a whole article (a content cell beside a sidebar cell: no task
        # table cell runs to many paragraphs). A single-cell row is a block either way.
        layout = (len(cells) <= 1
                  or any(next(c.iter("table"), None) is not None for c in cells)
                  or any(len(lines) > _MAX_CELL_LINES or sum(map(len, lines)) > _MAX_CELL_CHARS
                         for lines in rendered))
        table = next(tr.iterancestors("table"), None)
        if layout:
            self.layout_row(cells, subs, table)
        else:
            self.data_row(tr, cells, rendered, table)

    def layout_row(self, cells: list, subs: list["_Renderer"], table) -> None:
        """A row of page layout: its cells' lines become lines of the page."""
        if (table is not None and len(cells) == 1 and len(subs[0].lines) == 1
                and next(cells[0].iter("table"), None) is None):
            # 一、政务诚信（共5项） in one cell across a task table: a category row, a block of
            # text but still a row of the table model
            rows = self.drafts.setdefault(table, [])
            self.row_lines.append((len(self.lines), table, len(rows)))
            rows.append([{"text": subs[0].lines[0].replace("\t", " "), "rowspan": 1,
                          "colspan": _span(cells[0], "colspan"), "header": False}])
        for sub in subs:
            self.adopt(sub)

    def data_row(self, tr, cells: list, rendered: list[list[str]], table) -> None:
        """A row of data cells: one ``\\t``-joined line, and a row of its table's model."""
        # Spans keep every cell under its column header (类别 | 任务 | 牵头单位 | 完成时限): a cell
        # with colspan is followed by empty cells, and the rows below a rowspan cell get an
        # empty cell in its column, as the PDF and DOCX readers do for merged cells.
        covered = self.rowspans.setdefault(table, {}) if table is not None else {}
        texts: list[str] = []
        drafts = []
        section = next(tr.iterancestors("thead", "tbody", "tfoot", "table"), None)
        in_head = section is not None and section.tag == "thead"

        def skip_covered() -> None:
            while covered.get(len(texts), 0) > 0:
                covered[len(texts)] -= 1
                texts.append("")

        for cell, lines in zip(cells, rendered):
            skip_covered()
            column = len(texts)
            texts.append(" ".join(lines).replace("\t", " ").strip())
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            drafts.append({"text": texts[-1], "rowspan": rowspan, "colspan": colspan,
                           "header": in_head or cell.tag.lower() == "th"})
            texts.extend([""] * (colspan - 1))
            if rowspan > 1:
                for c in range(column, column + colspan):
                    covered[c] = rowspan - 1
        skip_covered()
        rows = self.drafts.setdefault(table, []) if table is not None else []
        if any(t.strip() for t in texts):
            if table is not None:
                self.data_tables.add(table)
                self.row_lines.append((len(self.lines), table, len(rows)))
            self.lines.append("\t".join(texts))
        rows.append(drafts)

    def adopt(self, sub: "_Renderer") -> None:
        """Take over a layout cell's lines and the table rows found inside it."""
        base = len(self.lines)
        self.lines.extend(sub.lines)
        self.row_lines.extend((base + line, table, row) for line, table, row in sub.row_lines)
        for table, rows in sub.drafts.items():
            self.drafts.setdefault(table, []).extend(rows)
        self.data_tables |= sub.data_tables

    def tables(self, text_lines: list[str]) -> tuple[Table, ...]:
        """The data tables, with each rendered row placed in the joined text."""
        starts, pos = [], 0
        for line in text_lines:
            starts.append(pos)
            pos += len(line) + 1
        placed: dict = {}
        for line, table, row in self.row_lines:
            if table in self.data_tables:
                placed.setdefault(table, {})[row] = (starts[line], text_lines[line])
        order = {t: n for n, t in enumerate(placed)}
        out = []
        for table, lines in placed.items():
            caption = table.find("caption") if table is not None else None
            title = " ".join(caption.text_content().split()) if caption is not None else None
            grid = grid_from_rows(self.drafts[table], format="html", element=f"table[{order[table] + 1}]",
                                  title=title or None, header_rows=_header_rows(self.drafts[table]))
            out.append(place_rows(grid, lines))
        return tuple(out)


def _header_rows(rows: list[list[dict]]) -> int:
    """Leading rows whose cells are all ``<th>`` or inside ``<thead>``."""
    count = 0
    for drafts in rows:
        if not drafts or not all(d["header"] for d in drafts):
            break
        count += 1
    return count


# Elements without content or end tag: they never open a level.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr", "keygen", "command", "basefont", "bgsound", "frame", "isindex"})


class _Flattener(HTMLParser):
    """Re-emits markup with every element past ``depth`` levels unwrapped (see the module docstring)."""

    def __init__(self, depth: int):
        super().__init__(convert_charrefs=False)
        self.depth = depth
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, emitted)
        self.hidden = 0  # inside an unwrapped element nobody sees: its text is not shown either
        self.deepest = 0
        self.unwrapped = 0

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if not self.hidden:
                self.out.append(self.get_starttag_text() or "")
            return
        level = len(self.stack) + 1
        self.deepest = max(self.deepest, level)
        # Invisible elements keep their tags whatever the depth: unwrapped, a script would show.
        keep = level <= self.depth or tag in _INVISIBLE
        invisible = tag in _INVISIBLE or any(name == "hidden" or (name == "style" and value and
                                             _HIDDEN_STYLE.search(value)) for name, value in attrs)
        if keep:
            if not self.hidden:
                self.out.append(self.get_starttag_text() or "")
        else:
            self.unwrapped += 1
            if invisible:
                self.hidden += 1
            elif tag in _BLOCK and not self.hidden:
                self.out.append("<br>")
        self.stack.append((tag, keep, invisible and not keep))

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _, _ in self.stack):
            if not self.hidden:
                self.out.append(f"</{tag}>")  # a stray end tag: libxml2 decides
            return
        while self.stack:
            open_tag, kept, hid = self.stack.pop()
            if kept:
                if not self.hidden:
                    self.out.append(f"</{open_tag}>")
            else:
                if hid:
                    self.hidden -= 1
                elif open_tag in _BLOCK and not self.hidden:
                    self.out.append("<br>")
            if open_tag == tag:
                break

    def handle_startendtag(self, tag, attrs):
        if not self.hidden:
            self.out.append(self.get_starttag_text() or "")

    def handle_data(self, data):
        if not self.hidden:
            self.out.append(data)

    def handle_entityref(self, name):
        if not self.hidden:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.hidden:
            self.out.append(f"&#{name};")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def flatten_deep_markup(markup: str, depth: int = limits.MAX_HTML_DEPTH) -> tuple[str, int, int]:
    """Unwrap the elements of ``markup`` nested past ``depth`` levels, keeping their text.

    RETURNS (tuple): the markup, the deepest level met, the number of elements unwrapped.

    >>> flatten_deep_markup("<div><div><b>一</b><p>二</p></div></div>", depth=2)
    ('<div><div>一<br>二<br></div></div>', 3, 2)
    """
    flattener = _Flattener(depth)
    flattener.feed(markup)
    flattener.close()
    return "".join(flattener.out), flattener.deepest, flattener.unwrapped


def _parse(markup: str):
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise CorruptInputError(f"HTML could not be parsed ({exc})") from exc
    too_deep = any("Excessive depth" in error.message for error in parser.error_log)
    return root, too_deep


def render_html(markup: str) -> tuple[str, tuple[Table, ...], list[str]]:
    """Render decoded HTML to visible text lines and the tables of its data rows, with warnings
    for anything changed on the way.

    RETURNS (tuple): the text, the tables, and the warnings (markup nested too deep for the parser).

    >>> text, tables, _ = render_html("<table><tr><th>任务</th><th>牵头单位</th></tr>"
    ...     "<tr><td>建立档案</td><td rowspan='2'>区发展改革委</td></tr><tr><td>开展培训</td></tr></table>")
    >>> text
    '任务\\t牵头单位\\n建立档案\\t区发展改革委\\n开展培训'
    >>> t = tables[0]
    >>> t.header_rows, t.rows[2][1].covered_by, text[slice(*t.resolved(2, 1).span)]
    (1, (1, 1), '区发展改革委')
    """
    # lxml refuses str input that carries an XML encoding declaration (XHTML exports).
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    if not markup.strip():
        return "", (), []
    warnings = []
    root, too_deep = _parse(markup)
    if too_deep:
        flat, deepest, unwrapped = flatten_deep_markup(markup)
        root, still = _parse(flat)
        warnings.append(f"HTML nested {deepest} levels deep; {unwrapped} elements past level "
                        f"{limits.MAX_HTML_DEPTH} were unwrapped, their text kept")
        if still:  # cannot happen with MAX_HTML_DEPTH < 256 unless tags were mis-nested
            warnings.append("HTML still too deep for the parser after flattening: some text may be missing")
    renderer = _Renderer()
    renderer.walk(root)
    renderer.flush()
    return "\n".join(renderer.lines), renderer.tables(renderer.lines), warnings


def html_to_text(markup: str) -> str:
    """Render decoded HTML to visible text lines (no encoding detection here).

    >>> html_to_text("<div><p>各区人民政府：</p><script>var x=1;</script><p>现将&ldquo;方案&rdquo;印发</p></div>")
    '各区人民政府：\\n现将“方案”印发'
    >>> html_to_text("<table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr></table>")
    '序号\\t任务\\t牵头单位'
    >>> len(html_to_text("".join(f"<div>第{i}行" for i in range(300))).splitlines())
    300
    """
    return render_html(markup)[0]


@dataclass(frozen=True)
class HtmlText(Decoded):
    """:class:`Decoded` text of a page plus the tables of its data rows."""

    tables: tuple[Table, ...] = ()


def read_html(data: bytes, decoded: Optional[Decoded] = None) -> HtmlText:
    """Decode (BOM, then valid UTF-8, then ``<meta charset>``, then detection) and render.

    decoded (Decoded | None): the bytes already decoded (a UTF-16 page is only recognised as
        HTML after decoding); skips detection.
    RETURNS (HtmlText): the visible text, the codec and its evidence, the tables.
    """
    if decoded is None:
        decoded = decode_text(data, html_declared_charset(data))
    text, tables, warnings = render_html(decoded.text)
    return HtmlText(text, decoded.encoding, decoded.evidence, tuple(decoded.warnings) + tuple(warnings), tables)
