"""Canonical agency and government level of a unit name.

Notices name the same body many ways: 市发改委, 市发展改革委, 市发展改革局, 区发展改革委 and
省发展改革委 are all the development-and-reform body of some government; 市人社局 and
市人力资源社会保障局 are one; 人行揭阳中心支行 is the central bank's branch. A name is read as

    [level prefix | region name | 中共…] + body + [机关]

where the level prefix is 省/自治区/市/州/县/区/旗 (or 国家/国务院/中央), the region name is a
division of GB/T 2260 (大连银监局, 宣城海关), and the body is looked up among the aliases of
``lexicons/extract/agencies.tsv``. A name without prefix belongs to the document's own
government (``科技厅`` in a provincial notice), unless its form is a central body's (商务部,
海关总署). Unknown bodies keep their printed name with ``agency=None``.

>>> u = resolve_unit("市发改委", Region(province="福建省", city="南平市"), "city")
>>> (u.agency, u.level, u.canonical)
('development_reform', 'city', '南平市发展和改革委员会')
>>> resolve_unit("人行揭阳中心支行").agency
'central_bank'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from ..schema import Region, Unit
from .lexicon import Agency, agencies
from .region import _index as _division_index

_LEVEL_PREFIXES = (("自治区", "province"), ("自治州", "city"), ("省级", "province"), ("市级", "city"),
                   ("县级", "county"), ("省", "province"), ("市", "city"),
                   ("州", "city"), ("盟", "city"), ("地区", "city"), ("县", "county"), ("区", "county"),
                   ("旗", "county"))
_NATIONAL_PREFIXES = ("中共中央", "国务院", "国家", "中央", "全国", "中国")
_CENTRAL_BANK = re.compile(r"^(?:中国)?人民银行|^人行")
# the form of a central body: 商务部, 市场监管总局, 海关总署, 国家发展改革委
_NATIONAL_FORM = re.compile(r"(?:[^委]部|总局|总署|审计署)$")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "〈": "(", "〉": ")", "〔": "(", "〕": ")", "【": "(", "】": ")"})
# compiled once: resolve_unit runs for every candidate name of every task
_SPACES = re.compile(r"\s+")
_LEVEL_HEAD = re.compile(r"^(?:国家|国务院|[省市县区])")
_GOVERNMENT_TAIL = re.compile(r"(?:人民)?政府.*$")
_BRACKETED = re.compile(r"^(.+?)\((.+)\)$")
_GOVERNMENTS = re.compile(r"^(?:有关|相关|其他|[省市县]级)?(?:[省市县区州]+)?(?:人民)?政府$")
_ENDS_GOVERNMENT = re.compile(r"政府(?:\(.*\))?$")
_COLLECTIVE_HEAD = re.compile(r"^(?:[省市县区]直)?(?:各级|各|有关|相关|其他)")
_LEVEL_LIST_IN_COLLECTIVE = re.compile(r"^([省市县区州])(?:[、,]?[省市县区州]|\([省市县区州、,]+\))+")
_LEVEL_LIST = re.compile(r"^([省市县区州])(?:[、,]?[省市县区州]|\([省市县区州]\))+")
_YOUTH_LEAGUE = re.compile(r"^团([省市县区])委")
_LEVELS_THEN_EACH = re.compile(r"^[省市县区州](?:[、,]?[省市县区州]|\([省市县区州]\))*(?:政府|直属|府直属|直)?各")
_LEVEL_WORD = {"province": "省", "city": "市", "county": "县"}
_LEVEL_CHAR = {"省": "province", "市": "city", "州": "city", "县": "county", "区": "county"}


def fold_name(name: str) -> str:
    """A unit name with bracket variants unified and whitespace dropped, for comparison.

    >>> fold_name("各县〈市、区〉人民政府〈管委会〉")
    '各县(市、区)人民政府(管委会)'
    """
    return _SPACES.sub("", name.translate(_BRACKETS))


@functools.lru_cache(maxsize=1)
def _alias_map() -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for entry in agencies():
        for alias in [entry.name, *filter(None, entry.aliases.split("|"))]:
            out.setdefault(alias, entry)
        if entry.national:
            out.setdefault(entry.national, entry)
    return out


# The words that name a function's bodies by their role rather than by name (国务院 and GB/T 9704
# practice: 县级以上人民政府交通运输主管部门, 卫生行政部门).
_FUNCTION_WORDS = re.compile(r"(?:行政)?(?:主管|管理)?(?:部门|机关|系统)$")


def lookup_body(body: str) -> Optional[Agency]:
    """The agency whose alias is exactly ``body`` (the name after its level prefix).

    >>> lookup_body("人力资源社会保障局").code
    'human_resources'
    """
    return _lookup_body(body)


# A name is tried against the aliases from every cut and prefix (_parent_body tries each cut of a
# long name): 384,000 lookups over 300 notices, for some thousands of distinct strings. The result
# depends on the string alone, and Agency rows are frozen, so one answer per string is kept.
@functools.lru_cache(maxsize=1 << 16)
def _lookup_body(body: str) -> Optional[Agency]:
    aliases = _alias_map()
    if body in aliases:
        return aliases[body]
    for prefix in ("人民政府", "政府", "府"):
        # 市政府法制办, 市政府金融办: the 政府 names the government the office belongs to
        if body.startswith(prefix) and body[len(prefix):] in aliases:
            return aliases[body[len(prefix):]]
    if body.endswith("机关") and body[:-2] in aliases:
        return aliases[body[:-2]]
    function = _FUNCTION_WORDS.search(body)
    if function and function.start() >= 2:
        # 卫生健康部门, 市场监管部门, 交通运输主管部门, 卫生行政管理部门: a function named by its
        # field; the field's body is meant
        stem = body[:function.start()]
        for word in (stem, stem + "局", stem + "委", stem + "厅", stem + "办"):
            if word in aliases:
                return aliases[word]
    if body.startswith("党委") and body[1:] in aliases:
        return aliases[body[1:]]  # 自治区党委组织部
    if body.endswith(("管委会", "管理委员会")) and len(body) > 3:
        return aliases["管委会"]  # 武夷新区管委会: a development zone's administrative committee
    return None


_SUBUNIT_SUFFIXES = ("支队", "大队", "中队", "分局", "处", "科", "中心", "所", "站", "办公室", "室", "局", "公司")


def _parent_body(body: str) -> tuple[Optional[Agency], Optional[str]]:
    """A sub-unit takes its parent's agency: 公安局交警支队 -> public security; 国家税务总局温州市
    税务局 -> taxation at the level of the region named after the parent."""
    if not body.endswith(_SUBUNIT_SUFFIXES):
        return None, None  # every cut's rest ends as the body does: no sub-unit here
    for cut in range(len(body) - 1, 1, -1):
        head, rest = body[:cut], body[cut:]
        if not rest.endswith(_SUBUNIT_SUFFIXES) or rest[0] in "和及与、，,":
            continue
        parent = lookup_body(head)
        if parent is None:
            continue
        bare_rest = _LEVEL_HEAD.sub("", rest)
        if lookup_body(rest) or lookup_body(bare_rest):
            return None, None  # 发展改革委及国家粮食局: two bodies, not a body and its sub-unit
        found = _region_prefix(rest)
        return parent, (found[1] if found else None)
    return None, None


def _region_prefix(name: str) -> Optional[tuple[str, str, str]]:
    """(region name as printed, its level, the division's full name) when a name opens with one."""
    _, by_name, by_short, pattern = _division_index()
    m = pattern.match(name)
    if not m:
        return None
    word = m.group(0)
    divs = by_name.get(word) or by_short.get(word) or []
    if not divs:
        return None
    d = min(divs, key=lambda x: {"province": 0, "city": 1, "county": 2}[x.level])
    return word, d.level, d.name


def _collective_level(name: str) -> Optional[str]:
    """Level of a collective of governments: 各县(市、区)人民政府 -> county, 各市州政府 -> city."""
    head = _GOVERNMENT_TAIL.sub("", name)
    if any(ch in head for ch in "县区旗"):
        return "county"
    if any(ch in head for ch in "市州盟"):
        return "city"
    if "省" in head:
        return "province"
    if "乡" in head or "镇" in head or "街道" in head:
        return "county"
    return None


def _municipality(region: Optional[Region]) -> bool:
    """A 直辖市 (北京市, 上海市, 天津市, 重庆市): a province whose name is a city's."""
    return bool(region and region.province and region.province.endswith("市") and region.city in (None, region.province))


def _region_name(region: Optional[Region], level: Optional[str]) -> Optional[str]:
    if region is None or level is None or level == "national":
        return None
    return getattr(region, level, None)


# Collectives that name places, and so their governments: 各地区, 各地, 有关地区, 各省份
_PLACES = re.compile(r"^(?:各|有关|相关|其他)(?:试点)?(?:地区|地方|地|省份|城市)$|^(?:各|有关)?试点(?:地区|城市|省份)$")


def resolve_unit(name: str, region: Optional[Region] = None, doc_level: Optional[str] = None) -> Unit:
    """A :class:`~policyparse.schema.Unit` for a printed name, with agency, level and canonical.

    name (str): the unit as printed (``市人社局``, ``人民银行西宁中心支行``, ``各市州政府``).
    region (Region): the document's region, used for unprefixed names and for ``canonical``.
    doc_level (str): the document's level (national/province/city/county).
    RETURNS (Unit): a new unit each call (callers set its ``span``).

    >>> u = resolve_unit("省委组织部", Region(province="青海省"), "province")
    >>> (u.agency, u.level, u.canonical)
    ('party_organization', 'province', '青海省委组织部')
    >>> resolve_unit("各县〈市、区〉人民政府〈管委会〉").level
    'county'
    >>> u = resolve_unit("市绩效管理部门x")
    >>> (u.agency, u.canonical)
    (None, '市绩效管理部门x')
    """
    place = (region.province, region.city, region.county) if region is not None else None
    return _resolve_cached(name, place, doc_level).model_copy()


def has_agency(name: str) -> bool:
    """Whether :func:`resolve_unit` finds an agency for ``name`` (no region, no level).

    The implicit-unit reader asks this of every substring before an actor word, nearly all of
    them distinct and no body's name: a test on how the name ends, which every reading that finds
    an agency must pass, turns most of them away before any resolution.
    """
    folded = fold_name(name).lstrip("*")
    two, one = _agency_tails()
    if folded[-2:] not in two and folded[-1:] not in one and not _CENTRAL_BANK.match(folded):
        return False
    return _resolve_cached(name, None, None).agency is not None


@functools.lru_cache(maxsize=1)
def _agency_tails() -> tuple[frozenset[str], frozenset[str]]:
    """(last two characters, last character) that a name an agency is read from ends with.

    Every reading of :func:`_resolve_unit` looks up a tail of the name (what is left once a
    level, place or 中共 is read off it), so the name ends as that tail does: an alias (also
    behind 人民政府, 政府 or 党委), 机关 and the function words, 管委会, a sub-unit's suffix (a
    body's 处, 支队), a collective of places or governments (各地, …人民政府（管委会）) or a
    division named alone. Keep it in step with :func:`_resolve_unit` and :func:`_lookup_body`.
    """
    _, by_name, _, _ = _division_index()
    named = [*_alias_map(), *_SUBUNIT_SUFFIXES, *by_name, "机关", "部门", "系统", "管委会", "政府",
             "地区", "地方", "省份", "城市"]
    two = frozenset(word[-2:] for word in named if len(word) >= 2)
    return two, frozenset(word for word in named if len(word) == 1) | frozenset("地)")


# The same names recur in every task of a notice and across notices (市发展改革委, 各县（市、区）
# 人民政府): 43,000 resolutions over 300 notices for a few thousand distinct (name, region, level)
# triples. The answer depends on those alone; each caller gets its own copy to set a span on.
@functools.lru_cache(maxsize=1 << 15)
def _resolve_cached(name: str, place: Optional[tuple], doc_level: Optional[str]) -> Unit:
    region = Region(province=place[0], city=place[1], county=place[2]) if place is not None else None
    return _resolve_unit(name, region, doc_level)


def _resolve_unit(name: str, region: Optional[Region] = None, doc_level: Optional[str] = None) -> Unit:
    """:func:`resolve_unit` itself, uncached.

    A name is read as the first form that fits: a body printed with its second name, a collective
    (各有关部门), a division named alone (成都市), the central bank's branches, and else one body
    behind its printed place or level (大连市通信管理局, 市人社局), named canonically.
    """
    folded = fold_name(name).lstrip("*")
    unit = Unit(name=name, canonical=folded)
    bracketed = _BRACKETED.match(folded)
    if bracketed and not folded.startswith("各"):
        # 市委组织部（市委人才办）: a body printed with its second name; the first one decides
        inner = resolve_unit(bracketed.group(1), region, doc_level)  # a copy: its name is set below
        if inner.agency is not None:
            inner.name = name
            return inner
    if _read_collective(unit, folded) or _read_division(unit, folded) or _read_central_bank(unit, folded, doc_level):
        return unit
    named = _strip_place(folded)
    agency = _read_level_and_agency(named, region, doc_level)
    unit.level = named.level
    if agency is None:
        return unit
    unit.agency = agency.code
    unit.canonical = _canonical_name(agency, named, folded, region)
    return unit


def _read_collective(unit: Unit, folded: str) -> bool:
    """Set ``unit`` when ``folded`` names many bodies: 各有关部门, 市直有关单位, 各县(市、区)人民政府,
    市政府各部门; False when it names one."""
    if _PLACES.match(folded):
        unit.agency = "local_government"  # 各地区, 试点地区: the governments of those places
        return True
    if _GOVERNMENTS.match(folded) and folded[:2] in (
            "有关", "相关", "其他", "省级", "市级", "县级"):
        unit.agency = "local_government"  # 省级人民政府, 有关市州人民政府: a collective of governments
        unit.level = _collective_level(folded.replace("级", ""))
        return True
    if not (folded.startswith(("各", "有关", "相关", "其他", "全区", "全市", "全县", "全省"))
            or _LEVELS_THEN_EACH.match(folded)):
        return False
    if _ENDS_GOVERNMENT.search(folded) and "各" in folded:
        unit.agency = "local_government"
        unit.level = _collective_level(folded)
        return True
    unit.level = _LEVEL_CHAR.get(folded[0]) if folded[0] in _LEVEL_CHAR else None
    # 各级财政部门, 各开发区管委会, 各区、县(市)科技局: the bodies of one function at several places
    rest = _COLLECTIVE_HEAD.sub("", folded)
    levels = _LEVEL_LIST_IN_COLLECTIVE.match(rest)
    if levels:
        unit.level = unit.level or _LEVEL_CHAR[levels.group(1)]
        rest = rest[levels.end():]
    function = lookup_body(rest)
    if function is not None and function.code != "local_government":
        unit.agency = function.code
    return True


def _read_division(unit: Unit, folded: str) -> bool:
    """责任单位：科技厅、成都市、…: a division named alone stands for its government."""
    place = _region_prefix(folded)
    if place and place[0] == folded == place[2]:
        unit.agency, unit.level = "local_government", place[1]
        return True
    return False


def _read_central_bank(unit: Unit, folded: str, doc_level: Optional[str]) -> bool:
    """人民银行西宁中心支行, 人行XX县支行: a branch of the central bank, at the level of the place
    it names (else the document's)."""
    m = _CENTRAL_BANK.match(folded)
    if not (m and len(folded) > m.end()):
        return False
    found = _region_prefix(folded[m.end():])
    unit.agency = "central_bank"
    unit.level = (found[1] if found else None) or doc_level
    return True


@dataclass
class _Named:
    """One body as printed, once the place or level before it is read off.

    body (str): what is left to look up (通信管理局 of 大连市通信管理局).
    level (str): the level the prefix says, or None while unread.
    region_word (str): the full name of the division printed before the body.
    printed_prefix (str): the level word printed before it (市, 市级, 市、县(区)).
    """

    body: str
    level: Optional[str] = None
    region_word: Optional[str] = None
    printed_prefix: Optional[str] = None
    municipal: bool = False  # a 市 body of a 直辖市, settled as the province's


def _strip_place(folded: str) -> _Named:
    """Read the national, regional or level prefix off one body's name, in that order."""
    named = _Named(folded)
    for prefix in _NATIONAL_PREFIXES:
        if named.body.startswith(prefix) and lookup_body(named.body[len(prefix):]) is not None:
            named.level, named.body = "national", named.body[len(prefix):]  # 国家发展改革委
            return named
    if named.body.startswith("中共"):
        named.body = named.body[2:]
    if _strip_region(named) or _strip_level_list(named):
        return named
    _strip_level_prefix(named)
    return named


def _strip_region(named: _Named) -> bool:
    """大连市通信管理局, 青海省发展改革委: a division's name before the body gives place and level."""
    body = named.body
    found = _region_prefix(body)
    if found and lookup_body(body[len(found[0]):]) is not None:
        word, named.level, named.region_word = found
        body = body[len(word):]
        # 大连市通信管理局: the region's own generic part may follow a short name
        for ch in ("市", "省", "县", "区"):
            if body.startswith(ch) and lookup_body(body[1:]) is not None and lookup_body(body) is None:
                body = body[1:]
    elif found and found[0] != body and lookup_body(body[len(found[0]):].lstrip("市省县区")) is not None:
        word, named.level, named.region_word = found
        body = body[len(word):].lstrip("市省县区")
    else:
        return False
    named.body = body
    return True


def _strip_level_list(named: _Named) -> bool:
    """市、县(区)信用管理部门, 市县(区)…: the bodies of several levels; the first one names it."""
    levels = _LEVEL_LIST.match(named.body)
    if levels and lookup_body(named.body[levels.end():]):
        named.level, named.printed_prefix = _LEVEL_CHAR[levels.group(1)], levels.group(0)
        named.body = named.body[levels.end():]
        return True
    return False


def _strip_level_prefix(named: _Named) -> None:
    """团市委 (the youth league's own form), 市人社局, 自治区民政厅: a level word before a known body
    (or a sub-unit of one)."""
    youth = _YOUTH_LEAGUE.match(named.body)
    if youth:
        named.level = _LEVEL_CHAR[youth.group(1)]
        return
    for prefix, prefix_level in _LEVEL_PREFIXES:
        if not named.body.startswith(prefix):
            continue  # most names open with none of them: no slice cut for each
        rest = named.body[len(prefix):]
        if rest and (lookup_body(rest) or _parent_body(rest)[0]):
            named.level, named.body, named.printed_prefix = prefix_level, rest, prefix
            return


def _read_level_and_agency(named: _Named, region: Optional[Region], doc_level: Optional[str]) -> Optional[Agency]:
    """The body's agency (its own, or its parent's for a sub-unit), and ``named.level`` settled:
    what the name says, else what its form says, else the document's level."""
    body = named.body
    agency = lookup_body(body)
    if agency is None:
        agency, sub_level = _parent_body(body)
        named.level = named.level or sub_level
    if named.level is None and agency is None and not body.startswith("市场"):
        for prefix, prefix_level in _LEVEL_PREFIXES:
            # an unknown body still tells its level: 市绩效管理部门
            if body.startswith(prefix) and len(body) > len(prefix) + 1:
                named.level = prefix_level
                break
    if named.level is None:
        if body.startswith(_NATIONAL_PREFIXES) or (agency is not None and _NATIONAL_FORM.search(body)):
            named.level = "national"
        else:
            named.level = doc_level
    named.municipal = _municipality(region) and named.printed_prefix in ("市", "市级") and named.level == "city"
    if named.municipal:
        named.level = "province"  # 上海市 is a province-level city: its 市财政局 is the province's body
    return agency


def _canonical_name(agency: Agency, named: _Named, folded: str, region: Optional[Region]) -> str:
    """The body's full name: a central body's own, a vertical or mass body's as printed, and
    else the place (or level word) before the lexicon's name for a body at that level."""
    level = named.level
    if level == "national":
        return agency.national or agency.name
    if agency.kind in ("vertical", "mass_org") or agency.code in ("local_government", "development_zone"):
        return folded
    place = named.region_word or _region_name(region, level)
    prefix = place or named.printed_prefix or _LEVEL_WORD.get(level, "")
    # a 直辖市 names its bodies like a city (上海市人力资源和社会保障局, not …厅)
    name = agency.province_name if level == "province" and agency.province_name and not named.municipal else agency.name
    if name.startswith("委") and prefix.endswith("自治区"):
        name = "党" + name  # 内蒙古自治区党委组织部: a 自治区's party committee is its 党委
    return f"{prefix}{name}"
