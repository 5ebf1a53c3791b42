"""Which kinds of rare characters a text holds at all, for the whole pipeline in one pass.

Most fixers look for characters that clean text never holds (lone surrogates, zero-width
marks, radical glyphs) and stop when there are none. Asked of the regex engine, each question
is a scan of the text; here the fixers register their character classes (:func:`kind`), and
the first question about a text answers all of them: one table look-up per code point, the
table holding a bit per registered class. The answer is kept for the last text asked about,
which the fixers that follow share until one of them changes it.
"""

from __future__ import annotations

import functools
import threading
from typing import Callable, Union

_CLASSES: list[Union[str, Callable[[], str]]] = []
_LAST = threading.local()  # (text, kinds present) of the last text looked at, per thread


def kind(char_class: Union[str, Callable[[], str]]) -> int:
    """Register a character class written as in a regex (``[...]``: characters and ranges,
    no escapes or negation), or a function that writes it when first needed, and return its
    bit."""
    if len(_CLASSES) == 8:
        raise ValueError("scan holds eight kinds of characters")
    _CLASSES.append(char_class)
    _table.cache_clear()  # a text's answer kept from before lacks the new kind: see holds()
    return 1 << (len(_CLASSES) - 1)


def holds(text: str, bits: int) -> bool:
    """Whether ``text`` holds a character of any of the kinds ``bits``."""
    last = getattr(_LAST, "scan", None)
    # a fixer module registers its kind when first imported, which may be after this text was
    # looked at (a fresh process imports the mojibake fixer late): the answer is then asked again
    if last is None or last[0] is not text or last[2] != len(_CLASSES):
        last = (text, _kinds(text), len(_CLASSES))
        _LAST.scan = last
    return bool(last[1] & bits)


def _kinds(text: str) -> int:
    import numpy

    if not text:
        return 0
    points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    return int(numpy.bitwise_or.reduce(_table().take(points)))  # take: a faster gather than indexing


@functools.lru_cache(maxsize=None)
def _table():
    """A byte per code point, bit k set when the character is in the k-th registered class."""
    import numpy

    table = numpy.zeros(0x110000, dtype=numpy.uint8)
    for bit, char_class in enumerate(_CLASSES):
        for low, high in _ranges(char_class if isinstance(char_class, str) else char_class()):
            table[low:high + 1] |= 1 << bit
    return table


def _ranges(char_class: str) -> list[tuple[int, int]]:
    """``"[a-cx]"`` -> ``[(97, 99), (120, 120)]``."""
    if not (char_class.startswith("[") and char_class.endswith("]")) or "\\" in char_class or char_class[1:2] == "^":
        raise ValueError(f"not a plain character class: {char_class!r}")
    body = char_class[1:-1]
    out = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.append((ord(body[i]), ord(body[i + 2])))
            i += 3
        else:
            out.append((ord(body[i]), ord(body[i])))
            i += 1
    return out
