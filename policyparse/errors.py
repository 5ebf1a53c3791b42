"""One exception family with coded, greppable messages.

The CLI turns any :class:`PolicyParseError` into a single line ``policyparse: [E101] file.pdf:
...`` and a non-zero exit; only bugs produce a traceback.
"""

from __future__ import annotations

from typing import Optional


class PolicyParseError(Exception):
    """Base class. ``code`` is a stable identifier such as ``E101``; ``path`` names the input."""

    code = "E000"

    def __init__(self, message: str, path: Optional[str] = None, stage: Optional[str] = None):
        self.message = message
        self.path = path
        self.stage = stage
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"[{self.code}] {where}{self.message}"


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


class LexiconError(PolicyParseError):
    """A lexicon file under ``lexicons/`` is malformed; the message names file, entry and field."""

    code = "E200"


class ReferenceError_(PolicyParseError):
    """A comparison reference (outline TSV or notice) cannot be used."""

    code = "E300"


class UsageError(PolicyParseError):
    """The user asked for something inconsistent (bad option combination, bad output path)."""

    code = "E400"
