"""Comparing the plans of a batch store, and writing the alignments back into it.

``policyparse batch`` leaves ``tasks.reference`` NULL: which guideline item a task carries out
depends on the reference a researcher picks. After ``policyparse compare out/policyparse.sqlite
--reference R --write-store`` the column holds the item code (or ``R.new``) for the tasks of the
plans that carry the reference out, and NULL for the others, so
``SELECT reference, count(*) FROM tasks GROUP BY reference`` answers "who took up what".
Because each plan is aligned on its own (see :mod:`.align`), writing after comparing a subset
gives every plan the same codes as comparing the whole store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

from ..errors import InputError
from ..schema import ParseResult
from .model import Comparison

STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


def _open(path: Union[str, Path]):
    from ..export.sqlite import SQLiteStore

    path = Path(path)
    if not path.is_file():
        raise InputError("no such store file", path=str(path))
    return SQLiteStore(path)


def store_results(path: Union[str, Path]) -> list[ParseResult]:
    """Every parsed file of a store, ``source.path`` the file it was parsed from."""
    with _open(path) as store:
        return list(store.iter_results())


def write_alignments(path: Union[str, Path], comparison: Comparison) -> int:
    """Set ``tasks.reference`` in the store for every task of every compared plan found there.

    Plans are found by the file they were parsed from (``files.source``, else ``files.path``);
    tasks by their position in the document (``task_id`` = ``RESULT/dD/tT``, 1-based).
    RETURNS (int): the number of task rows updated.
    """
    with _open(path) as store:
        conn = store.conn
        ids = {}
        for file_path, source, rid in conn.execute(
                "SELECT path, source, result_id FROM files WHERE status = 'ok' AND result_id IS NOT NULL"):
            ids.setdefault(source or file_path, rid)
            ids.setdefault(file_path, rid)
        rows = []
        for plan in comparison.plans:
            rid = ids.get(plan.source.get("path"))
            if rid is None:
                continue
            doc = int(plan.source.get("document") or 0) + 1
            rows += [(task.reference, f"{rid}/d{doc}/t{n}") for n, task in enumerate(plan.tasks, 1)]
        conn.execute("BEGIN IMMEDIATE")
        try:
            before = conn.total_changes
            conn.executemany("UPDATE tasks SET reference = ? WHERE task_id = ?", rows)
            updated = conn.total_changes - before
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return updated
