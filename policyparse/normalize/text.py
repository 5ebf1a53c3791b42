"""``NormalizedText``: repaired text, the raw text, and a character map between them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Sequence


class TextEdit(NamedTuple):
    """One repair. ``start``/``end`` index the normalized text, ``raw_start``/``raw_end`` the raw:
    ``normalized[start:end] == after`` and ``raw[raw_start:raw_end] == before``.

    rule: the fixer that made it (``to_simplified``, ``strip_ruby_pinyin`` …), or the fixers
        joined by ``+`` when one rewrote what another wrote (``repair_mojibake+to_simplified``).
    entry: the lexicon entry or evidence that justified it, for ``--explain``.

    A named tuple: a notice of ruby-annotated text has one edit per character.
    """

    start: int
    end: int
    raw_start: int
    raw_end: int
    before: str
    after: str
    rule: str
    entry: Optional[str] = None


@dataclass(frozen=True)
class NormalizedText:
    """The output of the normalize stage.

    text: the repaired text.
    raw: the decoded input, untouched.
    raw_index: for each character of ``text`` the raw offset it comes from, plus one final
        entry equal to ``len(raw)``; non-decreasing, so spans map back with two look-ups. A
        tuple, or a ``range`` when nothing changed (the identity, without an int per character).
    edits: what changed, in text order.
    """

    text: str
    raw: str
    raw_index: Sequence[int]
    edits: tuple[TextEdit, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def identity(cls, raw: str) -> "NormalizedText":
        return cls(text=raw, raw=raw, raw_index=range(len(raw) + 1))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets covering normalized ``[start, end)``: every raw character that produced it.

        >>> nt = NormalizedText.identity("诚信建设")
        >>> nt.raw_span(1, 3)
        (1, 3)
        """
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        raw_start = self.raw_index[start]
        if end == start:
            return raw_start, raw_start
        # The end maps to where the next normalized character starts in raw, so a deletion
        # (pinyin removed after 誠) stays inside the span of the character it followed.
        raw_end = self.raw_index[end]
        if raw_end <= self.raw_index[end - 1]:
            raw_end = self.raw_index[end - 1] + 1
        return raw_start, raw_end

    def normalized_offset(self, raw_offset: int) -> int:
        """The first normalized offset whose character comes from ``raw_offset`` or later."""
        return bisect.bisect_left(self.raw_index, raw_offset, 0, len(self.text))


class Replacement(NamedTuple):
    """What one fixer proposes: replace ``text[start:end]`` of the text it was given by ``after``.

    Fixers return lists of these; the driver (:func:`policyparse.normalize.normalize`) applies
    them, keeps the character map and turns each into a :class:`TextEdit`. ``rule`` is the fixer
    name, ``entry`` the lexicon entry or evidence (``偅=⿰亻重 -> 重``) shown by ``--explain``.
    """

    start: int
    end: int
    after: str
    rule: str
    entry: Optional[str] = None
