"""Restore characters that copy protection replaced by look-alike glyphs.

Some reposting sites defeat copying by replacing about one character in a hundred with a glyph
that renders almost the same: the right character with an extra radical (偅要 for 重要, 機淛 for
机制, 哋方 for 地方, 萣期 for 定期), a swapped radical (苐三 for 第三, 鋶程 for 流程), rearranged
parts (囷 for 和), a doubled character (竝 for 立) or a plain shape (┅是 for 一是, 党的┿九大,
公共服务Φ心). Sites draw on large tables, so a repair cannot list pairs; it derives candidates
from character structure (``lexicons/normalize/char_structure.tsv``, the CJKVI IDS database) and
Unihan variants, adds the curated shapes of ``lookalike_shapes.tsv``, and keeps a candidate only
when it fits the neighbouring characters clearly better than the glyph on the page (jieba's
word frequencies and bigrams of real notices, see :mod:`.context`). A character that fits its
context is never touched, which keeps place names such as 汾河 and clean notices intact.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

from typing import NamedTuple, Optional

from .context import fit, han_context, is_han, word_frequency
from .lexdata import common_ranks, lookalike_shapes, structures, surnames, variants
from .lm import char_lm, in_model
from .text import Replacement

RULE = "restore_lookalikes"

#: Characters ranked within the 2500 most frequent (the size of 现代汉语常用字表's 常用字) are
#: taken as written; rarer ones are checked against their context.
TRUSTED_RANK = 2500
#: A candidate must be one of the 3500 常用字 + 次常用字.
TARGET_RANK = 3500
#: How much better (natural log, model of notices plus jieba's word model, see :func:`_gain`)
#: the window around a glyph must read with the candidate than as printed, by how often clean
#: notices use the glyph: never (偅, 淛), a few times (names: 曹晏平, 林菘), often (蚊虫,
#: 榕昌). Measured with scripts/damage.py on held-out notices: disguises that no notice uses
#: gain 10-50, the rare characters of clean notices rarely more than 20.
MARGIN_UNSEEN = 10.0
MARGIN_RARE = 18.0
MARGIN_SEEN = 22.0
#: The best candidate must beat the next one by this much, or the context cannot tell them
#: apart and the glyph is left as printed (a miss is better than a third character).
MIN_LEAD = 1.5
#: How much a swapped radical (鋶 = 金 + 㐬 for 流) weighs less than an added one (偅 for 重).
PRIOR_SWAPPED = 1.5
#: A glyph used this often by clean notices is a character of their vocabulary.
SEEN_COUNT = 10
#: Evidence of copy protection: this many different glyphs that no clean notice uses, each
#: fitting its context far worse than a common character would (``EVIDENT_GAIN``). On 188
#: held-out clean notices no page had more than one; a protected page has one per hundred
#: characters.
PROTECTED_PAGE_KINDS = 3
EVIDENT_GAIN = 18.0
#: A glyph in a person's name (王頔, 陆昉) needs to be one no notice uses, and this gain.
NAME_GAIN = 26.0
#: A glyph printed in the same pair this many times, the repaired pair never, is a term.
TERM_REPEATS = 2
#: Occurrences of a glyph looked at for that (a page's terms repeat early).
TERM_LOOK = 8
#: A bigram counted this often in clean notices is a word of theirs, not the start of a name.
WORD_START_COUNT = 20
#: The most the margins come down on a heavily protected page (see :func:`_relief`).
MAX_RELIEF = 6.0
#: A glyph printed in the same pair this many times, the repaired pair never, is a term.
TERM_REPEATS = 2
#: Occurrences of a glyph looked at for that (a page's terms repeat early).
TERM_LOOK = 8
#: A bigram counted this often in clean notices is a word of theirs, not the start of a name.
WORD_START_COUNT = 20
#: A word ending in 长/任/员/人/记 this frequent in jieba's dictionary is a title (站长, 主任).
TITLE_FREQ = 100
# A glyph that is itself a common character (囚, 矗) is only read as another character when its
# structure says so directly or a curated shape lists it, never through swapped radicals.
_COMMON_GLYPH_EVIDENCE = ("shape:", "added part:", "repeated part:")

# Components that copy protection adds to or swaps on a character: the side and top forms of
# Kangxi radicals as CJKVI IDS writes them.
RADICALS = frozenset(
    "亻彳氵冫忄扌礻衤王玉木禾米糸纟钅金釒讠言訁口囗土山女子马馬犭火日目月贝貝足⻊车車舟艹"
    "竹⺮宀穴广疒尸厂户辶⻌廴走阝卩刂力又攵欠殳页頁雨虫鱼魚鸟鳥羊耳石田皿心灬巾弓饣食飠门門"
    "匚匸凵冖勹人儿几厶彡夂夊牛牜片爿斤方歹毛气水爪父止示立白瓦甘生用矛矢疋舌羽而耒缶网"
)
_IDS_OPERATORS = frozenset("⿰⿱⿲⿳⿴⿵⿶⿷⿸⿹⿺⿻")
_ENCLOSURE_FOLD = {"囗": "口"}
_CHINESE_NUMERALS = "一二三四五六七八九十"
_MARKER = re.compile(r"[ \t\u3000]*[（(]([^()（）\n]{1,3})[)）]")


def _split(ids: str) -> list[str]:
    """Top-level parts of an IDS: ``'⿱直⿰直直'`` -> ``['直', '⿰直直']``."""
    if not ids or ids[0] not in _IDS_OPERATORS:
        return [ids]
    arity = 3 if ids[0] in "⿲⿳" else 2
    parts, i = [], 1
    for _ in range(arity):
        start, need = i, 1
        while need and i < len(ids):
            need += (2 if ids[i] in "⿲⿳" else 1) if ids[i] in _IDS_OPERATORS else -1
            i += 1
        parts.append(ids[start:i])
    return parts


def _leaves(ids: str) -> list[str]:
    return [c for c in ids if c not in _IDS_OPERATORS]


@functools.lru_cache(maxsize=None)
def _common_indexes():
    """Indexes over the common characters: by (shared part) and by folded multiset of leaves."""
    ranks = common_ranks()
    ids_of = structures()
    by_ids: dict[str, str] = {}
    by_part: dict[str, list[tuple[str, str]]] = {}
    by_leaves: dict[tuple[str, ...], list[str]] = {}
    for char, rank in ranks.items():
        if rank > TARGET_RANK or char not in ids_of:
            continue
        ids = ids_of[char]
        by_ids.setdefault(ids, char)
        parts = _split(ids)
        if len(parts) == 2:
            for keep, other in ((parts[0], parts[1]), (parts[1], parts[0])):
                if other in RADICALS:
                    by_part.setdefault(keep, []).append((other, char))
        leaves = tuple(sorted(_ENCLOSURE_FOLD.get(c, c) for c in _leaves(ids)))
        if len(leaves) >= 2:
            by_leaves.setdefault(leaves, []).append(char)
    return by_part, by_leaves, by_ids


@functools.lru_cache(maxsize=4096)
def candidates(glyph: str) -> tuple[tuple[str, str], ...]:
    """Characters ``glyph`` may stand for, each with the evidence, most direct first.

    >>> dict(candidates("偅"))["重"]
    'added part: 偅=⿰亻重'
    >>> "第" in dict(candidates("苐"))
    True
    >>> "和" in dict(candidates("囷"))
    True
    """
    ranks = common_ranks()
    found: dict[str, str] = {}

    def add(char: str, why: str) -> None:
        if char != glyph and ranks.get(char, TARGET_RANK + 1) <= TARGET_RANK and char not in found:
            found[char] = why

    for char, why in lookalike_shapes().get(glyph, ()):
        found.setdefault(char, f"shape: {why}")
    ids = structures().get(glyph)
    if ids:
        parts = _split(ids)
        leaves = _leaves(ids)
        for k, part in enumerate(parts):
            others = parts[:k] + parts[k + 1:]
            # 嘚 = 口 + 得 stands for 得 (or 的), never for the radical 口 beside it.
            if len(part) == 1 and not (part in RADICALS and all(o not in RADICALS for o in others)):
                add(part, f"added part: {glyph}={ids}")
        if len(set(leaves)) == 1 and len(leaves) >= 2:
            add(leaves[0], f"repeated part: {glyph}={ids}")
        by_part, by_leaves, by_ids = _common_indexes()
        for part in parts:
            # 楿 = ⿰木⿰木目: the part ⿰木目 is the whole of 相.
            if len(part) > 1 and part in by_ids:
                add(by_ids[part], f"added part: {glyph}={ids}, {by_ids[part]}={part}")
        folded = tuple(sorted(_ENCLOSURE_FOLD.get(c, c) for c in leaves))
        for char in by_leaves.get(folded, ()):
            add(char, f"rearranged parts: {glyph}={ids}, {char}={structures()[char]}")
        if len(parts) == 2:
            for keep, other in ((parts[0], parts[1]), (parts[1], parts[0])):
                if other not in RADICALS:
                    continue
                for radical, char in by_part.get(keep, ()):
                    if radical != other:
                        add(char, f"swapped part: {glyph}={ids}, {char}={structures()[char]}")
    for char, kind in variants().get(glyph, ()):
        add(char, f"Unihan {kind} variant of {glyph}")
    return tuple(found.items())


@functools.lru_cache(maxsize=None)
def _suspect_pattern() -> re.Pattern:
    trusted = {ord(c) for c, r in common_ranks().items() if r <= TRUSTED_RANK}
    # One character class of explicit ranges (the Han blocks minus the trusted characters): the
    # regex engine tests it with a bitmap, so clean text is scanned at C speed.
    ranges = []
    for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)):
        start = None
        for code in range(lo, hi + 2):
            inside = code <= hi and code not in trusted
            if inside and start is None:
                start = code
            elif not inside and start is not None:
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}" if code - 1 > start
                              else re.escape(chr(start)))
                start = None
    shapes = "".join(re.escape(c) for c in lookalike_shapes())
    return re.compile(f"[{''.join(ranges)}{shapes}]")


def _is_circled(glyph: str) -> bool:
    return unicodedata.name(glyph, "").startswith("CIRCLED")


def _marker_repairs(text: str, positions: list[int]) -> dict[int, tuple[str, str]]:
    """Glyphs inside a Chinese-numeral heading marker: (②) -> (二), (┿三) -> (十三)."""
    out = {}
    matches = []
    for pos in positions:
        line_start = text.rfind("\n", 0, pos) + 1
        if pos - line_start <= 8:
            match = _MARKER.match(text, line_start)
            if match and match.start(1) <= pos < match.end(1) and (not matches or matches[-1].start() != match.start()):
                matches.append(match)
    for match in matches:
        body = match.group(1)
        if all(c in _CHINESE_NUMERALS for c in body):
            continue
        fixed = []
        reasons = []
        for c in body:
            if c in _CHINESE_NUMERALS:
                fixed.append(c)
                reasons.append("")
                continue
            numeral = next(((t, why) for t, why in candidates(c) if t in _CHINESE_NUMERALS), None)
            fixed.append(numeral[0] if numeral else c)
            reasons.append(numeral[1] if numeral else "")
        if all(c in _CHINESE_NUMERALS for c in fixed):
            for k, (old, new) in enumerate(zip(body, fixed)):
                if old != new:
                    out[match.start(1) + k] = (new, f"numeral marker ({''.join(fixed)}): {reasons[k]}")
    return out


def _prior(why: str) -> float:
    """Penalty for indirect evidence: an added part (偅 = 亻+重) is the commonest disguise,
    a swapped radical or rearranged parts less so, so among candidates that fit about
    equally well (防火 / 防灾 for 防吙) the direct one wins. Small: context decides."""
    if why.startswith(("shape:", "added part:", "repeated part:")):
        return 0.0
    if why.startswith("Unihan"):
        return 0.25
    if why.startswith("rearranged"):
        return 0.5
    return PRIOR_SWAPPED


@functools.lru_cache(maxsize=8192)
def _traditional_form(glyph: str) -> bool:
    """A traditional character with a common simplified form (誠, 強) is to_simplified's to
    convert (or to keep, when that fixer is switched off), never a disguise to guess at."""
    from .script import _converter

    simplified = _converter().convert(glyph)
    return simplified != glyph and all(c in common_ranks() for c in simplified)


class _Choice(NamedTuple):
    char: str
    why: str
    gain: float
    lead: float  # over the next best candidate


# Stands in for a non-Han shape (┅, Φ) when the model scores the page as printed: an unseen
# ideograph, so the shape costs what a glyph no notice uses costs.
_UNSEEN = "\u9fd0"
#: Characters that bound a name in lists of people (王頔、陆昉（女）、) and contact lines.
_NAME_BOUNDS = frozenset("、，,；;：: \u3000\t\n（()）")


# Half-width marks are made full-width by normalize_punctuation, after this fixer: the model,
# counted on full-width text, must see 机淛,推广 as 机淛，推广.
_FULL_WIDTH = str.maketrans(",:;!?()", "，：；！？（）")


def _window_gain(chars: list[str], i: int, char: str) -> float:
    """log P(window with ``char`` at i) - log P(window as printed), two characters each side."""
    lm = char_lm()
    left = "".join(chars[max(0, i - 2):i]).translate(_FULL_WIDTH)
    right = "".join(chars[i + 1:i + 3]).translate(_FULL_WIDTH)
    glyph = chars[i] if in_model(chars[i]) else _UNSEEN
    return lm.logp(left + char + right, len(left)) - lm.logp(left + glyph + right, len(left))


def _word_gain(chars: list[str], i: int, char: str) -> float:
    """The same comparison by jieba's word model (:func:`.context.fit`): general vocabulary
    that a few hundred notices cannot attest (如发现, 3倍)."""
    window = "".join(chars[max(0, i - 5):i + 6])
    k = min(i, 5)
    left, right = han_context(window, k, k + 1)
    glyph = chars[i] if is_han(chars[i]) else "\x00"
    return fit(char, left, right).score - fit(glyph, left, right).score


def _best(chars: list[str], i: int) -> Optional[_Choice]:
    """The candidate that makes the window most probable, with its gain over the glyph as
    printed (both models added) and its lead over the runner-up."""
    glyph = chars[i]
    common = glyph in common_ranks()
    scored = []
    for char, why in candidates(glyph):
        if common and not why.startswith(_COMMON_GLYPH_EVIDENCE):
            continue
        scored.append((_window_gain(chars, i, char) + _word_gain(chars, i, char) - _prior(why),
                       char, why))
    if not scored:
        return None
    scored.sort(reverse=True)
    gain, char, why = scored[0]
    lead = gain - scored[1][0] if len(scored) > 1 else gain
    return _Choice(char, why, gain, lead)


def _in_dictionary_word(text: str, i: int) -> bool:
    """The glyph forms a word of jieba's dictionary with its neighbours (讷河, 蚊虫, 墒情)."""
    for length in (2, 3, 4):
        for start in range(max(0, i - length + 1), i + 1):
            word = text[start:start + length]
            if len(word) == length and word_frequency(word) > 0:
                return True
    return False


def _attested_pair(text: str, i: int) -> bool:
    """A common character that forms with a Chinese neighbour a bigram clean notices print (丙类
    in 甲类、乙类和丙类): a word of theirs, however well another character would fit. (A rare one
    may pair by chance: 基苯 of 硝基苯 in the model, 基苯 for 基本 on a protected page.)"""
    if text[i] not in common_ranks():
        return False
    pairs = (text[max(0, i - 1):i + 1], text[i:i + 2])
    return any(len(pair) == 2 and is_han(pair[0]) and is_han(pair[1]) and char_lm().count(pair) > 0
               for pair in pairs)


def _name_segment(text: str, i: int) -> Optional[int]:
    """Where the short Han segment holding the glyph starts, when it stands between list marks
    as the names of people and places do (王頔、陆昉（女）、芮振伟; 以及胥浦塘-掘石港), or after a
    conjunction or a title (站长闫琪，); None inside running text."""
    start = i
    while start > 0 and is_han(text[start - 1]):
        start -= 1
    end = i + 1
    while end < len(text) and is_han(text[end]):
        end += 1
    if not (end == len(text) or text[end] in _NAME_BOUNDS or text[end] in _NAME_LINKS):
        return None
    if 2 <= end - start <= 3 and (start == 0 or text[start - 1] in _NAME_BOUNDS
                                  or text[start - 1] in _NAME_LINKS):
        return start
    for name_start in (end - 3, end - 2):
        if start < name_start <= i and _name_lead(text, start, name_start):
            return name_start
    return None


#: Names in a list joined by dashes (拦路港-泖河-斜塘).
_NAME_LINKS = frozenset("-－—")
#: Words that come right before a name: 以及, and titles (站长, 主任, 联系人). Not 和 or 及:
#: one character opens running text too often (企业及朏境社 is 出境社).
_NAME_LEAD_WORDS = frozenset({"以及"})
_TITLE_ENDS = frozenset("长任员人记")


def _name_lead(text: str, start: int, name_start: int) -> bool:
    """A conjunction or a title ends right before ``name_start`` (inside the run from ``start``)."""
    for size in (2, 3):
        word = text[name_start - size:name_start]
        if name_start - size >= start and (word in _NAME_LEAD_WORDS or (
                word[-1] in _TITLE_ENDS and word_frequency(word) >= TITLE_FREQ)):
            return True
    return False


def _name_like(text: str, i: int, choice: _Choice) -> bool:
    """The glyph is part of a person's name: after a surname (王頔, 陆昉), or a rare surname
    itself (芮振伟) unless its candidate starts a word of notices with the next character
    (媔对 in a list is 面对)."""
    start = _name_segment(text, i)
    if start is None:
        return False
    if i > start:
        return text[start] in surnames()
    return char_lm().count(choice.char + text[i + 1]) < WORD_START_COUNT


def _shape_in_rule(text: str, i: int) -> bool:
    """A non-Han shape beside another shape, a digit or a Latin letter is a rule or a dash
    (━━━━ under a document number, 2002─2003年), not a disguised character."""
    for k in (i - 1, i + 1):
        if 0 <= k < len(text):
            near = text[k]
            if near.isascii() and near.isalnum() or near.isdigit() or (not is_han(near) and near == text[i]):
                return True
            if not is_han(near) and unicodedata.category(near) == "So":
                return True
    return False


def _page_term(text: str, i: int, choice: _Choice) -> bool:
    """The page prints the glyph in one pair again and again and the repaired pair never: a
    term of the notice (滚装船舶艏部、艉部 five times, 船艉 once beside them), where a disguise
    strikes a word now and then among its clean occurrences (偅要 once, 重要 twenty times)."""
    glyph = text[i]
    at = text.find(glyph)
    for _ in range(TERM_LOOK):
        if at < 0:
            break
        for pair, repaired in ((text[at:at + 2], choice.char + text[at + 1:at + 2]),
                               (text[at - 1:at + 1] if at else "", text[at - 1:at] + choice.char)):
            if (len(pair) == 2 and is_han(pair[0]) and is_han(pair[1])
                    and text.count(pair) >= TERM_REPEATS and repaired not in text):
                return True
        at = text.find(glyph, at + 1)
    return False


def _margin(glyph: str) -> float:
    seen = char_lm().count(glyph) if in_model(glyph) else 0
    if glyph in common_ranks():
        return MARGIN_SEEN
    if seen == 0:
        return MARGIN_UNSEEN
    return MARGIN_RARE if seen < SEEN_COUNT else MARGIN_SEEN


def _relief(evident_kinds: int) -> float:
    """How much the margins come down on a page whose protection is beyond doubt: the more
    disguises a page shows, the likelier each rare glyph is one more (notice 004 shows 61
    kinds, and its 茬 for 在 and 矗 for 直 are ordinary characters)."""
    if evident_kinds < PROTECTED_PAGE_KINDS:
        return 0.0
    return min(MAX_RELIEF, 2 * math.log(evident_kinds / PROTECTED_PAGE_KINDS))


def _acceptable(text: str, i: int, choice: Optional[_Choice], relief: float = 0.0) -> bool:
    """A repair the page supports: clearly better than the glyph, and the glyph not in a word,
    a name or a rule."""
    glyph = text[i]
    if choice is None or choice.gain < _margin(glyph) - relief or choice.lead < MIN_LEAD:
        return False
    if not is_han(glyph):
        return not _shape_in_rule(text, i)
    if _in_dictionary_word(text, i) or _attested_pair(text, i) or _page_term(text, i, choice):
        return False
    if _name_like(text, i, choice):
        return char_lm().count(glyph) == 0 and choice.gain >= NAME_GAIN
    return True


def _unused(glyph: str) -> bool:
    """No clean notice uses the glyph (or the model does not score it)."""
    return not in_model(glyph) or char_lm().count(glyph) == 0


def _evident(text: str, i: int, choice: Optional[_Choice]) -> bool:
    """A glyph that shows copy protection by itself: no clean notice uses it, and a common
    character fits its place far better."""
    return (_unused(text[i]) and choice is not None and choice.gain >= EVIDENT_GAIN
            and _acceptable(text, i, choice))


def _judge(text: str, chars: list[str], pending: list[int], relief: float) -> dict[int, _Choice]:
    """Decide the glyphs at ``pending``; two passes, so that a glyph next to a repaired one is
    judged again with its neighbour fixed (淛镀 for 制度)."""
    decided: dict[int, _Choice] = {}
    for _ in range(2):
        still = []
        for pos in pending:
            choice = _best(chars, pos)
            if _acceptable(text, pos, choice, relief):
                decided[pos] = choice
                chars[pos] = choice.char
            else:
                still.append(pos)
        if len(still) == len(pending):
            break
        pending = still
    return decided


def restore_lookalikes(text: str) -> list[Replacement]:
    """Replace look-alike glyphs by the character that fits their context, on a page that
    shows copy protection.

    A page shows it by several glyphs no clean notice uses, each where a common character fits
    far better (:data:`PROTECTED_PAGE_KINDS`); one odd character is a name or a term, and is
    left as printed.

    >>> from policyparse.normalize import normalize
    >>> normalize("将诚信教育作为学校日常管理的偅要内容，建立健全失信惩戒机淛，促进哋方发展").text
    '将诚信教育作为学校日常管理的重要内容，建立健全失信惩戒机制，促进地方发展'
    >>> normalize("将诚信教育作为学校日常管理的偅要内容").text
    '将诚信教育作为学校日常管理的偅要内容'
    """
    positions = [m.start() for m in _suspect_pattern().finditer(text)]
    if sum(map(_unused, {text[p] for p in positions})) < PROTECTED_PAGE_KINDS:
        return []  # the test below, on a superset: most clean pages stop here
    kept = _kept_words(text)
    positions = [p for p in positions if p not in kept and not _traditional_form(text[p])]
    chars = list(text)
    unused = [p for p in positions if not _is_circled(text[p]) and _unused(text[p])]
    if len({text[p] for p in unused}) < PROTECTED_PAGE_KINDS:
        return []  # too few unused glyphs to show protection, however well they would score
    evident = {text[p] for p in unused if _evident(text, p, _best(chars, p))}
    if len(evident) < PROTECTED_PAGE_KINDS:
        return []
    out = {pos: (new, why) for pos, (new, why) in _marker_repairs(text, positions).items()}
    for pos, (new, _) in out.items():
        chars[pos] = new
    pending = [p for p in positions if p not in out and not _is_circled(text[p])]
    decided = _judge(text, chars, pending, _relief(len(evident)))
    for pos, choice in decided.items():
        out[pos] = (choice.char, f"{choice.why}; +{choice.gain:.1f} in context; "
                                 f"page shows copy protection ({len(evident)} unused glyphs)")
    return [Replacement(pos, pos + 1, new, RULE, why) for pos, (new, why) in sorted(out.items())]


def _kept_words(text: str) -> set[int]:
    """Positions inside words that ``script_exceptions.tsv`` keeps as written (昇腾, 乾隆)."""
    from .script import _exception_pattern

    pattern, table = _exception_pattern()
    if pattern is None:
        return set()
    return {i for m in pattern.finditer(text) if table[m.group()] == m.group()
            for i in range(m.start(), m.end())}
