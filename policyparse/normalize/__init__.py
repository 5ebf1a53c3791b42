"""Stage 2, normalize: repair character-level defects, explain each edit, keep a character map.

>>> from policyparse.normalize import normalize
>>> normalize("加强政务诚(chéng)信建设,是落实党中央“四个全面”战略布局的关键环节").text
'加强政务诚信建设，是落实党中央“四个全面”战略布局的关键环节'
"""

from __future__ import annotations

from .pipeline import FIXERS, NormalizeConfig, normalize
from .text import NormalizedText, Replacement, TextEdit

__all__ = ["normalize", "NormalizeConfig", "FIXERS", "NormalizedText", "TextEdit", "Replacement"]
