"""Lexicon terms found in one pass at C speed: an Aho–Corasick automaton over a text.

Stages look for a lexicon's terms in every sentence (sector words, division names, cue words).
A regular expression that alternates a few hundred terms tries each of them at each character;
a hand-written scan tries each term length at each character in Python. The automaton
(`pyahocorasick <https://pypi.org/project/pyahocorasick/>`_) reads the text once and reports
every term that ends at each character, whatever the number of terms. Word-boundary checks, where a
stage needs them, are then made at the hits only (``shared/design.md``: "Lexicon matching in
one pass at C speed").

Measured over 12,000 lines of the corpus and 200 scraped notices (1.3 M characters): the 674
domain terms 1.2 s by extract/nlp.py's lookahead regex, 0.16 s here; the 6,137 division names
0.13 s by extract/region.py's NameScanner (which already looks up only the lengths that exist),
0.3 s here, so the scanner stays.

Two readings of the hits, the ones the stages use today:

- :meth:`TermMatcher.longest_at_each_start`: at every position where some term starts, the
  longest one (overlapping hits kept), as ``re.finditer("(?=(" + "|".join(longest first) + "))")``
  gives them;
- :meth:`TermMatcher.leftmost_longest`: non-overlapping, scanning left to right and taking the
  longest term at each stop, as a longest-first alternation ``re.finditer("|".join(...))`` does.

>>> m = TermMatcher(["担保贷款", "创业担保贷款", "农民工", "农民工工资", "工资"])
>>> m.longest_at_each_start("落实创业担保贷款和农民工工资")
[(2, 8, '创业担保贷款'), (4, 8, '担保贷款'), (9, 14, '农民工工资'), (12, 14, '工资')]
>>> m.leftmost_longest("落实创业担保贷款和农民工工资")
[(2, 8, '创业担保贷款'), (9, 14, '农民工工资')]
"""

from __future__ import annotations

from typing import Iterable


class TermMatcher:
    """An automaton over ``terms`` (empty strings are left out; duplicates count once).

    Build it once per lexicon (it is immutable and can be shared by every call and thread) and
    call its methods per text. Offsets are ``(start, end)`` into the text, end exclusive.
    """

    def __init__(self, terms: Iterable[str]):
        import ahocorasick

        self.terms = frozenset(t for t in terms if t)
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for term in self.terms:
            self._automaton.add_word(term)
        if self.terms:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.terms)

    def all_hits(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence of every term, overlapping ones included, as ``(start, end)`` in the
        order the automaton meets their ends.

        >>> TermMatcher(["政务", "政务诚信", "诚信"]).all_hits("政务诚信")
        [(0, 2), (0, 4), (2, 4)]
        """
        if not self.terms or not text:
            return []
        return [(end + 1 - length, end + 1) for end, length in self._automaton.iter(text)]

    def longest_at_each_start(self, text: str) -> list[tuple[int, int, str]]:
        """For each position where a term starts, the longest term starting there, in text order."""
        longest: dict[int, int] = {}
        for start, end in self.all_hits(text):
            if end > longest.get(start, -1):
                longest[start] = end
        return [(start, end, text[start:end]) for start, end in sorted(longest.items())]

    def leftmost_longest(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping hits: from the left, the longest term at the first position where one
        starts, then on from its end (the automaton's own ``iter_long``)."""
        if not self.terms or not text:
            return []
        return [(end + 1 - length, end + 1, text[end + 1 - length:end + 1])
                for end, length in self._automaton.iter_long(text)]
