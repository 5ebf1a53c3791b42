"""Traditional characters to simplified, where the text is traditional or mixed.

Notices reposted from Hong Kong or Taiwan mirrors arrive in traditional characters (政務誠信建設),
and copy-protected pages mix single traditional characters into simplified text (機淛). OpenCC's
``t2s`` converts with its phrase tables; this fixer decides *where* to accept its changes:

* a character that is not among the 3500 common simplified characters (們, 經, 與) is
  traditional wherever it appears, and is converted when OpenCC's result is itself common
  (OpenCC would turn the copy-protection glyph 鋶 into the rare 锍; the look-alike repair reads it
  as 流);
* a character that is also in ordinary simplified use (著, 乾, 昇) is converted only on a line
  whose other script-specific characters are traditional;
* ``lexicons/normalize/script_exceptions.tsv`` lists words to keep (乾隆, 昇腾) or to write
  differently from OpenCC (著力 -> 着力).

Clean simplified text is never touched: without a traditional-only character nothing changes.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re

from .lexdata import common_ranks, script_exceptions
from .text import Replacement

RULE = "to_simplified"
#: Share of script-specific characters on a line that must be traditional-only for the line to
#: count as traditional (so that its 著 and 乾 are converted too).
TRADITIONAL_LINE_SHARE = 0.5


@functools.lru_cache(maxsize=None)
def _converter():
    import opencc  # lazy: simplified notices never load it

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=None)
def _exception_pattern() -> tuple[re.Pattern | None, dict[str, str]]:
    rows = script_exceptions()
    if not rows:
        return None, {}
    table = {row.word: row.simplified for row in rows}
    words = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), table


def _aligned_changes(text: str, converted: str) -> list[tuple[int, int, str]]:
    """Where OpenCC changed the text: position by position, and line by line when a phrase
    changed length (OpenCC keeps line breaks), so the cost stays linear in the text."""
    if len(text) == len(converted):
        return [(i, i + 1, b) for i, (a, b) in enumerate(zip(text, converted)) if a != b]
    lines, converted_lines = text.split("\n"), converted.split("\n")
    if len(lines) != len(converted_lines):
        lines, converted_lines = [text], [converted]
    out = []
    offset = 0
    for line, new in zip(lines, converted_lines):
        if line != new:
            if len(line) == len(new):
                out.extend((offset + i, offset + i + 1, b) for i, (a, b) in enumerate(zip(line, new)) if a != b)
            else:
                matcher = difflib.SequenceMatcher(None, line, new, autojunk=False)
                out.extend((offset + i1, offset + i2, new[j1:j2])
                           for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
        offset += len(line) + 1
    return out


def to_simplified(text: str) -> list[Replacement]:
    """Convert traditional characters to simplified where the text is traditional or mixed.

    >>> from policyparse.normalize import normalize
    >>> normalize("青海省加強政務誠信建設").text
    '青海省加强政务诚信建设'
    >>> normalize("清代乾隆年间的档案").text
    '清代乾隆年间的档案'
    """
    converted = _converter().convert(text)
    if converted == text:
        return []
    common = common_ranks()
    changes = _aligned_changes(text, converted)
    strict = [(s, e, a) for s, e, a in changes
              if any(c not in common for c in text[s:e])]
    if not strict:
        return []  # only characters that simplified text uses too (昇, 乾): leave the text alone
    # Lines where traditional-only characters dominate the script-specific ones.
    line_start = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_start, pos) - 1

    strict_per_line: dict[int, int] = {}
    all_per_line: dict[int, int] = {}
    for s, _, _ in changes:
        all_per_line[line_of(s)] = all_per_line.get(line_of(s), 0) + 1
    for s, _, _ in strict:
        strict_per_line[line_of(s)] = strict_per_line.get(line_of(s), 0) + 1
    pattern, table = _exception_pattern()
    protected: dict[int, tuple[int, str, str]] = {}
    if pattern is not None:
        for match in pattern.finditer(text):
            protected[match.start()] = (match.end(), match.group(), table[match.group()])
    out = []
    for start, (end, word, simplified) in sorted(protected.items()):
        line = line_of(start)
        traditional_line = strict_per_line.get(line, 0) >= TRADITIONAL_LINE_SHARE * all_per_line.get(line, 1)
        if word != simplified and (traditional_line or any(c not in common for c in word)):
            out.append(Replacement(start, end, simplified, RULE, f"exception {word} -> {simplified}"))
    covered = sorted((s, e) for s, (e, _, _) in protected.items())
    covered_starts = [s for s, _ in covered]
    for start, end, after in changes:
        if covered_starts:
            k = bisect.bisect_right(covered_starts, start)
            # protected words do not overlap each other much: the nearest ones decide
            if any(s < end and start < e for s, e in covered[max(0, k - 3):k + 1]):
                continue
        before = text[start:end]
        line = line_of(start)
        traditional_only = any(c not in common for c in before)
        if traditional_only:
            if not all(c in common for c in after if not c.isspace()):
                continue  # 鋶 -> 锍: OpenCC's reading is rarer than the glyph; leave it to restore_lookalikes
        elif strict_per_line.get(line, 0) < TRADITIONAL_LINE_SHARE * all_per_line.get(line, 1):
            continue
        out.append(Replacement(start, end, after, RULE, f"OpenCC t2s {before} -> {after}"))
    out.sort()
    return out
