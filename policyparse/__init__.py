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

import importlib
from typing import TYPE_CHECKING

# Each public name -> the module that defines it. ``import policyparse`` imports none of them:
# a name's module is imported the first time the name is used (PEP 562), so ``policyparse
# --help``, ``policyparse schema`` and a script that only wants the schema do not pay for the
# stages, pydantic, jieba or spaCy they do not use.
_EXPORTS = {
    "parse": "policyparse.pipeline",
    "normalize": "policyparse.normalize",
    "to_frame": "policyparse.export.frames",
    "ParseResult": "policyparse.schema",
    "Document": "policyparse.schema",
    "Task": "policyparse.schema",
    "SCHEMA_VERSION": "policyparse.schema",
    "NormalizedText": "policyparse.normalize.text",
    "PolicyParseError": "policyparse.errors",
}

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


def _read_version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover - Python < 3.8 has no importlib.metadata
        return "0.0.0+checkout"
    try:
        return version("policyparse")
    except PackageNotFoundError:  # running from a checkout without install
        return "0.0.0+checkout"


def __getattr__(name: str):
    """Import a public name's module when the name is first used, and keep the value here."""
    if name == "__version__":
        value = _read_version()  # importlib.metadata alone costs tens of milliseconds
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'policyparse' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # what type checkers and IDEs see: the names, imported eagerly
    from .errors import PolicyParseError
    from .export.frames import to_frame
    from .normalize import normalize
    from .normalize.text import NormalizedText
    from .pipeline import parse
    from .schema import SCHEMA_VERSION, Document, ParseResult, Task

    __version__: str
