"""Numbering markers of official documents: 一、 （一） 1. 1、 （1） ① 第一章 第一条 一是 ——.

GB/T 9704-2012 §7.3.3 fixes the usual order of levels: ``一、`` then ``（一）`` then ``1.`` then
``（1）``. Documents also use chapters and articles (第一章, 第一条, in 办法/条例), circled numbers,
``一是 … 二是`` enumerations run into one paragraph, and ``——`` dashes for parallel items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_number(text: str) -> Optional[int]:
    """Value of a Chinese numeral up to 999.

    >>> cn_number("十一"), cn_number("二十"), cn_number("三")
    (11, 20, 3)
    """
    if not text or any(c not in CN_DIGITS for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_VALUE[c]
    return total + current


def _cn_numeral(value: int) -> str:
    """The usual way to write 1-99 in Chinese numerals (十一, 二十, 五十四).

    >>> _cn_numeral(54), _cn_numeral(10), _cn_numeral(31)
    ('五十四', '十', '三十一')
    """
    digits = "一二三四五六七八九"
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return head + (digits[ones - 1] if ones else "")


# Order of kinds from outer to inner. Kinds of the GB/T 9704 chain keep their standard depth;
# the others are placed where documents use them.
KIND_ORDER = ("part", "chapter", "section", "cn_dun", "stage", "ordinal", "cn_paren", "num_dot", "num_paren",
              "circled", "article", "yishi", "dash")
GB_CHAIN = ("cn_dun", "cn_paren", "num_dot", "num_paren")

_CN = f"[{CN_DIGITS}]+"
# 第 一 条 / 第 十 五 条: rules set in a word processor space out the numbers of their articles
# as they space 第一章　总　则 (云政办规〔2018〕3号); one space between characters at most
_CN_SPACED = f"第[ \u3000]?([{CN_DIGITS}](?:[ \u3000]?[{CN_DIGITS}])*)[ \u3000]?"
_PATTERNS: tuple[tuple[str, "re.Pattern[str]"], ...] = (
    ("part", re.compile(rf"{_CN_SPACED}编[\s\u3000]*")),
    ("chapter", re.compile(rf"{_CN_SPACED}章[\s\u3000]*")),
    ("section", re.compile(rf"{_CN_SPACED}节[\s\u3000]*")),
    ("article", re.compile(rf"{_CN_SPACED}条[\s\u3000]*")),
    # 第一阶段（…）：动员部署 / 第一时段（2月至4月）: the stages of a 实施步骤 or 重点时段 section
    ("stage", re.compile(rf"第({_CN})(?:阶段|时段|步)[\s\u3000]*")),
    # 第一、以实现…为重点，…: the ordinals of a 工作总结 or a leader's 工作安排意见, where a plan
    # prints （一） (冀直管〔2006〕4号, round 9 y06)
    ("ordinal", re.compile(rf"第({_CN})、[\s\u3000]*")),
    # 一、2007年工作回顾: a year may open a heading after 、; after 一. or 一， a digit continues a
    # number (一.5, 三,000), no marker
    ("cn_dun", re.compile(rf"({_CN})(?:、|[，,．.](?![\d]))[\s\u3000]*")),
    ("cn_paren", re.compile(rf"[（(]\s*({_CN})\s*[）)][、，.．]?[\s\u3000]*")),
    ("num_paren", re.compile(r"[（(]\s*(\d{1,2})\s*[）)][、.．]?[\s\u3000]*")),
    # up to three digits: 任务分工方案 number 125 items straight through (…负责）102. 打造…)
    # not a decimal (3.5%, 18.2亿), but an item may open with a year (18.2016年完成…)
    ("num_dot", re.compile(r"(\d{1,3})\s*[.．、](?!(?!\d{4}年)[\d%％])[\s\u3000]*")),
    ("num_half_paren", re.compile(r"(\d{1,2})[）)][\s\u3000]*")),
    ("circled", re.compile(rf"([{CIRCLED}])[、.．]?[\s\u3000]*")),
    # 一是…二是…, and 一要…二要… (the items of a 组织保障 section: 一要加强组织领导。)
    ("yishi", re.compile(rf"({_CN})[是要](?=[\u4e00-\u9fff“])")),
    ("dash", re.compile(r"(?:——|－－|--)[\s\u3000]*")),
)

_NUMBERED_UNITS = ("part", "chapter", "section", "article")

# The first character of any marker above: most paragraphs open with none of them, and one test
# turns them away before the thirteen patterns are each tried (a thirtieth of the segment stage)
_MARKER_START = re.compile(rf"[第{CN_DIGITS}{CIRCLED}（(\d—－\-]")


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a paragraph.

    kind: one of :data:`KIND_ORDER` (``num_half_paren`` is folded into ``num_paren``).
    text: the marker as printed (``（一）``), without the spaces after it.
    value: its number (1 for ``（一）``, ``1.`` and ``①``), None for dashes.
    length: characters taken by the marker and the spaces after it.
    """

    kind: str
    text: str
    value: Optional[int]
    length: int

    @property
    def ascii_id(self) -> str:
        """The marker folded for task ids: ``（二）`` -> ``(二)``, ``3.`` -> ``3``, ``三、`` -> ``三``.

        >>> match_marker("（二）建立健全政务信用管理体系").ascii_id
        '(二)'
        >>> match_marker("3. 自觉接受司法监督").ascii_id
        '3'
        """
        t = self.text.strip()
        if self.kind in ("cn_paren", "num_paren"):
            inner = re.sub(r"[（()）、.．\s]", "", t)
            return f"({inner})"
        if self.kind in ("cn_dun", "num_dot", "ordinal"):
            return re.sub(r"[、，,．.\s]", "", t)
        if self.kind == "circled":
            return str(self.value)
        if self.kind == "dash":
            return f"-{self.value or ''}"
        return t


def match_marker(text: str) -> Optional[Marker]:
    """The numbering marker at the start of ``text``, if any.

    >>> match_marker("一、重要意义").kind
    'cn_dun'
    >>> match_marker("(三)建立社会监督").value
    3
    >>> match_marker("1. 实行政务诚信逐级督导制度。").kind
    'num_dot'
    >>> match_marker("2017年6月底前完成") is None
    True
    >>> match_marker("3.15国际消费者权益日") is None
    True
    """
    if not _MARKER_START.match(text):
        return None
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group(0)
        printed = raw.rstrip(" \u3000\t")
        if kind == "dash":
            return Marker("dash", printed, None, len(raw))
        token = m.group(1).replace(" ", "").replace("\u3000", "")
        if kind in _NUMBERED_UNITS:
            printed = re.sub(r"[ \u3000]", "", printed)  # 第 一 条 -> 第一条, as ids and outlines print it
        if kind == "circled":
            value = CIRCLED.index(token) + 1
        elif token.isdigit():
            value = int(token)
        else:
            value = cn_number(token)
        if value is None or value == 0:
            continue
        if kind == "cn_dun" and printed[-1] in "，,":
            continue  # 一，二 … inside a sentence, not a heading marker
        if kind == "num_half_paren":
            kind = "num_paren"
        if kind == "num_dot" and len(text) > len(raw) and text[len(raw)] in "年月日号":
            continue
        if kind == "cn_dun" and value > 30 and (value > 99 or token != _cn_numeral(value)):
            # rules numbered straight through their chapters run to 五十四、 or 七十二、 (国务院工作规则
            # and the work rules of provinces modelled on it); a longer or irregular numeral at a
            # line's start (一百、, 三三、) is no item number
            continue
        return Marker(kind, printed, value, len(raw))
    return None


_INLINE_YISHI = re.compile(rf"(?:(?<=^)|(?<=[。；;！!]))\s*({_CN})[是要](?=[\u4e00-\u9fff“])")


def inline_enumeration(text: str) -> list[tuple[int, Marker]]:
    """Positions of ``一是 … 二是 …`` items run into one paragraph, if they count up from 一.

    >>> [m.value for _, m in inline_enumeration("一是坚持依法行政。要求…。二是坚持政务公开。推进…")]
    [1, 2]
    """
    found = []
    expected = 1
    for m in _INLINE_YISHI.finditer(text):
        value = cn_number(m.group(1))
        if value != expected:
            continue
        start = m.start(1)
        found.append((start, Marker("yishi", m.group(0).strip(), value, m.end() - start)))
        expected += 1
    return found if len(found) >= 2 else []
