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

from typing import Sequence

from .documents import split_documents
from .header import fill_from_metadata, metadata_fields, publication_note_paras, read_header
from .layout import (CiteRef, ClauseBlock, DocumentLayout, Header, Layout, OutlineEntry,
                     PrincipleBlock, TaskBlock)
from .lines import is_date_line
from .paragraphs import paragraphs, split_lines, wrapped_lines_are_breaks
from .structure import build_structure
from .tables import ledger_document
from ..normalize.text import NormalizedText
from ..table import Table

__all__ = ["segment", "Layout", "DocumentLayout", "Header", "TaskBlock", "ClauseBlock", "OutlineEntry",
           "PrincipleBlock", "CiteRef"]


def segment(text: NormalizedText, tables: Sequence[Table] = ()) -> Layout:
    """Find the notices in ``text`` and, for each, its header, outline, principles and tasks.

    tables (list of Table): the reader's tables (``SourceText.tables``) with their spans mapped
        into ``text.text`` (:func:`policyparse.pipeline.normalized_tables`); without them,
        tables are read from their ``\\t`` rows and flattened lines alone.

    Pure: the result depends only on the text and tables (and the lexicons). Everything carries
    offsets in ``text.text``; what was dropped as not belonging to any notice is listed in
    ``warnings``.
    """
    body = text.text
    paras = paragraphs(body)
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
            paras = paragraphs(body, join_spans=spans)
            slices, warnings = split_documents(paras)
    layout = Layout(text=text, warnings=list(warnings))
    previous_end = 0
    for doc in slices:
        header, title_paras = read_header(body, paras, doc)
        fill_from_metadata(header, metadata_fields(paras[previous_end:doc.paras[0]]))
        previous_end = doc.paras[-1] + 1
        skip = set(doc.paras[:doc.header_end]) | title_paras | set(doc.signature) | \
            set(publication_note_paras(paras, doc))
        after_signature = False
        # A notice that issues a plan prints the plan under its own title: the notice's text and
        # each issued document are numbered on their own, so each part is read apart.
        parts: list[list] = [[]]
        for i in doc.paras[doc.header_end:]:
            p = paras[i]
            if i in doc.signature:
                after_signature = True
            if i in title_paras and parts[-1]:
                parts.append([])
            if i in skip or p.boiler is not None:
                continue
            if after_signature and is_date_line(p):
                continue
            parts[-1].append(p)
        outline, principles, tasks = [], [], []
        for part in parts:
            structure = build_structure(body, part, tables)
            outline += structure.outline
            principles += structure.principles
            tasks += structure.tasks
        first, last = paras[doc.paras[0]], paras[doc.paras[-1]]
        layout.documents.append(DocumentLayout(
            span=(first.start, last.end), header=header, outline=outline,
            principles=principles, tasks=tasks))
    if not layout.documents and paras:
        # a task ledger without a notice around it (任务分工台账.xlsx): the table is the document
        ledger = ledger_document(body, paras, tables)
        if ledger is not None:
            # the lines split_documents dropped as "not part of a notice" are the ledger's rows
            layout.documents.append(ledger)
            layout.warnings = ["no notice around the tables: read as a task ledger, one task per row"]
    if not layout.documents:
        layout.warnings.append("no policy notice found: no title, 发文字号 or 主送机关 followed by text")
    return layout
