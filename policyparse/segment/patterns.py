"""Shared recognisers: dates, 发文字号, unit-like names, bracket matching."""

from __future__ import annotations

import functools
import re
from typing import Optional

from ..literals import may_match, required_literals
from .lexicon import department_collective_regex, unit_suffix_regex
from .markers import cn_number

# The endings of a 发文机关署名 (GB/T 9704 §7.3.5.1): a signature line or an issuer before its date
# is a body's name ending so (中共黑龙江省安全生产监督管理局党组 signs a party group's notice).
# One-character names of administrative levels (县、市、区 listed; 区县合作医疗管理办公室).
LEVEL_CHARS = frozenset("省市县区州盟旗乡镇村")

ISSUER_ENDS = ("人民政府", "政府", "办公室", "办公厅", "委员会", "管委会", "管理委员会", "局", "厅", "委", "办",
               "部", "院", "署", "中心", "小组", "总局", "协会", "党组", "办事处",
               # 中国银保监会, 中国证监会 (their signature and the 发文机构 a site prints), 中华全国妇女联合会
               "监会", "联合会",
               # 交通运输部直属机关工会, 中华全国总工会: a trade union signs its own work reports
               "工会",
               # 国务院扶贫办综合司, 中国人民银行沈阳分行: a ministry's department and a central bank's
               # branch sign joint notices with ministries and provinces (国卫办财务函〔2018〕, 辽财库〔2017〕)
               "综合司", "分行")

_CN_YEAR_DIGIT = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3",
                  "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# a date in Chinese numerals a layout spread out keeps spaces between its digits (二 ○○ 七年十二月八日,
# the signature date of a 云南 .wps notice)
_CN_YEAR = r"[〇零○Ｏ一二三四五六七八九](?:[ \u3000]?[〇零○Ｏ一二三四五六七八九]){3}"
DATE = re.compile(
    r"(\d{4}|" + _CN_YEAR + r")\s*年\s*(" + _NUM + r")\s*月\s*(" + _NUM + r")\s*日")
_DATE_LITERALS = required_literals(DATE)  # 年, 月, 日: every date holds them

# 发文字号 (GB/T 9704-2012 7.2.4): 机关代字 + 〔年份〕 + 序号 + 号. Scraped pages also print [2018],
# （2018）, 【2018】 and spaces inside (揭府〔2018〕38 号).
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,16}?)\s*([〔\[［【(（])\s*((?:19|20)\d{2})\s*([〕\]］】)）])\s*[第]?\s*(\d{1,4})\s*号")


def parse_date(text: str) -> Optional[str]:
    """First date in ``text`` as ISO ``YYYY-MM-DD``.

    >>> parse_date("2018 年 7 月 23 日")
    '2018-07-23'
    >>> parse_date("二〇一七年八月一日")
    '2017-08-01'
    >>> parse_date("二 ○○ 七年十二月八日")
    '2007-12-08'
    """
    m = search_date(text)
    if not m:
        return None
    return iso_date(m)


def search_date(text: str) -> Optional["re.Match[str]"]:
    """``DATE.search(text)``, answered at once for the many lines that lack 年, 月 or 日.

    >>> search_date("加强组织领导") is None, search_date("2018年7月23日印发").group(0)
    (True, '2018年7月23日')
    """
    return DATE.search(text) if may_match(_DATE_LITERALS, text) else None


def iso_date(m: "re.Match[str]") -> Optional[str]:
    year_text, month_text, day_text = m.group(1), m.group(2), m.group(3)
    if not year_text.isdigit():
        year_text = "".join(_CN_YEAR_DIGIT.get(c, "") for c in year_text)
    month = int(month_text) if month_text.isdigit() else cn_number(month_text)
    day = int(day_text) if day_text.isdigit() else cn_number(day_text)
    if not (month and day and 1 <= month <= 12 and 1 <= day <= 31 and len(year_text) == 4):
        return None
    return f"{year_text}-{month:02d}-{day:02d}"


def find_doc_number(text: str) -> Optional["re.Match[str]"]:
    return DOC_NUMBER.search(text)


def doc_number_text(m: "re.Match[str]") -> str:
    """The number as printed without spaces: ``揭府〔2018〕38 号`` -> ``揭府〔2018〕38号``.

    >>> doc_number_text(find_doc_number("揭府〔2018〕38 号"))
    '揭府〔2018〕38号'
    """
    return re.sub(r"\s+", "", m.group(0))


def split_top_level(text: str, seps: str = "、，,；;") -> list[tuple[int, int]]:
    """(start, end) of the pieces of ``text`` split at separators outside brackets.

    >>> t = "各县(市、区)人民政府、武夷新区管委会,市直有关部门"
    >>> [t[s:e] for s, e in split_top_level(t)]
    ['各县(市、区)人民政府', '武夷新区管委会', '市直有关部门']
    """
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "(（〈<[［【〔":
            depth += 1
        elif c in ")）〉>]］】〕" and depth:
            depth -= 1
        elif c in seps and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


# Endings after which a name is complete, so that a following 各…/市… starts the next name even
# when the separator was lost in scraping (各区市县人民政府各先导区管委会).
_CLOSED_NAME = re.compile(r"(人民政府|管委会|管理委员会|机构|办事处)(?=[\u4e00-\u9fff]{3,})")
_GOVERNMENTS = ("人民政府", "管委会", "管理委员会")


def split_lost_separators(name: str) -> list[tuple[int, int]]:
    """Split a name at a lost separator after a complete organisation name.

    >>> t = "各县市区人民政府十堰经济技术开发区"
    >>> [t[s:e] for s, e in split_lost_separators(t)]
    ['各县市区人民政府', '十堰经济技术开发区']
    >>> t = "市政府各委办局"
    >>> [t[s:e] for s, e in split_lost_separators(t)]
    ['市政府各委办局']
    >>> t = "市人民政府各部门"
    >>> [t[s:e] for s, e in split_lost_separators(t)]
    ['市人民政府各部门']
    """
    # 市人民政府各部门 / 区人民政府各直属机构: a government's own departments named collectively
    # belong to that government, they are no second body after a lost separator.
    collective = department_collective_regex()
    # Only a government owns departments: 各直属机构各有关单位 is still two recipients.
    cuts = [0] + [m.end() for m in _CLOSED_NAME.finditer(name)
                  if not (m.group(1) in _GOVERNMENTS and collective.fullmatch(name, m.end()))] + [len(name)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


_BRACKETED = re.compile(r"[(（〈<][^)）〉>]*[)）〉>]")


def is_unit_like(name: str) -> bool:
    """True for names of organisations: ends with a unit suffix (局, 委, 办, 政府 …) or is a
    collective (各有关部门).

    >>> is_unit_like("市信用办"), is_unit_like("市社会信用体系建设领导小组有关成员单位")
    (True, True)
    >>> is_unit_like("含新媒体"), is_unit_like("2017年版")
    (False, False)
    """
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"(等有关部门|等相关部门|等有关单位|等单位|等部门|等)$", "", name)
    if not name or len(name) > 40 or re.search(r"\d{4}", name):
        return False
    name_no_brackets = _BRACKETED.sub("", name)
    return len(name_no_brackets) >= 2 and bool(unit_suffix_regex().search(name_no_brackets))


def is_unit_list(text: str) -> bool:
    """True when every top-level piece of ``text`` is a unit name.

    >>> is_unit_list("市信用办、市数字办、市社会信用体系建设领导小组有关成员单位")
    True
    >>> is_unit_list("含新媒体")
    False
    """
    pieces = [text[s:e].strip() for s, e in split_top_level(text)]
    return bool(pieces) and all(is_unit_like(p) for p in pieces)


@functools.lru_cache(maxsize=4)
def _phrase_title_regex(max_piece: int) -> "re.Pattern[str]":
    piece = rf"(?:(?!要|应|须|将)[^，,、。；;\s]){{2,{max_piece}}}"
    return re.compile(rf"{piece}(?:[，,、]{piece}){{1,3}}")


def is_phrase_title(text: str, max_piece: int) -> bool:
    """A title of two to four short parallel phrases with no modal verb, as work reports and
    工作要求 sections title their parts: ``提高认识，加强领导``, ``提高认识，强化责任，认真履行好
    各项管理职责``. A sentence would say 各地要…，加快… (a modal verb) or run longer.

    >>> is_phrase_title("提高认识，加强领导", 8), is_phrase_title("区发展改革委要发挥牵头职能，加快建立机制", 20)
    (True, False)
    """
    return _phrase_title_regex(max_piece).fullmatch(text) is not None
