"""The canonical output schema: what ``policyparse parse --format json`` prints.

These pydantic models are the contract with outside tools (ledgers, databases, the comparison
stage), so field names are fixed; new fields may be added, existing ones are never renamed.
Field meanings follow the gold annotation guide (``corpus/GUIDE.md``).

Every object that comes from text carries a :class:`Span`: ``start``/``end`` index the
normalized text, ``raw_start``/``raw_end`` the decoded input, so a researcher can always go back
to what the notice printed.

>>> Span(start=0, end=2, raw_start=0, raw_end=4).model_dump()
{'start': 0, 'end': 2, 'raw_start': 0, 'raw_end': 4}
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Level = Literal["national", "province", "city", "county"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Where an element sits: normalized offsets plus raw (decoded input) offsets."""

    start: int
    end: int
    raw_start: Optional[int] = None
    raw_end: Optional[int] = None


class SourceInfo(_Model):
    path: Optional[str] = None
    sha256: str
    format: str = Field(description="txt, html, pdf, docx")
    encoding: Optional[str] = None
    encoding_evidence: Optional[str] = None
    bytes: int
    pages: Optional[int] = None


class Edit(_Model):
    """One normalization edit: ``before`` at raw offsets became ``after`` at normalized offsets."""

    start: int
    end: int
    raw_start: int
    raw_end: int
    before: str
    after: str
    rule: str
    entry: Optional[str] = Field(default=None, description="lexicon entry or evidence that justified it")


class Region(_Model):
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None


class Unit(_Model):
    """A responsible unit as printed, with its canonical agency and government level."""

    name: str
    canonical: Optional[str] = None
    level: Optional[str] = None
    agency: Optional[str] = None
    span: Optional[Span] = None


class Assignment(_Model):
    """One responsibility clause and the sentences it covers."""

    text: str
    raw: str
    span: Optional[Span] = None
    raw_span: Optional[Span] = Field(default=None, description="where `raw` is printed: the clause without its brackets")
    lead: list[Unit] = Field(default_factory=list)
    support: list[Unit] = Field(default_factory=list)
    responsible: list[Unit] = Field(default_factory=list)


class Deadline(_Model):
    raw: str
    start: Optional[str] = None
    end: Optional[str] = None
    ongoing: bool = False
    relative: bool = False
    span: Optional[Span] = None


class Target(_Model):
    """A quantified outcome a task commits to (``新增城市公园35座以上``).

    ``value`` is the number as printed, ``unit`` the measure word with its multiplier as printed
    (``万名``, ``亿元``, ``%``); a range (``1—2个``) has ``value`` 1 and ``value_max`` 2.
    ``comparator`` is ge / gt / le / lt / approx / eq (以上, 超过, 以内, 低于, 左右, 达到).
    ``score`` and ``evidence`` say why the quantity was taken for a commitment and not for a
    subsidy, a threshold or a fact (``commit:新增``, ``comparator:以上``, ``goal:到2025年``).
    """

    raw: str
    metric: Optional[str] = None
    value: Optional[float] = None
    unit: Optional[str] = None
    by: Optional[str] = None
    span: Optional[Span] = None
    value_max: Optional[float] = None
    comparator: Optional[str] = None
    per_year: bool = False
    score: Optional[float] = None
    evidence: list[str] = Field(default_factory=list)


class DomainTag(_Model):
    code: str
    evidence: list[str] = Field(default_factory=list)


class Task(_Model):
    id: str
    heading: Optional[str] = None
    text: str
    span: Optional[Span] = None
    text_spans: list[Span] = Field(
        default_factory=list,
        description="the pieces of the normalized text whose concatenation is `text`: the item after its "
                    "marker with its responsibility clauses cut out (`span` covers the whole item)")
    section_kind: Optional[str] = None
    assignments: list[Assignment] = Field(default_factory=list)
    implicit_units: list[Unit] = Field(default_factory=list)
    deadline: Optional[Deadline] = None
    targets: list[Target] = Field(default_factory=list)
    reference: Optional[str] = None
    domains: list[str] = Field(default_factory=list)
    domain_evidence: list[DomainTag] = Field(default_factory=list)


class Cite(_Model):
    title: str
    doc_number: Optional[str] = None
    span: Optional[Span] = None
    title_span: Optional[Span] = Field(default=None, description="where `title` is printed, inside its 《》")


class Principle(_Model):
    title: str
    text: str
    span: Optional[Span] = None


class OutlineItem(_Model):
    marker: str
    level: int
    title: str
    kind: Optional[str] = Field(default=None, description="section kind: tasks, principles, goals, ...")
    span: Optional[Span] = None
    title_span: Optional[Span] = Field(default=None, description="where `title` is printed, after the marker")


class Document(_Model):
    title: Optional[str] = None
    doc_type: Optional[str] = None
    doc_number: Optional[str] = None
    issuers: list[str] = Field(default_factory=list)
    issue_date: Optional[str] = None
    effective_date: Optional[str] = None
    region: Region = Field(default_factory=Region)
    level: Optional[Level] = None
    recipients: list[str] = Field(default_factory=list)
    cites: list[Cite] = Field(default_factory=list)
    principles: list[Principle] = Field(default_factory=list)
    outline: list[OutlineItem] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    span: Optional[Span] = None


class ParseResult(_Model):
    """Everything policyparse read from one input file."""

    schema_version: str = SCHEMA_VERSION
    parser_version: Optional[str] = None
    source: SourceInfo
    normalized_text: str
    edits: list[Edit] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)


def json_schema() -> dict:
    """The JSON Schema of :class:`ParseResult`, as ``policyparse schema`` prints it."""
    return ParseResult.model_json_schema()
