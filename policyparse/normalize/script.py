"""Traditional characters to simplified, where the text is traditional or mixed.

Notices reposted from Hong Kong or Taiwan mirrors arrive in traditional characters (政務誠信建設),
and copy-protected pages mix single traditional characters into simplified text (機淛). OpenCC's
``t2s`` converts with its phrase tables; this fixer decides *where* to accept its changes:

* a character that is not among the 3500 common simplified characters (們, 經, 與) is
  traditional wherever it appears, and is converted when OpenCC's result is itself common
  (OpenCC would turn the copy-protection glyph 鋶 into the rare 锍; the look-alike repair reads it
  as 流);
* a character that is also in ordinary simplified use (著, 乾, 昇) is converted only on a line
  whose other script-specific characters are traditional;
* ``lexicons/normalize/script_exceptions.tsv`` lists words to keep (乾隆, 昇腾) or to write
  differently from OpenCC (著力 -> 着力).

Clean simplified text is never touched: without a traditional-only character nothing changes.
"""

from __future__ import annotations

import bisect
import collections
import difflib
import functools
import itertools
import operator
import re
from typing import TYPE_CHECKING, Callable, NamedTuple, Optional

if TYPE_CHECKING:
    import numpy

from .lexdata import common_ranks, script_exceptions
from .text import Replacement

RULE = "to_simplified"
#: Share of script-specific characters on a line that must be traditional-only for the line to
#: count as traditional (so that its 著 and 乾 are converted too).
TRADITIONAL_LINE_SHARE = 0.5
#: …and traditional-only characters must be at least this share of the line's characters: a
#: traditional line changes at every third character, while a simplified line that keeps a few
#: traditional-looking glyphs (the residue of a mojibake passage, 織 級 蘋 in a 5,000-character
#: roster of names) is simplified, and its 沈 and 乾 are names, not 沉 and 干.
TRADITIONAL_LINE_DENSITY = 0.05


@functools.lru_cache(maxsize=None)
def _converter():
    import opencc  # lazy: simplified notices never load it

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=None)
def _exception_pattern() -> tuple[re.Pattern | None, dict[str, str]]:
    rows = script_exceptions()
    if not rows:
        return None, {}
    table = {row.word: row.simplified for row in rows}
    words = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), table


def _aligned_changes(text: str, converted: str) -> list[tuple[int, int, str]]:
    """Where OpenCC changed the text: position by position, and line by line when a phrase
    changed length (OpenCC keeps line breaks), so the cost stays linear in the text."""
    if len(text) == len(converted):
        return [(i, i + 1, converted[i]) for i in _differing(text, converted)]
    lines, converted_lines = text.split("\n"), converted.split("\n")
    if len(lines) != len(converted_lines):
        lines, converted_lines = [text], [converted]
    out = []
    offset = 0
    for line, new in zip(lines, converted_lines):
        if line != new:
            if len(line) == len(new):
                out.extend((offset + i, offset + i + 1, b) for i, (a, b) in enumerate(zip(line, new)) if a != b)
            else:
                matcher = difflib.SequenceMatcher(None, line, new, autojunk=False)
                out.extend((offset + i1, offset + i2, new[j1:j2])
                           for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
        offset += len(line) + 1
    return out


def _differing(text: str, other: str) -> list[int]:
    """Positions where two strings of one length differ, compared as arrays of code points at C
    speed (a traditional notice differs from its conversion at every third character)."""
    import numpy

    a, b = (numpy.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32) for s in (text, other))
    return numpy.flatnonzero(a != b).tolist()


def _rare(chars: str, common: dict, skip_space: bool = False) -> bool:
    """Some character of ``chars`` is not among the common simplified ones (one look-up for the
    single characters most changes are)."""
    if len(chars) == 1:
        return chars not in common and not (skip_space and chars.isspace())
    return any(c not in common and not (skip_space and c.isspace()) for c in chars)


def _all_rare(strings: list[str], common: dict, skip_space: bool = False) -> list[bool]:
    """:func:`_rare` of each string: a look-up each at C speed, and the call itself only for
    the few a look-up cannot settle. A single character that is not common is rare as it stands
    (the traditional characters of a traditional notice, a change every third character);
    longer strings are looked at character by character, and with ``skip_space`` so is each
    character that is not common (it may be a space)."""
    out = list(map(operator.not_, map(common.__contains__, strings)))
    if skip_space:
        unsettled = itertools.compress(range(len(out)), out)
    else:
        longer = map(operator.ne, map(len, strings), itertools.repeat(1))
        unsettled = itertools.compress(range(len(out)), map(operator.and_, out, longer))
    for k in list(unsettled):
        out[k] = _rare(strings[k], common, skip_space)
    return out


def _traditional_lines(lines: list[int], strict: list[bool], lengths: list[int]) -> set[int]:
    """Lines where traditional-only characters are at least TRADITIONAL_LINE_SHARE of the
    script-specific ones and TRADITIONAL_LINE_DENSITY of the line (``lines[k]`` holds change k,
    ``strict[k]`` says it is traditional-only, ``lengths[line]`` is the line's length)."""
    every = collections.Counter(lines)
    traditional_only = collections.Counter(itertools.compress(lines, strict))
    return {line for line, n in every.items() if traditional_only[line] >= TRADITIONAL_LINE_SHARE * n
            and traditional_only[line] >= TRADITIONAL_LINE_DENSITY * lengths[line]}


def _protected(text: str, points=None) -> dict[int, tuple[int, str, str]]:
    """Words of script_exceptions.tsv in ``text``: start -> (end, word, how to write it).
    ``points``: the text's code points, when made already: the words are then looked for only
    where a character that starts one stands (the matches of the regex's scan, which tries
    every character)."""
    pattern, table = _exception_pattern()
    if pattern is None:
        return {}
    if points is None:
        return {m.start(): (m.end(), m.group(), table[m.group()]) for m in pattern.finditer(text)}
    import numpy

    out = {}
    done = 0
    for start in numpy.flatnonzero(_word_firsts().take(points)).tolist():
        if start < done:
            continue  # inside the word just found: the regex's scan goes on after it
        m = pattern.match(text, start)
        if m:
            out[start] = (m.end(), m.group(), table[m.group()])
            done = m.end()
    return out


@functools.lru_cache(maxsize=None)
def _word_firsts():
    """For each code point, whether a word of script_exceptions.tsv starts with it."""
    import numpy

    _, table = _exception_pattern()
    firsts = numpy.zeros(0x110000, dtype=bool)
    firsts[[ord(word[0]) for word in table]] = True
    return firsts


def to_simplified(text: str) -> list[Replacement]:
    """Convert traditional characters to simplified where the text is traditional or mixed.

    >>> from policyparse.normalize import normalize
    >>> normalize("青海省加強政務誠信建設").text
    '青海省加强政务诚信建设'
    >>> normalize("清代乾隆年间的档案").text
    '清代乾隆年间的档案'
    """
    words, (starts, ends, afters, befores) = _changes(text)
    pairs = list(zip(befores, afters))
    entries = {pair: f"OpenCC t2s {pair[0]} -> {pair[1]}" for pair in set(pairs)}
    rows = zip(starts, ends, afters, itertools.repeat(RULE), map(entries.__getitem__, pairs))
    out = words + list(map(tuple.__new__, itertools.repeat(Replacement), rows))
    out.sort()
    return out


def simplified_columns(text: str, converted: Optional[str] = None) -> tuple[list[int], list[int], list[str]]:
    """What :func:`to_simplified` changes, as columns (starts, ends, afters) in text order, for
    normalize without explanations, which applies them making no Replacement (a traditional
    notice has a change every third character). ``converted``: OpenCC's t2s of the text, when
    already made."""
    words, (starts, ends, afters, _) = _changes(text, converted)
    starts, ends, afters = list(starts), list(ends), list(afters)
    for word in words:  # sorted, few, and apart from OpenCC's changes (those inside are blocked)
        k = bisect.bisect_left(starts, word.start)
        starts.insert(k, word.start)
        ends.insert(k, word.end)
        afters.insert(k, word.after)
    return starts, ends, afters


_NO_CHANGES: tuple = ((), (), (), ())


def _changes(text: str, converted: Optional[str] = None
             ) -> tuple[list[Replacement], tuple[list[int], list[int], list[str], list[str]]]:
    """The words of script_exceptions.tsv rewritten as the table says, and OpenCC's changes to
    keep as columns: starts, ends, afters and befores, in text order."""
    if converted is None:
        converted = _converter().convert(text)
    if converted == text:
        return [], _NO_CHANGES
    common = common_ranks()
    changes = _aligned_changes(text, converted)
    if not changes:
        return [], _NO_CHANGES
    # the changes as columns, each made at C speed (a traditional notice has a change every
    # third character)
    starts, ends, afters = (list(column) for column in zip(*changes))
    befores = list(map(text.__getitem__, map(slice, starts, ends)))
    strict = _all_rare(befores, common)  # traditional-only characters
    if not any(strict):
        return [], _NO_CHANGES  # only characters that simplified text uses too (昇, 乾): leave the text alone
    line_start = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_start, pos) - 1

    lines = _lines_of(line_start, starts)
    lengths = [b - a for a, b in zip(line_start, line_start[1:] + [len(text) + 1])]
    traditional = _traditional_lines(lines, strict, lengths)
    protected = _protected(text)
    words = _words(protected, lambda start: line_of(start) in traditional, common)
    keep = _accepted(afters, strict, lines, traditional, _blocked(starts, ends, protected), common)
    if not all(keep):
        starts, ends, afters, befores = (list(itertools.compress(column, keep))
                                         for column in (starts, ends, afters, befores))
    return words, (starts, ends, afters, befores)


def _words(protected: dict[int, tuple[int, str, str]], on_traditional_line: Callable[[int], bool],
           common: dict) -> list[Replacement]:
    """The words of script_exceptions.tsv to write as the table says: on a traditional line, or
    holding a traditional-only character."""
    return [Replacement(start, end, simplified, RULE, f"exception {word} -> {simplified}")
            for start, (end, word, simplified) in sorted(protected.items())
            if word != simplified and (on_traditional_line(start) or _rare(word, common))]


def _accepted(afters: list[str], strict: list[bool], lines: list[int], traditional: set[int], blocked: set[int],
              common: dict) -> list[bool]:
    """Which of OpenCC's changes to keep: a traditional-only character whose reading is common,
    or any change on a traditional line; none inside a protected word. Decided by maps over the
    lists, not a Python loop (a traditional notice has a change every third character)."""
    # 鋶 -> 锍: a reading rarer than the glyph is left to restore_lookalikes
    plain = map(operator.not_, _all_rare(afters, common, skip_space=True))
    on_line = map(traditional.__contains__, lines)
    keep = [p if s else t for s, p, t in zip(strict, plain, on_line)]
    for k in blocked:
        keep[k] = False
    return keep


def _lines_of(line_start: list[int], positions: list[int]) -> list[int]:
    """The line of each position (sorted), by one search of all of them at C speed."""
    import numpy

    return (numpy.searchsorted(line_start, positions, side="right") - 1).tolist()


def _blocked(starts: list[int], ends: list[int], protected: dict[int, tuple[int, str, str]]) -> set[int]:
    """Changes inside words of script_exceptions.tsv, which are written as the table says. The
    changes (``starts``, ``ends``) are in order and apart, so their ends are in order too."""
    if not protected:
        return set()
    covered = sorted((s, e) for s, (e, _, _) in protected.items())
    covered_starts = [s for s, _ in covered]
    # only changes that reach into a word (ending after its start, starting before its end)
    near = {k for s, e in covered for k in range(bisect.bisect_right(ends, s), bisect.bisect_left(starts, e))}
    out = set()
    for k in near:
        start, end = starts[k], ends[k]
        j = bisect.bisect_right(covered_starts, start)
        # protected words do not overlap each other much: the nearest ones decide
        if any(s < end and start < e for s, e in covered[max(0, j - 3):j + 1]):
            out.add(k)
    return out


def simplified_rewrite(text: str):
    """What :func:`to_simplified` changes, made: a :class:`~.charmap.Rewrite` (or, where OpenCC
    changed the length of a phrase, the columns of :func:`simplified_columns`; None for no
    change), for normalize without explanations."""
    decided = _decided(text)
    if not isinstance(decided, _Decided):
        return decided  # no change, or columns
    from .charmap import Rewrite

    points = decided.points.copy()
    points[decided.at] = decided.after
    for word in decided.words:
        points[word.start:word.end] = _code_points(word.after)
    return Rewrite(points.tobytes().decode("utf-32-le", "surrogatepass"), (), ())


def simplified_explained(text: str):
    """What :func:`to_simplified` returns, as columns (starts, ends, afters, rules, entries) in
    text order, or None for no change: for normalize with explanations, which records them
    making no Replacement."""
    decided = _decided(text)
    if decided is None:
        return None
    if not isinstance(decided, _Decided):  # OpenCC changed the length of a phrase: the general way
        out = to_simplified(text)
        return tuple(list(column) for column in zip(*out)) if out else None
    import numpy

    befores = _chars(decided.points[decided.at])
    afters = _chars(decided.after)
    pairs = list(zip(befores, afters))
    entries = {pair: f"OpenCC t2s {pair[0]} -> {pair[1]}" for pair in set(pairs)}
    starts = decided.at.tolist()
    ends = (decided.at + 1).tolist()
    entries = list(map(entries.__getitem__, pairs))
    rules = [RULE] * len(starts)
    for word in decided.words:  # sorted, few, and apart from OpenCC's changes (those inside are blocked)
        k = bisect.bisect_left(starts, word.start)
        for column, value in zip((starts, ends, afters, rules, entries), word):
            column.insert(k, value)
    return starts, ends, afters, rules, entries


def _chars(points) -> list[str]:
    return list(points.tobytes().decode("utf-32-le", "surrogatepass"))


class _Decided(NamedTuple):
    """The changes :func:`_changes` keeps, for a conversion of the same length: where, to what
    (code points), and the words of script_exceptions.tsv (all one for one)."""

    points: "numpy.ndarray"  # the text's code points
    at: "numpy.ndarray"
    after: "numpy.ndarray"
    words: list[Replacement]


def _decided(text: str):
    """The decisions of :func:`_changes` taken for all characters at once on arrays of code
    points (a traditional notice differs from its conversion at every third character): None
    for no change, the columns of :func:`simplified_columns` where OpenCC changed the length of
    a phrase or a word of the table changes length, else a :class:`_Decided`."""
    converted = _converter().convert(text)
    if converted == text:
        return None
    if len(converted) != len(text):
        return simplified_columns(text, converted)
    import numpy

    points, converted_points = _code_points(text), _code_points(converted)
    at = numpy.flatnonzero(points != converted_points)
    before, after = points[at], converted_points[at]
    common = _common_table()
    strict = ~common[before]  # traditional-only characters
    if not strict.any():
        return None  # only characters that simplified text uses too (昇, 乾): leave the text alone
    line_start = numpy.concatenate(([0], numpy.flatnonzero(points == 10) + 1))
    lines = numpy.searchsorted(line_start, at, side="right") - 1
    every = numpy.bincount(lines)
    lengths = numpy.diff(numpy.concatenate((line_start, [len(points) + 1])))[:len(every)]
    trad_only = numpy.bincount(lines[strict], minlength=len(every))
    traditional = (trad_only >= TRADITIONAL_LINE_SHARE * every) & (every > 0) \
        & (trad_only >= TRADITIONAL_LINE_DENSITY * lengths)
    protected = _protected(text, points)

    def on_traditional_line(pos: int) -> bool:
        line = int(numpy.searchsorted(line_start, pos, side="right")) - 1
        return line < len(traditional) and bool(traditional[line])

    words = _words(protected, on_traditional_line, common_ranks())
    if any(len(word.after) != word.end - word.start for word in words):
        return simplified_columns(text, converted)
    plain = common[after]  # 鋶 -> 锍: a reading rarer than the glyph is left to restore_lookalikes
    for k in numpy.flatnonzero(~plain).tolist():
        plain[k] = chr(after[k]).isspace()
    keep = numpy.where(strict, plain, traditional[lines])
    for start, (end, _, _) in protected.items():  # changes inside protected words: as the table says
        keep[numpy.searchsorted(at, start):numpy.searchsorted(at, end)] = False
    if not keep.any() and not words:
        return None
    return _Decided(points, at[keep], after[keep], words)


def _code_points(text: str):
    import numpy

    return numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)


@functools.lru_cache(maxsize=None)
def _common_table():
    """For each code point, whether it is one of the common simplified characters."""
    import numpy

    table = numpy.zeros(0x110000, dtype=bool)
    table[[ord(char) for char in common_ranks() if len(char) == 1]] = True
    return table
