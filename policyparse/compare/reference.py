"""Loading what plans are compared against: an outline file or a parsed notice.

An outline file is a TSV a researcher writes by hand from the guideline, one row per item::

    code    part                            title                       text (optional)
    R.2.1   探索构建广泛有效的政务诚信监督体系    建立政务诚信专项督导机制
    R.new   -                               carries out no item …

A row whose code ends in ``new`` (``R.new``) is not an item: it is the code given to tasks
that carry out no item. A parsed notice (the provincial guideline a city plan cites) works as
well: its tasks become the items, their enclosing section titles the parts.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Optional, Union

from pydantic import ValidationError

from ..errors import ReferenceError_
from ..schema import Document, ParseResult
from .model import Reference, ReferenceItem
from .sections import enclosing_sections, first_sentence, own_heading, section_titles

_NEW_CODE = re.compile(r"(^|[._\-])new$", re.IGNORECASE)
_META = re.compile(r"^\s*#\s*(title|doc_number|issue_date)\s*:\s*(.+)$")
# A part cell of "-" or "—" means "no part" in hand-written outlines.
_EMPTY = {"", "-", "—", "–", "/", "无"}


def load_reference(source: Union[str, Path, ParseResult, Reference]) -> Reference:
    """A :class:`Reference` from an outline TSV path, a ParseResult JSON path, a notice to parse,
    a stored notice (``STORE.sqlite::PATH`` or ``STORE.sqlite::发文字号``), or a ParseResult.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "ref.tsv")
    >>> _ = open(path, "w", encoding="utf-8").write("code\\ttitle\\nR.1\\t加强公务员诚信教育\\nR.new\\t无\\n")
    >>> ref = load_reference(path)
    >>> [(i.code, i.carries_nothing) for i in ref.items], ref.new_code
    ([('R.1', False), ('R.new', True)], 'R.new')
    """
    if isinstance(source, Reference):
        return source
    if isinstance(source, ParseResult):
        return reference_from_notice(source)
    if "::" in str(source):
        return _reference_from_store(*str(source).split("::", 1))
    path = Path(source)
    if not path.exists():
        raise ReferenceError_("reference file not found", path=str(path))
    if path.is_dir():
        raise ReferenceError_("reference is a directory; give an outline .tsv or a parsed notice", path=str(path))
    if path.suffix.lower() == ".json":
        return _reference_from_json(path)
    if path.suffix.lower() in {".tsv", ".tab", ".csv"}:
        return load_outline(path)
    # Anything else is a notice to parse (txt, html, pdf, docx).
    from .. import parse  # imported late: the parser pulls in the whole pipeline

    return reference_from_notice(parse(path))


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReferenceError_("outline file is not UTF-8 text", path=str(path)) from None
    except OSError as exc:
        raise ReferenceError_(f"cannot read outline file: {exc.strerror}", path=str(path)) from None


def load_outline(path: Union[str, Path]) -> Reference:
    """Read an outline TSV (``code``, ``title`` required; ``part``, ``text`` optional).

    Comma-separated files are accepted when the name ends in ``.csv``. Comment lines start with
    ``#``. A malformed file raises :class:`ReferenceError_` naming the file and the line.
    """
    path = Path(path)
    content = _read_text(path)
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    lines = [(n, line) for n, line in enumerate(content.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    # ``# title: …``, ``# doc_number: …``, ``# issue_date: …`` comments name the guideline, so
    # family finding can look for citations of it (``policyparse reference`` writes them).
    meta = {}
    for line in content.splitlines():
        match = _META.match(line)
        if match:
            meta[match.group(1)] = match.group(2).strip()
    if not lines:
        raise ReferenceError_("outline file is empty", path=str(path))
    rows = list(csv.reader(io.StringIO("\n".join(line for _, line in lines)), delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [col for col in ("code", "title") if col not in header]
    if missing:
        raise ReferenceError_(
            f"line {lines[0][0]}: header must name the columns code and title (optional: part, text); "
            f"missing {', '.join(missing)}; found {header!r}", path=str(path))
    items: list[ReferenceItem] = []
    seen: set[str] = set()
    for (line_no, _), cells in zip(lines[1:], rows[1:]):
        if len(cells) > len(header):
            raise ReferenceError_(f"line {line_no}: {len(cells)} cells but {len(header)} columns", path=str(path))
        row = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(header)}
        code, title = row.get("code", ""), row.get("title", "")
        if not code:
            raise ReferenceError_(f"line {line_no}: empty code", path=str(path))
        if code in seen:
            raise ReferenceError_(f"line {line_no}: duplicate code {code}", path=str(path))
        seen.add(code)
        carries_nothing = bool(_NEW_CODE.search(code))
        if not title and not carries_nothing:
            raise ReferenceError_(f"line {line_no}: item {code} has no title", path=str(path))
        part = row.get("part", "")
        items.append(ReferenceItem(
            code=code, title=title or code,
            part=None if part in _EMPTY else part,
            text=row.get("text") or None,
            order=len(items), carries_nothing=carries_nothing))
    if not any(not i.carries_nothing for i in items):
        raise ReferenceError_("outline file has no items", path=str(path))
    source = {"path": str(path), "kind": "outline", "title": path.stem, **meta,
              "named": bool(meta.get("title") or meta.get("doc_number"))}
    return Reference(source=source, items=items)


def _reference_from_store(store: str, key: str) -> Reference:
    """``STORE.sqlite::KEY``: the stored notice whose file path ends with KEY or whose 发文字号 is
    KEY (``out/policyparse.sqlite::国办发〔2018〕118号``)."""
    from .family import fold_number
    from .store import store_results

    wanted = fold_number(key)
    for result in store_results(store):
        if result.source.path and (result.source.path == key or result.source.path.endswith("/" + key)):
            return reference_from_notice(result)
        for index, doc in enumerate(result.documents):
            if doc.tasks and wanted and fold_number(doc.doc_number) == wanted:
                return reference_from_notice(result, document=index)
    raise ReferenceError_(f"no stored notice with path or 发文字号 {key!r}", path=store)


def _reference_from_json(path: Path) -> Reference:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise ReferenceError_(f"not valid JSON (line {exc.lineno}): {exc.msg}", path=str(path)) from None
    try:
        result = ParseResult.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = " -> ".join(str(p) for p in first["loc"])
        raise ReferenceError_(f"not a policyparse parse result ({loc}: {first['msg']})", path=str(path)) from None
    if result.source.path is None:
        result.source.path = str(path)
    return reference_from_notice(result)


def reference_from_notice(result: ParseResult, document: Optional[int] = None) -> Reference:
    """Items from a parsed notice: each task of its main document is one item.

    The main document is ``document`` (an index) or the one with most tasks. A task's code is
    its id (``三/(二)/1``), its title the heading (or lead sentence), its part the enclosing
    section titles. An ``R.new`` row is added, as outline files have, so a task a region added
    is told apart from a plan that does not carry the notice out (null).
    """
    docs = result.documents
    path = result.source.path
    if not docs or not any(d.tasks for d in docs):
        raise ReferenceError_("the reference notice has no tasks to compare against", path=path)
    if document is None:
        document = max(range(len(docs)), key=lambda i: len(docs[i].tasks))
    doc: Document = docs[document]
    sections = enclosing_sections(doc)
    items = []
    seen: dict[str, int] = {}
    for index, task in enumerate(doc.tasks):
        titles = section_titles(sections.get(index, []))
        # An item with no lead phrase of its own (国务院工作规则's articles: 十二、国务院及各部门要…)
        # is titled by its opening words, not by its chapter's heading, which every item of the
        # chapter would share.
        heading = own_heading(task) or first_sentence(task.text) or task.text[:30]
        # Codes must be unique; a parser may give two un-numbered paragraphs the same id.
        seen[task.id] = seen.get(task.id, 0) + 1
        code = task.id if seen[task.id] == 1 else f"{task.id}#{seen[task.id]}"
        items.append(ReferenceItem(
            code=code, title=heading,
            part=" / ".join(titles) or None,
            text=task.text, order=index))
    items.append(ReferenceItem(code="R.new", title="carries out no item of the reference",
                               order=len(items), carries_nothing=True))
    return Reference(source={"path": path, "kind": "notice", "title": doc.title,
                             "doc_number": doc.doc_number, "issue_date": doc.issue_date,
                             "document": document}, items=items)


def select_items(reference: Reference, spec: Optional[str]) -> Reference:
    """The reference with only the items ``spec`` keeps: comma-separated codes or globs to keep,
    or, each prefixed with ``-``, to leave out (``-R.5.*`` drops the guarantee measures).

    A code no item has is an error naming it: a typo must not silently keep every item.

    >>> ref = Reference(items=[ReferenceItem(code=c, title=c, order=n) for n, c in enumerate(["R.1", "R.2.1", "R.2.2"])])
    >>> [i.code for i in select_items(ref, "-R.2.*").items], [i.code for i in select_items(ref, "R.1,R.2.2").items]
    (['R.1'], ['R.1', 'R.2.2'])
    """
    from fnmatch import fnmatchcase

    if not spec:
        return reference
    terms = [t.strip() for t in spec.split(",") if t.strip()]
    drop = [t[1:] for t in terms if t.startswith(("-", "!"))]
    keep = [t for t in terms if not t.startswith(("-", "!"))]
    codes = [i.code for i in reference.alignable]
    for pattern in drop + keep:
        if not any(fnmatchcase(c, pattern) for c in codes):
            raise ReferenceError_(f"--reference-items: no item matches {pattern!r} (items: {', '.join(codes[:8])}…)",
                                  path=reference.source.get("path"))
    chosen = []
    for item in reference.items:
        wanted = item.carries_nothing or ((not keep or any(fnmatchcase(item.code, p) for p in keep))
                                          and not any(fnmatchcase(item.code, p) for p in drop))
        if wanted:
            chosen.append(item.model_copy(update={"order": len(chosen)}))
    if not any(not i.carries_nothing for i in chosen):
        raise ReferenceError_("--reference-items leaves no item to compare against", path=reference.source.get("path"))
    source = dict(reference.source, items=spec)
    return Reference(source=source, items=chosen)


def to_outline(reference: Reference, with_text: bool = True) -> str:
    """The reference as an outline TSV (``code``, ``part``, ``title``, ``text``): what
    ``policyparse reference NOTICE`` prints, and a file ``--reference`` reads back.

    >>> ref = Reference(items=[ReferenceItem(code="二/(四)", title="强化事前公开", part="全面推行行政执法公示制度",
    ...                                      text="强化事前公开。行政执法机关要…", order=0)])
    >>> to_outline(ref).splitlines()[1].split("\\t")
    ['二/(四)', '全面推行行政执法公示制度', '强化事前公开', '强化事前公开。行政执法机关要…']
    """
    def cell(value: Optional[str]) -> str:
        return " ".join((value or "").split())  # tabs and line breaks would break the row

    columns = ["code", "part", "title"] + (["text"] if with_text else [])
    lines = [f"# {key}: {reference.source[key]}" for key in ("title", "doc_number", "issue_date")
             if reference.source.get(key) and reference.source.get("kind") == "notice"]
    lines.append("\t".join(columns))
    for item in reference.items:
        row = [item.code, cell(item.part) or "-", cell(item.title)]
        if with_text:
            row.append(cell(item.text))
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"
