"""Remove pinyin that ruby annotations left in scraped text.

Pages that annotate every character with its reading (``<ruby>誠<rt>chéng</rt></ruby>``) come
out of a tag-stripping scraper as ``誠(chéng)信(xìn)``. A parenthesis right after a Han
character is removed when everything inside it is pinyin syllables of 汉语拼音方案; anything
else stays: ``(PPP)``, ``(试行)``, ``(国发〔2016〕76号)``, ``(a)``.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import numpy

from .lexdata import pinyin_syllables
from .text import Replacement

RULE = "strip_ruby_pinyin"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = "a-zA-Zü" + _TONED
# A syllable is letters with tone marks or a tone digit (cheng2, the typed form of chéng); an
# annotation holds one to eight.
_SYLLABLE = f"[{_LETTERS}]+[1-5]?"
_PINYIN = re.compile(_SYLLABLE + r"(?:[ ·']" + _SYLLABLE + r"){0,7}")
# Right after a Han character (the ranges of context.is_han), tested by the regex engine: ruby
# text has a parenthesis after every character.
# The parenthesis comes first and the look-behind after it, so that the engine scans for the
# parenthesis alone instead of trying the look-behind at every character. Inside, any run of the
# characters of pinyin that starts with a letter, as single-character repeats the engine runs
# fast; the run is then held to _PINYIN once per distinct annotation (:func:`_verdict`). Both end
# at the first closing parenthesis, so they match at the same places but for the runs _PINYIN
# refuses. The group is the whole annotation, so that re.split hands over annotations and the
# text between them only.
_ANNOTATION = re.compile(r"([(（](?<=[\u3400-\u9fff\U00020000-\U0003134f\uf900-\ufaff][(（])"
                         f"[{_LETTERS}][{_LETTERS}1-5 ·']*[)）])")
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


@functools.lru_cache(maxsize=8192)
def _verdict(body: str) -> tuple[bool, bool]:
    """:func:`_annotation` of a run :data:`_ANNOTATION` took, when it is syllables at all."""
    return _annotation(body) if _PINYIN.fullmatch(body) else (False, False)


def strip_ruby_pinyin(text: str) -> list[Replacement]:
    """Remove ``(chéng)`` after 誠; keep parentheses that are not pinyin.

    >>> from policyparse.normalize import normalize
    >>> normalize("加強(qiáng)政務(wù)誠(chéng)信建設(shè)", {"to_simplified": False}).text
    '加強政務誠信建設'
    >>> normalize("政府和社会资本合作(PPP)项目(试行)", {"normalize_punctuation": False}).text
    '政府和社会资本合作(PPP)项目(试行)'
    """
    found = pinyin_columns(text)
    return list(map(tuple.__new__, itertools.repeat(Replacement), zip(*found))) if found else []


def _annotations(text: str):
    """The text split at its ruby annotations, the annotations, those to remove, how many kinds
    there are, and the annotations' starts and ends; None when none is removed."""
    parts = _split(text)
    annotations = parts[1::2]
    removed, kinds = _removed(annotations)
    if not removed:
        return None
    starts, ends = _spans(parts)
    return parts, annotations, removed, kinds, starts, ends


def pinyin_columns(text: str) -> Optional[tuple[list[int], list[int], list[str], list[str], list[str]]]:
    """What :func:`strip_ruby_pinyin` returns, as columns (starts, ends, afters, rules, entries),
    or None: for normalize with explanations, which records them making no Replacement."""
    found = _annotations(text)
    if found is None:
        return None
    _, annotations, removed, kinds, starts, ends = found
    if len(removed) < kinds:  # some are left: pick the rest
        kept = list(map(removed.__contains__, annotations))
        starts, ends = starts[kept], ends[kept]
        annotations = list(itertools.compress(annotations, kept))
    entries = {whole: f"ruby pinyin {whole[1:-1]}" for whole in removed}
    return (starts.tolist(), ends.tolist(), [""] * len(annotations), [RULE] * len(annotations),
            list(map(entries.__getitem__, annotations)))


def stripped(text: str) -> Optional[tuple[str, numpy.ndarray, numpy.ndarray]]:
    """The text without the annotations :func:`strip_ruby_pinyin` removes, and their starts and
    ends in ``text``; None when it removes none. What normalize without explanations uses: no
    Replacement, no offset per annotation in Python (ruby text has one after every character)."""
    found = _annotations(text)
    if found is None:
        return None
    parts, annotations, removed, kinds, starts, ends = found
    gaps = parts[0::2]
    if len(removed) == kinds:
        return "".join(gaps), starts, ends
    # A few kept (an initialism, (PPP)): each joins the text before it. Found by list.index,
    # a scan at C speed per kept kind; a text with many kinds of them is looked at annotation
    # by annotation.
    left = set(annotations) - removed
    if len(left) <= _FEW_KINDS:
        kept = sorted(k for whole in left for k in _occurrences(annotations, whole))
    else:
        kept = list(itertools.compress(range(len(annotations)), map(left.__contains__, annotations)))
    for k in kept:
        gaps[k] += annotations[k]
    import numpy

    return "".join(gaps), numpy.delete(starts, kept), numpy.delete(ends, kept)


#: Kinds of kept annotations up to which :func:`stripped` finds them by list.index.
_FEW_KINDS = 8


def _occurrences(items: list[str], item: str) -> list[int]:
    found = []
    k = -1
    try:
        while True:
            k = items.index(item, k + 1)
            found.append(k)
    except ValueError:
        return found


def _split(text: str) -> list[str]:
    """The text between annotations and the annotations (parentheses included), alternating,
    by re.split at C speed."""
    if "(" not in text and "（" not in text:
        return [text]
    return _ANNOTATION.split(text)


def _spans(parts: list[str]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Starts and ends of the annotations of :func:`_split`'s parts, by running sums."""
    import numpy

    lengths = numpy.fromiter(map(len, parts), dtype=numpy.int64, count=len(parts))
    between, whole = lengths[0::2], lengths[1::2]
    starts = numpy.cumsum(between[:-1]) + numpy.cumsum(whole) - whole
    return starts, starts + whole


def _removed(annotations: list[str]) -> tuple[set[str], int]:
    """The annotations (parentheses included) that are removed: pinyin, and toned unless the
    text carries enough toned ones (:data:`_TONED_EVIDENCE`); and how many kinds there are."""
    if not annotations:
        return set(), 0
    verdicts = {whole: _verdict(whole[1:-1]) for whole in set(annotations)}
    toned = [whole for whole, verdict in verdicts.items() if verdict == (True, True)]
    # each different toned one stands for one toned annotation or more: enough of them decide
    evidence = len(toned) if len(toned) >= _TONED_EVIDENCE else sum(map(annotations.count, toned))
    keep = (True, True) if evidence < _TONED_EVIDENCE else (True, False)  # pinyin; toned, or enough toned
    return {whole for whole, verdict in verdicts.items() if verdict >= keep}, len(verdicts)
