"""Rejoin words that a PDF-to-text export or a scraper cut with spaces.

Most notices scraped from provincial portals were extracted from PDF: every printed line break
inside a paragraph became a space, wherever the margin fell (``农药专项整 治``, ``省住房和城乡 建设厅``,
``2016 年 10 月 9 日``, ``“ 三同时 ”``), and the paragraph breaks between a signature, its date, the
issued plan's title and its preamble became spaces too (``黑龙江省农业委员会 2016 年 10 月 9 日
黑龙江省…实施方案 按照农业部…``). A space between two Chinese characters means nothing in
Chinese prose, so in such a text the wrap spaces are removed; the spaces that stand where a
paragraph or heading ended are kept, so that the segment stage can still see the break:

- before a numbering marker (``二、主要任务 （一）加大…``, ``二、 基本原则 一是…``);
- after a heading printed as marker and short title (``一、 指导思想 认真贯彻…``);
- between a signature and its date, and after a date that closes a line;
- after a title that ends in its genre word and before the text it heads
  (``…实施方案 按照农业部…``);
- after sentence punctuation and colons (a space there removes no word break).

Only texts that show the damage are touched: clean pages hold few spaces between Chinese
characters (``索 引 号``, ``第一条 为…``, a menu ``政策解读 政策原文``), wrapped PDF text holds one
every line. The density threshold separates the two on the corpora (see ``MIN_GAPS_PER_1000``).
"""

from __future__ import annotations

import itertools
import operator
import re
from typing import Optional

from .text import Replacement

RULE = "rejoin_wrapped_words"

#: Wrap gaps inside sentences of running text per 1,000 Chinese characters of that text, below
#: which a text is read as clean. Measured over long lines (80+ characters holding a 。): the clean
#: pages of corpus/extra and corpus/ score 0-1.3 (one page 5.0, for slogans 望见美好 城就未来 in a
#: sentence), the PDF-derived texts of ../shared/corpus/wild 3-60, 97% of them 9 or more.
MIN_GAPS_PER_1000 = 6.0
#: Chinese characters of running text a density needs (fewer: too little to tell).
MIN_RUNNING_HAN = 300

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters a wrap gap may stand between: Chinese, digits, and the marks that sit inside a
# sentence (quotes, book-title marks, brackets, 、，). Latin words keep their spaces (PPP 项目).
_JOINABLE = rf"[{_HAN}0-9０-９〔〕（）()《》〈〉“”‘’「」、，,%％·]"
# Two digits either side of a space stay apart (a time after a date: 2016-10-05 15:09).
_GAP = re.compile(rf"(?<={_JOINABLE})(?<![0-9０-９])[ \xa0]{{1,3}}(?={_JOINABLE})|"
                  rf"(?<={_JOINABLE})[ \xa0]{{1,3}}(?={_JOINABLE})(?![0-9０-９])")
_HAN_CHAR = re.compile(rf"[{_HAN}]")


def rejoin_wrapped_words(text: str) -> list[Replacement]:
    """Delete the spaces a PDF wrap left inside words and numbers, keeping structural ones.

    >>> damaged = "为加强农药监督管理，各地要继续开展农药专项 整治工作，加大禁限用农药整治力度。" * 12 + \\
    ...     "\\n一、 指导思想 认真贯彻落实省委 2016 年部署。"
    >>> reps = rejoin_wrapped_words(damaged)
    >>> from policyparse.normalize import normalize
    >>> normalize(damaged).text.splitlines()[-1]
    '一、指导思想 认真贯彻落实省委2016年部署。'
    >>> rejoin_wrapped_words("第一条 为抢抓国家人工智能发展机遇，制定本措施。")
    []
    """
    if not _ANY_SENTENCE_GAP.search(text):
        return []  # no space between Chinese characters at all: clean pages stop here, on one scan
    lines = _running_lines(text)
    sentence_gaps = _sentence_gaps(lines)
    if 1000.0 * sentence_gaps / MIN_RUNNING_HAN < MIN_GAPS_PER_1000:
        return []  # the density can be no higher: clean pages stop here, their Chinese uncounted
    # the lines and their gaps as counted above, not read again from the text by wrap_density
    density = _density(lines, sentence_gaps)
    if density is None or density < MIN_GAPS_PER_1000:
        return []
    from ..segment.breaks import gaps  # the one decision of where a space is a lost break

    evidence = f"wrap gap; {density:.0f} spaces between Chinese characters per 1000"
    return [Replacement(m.start(), m.end(), "", RULE, evidence) for m, reason in gaps(text, _GAP) if reason is None]


_SENTENCE_GAP = re.compile(rf"(?<=[{_HAN}，、]) (?=[{_HAN}])")
# The same, found from the space (a literal the regex engine skips to): every gap that
# _sentence_gaps counts in a line is one in the text.
_ANY_SENTENCE_GAP = re.compile(rf" (?<=[{_HAN}，、] )(?=[{_HAN}])")


def wrap_density(text: str) -> Optional[float]:
    """Spaces inside sentences of running text per 1,000 Chinese characters of it, or None when
    the text has too little running text to tell (under 300 characters in long lines).

    Only long lines that hold a 。 count, and only spaces at least 8 characters after the last
    。；： and 2 before the next 。；，: headings, menus, signatures and ``第一条 为…`` never do.
    """
    lines = _running_lines(text)
    return _density(lines, _sentence_gaps(lines))


def _density(lines: list[str], sentence_gaps: int) -> Optional[float]:
    han = sum(len(_HAN_CHAR.findall(line)) for line in lines)
    return 1000.0 * sentence_gaps / han if han >= MIN_RUNNING_HAN else None


def _running_lines(text: str) -> list[str]:
    """Long lines holding a 。: running text."""
    # by maps at C speed: web text has a line per paragraph
    lines = text.split("\n")
    long = list(itertools.compress(lines, map(operator.ge, map(len, lines), itertools.repeat(80))))
    return list(itertools.compress(long, map(operator.contains, long, itertools.repeat("。"))))


def _sentence_gaps(lines: list[str]) -> int:
    """Spaces between Chinese characters inside sentences of ``lines``."""
    gaps = 0
    for line in lines:
        for m in _ANY_SENTENCE_GAP.finditer(line):  # the matches of _SENTENCE_GAP, found from the space
            last_stop = max(line.rfind(c, 0, m.start()) for c in "。；：:")
            ahead = [k for k in (line.find(c, m.end()) for c in "。；，") if k >= 0]
            if m.start() - last_stop >= 8 and min(ahead, default=len(line)) - m.end() >= 2:
                gaps += 1
    return gaps
