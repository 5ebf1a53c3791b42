"""Characters that render like text but are not the text: invisible marks and radical glyphs.

Scraped pages carry zero-width spaces and soft hyphens (often inserted by copy protection
between the characters of 牵头单位), which break every later match without being visible. Text
extracted from PDF replaces ideographs by the Kangxi radical or CJK radical glyph the font
stored (⽣ U+2F63 for 生, ⻓ U+2ED3 for 长) or by compatibility ideographs; they look right and
compare wrong. Kangxi radicals and compatibility ideographs are folded by NFKC; the radicals
supplement by ``lexicons/normalize/radical_glyphs.tsv`` (Unicode's EquivalentUnifiedIdeograph).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from . import scan
from .context import is_han
from .text import Replacement

#: Removed wherever they are: they carry nothing in a notice.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
#: Joiners matter in emoji and some scripts; next to Han they are copy-protection noise.
_JOINERS = re.compile("[\u200c\u200d]+")
# Whether a text holds any at all is asked of scan (one pass that answers for several fixers).
_ANY_INVISIBLE = scan.kind("[\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069\u200c\u200d]")
_COMPAT_CLASS = "[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]"
_COMPAT, _ANY_COMPAT = re.compile(_COMPAT_CLASS), scan.kind(_COMPAT_CLASS)


def remove_invisible_characters(text: str) -> list[Replacement]:
    """Drop zero-width spaces, soft hyphens, BOMs and direction marks.

    >>> from policyparse.normalize import normalize
    >>> normalize("牵\\u200b头单位：市发展\\u00ad改革委").text
    '牵头单位：市发展改革委'
    """
    if not scan.holds(text, _ANY_INVISIBLE):
        return []  # one look for both kinds: clean pages have neither
    out = [Replacement(m.start(), m.end(), "", "remove_invisible_characters",
                       "invisible " + ", ".join(f"U+{ord(c):04X}" for c in m.group()))
           for m in _INVISIBLE.finditer(text)]
    for m in _JOINERS.finditer(text):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if (before and is_han(before)) or (after and is_han(after)):
            out.append(Replacement(m.start(), m.end(), "", "remove_invisible_characters",
                                   "zero-width joiner next to Han"))
    return out


@functools.lru_cache(maxsize=None)
def _radical_table() -> dict[str, str]:
    from .lexdata import RADICAL_GLYPHS

    return {row.glyph: row.char for row in RADICAL_GLYPHS()}


def fold_compatibility_ideographs(text: str) -> list[Replacement]:
    """Radical and compatibility glyphs to the ideographs they stand for.

    >>> from policyparse.normalize import normalize
    >>> normalize("⼀是加强诚信教育，提升⻓效机制").text
    '一是加强诚信教育，提升长效机制'
    """
    if not scan.holds(text, _ANY_COMPAT):
        return []
    out = []
    for match in _COMPAT.finditer(text):
        glyph = match.group()
        code = ord(glyph)
        if 0x2E80 <= code <= 0x2EFF:
            char = _radical_table().get(glyph)
        else:
            char = unicodedata.normalize("NFKC", glyph)
            if char == glyph or len(char) != 1 or not is_han(char):
                char = None
        if char:
            out.append(Replacement(match.start(), match.end(), char, "fold_compatibility_ideographs",
                                   f"U+{code:04X} {unicodedata.name(glyph, '')} -> {char}"))
    return out
