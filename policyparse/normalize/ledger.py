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

The edits are kept as columns (NumPy arrays of offsets, and of the rules and entries each edit
has, as numbers of the kinds of those seen, :class:`_Notes`): a notice of
ruby-annotated traditional text has an edit per character, and a round that only adds edits
beside the earlier ones (the common round) is a few array operations. Only replacements that
rewrite earlier edits are looked at one by one.
"""

from __future__ import annotations


import bisect
import itertools
import operator
from typing import Optional

from .text import Replacement, TextEdit

_START, _END, _AFTER = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)  # of a Replacement
_RULE, _ENTRY = operator.itemgetter(3), operator.itemgetter(4)


class _Notes:
    """The rules and entries of edits, numbered: a notice of ruby text has 40,000 edits of a few
    hundred kinds, and edits reordered carry only their numbers."""

    def __init__(self) -> None:
        self.rules: list[tuple[str, ...]] = []
        self.entries: list[tuple[str, ...]] = []

    def add(self, rules: tuple[str, ...], entries: tuple[str, ...]) -> int:
        self.rules.append(rules)
        self.entries.append(entries)
        return len(self.rules) - 1

    def numbered(self, rules: list[str], entries: list[Optional[str]]):
        """The numbers of a round's replacements (rule and entry each), added once per kind."""
        import numpy

        if rules.count(rules[0]) == len(rules):  # one fixer's round: one rule
            rule = (rules[0],)
            kinds = {entry: self.add(rule, (entry,) if entry else ()) for entry in set(entries)}
            keys = entries
        else:
            kinds = {(r, e): self.add((r,), (e,) if e else ()) for r, e in set(zip(rules, entries))}
            keys = zip(rules, entries)
        return numpy.fromiter(map(kinds.__getitem__, keys), dtype=numpy.int64, count=len(rules))


class _Columns:
    """Edits as columns: spans in the current text, raw spans, and the number of their rules and
    entries (:class:`_Notes`)."""

    __slots__ = ("starts", "ends", "raw_starts", "raw_ends", "notes")

    def __init__(self, starts, ends, raw_starts, raw_ends, notes):
        self.starts, self.ends, self.raw_starts, self.raw_ends, self.notes = starts, ends, raw_starts, raw_ends, notes

    def __len__(self) -> int:
        return len(self.starts)

    def taken(self, order) -> "_Columns":
        """The edits at the positions ``order`` (an index array), in that order."""
        return _Columns(self.starts[order], self.ends[order], self.raw_starts[order], self.raw_ends[order],
                        self.notes[order])

    def joined(self, other: "_Columns") -> "_Columns":
        import numpy

        return _Columns(*(numpy.concatenate((getattr(self, name), getattr(other, name))) for name in self.__slots__))


class _Edit:
    """An edit made by merging replacements with the earlier edits they rewrite."""

    __slots__ = ("start", "end", "raw_start", "raw_end", "rules", "entries")

    def __init__(self, start: int, end: int, raw_start: int, raw_end: int, rules: tuple[str, ...],
                 entries: tuple[str, ...]):
        self.start, self.end = start, end
        self.raw_start, self.raw_end = raw_start, raw_end
        self.rules, self.entries = rules, entries


class _Round:
    """One round of replacements as arrays: where they are, and the edits they would make if
    they rewrote nothing (``index``: the map of the text before the round, to raw offsets).
    ``columns``: the starts, ends, afters, rules and entries of the replacements, in order."""

    def __init__(self, columns: Columns, index, notes: _Notes):
        import numpy

        self.columns = columns
        starts, ends, afters, rules, entries = columns
        count = len(starts)
        self.starts = numpy.asarray(starts, dtype=numpy.int64)
        self.ends = numpy.asarray(ends, dtype=numpy.int64)
        lengths = numpy.fromiter(map(len, afters), dtype=numpy.int64, count=count)
        growth = lengths - (self.ends - self.starts)
        self.shifts = numpy.cumsum(growth) - growth  # how far each start moves: the change before it
        self.new_starts = self.starts + self.shifts
        self.new_ends = self.new_starts + lengths
        raw_starts = index[self.starts]
        # past the last character replaced; a deletion's raw point is its start's
        raw_ends = numpy.where(self.ends > self.starts, index[numpy.maximum(self.ends - 1, 0)] + 1, raw_starts)
        self.edits = _Columns(self.new_starts, self.new_ends, raw_starts, raw_ends, notes.numbered(rules, entries))

    def replacement(self, at: int) -> Replacement:
        return Replacement(*(column[at] for column in self.columns))


#: A round of replacements as columns: starts, ends, afters, rules, entries (lists, in order).
Columns = tuple[list[int], list[int], list[str], list[str], list[Optional[str]]]


def columns(reps: list[Replacement]) -> Columns:
    """The columns of a list of replacements, each taken at C speed."""
    return (list(map(_START, reps)), list(map(_END, reps)), list(map(_AFTER, reps)), list(map(_RULE, reps)),
            list(map(_ENTRY, reps)))


def _fresh_mask(old: _Columns, batch: _Round):
    """For each replacement of a round, whether :func:`_overlapping` would find nothing: no earlier
    edit reaches into it, and the first after its start (past deletions right there: the pinyin
    after the previous character stays apart) starts at or after its end. Decided from the edits
    on either side, for all of them at C speed (``old`` sorted by start and end)."""
    import numpy

    edit_starts, edit_ends = old.starts, old.ends
    rep_starts, rep_ends = batch.starts, batch.ends
    k = numpy.searchsorted(edit_starts, rep_starts, side="left")
    reached = (k > 0) & (edit_ends[numpy.maximum(k - 1, 0)] > rep_starts)  # an earlier edit reaches in
    # past the deletions at a replacement's start (sorted first there: (start, end) order)
    keys = 2 * edit_starts + (edit_ends > edit_starts)
    j = numpy.searchsorted(keys, 2 * rep_starts + 1, side="left")
    ahead = (j < len(old)) & (edit_starts[numpy.minimum(j, len(old) - 1)] < rep_ends)
    return ~(reached | ahead)


def _overlapping(starts: list[int], ends: list[int], rep: Replacement) -> list[int]:
    """Earlier edits (positions in the sorted columns) that ``rep`` rewrites: their span overlaps
    it, or an empty one (a deletion) lies strictly inside it. An edit merely touching it is kept
    apart."""
    found = []
    k = bisect.bisect_left(starts, rep.start)
    back = k - 1
    while back >= 0 and ends[back] > rep.start:
        if ends[back] > rep.start and (starts[back] < rep.end or rep.start == rep.end):
            found.append(back)
        back -= 1
    for ahead in range(k, len(starts)):
        if starts[ahead] >= rep.end:
            break
        if ends[ahead] > starts[ahead] or rep.start < starts[ahead]:
            found.append(ahead)
    return found


class EditLedger:
    """The edits made so far, in the coordinates of the current text."""

    def __init__(self) -> None:
        self.edits: Optional[_Columns] = None
        self.notes = _Notes()

    def record(self, round_: Columns, index, raw_length: int) -> None:
        """Account for one round of replacements (:data:`Columns`, sorted and apart) on the
        current text (``index``, a NumPy array, maps its characters to raw offsets, as before
        the round)."""
        import numpy

        batch = _Round(round_, index, self.notes)
        if self.edits is None or not len(self.edits):  # the first fixer to change anything
            self.edits = batch.edits
            return
        old = self.edits.taken(numpy.lexsort((self.edits.ends, self.edits.starts)))  # by (start, end), stably
        fresh = _fresh_mask(old, batch)
        if fresh.all():
            # the common round (the 購 of a traditional text, the pinyin after it): new edits only
            new, kept = batch.edits, old
        else:
            new, kept = _Merge(old, batch, fresh, index, self.notes).result()
        _move(kept, batch)
        self.edits = kept.joined(new)

    def finish(self, raw: str, text: str) -> tuple[TextEdit, ...]:
        """The edits as TextEdits in text order (start, end, raw start; as made where those tie)."""
        import numpy

        edits = self.edits
        if edits is None or not len(edits):
            return ()
        edits = edits.taken(numpy.lexsort((edits.raw_starts, edits.ends, edits.starts)))
        starts, ends = edits.starts.tolist(), edits.ends.tolist()
        raw_starts, raw_ends = edits.raw_starts.tolist(), edits.raw_ends.tolist()
        befores = map(raw.__getitem__, map(slice, raw_starts, raw_ends))
        afters = map(text.__getitem__, map(slice, starts, ends))
        notes = edits.notes.tolist()
        rules = list(map(list(map("+".join, self.notes.rules)).__getitem__, notes))
        entries = list(map([("; ".join(entry) or None) for entry in self.notes.entries].__getitem__, notes))
        rows = zip(starts, ends, raw_starts, raw_ends, befores, afters, rules, entries)
        # tuple.__new__ mapped at C speed: a ruby notice has an edit per character
        return tuple(map(tuple.__new__, itertools.repeat(TextEdit), rows))


class _Merge:
    """A round that rewrites earlier edits (a simplified character inside a re-decoded passage):
    those replacements, and the ones a merged edit reaches over, are merged one by one; the
    others make their own edits as :class:`_Round` computed them."""

    def __init__(self, old: _Columns, batch: _Round, fresh, index, notes: _Notes):
        self.old, self.batch, self.fresh, self.index, self.notes = old, batch, fresh, index, notes
        self.starts, self.ends = old.starts.tolist(), old.ends.tolist()
        self.raw_starts, self.raw_ends = old.raw_starts.tolist(), old.raw_ends.tolist()
        self.merged: set[int] = set()  # earlier edits rewritten (positions in ``old``)
        self.made: list[tuple[int, list]] = []  # (replacement, [edit, start, end, edits merged]) per merged edit
        self.absorbed: list[int] = []  # replacements merged into the edit of an earlier one

    def result(self) -> tuple[_Columns, _Columns]:
        """The edits of the round, and the earlier ones it leaves."""
        import numpy

        rep_starts = self.batch.columns[0]
        slow = numpy.flatnonzero(~self.fresh).tolist()
        last = None  # the merged edit made last, while no edit of its own came after it
        k = q = 0
        while True:
            if last is not None and q < len(rep_starts) and rep_starts[q] < last[2]:
                at = q  # reached over by the merged edit before it: merged too
            else:
                while k < len(slow) and slow[k] < q:
                    k += 1
                if k == len(slow):
                    break
                at = slow[k]
                if at > q:
                    last = None  # a replacement of its own came in between
            last = self._rewrite(at, last)
            q = at + 1
        return self._new(), self.old.taken(numpy.flatnonzero(
            numpy.isin(numpy.arange(len(self.old)), list(self.merged), invert=True)))

    def _rewrite(self, at: int, last: Optional[list]) -> list:
        """Merge replacement ``at`` with the earlier edits it rewrites into an edit of the round
        (``last``, when it shares them or reaches over it; else a new one)."""
        rep, delta = self.batch.replacement(at), int(self.batch.shifts[at])
        hits = _overlapping(self.starts, self.ends, rep)
        raw = self._raw_range(rep, hits)
        cs = min([rep.start] + [self.starts[h] for h in hits])
        ce = max([rep.end] + [self.ends[h] for h in hits])
        if last is not None and (rep.start < last[2] or any(h in last[3] for h in hits)):
            entry = last  # two replacements of one round rewrite the same earlier edit
            entry[2] = max(entry[2], ce)
            edit = entry[0]
            edit.raw_start, edit.raw_end = min(edit.raw_start, raw[0]), max(edit.raw_end, raw[1])
            self.absorbed.append(at)
        else:
            edit = _Edit(cs + delta, 0, raw[0], raw[1], (), ())
            entry = [edit, cs, ce, set()]
            self.made.append((at, entry))
        for h in hits:
            if h not in self.merged:
                self.merged.add(h)
                entry[3].add(h)
                self._absorb(edit, h)
        if rep.rule not in edit.rules:
            edit.rules += (rep.rule,)
        if rep.entry and rep.entry not in edit.entries:
            edit.entries += (rep.entry,)
        edit.end = entry[2] + delta + len(rep.after) - (rep.end - rep.start)
        return entry

    def _absorb(self, edit: _Edit, h: int) -> None:
        edit.raw_start = min(edit.raw_start, self.raw_starts[h])
        edit.raw_end = max(edit.raw_end, self.raw_ends[h])
        note = int(self.old.notes[h])
        edit.rules = tuple(r for r in self.notes.rules[note] if r not in edit.rules) + edit.rules
        edit.entries = tuple(x for x in self.notes.entries[note] if x not in edit.entries) + edit.entries

    def _raw_range(self, rep: Replacement, hits: list[int]) -> tuple[int, int]:
        index = self.index
        if not hits:  # untouched characters only: each comes from one raw character
            if rep.end > rep.start:
                return int(index[rep.start]), int(index[rep.end - 1]) + 1
            return int(index[rep.start]), int(index[rep.start])
        covered = [(self.starts[h], self.ends[h]) for h in hits]
        lows = [self.raw_starts[h] for h in hits]
        highs = [self.raw_ends[h] for h in hits]
        for i in range(rep.start, rep.end):
            if not any(s <= i < e for s, e in covered):
                lows.append(int(index[i]))
                highs.append(int(index[i]) + 1)
        if not lows:  # an insertion: the raw point of the next character
            point = min([int(index[rep.start])] + [self.raw_starts[h] for h in hits if self.starts[h] == rep.start])
            return point, point
        return min(lows), max(highs)

    def _new(self) -> _Columns:
        """The round's edits in the order of its replacements: each its own, but for the merged
        ones (written over the edit of their first replacement) and those merged into them."""
        import numpy

        new = self.batch.edits
        new = _Columns(new.starts.copy(), new.ends.copy(), new.raw_starts.copy(), new.raw_ends.copy(),
                       new.notes.copy())
        for at, (edit, _, _, _) in self.made:
            new.starts[at], new.ends[at] = edit.start, edit.end
            new.raw_starts[at], new.raw_ends[at] = edit.raw_start, edit.raw_end
            new.notes[at] = self.notes.add(edit.rules, edit.entries)
        if not self.absorbed:
            return new
        return new.taken(numpy.delete(numpy.arange(len(new)), self.absorbed))


def _move(edits: _Columns, batch: _Round) -> None:
    """Shift edits untouched by this round to the coordinates of the text after it."""
    import numpy

    # An edit left of the first replacement that changes length stays put (a kept edit is never
    # strictly inside a replacement: that one would have rewritten it). A round of one-for-one
    # replacements (traditional to simplified) moves nothing.
    changing = numpy.flatnonzero((batch.new_ends - batch.new_starts) != (batch.ends - batch.starts))
    if not len(changing) or not len(edits):
        return
    still = batch.starts[changing[0]]
    reps = (batch.starts, batch.ends, batch.new_starts, batch.new_ends)
    starts, ends = edits.starts, edits.ends
    moving = ends >= still
    empty = starts == ends
    new_start = _moved(starts, reps, False)
    # A deletion sits between two characters; a replacement made at the same place in this
    # round (an insertion) comes after it, as its raw point is the next character's.
    k = numpy.searchsorted(reps[0], starts, side="left")
    kc = numpy.minimum(k, len(reps[0]) - 1)
    at_rep = (k < len(reps[0])) & (reps[0][kc] == starts)
    new_start = numpy.where(empty & at_rep, reps[2][kc], new_start)
    new_end = numpy.where(empty, new_start, numpy.maximum(new_start, _moved(ends, reps, True)))
    edits.starts = numpy.where(moving, new_start, starts)
    edits.ends = numpy.where(moving, new_end, ends)


def _moved(positions, reps: tuple, is_end: bool):
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
