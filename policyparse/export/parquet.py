"""Parquet and JSON Lines: the flat tables of :mod:`~policyparse.export.frames` as files.

- :func:`write_jsonl` — one JSON object per line: a whole result, or one row of a level;
- :func:`write_parquet` — one level as one Parquet file, with a fixed schema;
- :func:`write_dataset` — every level as a Parquet *dataset*: ``<folder>/<level>/part-NNNNN.parquet``,
  one file per province, which pandas, pyarrow, Dask, DuckDB and Spark read as one table each
  (``pandas.read_parquet("out/parquet/tasks")``, ``dask.dataframe.read_parquet(…)``,
  ``SELECT … FROM 'out/parquet/tasks/*.parquet'``, ``spark.read.parquet("out/parquet/tasks")``).

The schema of each level is fixed by :data:`~policyparse.export.frames.COLUMNS`, not guessed
from the rows: a partition whose deadlines are all null must still have a string ``due``
column, or readers refuse to merge the files. The files are not Hive-partitioned
(``province=福建省/``): engines disagree on percent-encoding such folder names, pandas cannot read
a null partition back, and the province would leave the files; each file keeps every column.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Iterable, Optional, Union

from ..errors import UsageError
from .frames import COLUMNS, LEVELS, _results, records, rows

PARTITION = "province"  # one file per province
PYARROW_HINT = "Parquet needs pyarrow: pip install 'policyparse[parquet]'"


def try_pyarrow_import():
    """pyarrow (with its dataset and parquet modules), or an ImportError saying how to install it."""
    try:
        import pyarrow
        import pyarrow.dataset  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise ImportError(PYARROW_HINT) from exc
    return pyarrow


def arrow_schema(level: str):
    """The pyarrow schema of a level, in the column order of ``COLUMNS[level]``."""
    pa = try_pyarrow_import()
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "list[str]": pa.list_(pa.string())}
    if level not in COLUMNS:
        raise UsageError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    return pa.schema([pa.field(c.name, types[c.type], nullable=True) for c in COLUMNS[level]])


def arrow_table(row_dicts: Iterable[dict], level: str):
    """Rows of one level as a pyarrow Table with :func:`arrow_schema`."""
    pa = try_pyarrow_import()
    return pa.Table.from_pylist(list(row_dicts), schema=arrow_schema(level))


def write_jsonl(results, target: Union[str, Path, IO[str], None] = None, *, level: Optional[str] = None) -> Optional[str]:
    """Results as JSON Lines: with ``level=None`` one whole result per line (the canonical
    schema), else one row of that level per line. Returns the text when ``target`` is None.

    >>> from policyparse.schema import ParseResult, SourceInfo
    >>> r = ParseResult(source=SourceInfo(sha256="0" * 64, format="txt", bytes=0), normalized_text="")
    >>> write_jsonl([r]).count("\\n")
    1
    """
    def lines():
        for result in _results(results):
            if level is None:
                yield result.model_dump_json() + "\n"
            else:
                for row in rows(result, level):
                    yield json.dumps(row, ensure_ascii=False) + "\n"

    if target is None:
        return "".join(lines())
    if hasattr(target, "write"):
        for line in lines():
            target.write(line)
        return None
    with open(target, "w", encoding="utf-8", newline="\n") as handle:
        for line in lines():
            handle.write(line)
    return None


def write_parquet(results, path: Union[str, Path], *, level: str = "tasks") -> None:
    """One level of the results as one Parquet file at ``path``."""
    pq = try_pyarrow_import().parquet
    pq.write_table(arrow_table(records(_results(results), level), level), str(path))


def write_dataset(results: Iterable, folder: Union[str, Path], *, levels: Iterable[str] = LEVELS) -> dict[str, int]:
    """Every level as a Parquet dataset under ``folder``, replacing what was there.

    results: ParseResults, or ``(result, result_id, path)`` triples (a batch passes its store's
        ids, so the rows join with the store's tables).
    RETURNS (dict): rows written per level.

    Each level is a folder of files, one per province (``part-00000.parquet`` …, in the order of
    the province names, documents without a province last): every engine reads the folder as one
    table, Dask as one partition per file. The new dataset is written beside the old one and
    swapped in by two renames, so a reader (or a kill) never finds half a dataset.
    """
    pq = try_pyarrow_import().parquet
    folder = Path(folder)
    levels = list(levels)
    collected: dict[str, dict] = {level: {} for level in levels}
    for item in results:
        result, rid, path = item if isinstance(item, tuple) else (item, None, None)
        for level in levels:
            for row in rows(result, level, result_id=rid, path=path):
                collected[level].setdefault(row[PARTITION], []).append(row)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    counts = {}
    try:
        for level in levels:
            (staging / level).mkdir()
            groups = sorted(collected[level].items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
            counts[level] = sum(len(group) for _, group in groups)
            for index, (_, group) in enumerate(groups):
                pq.write_table(arrow_table(group, level), str(staging / level / f"part-{index:05d}.parquet"))
        old = None
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(folder, old)
        os.replace(staging, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return counts


ERROR_SCHEMA = (("path", "input file, its key under the output folder"), ("source", "the file as found on disk"),
                ("stage", "where it failed: select, read, normalize, segment, extract, worker, timeout, memory, write"),
                ("code", "error code (E101, E900 …)"), ("reason", "what went wrong"))


def store_dataset(store, folder: Union[str, Path]) -> dict[str, int]:
    """:func:`write_dataset` of every ok file in a batch store (keyed by its ids and input keys),
    plus ``errors.parquet``: one row per failed file, as ``errors.csv``."""
    from .json import from_json

    pa = try_pyarrow_import()
    cursor = store.conn.execute(
        "SELECT f.path, f.result_id, r.result_json FROM files f JOIN results r ON r.result_id = f.result_id"
        " WHERE f.status = 'ok' ORDER BY f.path")
    counts = write_dataset(((from_json(text), rid, path) for path, rid, text in cursor), folder)
    errors = store.errors()
    table = pa.Table.from_pylist(errors, schema=pa.schema([pa.field(name, pa.string()) for name, _ in ERROR_SCHEMA]))
    pa.parquet.write_table(table, str(Path(folder) / "errors.parquet"))
    counts["errors"] = len(errors)
    return counts


def read_dataset(folder: Union[str, Path], level: str = "tasks"):
    """One level of a dataset written by :func:`write_dataset` as a pandas DataFrame, typed as
    :func:`~policyparse.export.frames.to_frame` types it (same columns, same dtypes)."""
    from .frames import try_pandas_import, typed

    try_pandas_import()
    pa = try_pyarrow_import()
    schema = arrow_schema(level)
    files = sorted((Path(folder) / level).glob("*.parquet"))
    table = pa.concat_tables([pa.parquet.read_table(str(f), schema=schema) for f in files]) if files \
        else schema.empty_table()
    return typed(table.to_pandas(), level)


__all__ = ["write_jsonl", "write_parquet", "write_dataset", "store_dataset", "read_dataset", "arrow_schema", "arrow_table"]
