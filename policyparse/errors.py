"""One exception family with coded, greppable messages.

The CLI turns any :class:`PolicyParseError` into a single line ``policyparse: [E101] file.pdf:
...`` and a non-zero exit; only bugs produce a traceback. The message stays one line whatever
the file is called: control characters in a path (a scraped title with a line break in it) are
shown escaped.

>>> str(CorruptInputError("named .pdf but holds text", path="通知\\n(1).pdf"))
'[E103] 通知\\\\n(1).pdf: named .pdf but holds text'
"""

from __future__ import annotations

import re
from typing import Optional

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control characters, line separators and lone surrogates escaped (``\\n``, ``\\udc80``).

    >>> printable("a\\tb\\udcff")
    'a\\\\tb\\\\udcff'
    """
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def display_name(name: str) -> str:
    """A file name as text any UTF-8 file, JSON or database can hold: bytes that are not UTF-8
    (which ``os`` hands over as lone surrogates) are shown as ``\\xff``.

    >>> display_name("通知.txt"), display_name(b"bad\\xff.txt".decode("utf-8", "surrogateescape"))
    ('通知.txt', 'bad\\\\xff.txt')
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return printable(name)


class PolicyParseError(Exception):
    """Base class. ``code`` is a stable identifier such as ``E101``; ``path`` names the input."""

    code = "E000"

    def __init__(self, message: str, path: Optional[str] = None, stage: Optional[str] = None):
        self.message = message
        self.path = path
        self.stage = stage
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{printable(str(self.path))}: " if self.path else ""
        return f"[{self.code}] {where}{printable(self.message)}"


class InputError(PolicyParseError):
    """The input cannot be read as a notice: missing, empty, a directory, unsupported, corrupt."""

    code = "E100"


class UnsupportedFormatError(InputError):
    code = "E101"


class EmptyInputError(InputError):
    code = "E102"


class CorruptInputError(InputError):
    """The bytes are not what the extension or content claims (a truncated PDF, a fake .docx)."""

    code = "E103"


class LimitError(InputError):
    """The input is past a bound that keeps one file from taking the machine: file size, text
    length, PDF pages or inflated streams, HTML depth. The message names the bound and its value."""

    code = "E110"


class LexiconError(PolicyParseError):
    """A lexicon file under ``lexicons/`` is malformed; the message names file, entry and field."""

    code = "E200"


class ReferenceError_(PolicyParseError):
    """A comparison reference (outline TSV or notice) cannot be used."""

    code = "E300"


class UsageError(PolicyParseError):
    """The user asked for something inconsistent (bad option combination, bad output path)."""

    code = "E400"


class OutputError(UsageError):
    """An output could not be written: the folder is read-only or gone, the disk is full, a
    name is too long for the file system. Nothing the input can fix; the message says which file."""

    code = "E410"


class ResourceError(UsageError):
    """The machine refused what the command needs to run: worker processes, memory, file handles."""

    code = "E420"
