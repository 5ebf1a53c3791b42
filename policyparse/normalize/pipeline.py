"""The normalize driver: run the fixers in order, keep the character map, collect the edits.

Each fixer is a pure function from the text it receives to a list of
:class:`~.text.Replacement` on that text; none of them knows about the others' offsets. The
driver applies one fixer's replacements, composes the character map (normalized index -> raw
index) and moves the edits made so far to their new positions, then hands the new text to the
next fixer. A fixer is re-run on its own output until it proposes nothing (at most
``MAX_ROUNDS`` times; once for those whose output holds nothing for them), which is what makes
``normalize(normalize(x).text)`` change nothing.
"""

from __future__ import annotations

import gc
import operator
import re
from dataclasses import asdict, dataclass, fields
from typing import Callable, Optional, Union

from ..errors import InputError, UsageError
from ..read.source import SourceText
from . import charmap, scan
from .entities import decode_html_entities
from .ledger import Columns, EditLedger, columns
from .glyphs import fold_compatibility_ideographs, remove_invisible_characters
from .layout import rejoin_wrapped_words
from .lines import join_pdf_lines
from .lookalike import restore_lookalikes
from .lost import restore_lost_characters
from .mojibake import repair_mojibake
from .punct import normalize_punctuation, punctuation_changes, punctuation_columns
from .ruby import pinyin_columns, strip_ruby_pinyin, stripped
from .script import simplified_explained, simplified_rewrite, to_simplified
from .text import NormalizedText, Replacement

Fixer = Callable[[str], list[Replacement]]

#: The fixers in pipeline order. Encoding first (entities, mojibake) so that later fixers see
#: characters; mojibake before invisible characters, since a soft hyphen (U+00AD) in Latin
#: mojibake is the byte AD of a character; ruby pinyin before script conversion so that
#: 誠(chéng) is one character; script
#: before look-alikes so that only disguises remain rare; PDF lines are joined before
#: punctuation changes the width of the marks (the printed line width is what shows a hard wrap).
FIXERS: dict[str, Fixer] = {
    "decode_html_entities": decode_html_entities,
    "repair_mojibake": repair_mojibake,
    "remove_invisible_characters": remove_invisible_characters,
    "fold_compatibility_ideographs": fold_compatibility_ideographs,
    "strip_ruby_pinyin": strip_ruby_pinyin,
    "to_simplified": to_simplified,
    "restore_lookalikes": restore_lookalikes,
    "restore_lost_characters": restore_lost_characters,
    "join_pdf_lines": join_pdf_lines,
    "rejoin_wrapped_words": rejoin_wrapped_words,
    "normalize_punctuation": normalize_punctuation,
}
_FIXER_FUNCTIONS = dict(FIXERS)  # as defined here, whatever a caller puts in FIXERS
MAX_ROUNDS = 8  # a run of marks (,,,?) converts one mark per round: each waits for its neighbour
MAX_PASSES = 2
#: Fixers whose output holds nothing for themselves to do again: one call each per pass. This is
#: what runs OpenCC once per text (to_simplified's own output converts to itself).
_ONE_ROUND = frozenset({"to_simplified", "strip_ruby_pinyin", "join_pdf_lines", "rejoin_wrapped_words",
                        "remove_invisible_characters", "fold_compatibility_ideographs"})
#: Repairs that can complete the input of a fixer earlier in the order (a look-alike fixed
#: inside a mojibake run, a lost bracket completing a document number, a soft hyphen removed
#: from beside a Latin mojibake passage): only they call for another pass.
_LATE_REPAIRS = frozenset({"restore_lookalikes", "restore_lost_characters", "remove_invisible_characters"})
_MASK = re.compile(r"[*＊×Xx]{3,}|[□■]{2,}")
#: Latin-1 letters, the characters of a Latin mojibake passage: asked of scan, which answers for
#: the fixers' kinds in the same pass over a text
_ANY_LATIN1_LETTER = scan.kind("[\u00c0-\u00ff]")


@dataclass(frozen=True)
class NormalizeConfig:
    """Which fixers run; every field is named like its function and its key in ``FIXERS``.

    decode_html_entities (bool): ``&ldquo;`` -> “, truncated ``&ldqu`` dropped.
    repair_mojibake (bool): passages decoded with the wrong codec (``鏀垮簻`` -> ``政府``,
        ``Õþ¸®`` -> ``政府``) and GBK runs read one byte off (``青?!本W站`` -> ``青海”網站``).
    remove_invisible_characters (bool): zero-width spaces, soft hyphens, BOMs removed.
    fold_compatibility_ideographs (bool): PDF radical glyphs (⽣, ⻓) to ideographs (生, 长).
    strip_ruby_pinyin (bool): ``誠(chéng)信`` -> ``誠信``.
    to_simplified (bool): traditional -> simplified where the text is traditional or mixed.
    restore_lookalikes (bool): copy-protection glyphs (``偅要`` -> ``重要``).
    restore_lost_characters (bool): ``〔201913`` -> ``〔2019〕13号``, ``201972日`` -> ``2019年7月2日``.
    join_pdf_lines (bool): hard line breaks of PDF text joined.
    rejoin_wrapped_words (bool): spaces a PDF wrap left inside words removed (``整 治`` -> ``整治``).
    normalize_punctuation (bool): full-width Chinese punctuation next to Chinese text.
    """

    decode_html_entities: bool = True
    repair_mojibake: bool = True
    remove_invisible_characters: bool = True
    fold_compatibility_ideographs: bool = True
    strip_ruby_pinyin: bool = True
    to_simplified: bool = True
    restore_lookalikes: bool = True
    restore_lost_characters: bool = True
    join_pdf_lines: bool = True
    rejoin_wrapped_words: bool = True
    normalize_punctuation: bool = True

    @classmethod
    def resolve(cls, config: Union["NormalizeConfig", dict, None] = None, **overrides) -> "NormalizeConfig":
        """Accept None (all fixers), an instance, or a dict of field -> bool; kwargs override.

        >>> NormalizeConfig.resolve({"to_simplified": False}).to_simplified
        False
        """
        if config is None:
            values = {}
        elif isinstance(config, NormalizeConfig):
            values = asdict(config)
        elif isinstance(config, dict):
            values = dict(config)
        else:
            raise UsageError(f"normalize config must be a NormalizeConfig, a dict or None, not {type(config).__name__}")
        values.update(overrides)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise UsageError(f"unknown normalize fixer(s): {', '.join(unknown)}; known: {', '.join(FIXERS)}")
        for name, value in values.items():
            if not isinstance(value, bool):
                raise UsageError(f"normalize fixer {name} must be true or false, not {value!r}")
        return cls(**values)


_SPAN = operator.itemgetter(0, 1)  # (start, end) of a Replacement, at C speed
_START, _END = operator.itemgetter(0), operator.itemgetter(1)


def _clean(replacements: list[Replacement], length: int) -> list[Replacement]:
    """Sorted, inside the text, without overlaps (the first of two overlapping ones wins)."""
    if _orderly(replacements, length):
        return list(replacements)  # what fixers return: in order already, checked at C speed
    reps = sorted(replacements, key=_SPAN)
    if _orderly(reps, length):
        return reps
    out = []
    last = 0
    for rep in reps:
        if rep.start < last or rep.start < 0 or rep.end > length or rep.end < rep.start:
            continue
        out.append(rep)
        last = rep.end if rep.end > rep.start else rep.start
    return out


def _orderly(reps: list[Replacement], length: int) -> bool:
    """Sorted ``reps`` lie inside the text, each ends at or after its start and at or before the
    next one's start: :func:`_clean` would keep them all."""
    if not reps:
        return True
    starts, ends = list(map(_START, reps)), list(map(_END, reps))
    return (starts[0] >= 0 and max(ends) <= length and all(map(operator.ge, ends, starts))
            and all(map(operator.le, ends, starts[1:])))


def normalize(source: Union[str, SourceText], config: Union[NormalizeConfig, dict, None] = None,
              explain: bool = True) -> NormalizedText:
    """Repair the character-level defects of a notice; map every character back to the input.

    source (str | SourceText): the decoded notice.
    config (NormalizeConfig | dict | None): which fixers run (all by default).
    explain (bool): record the edits; ``False`` skips the bookkeeping (the map is always kept).
    RETURNS (NormalizedText): repaired text, raw text, character map, edits, warnings.

    >>> result = normalize("青政〔2017〕47號(hào)《青海省人民政府關(guān)于加強(qiáng)政務(wù)誠(chéng)信建設(shè)的實(shí)施意見(jiàn)》")
    >>> result.text
    '青政〔2017〕47号《青海省人民政府关于加强政务诚信建设的实施意见》'
    >>> result.raw_span(0, 2)
    (0, 2)
    >>> normalize(result.text).edits
    ()
    """
    if isinstance(source, SourceText):
        raw, where = source.text, source.path
    elif isinstance(source, str):
        raw, where = source, None
    else:
        raise UsageError(f"normalize expects text (str or SourceText), not {type(source).__name__}")
    settings = _DEFAULT if config is None else NormalizeConfig.resolve(config)
    # The cycle collector is held while normalize allocates: a notice of ruby-annotated text
    # makes an edit per character, and every few hundred of them set off a collection that walks
    # the loaded lexicons and language model too (a third of the time on
    # scripts/bench_normalize.py). What normalize builds holds no cycles; plain reference
    # counting frees it. (Inline, not a context manager: a clean page takes microseconds.)
    paused = gc.isenabled()
    gc.disable()
    try:
        return _run(raw, settings, explain)
    finally:
        if paused:
            gc.enable()


_DEFAULT = NormalizeConfig()  # every fixer; frozen, so shared by the calls that pass no config


def _run(raw: str, settings: NormalizeConfig, explain: bool) -> NormalizedText:
    """The fixers in order on ``raw``, with the character map and (``explain``) the edits."""
    text = raw
    index: charmap.Index = None  # identity until the first edit: clean text pays nothing
    changed = False
    ledger = EditLedger() if explain else None
    if scan.holds(raw, _ANY_SURROGATE):
        # not characters: no fixer could run on them (OpenCC encodes to UTF-8) and no file or JSON
        # holds them; read as undecodable, like bytes that fail to decode (issue 16)
        lone = [Replacement(m.start(), m.end(), "\ufffd", SURROGATE_RULE, "half of a UTF-16 pair")
                for m in _SURROGATE.finditer(raw)]
        if ledger is not None:
            ledger.record(columns(lone), charmap.as_array(index, len(raw)), len(raw))
        text, index = charmap.applied(text, index, *columns(lone)[:3])
        changed = True
    seen: dict[str, str] = {}  # the text each fixer last looked at
    for _ in range(MAX_PASSES):
        repaired = False
        for name, fixer in FIXERS.items():
            if not getattr(settings, name):
                continue
            for _ in range(1 if name in _ONE_ROUND else MAX_ROUNDS):
                if seen.get(name) is text:
                    break  # a pure function of the text: same text, nothing new to do
                seen[name] = text
                done = _round(name, fixer, text, index, ledger, len(raw))
                if done is None:
                    break
                text, index = done
                changed = True
                repaired = repaired or name in _LATE_REPAIRS or (
                    # 誠(chéng)“Õþ¸®: the pinyin's tone letters stood beside a Latin-1 mojibake
                    # passage, which repair_mojibake reads once they are gone; Õþ¸®“,Õþ¸®: so did
                    # an ASCII comma that normalize_punctuation widens
                    name in ("strip_ruby_pinyin", "normalize_punctuation")
                    and scan.holds(text, _ANY_LATIN1_LETTER))
        if not repaired:
            break
    warnings = tuple(_warnings(text))
    final_edits = ledger.finish(raw, text) if ledger is not None else ()
    return NormalizedText(text=text, raw=raw, raw_index=charmap.final(index, len(text), changed),
                          edits=final_edits, warnings=warnings)


def _round(name: str, fixer: Fixer, text: str, index: charmap.Index, ledger: Optional[EditLedger],
           raw_length: int) -> Optional[tuple[str, charmap.Index]]:
    """One call of a fixer: the text and map after its changes (recorded in ``ledger``), or
    None when it has none."""
    if ledger is None:
        done = _quietly(name, fixer, text, index)
        if done is not None:
            return None if done[0] is text else done
        found = None
    else:
        found = _explained(name, fixer, text)
    if found is None:
        reps = fixer(text)
        if not reps:
            return None
        reps = _clean(reps, len(text))
        if not reps:
            return None
        found = columns(reps)
    elif not found[0]:
        return None
    if ledger is not None:
        ledger.record(found, charmap.as_array(index, len(text)), raw_length)
    return charmap.applied(text, index, *found[:3])


def _explained(name: str, fixer: Fixer, text: str) -> Optional[Columns]:
    """With explanations, the fixers that change much give the columns of the replacements they
    would return (starts, ends, afters, rules, entries), recorded without making a Replacement
    each; empty columns when there is nothing to change. None where only the fixer's own
    replacements decide (a stand-in, or columns out of order: the fixer's own go through
    :func:`_clean`)."""
    get = _EXPLAINED.get(name)
    if get is None or fixer is not _FIXER_FUNCTIONS[name]:
        return None
    found = get(text)
    if found is None:
        return ([], [], [], [], [])
    return found if _orderly_columns(found[0], found[1], len(text)) else None


#: What :func:`_explained` calls: None when there is nothing to change.
_EXPLAINED: dict[str, Callable[[str], Optional[Columns]]] = {
    "strip_ruby_pinyin": pinyin_columns,
    "to_simplified": simplified_explained,
    "normalize_punctuation": punctuation_columns,
}


def _quietly(name: str, fixer: Fixer, text: str, index: charmap.Index) -> Optional[tuple[str, charmap.Index]]:
    """Without explanations, the fixers that change much (ruby pinyin after every character,
    a traditional character every third) give their changes as columns (starts, ends, afters),
    the very ones their replacements would hold, or make them themselves (a
    :class:`~.charmap.Rewrite`), without a Replacement each: the text and map after them (the
    same text when there is nothing to change). None where only the fixer's own replacements
    decide, or when it is not the fixer of that name but a stand-in."""
    get = _QUIET.get(name)
    if get is None or fixer is not _FIXER_FUNCTIONS[name]:
        return None
    done = get(text)
    if done is None:
        return text, index
    if isinstance(done, charmap.Rewrite):
        return done.text, done.index(index, len(text))
    if not _orderly_columns(done[0], done[1], len(text)):
        return None
    if not done[0]:
        return text, index
    return charmap.applied(text, index, *done)


#: What :func:`_quietly` calls: None when there is nothing to change.
_QUIET: dict[str, Callable[[str], Union[None, charmap.Rewrite, tuple[list[int], list[int], list[str]]]]] = {
    "strip_ruby_pinyin": lambda text: None if (done := stripped(text)) is None else charmap.Rewrite(*done),
    "to_simplified": simplified_rewrite,
    "normalize_punctuation": punctuation_changes,
}


def _orderly_columns(starts: list[int], ends: list[int], length: int) -> bool:
    """Like :func:`_orderly`, and each start after the one before (so that no two changes sit
    at one point, whose order sorting would decide)."""
    if not starts:
        return True
    return (starts[0] >= 0 and max(ends) <= length and all(map(operator.ge, ends, starts))
            and all(map(operator.le, ends, starts[1:])) and all(map(operator.lt, starts, starts[1:])))


_SURROGATE_CLASS = "[\ud800-\udfff]"
_SURROGATE, _ANY_SURROGATE = re.compile(_SURROGATE_CLASS), scan.kind(_SURROGATE_CLASS)
#: The rule of the edit that replaces a lone surrogate (a step before the fixers, not a fixer).
SURROGATE_RULE = "replace_lone_surrogates"


def _warnings(text: str) -> list[str]:
    """Masked names (``***``) are reported, never guessed: the page withheld them on purpose."""
    # a mark's first character looked for first: one character is found at C speed, a string
    # of three in a text of Chinese characters is looked for much more slowly
    if not any(mark[0] in text and mark in text for mark in ("***", "＊＊＊", "×××", "XXX", "xxx", "□□", "■■")):
        return []
    masks = list(_MASK.finditer(text))
    masks = [m for m in masks if not m.group().isalpha()]
    if not masks:
        return []
    first = masks[0]
    return [f"{len(masks)} masked passage(s) such as {first.group()!r} at offset {first.start()} "
            f"are kept as printed; the page withheld them"]
