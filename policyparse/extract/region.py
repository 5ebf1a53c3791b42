"""Which government issued a document: its region {province, city, county} and level.

Evidence, strongest first (GB/T 9704 puts the issuing body in the 发文机关标志 and the signature):

1. issuers (``天津市红桥区人民政府办公室`` -> 红桥区 of 天津市);
2. the title (``揭阳市人民政府关于印发…``);
3. the doc number prefix, the issuer's abbreviation (揭府 -> 揭阳, 青政 -> 青海, 红桥政办发 -> 红桥,
   十政发 -> 十堰);
4. the body text: named divisions (``宿迁市人民检察院``) and how the text speaks of itself
   (全市, 市政府, 市发改委 -> a city; 自治区发展改革委 -> a province).

``region.county`` holds a district or county; a 直辖市 is the province; ``level`` is the level of
the issuing government, a 区 counting as a county (GUIDE.md §2).

>>> r = resolve_region(issuers=["天津市红桥区人民政府办公室"])
>>> (r.region.province, r.region.city, r.region.county, r.level)
('天津市', None, '红桥区', 'county')
>>> resolve_region(doc_number="揭府〔2018〕38号").region.city
'揭阳市'
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..schema import Region
from .lexicon import Division, divisions

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# A short name only counts when a government word follows it, so 青海 in 青海省 counts but the
# 大连 in 信用大连 (a website name) does not.
# Zones named after their city count too: 苏州工业园区管理委员会, 中国（上海）自由贸易试验区临港新片区.
_GOV_AFTER_SHORT = re.compile(r"^(?:省|市|县|区|州|盟|旗|人民政府|政府|党委|委|政|府|高新区|经开区|经济技术开发区|开发区|新区"
                              r"|工业园区|高新技术产业开发区|综合保税区|保税区|[)）]?自由贸易试验区|自贸区)")
# How a text refers to its own government: 全市/我市/市政府/市委 … and the level prefix of units.
_SELF_REFERENCE = {
    "province": re.compile(r"全省|我省|本省|省政府|省委|省直|省级|省[^\W\d_]{1,6}(?:厅|委|局|办)"),
    "city": re.compile(r"全市|我市|本市|市政府|市委|市直|市级|市[^\W\d_]{1,6}(?:局|委|办)"),
    "county": re.compile(r"全县|我县|本县|县政府|县委|县直|县级|全区|我区|本区|区政府|区委|区[^\W\d_]{1,6}(?:局|委|办)"),
}
_LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}


@dataclass
class RegionResult:
    """The resolved region and level, with the evidence that chose them."""

    region: Region
    level: Optional[str]
    evidence: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Division], dict[str, list[Division]], dict[str, list[Division]], "NameScanner"]:
    by_code = {d.code: d for d in divisions()}
    by_name: dict[str, list[Division]] = defaultdict(list)
    by_short: dict[str, list[Division]] = defaultdict(list)
    for d in divisions():
        by_name[d.name].append(d)
        if d.short != d.name:
            by_short[d.short].append(d)
    return by_code, by_name, by_short, NameScanner(set(by_name) | set(by_short))


@dataclass(frozen=True)
class NameMatch:
    """Where a name was found: the ``re.Match`` calls its callers use."""

    word: str
    start_at: int

    def group(self, _: int = 0) -> str:
        return self.word

    def start(self) -> int:
        return self.start_at

    def end(self) -> int:
        return self.start_at + len(self.word)


class NameScanner:
    """Longest-first search for any of several thousand division names.

    A regex alternation of all names tries every name at every character (seconds on a long
    notice); here each position looks up only the name lengths that exist, longest first, so
    the result is the same leftmost-longest, non-overlapping matches.
    """

    def __init__(self, names: set[str]):
        self.names = frozenset(n for n in names if n)
        lengths: dict[str, set[int]] = defaultdict(set)  # first two characters -> name lengths
        for n in self.names:
            lengths[n[:2]].add(len(n))
        self.lengths = {head: tuple(sorted(ls, reverse=True)) for head, ls in lengths.items()}
        # where a name may start: a character that opens one, found by the regex engine (about
        # one position in seven of a notice), instead of a Python step at every character
        self._first = re.compile("[" + re.escape("".join(sorted({head[0] for head in self.lengths}))) + "]")

    def match(self, text: str, pos: int = 0) -> Optional[NameMatch]:
        """The longest name that starts at ``pos``."""
        for n in self.lengths.get(text[pos:pos + 2], ()):
            word = text[pos:pos + n]
            if word in self.names:
                return NameMatch(word, pos)
        return None

    def finditer(self, text: str):
        i, lengths, first = 0, self.lengths, self._first.search
        while (at := first(text, i)) is not None:
            i = at.start()
            if text[i:i + 2] in lengths:
                m = self.match(text, i)
                if m is not None:
                    yield m
                    i = m.end()
                    continue
            i += 1


def division_chain(d: Division) -> list[Division]:
    """The division and its ancestors, province first."""
    by_code = _index()[0]
    chain = [d]
    while chain[0].parent and chain[0].parent in by_code:
        chain.insert(0, by_code[chain[0].parent])
    return chain


def region_of(d: Division) -> Region:
    """The {province, city, county} of a division.

    >>> region_of(find_divisions("太和县")[0])
    Region(province='安徽省', city='阜阳市', county='太和县')
    """
    out = Region()
    for item in division_chain(d):
        setattr(out, item.level, item.name)
    return out


def find_divisions(text: str, shorts: bool = True) -> list[Division]:
    """Divisions named in a text, in order; a name shared by several divisions yields them all.

    >>> [d.name for d in find_divisions("天津市红桥区人民政府办公室")]
    ['天津市', '红桥区']
    """
    _, by_name, by_short, pattern = _index()
    out: list[Division] = []
    for m in pattern.finditer(text):
        word = m.group(0)
        if word in by_name:
            out.extend(by_name[word])
        elif shorts and _GOV_AFTER_SHORT.match(text[m.end():]):
            out.extend(by_short[word])
        elif text[max(0, m.start() - 2):m.start()] == "信用":
            # the credit website of a region is named after it: “信用内蒙古”, “信用揭阳”
            out.extend(d for d in by_short[word] if d.level != "county")
    return out


def _disambiguate(candidates: list[Division], context: list[Division]) -> list[Division]:
    """Among same-named divisions (太和县/太和区), keep those whose ancestors the context names."""
    if len(candidates) <= 1:
        return candidates
    context_codes = {c.code for c in context}
    scored = [(sum(a.code in context_codes for a in division_chain(d)[:-1]), d) for d in candidates]
    best = max(s for s, _ in scored)
    return [d for s, d in scored if s == best]


def divisions_from_doc_number(doc_number: str) -> list[Division]:
    """Divisions whose short name the doc number's agency prefix abbreviates.

    揭府〔2018〕38号 -> 揭阳市; 红桥政办发 -> 红桥区; 十政发 -> 十堰市 (one character abbreviates a city
    or province: 青政 could be 青海省 or 青岛市, and the caller weighs it with other evidence).
    """
    m = re.match(r"^\s*([^\W\d_]+?)(?:政办发|政办函|政办|政发|政函|府办发|府办|府发|府函|府|政|办发|办|委发|发)", doc_number)
    if not m:
        return []
    return list(_abbreviated_by(m.group(1)))


# Every document of a batch asks again for the few prefixes that occur (揭府, 青政, 国办发 …), and
# each answer is a scan over all 3,000 short names.
@functools.lru_cache(maxsize=4096)
def _abbreviated_by(prefix: str) -> tuple[Division, ...]:
    _, by_name, by_short, _ = _index()
    out = []
    for short, divs in by_short.items():
        if short == prefix or (len(prefix) == 1 and short.startswith(prefix)):
            out.extend(d for d in divs if len(prefix) > 1 or d.level in ("province", "city"))
    if len(prefix) == 1:
        # a one-character prefix is a province (青政) or a city (揭府); counties use two
        out = [d for d in out if d.level != "county"]
    return tuple(out)


def _central_body(issuer: str) -> bool:
    """A ministry or central agency, or its general office (生态环境部办公厅, 海关总署办公厅): the
    agency lexicon knows the body as national."""
    from .agencies import resolve_unit

    core = re.sub(r"(?:办公厅|办公室)$", "", issuer)
    return any(resolve_unit(name).level == "national" for name in {issuer, core} if len(name) >= 2)


def _named_with_parent(d: Division, text: str) -> bool:
    """A two-character division named after its city or province (阳泉市郊区, 保定雄县): alone,
    郊区, 城区, 矿区 are common nouns and 和县 the 和 of 市和县级, not the county."""
    return any(f"{p.name}{d.name}" in text or f"{p.short}{d.name}" in text
               for p in division_chain(d)[:-1] if p.short)


_ISSUING_VERB = re.compile(r"^(?:关于)?(?:印发|转发|下达|公布)?[《〈]?")


def _central_body_opening(title: str) -> bool:
    """The title (after 关于印发) opens with the name of a central body."""
    rest = title[_ISSUING_VERB.match(title).end():]
    return any(_central_body(rest[:k]) for k in range(min(len(rest), 16), 2, -1))


def resolve_region(issuers: Iterable[str] = (), title: Optional[str] = None, doc_number: Optional[str] = None,
                   text: str = "") -> RegionResult:
    """Resolve the issuing government's region and level from a document's header and text.

    Each source of evidence weighs the divisions it names and votes for a level (see the module's
    docstring, strongest first); the best-supported division at the winning level is the region.

    >>> r = resolve_region(title="太和县教育系统社会诚信体系建设实施方案")
    >>> (r.region.province, r.region.city, r.region.county, r.level)
    ('安徽省', '阜阳市', '太和县', 'county')
    """
    votes = _RegionVotes()
    votes.read_issuers(list(issuers))
    if title:
        votes.read_title(title)
    if doc_number:
        votes.read_doc_number(doc_number)
    if text:
        votes.read_text(text)
    level = votes.level_votes.most_common(1)[0][0] if votes.level_votes else None
    if not votes.weights:
        return RegionResult(Region(), level, votes.evidence)
    return _settle_region(votes.weights, level, votes.evidence)


@dataclass
class _RegionVotes:
    """The evidence of one document so far: a weight per division code, the votes for each level,
    and a line of evidence per division named in the header."""

    weights: Counter = field(default_factory=Counter)
    evidence: list[str] = field(default_factory=list)
    level_votes: Counter = field(default_factory=Counter)
    all_found: list[Division] = field(default_factory=list)

    def add(self, found: list[Division], weight: float, why: str) -> None:
        """Weigh the divisions one source names, a same-named pair (太和县/太和区) sharing the
        weight once the context has picked among them."""
        groups: dict[str, list[Division]] = defaultdict(list)
        for d in found:
            groups[d.name].append(d)
        for name, divs in groups.items():
            chosen = _disambiguate(divs, found + self.all_found)
            for d in chosen:
                self.weights[d.code] += weight / len(chosen)
            self.evidence.append(f"{why}: {name}")
        self.all_found.extend(found)

    def read_issuers(self, issuers: list[str]) -> None:
        """天津市红桥区人民政府办公室 names its division; 生态环境部办公厅, 国务院… name none and are
        central."""
        for issuer in issuers:
            found = find_divisions(issuer)
            self.add(found, 10.0, "issuer")
            if found:
                self.level_votes[_deepest(found).level] += 10
            elif "国务院" in issuer or issuer.startswith(("国家", "中共中央")) or _central_body(issuer):
                self.level_votes["national"] += 10

    def read_title(self, title: str) -> None:
        """揭阳市人民政府关于印发…: the part before 关于 is the issuer; the rest may name the
        division the plan is for (太和县教育系统…方案)."""
        head = re.split(r"关于", title, maxsplit=1)
        found = find_divisions(head[0]) if len(head) > 1 and head[0] else []
        if found:
            self.add(found, 8.0, "title issuer")
            self.level_votes[_deepest(found).level] += 8
        body_found = find_divisions(title)
        self.add(body_found, 4.0, "title")
        if body_found and not found:
            self.level_votes[_deepest(body_found).level] += 4
        elif not found and _central_body_opening(title):
            # 关于印发交通运输部直属机关团委2014年工作总结…的通知: the issued text is titled by its
            # body, a central one (round 8 y05, a ministry's youth league committee)
            self.level_votes["national"] += 6
            self.evidence.append("title names a central body")

    def read_doc_number(self, doc_number: str) -> None:
        """揭府〔2018〕38号: the prefix abbreviates the issuer's division."""
        if re.match(r"^\s*国(?:发|办发|办函|函|令|办)", doc_number):
            self.level_votes["national"] += 8  # 国发/国办发/国函: the State Council's own numbers
        found = divisions_from_doc_number(doc_number)
        if found:
            self.add(found, 3.0, "doc number")

    def read_text(self, text: str) -> None:
        """The body's divisions count little and saturate (a notice lists every county it
        concerns); how it speaks of itself (全市, 市政府, 自治区…) votes for a level."""
        found = [d for d in find_divisions(text, shorts=False) if len(d.name) > 2 or _named_with_parent(d, text)]
        counts = Counter(d.code for d in found)
        for d in found:
            self.weights[d.code] += min(counts[d.code], 10) * 0.3 / counts[d.code]
        self.all_found.extend(found)
        for level, pattern in _SELF_REFERENCE.items():
            self.level_votes[level] += min(len(pattern.findall(text)), 40) * 0.1
        if "自治区" in text:
            self.level_votes["province"] += min(text.count("自治区"), 20) * 0.15


def _settle_region(weights: Counter, level: Optional[str], evidence: list[str]) -> RegionResult:
    """The most specific division that carries most of the evidence, at the voted level."""
    by_code = _index()[0]
    # every mention of a county also supports its city and province
    support: Counter = Counter()
    for code, w in weights.items():
        for d in division_chain(by_code[code]):
            support[d.code] += w
    candidates = _at_level([by_code[c] for c in support], level, by_code)
    top = max(support[d.code] for d in candidates)
    # the most specific division that carries most of the evidence (a county mention supports
    # its province as much as itself, and the county is what the notice is about)
    strong = [d for d in candidates if support[d.code] >= 0.5 * top]
    best = max(strong, key=lambda d: (_LEVEL_RANK[d.level], support[d.code]))
    region = region_of(best)
    if level is None:
        level = best.level
    if region.province in _MUNICIPALITIES and level == "city":
        level = "province"
    if level == "national":
        region = Region()
    return RegionResult(region, level, evidence)


def _at_level(candidates: list[Division], level: Optional[str], by_code: dict) -> list[Division]:
    """The candidates at the voted level, when there are any. A city-level notice may come from a
    county-level city under a province directly (仙桃市 of 湖北省) or from a 直辖市, which is a
    province."""
    if not level or level == "national":
        return candidates
    at_level = [d for d in candidates if d.level == level
                or (level == "city" and d.level == "county" and by_code.get(d.parent or "") is not None
                    and by_code[d.parent].level == "province" and d.name.endswith("市"))]
    if level == "city" and not at_level:
        at_level = [d for d in candidates if d.level == "province" and d.name in _MUNICIPALITIES]
    return at_level or candidates


def _deepest(found: list[Division]) -> Division:
    return max(found, key=lambda d: _LEVEL_RANK[d.level])
