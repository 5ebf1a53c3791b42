"""The normalize stage's lexicons (``lexicons/normalize/*.tsv``), loaded lazily and once.

Each loader turns validated rows into the lookup structure a fixer needs and caches it, so a
notice that needs no repair never pays for loading the character-structure tables.
"""

from __future__ import annotations

import functools
from typing import Optional

from ..lexicons import LexiconEntry, lexicon


class CommonChar(LexiconEntry):
    char: str
    rank: int


class CharStructure(LexiconEntry):
    char: str
    ids: str


class CharVariant(LexiconEntry):
    char: str
    target: str
    kind: str


class LookalikeShape(LexiconEntry):
    """A curated look-alike whose structure does not lead to the character it stands for."""

    glyph: str
    char: str
    why: str


class RadicalGlyph(LexiconEntry):
    glyph: str
    char: str


class ScriptException(LexiconEntry):
    """A word OpenCC gets wrong in notices: ``simplified`` is what the word must become."""

    word: str
    simplified: str


class PinyinSyllable(LexiconEntry):
    syllable: str


class NoticeBigram(LexiconEntry):
    bigram: str
    count: int


class Surname(LexiconEntry):
    surname: str


class CharGram(LexiconEntry):
    """One row of the character language model: a character, bigram or trigram and its count."""

    gram: str
    count: int


CHAR_RANKS = lexicon("normalize/char_ranks.tsv", CommonChar)
CHAR_STRUCTURE = lexicon("normalize/char_structure.tsv", CharStructure)
CHAR_VARIANTS = lexicon("normalize/char_variants.tsv", CharVariant)
LOOKALIKE_SHAPES = lexicon("normalize/lookalike_shapes.tsv", LookalikeShape)
RADICAL_GLYPHS = lexicon("normalize/radical_glyphs.tsv", RadicalGlyph)
SCRIPT_EXCEPTIONS = lexicon("normalize/script_exceptions.tsv", ScriptException)
PINYIN_SYLLABLES = lexicon("normalize/pinyin_syllables.tsv", PinyinSyllable)
NOTICE_BIGRAMS = lexicon("normalize/notice_bigrams.tsv", NoticeBigram)
SURNAMES = lexicon("normalize/surnames.tsv", Surname)
CHAR_LM_FILE = "normalize/char_lm.tsv"
CHAR_LM = lexicon(CHAR_LM_FILE, CharGram)  # read by .lm at C speed; this declaration validates it

#: The 3500 most frequent characters: the size of 现代汉语常用字表 (2500 常用字 + 1000 次常用字).
COMMON_LIMIT = 3500


@functools.lru_cache(maxsize=None)
def char_ranks() -> dict[str, int]:
    """Frequency rank of every character of Jun Da's list (9933 characters of modern Chinese)."""
    return {row.char: row.rank for row in CHAR_RANKS()}


@functools.lru_cache(maxsize=None)
def common_ranks() -> dict[str, int]:
    """Rank of each of the 3500 most frequent characters."""
    return {char: rank for char, rank in char_ranks().items() if rank <= COMMON_LIMIT}


@functools.lru_cache(maxsize=None)
def structures() -> dict[str, str]:
    """First-level IDS of each CJK ideograph: ``{'偅': '⿰亻重', …}``."""
    return {row.char: row.ids for row in CHAR_STRUCTURE()}


@functools.lru_cache(maxsize=None)
def variants() -> dict[str, tuple[tuple[str, str], ...]]:
    """Unihan variants leading from a rare character to common ones: ``{'敎': (('教', 'z'),)}``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in CHAR_VARIANTS():
        out.setdefault(row.char, []).append((row.target, row.kind))
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=None)
def lookalike_shapes() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for row in LOOKALIKE_SHAPES():
        out.setdefault(row.glyph, []).append((row.char, row.why))
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=None)
def script_exceptions() -> tuple[ScriptException, ...]:
    return SCRIPT_EXCEPTIONS()


@functools.lru_cache(maxsize=None)
def pinyin_syllables() -> frozenset[str]:
    return frozenset(row.syllable for row in PINYIN_SYLLABLES())


@functools.lru_cache(maxsize=None)
def notice_bigrams() -> dict[str, int]:
    return {row.bigram: row.count for row in NOTICE_BIGRAMS()}


@functools.lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    return frozenset(row.surname for row in SURNAMES())


def rank(char: str) -> Optional[int]:
    return common_ranks().get(char)
