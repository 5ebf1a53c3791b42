"""How well characters fit the characters around them: the evidence the look-alike and
mojibake repairs choose by.

The model is jieba's: a window of Han characters is segmented into dictionary words along the
most probable path, each word weighing its corpus frequency (``jieba/dict.txt``, some 350 000
words). A candidate character that completes frequent words with its neighbours (重 in 偅要 ->
重要, 的 between 重大 and 影响) raises the probability of the window; a glyph no text uses
(偅, 嘚) lowers it. Bigrams counted in real policy notices
(``lexicons/normalize/notice_bigrams.tsv``) add the phrases of the genre (一是, 牵头) that a
general dictionary weighs too lightly. Both are loaded lazily, the first time a repair needs them;
the words are the process's one dictionary (:mod:`policyparse.words`), not a copy of jieba's.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from typing import Mapping, NamedTuple, Optional, Set

from ..words import dictionary
from .lexdata import notice_bigrams

MAX_WORD = 5
#: A bigram the notice itself prints this many times counts as evidence.
PAGE_EVIDENCE = 2
_HAN_RUN = re.compile("[\u3400-\u9fff]{2,}")
#: A single character this frequent in jieba's dictionary is a word on its own (的, 在, 和, 是,
#: 至): it fits between two words without forming a compound with either.
FUNCTION_CHAR_FREQ = 30000
_DIGITS = frozenset("0123456789０１２３４５６７８９")


def is_han(char: str) -> bool:
    code = ord(char)
    return (0x3400 <= code <= 0x9FFF or 0x20000 <= code <= 0x3134F or 0xF900 <= code <= 0xFAFF)


@functools.lru_cache(maxsize=None)
def _log_total() -> float:
    """Log of the counts of jieba's distinct words added up: the denominator of a word's
    probability here (the shared dictionary's own total counts one word of dict.txt twice)."""
    return math.log(dictionary().distinct_total)


def word_frequency(word: str) -> int:
    """Corpus frequency of ``word`` in jieba's dictionary (0 if absent).

    >>> word_frequency("重要") > word_frequency("偅要")
    True
    """
    return dictionary().frequency(word)


class Fit(NamedTuple):
    """``score``: log-probability of the best segmentation of the window plus notice-bigram
    support; ``in_word``: the characters under test belong to a dictionary word of two or more
    characters, or form a notice bigram with a neighbour."""

    score: float
    in_word: bool


def fit(chars: str, left: str, right: str, page: Optional[Mapping[str, int]] = None) -> Fit:
    """How well ``chars`` fits between the Han contexts ``left`` and ``right``.

    ``page``: bigram counts of the notice itself. Notices repeat their own terms (揭府, 红桥区,
    政务诚信), so a pair the page prints elsewhere is evidence too, for names no dictionary has.

    >>> fit("制", "失信惩戒机", "推广到经").score > fit("淛", "失信惩戒机", "推广到经").score
    True
    >>> fit("重", "教育的", "要内容").in_word
    True
    """
    freq_of, log_total = dictionary().frequency, _log_total()
    window = left + chars + right
    lo, hi = len(left), len(left) + len(chars)
    n = len(window)
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_WORD), end):
            word = window[start:end]
            count = freq_of(word)
            if not count:
                if end - start > 1:
                    continue
                count = 1
            value = math.log(count)
            score = best[start] + value - log_total
            if score > best[end]:
                best[end], back[end] = score, start
    in_word = False
    end = n
    while end > 0:
        start = back[end]
        if start < hi and end > lo and (
                end - start > 1 or freq_of(window[start:end]) >= FUNCTION_CHAR_FREQ):
            in_word = True
        end = start
    score = best[n]
    bigrams = notice_bigrams()
    if left and chars:
        count = bigrams.get(left[-1] + chars[0])
        if count:
            score += math.log(count + 1)
            in_word = True
    if right and chars:
        count = bigrams.get(chars[-1] + right[0])
        if count:
            score += math.log(count + 1)
            in_word = True
    if page:
        for pair in ((left[-1] + chars[0]) if left and chars else "",
                     (chars[-1] + right[0]) if right and chars else ""):
            count = page.get(pair, 0) if pair else 0
            if count >= PAGE_EVIDENCE:
                score += math.log(count + 1)
                in_word = True
    return Fit(score, in_word)


def segmentation_score(text: str) -> float:
    """Log-probability of the best segmentation of each Han run of ``text`` into jieba's words:
    the general vocabulary (流浪, 乞讨) that a few hundred notices do not attest.

    >>> segmentation_score("对流浪乞讨人员") > segmentation_score("对流海乞表人员")
    True
    """
    total = 0.0
    for match in _HAN_RUN.finditer(text):
        total += fit(match.group(), "", "").score
    return total


def page_bigrams(text: str, skip: Optional[Set[int]] = None) -> Counter:
    """Han bigrams of one notice, leaving out those touching positions in ``skip`` (the glyphs
    under judgement, so that a glyph never vouches for itself)."""
    counts: Counter = Counter()
    for match in _HAN_RUN.finditer(text):
        run, start = match.group(), match.start()
        for k in range(len(run) - 1):
            if skip and (start + k in skip or start + k + 1 in skip):
                continue
            counts[run[k:k + 2]] += 1
    return counts


def han_context(text: str, start: int, end: int, width: int = 4) -> tuple[str, str]:
    """Up to ``width`` Han characters left of ``start`` and right of ``end``, stopping at non-Han.

    A digit right next to the characters stands for a numeral (``3姩`` reads like ``一年``), so
    counters and units after a number have context too.

    >>> han_context("连续3姩无不良信用", 3, 4)
    ('一', '无不良信')
    """
    i = start
    while i > 0 and start - i < width and is_han(text[i - 1]):
        i -= 1
    j = end
    while j < len(text) and j - end < width and is_han(text[j]):
        j += 1
    left, right = text[i:start], text[end:j]
    # 县（市、区）: in an enumeration of single characters the neighbour across 、 is the context.
    if not left and start > 1 and text[start - 1] == "、" and is_han(text[start - 2]):
        left = text[start - 2]
    if not right and end + 1 < len(text) and text[end] == "、" and is_han(text[end + 1]):
        right = text[end + 1]
    if not left and start > 0 and text[start - 1] in _DIGITS:
        left = "一"
    if not right and end < len(text) and text[end] in _DIGITS:
        right = "一"
    return left, right
