"""The edits of one normalize call, kept true to both texts however fixers chain.

Every edit must satisfy the contract the spans of later stages rely on::

    normalized[edit.start:edit.end] == edit.after
    raw[edit.raw_start:edit.raw_end] == edit.before

with raw ranges in order and disjoint. Fixers run one after another, and a later one may
rewrite what an earlier one wrote (a mojibake passage re-decoded to traditional characters, then
simplified; 購(ò) losing its reading, then 購 simplified). Such edits are merged into one whose
``before`` is the raw text and whose ``after`` is the final text, its ``rule`` naming both
fixers (``repair_mojibake+to_simplified``). An edit next to another (a deletion right after 購)
stays separate.

A character untouched by any edit comes from exactly one raw character, ``raw[index[i]]``; a
character an edit wrote lies inside that edit's span, and the edit carries the raw range.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from .text import Replacement, TextEdit


_SPAN = operator.attrgetter("start", "end")
_EDIT_START, _EDIT_END = operator.attrgetter("start"), operator.attrgetter("end")
_START, _END, _AFTER = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)  # of a Replacement
_TEXT_ORDER = operator.itemgetter(0, 1, 2)  # start, end, raw_start of a TextEdit
_NO_IDS: frozenset = frozenset()


class _Edit:
    """An edit under construction: its span follows the text as later fixers change it."""

    __slots__ = ("start", "end", "raw_start", "raw_end", "rules", "entries")

    def __init__(self, start: int, end: int, raw_start: int, raw_end: int, rules: tuple[str, ...],
                 entries: tuple[str, ...]):
        self.start, self.end = start, end
        self.raw_start, self.raw_end = raw_start, raw_end
        self.rules, self.entries = rules, entries


def _fresh_mask(edits: list[_Edit], starts: list[int], reps: list[Replacement]) -> list[bool]:
    """For each replacement of a round, whether :func:`_overlapping` would find nothing: no earlier
    edit reaches into it, and the first after its start (past deletions right there: the pinyin
    after the previous character stays apart) starts at or after its end. Decided from the edits
    on either side, for all of them at C speed (a traditional text has an edit per character)."""
    import numpy

    if not edits:
        return [True] * len(reps)
    edit_starts = numpy.asarray(starts, dtype=numpy.int64)
    edit_ends = numpy.fromiter(map(_EDIT_END, edits), dtype=numpy.int64, count=len(edits))
    rep_starts = numpy.fromiter(map(_START, reps), dtype=numpy.int64, count=len(reps))
    rep_ends = numpy.fromiter(map(_END, reps), dtype=numpy.int64, count=len(reps))
    k = numpy.searchsorted(edit_starts, rep_starts, side="left")
    reached = (k > 0) & (edit_ends[numpy.maximum(k - 1, 0)] > rep_starts)  # an earlier edit reaches in
    # past the deletions at a replacement's start (sorted first there: (start, end) order)
    keys = 2 * edit_starts + (edit_ends > edit_starts)
    j = numpy.searchsorted(keys, 2 * rep_starts + 1, side="left")
    ahead = (j < len(edits)) & (edit_starts[numpy.minimum(j, len(edits) - 1)] < rep_ends)
    return (~(reached | ahead)).tolist()


def _overlapping(edits: list[_Edit], starts: list[int], rep: Replacement) -> list[_Edit]:
    """Earlier edits that ``rep`` rewrites: their span overlaps it, or an empty one (a deletion)
    lies strictly inside it. An edit merely touching it is kept apart."""
    found = []
    k = bisect.bisect_left(starts, rep.start)
    back = k - 1
    while back >= 0 and edits[back].end > rep.start:
        if edits[back].end > rep.start and (edits[back].start < rep.end or rep.start == rep.end):
            found.append(edits[back])
        back -= 1
    for ahead in range(k, len(edits)):
        edit = edits[ahead]
        if edit.start >= rep.end:
            break
        if edit.end > edit.start or rep.start < edit.start:
            found.append(edit)
    return found


class EditLedger:
    """The edits made so far, in the coordinates of the current text."""

    def __init__(self) -> None:
        self.edits: list[_Edit] = []

    def record(self, reps: list[Replacement], index: list[int], raw_length: int) -> None:
        """Account for one round of replacements on the current text (``index`` maps its
        characters to raw offsets, as before the round)."""
        shifts = _shifts(reps)
        if not self.edits:  # the first fixer to change anything: nothing to merge or move
            self.edits = [_new_edit(rep, shift, index) for rep, shift in zip(reps, shifts)]
            return
        old = sorted(self.edits, key=_SPAN)
        starts = [e.start for e in old]
        fresh = _fresh_mask(old, starts, reps)
        if all(fresh):
            # the common round (the 購 of a traditional text, the pinyin after it): new edits only
            new = list(map(_new_edit, reps, shifts, itertools.repeat(index)))
            kept = old
        else:
            new, kept = self._merge(reps, shifts, fresh, old, starts, index, raw_length)
        _move(kept, [r.start for r in reps], [r.end for r in reps],
              [r.start + d for r, d in zip(reps, shifts)],
              [r.start + d + len(r.after) for r, d in zip(reps, shifts)])
        self.edits = kept + new

    def _merge(self, reps: list[Replacement], shifts: list[int], fresh: list[bool], old: list[_Edit],
               starts: list[int], index: list[int], raw_length: int) -> tuple[list[_Edit], list[_Edit]]:
        """The edits of a round that rewrites earlier ones, and the earlier ones it leaves."""
        merged: set[int] = set()
        made: list = []  # (edit, start and end of its span in the old text, ids merged)
        for rep, delta, untouched in zip(reps, shifts, fresh):
            if untouched and not (made and rep.start < made[-1][2]):
                # never extended by a later replacement of the round (they do not overlap it), so
                # a tuple with no ids
                made.append((_new_edit(rep, delta, index), rep.start, rep.end, _NO_IDS))
            else:
                hits = _overlapping(old, starts, rep)
                self._rewrite(rep, delta, hits, self._raw_range(rep, hits, index, raw_length), merged, made)
        kept = [e for e in old if id(e) not in merged] if merged else old
        return [entry[0] for entry in made], kept

    @staticmethod
    def _rewrite(rep: Replacement, delta: int, hits: list[_Edit], raw: tuple[int, int],
                 merged: set[int], made: list[list]) -> None:
        """Merge ``rep`` with the earlier edits it rewrites (``hits``) into one edit of ``made``;
        ``delta`` is how far the replacements before it in this round moved its start."""
        cs = min([rep.start] + [e.start for e in hits])
        ce = max([rep.end] + [e.end for e in hits])
        if made and (rep.start < made[-1][2] or any(id(e) in made[-1][3] for e in hits)):
            entry = made[-1]  # two replacements of one round rewrite the same earlier edit
            entry[2] = max(entry[2], ce)
            edit = entry[0]
            edit.raw_start, edit.raw_end = min(edit.raw_start, raw[0]), max(edit.raw_end, raw[1])
        else:
            edit = _Edit(cs + delta, 0, raw[0], raw[1], (), ())
            entry = [edit, cs, ce, set()]
            made.append(entry)
        for e in hits:
            if id(e) not in merged:
                merged.add(id(e))
                entry[3].add(id(e))
                _absorb(edit, e)
        _note(edit, rep)
        edit.end = entry[2] + delta + len(rep.after) - (rep.end - rep.start)

    @staticmethod
    def _raw_range(rep: Replacement, rewritten: list[_Edit], index: list[int],
                   raw_length: int) -> tuple[int, int]:
        if not rewritten:  # untouched characters only: each comes from one raw character
            if rep.end > rep.start:
                return index[rep.start], index[rep.end - 1] + 1
            return index[rep.start], index[rep.start]
        covered = [(e.start, e.end) for e in rewritten]
        lows = [e.raw_start for e in rewritten]
        highs = [e.raw_end for e in rewritten]
        for i in range(rep.start, rep.end):
            if not any(s <= i < e for s, e in covered):
                lows.append(index[i])
                highs.append(index[i] + 1)
        if not lows:  # an insertion: the raw point of the next character
            point = min([index[rep.start]] + [e.raw_start for e in rewritten if e.start == rep.start])
            return point, point
        return min(lows), max(highs)

    def finish(self, raw: str, text: str) -> tuple[TextEdit, ...]:
        # tuple.__new__ mapped at C speed: a ruby notice has an edit per character
        rows = [(e.start, e.end, e.raw_start, e.raw_end, raw[e.raw_start:e.raw_end],
                 text[e.start:e.end], "+".join(e.rules), "; ".join(e.entries) or None)
                for e in self.edits]
        return tuple(sorted(map(tuple.__new__, itertools.repeat(TextEdit), rows), key=_TEXT_ORDER))


def _new_edit(rep: Replacement, delta: int, index: list[int]) -> _Edit:
    """The edit of a replacement that rewrites no earlier edit: its characters were untouched,
    each from one raw character. ``delta`` is the shift of its start in this round."""
    raw_start = index[rep.start]
    raw_end = index[rep.end - 1] + 1 if rep.end > rep.start else raw_start
    return _Edit(rep.start + delta, rep.start + delta + len(rep.after), raw_start, raw_end,
                 (rep.rule,), (rep.entry,) if rep.entry else ())


def _shifts(reps: list[Replacement]) -> list[int]:
    """How far each replacement's start moves: the length change of those before it."""
    growth = map(operator.sub, map(len, map(_AFTER, reps)), map(operator.sub, map(_END, reps), map(_START, reps)))
    return list(itertools.accumulate(growth, initial=0))[:-1]  # at C speed: a round can be 40,000 long


def _note(edit: _Edit, rep: Replacement) -> None:
    if rep.rule not in edit.rules:
        edit.rules += (rep.rule,)
    if rep.entry and rep.entry not in edit.entries:
        edit.entries += (rep.entry,)


def _absorb(edit: _Edit, other: _Edit) -> None:
    edit.raw_start = min(edit.raw_start, other.raw_start)
    edit.raw_end = max(edit.raw_end, other.raw_end)
    edit.rules = tuple(r for r in other.rules if r not in edit.rules) + edit.rules
    edit.entries = tuple(x for x in other.entries if x not in edit.entries) + edit.entries


def _move(edits: list[_Edit], old_starts: list[int], old_ends: list[int], new_starts: list[int],
          new_ends: list[int]) -> None:
    """Shift edits untouched by this round to the coordinates of the text after it."""
    # An edit left of the first replacement that changes length stays put (a kept edit is never
    # strictly inside a replacement: that one would have rewritten it). A round of one-for-one
    # replacements (traditional to simplified) moves nothing.
    still = next((s for s, e, ns, ne in zip(old_starts, old_ends, new_starts, new_ends) if ne - e != ns - s), None)
    if still is None or not edits:
        return
    import numpy

    # every edit at once, at C speed: a ruby notice has tens of thousands of them to move
    reps = [numpy.asarray(v, dtype=numpy.int64) for v in (old_starts, old_ends, new_starts, new_ends)]
    starts = numpy.fromiter(map(_EDIT_START, edits), dtype=numpy.int64, count=len(edits))
    ends = numpy.fromiter(map(_EDIT_END, edits), dtype=numpy.int64, count=len(edits))
    moving = ends >= still
    empty = starts == ends
    new_start = _moved(starts, reps, False)
    # A deletion sits between two characters; a replacement made at the same place in this
    # round (an insertion) comes after it, as its raw point is the next character's.
    k = numpy.searchsorted(reps[0], starts, side="left")
    kc = numpy.minimum(k, len(old_starts) - 1)
    at_rep = (k < len(old_starts)) & (reps[0][kc] == starts)
    new_start = numpy.where(empty & at_rep, reps[2][kc], new_start)
    new_end = numpy.where(empty, new_start, numpy.maximum(new_start, _moved(ends, reps, True)))
    for i, a, b in zip(numpy.flatnonzero(moving).tolist(), new_start[moving].tolist(), new_end[moving].tolist()):
        edit = edits[i]
        edit.start, edit.end = a, b


def _moved(positions, reps: list, is_end: bool):
    """Where ``positions`` of the text before a round are after it (``reps``: the old starts and
    ends, the new starts and ends of its replacements, sorted)."""
    import numpy

    old_starts, old_ends, new_starts, new_ends = reps
    k = numpy.searchsorted(old_ends, positions, side="right")  # replacements ending at or before
    kc = numpy.minimum(k, len(old_starts) - 1)
    inside = (k < len(old_starts)) & (old_starts[kc] < positions) & (positions < old_ends[kc])
    before = numpy.maximum(k - 1, 0)
    shifted = numpy.where(k == 0, positions, positions + new_ends[before] - old_ends[before])
    return numpy.where(inside, (new_ends if is_end else new_starts)[kc], shifted)
