"""Apply the defects of real notice pages to clean notice text, at realistic rates.

Each function takes clean simplified text and a ``random.Random`` and returns the damaged text;
the tests normalize it and compare with the clean text. The look-alike glyphs are drawn from
character structure (a rare character made of the target plus a radical, 偅 = 亻+重, or the
target with its radical swapped), not from the repair's lexicons, so most pairs are ones the
repair has never been shown (``unseen_pairs`` checks that).
"""

from __future__ import annotations

import functools
import random
import re

from policyparse.normalize.context import is_han, word_frequency
from policyparse.normalize.lexdata import common_ranks, lookalike_shapes, structures
from policyparse.normalize.lookalike import RADICALS, _split

#: About one character in a hundred is disguised on copy-protected pages (notice 004: 339 of
#: some 31 000).
LOOKALIKE_RATE = 0.01
TRADITIONAL_MIX_RATE = 0.01


@functools.lru_cache(maxsize=None)
def disguises() -> dict[str, tuple[str, ...]]:
    """For each common character, rare glyphs that copy protection could put in its place."""
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    common = common_ranks()
    out: dict[str, list[str]] = {}
    for glyph, ids in structures().items():
        # Glyphs of the basic plane only (pages must render them), never a traditional character
        # (孫 for 系 would be a traditional-character defect, not a disguise) nor one in use.
        if (glyph in common or word_frequency(glyph) > 200 or not "\u4e00" <= glyph <= "\u9fff"
                or to_simplified.convert(glyph) != glyph):
            continue
        parts = _split(ids)
        if len(parts) != 2:
            continue
        for keep, extra in ((parts[0], parts[1]), (parts[1], parts[0])):
            if extra in RADICALS and keep in common and common[keep] <= 2000:
                out.setdefault(keep, []).append(glyph)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def disguise_characters(text: str, rng: random.Random, rate: float = LOOKALIKE_RATE):
    """Replace about ``rate`` of the Han characters that have a disguise; return text and pairs."""
    table = disguises()
    chars = list(text)
    pairs = []
    for i, char in enumerate(chars):
        if char in table and rng.random() < rate * 3:  # about a third of characters have one
            glyph = rng.choice(table[char])
            chars[i] = glyph
            pairs.append((i, glyph, char))
    return "".join(chars), pairs


def unseen_pairs(pairs, gold_substitutions: str) -> set[tuple[str, str]]:
    """Pairs used here that neither the curated shapes nor the gold of notice 004 list."""
    listed = {(g, c) for g, rows in lookalike_shapes().items() for c, _ in rows}
    seen = set()
    for line in gold_substitutions.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) >= 4:
            seen.add((cells[2], cells[3]))
    return {(g, c) for _, g, c in pairs} - listed - seen


def mix_traditional(text: str, rng: random.Random, rate: float = TRADITIONAL_MIX_RATE) -> str:
    """Put single traditional characters into simplified text, as copy protection does."""
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    chars = list(text)
    for i, char in enumerate(chars):
        if is_han(char) and rng.random() < rate * 3:
            converted = to_traditional.convert(char)
            if len(converted) == 1:
                chars[i] = converted
    return "".join(chars)


def to_traditional(text: str) -> str:
    """The whole notice in traditional characters, as a Hong Kong or Taiwan mirror shows it."""
    import opencc

    return opencc.OpenCC("s2t").convert(text)


_TONES = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ"}


def _toned(syllable: str, tone: int) -> str:
    for vowel in ("a", "e", "ou", "o", "i", "u", "ü"):
        if vowel in syllable:
            target = vowel[0]
            if vowel == "i" and "iu" in syllable:
                target = "u"
            k = syllable.rindex(target) if target in "iu" else syllable.index(target)
            return syllable[:k] + _TONES[target][tone] + syllable[k + 1:]
    return syllable


def add_ruby_pinyin(text: str, rng: random.Random) -> str:
    """Annotate every Han character with a toned syllable in parentheses, as ruby text scrapes.

    The syllables are valid pinyin but not the characters' readings: the repair recognises
    pinyin by its spelling, never by knowing each character's sound.
    """
    from policyparse.normalize.lexdata import pinyin_syllables

    syllables = sorted(pinyin_syllables())
    out = []
    for char in text:
        out.append(char)
        if is_han(char):
            out.append(f"({_toned(rng.choice(syllables), rng.randrange(4))})")
    return "".join(out)


def escape_entities(text: str, rng: random.Random) -> str:
    """Quotes and spaces as HTML references, one reference truncated at a line end."""
    text = text.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("—", "&mdash;")
    lines = text.split("\n")
    k = rng.randrange(len(lines))
    lines[k] = lines[k] + "&ldqu"
    return "\n".join(lines)


def gbk_one_byte_off(text: str, rng: random.Random, runs: int = 5) -> tuple[str, int]:
    """Lose the lead byte of a character inside traditional text, decoding the rest one byte off.

    Only runs ending in a character whose GBK trail byte is ASCII (網 = BE 57, 損 = 93 70) come
    out as the visible ``?``-and-Latin runs of notice 003 (``青?!本W站``); full-width marks of the
    shifted decoding are folded to ASCII as that scraper did. Returns text and runs made.
    """
    made = 0
    starts = [m.start() for m in re.finditer(r"(?<=[\u4e00-\u9fff]{2})[\u4e00-\u9fff]", text)]
    rng.shuffle(starts)
    taken: list[int] = []
    out = text
    for pos in starts:
        if made >= runs:
            break
        if any(abs(pos - t) < 12 for t in taken):
            continue
        for size in (1, 2, 3):
            chunk = out[pos:pos + size]
            try:
                raw = chunk.encode("gbk")
            except UnicodeEncodeError:
                break
            if len(chunk) < size or not 0x40 <= raw[-1] <= 0x7E or not is_han(out[pos + size:pos + size + 1] or "x"):
                continue
            decoded = raw[1:].decode("gbk", errors="replace")
            if "\ufffd" in decoded:
                continue
            folded = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in decoded)
            out = out[:pos] + "?" + folded + out[pos + size:]
            taken.append(pos)
            made += 1
            break
    return out, made


def lose_number_characters(text: str) -> str:
    """Drop 〕 from document numbers and 年/月 from dates, as PDF extraction does."""
    text = re.sub(r"〔((?:19|20)\d\d)〕(\d{1,4})号", r"〔\1\2号", text)
    return re.sub(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日", r"\1\2\3日", text)


def hard_wrap(text: str, width: int = 56) -> str:
    """Break every paragraph where a printed line of ``width`` half-width cells ends (a Han
    character takes two), as text extracted from a PDF page."""
    out = []
    for line in text.split("\n"):
        current, used = [], 0
        for char in line:
            cells = 2 if ord(char) > 0x2E80 else 1
            if used + cells > width:
                out.append("".join(current))
                current, used = [], 0
            current.append(char)
            used += cells
        out.append("".join(current))
    return "\n".join(out)
