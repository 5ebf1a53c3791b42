"""The literal strings every match of a regular expression must hold: a cheap test that tells,
with one ``str.find`` each, that a pattern cannot match a text at all.

A pattern like ``(?P<units>[^。；;]{2,120}?)为主要责任单位`` tries a lazy run of up to 120
characters at every position of a text; searched over a whole document it cost a tenth of the
extract stage, while the text holds 为主要责任单位 only in a few notices. The literals are read
from the pattern's own parse (``re._parser``): runs of plain characters in its top-level
sequence (and inside plain groups there), never inside a repeat, a branch or a look-around, so
a text that lacks one of them holds no match, whatever the pattern's other parts.

>>> required_literals(re.compile(r"以下(?:各项)?均需(?P<units>[^。]{2,80}?)(?P<verb>落实|负责)[，,。]?不再(?:重复)?列出"))
('以下', '均需', '不再', '列出')
>>> required_literals(re.compile(r"(?P<units>[^。；;]{2,120}?)为主要责任单位"))
('为主要责任单位',)
>>> required_literals(re.compile(r"(?i)abc"))
()
>>> may_match(("不再", "列出"), "以下均需各州落实，不再列出", 0, 13), may_match(("列出",), "不再列出", 0, 3)
(True, False)
"""

from __future__ import annotations

import re
from typing import Optional

try:  # Python 3.11+
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]


def required_literals(pattern: "re.Pattern[str]") -> tuple[str, ...]:
    """Literal runs that stand in every match of ``pattern`` (empty when none can be told)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return ()
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - re compiled it, so it parses; be safe anyway
        return ()
    runs: list[str] = []
    _collect(parsed, runs)
    return tuple(r for r in runs if r)


def _collect(sequence, runs: list[str]) -> None:
    current: list[str] = []
    for op, av in sequence:
        if op is _c.LITERAL:
            current.append(chr(av))
            continue
        runs.append("".join(current))
        current = []
        if op is _c.SUBPATTERN:
            # (group, add_flags, del_flags, body): a plain group's body stands in every match
            _group, add_flags, del_flags, body = av
            if not (add_flags & re.IGNORECASE) and not (del_flags & re.IGNORECASE):
                _collect(body, runs)
    runs.append("".join(current))


def may_match(literals: tuple[str, ...], text: str, start: int = 0, end: Optional[int] = None) -> bool:
    """False when a match inside ``text[start:end]`` is impossible: one of ``literals`` is absent."""
    end = len(text) if end is None else end
    return all(text.find(lit, start, end) >= 0 for lit in literals)
