"""Deadlines: the date a task must be done by, as notices write it.

Forms (GUIDE.md §2, issue 5):

- absolute: ``2017年9月底前`` -> end 2017-09-30; ``2018年底前``, ``到2020年`` -> 12-31;
  ``2017年9月30日前`` -> that day; ``2017年6月30日起`` -> a start;
- periods: ``“十三五”期间`` -> 2016-01-01..2020-12-31, ``2018年上半年``, ``三季度``;
- ongoing: ``长期坚持``, ``持续推进``, combined ``2017年6月30日起实施并持续推进``;
- relative: ``失信信息产生后的7个工作日内``, ``与市级权力清单同步发布``: raw kept, dates null.

A month or season without a year takes the year of the document's own date (``base_date``);
when that would put the deadline before the document was issued, the next year is meant.

>>> parse_deadline("2017年9月底前完成并持续推进").model_dump(exclude={"span"})
{'raw': '2017年9月底前完成并持续推进', 'start': None, 'end': '2017-09-30', 'ongoing': True, 'relative': False}
>>> parse_deadline("三季度", base_date="2018-03-02").end
'2018-09-30'
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Iterator, Optional, Union

from ..literals import may_match, required_literals
from ..schema import Deadline
from ..segment.clauses import bracket_groups  # the one bracket scanner (segment imports no extract)
from .lexicon import deadline_words

BaseDate = Union[str, dt.date, None]
# 每年12月底前, and the year of a cycle in rules that run every year (于当年9月30日前 申报, 当年8月1日至
# 8月31日提交, 自下年度1月1日起享受): a date of a routine, looked for in the clause before the date
_RECURRING = re.compile(r"(?:每(?:年|季度?|月|半年)|当年|次年|下年度|下一年度)(?:的)?[^，。；,;]{0,10}$")
_RECURRING_AFTER = re.compile(r"[，,]?[^，。；,;]{0,4}?每(?:年|季度?|月|半年|周)")

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})"


def cn_number(text: str) -> Optional[int]:
    """Arabic or Chinese numeral to int: ``十二`` -> 12, ``二〇一八`` -> 2018, ``9`` -> 9.

    >>> cn_number("三十一"), cn_number("二〇一七"), cn_number("12")
    (31, 2017, 12)
    """
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGITS for ch in text) and len(text) >= 2:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, 1) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    return None


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, dict[str, Optional[str]]]:
    out: dict[str, dict[str, Optional[str]]] = {}
    for row in deadline_words():
        out.setdefault(row.kind, {})[row.word] = row.value
    return out


def _alt(kind: str) -> str:
    words = sorted(_words().get(kind, {}), key=len, reverse=True)
    return "|".join(map(re.escape, words))


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    seasons = "|".join(filter(None, [_alt("half"), _alt("quarter"), _alt("season")]))
    return {
        # 2017年9月30日前 / 2017年9月底前 / 2018年底前 / 到2020年 / 6月底前 / 年底前 / 2017年6月30日起
        "date": re.compile(
            rf"(?<![\d〇零○一二两三四五六七八九十几多半数百千])(?P<prefix>到|至|截至|截止到|截止|于|在|自|从)?\s*"
            rf"(?:(?P<rel>今|明|当|本)年|(?P<y>{_YEAR})\s*年\s*)?"  # 2020年 3月底前: a PDF's space
            rf"(?:(?P<m>{_NUM})\s*月份?\s*(?:(?P<d>{_NUM})\s*[日号]|(?P<mpart>{_alt('month_part')}))?)?"
            rf"(?P<season>{seasons})?"
            rf"(?P<tail>年底前|年末前|年底|年末|年内|底前|末前|之前|以前|前|底|末|内|起|开始)?"
        ),
        # 2018—2020年, 2018年6月至12月: a span of time; in running text only as 期间/内
        "range": re.compile(
            rf"(?<![\d])(?P<y1>{_YEAR})\s*年?(?:(?P<m1>{_NUM})月)?\s*(?P<since>起)?\s*(?:—|－|-|~|～|至|到)\s*"
            rf"(?:(?P<y2>{_YEAR})\s*年)?(?:(?P<m2>{_NUM})月)?(?P<tail>底|末)?(?P<part>期间|间|内|前)?"),
        # 2月至4月, 5月—9月份: a span of months in the notice's year (第一时段（2月至4月）)
        "month_range": re.compile(
            rf"(?<![\d年])(?P<m1>{_NUM})\s*(?:月份?)?\s*(?:—|－|-|~|～|至|到)\s*(?P<m2>{_NUM})\s*月份?"
            rf"(?P<tail>底|末)?(?P<part>期间|间|内)?"),
        # 9月1日至11月30日, 2018年12月1日至30日: a span of days (a stage heading's bracket,
        # 重点推进阶段（9月1日至11月30日）); the second date may omit its year and month
        "day_range": re.compile(
            rf"(?<![\d年])(?:(?P<y1>{_YEAR})\s*年\s*)?(?P<m1>{_NUM})\s*月\s*(?P<d1>{_NUM})\s*[日号]\s*"
            rf"(?:—|－|-|~|～|至|到)\s*(?:(?P<y2>{_YEAR})\s*年\s*)?(?:(?P<m2>{_NUM})\s*月\s*)?(?P<d2>{_NUM})\s*[日号]"
            rf"(?P<part>期间|间|内|前)?"),
        # not inside a longer numeral (二十五期, 第十五…): 十五 and 九五 are also plain numbers
        "plan": re.compile(rf"(?<![一二三四五六七八九十百第])[“\"‘]?(?P<plan>{_alt('plan')})[”\"’]?"
                           rf"(?P<part>期间|时期|期末|末|末期|前|内)?"),
        "relative": re.compile(
            rf"(?:[^，。；,;：:、\s]{{0,20}}?后的?)?(?:{_NUM}|半)(?:{_alt('relative')})"
            rf"|与[^，。；,;]{{1,20}}同步"
            rf"|(?:自|从)[^，。；,;]{{1,20}}之日起"
        ),
        # in running text only a time limit in working days is a task deadline (失信信息产生后的7个
        # 工作日内报送); 三年内 / 一个月内 / 与…同步 there describe eligibility or manner, not a deadline
        "relative_in_text": re.compile(rf"(?:[^，。；,;：:、\s]{{0,20}}?后的?)?(?:\d{{1,3}}|{_NUM})个?工作日内"
                                       # 自国务院批准设立综合保税区之日起: from an event the task names;
                                       # 自印发之日起 dates the notice itself, not a task
                                       rf"|(?:自|从)(?![^，。；,;]{{0,4}}(?:印发|发布|公布|施行|实施))[^，。；,;]{{2,20}}之日起"
                                       rf"(?:(?:\d{{1,3}}|{_NUM})个?(?:工作日|日|天|月|年)内)?"),
        "ongoing": re.compile(_alt("ongoing")),
        # every character a non-empty "date" match can start with: its parts are all optional, so
        # the pattern matches empty everywhere and is tried only where one of these stands
        "date_start": re.compile("[" + re.escape("".join(sorted(
            set("到至截于在自从今明当本0123456789〇零○一二两三四五六七八九十年底末之以前内起开")
            | {w[0] for kind in ("half", "quarter") for w in _words().get(kind, {})}))) + "]"),
    }


@functools.lru_cache(maxsize=None)
def _literals(kind: str) -> tuple[str, ...]:
    """The literal characters every match of pattern ``kind`` holds (see :mod:`policyparse.literals`)."""
    return required_literals(_patterns()[kind])


def _date_matches(text: str):
    """The non-empty matches of the "date" pattern, as ``finditer`` would give them."""
    pats = _patterns()
    date, resume = pats["date"], 0
    for c in pats["date_start"].finditer(text):
        if c.start() < resume:
            continue
        m = date.match(text, c.start())
        if m is not None and m.end() > m.start():
            resume = m.end()
            yield m


@dataclass(frozen=True)
class DeadlineMatch:
    """A deadline found in a text: the model plus its offsets in that text."""

    deadline: Deadline
    start: int
    end: int


def _base(base_date: BaseDate) -> Optional[dt.date]:
    if base_date is None:
        return None
    if isinstance(base_date, dt.date):
        return base_date
    try:
        return dt.date.fromisoformat(str(base_date)[:10])
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# what follows a bare 年内 that sets a duty for the year (年内至少要…, 年内完成…)
_DUTY_AFTER = re.compile(r"[^，。；;,]{0,6}?(?:要|应|须|至少|完成|实现|力争|争取|确保)")


def _date_from_match(m: re.Match, base: Optional[dt.date], bare: bool = False) -> Optional[tuple[Optional[dt.date], Optional[dt.date]]]:
    """(start, end) of a date match, or None when the match is no deadline (a bare 2017年)."""
    prefix, tail, season = m.group("prefix"), m.group("tail"), m.group("season")
    y_text, m_text, d_text, rel_year = m.group("y"), m.group("m"), m.group("d"), m.group("rel")
    if not (y_text or m_text or season or rel_year or (tail and tail.startswith("年"))):
        return None
    if not (y_text or m_text or season or rel_year):
        # a bare 年底: 纳入年底考核 names an occasion; only 年底前 or 于/在/到 年底 is the deadline of
        # the current year, and a bare 年内 where a duty follows it (各地…年内至少要听取1次汇报, a 工作
        # 要点's year, round 8 y08), not in a description (年内没有动用合作医疗资金的农民)
        duty = tail == "年内" and _DUTY_AFTER.match(m.string, m.end()) is not None
        if tail not in ("年底前", "年末前") and prefix not in ("于", "在", "到", "至") and not duty \
                and not (bare and tail == "年内"):  # a 完成时限 cell's or a clause's own 年内
            return None
    # a date is a deadline only with a marker: 前/底/起… after it, 到/至/截至 before it, a season
    # or a part of its month (7月上旬, 4月初: when the step of a 进度安排 falls)
    mpart = m.group("mpart")
    if season in _words().get("season", {}) and not (y_text or rel_year or tail):
        return None  # 春季造林, 秋季开学: a season of nature names when things happen, not a limit
    if not tail and not season and not mpart and not bare and prefix not in ("到", "至", "截至", "截止到", "截止"):
        return None
    if prefix in ("自", "从") and tail not in ("起", "开始"):
        return None
    year: Optional[int] = cn_number(y_text) if y_text else None
    if year is None and rel_year:
        year = base.year + (1 if rel_year == "明" else 0) if base else None
    month = cn_number(m_text) if m_text else None
    day = cn_number(d_text) if d_text else None
    if month is not None and not 1 <= month <= 12:
        return None
    implicit_year = year is None
    if year is None:
        if base is None:
            return None
        year = base.year
    if not 1900 <= year <= 2100:
        return None
    try:
        if tail in ("起", "开始"):
            start = dt.date(year, month or 1, day or 1)
            if season and not month:
                first = int(_seasons()[season].split("-")[0])
                start = dt.date(year, first, 1)
            end = None
        elif season:
            first, last = (int(x) for x in _seasons()[season].split("-"))
            start, end = dt.date(year, first, 1), _month_end(year, last)
            if tail:
                start = None  # 三季度末前: only the end is a limit
        elif month is None:
            start, end = None, dt.date(year, 12, 31)
        elif day is None and mpart:
            last = int(_words()["month_part"][mpart])  # 上旬 ends on the 10th, 下旬 with the month
            start, end = None, _month_end(year, month) if last > 28 else dt.date(year, month, last)
        elif day is None and tail in ("前", "以前", "之前"):
            # 7月前 / 8月以前: before the month begins, so the month before it ends the limit (the
            # gold of rounds 3 and 10 read 8月前 as 7月31日); 7月底前 keeps July
            start, end = None, (dt.date(year, month, 1) - dt.timedelta(days=1))
        elif day is None:
            start, end = None, _month_end(year, month)
        else:
            start, end = None, dt.date(year, month, day)
    except ValueError:
        return None
    if implicit_year and not rel_year and base is not None and (end or start) < base:
        # 6月底前 in a notice of 2017-11 means June of the next year
        try:
            start = start.replace(year=start.year + 1) if start else None
            end = end.replace(year=end.year + 1) if end else None
        except ValueError:
            end = _month_end(year + 1, month or 12) if end else None
    return start, end


def _seasons() -> dict[str, Optional[str]]:
    return {**_words().get("half", {}), **_words().get("quarter", {}), **_words().get("season", {})}


def find_deadlines(text: str, base_date: BaseDate = None, bare: bool = False) -> list[DeadlineMatch]:
    """Every deadline expression of a text, in order (absolute, period and relative ones).

    bare (bool): also take a date with no 前/底/起 marker (``2019年12月``), as a 完成时限 cell
        prints it; in running text a bare year is a reference, not a deadline.

    Each form is read in turn, the wider ones first (a span of years before the dates inside it),
    and a form keeps only what no earlier form took.

    >>> [m.deadline.end for m in find_deadlines("到2020年，公务员信用档案覆盖率达到100%。")]
    ['2020-12-31']
    >>> [(m.deadline.start, m.deadline.end) for m in find_deadlines("加强监测。5 月 -9 月组织普查，7月上旬召开现场会。", "2016-04-01")]
    [('2016-05-01', '2016-09-30'), (None, '2016-07-10')]
    """
    base = _base(base_date)
    found: list[DeadlineMatch] = []
    taken: list[tuple[int, int]] = []
    for form in (_day_ranges, _year_ranges, _month_ranges, _plan_periods, _dates, _relatives):
        for s, e, match in form(text, base, bare):
            if all(e <= a or s >= b for a, b in taken):
                found.append(match)
                taken.append((match.start, match.end))
    found.sort(key=lambda x: x.start)
    return found


_Found = Iterator[tuple[int, int, DeadlineMatch]]  # the span the form matched, and what it reads


def _year_ranges(text: str, base: dt.date | None, bare: bool) -> _Found:
    """2018年至2020年, 2019年3月至6月底, 自2022年3月起至2025年底.

    >>> [(m.deadline.start, m.deadline.end) for m in find_deadlines("自2022年3月起至2025年底，按月报送。")]
    [('2022-03-01', '2025-12-31')]
    """
    for m in _patterns()["range"].finditer(text):
        # in running text a span is a time limit when it says so: 期间/内, 2025年底前, or a start
        # marked by 自/从…起 (自2022年3月起至2025年底, round 5 development half x11), or when it
        # opens a sentence, as a step of a 阶段安排 says when it falls (（三）赛会保障。2022年1月至3月，…,
        # round 7 y09), as month spans do (:func:`_month_ranges`)
        marked = m.group("part") or m.group("since") or text[max(0, m.start() - 1):m.start()] in ("自", "从") \
            or _opens_sentence(text, m.start()) or _stage_period(text, m.start())
        if not (m.group("y2") or m.group("m2")) or not (bare or marked) or _inside_title(text, m.start()):
            continue
        try:
            y1 = cn_number(m.group("y1"))
            y2 = cn_number(m.group("y2")) if m.group("y2") else y1
            m1 = cn_number(m.group("m1")) if m.group("m1") else 1
            m2 = cn_number(m.group("m2")) if m.group("m2") else 12
            start, end = dt.date(y1, m1, 1), _month_end(y2, m2)
        except (TypeError, ValueError):
            continue
        if end >= start:
            yield m.start(), m.end(), _match(text, m.start(), m.end(), start, end)


def _month_ranges(text: str, base: dt.date | None, bare: bool) -> _Found:
    """2月至4月 in a notice of a known year."""
    if base is None:
        return
    if not may_match(_literals("month_range"), text):
        return  # the text lacks a character every match holds (月, 十): no scan
    for m in _patterns()["month_range"].finditer(text):
        if not (bare or m.group("part") or _opens_sentence(text, m.start()) or _stage_period(text, m.start())) \
                or _inside_title(text, m.start()):
            continue
        try:
            m1, m2 = cn_number(m.group("m1")), cn_number(m.group("m2"))
            start, end = dt.date(base.year, m1, 1), _month_end(base.year, m2)
        except (TypeError, ValueError):
            continue
        if end >= start:
            yield m.start(), m.end(), _match(text, m.start(), m.end(), start, end)


def _day_ranges(text: str, base: dt.date | None, bare: bool) -> _Found:
    """9月1日至11月30日 where it says when something is done: in brackets (a stage heading), at a
    sentence's start, with 期间/内, or in a 完成时限 cell. A day past its month's end (11月31日, a
    typing slip) is the month's last day."""
    if not may_match(_literals("day_range"), text):
        return  # the text lacks a character every match holds (月, 十): no scan
    for m in _patterns()["day_range"].finditer(text):
        # （ 6 月 15 日 至 30 日）: a scraper may space the bracket from its dates
        bracketed = text[max(0, m.start() - 4):m.start()].rstrip().endswith(("（", "("))
        if not (bare or bracketed or m.group("part") or _opens_sentence(text, m.start())) \
                or _inside_title(text, m.start()):
            continue
        y1 = cn_number(m.group("y1")) if m.group("y1") else (base.year if base else None)
        y2 = cn_number(m.group("y2")) if m.group("y2") else y1
        m1 = cn_number(m.group("m1"))
        m2 = cn_number(m.group("m2")) if m.group("m2") else m1
        try:
            start, end = _clamped(y1, m1, cn_number(m.group("d1"))), _clamped(y2, m2, cn_number(m.group("d2")))
        except (TypeError, ValueError):
            continue
        if end >= start:
            yield m.start(), m.end(), _match(text, m.start(), m.end(), start, end)


def _clamped(year: Optional[int], month: Optional[int], day: Optional[int]) -> dt.date:
    """The date, with a day past the month's end read as its last day (11月31日 -> 11-30)."""
    if year is None or month is None or day is None or not 1 <= day <= 31:
        raise ValueError("incomplete date")
    return min(dt.date(year, month, 1) + dt.timedelta(days=day - 1), _month_end(year, month))


def _opens_sentence(text: str, at: int) -> bool:
    """The expression opens the text or a sentence: a step of a 进度安排 says when it falls first
    (（二）加强病虫监测。5 月 -9 月组织全省…), where a span inside a sentence may describe anything."""
    before = text[:at].rstrip(" \u3000\n")
    return not before or before[-1] in "。；;：:"


def _stage_period(text: str, at: int) -> bool:
    """The expression is the period in brackets after a stage's title that opens the text or a
    sentence: 排查摸底（2017年5月—8月）：…, 安排部署阶段（6月15日至30日）… (a 工作步骤 section's
    steps). A bracket further into a sentence names a plan's years (三年行动计划（2018—2020年）)."""
    before = text[:at].rstrip(" \u3000")
    if not before.endswith(("（", "(")):
        return False
    title = before[:-1]
    cut = max(title.rfind(c) for c in "。；;：:\n")
    title = title[cut + 1:].strip()
    # …三年行动计划（2018—2020年）: the years of a plan named before the bracket, not a stage's
    return len(title) <= 12 and not re.search(r"[，,、《》]", title) and not title.endswith(_PLAN_GENRES)


_PLAN_GENRES = ("计划", "方案", "规划", "纲要", "意见", "办法", "规定", "细则", "要点")


def _plan_periods(text: str, base: dt.date | None, bare: bool) -> _Found:
    """“十四五”期间 (the plan's years), “十三五”末 (its last year)."""
    if not may_match(_literals("plan"), text):
        return  # the text lacks a character every match holds (月, 十): no scan
    for m in _patterns()["plan"].finditer(text):
        first, last = (int(x) for x in _words()["plan"][m.group("plan")].split("-"))
        part = m.group("part")
        if part in ("期间", "时期", "内"):
            start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
        elif part in ("末", "末期", "期末", "前"):
            start, end = None, dt.date(last, 12, 31)
        else:
            continue  # “十三五”规划 names a plan, not a time
        yield m.start(), m.end(), _match(text, m.start(), m.end(), start, end)


def _dates(text: str, base: dt.date | None, bare: bool) -> _Found:
    """2020年底前, 6月30日前, 2021年起 …, and 每年12月底前 as ongoing work."""
    for m in _date_matches(text):
        if _inside_title(text, m.start()):
            continue
        if _RECURRING.search(text[max(0, m.start() - 14):m.start() + 3]) and (m.group("m") or m.group("season")):
            # 每年12月底前 repeats every year. A 完成时限 cell that says so is the row's time limit
            # (ongoing, no single date); inside a task's sentences it is the date of a routine — a
            # report due each year, an application window of a standing rule — and no time limit
            # of the task (the gold of rounds 3-10: 16 of 17 such tasks have none)
            if bare:
                yield m.start(), m.end(), DeadlineMatch(
                    Deadline(raw=text[max(0, m.start() - 2):m.end()], ongoing=True), m.start(), m.end())
            continue
        leads = not bare and _leads_clause(text, m)
        dates = _date_from_match(m, base, bare or leads)
        if dates is None:
            continue
        if leads and base is not None and dates[1] is not None and dates[1] < base:
            continue  # 2007年，全省奶牛存栏…增加3.1万头 in a notice of 2008: the past, reported
        if m.group("tail") in ("起", "开始") and _RECURRING_AFTER.match(text, m.end()):
            # 2020年起每年开展一次评估: the start of a recurring duty, no time limit of the task
            continue
        if not bare and _states_a_fact(text, m):
            continue
        start, end = dates
        yield m.start(), m.end(), _match(text, m.start(), _extend_ongoing(text, m.end()), start, end)


def _leads_clause(text: str, m: re.Match) -> bool:
    """A year (or 年内) that opens a clause and is followed by what is done in it dates that work:
    ``2014年，职工…参保率稳定在95%以上``, ``…工作，2015年启动新农合州市级统筹试点``,
    ``年内开展1—2次督查`` (annual plans of 重点工作任务 date their items so). A year read so is not
    one of a background (2014年以来, 2014年的) and has no month (5月 alone stays a reference)."""
    if m.group("m") or m.group("season") or m.group("prefix") or not (m.group("y") or m.group("tail") == "年内"):
        return False
    if m.group("tail") not in (None, "年内"):
        return False
    before = _GOAL_OPENING.sub("", text[:m.start()].rstrip(" \u3000")).rstrip(" \u3000")
    after = text[m.end():m.end() + 2]
    return (not before or before[-1] in "。；;：:，,\n") and not after.startswith(_NOT_A_DATED_CLAUSE)


# 力争2014年实现…, 确保2020年…: a goal word before the year still leaves it opening the clause
_GOAL_OPENING = re.compile(r"(?:力争|确保|争取)$")


_NOT_A_DATED_CLAUSE = ("以来", "的", "度", "前", "后", "以前", "以后", "至", "到", "—", "-", "－", "、", "和", "及", "年")


# every match of the running-text pattern (relative_in_text) holds one of these
_IN_TEXT_RELATIVE_WORDS = ("工作日内", "之日起")


def _relatives(text: str, base: dt.date | None, bare: bool) -> _Found:
    """长期坚持, 持续推进, 2个月内 (relative to the notice)."""
    if not bare and not any(word in text for word in _IN_TEXT_RELATIVE_WORDS):
        return  # most task texts hold neither, and the pattern's lazy prefix is tried everywhere
    for m in _patterns()["relative" if bare else "relative_in_text"].finditer(text):
        yield m.start(), m.end(), DeadlineMatch(Deadline(raw=text[m.start():m.end()], relative=True),
                                                m.start(), m.end())


_BEFORE_TAILS = ("前", "之前", "以前", "底前", "末前", "年底前", "年末前")  # a limit: by then
_END_TAILS = _BEFORE_TAILS + ("底", "末", "年底", "年末")
# a verb of having been made or done, then (at most a few words on) 的: the date qualifies a noun
# (2000年底至2005年底建成的: the span's second date first)
_ATTRIBUTIVE_AFTER = re.compile(r"(?:[至到—－-][\d〇零○一二三四五六七八九十年月日底末前\s]{2,12})?"
                                r"(?:建成|建设|竣工|投产|登记|注册|设立|成立|出生|购买|购置|取得|获得|签订|发生|出台|印发|发布)"
                                r"[^，。；;、的]{0,6}的")


def _states_a_fact(text: str, m: re.Match) -> bool:
    """A date in running text that reports a state, cites a law or qualifies a noun is no deadline
    of the task: ``截至2017年底，全市已…`` (as of), ``《条例》自2017年10月1日起施行`` (a cited law's
    start), ``2000年底前建成的小区`` (which things).

    >>> find_deadline("对2000年底前建成需要改造的城镇老旧小区进行改造。") is None
    True
    >>> find_deadline("2020年底前建成一批示范项目。").deadline.end
    '2020-12-31'
    """
    prefix, tail = m.group("prefix"), m.group("tail")
    if prefix in ("截至", "截止到", "截止") and tail not in _BEFORE_TAILS:
        return True
    if tail in _END_TAILS and _ATTRIBUTIVE_AFTER.match(text, m.end()):
        # 对2000年底前建成需要改造的城镇老旧小区…, 延伸至2010年底前建成的小区: the date says which things
        # (those built before it), not when the task is due (云政办发〔2022〕6号, round 8 y04)
        return True
    if tail in ("起", "开始"):
        sentence_start = max(text.rfind(ch, 0, m.start()) for ch in "。；;") + 1
        if "》" in text[sentence_start:m.start()] and text[m.end():m.end() + 2] in ("施行", "实施", "执行"):
            return True
    return False


def _inside_title(text: str, i: int) -> bool:
    """Dates inside 《…》 or a bracketed doc number belong to a cited document, not to the task."""
    opened = text.rfind("《", 0, i)
    return opened != -1 and text.find("》", opened) > i


def _extend_ongoing(text: str, end: int) -> int:
    """``2017年6月30日起实施并持续推进``: an ongoing word right after the date belongs to it."""
    m = _ongoing_after().match(text, end)
    return m.end() if m else end


@functools.lru_cache(maxsize=1)  # built once, not sorted and joined from the lexicon per date found
def _ongoing_after() -> re.Pattern:
    return re.compile(r"[^，。；,;]{0,6}?(?:并|后|，|,)?(?:" + _alt("ongoing") + ")")


def _match(text: str, s: int, e: int, start: Optional[dt.date], end: Optional[dt.date]) -> DeadlineMatch:
    raw = text[s:e]
    ongoing = bool(_patterns()["ongoing"].search(raw))
    return DeadlineMatch(
        Deadline(raw=raw, start=start.isoformat() if start else None, end=end.isoformat() if end else None,
                 ongoing=ongoing),
        s, e)


def find_deadline(text: str, base_date: BaseDate = None, bare: bool = False) -> Optional[DeadlineMatch]:
    """The deadline that governs a task text: the dated one that ends last, else the first dated
    (a start), else the first relative one.

    A task that sets several dated steps (``2019年3月底前出台方案；2019年6月底前全面推开``) is done
    when its last step is due, so the latest end governs it.

    >>> find_deadline("在失信信息产生后的7个工作日内报送").deadline.relative
    True
    >>> find_deadline("2019年3月底前出台实施方案；2019年6月底前在全省推开。").deadline.raw
    '2019年6月底前'
    """
    return governing(find_deadlines(text, base_date, bare))


def governing(found: list[DeadlineMatch]) -> Optional[DeadlineMatch]:
    """Of several deadlines of one task, the one that governs it (see :func:`find_deadline`)."""
    dated = [f for f in found if f.deadline.start or f.deadline.end]
    ending = [f for f in dated if f.deadline.end]
    if ending:
        latest = max(f.deadline.end for f in ending)
        return next(f for f in ending if f.deadline.end == latest)
    if dated:
        return dated[0]
    return found[0] if found else None


def parse_deadline(text: str, base_date: BaseDate = None) -> Optional[Deadline]:
    """Read a whole deadline expression (a 完成时限 cell or a phrase); None when it holds none.

    The raw text is kept as given; ``ongoing`` is set when the text says the work continues.

    >>> parse_deadline("2017年6月30日起实施并持续推进").model_dump(exclude={"span"})
    {'raw': '2017年6月30日起实施并持续推进', 'start': '2017-06-30', 'end': None, 'ongoing': True, 'relative': False}
    >>> parse_deadline("“十三五”期间").end
    '2020-12-31'
    >>> parse_deadline("与市级权力清单同步发布").relative
    True
    """
    raw = text.strip()
    if not raw:
        return None
    hit = find_deadline(raw, base_date, bare=True)
    ongoing = bool(_patterns()["ongoing"].search(raw))
    if hit is None:
        if ongoing:
            return Deadline(raw=raw, ongoing=True)
        return None
    dl = hit.deadline
    return Deadline(raw=raw, start=dl.start, end=dl.end, ongoing=ongoing or dl.ongoing, relative=dl.relative)


# A time limit printed in brackets after a task's sentence, with no key and no unit: "…纠正违法违章作业。
# （2016年完成）", "（2016年—2018年持续实施）", "（沿海港口2016年完成，内河港口2017年完成）" (a ministry's
# 专项行动方案 marks every task so). The bracket states the task's limit as a 完成时限 column would, so it
# outranks dates the task's sentences mention. Each comma-part of the bracket holds a date and says
# little else, and what it says is about finishing work (deadline_words.tsv kinds completion and
# ongoing: 完成, 取得阶段性成果, 持续实施), perhaps with whom the part concerns (沿海港口): a bracketed date
# that says something else is a citation or a condition (（1989年省政府第29号令）, （1960年1月1日后出生）,
# （2018年版）).
_LIMIT_PART_WORDS = 8
_LIMIT_MAX = 40
_LIMIT_PARTS = re.compile(r"[，,；;]")
_SENTENCE_END = "。；;！!？?"


def bracketed_limits(text: str, base_date: BaseDate = None) -> list[DeadlineMatch]:
    """Time limits printed in brackets closing a sentence of ``text``, each read whole.

    >>> [m.deadline.end for m in bracketed_limits("纠正违法违章作业。（2016年完成）")]
    ['2016-12-31']
    >>> bracketed_limits("完成《行动方案（2016—2018年）》编制。")
    []
    >>> bracketed_limits("人选不超过55周岁（1960年1月1日后出生）。")
    []
    """
    out = []
    for s, e in bracket_groups(text):
        inner = text[s + 1:e - 1]
        if not inner.strip() or len(inner) > _LIMIT_MAX or "。" in inner or not _closes_sentence(text, s, e):
            continue
        if all(_is_limit_part(part, base_date) for part in _LIMIT_PARTS.split(inner)):
            deadline = parse_deadline(inner, base_date)
            if deadline is not None:
                lead = len(inner) - len(inner.lstrip())
                out.append(DeadlineMatch(deadline, s + 1 + lead, s + 1 + lead + len(deadline.raw)))
    return out


def _closes_sentence(text: str, s: int, e: int) -> bool:
    before = text[:s].rstrip(" \u3000")
    after = text[e:].lstrip(" \u3000")
    return not before or before[-1] in _SENTENCE_END or not after or after[0] in _SENTENCE_END


def _is_limit_part(part: str, base_date: BaseDate) -> bool:
    found = find_deadlines(part, base_date, bare=True)
    if not found:
        return False
    rest, at = [], 0
    for m in found:
        rest.append(part[at:m.start])
        at = m.end
    rest = "".join(rest + [part[at:]]).strip()
    return not rest or (len(rest) <= _LIMIT_PART_WORDS and bool(_limit_words().search(rest)))


@functools.lru_cache(maxsize=1)
def _limit_words() -> re.Pattern:
    return re.compile("|".join(filter(None, [_alt("completion"), _alt("ongoing")])))
