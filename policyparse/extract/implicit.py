"""Implicit responsibility: units a task's own sentences make the actor when no clause names any.

Notices without 责任单位 clauses still assign work in the sentence itself (GUIDE.md §2):
``区发展改革委要发挥好…牵头职能``, ``市信用办会同有关部门负责…``, ``各地区、各有关部门要…``,
``由上级人民政府定期对下级人民政府进行…``. A unit counts when it opens a sentence or clause (or
is a known body glued to the previous sentence by a lost 。) and an actor word follows it:
要/应/负责/会同/牵头/统筹…. Partners named after 会同 are actors too.

>>> find_implicit_units("加强组织保障。区发展改革委要发挥好信用体系建设工作的牵头职能。")
['区发展改革委']
>>> find_implicit_units("各地区、各有关部门要把实施守信联合激励作为重要举措")
['各地区', '各有关部门']
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from .agencies import lookup_body, resolve_unit
from .lexicon import unit_suffixes

# Words that make the unit before them the actor of the clause.
_ACTOR = r"(?:要|应当|应|须|需|必须|均要|负责|会同|牵头|统筹|具体负责|定期|按照|依法|依托|组织|研究|及时|切实|加快|加强|积极|继续|进一步)"
# 各行政执法机关在各自门户网站…公示: a preposition phrase may stand between the actor and its verb
_PREPOSITION = r"(?:在|对|将|把|从|向|通过|与|为|以)"
_OPENERS = r"(?:由|并由|同时|其中|另外|此外)?"
_LIST_SEP = "、和及"
_COLLECTIVE = re.compile(r"^(?:各|全[市区县省]各|[市县区省]直各?|[市县区省]政府各)")
_BAD = re.compile(r"[《》“”\"\d%]")


@functools.lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, unit_suffixes())) + ")$")


def _is_unit_name(name: str) -> bool:
    """A name that can be an actor: a known body, a collective, or a name with a body suffix."""
    if len(name) < 2 or len(name) > 30 or _BAD.search(name):
        return False
    if name in ("各地区", "各地", "各部门", "各地各部门", "各级各部门"):
        return True
    unit = resolve_unit(name)
    if unit.agency is not None:
        return True
    if _COLLECTIVE.match(name) and (_suffix_re().search(name) or name.endswith(("地区", "地"))):
        return True
    return bool(re.match(r"^(?:[省市县区]|自治区|各级|上级|下级|同级)", name)) and bool(_suffix_re().search(name))


def _split_list(text: str) -> list[str]:
    # 各地区各部门: two collectives glued without a separator
    parts = re.split(r"[、]|(?<=[部门单位府委局办])(?:和|及)(?=[各市省县区])|(?<=地区|部门)(?=各)", text)
    return [p.strip() for p in parts if p.strip()]


def find_implicit_units(text: str, heading: Optional[str] = None) -> list[str]:
    """Units that the task text makes responsible, as printed, in order of first mention.

    >>> find_implicit_units("自治区社会信用体系建设领导小组办公室会同自治区党委组织部、人力资源社会保障厅等相关部门,对各地区进行考核")
    ['自治区社会信用体系建设领导小组办公室', '自治区党委组织部', '人力资源社会保障厅']
    """
    body = text
    if heading and body.startswith(heading):
        body = body[len(heading):]
    found: list[str] = []

    def add(name: str) -> None:
        name = name.strip()
        name = re.sub(r"等(?:有关|相关)?(?:部门|单位)?$", "", name)
        if name and name not in found and _is_unit_name(name):
            found.append(name)

    for chunk in re.split(r"[。；;，,：:\n]", body):
        chunk = chunk.strip()
        m = re.match(rf"^{_OPENERS}((?:[^{_LIST_SEP}，。；]{{2,30}}?)(?:[、和及][^、，。；]{{2,30}}?)*?)"
                     rf"(?=等?(?:{_ACTOR}|{_PREPOSITION}))", chunk)
        if m:
            names = _split_list(m.group(1))
            if names and all(_is_unit_name(re.sub(r"等$", "", n)) for n in names):
                for n in names:
                    add(n)
                _partners(chunk[m.end():], add)
                continue
    # a known body glued to the previous sentence by a lost 。: …监督检查市发展改革委要加强统筹
    for m in re.finditer(rf"(?:自治区|[省市县区])(?:[^\W\d_]{{2,14}}?)(?={_ACTOR})", body):
        name = m.group(0)
        for start in range(0, len(name) - 2):
            candidate = name[start:]
            bare = re.sub(r"^(?:自治区|[省市县区])", "", candidate)
            following = body[m.end():m.end() + 5]
            if any(lookup_body(bare + following[:k]) for k in range(1, len(following) + 1)):
                break  # 自治区党委|组织部: the actor word is the start of a longer body name
            if re.match(r"^(?:自治区|[省市县区])", candidate) and lookup_body(bare):
                before = body[max(0, m.start() + start - 1):m.start() + start]
                if before in ("向", "与", "和", "及", "对", "给", "由于", "经", "的"):
                    break
                add(candidate)
                break
    return found


def _partners(rest: str, add) -> None:
    """Units named after 会同: 会同自治区党委组织部、人力资源社会保障厅等相关部门."""
    m = re.match(r"^等?(?:要|应)?会同([^，,。；]+?)(?:等(?:有关|相关)?(?:部门|单位)|[，,。；]|$)", rest)
    if not m:
        return
    names = [n for n in _split_list(m.group(1)) if n not in ("有关部门", "相关部门", "有关单位", "相关单位")]
    # 会同组织、编办、人事…部门 lists functions, not bodies: take the partners only when all are bodies
    if names and all(_is_unit_name(n) for n in names):
        for name in names:
            add(name)
