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
import re
import unicodedata

from .context import fit, han_context, is_han, page_bigrams
from .lexdata import char_ranks, common_ranks, lookalike_shapes, structures, variants
from .text import Replacement

RULE = "restore_lookalikes"

#: Characters ranked within the 2500 most frequent (the size of 现代汉语常用字表's 常用字) are
#: taken as written; rarer ones are checked against their context.
TRUSTED_RANK = 2500
#: A candidate must be one of the 3500 常用字 + 次常用字.
TARGET_RANK = 3500
#: How much better (in log-frequency units of :func:`.context.fit`) a candidate must fit than
#: the glyph on the page; larger for glyphs that are themselves ordinary characters (囚, 茬).
MARGIN_RARE = 4.0
MARGIN_COMMON = 6.0
#: A page is copy-protected when this many different rare glyphs need repair.
PROTECTED_PAGE_KINDS = 3
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
    equally well (防火 / 防灾 for 防吙) the direct one wins."""
    if why.startswith(("shape:", "added part:", "repeated part:")):
        return 0.0
    if why.startswith("Unihan"):
        return 1.0
    if why.startswith("rearranged"):
        return 2.0
    return 6.0


@functools.lru_cache(maxsize=8192)
def _traditional_form(glyph: str) -> bool:
    """A traditional character with a common simplified form (誠, 強) is to_simplified's to
    convert (or to keep, when that fixer is switched off), never a disguise to guess at."""
    from .script import _converter

    simplified = _converter().convert(glyph)
    return simplified != glyph and all(c in common_ranks() for c in simplified)


def _decide(chars: list[str], i: int, page=None) -> tuple[str, str] | None:
    glyph = chars[i]
    options = candidates(glyph)
    if not options or _is_circled(glyph) or _traditional_form(glyph):
        return None
    # Context from the current state of the text: repairs already decided count.
    window = "".join(chars[max(0, i - 5):i + 6])
    k = min(i, 5)
    left, right = han_context(window, k, k + 1)
    if not left and not right:
        return None
    common = glyph in common_ranks()
    base = fit(glyph, left, right, page).score if is_han(glyph) else fit("\x00", left, right, page).score
    best, best_fit, best_why = None, None, ""
    for char, why in options:
        if common and not why.startswith(_COMMON_GLYPH_EVIDENCE):
            continue
        candidate_fit = fit(char, left, right, page)
        candidate_fit = candidate_fit._replace(score=candidate_fit.score - _prior(why))
        if candidate_fit.in_word and (best_fit is None or candidate_fit.score > best_fit.score):
            best, best_fit, best_why = char, candidate_fit, why
    if best is None:
        return None
    margin = MARGIN_COMMON if common else MARGIN_RARE
    gain = best_fit.score - base
    if gain < margin:
        return None
    return best, f"{best_why}; fits {left}[{best}]{right} (+{gain:.1f})"


def _judge(chars: list[str], pending: list[int], decided: dict[int, tuple[str, str]],
           page=None) -> list[int]:
    """Decide glyphs at ``pending`` (two passes, so a glyph next to a repaired one is judged
    again with its neighbour fixed); return the positions left undecided."""
    for _ in range(2):
        changed = False
        still = []
        for pos in pending:
            choice = _decide(chars, pos, page)
            if choice is None:
                still.append(pos)
                continue
            decided[pos] = choice
            chars[pos] = choice[0]
            changed = True
        pending = still
        if not changed:
            break
    return pending


def _decide_pair(chars: list[str], i: int) -> tuple[tuple[str, str], tuple[str, str]] | None:
    first, second = chars[i], chars[i + 1]
    options_a, options_b = candidates(first)[:8], candidates(second)[:8]
    if (not options_a or not options_b or first in common_ranks() or second in common_ranks()
            or _traditional_form(first) or _traditional_form(second)):
        return None
    window = "".join(chars[max(0, i - 5):i + 7])
    k = min(i, 5)
    left, right = han_context(window, k, k + 2)
    base = fit(first + second, left, right).score
    best = None
    for a, why_a in options_a:
        for b, why_b in options_b:
            candidate = fit(a + b, left, right)
            score = candidate.score - _prior(why_a) - _prior(why_b)
            if candidate.in_word and (best is None or score > best[0]):
                best = (score, (a, why_a), (b, why_b))
    if best is None or best[0] - base < 2 * MARGIN_RARE:
        return None
    (a, why_a), (b, why_b) = best[1], best[2]
    context = f"fits {left}[{a}{b}]{right} (+{best[0] - base:.1f})"
    return (a, f"{why_a}; {context}"), (b, f"{why_b}; {context}")


def restore_lookalikes(text: str) -> list[Replacement]:
    """Replace look-alike glyphs by the character that fits their context.

    >>> from policyparse.normalize import normalize
    >>> normalize("将诚信教育作为学校日常管理的偅要内容").text
    '将诚信教育作为学校日常管理的重要内容'
    >>> normalize("加快推进社会诚信建设的实施意见").text
    '加快推进社会诚信建设的实施意见'
    """
    pattern = _suspect_pattern()
    positions = [m.start() for m in pattern.finditer(text)]
    if not positions:
        return []
    kept = _kept_words(text)
    positions = [p for p in positions if p not in kept]
    chars = list(text)
    decided: dict[int, tuple[str, str]] = dict(_marker_repairs(text, positions))
    for pos, (new, _) in decided.items():
        chars[pos] = new
    ranked = char_ranks()
    # Glyphs no modern text uses (偅, 淛) and non-Han shapes first: they show whether the page
    # is copy-protected at all. Rarer characters that are in use (荇, 汾, 茬) are judged only on a
    # protected page, which also keeps clean notices fast.
    unused = [p for p in positions if p not in decided and (text[p] not in ranked or not is_han(text[p]))]
    in_use = [p for p in positions if p not in decided and text[p] in ranked and is_han(text[p])]
    pending = _judge(chars, unused, decided)
    # One repaired unused glyph is enough to look further: the page may reach the protected
    # count with rarer glyphs (the gate below decides).
    if any(is_han(text[p]) and text[p] not in common_ranks() for p in decided):
        if in_use:
            pending = _judge(chars, sorted(pending + in_use), decided)
        if pending:
            # Last, what the page itself repeats: 揭椨〔2018 beside 揭府 printed elsewhere.
            page = page_bigrams(text, set(positions))
            pending = _judge(chars, pending, decided, page)
    # Two disguises side by side (淛镀 for 制度): judge the pair together.
    pending_set = set(pending)
    for pos in pending:
        if pos + 1 in pending_set and pos not in decided and pos + 1 not in decided:
            pair = _decide_pair(chars, pos)
            if pair:
                for k, (new, why) in enumerate(pair):
                    decided[pos + k] = (new, why)
                    chars[pos + k] = new
    decided = _protected_page_gate(text, decided)
    return [Replacement(pos, pos + 1, new, RULE, why) for pos, (new, why) in sorted(decided.items())]


def _kept_words(text: str) -> set[int]:
    """Positions inside words that ``script_exceptions.tsv`` keeps as written (昇腾, 乾隆)."""
    from .script import _exception_pattern

    pattern, table = _exception_pattern()
    if pattern is None:
        return set()
    return {i for m in pattern.finditer(text) if table[m.group()] == m.group()
            for i in range(m.start(), m.end())}


def _protected_page_gate(text: str, decided: dict[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
    """Keep contextual repairs of Han glyphs only on pages that show copy protection.

    Copy protection is a property of a page: it disguises characters of many kinds (about one in a
    hundred). A clean notice where context favours another reading for one or two rare
    characters is far more likely to hold a place or person name (水坪村, 王晓晖) or a brand
    (昇腾) than a disguise, so there only glyphs that modern text does not use (偅, 淛: outside
    the 9933 characters of Jun Da's frequency list) and non-Han shapes are repaired.
    """
    kinds = {text[pos] for pos in decided if is_han(text[pos]) and text[pos] not in common_ranks()}
    if len(kinds) >= PROTECTED_PAGE_KINDS:
        return decided
    ranked = char_ranks()
    return {pos: choice for pos, choice in decided.items()
            if not is_han(text[pos]) or text[pos] not in ranked}
