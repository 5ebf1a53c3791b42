"""The pipeline: read -> normalize -> segment -> extract -> :class:`ParseResult`.

Each stage takes the previous stage's object and returns a new one; nothing is shared between
calls, so ``parse`` is safe to run in worker processes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Union

from pydantic import BaseModel

from . import __version__
from .normalize import normalize
from .normalize.text import NormalizedText
from .read import read
from .read.source import SourceText
from .schema import Edit, ParseResult, SourceInfo, Span

Source = Union[str, Path, bytes]


def parse(source: Source, *, name: Optional[str] = None, normalize_config: Any = None) -> ParseResult:
    """Parse one notice (a path, its bytes, or its text) into the canonical schema.

    RETURNS (ParseResult): documents with header fields, outline, principles and tasks; every
        span carries normalized and raw offsets.
    """
    source_text = read(source, name=name)
    return parse_source(source_text, normalize_config=normalize_config)


def explain(source: Source, *, name: Optional[str] = None, normalize_config: Any = None) -> list[str]:
    """Why the parser read a notice as it did: per paragraph its scored label, per numbered line
    heading or item, per cut of a glued line the reason (``policyparse parse --explain``).

    RETURNS (list[str]): one line per decision, in text order:
        ``start-end  what  label score [feature +weight, …] over runner-up  | text``.
    """
    from .segment import segment

    source_text = read(source, name=name)
    layout = segment(normalize(source_text, normalize_config, explain=False), explain=True)
    out = []
    for e in layout.explanations:
        out.append(f"{e.span[0]}-{e.span[1]}\t{e.what}\t{e.decision.explain()}\t| {e.text}")
    return out


def parse_source(source_text: SourceText, *, normalize_config: Any = None) -> ParseResult:
    """The stages after reading, for callers that already hold a :class:`SourceText`."""
    from .extract import extract
    from .segment import segment

    normalized = normalize(source_text, normalize_config)
    layout = segment(normalized, normalized_tables(source_text, normalized))
    extract_warnings: list[str] = []
    documents = extract(layout, extract_warnings)
    result = ParseResult(
        parser_version=__version__,
        source=SourceInfo(
            path=source_text.path,
            sha256=source_text.sha256,
            format=source_text.format,
            encoding=source_text.encoding,
            encoding_evidence=source_text.encoding_evidence,
            bytes=source_text.size,
            pages=len(source_text.page_starts) or None,
        ),
        normalized_text=normalized.text,
        edits=[
            Edit(start=e.start, end=e.end, raw_start=e.raw_start, raw_end=e.raw_end,
                 before=e.before, after=e.after, rule=e.rule, entry=e.entry)
            for e in normalized.edits
        ],
        warnings=list(source_text.warnings) + list(normalized.warnings) + list(layout.warnings) + extract_warnings,
        documents=documents,
    )
    attach_raw_offsets(result, normalized)
    return result


def normalized_tables(source_text: SourceText, normalized: NormalizedText) -> tuple:
    """The reader's tables with their cell spans mapped from the raw text into the normalized
    one through the character map, for :func:`policyparse.segment.segment`."""
    return tuple(table.mapped(normalized.normalized_offset) for table in source_text.tables)


def attach_raw_offsets(model: Any, normalized: NormalizedText) -> None:
    """Fill ``raw_start``/``raw_end`` of every :class:`Span` below ``model`` from the char map.

    Done once here, at the end, so no stage has to carry raw offsets around.
    """
    if isinstance(model, Span):
        model.raw_start, model.raw_end = normalized.raw_span(model.start, model.end)
    elif isinstance(model, BaseModel):
        # a model keeps its fields' values in its __dict__: read there, not by a getattr per
        # name of model_fields (a hundred thousand models a batch of 350 notices)
        for value in model.__dict__.values():
            if isinstance(value, (BaseModel, list)):
                attach_raw_offsets(value, normalized)
    elif isinstance(model, list):
        for item in model:
            if isinstance(item, (BaseModel, list)):  # a list of names or codes holds no span
                attach_raw_offsets(item, normalized)
