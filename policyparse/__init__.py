"""policyparse: Chinese government policy notices -> structured, comparable plans.

>>> import policyparse
>>> sorted(policyparse.__all__)[:3]
['Document', 'NormalizedText', 'ParseResult']

The public API is small:

- :func:`parse` — a path, bytes or text -> :class:`ParseResult` (the canonical schema);
- :func:`normalize` — text -> :class:`NormalizedText` (repaired text, character map, edits);
- :func:`to_frame` — results -> a pandas DataFrame, one row per document, task, assignment or
  unit (needs ``pip install 'policyparse[parquet]'``);
- the schema models (:mod:`policyparse.schema`).
"""

from __future__ import annotations

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("policyparse")
except PackageNotFoundError:  # running from a checkout without install
    __version__ = "0.0.0+checkout"

from .errors import PolicyParseError
from .export.frames import to_frame
from .normalize import normalize
from .normalize.text import NormalizedText
from .pipeline import parse
from .schema import SCHEMA_VERSION, Document, ParseResult, Task

__all__ = [
    "parse",
    "normalize",
    "to_frame",
    "ParseResult",
    "Document",
    "Task",
    "NormalizedText",
    "PolicyParseError",
    "SCHEMA_VERSION",
    "__version__",
]
