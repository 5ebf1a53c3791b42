"""Lexicons of the segment stage (``lexicons/segment/*.tsv``) and those both stages share
(``lexicons/shared/``: the clause grammar, field keys and the endings of body names).

The segment stage needs the shared ones to tell a responsibility clause from any other bracketed
remark; the extract stage (downstream) imports them from here to read the clause's units, so a
row added to a lexicon is seen by both at once. The clause grammar itself is compiled in
:mod:`.grammar`; the views of it that other modules use are re-exported at the end of this file.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Callable, Literal, Optional

from ..lexicons import LexiconEntry, lexicon


class DocTypeEntry(LexiconEntry):
    word: str
    kind: Optional[Literal["report"]] = None


class SectionKindEntry(LexiconEntry):
    cue: str
    kind: str
    match: str = "any"


class BoilerplateEntry(LexiconEntry):
    pattern: str
    kind: str
    max_len: int = 200


class DepartmentCollective(LexiconEntry):
    """A generic name of a government's own departments after 各 (部门, 委办局, 直属机构 …)."""

    word: str


class UnitSuffix(LexiconEntry):
    """A final word that ends a body's name (局, 委, 办, 人民政府 …)."""

    suffix: str


class FieldKey(LexiconEntry):
    """The key of a ``KEY：value`` field: site metadata (发文机构), a time limit (完成时限), a
    contact (联系人) or a scope (适用范围); ``field`` names the header field a meta key fills."""

    key: str
    kind: str
    field: str = "-"


class TitleEnding(LexiconEntry):
    """An ending of a title: of an attachment that lists names or documents (list_titles.tsv), of
    a 《》 title that names no policy document (not_cited.tsv)."""

    ending: str


DOC_TYPES = lexicon("segment/doc_types.tsv", DocTypeEntry)
FIELD_KEYS = lexicon("shared/field_keys.tsv", FieldKey)
SECTION_KINDS = lexicon("segment/section_kinds.tsv", SectionKindEntry)
BOILERPLATE = lexicon("segment/boilerplate.tsv", BoilerplateEntry)
UNIT_SUFFIXES = lexicon("shared/unit_suffixes.tsv", UnitSuffix)
DEPARTMENT_COLLECTIVES = lexicon("shared/department_collectives.tsv", DepartmentCollective)
class ListLeadNoun(LexiconEntry):
    """A noun a lead sentence announces a list of cases, conditions or papers with (下列情形)."""

    noun: str


LIST_LEADS = lexicon("segment/list_leads.tsv", ListLeadNoun)
TITLE_ENDINGS = {"list": lexicon("segment/list_titles.tsv", TitleEnding),
                 "not_cited": lexicon("segment/not_cited.tsv", TitleEnding)}


@functools.lru_cache(maxsize=None)
def title_endings(kind: str) -> tuple[str, ...]:
    """The endings of :data:`TITLE_ENDINGS` ``kind`` (``list`` or ``not_cited``)."""
    return tuple(e.ending for e in TITLE_ENDINGS[kind]())


@functools.lru_cache(maxsize=1)
def list_lead_regex() -> "re.Pattern[str]":
    """A lead that announces cases, conditions or papers: 下列 / 以下, up to eight characters of
    qualifier (变更, 申报), then a noun of :data:`LIST_LEADS`.

    >>> bool(list_lead_regex().search("运营机构有下列变更事项之一的，应当事先报告：")), bool(list_lead_regex().search("重点抓好以下工作："))
    (True, False)
    >>> bool(list_lead_regex().search("应当具备以下条件，并承担相应责任："))
    False
    """
    nouns = "|".join(map(re.escape, sorted((e.noun for e in LIST_LEADS()), key=len, reverse=True)))
    # the noun closes the lead (…应当具备下列条件：) or opens a case (有下列行为之一的，给予警告…：);
    # 应当具备以下条件，并承担相应责任： lists duties too, and its lines are work (round 6 y05)
    # (a rule that states its sanction first may close with 。: 有下列行为之一的，给予警告…；累计发生下列
    # 行为三次及以上的，取消…。 over （一）…的。 — round 10 z03)
    return re.compile(rf"(?:下列|以下)[^。；;：:]{{0,8}}?(?:{nouns})(?:之一[的时]?[^。：:]*[：:。]|[^，,。；;：:]{{0,4}}[：:])\s*$")


@functools.lru_cache(maxsize=None)
def field_key_regex(kinds: tuple[str, ...] = ("meta", "time", "contact", "scope")) -> "re.Pattern[str]":
    """A field key of the given kinds followed by its colon (spaces inside tolerated: 索 引 号：).

    >>> bool(field_key_regex().match("发布时间：2016-10-27")), bool(field_key_regex().match("农业局："))
    (True, False)
    """
    keys = sorted((e.key for e in FIELD_KEYS() if e.kind in kinds), key=len, reverse=True)
    spaced = ["[\\s\u3000]*".join(map(re.escape, k)) for k in keys]
    return re.compile(rf"(?:{'|'.join(spaced)})[\s\u3000]*[：:]")


@functools.lru_cache(maxsize=None)
def doc_type_words() -> tuple[str, ...]:
    """Genre words, longest first so that 任务分工方案 wins over 方案."""
    return tuple(sorted((e.word for e in DOC_TYPES()), key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def doc_type_regex() -> "re.Pattern[str]":
    return re.compile("(?:" + "|".join(map(re.escape, doc_type_words())) + ")$")


# notes in brackets closing a title: （试行）（征求意见稿）, （2026-2027年）, （共55项）
TITLE_TAIL_NOTES = re.compile(r"([（(][^()（）]{1,20}[)）])+$")


def reports_past_work(doc_type: Optional[str]) -> bool:
    """A genre that reports past work and sets none (工作总结): its documents hold no tasks.

    >>> reports_past_work("工作总结"), reports_past_work("工作要点")
    (True, False)
    """
    return doc_type in _report_genres()


@functools.lru_cache(maxsize=1)
def _report_genres() -> frozenset[str]:
    return frozenset(e.word for e in DOC_TYPES() if e.kind == "report")


@functools.lru_cache(maxsize=16384)  # a line is asked again by each reader of the header
def doc_type_of(title: str) -> Optional[str]:
    """The genre word a title ends with.

    >>> doc_type_of("青海省人民政府关于青海省加强政务诚信建设的实施意见")
    '实施意见'
    >>> doc_type_of("贯彻落实福建省加强政务诚信建设实施方案任务分工方案")
    '任务分工方案'
    >>> doc_type_of("常熟市加快打造开源社区推动产业高质量发展的若干措施（征求意见稿）")
    '措施'
    >>> doc_type_of("国务院关于促进综合保税区高水平开放高质量发展的若干意见")
    '意见'
    """
    core = TITLE_TAIL_NOTES.sub("", title.strip())  # （试行）（征求意见稿）, （2026-2027年）
    core = core.rstrip("”\"'’」』")  # …“十大赋能行动”
    m = doc_type_regex().search(core)
    return m.group(0) if m else None


@functools.lru_cache(maxsize=None)
def section_kind_entries() -> tuple[SectionKindEntry, ...]:
    return tuple(sorted(SECTION_KINDS(), key=lambda e: len(e.cue), reverse=True))


@functools.lru_cache(maxsize=4096)
def section_kind_of(title: str) -> Optional[str]:
    """Kind of a section from its heading title, or None when no cue matches.

    >>> section_kind_of("充分认识加强政务诚信建设的重要意义")
    'significance'
    >>> section_kind_of("重点任务及分工")
    'tasks'
    >>> section_kind_of("健全褒扬和激励诚信行为机制") is None
    True
    >>> section_kind_of("【适用范围】")
    'general'
    >>> [section_kind_of(t) for t in ("行动思路和目标任务", "工作思路和主要任务", "目标任务", "行动背景", "原则")]
    ['general', 'tasks', 'tasks', 'significance', 'principles']
    """
    title = title.strip().rstrip("。.：:").strip("【】[]")  # 第二条 【适用范围】
    # the first entry (longest cue first) that matches, found without trying each entry in turn:
    # the title's ends looked up by length, then the "any" cues in order until the first found
    ends, starts, anywhere = _section_kind_index()
    n = len(title)
    best = None
    for length, by_cue in ends:
        if length <= n:
            k = by_cue.get(title[n - length:])
            if k is not None and (best is None or k < best):
                best = k
    for length, by_cue in starts:
        if length <= n:
            k = by_cue.get(title[:length])
            if k is not None and (best is None or k < best):
                best = k
    for k, cue in anywhere:
        if best is not None and k > best:
            break
        if cue in title:
            best = k
            break
    return None if best is None else section_kind_entries()[best].kind


@functools.lru_cache(maxsize=None)
def _section_kind_index() -> tuple[tuple[tuple[int, dict[str, int]], ...], tuple[tuple[int, dict[str, int]], ...],
                                   tuple[tuple[int, str], ...]]:
    """The entries of :func:`section_kind_entries` by how they match: for ``end`` and ``start``,
    (cue length, {cue: first entry index}); for ``any``, (entry index, cue) in order."""
    ends: dict[int, dict[str, int]] = {}
    starts: dict[int, dict[str, int]] = {}
    anywhere = []
    for k, e in enumerate(section_kind_entries()):
        if e.match == "end":
            ends.setdefault(len(e.cue), {}).setdefault(e.cue, k)
        elif e.match == "start":
            starts.setdefault(len(e.cue), {}).setdefault(e.cue, k)
        elif e.match == "any":
            anywhere.append((k, e.cue))
    return tuple(ends.items()), tuple(starts.items()), tuple(anywhere)


@functools.lru_cache(maxsize=None)
def unit_suffixes() -> tuple[str, ...]:
    """Endings of body names, longest first."""
    return tuple(sorted({r.suffix for r in UNIT_SUFFIXES()}, key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def unit_suffix_regex() -> "re.Pattern[str]":
    """``(?:人民政府|…|局)$``: a name that ends like a body.

    >>> bool(unit_suffix_regex().search("海关总署")), bool(unit_suffix_regex().search("试行"))
    (True, False)
    """
    return re.compile("(?:" + "|".join(map(re.escape, unit_suffixes())) + ")$")


@functools.lru_cache(maxsize=None)
def department_collective_regex() -> "re.Pattern[str]":
    """``各(有关)?(部门|委办局|直属机构|…)``: a government's own departments named collectively.

    Matched in full against the rest of a name after a government: ``市人民政府各部门`` and
    ``市政府各委办局`` are one recipient each, ``各区市县人民政府各先导区管委会`` two.

    >>> bool(department_collective_regex().fullmatch("各委办局"))
    True
    >>> bool(department_collective_regex().fullmatch("各有关部门和单位"))
    True
    >>> bool(department_collective_regex().fullmatch("各先导区管委会"))
    False
    """
    words = "|".join(map(re.escape, sorted({e.word for e in DEPARTMENT_COLLECTIVES()}, key=len, reverse=True)))
    return re.compile(rf"各(?:有关|相关|其他)?(?:{words})(?:(?:和|及)(?:有关|相关)?(?:{words}))?")


@functools.lru_cache(maxsize=None)
def boilerplate_rules() -> tuple[tuple["re.Pattern[str]", str, int, str], ...]:
    return tuple((re.compile(e.pattern), e.kind, e.max_len, e.pattern) for e in BOILERPLATE())


@functools.lru_cache(maxsize=16384)  # a line is asked again by the splitter and the layout
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
    limits, rules = _boilerplate_by_length()
    k = bisect.bisect_left(limits, len(s))
    if k == len(limits):
        return None  # longer than any rule allows
    for search, kind in rules[k]:
        if search(s):
            return kind
    return None


@functools.lru_cache(maxsize=None)
def _boilerplate_by_length() -> tuple[tuple[int, ...], tuple[tuple[tuple[Callable, str], ...], ...]]:
    """The rules' length limits, ascending, and for each limit the rules (search, kind), in the
    lexicon's order, that a line of at most that length may match: a line is tried against its
    own rules only, without asking each rule's limit."""
    rules = boilerplate_rules()
    limits = tuple(sorted({max_len for _, _, max_len, _ in rules}))
    return limits, tuple(tuple((p.search, kind) for p, kind, max_len, _ in rules if max_len >= limit)
                         for limit in limits)


# The clause grammar (lexicons/shared/clause_grammar.tsv) reads FIELD_KEYS above, so it is imported
# last; these views of it are what task tables use to read unit cells.
from . import grammar as _clause_grammar  # noqa: E402


def label_regex() -> "re.Pattern[str]":
    """A role key with its colon, ``责任单位：``: see :func:`.grammar.label_regex`."""
    return _clause_grammar.label_regex()


def role_phrase_regex() -> "re.Pattern[str]":
    """Role verbs after a list of units: see :func:`.grammar.role_phrase_regex`."""
    return _clause_grammar.role_phrase_regex()


def role_tail_regex() -> "re.Pattern[str]":
    """A role phrase closing a text: see :func:`.grammar.role_tail_regex`."""
    return _clause_grammar.role_tail_regex()
