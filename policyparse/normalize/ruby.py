"""Remove pinyin that ruby annotations left in scraped text.

Pages that annotate every character with its reading (``<ruby>誠<rt>chéng</rt></ruby>``) come
out of a tag-stripping scraper as ``誠(chéng)信(xìn)``. A parenthesis right after a Han
character is removed when everything inside it is pinyin syllables of 汉语拼音方案; anything
else stays: ``(PPP)``, ``(试行)``, ``(国发〔2016〕76号)``, ``(a)``.
"""

from __future__ import annotations

import collections
import functools
import itertools
import operator
import re
import unicodedata

from .lexdata import pinyin_syllables
from .text import Replacement

RULE = "strip_ruby_pinyin"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A syllable is letters with tone marks or a tone digit (cheng2, the typed form of chéng).
_SYLLABLE = r"[a-zA-Zü" + _TONED + r"]+[1-5]?"
# Right after a Han character (the ranges of context.is_han), tested by the regex engine: ruby
# text has a parenthesis after every character.
# The parenthesis comes first and the look-behind after it, so that the engine scans for the
# parenthesis alone instead of trying the look-behind at every character.
_ANNOTATION = re.compile(r"[(（](?<=[\u3400-\u9fff\U00020000-\U0003134f\uf900-\ufaff][(（])"
                         r"(" + _SYLLABLE + r"(?:[ ·']" + _SYLLABLE + r"){0,7})[)）]")
#: Toneless syllables (the neutral tone of 的(de), 们(men)) count only in a text that carries
#: at least this many toned annotations, so ``(an)`` in ordinary text is never read as pinyin.
_TONED_EVIDENCE = 3


def _base_syllable(syllable: str) -> tuple[str, bool]:
    """``'chéng'`` -> ``('cheng', True)``, ``'cheng2'`` -> ``('cheng', True)``; ü is kept."""
    toned = any(c in _TONED for c in syllable) or syllable[-1:].isdigit()
    syllable = syllable.rstrip("12345")
    plain = []
    for c in syllable.lower():
        if c in "ǖǘǚǜ":
            plain.append("ü")
        elif c in _TONED:
            plain.append(unicodedata.normalize("NFD", c)[0])
        else:
            plain.append(c)
    return "".join(plain), toned


@functools.lru_cache(maxsize=8192)  # a notice repeats its syllables: each is judged once
def _annotation(body: str) -> tuple[bool, bool]:
    """(is pinyin, carries a tone mark) for the text inside a parenthesis."""
    if body != body.lower():
        return False, False  # (PPP), (GDP): initialisms, never ruby text
    syllables = pinyin_syllables()
    toned_any = False
    for syllable in re.split(r"[ ·']", body):
        base, toned = _base_syllable(syllable)
        if base.replace("v", "ü") not in syllables:
            return False, False
        toned_any = toned_any or toned
    return True, toned_any


def strip_ruby_pinyin(text: str) -> list[Replacement]:
    """Remove ``(chéng)`` after 誠; keep parentheses that are not pinyin.

    >>> from policyparse.normalize import normalize
    >>> normalize("加強(qiáng)政務(wù)誠(chéng)信建設(shè)", {"to_simplified": False}).text
    '加強政務誠信建設'
    >>> normalize("政府和社会资本合作(PPP)项目(试行)", {"normalize_punctuation": False}).text
    '政府和社会资本合作(PPP)项目(试行)'
    """
    starts, ends, bodies = pinyin_annotations(text)
    entries = {body: f"ruby pinyin {body}" for body in set(bodies)}
    rows = zip(starts, ends, itertools.repeat(""), itertools.repeat(RULE), map(entries.__getitem__, bodies))
    return list(map(tuple.__new__, itertools.repeat(Replacement), rows))


def pinyin_annotations(text: str) -> tuple[list[int], list[int], list[str]]:
    """Where :func:`strip_ruby_pinyin` removes an annotation, as columns: the start and end of
    each (parentheses included) and the pinyin inside, in text order. Normalize without
    explanations removes them from these alone, making no Replacement (ruby text has one after
    every character)."""
    if "(" not in text and "（" not in text:
        return [], [], []
    # re.split hands over every annotation and the text between them at C speed (ruby text has
    # one after every character); an annotation is its body and two parentheses.
    parts = _ANNOTATION.split(text)
    bodies = parts[1::2]
    if not bodies:
        return [], [], []
    counts = collections.Counter(bodies)
    verdicts = {body: _annotation(body) for body in counts}
    toned_count = sum(n for body, n in counts.items() if verdicts[body] == (True, True))
    keep = (True, True) if toned_count < _TONED_EVIDENCE else (True, False)  # pinyin; toned, or enough toned
    lengths = list(map(len, parts))
    lengths[1::2] = map(operator.add, lengths[1::2], itertools.repeat(2))
    edges = list(itertools.accumulate(lengths))  # match k spans edges[2k]:edges[2k + 1]
    starts, ends = edges[0:-1:2], edges[1::2]
    if not all(verdict >= keep for verdict in verdicts.values()):  # some are left: pick the rest
        kept = list(map(keep.__le__, map(verdicts.__getitem__, bodies)))
        starts, ends, bodies = (list(itertools.compress(column, kept)) for column in (starts, ends, bodies))
    return starts, ends, bodies
