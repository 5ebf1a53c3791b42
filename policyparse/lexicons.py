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

Validation runs once per version of a file, not once per process: the validated rows are kept
as prepared data (:mod:`policyparse.prepared`: plain tuples, keyed by the TSV's bytes and the
code of its row model), and later processes build the models from those tuples without
validating again. A worker of a batch, the CLI and every test process after the first load
``normalize/char_structure.tsv`` (27,000 rows) several times faster than validating it.
``tests/test_lexicons.py`` validates every file from its TSV on each run.
"""

from __future__ import annotations

import csv
import functools
import sys
from pathlib import Path
from typing import Callable, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import LexiconError
from .prepared import fingerprint, lexicon_dir, prepared

Entry = TypeVar("Entry", bound=BaseModel)


class LexiconEntry(BaseModel):
    """Base for one lexicon row: frozen, no unknown columns, a mandatory ``source``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str


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


def validate_tsv(name: str, model: type[Entry]) -> tuple[Entry, ...]:
    """Read and validate ``lexicons/<name>`` row by row, with no cache in between.

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


def _prepared_rows(name: str, model: type[Entry]) -> tuple[tuple[str, ...], list[tuple]]:
    """The validated rows as plain data: the field names, and per row its values followed by a
    bit mask of the fields the TSV set (what pydantic keeps as ``model_fields_set``)."""
    fields = tuple(model.model_fields)
    rows = []
    for entry in validate_tsv(name, model):
        given = entry.model_fields_set
        mask = sum(1 << i for i, f in enumerate(fields) if f in given)
        rows.append(tuple(getattr(entry, f) for f in fields) + (mask,))
    return fields, rows


def _model_code(model: type) -> list[Path]:
    """The source files of ``model`` and of its policyparse bases: their validators shape the rows."""
    files = []
    for cls in model.__mro__:
        module = sys.modules.get(cls.__module__)
        source = getattr(module, "__file__", None)
        if source and cls.__module__.startswith("policyparse") and Path(source) not in files:
            files.append(Path(source))
    return files


def _materialize(model: type[Entry], fields: tuple[str, ...], rows: list[tuple]) -> tuple[Entry, ...]:
    """Models from prepared rows without validating again (the rows were validated when prepared).

    What ``model.model_construct`` does, with its per-call checks taken out of the loop: a
    lexicon can hold 27,000 rows, and this runs in every process.
    """
    if model.model_config.get("extra") == "allow" or model.__private_attributes__:
        return tuple(model.model_construct(_fields_set={f for i, f in enumerate(fields) if mask >> i & 1},
                                           **dict(zip(fields, values)))
                     for *values, mask in rows)
    new, set_attribute = object.__new__, object.__setattr__
    # Rows that set the same fields share one set: a frozen model never changes its fields.
    field_sets: dict[int, set] = {}
    out = []
    append = out.append
    for row in rows:
        mask = row[-1]
        given = field_sets.get(mask)
        if given is None:
            given = field_sets[mask] = {f for i, f in enumerate(fields) if mask >> i & 1}
        entry = new(model)
        set_attribute(entry, "__dict__", dict(zip(fields, row)))
        set_attribute(entry, "__pydantic_fields_set__", given)
        set_attribute(entry, "__pydantic_extra__", None)
        set_attribute(entry, "__pydantic_private__", None)
        append(entry)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def load_tsv(name: str, model: type[Entry]) -> tuple[Entry, ...]:
    """Load ``lexicons/<name>`` as rows of ``model``; cached, so every caller shares one copy.

    Validated when the file (or the model's code) is new to this machine, loaded as prepared
    data after that (:mod:`policyparse.prepared`). Errors are reported as
    ``[E200] lexicons/x.tsv: line 12 -> field: message``.
    """
    path = lexicon_path(name)
    key = fingerprint(path, *_model_code(model), f"{model.__module__}.{model.__qualname__}", pydantic.VERSION)
    fields, rows = prepared(f"lexicon-{name}", key, lambda: _prepared_rows(name, model))
    return _materialize(model, fields, rows)


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
