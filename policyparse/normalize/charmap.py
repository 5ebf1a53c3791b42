"""The character map of normalize (normalized index -> raw index), kept as a NumPy array.

A notice of ruby-annotated traditional text has an annotation after every character and a
simplification every third: tens of thousands of changes per fixer round. Built entry by entry
in Python, the map cost more than the fixers; here every round is a few array operations over
the text. ``None`` stands for the identity (no change yet), so clean text builds no map at all.

A character a replacement wrote maps into the raw range of what it replaced, spread evenly
(``start + j * old_length // new_length`` for its j-th character), so the map never decreases.
"""

from __future__ import annotations

import itertools
import operator
from typing import TYPE_CHECKING, NamedTuple, Optional, Sequence

if TYPE_CHECKING:
    import numpy

#: int64, one entry per character plus the final len(raw); None: the identity. NumPy is imported
#: where a map is first built, not with the package (issue 13: ``import policyparse`` stays light).
Index = Optional["numpy.ndarray"]


class Rewrite(NamedTuple):
    """A fixer's changes made by the fixer itself (the text after them), for normalize without
    explanations: the ranges of the text before it that were removed, and nothing else changed
    length (one-for-one changes leave the map as it is)."""

    text: str
    removed_starts: Sequence[int]
    removed_ends: Sequence[int]
    #: for each of the old text's ``length + 1`` entries whether it is kept, when the fixer made
    #: it anyway (a boolean array; None: worked out from the ranges)
    kept: Optional["numpy.ndarray"] = None

    def index(self, index: Index, length: int) -> Index:
        """The map of the new text, from ``index``, the map of the old one (``length`` long)."""
        if not len(self.removed_starts):
            return index
        if self.kept is not None:
            import numpy

            return numpy.flatnonzero(self.kept) if index is None else index[self.kept]
        return without(index, length, self.removed_starts, self.removed_ends)


def as_array(index: Index, length: int) -> "numpy.ndarray":
    """The map as an array, the identity made explicit (for the edit ledger)."""
    import numpy

    return numpy.arange(length + 1, dtype=numpy.int64) if index is None else index


def applied(text: str, index: Index, starts: Sequence[int], ends: Sequence[int],
            afters: Sequence[str]) -> tuple[str, Index]:
    """The text after replacing ``text[starts[k]:ends[k]]`` by ``afters[k]`` (sorted, apart, at
    least one), and its map to raw offsets."""
    new_lengths = list(map(len, afters))
    if len(starts) >= _MANY:
        done = _applied_points(text, index, starts, ends, afters, new_lengths)
        if done is not None:
            return done
    gaps = map(text.__getitem__, map(slice, itertools.chain((0,), ends), starts))
    if not any(new_lengths):
        # removals only: the text between them
        return "".join(gaps) + text[ends[-1]:], without(index, len(text), starts, ends)
    new_text = "".join(itertools.chain.from_iterable(zip(gaps, afters))) + text[ends[-1]:]
    if new_lengths == list(map(operator.sub, ends, starts)):
        return new_text, index  # one for one (half-width marks)
    return new_text, _spread(index, len(text), starts, ends, new_lengths)


#: From this many replacements on, removals and one-character changes are made on the text's
#: code points (ruby pinyin after every character, a simplified character every third): a
#: slice per replacement costs more than a few passes over the text.
_MANY = 256


def _applied_points(text: str, index: Index, starts: Sequence[int], ends: Sequence[int], afters: Sequence[str],
                    new_lengths: list[int]) -> Optional[tuple[str, Index]]:
    """:func:`applied` on an array of code points, for removals only and for one character
    replaced by one; None for other rounds."""
    import numpy

    points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    if not any(new_lengths):
        kept = _kept(len(text), starts, ends)
        new_index = numpy.flatnonzero(kept) if index is None else index[kept]
        return _text(points[kept[:-1]]), new_index
    if new_lengths.count(1) == len(new_lengths) and all(map(operator.eq, map(operator.sub, ends, starts),
                                                            new_lengths)):
        points = points.copy()
        points[numpy.asarray(starts, dtype=numpy.int64)] = numpy.frombuffer(
            "".join(afters).encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        return _text(points), index
    return None


def _text(points) -> str:
    return points.tobytes().decode("utf-32-le", "surrogatepass")


def without(index: Index, length: int, starts: Sequence[int], ends: Sequence[int]) -> Index:
    """The map less the entries of the ranges ``starts[k]:ends[k]`` (sorted, apart)."""
    import numpy

    kept = _kept(length, starts, ends)
    return numpy.flatnonzero(kept) if index is None else index[kept]


def _kept(length: int, starts: Sequence[int], ends: Sequence[int]):
    """For each of ``length + 1`` entries, whether it lies outside the ranges: a running count
    of ranges open at each entry (+1 at a start, -1 at an end) marks the removed ones."""
    import numpy

    size = length + 1
    return numpy.cumsum(numpy.bincount(starts, minlength=size)[:size]
                        - numpy.bincount(ends, minlength=size)[:size]) == 0


def _spread(index: Index, length: int, starts: Sequence[int], ends: Sequence[int],
            new_lengths: Sequence[int]) -> numpy.ndarray:
    """The map after replacements that change lengths. The text is cut into segments, the
    untouched stretches (each character its own raw one) and the replacements; the j-th
    character written for a segment of ``old`` characters at ``src`` comes from
    ``src + j * old // new``, which for an untouched stretch is ``src + j``."""
    import numpy

    if len(starts) <= _FEW:
        return _spread_few(index, length, starts, ends, new_lengths)
    starts_ = numpy.asarray(starts, dtype=numpy.int64)
    ends_ = numpy.asarray(ends, dtype=numpy.int64)
    prev_ends = numpy.concatenate(([0], ends_))
    count = 2 * len(starts_) + 1  # stretch, replacement, stretch, …, stretch
    src = numpy.empty(count, dtype=numpy.int64)
    old = numpy.empty(count, dtype=numpy.int64)
    new = numpy.empty(count, dtype=numpy.int64)
    src[0::2], src[1::2] = prev_ends, starts_
    old[0::2] = new[0::2] = numpy.append(starts_, length) - prev_ends
    old[1::2] = ends_ - starts_
    new[1::2] = new_lengths
    total = int(new.sum())
    segment = numpy.repeat(numpy.arange(count), new)
    first = numpy.cumsum(new) - new  # where each segment's characters start in the new text
    j = numpy.arange(total) - first[segment]
    sources = src[segment] + (j * old[segment]) // numpy.maximum(new[segment], 1)
    sources = numpy.append(sources, length)  # the final entry: the end of the raw text
    return sources if index is None else index[sources]


#: Up to this many replacements, :func:`_spread` builds the map a segment at a time: a few
#: replaced phrases in a long text (a mojibake passage) cost no pass of integer division over it.
_FEW = 64


def _spread_few(index: Index, length: int, starts: Sequence[int], ends: Sequence[int],
                new_lengths: Sequence[int]) -> numpy.ndarray:
    """:func:`_spread` for a few replacements: the same map, each untouched stretch a range and
    each replacement's characters ``start + j * old // new``."""
    import numpy

    pieces = []
    last = 0
    for start, end, new in zip(starts, ends, new_lengths):
        pieces.append(numpy.arange(last, start, dtype=numpy.int64))
        if new:
            pieces.append(start + (numpy.arange(new, dtype=numpy.int64) * (end - start)) // new)
        last = end
    pieces.append(numpy.arange(last, length + 1, dtype=numpy.int64))  # and the final entry
    sources = numpy.concatenate(pieces)
    return sources if index is None else index[sources]


def final(index: Index, length: int, changed: bool) -> Sequence[int]:
    """The map as NormalizedText keeps it: a range for untouched text (no int per character), a
    tuple of ints once anything changed."""
    if not changed:
        return range(length + 1)
    return tuple(range(length + 1)) if index is None else tuple(index.tolist())
