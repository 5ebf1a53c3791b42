"""Stage 3, segment: split a normalized file into notices and find their structure.

>>> from policyparse.normalize.text import NormalizedText
>>> text = "关于加强政务诚信建设的实施意见\\n各区人民政府：\\n为加强政务诚信建设，提出以下意见。\\n" \\
...        "一、主要任务\\n（一）加强公务员诚信教育。将信用建设纳入公务员培训。（责任单位：区人社局）\\n"
>>> layout = segment(NormalizedText.identity(text))
>>> doc = layout.documents[0]
>>> doc.header.title, doc.header.doc_type, doc.header.recipients
('关于加强政务诚信建设的实施意见', '实施意见', ['各区人民政府'])
>>> [(t.id, t.heading, len(t.clauses)) for t in doc.tasks]
[('一/(一)', '加强公务员诚信教育', 1)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .documents import DocSlice, fold, line_decision, names_issued_title, split_documents
from .header import (fill_from_metadata, metadata_fields, publication_note_paras, read_header,
                     takes_effect_when_issued)
from .layout import (CiteRef, ClauseBlock, DocumentLayout, Header, Layout, OutlineEntry,
                     PrincipleBlock, TaskBlock)
from .labels import Explainer, Explanation
from .lexicon import doc_type_of, reports_past_work
from .lines import clean_title, is_date_line
from .paragraphs import Para, paragraphs, split_lines, wrapped_lines_are_breaks
from .structure import build_structure, unique_ids
from .tables import ledger_document
from ..normalize.text import NormalizedText
from ..table import Table

__all__ = ["segment", "Layout", "DocumentLayout", "Header", "TaskBlock", "ClauseBlock", "OutlineEntry",
           "PrincipleBlock", "CiteRef", "Explanation"]


def segment(text: NormalizedText, tables: Sequence[Table] = (), explain: bool = False) -> Layout:
    """Find the notices in ``text`` and, for each, its header, outline, principles and tasks.

    tables (list of Table): the reader's tables (``SourceText.tables``) with their spans mapped
        into ``text.text`` (:func:`policyparse.pipeline.normalized_tables`); without them,
        tables are read from their ``\\t`` rows and flattened lines alone.
    explain (bool): record each scored decision (a line's label, a numbered line's heading or
        item, where a glued line was cut) in ``Layout.explanations``.

    Pure: the result depends only on the text and tables (and the lexicons). Everything carries
    offsets in ``text.text``; what was dropped as not belonging to any notice is listed in
    ``warnings``.
    """
    body = text.text
    explainer = Explainer(enabled=explain)
    paras, slices, warnings = _split_notices(body, explainer)
    layout = Layout(text=text, warnings=list(warnings))
    if explain:
        for p in paras:
            explainer.add((p.start, p.end), "line", line_decision(p), p.text)
    above = 0  # the first paragraph after the previous notice, where this one's metadata may start
    for doc in slices:
        _lay_out_notice(layout, body, paras, doc, above, explainer, tables)
        above = doc.paras[-1] + 1
    if not layout.documents and paras:
        _read_as_ledger(layout, body, paras, tables)
    if not layout.documents:
        layout.warnings.append("no policy notice found: no title, 发文字号 or 主送机关 followed by text")
    layout.explanations = sorted(explainer.entries, key=lambda e: (e.span[0], e.what))
    return layout


def _split_notices(body: str, explainer: Explainer) -> tuple[list[Para], list[DocSlice], list[str]]:
    """The paragraphs of ``body`` and the notices they make, with the warnings of the split."""
    paras = paragraphs(body, explainer=explainer)
    slices, warnings = split_documents(paras)
    if len(slices) > 1 and not wrapped_lines_are_breaks(body, split_lines(body)):
        # A page gluing a carefully punctuated notice (cut by page breaks) to scraped ones that
        # lost their 。: decide about page-break joins notice by notice.
        spans = []
        for doc in slices:
            a, b = paras[doc.paras[0]].start, paras[doc.paras[-1]].end
            if wrapped_lines_are_breaks(body, [(s, e) for s, e in split_lines(body) if a <= s < b]):
                spans.append((a, b))
        if spans:
            explainer.entries.clear()
            paras = paragraphs(body, join_spans=spans, explainer=explainer)
            slices, warnings = split_documents(paras)
    return paras, slices, warnings


def _lay_out_notice(layout: Layout, body: str, paras: list[Para], doc: DocSlice, above: int,
                    explainer: Explainer, tables: Sequence[Table]) -> None:
    """Append the notice ``doc`` to ``layout``, and after it each document it issues that stands
    alone; ``above`` is the first paragraph after the previous notice."""
    header, title_paras = read_header(body, paras, doc)
    # the site's metadata stands above the notice or, on pages that print the title first,
    # among its header lines (标题 / 发文机构：… / 发文字号：…)
    fill_from_metadata(header, metadata_fields(paras[above:doc.paras[0] + doc.header_end]))
    parts = _parts(paras, doc, title_paras)
    first = paras[doc.paras[0]]
    notice_index = len(layout.documents)
    notice = DocumentLayout(span=(first.start, paras[doc.paras[-1]].end), header=header)
    layout.documents.append(notice)
    for n, part in enumerate(parts):
        if n and _stands_alone(paras, part, parts, doc):
            _lay_out_issued(layout, notice_index, body, paras, part, explainer, tables)
        else:
            _fill_structure(notice, body, [part], explainer, tables)
    if len(layout.documents) > notice_index + 1:
        _read_own_header(layout, notice_index, body, paras, doc, parts, above)


def _lay_out_issued(layout: Layout, notice_index: int, body: str, paras: list[Para], part: _Part,
                    explainer: Explainer, tables: Sequence[Table]) -> None:
    """A plan the notice issues beside another, or an attachment that is a document in its own
    right: its own header, outline and tasks (GUIDE: ids per document), and the notice's span
    ends before it."""
    notice = layout.documents[notice_index]
    sub = DocSlice(paras=part.titles + part.indices, header_end=len(part.titles))
    sub_header, _ = read_header(body, paras, sub)
    if sub_header.effective_date is None and takes_effect_when_issued(paras, part.indices):
        sub_header.effective_date = notice.header.issue_date  # 本办法自印发之日起施行
    start = paras[part.titles[0]].start
    end = paras[(part.indices or part.titles)[-1]].end
    child = DocumentLayout(span=(start, end), header=sub_header, parent=notice_index)
    _fill_structure(child, body, [part], explainer, tables)
    layout.documents.append(child)
    if notice.span[1] > start:
        notice.span = (notice.span[0], max(notice.span[0], paras[part.titles[0] - 1].end))


def _read_own_header(layout: Layout, notice_index: int, body: str, paras: list[Para], doc: DocSlice,
                     parts: list[_Part], above: int) -> None:
    """Read the notice's header again from its own text: its cites and dates are not those of
    the documents it issues."""
    notice = layout.documents[notice_index]
    own = set(doc.paras) - {i for d in parts if d.titles and _was_split(d, layout, notice_index, paras)
                            for i in d.titles + d.indices}
    narrowed = DocSlice(paras=[i for i in doc.paras if i in own], header_end=doc.header_end,
                        signature=doc.signature, expected_titles=doc.expected_titles,
                        issued_titles=doc.issued_titles, issues_documents=doc.issues_documents)
    notice.header, _ = read_header(body, paras, narrowed)
    fill_from_metadata(notice.header, metadata_fields(paras[above:doc.paras[0] + doc.header_end]))


def _read_as_ledger(layout: Layout, body: str, paras: list[Para], tables: Sequence[Table]) -> None:
    """A task ledger without a notice around it (任务分工台账.xlsx): the table is the document."""
    ledger = ledger_document(body, paras, tables)
    if ledger is not None:
        # the lines split_documents dropped as "not part of a notice" are the ledger's rows
        layout.documents.append(ledger)
        layout.warnings = ["no notice around the tables: read as a task ledger, one task per row"]


@dataclass
class _Part:
    """A run of a notice's body: before the first issued title, or under one."""

    titles: list[int] = field(default_factory=list)   # indices of its title lines
    indices: list[int] = field(default_factory=list)  # indices of its body paragraphs
    paras: list[Para] = field(default_factory=list)   # the body paragraphs that carry content


def _parts(paras: list[Para], doc: DocSlice, title_paras: set[int]) -> list[_Part]:
    """The notice's own text, then one part per issued or attached document printed after it.

    A notice that issues a plan prints the plan under its own title: the notice's text and each
    issued document are numbered on their own, so each part is read apart.
    """
    skip = set(doc.paras[:doc.header_end]) | title_paras | set(doc.signature) | \
        set(publication_note_paras(paras, doc))
    parts = [_Part()]
    after_signature = False
    for i in doc.paras[doc.header_end:]:
        p = paras[i]
        if i in doc.signature:
            after_signature = True
        if i in title_paras:
            if parts[-1].paras or parts[-1].indices or not parts[-1].titles:
                parts.append(_Part())
            parts[-1].titles.append(i)
            continue
        parts[-1].indices.append(i)
        if i in skip or p.boiler is not None:
            continue
        if after_signature and is_date_line(p):
            continue
        parts[-1].paras.append(p)
    return [part for n, part in enumerate(parts) if n == 0 or part.titles]


def _stands_alone(paras: list[Para], part: _Part, parts: list[_Part], doc: DocSlice) -> bool:
    """Whether an issued or attached part is a document of its own (GUIDE.md: a notice that issues
    one plan is one document with it; a notice that issues two or more is the notice plus one
    document per plan, and an attachment beyond the one issued plan is a document when it is one:
    a genre title and a body, not a form or a list)."""
    if not part.paras:
        return False
    titled = [p for p in parts[1:] if p.titles]
    issued = [p for p in titled if names_issued_title(fold(_title(paras, p)), doc.issued_titles)]
    if len(issued) >= 2:
        return any(part is p for p in issued) or _is_document(paras, part)
    if issued and part is issued[0]:
        return False
    if not issued and part is titled[0]:
        return False  # the one plan a notice prints under its own title (附件：…方案)
    return _is_document(paras, part)


def _was_split(part: _Part, layout: Layout, notice_index: int, paras: list[Para]) -> bool:
    starts = {d.span[0] for d in layout.documents[notice_index + 1:]}
    return paras[part.titles[0]].start in starts


def _title(paras: list[Para], part: _Part) -> str:
    return "".join(clean_title(paras[i].text) for i in part.titles)


def _is_document(paras: list[Para], part: _Part) -> bool:
    return doc_type_of(_title(paras, part)) is not None and len(part.paras) >= 2


def _fill_structure(target: DocumentLayout, body: str, parts: list[_Part], explainer: Explainer,
                    tables: Sequence[Table] = ()) -> None:
    for part in parts:
        structure = build_structure(body, part.paras, tables, explainer if explainer.enabled else None)
        target.outline += structure.outline
        target.principles += structure.principles
        if not reports_past_work(target.header.doc_type):  # a 工作总结 sets no work
            target.tasks = unique_ids(target.tasks + structure.tasks)
