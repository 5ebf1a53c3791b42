"""Loading the data files under ``lexicons/``: lazily, once, validated by pydantic.

Lexicons are TSV files with a header row; lines starting with ``#`` are comments. Every entry
must say where it comes from in a ``source`` column (a document number, a standard such as
GB/T 2260, or ``curated: <why>``), so a reviewer can check it.

A stage declares each lexicon it uses once, at import time (cheap: nothing is read yet), and
calls the returned loader when it first needs the rows::

    AGENCIES = lexicon("extract/agencies.tsv", AgencyEntry)
    ...
    for entry in AGENCIES():
        ...

The declarations form a registry, so one test can load and validate every file in
``lexicons/`` and notice a file that no stage declares.

The result is a tuple of frozen models, cached for the life of the process. A malformed file
raises :class:`~policyparse.errors.LexiconError` naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Callable, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import LexiconError

Entry = TypeVar("Entry", bound=BaseModel)


class LexiconEntry(BaseModel):
    """Base for one lexicon row: frozen, no unknown columns, a mandatory ``source``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str


def lexicon_dir() -> Path:
    """The folder holding the lexicons: inside the installed wheel, else the repository's.

    The wheel carries them as ``policyparse/data/lexicons`` (not ``policyparse/lexicons``, which
    would sit beside this module under the same name).
    """
    packaged = Path(__file__).resolve().parent / "data" / "lexicons"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "lexicons"


def lexicon_path(name: str) -> Path:
    path = lexicon_dir() / name
    if not path.is_file():
        raise LexiconError(f"lexicon file not found (looked in {lexicon_dir()})", path=name)
    return path


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1)
                 if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    header_no, header = lines[0]
    reader = csv.reader([line for _, line in lines], delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    columns = [c.strip() for c in rows[0]]
    out = []
    for (line_no, _), cells in zip(lines[1:], rows[1:]):
        if len(cells) > len(columns):
            raise LexiconError(f"line {line_no}: {len(cells)} cells but {len(columns)} columns",
                               path=str(path))
        cells = cells + [""] * (len(columns) - len(cells))
        out.append((line_no, {col: cell.strip() for col, cell in zip(columns, cells)}))
    return out


@functools.lru_cache(maxsize=None)
def load_tsv(name: str, model: type[Entry]) -> tuple[Entry, ...]:
    """Load and validate ``lexicons/<name>``; cached, so every caller shares one copy.

    Empty cells become ``None`` for optional fields. Errors are reported as
    ``[E200] lexicons/x.tsv: line 12 -> field: message``.
    """
    path = lexicon_path(name)
    entries = []
    for line_no, row in _read_rows(path):
        cleaned = {k: v for k, v in row.items() if v != ""}
        try:
            entries.append(model(**cleaned))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = " -> ".join(str(p) for p in first["loc"]) or "row"
            raise LexiconError(f"line {line_no} -> {loc}: {first['msg']}", path=f"lexicons/{name}") from None
    return tuple(entries)


_DECLARED: dict[str, type[BaseModel]] = {}


def lexicon(name: str, model: type[Entry]) -> Callable[[], tuple[Entry, ...]]:
    """Declare that ``lexicons/<name>`` holds rows of ``model``; return its lazy loader."""
    _DECLARED[name] = model
    return functools.partial(load_tsv, name, model)


def declared() -> dict[str, type[BaseModel]]:
    """Every lexicon declared by the modules imported so far, with its row model."""
    return dict(_DECLARED)


def available() -> list[str]:
    """Names of all lexicon files, for the test that loads every one of them."""
    root = lexicon_dir()
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.tsv"))
