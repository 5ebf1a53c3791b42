"""Stage 2, normalize: repair character-level defects, explain each edit, keep a character map."""

from __future__ import annotations

from typing import Union

from ..read.source import SourceText
from .text import NormalizedText, TextEdit

__all__ = ["normalize", "NormalizedText", "TextEdit"]


def normalize(source: Union[str, SourceText]) -> NormalizedText:
    """Skeleton: identity. The fixers of the normalization issue replace this."""
    raw = source.text if isinstance(source, SourceText) else source
    return NormalizedText.identity(raw)
