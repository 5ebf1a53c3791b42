"""Lexicons of the segment stage, loaded lazily from ``lexicons/segment/*.tsv``."""

from __future__ import annotations

import functools
import re
from typing import Optional

from ..lexicons import LexiconEntry, load_tsv


class DocTypeEntry(LexiconEntry):
    word: str


class SectionKindEntry(LexiconEntry):
    cue: str
    kind: str
    match: str = "any"


class UnitSuffixEntry(LexiconEntry):
    suffix: str


class ClauseCueEntry(LexiconEntry):
    cue: str
    role: str
    position: str


class BoilerplateEntry(LexiconEntry):
    pattern: str
    kind: str
    max_len: int = 200


@functools.lru_cache(maxsize=None)
def doc_type_words() -> tuple[str, ...]:
    """Genre words, longest first so that 任务分工方案 wins over 方案."""
    words = [e.word for e in load_tsv("segment/doc_types.tsv", DocTypeEntry)]
    return tuple(sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def doc_type_regex() -> "re.Pattern[str]":
    return re.compile("(?:" + "|".join(map(re.escape, doc_type_words())) + ")$")


def doc_type_of(title: str) -> Optional[str]:
    """The genre word a title ends with.

    >>> doc_type_of("青海省人民政府关于青海省加强政务诚信建设的实施意见")
    '实施意见'
    >>> doc_type_of("贯彻落实福建省加强政务诚信建设实施方案任务分工方案")
    '任务分工方案'
    >>> doc_type_of("常熟市加快打造开源社区推动产业高质量发展的若干措施（征求意见稿）")
    '若干措施'
    """
    core = re.sub(r"([（(][^()（）]{1,20}[)）])+$", "", title.strip())  # （试行）（征求意见稿）, （2026-2027年）
    core = core.rstrip("”\"'’」』")  # …“十大赋能行动”
    m = doc_type_regex().search(core)
    return m.group(0) if m else None


@functools.lru_cache(maxsize=None)
def section_kind_entries() -> tuple[SectionKindEntry, ...]:
    rows = load_tsv("segment/section_kinds.tsv", SectionKindEntry)
    return tuple(sorted(rows, key=lambda e: len(e.cue), reverse=True))


def section_kind_of(title: str) -> Optional[str]:
    """Kind of a section from its heading title, or None when no cue matches.

    >>> section_kind_of("充分认识加强政务诚信建设的重要意义")
    'significance'
    >>> section_kind_of("重点任务及分工")
    'tasks'
    >>> section_kind_of("健全褒扬和激励诚信行为机制") is None
    True
    """
    title = title.strip().rstrip("。.：:")
    for e in section_kind_entries():
        if e.match == "end" and title.endswith(e.cue):
            return e.kind
        if e.match == "start" and title.startswith(e.cue):
            return e.kind
        if e.match == "any" and e.cue in title:
            return e.kind
    return None


@functools.lru_cache(maxsize=None)
def unit_suffixes() -> tuple[str, ...]:
    rows = load_tsv("segment/unit_suffixes.tsv", UnitSuffixEntry)
    return tuple(sorted((e.suffix for e in rows), key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def clause_cues() -> tuple[ClauseCueEntry, ...]:
    rows = load_tsv("segment/clause_cues.tsv", ClauseCueEntry)
    return tuple(sorted(rows, key=lambda e: len(e.cue), reverse=True))


@functools.lru_cache(maxsize=None)
def boilerplate_rules() -> tuple[tuple["re.Pattern[str]", str, int, str], ...]:
    rows = load_tsv("segment/boilerplate.tsv", BoilerplateEntry)
    return tuple((re.compile(e.pattern), e.kind, e.max_len, e.pattern) for e in rows)


def boilerplate_kind(line: str) -> Optional[str]:
    """``chrome``, ``closing``, ``news`` or ``question`` for a line of page furniture, else None.

    >>> boilerplate_kind("扫描二维码 关注我们")
    'chrome'
    >>> boilerplate_kind("(此件主动公开)")
    'closing'
    >>> boilerplate_kind("加强公务员诚信教育。") is None
    True
    """
    s = line.strip()
    for pattern, kind, max_len, _ in boilerplate_rules():
        if len(s) <= max_len and pattern.search(s):
            return kind
    return None
