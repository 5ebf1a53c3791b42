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
    """The ruby annotations of the text and those to remove: their starts and ends (arrays), the
    distinct annotations (parentheses included), the kind of each annotation (its position among
    them, an array), and for each kind whether it is removed (an array); None when none is
    removed."""
    found = _located(text)
    if found is None:
        return None
    starts, ends, wholes, inverse = found
    removed = _removed_kinds(wholes, inverse)
    if not removed.any():
        return None
    return starts, ends, wholes, inverse, removed


def pinyin_columns(text: str) -> Optional[tuple[list[int], list[int], list[str], list[str], list[str]]]:
    """What :func:`strip_ruby_pinyin` returns, as columns (starts, ends, afters, rules, entries),
    or None: for normalize with explanations, which records them making no Replacement."""
    found = _annotations(text)
    if found is None:
        return None
    starts, ends, wholes, inverse, removed = found
    if not removed.all():  # some are left: pick the rest
        kept = removed[inverse]
        starts, ends, inverse = starts[kept], ends[kept], inverse[kept]
    entries = [f"ruby pinyin {whole[1:-1]}" for whole in wholes]
    count = len(starts)
    return (starts.tolist(), ends.tolist(), [""] * count, [RULE] * count,
            list(map(entries.__getitem__, inverse.tolist())))


def stripped(text: str) -> Optional[tuple[str, numpy.ndarray, numpy.ndarray, numpy.ndarray]]:
    """The text without the annotations :func:`strip_ruby_pinyin` removes, their starts and ends
    in ``text``, and for each character of ``text`` and its end whether it is kept; None when it
    removes none. What normalize without explanations uses: no Replacement, no offset per
    annotation in Python (ruby text has one after every character)."""
    found = _annotations(text)
    if found is None:
        return None
    starts, ends, _, inverse, removed = found
    if not removed.all():  # a few kept (an initialism, (PPP))
        kept = removed[inverse]
        starts, ends = starts[kept], ends[kept]
    import numpy

    # the characters outside the removed annotations: +1 at a start, -1 at an end, a running
    # count of those open marks the removed ones (the end of the text is never inside one)
    marks = numpy.zeros(len(text) + 1, dtype=numpy.int8)
    marks[starts] = 1
    marks[ends] -= 1
    outside = numpy.cumsum(marks, dtype=numpy.int8) == 0
    return _points(text)[outside[:-1]].tobytes().decode("utf-32-le", "surrogatepass"), starts, ends, outside


def _points(text: str) -> numpy.ndarray:
    import numpy

    return numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)


#: Annotations are read through a window of this many characters after their parenthesis: the
#: inside of ruby text's (one or two syllables) ends within it; a longer one is looked up.
_WINDOW = 16
#: Annotations whose inside is at most this long are told apart by a number made of their
#: characters (:func:`_kinds`); longer ones, few, by their text.
_PACKED = 8
_OPENING, _CLOSING = (ord("("), ord("（")), (ord(")"), ord("）"))


@functools.lru_cache(maxsize=None)
def _codes() -> numpy.ndarray:
    """For each code point, its number among the characters an annotation may hold after its
    first (1 to 127; the letters first, up to :data:`_FIRST`), 0 for the others."""
    import numpy

    chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZü" + _TONED
    assert re.fullmatch(f"[{_LETTERS}]+", chars) and len(set(chars)) == len(chars)
    table = numpy.zeros(0x110000, dtype=numpy.uint8)
    table[[ord(c) for c in chars + "12345 ·'"]] = numpy.arange(1, len(chars) + 9)
    assert int(table.max()) < 128  # the top bit of each is free: _kinds puts the brackets there
    return table


_FIRST = 53 + len(_TONED)  # codes of the letters, which start an annotation


@functools.lru_cache(maxsize=None)
def _masks() -> numpy.ndarray:
    """For an inside of n characters, the mask of the first n bytes of a 64-bit number."""
    import numpy

    return numpy.array([(1 << (8 * n)) - 1 for n in range(_PACKED)] + [(1 << 64) - 1], dtype=numpy.uint64)


def _located(text: str):
    """What :data:`_ANNOTATION` matches, found on the text's code points for all parentheses at
    once (ruby text has one after every character): starts and ends (arrays, in order), the
    distinct annotations, and the kind of each (an array of positions among them); None for none.

    A parenthesis right after a Han character, a letter after it, then the characters of pinyin
    up to the first other character, which must close it: the regex's match, since its run
    stops at the same character and holds no parenthesis."""
    if "(" not in text and "（" not in text:
        return None
    import numpy
    from numpy.lib.stride_tricks import sliding_window_view

    points = _points(text)
    opens = numpy.flatnonzero((points[1:-1] == _OPENING[0]) | (points[1:-1] == _OPENING[1])) + 1
    if not len(opens):
        return None
    # the code of each character, and stops (0) past the end for the windows
    codes = numpy.concatenate((_codes().take(points), numpy.zeros(_WINDOW + 1, dtype=numpy.uint8)))
    before = points[opens - 1]
    first = codes[opens + 1]
    han = (((before >= 0x3400) & (before <= 0x9FFF)) | ((before >= 0x20000) & (before <= 0x3134F))
           | ((before >= 0xF900) & (before <= 0xFAFF)))
    opens = opens[han & (first > 0) & (first <= _FIRST)]
    if not len(opens):
        return None
    # the inside of each: the characters after the parenthesis up to the first that is not
    # pinyin, seen through a window (the first is a letter: a 0 found first is none in the window)
    window = sliding_window_view(codes, _WINDOW)[opens + 1]
    lengths = (window == 0).argmax(axis=1)
    long = numpy.flatnonzero(lengths == 0)
    if len(long):
        stops = numpy.flatnonzero(codes == 0)
        lengths[long] = stops[numpy.searchsorted(stops, opens[long] + 1)] - opens[long] - 1
    closes = opens + 1 + lengths
    closing = numpy.append(points, numpy.uint32(0))[closes]
    matched = (closing == _CLOSING[0]) | (closing == _CLOSING[1])
    if not matched.any():
        return None
    if not matched.all():
        opens, closes, lengths, window = opens[matched], closes[matched], lengths[matched], window[matched]
    wholes, inverse = _kinds(text, points, window, opens, closes, lengths)
    return opens, closes + 1, wholes, inverse


def _kinds(text: str, points, window, starts, closes, lengths) -> tuple[list[str], numpy.ndarray]:
    """The distinct annotations ``text[starts[k]:closes[k] + 1]`` and the kind of each, told
    apart by numbers, without a string per annotation: the codes of the inside as the bytes of a
    64-bit number (none is 0, so the bytes after the inside, set to 0, tell its length) and the
    kinds of bracket in the free top bits of the first two bytes. Insides longer than
    :data:`_PACKED`, few, are numbered by their text with a first byte of 0, which no other has."""
    import numpy

    keys = numpy.ascontiguousarray(window[:, :_PACKED]).view("<u8").reshape(-1)  # byte 0 lowest
    keys &= _masks()[numpy.minimum(lengths, _PACKED)]
    keys |= (points[starts] == _OPENING[1]).astype(numpy.uint64) << numpy.uint64(7)
    keys |= (points[closes] == _CLOSING[1]).astype(numpy.uint64) << numpy.uint64(15)
    long = numpy.flatnonzero(lengths > _PACKED)
    if len(long):
        named: dict[str, int] = {}
        keys[long] = [(named.setdefault(text[s:e], len(named)) + 1) << 8
                      for s, e in zip(starts[long].tolist(), (closes[long] + 1).tolist())]
    distinct, inverse = numpy.unique(keys, return_inverse=True)  # no return_index: a stable sort costs more
    inverse = inverse.reshape(-1)
    one = numpy.empty(len(distinct), dtype=numpy.int64)
    one[inverse] = numpy.arange(len(keys))  # an annotation of each kind (all of a kind are alike)
    wholes = [text[s:e + 1] for s, e in zip(starts[one].tolist(), closes[one].tolist())]
    return wholes, inverse


def _removed_kinds(wholes: list[str], inverse) -> numpy.ndarray:
    """For each kind of annotation (parentheses included), whether it is removed: pinyin, and
    toned unless the text carries enough toned ones (:data:`_TONED_EVIDENCE`)."""
    import numpy

    verdicts = [_verdict(whole[1:-1]) for whole in wholes]
    toned = [k for k, verdict in enumerate(verdicts) if verdict == (True, True)]
    # each different toned one stands for one toned annotation or more: enough of them decide
    if len(toned) >= _TONED_EVIDENCE:
        evidence = len(toned)
    else:
        evidence = int(numpy.bincount(inverse, minlength=len(wholes))[toned].sum())
    keep = (True, True) if evidence < _TONED_EVIDENCE else (True, False)  # pinyin; toned, or enough toned
    return numpy.fromiter((verdict >= keep for verdict in verdicts), dtype=bool, count=len(verdicts))
