"""Restore characters lost in extraction from document numbers and dates.

Extraction from PDF and Word files drops characters that live in unusual fonts or fields:
the closing bracket of a document number (``红桥政办发〔201913`` for ``〔2019〕13号``), the 年 and
月 of a date (``201972日印发`` for ``2019年7月2日印发``). Document numbers follow GB/T 9704
(机关代字〔年份〕序号号), dates are checked against the calendar, and where the digits split more
than one way the reading that another date or number of the same document confirms wins;
with no unique reading nothing changes.
"""

from __future__ import annotations

import datetime
import re

from .text import Replacement

RULE = "restore_lost_characters"
_HAN = "\u3400-\u9fff"
# 发〔201913 / 发〔201677号: a four-digit year and the number run together, 〕 lost.
_DOC_NUMBER = re.compile(r"([〔\[［【(（])((?:19|20)\d\d)(\d{1,4})(?!\d)(号?)")
# 发2019〕13号: the opening bracket lost.
_OPEN_LOST = re.compile(r"((?:19|20)\d\d)〕(\d{1,4})号")
_FULL_DOC_NUMBER = re.compile(r"[〔\[［【(（]((?:19|20)\d\d)[〕\]］】)）](\d{1,4})号")
_HAN_CHAR = re.compile(f"[{_HAN}]")
# 201972日 / 2019年72日 / 20197月2日: at least one of 年 and 月 lost before 日.
_DATE_LOST = re.compile(r"((?:19|20)\d\d)(年?)(\d{1,2})(月?)(\d{1,2})日")
_FULL_DATE = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日")
# A line holding only the digits of a date (the signature date of a notice): 201972
# What each repair below starts from: a year run into the next digit (201913, 201972日, a bare
# 201972), a year with 年 and digits before 日 but no 月 (2019年72日), a year closed by 〕 after a
# Chinese character (发2019〕13号). Years look-behind nothing else.
_ANY_LOSS = re.compile(rf"(?:19|20)\d\d(?:\d|年\d{{2,4}}日|〕(?<=[{_HAN}]\d\d\d\d〕))")  # the year first: a fast scan
_BARE_DATE = re.compile(r"(?m)^([ \t\u3000\u00a0]*)((?:19|20)\d\d)(\d{2,4})([ \t\r\u3000\u00a0]*)$")


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _date_splits(year: str, digits: str) -> list[tuple[int, int]]:
    """Month/day readings of the digits after a year: ``'72'`` -> ``[(7, 2)]``."""
    out = []
    for cut in (1, 2):
        month, day = digits[:cut], digits[cut:]
        if not day or len(day) > 2 or month.startswith("0") and len(month) == 1:
            continue
        if _valid(int(year), int(month), int(day)):
            out.append((int(month), int(day)))
    return out


def _known_dates(text: str) -> set[tuple[int, int, int]]:
    return {(int(y), int(m), int(d)) for y, m, d in _FULL_DATE.findall(text)}


def restore_lost_characters(text: str) -> list[Replacement]:
    """Restore the brackets, 号, 年 and 月 lost from numbers and dates.

    >>> from policyparse.normalize import normalize
    >>> normalize("红桥政办发〔201913\\n").text
    '红桥政办发〔2019〕13号\\n'
    >>> normalize("天津市红桥区人民政府办公室 201972日印发").text
    '天津市红桥区人民政府办公室 2019年7月2日印发'
    """
    if not _ANY_LOSS.search(text):
        return []  # every repair below needs one of these: one scan, and clean pages stop here
    out: list[Replacement] = []
    known_numbers = {(y, n) for y, n in _FULL_DOC_NUMBER.findall(text)}
    for match in _DOC_NUMBER.finditer(text):
        bracket, year, number, hao = match.groups()
        if match.start() == 0 or not _HAN_CHAR.match(text, match.start() - 1):
            continue  # a document number follows its issuer's code (红桥政办发〔…)
        closing = {"〔": "〕", "[": "]", "［": "］", "【": "】", "(": ")", "（": "）"}[bracket]
        if bracket in "(（" and not hao:
            continue  # (201913) is more likely a code than a number with two characters lost
        if number.startswith("0") and (year, number.lstrip("0")) not in known_numbers:
            continue
        after = f"{year}{closing}{number}号"
        evidence = "GB/T 9704 document number"
        if (year, number) in known_numbers:
            evidence += f", as printed elsewhere: 〔{year}〕{number}号"
        out.append(Replacement(match.start(2), match.end(), after, RULE, evidence))
    for match in _OPEN_LOST.finditer(text) if "〕" in text else ():
        start = match.start()
        if start and _HAN_CHAR.match(text, start - 1) and text[start - 1] != "〔":
            out.append(Replacement(start, start, "〔", RULE, "GB/T 9704 document number: 〔 lost"))
    known = _known_dates(text)
    resolved: set[tuple[int, int, int]] = set(known)
    for match in _DATE_LOST.finditer(text) if "日" in text else ():
        year, nian, digits_month, yue, day = match.groups()
        if match.start() and text[match.start() - 1].isdigit():
            continue
        if nian and yue:
            continue
        if yue:  # 20197月2日: only 年 lost
            if _valid(int(year), int(digits_month), int(day)):
                out.append(Replacement(match.start(), match.end(),
                                       f"{year}年{int(digits_month)}月{day}日", RULE, "calendar date"))
                resolved.add((int(year), int(digits_month), int(day)))
            continue
        splits = _date_splits(year, digits_month + day)
        if len(splits) > 1:
            confirmed = [s for s in splits if (int(year), *s) in known]
            splits = confirmed
        if len(splits) != 1:
            continue
        month, day_n = splits[0]
        out.append(Replacement(match.start(), match.end(), f"{year}年{month}月{day_n}日", RULE,
                               "the only calendar reading of the digits"))
        resolved.add((int(year), month, day_n))
    for match in _BARE_DATE.finditer(text):
        year, digits = match.group(2), match.group(3)
        splits = [s for s in _date_splits(year, digits) if (int(year), *s) in resolved]
        if len(splits) == 1:
            month, day_n = splits[0]
            out.append(Replacement(match.start(2), match.end(3), f"{year}年{month}月{day_n}日", RULE,
                                   "signature date, confirmed by the same date elsewhere in the notice"))
    out.sort()
    return out
