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
    format: str = Field(description="txt, html, pdf, docx, ofd, xlsx, xls or csv")
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


SCHEMA_ID = f"urn:policyparse:schema:parse-result:{SCHEMA_VERSION}"

_SPAN = "where it sits: offsets in the normalized text and in the decoded input (Span)"
_OFFSETS = {
    "start": "start offset in the normalized text (normalized_text), 0-based",
    "end": "end offset in the normalized text, 0-based, exclusive",
    "raw_start": "start offset in the decoded input text, 0-based; null when unknown",
    "raw_end": "end offset in the decoded input text, 0-based, exclusive; null when unknown",
}

# One description per field, kept here rather than on each Field() so the models stay readable;
# json_schema() puts them into the schema and tests/test_data_interfaces.py checks that every
# field has one (a new field without a description fails it).
FIELD_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Span": dict(_OFFSETS),
    "SourceInfo": {
        "path": "the input as given (a batch: the file as found on disk); null for text or bytes",
        "sha256": "sha256 of the input bytes (of the UTF-8 text for a str input)",
        "format": "detected format: txt, html, pdf, docx",
        "encoding": "detected text encoding (gb18030, utf-8, big5 …); null for pdf and docx",
        "encoding_evidence": "why that encoding was chosen (BOM, declared charset, decoding scores)",
        "bytes": "input size in bytes",
        "pages": "number of PDF pages; null for other formats",
    },
    "Edit": {**_OFFSETS,
             "start": "start of the new text in the normalized text, 0-based",
             "end": "end of the new text in the normalized text, 0-based, exclusive",
             "raw_start": "start of the old text in the decoded input, 0-based",
             "raw_end": "end of the old text in the decoded input, 0-based, exclusive",
             "before": "the text as the input had it",
             "after": "the text as normalized",
             "rule": "the fixer that made the edit (policyparse.normalize.FIXERS), or several joined by + when one edit rewrote an earlier one",
             "entry": "lexicon entry or evidence that justified it"},
    "Region": {"province": "province-level division (福建省, 天津市)",
               "city": "city-level division (南平市); null for a provincial document",
               "county": "county-level division (红桥区); null above that level"},
    "Unit": {"name": "the unit as printed (市发改委)",
             "canonical": "its full canonical name (南平市发展和改革委员会); null when unknown",
             "level": "government level of the unit: national, province, city, county",
             "agency": "agency code across regions and levels (lexicons/extract/agencies.tsv); null when unknown",
             "span": _SPAN},
    "Assignment": {"text": "the sentences the clause covers", "raw": "the clause as printed (牵头单位：市发改委)",
                   "span": _SPAN, "lead": "lead units (牵头单位)", "support": "supporting units (配合单位)",
                   "responsible": "responsible units (责任单位), when the clause names no lead"},
    "Deadline": {"raw": "the deadline as printed (2018年底前, 长期坚持)",
                 "start": "first day, ISO date, when the deadline is a period",
                 "end": "last day, ISO date; null when ongoing or relative",
                 "ongoing": "true for 长期坚持 / 持续推进: no end",
                 "relative": "true for a deadline counted from something else (印发之日起3个月内)",
                 "span": _SPAN},
    "Target": {"raw": "the target as printed (新增城市公园35座以上)", "metric": "what is counted (城市公园)",
               "value": "the number as printed; the low end of a range", "unit": "measure word with its multiplier as printed (座, 万名, 亿元, %)",
               "by": "date it is due by, ISO date, when stated (到2025年)", "span": _SPAN,
               "value_max": "the high end of a range (1—2个), else null",
               "comparator": "ge, gt, le, lt, approx or eq (以上, 超过, 以内, 低于, 左右, 达到)",
               "per_year": "true for a yearly quantity (每年新增)",
               "score": "how strongly the quantity reads as a commitment",
               "evidence": "the cues behind the score (commit:新增, comparator:以上, goal:到2025年)"},
    "DomainTag": {"code": "domain code (corpus/domains.tsv)", "evidence": "terms of the task that placed it in the domain"},
    "Task": {"id": "the task's number along the notice's outline (一/(三)/4), unique in its document",
             "heading": "the task's heading or bold lead-in", "text": "the task's text", "span": _SPAN,
             "section_kind": "kind of the enclosing section: tasks, goals, safeguards …",
             "assignments": "responsibility clauses, in order", "implicit_units": "units the text makes responsible without a clause",
             "deadline": "the task's deadline, if any", "targets": "quantified targets it commits to",
             "reference": "the reference item it carries out, when compared (policyparse compare)",
             "domains": "policy domain codes (corpus/domains.tsv)", "domain_evidence": "why each domain was given"},
    "Cite": {"title": "title of the cited document", "doc_number": "its 发文字号, when printed", "span": _SPAN},
    "Principle": {"title": "the principle's name (坚持依法行政)", "text": "its text", "span": _SPAN},
    "OutlineItem": {"marker": "the heading's marker as printed (一、, （三）, 1.)", "level": "depth in the outline, 1-based",
                    "title": "the heading's title", "kind": "section kind: tasks, principles, goals, safeguards …",
                    "span": _SPAN},
    "Document": {"title": "title", "doc_type": "kind of document: 实施方案, 任务分工方案, 通知 …",
                 "doc_number": "发文字号 (闽政〔2017〕40号)", "issuers": "issuing bodies as printed",
                 "issue_date": "成文日期, ISO date", "effective_date": "施行日期, ISO date",
                 "region": "region of the issuing government", "level": "government level: national, province, city, county",
                 "recipients": "主送机关 as printed", "cites": "documents it cites (《…》（…号）)",
                 "principles": "基本原则, in order", "outline": "headings of the document, in order",
                 "tasks": "the tasks, in order", "span": _SPAN},
    "ParseResult": {"schema_version": "version of this schema", "parser_version": "version of policyparse that made it",
                    "source": "the input: path, hash, format, encoding", "normalized_text": "the repaired text every offset indexes",
                    "edits": "normalization edits, in text order", "warnings": "what the parser could not do (scanned page, dropped text …)",
                    "documents": "the documents in the file (a notice and its attached plan are two)"},
}

# Codes: values that come from a closed list, given as enums so a consumer can validate them.
_COMPARATORS = ["ge", "gt", "le", "lt", "approx", "eq"]
_LEVELS = ["national", "province", "city", "county"]
_FORMATS = ["txt", "html", "pdf", "docx", "ofd", "xlsx", "xls", "csv"]


def _code_enums() -> dict[tuple[str, str], list[str]]:
    from .extract.lexicon import agencies, domains
    from .normalize import FIXERS

    domain_codes = sorted({entry.code for entry in domains()})
    return {("SourceInfo", "format"): _FORMATS,
            ("Unit", "level"): _LEVELS, ("Unit", "agency"): sorted({entry.code for entry in agencies()}),
            ("Target", "comparator"): _COMPARATORS, ("DomainTag", "code"): domain_codes,
            ("Task", "domains"): domain_codes}


def _set_enum(prop: dict, values: list[str]) -> None:
    """Put ``enum`` on a string property, on its string branch when nullable, on its items when a list."""
    if prop.get("type") == "array":
        prop["items"] = dict(prop.get("items", {}), enum=values)
    elif "anyOf" in prop:
        for branch in prop["anyOf"]:
            if branch.get("type") == "string":
                branch["enum"] = values
    else:
        prop["enum"] = values


def json_schema() -> dict:
    """The JSON Schema of :class:`ParseResult`, as ``policyparse schema`` prints it: with an
    ``$id``, a description on every field and enums for the fields that hold codes.

    >>> schema = json_schema()
    >>> schema["$id"], "enum" in schema["$defs"]["Target"]["properties"]["comparator"]["anyOf"][0]
    ('urn:policyparse:schema:parse-result:1.0', True)
    """
    schema = ParseResult.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    schema["description"] = ("What policyparse read from one Chinese government notice: source, normalized text, "
                             "edits, and documents with their header fields, outline and tasks. Offsets are 0-based; "
                             "positions in lists follow the text.")
    enums = _code_enums()
    # an edit that rewrote an earlier one names both fixers (repair_mojibake+to_simplified)
    from .normalize import FIXERS
    from .normalize.pipeline import SURROGATE_RULE
    fixer = "(?:" + "|".join([SURROGATE_RULE, *FIXERS]) + ")"
    schema["$defs"]["Edit"]["properties"]["rule"]["pattern"] = f"^{fixer}(?:\\+{fixer})*$"
    for model, fields in FIELD_DESCRIPTIONS.items():
        properties = schema["properties"] if model == "ParseResult" else schema["$defs"][model]["properties"]
        for name, text in fields.items():
            if name in properties:
                properties[name].setdefault("description", text)
                if (model, name) in enums:
                    _set_enum(properties[name], enums[(model, name)])
    return schema
