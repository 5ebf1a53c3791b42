"""JSON export: the canonical schema as text, and reading it back.

The JSON is exactly what ``policyparse parse --format json`` prints, so a result written by a
batch run can be read by any tool that reads the schema (``policyparse schema``).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO, Optional, Union

from pydantic import ValidationError

from ..errors import InputError
from ..schema import ParseResult


def to_json(result: ParseResult, stream: Optional[IO[str]] = None, *, indent: Optional[int] = 1) -> Optional[str]:
    """Serialize a parse result; return the text, or write it to ``stream`` and return None.

    Chinese text is written as is (UTF-8), not as ``\\u`` escapes, so the file stays readable.

    result (ParseResult): what :func:`policyparse.parse` returned.
    stream (text stream): where to write; None returns the string.
    RETURNS (str | None): the JSON text when no stream is given.

    >>> from policyparse.schema import SourceInfo
    >>> r = ParseResult(source=SourceInfo(sha256="0" * 64, format="txt", bytes=6), normalized_text="政务诚信")
    >>> '"normalized_text": "政务诚信"' in to_json(r)
    True
    """
    text = result.model_dump_json(indent=indent)
    if stream is None:
        return text
    stream.write(text)
    return None


def from_json(text: Union[str, bytes], path: Optional[str] = None) -> ParseResult:
    """Read a result written by :func:`to_json`; a file that is not one raises :class:`InputError`."""
    try:
        return ParseResult.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = " -> ".join(str(part) for part in first.get("loc", ())) or "document"
        raise InputError(f"not a policyparse result JSON ({where}: {first.get('msg')})", path=path) from None


def load_result(path: Union[str, Path]) -> ParseResult:
    """Read one result JSON file (as written by ``policyparse parse`` or ``policyparse batch``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such result file", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a result JSON file", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    return from_json(data, path=str(path))


def result_paths(names: list[str], what: str = "result") -> list[Path]:
    """Expand command-line inputs: files as given, folders to the result ``.json`` files below them.

    what (str): how the error names a missing input (``result``, ``plan``).
    """
    from ..errors import InputError

    paths: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if not p.name.startswith("."))
            if not found:
                raise InputError("folder holds no result .json files", path=name)
            paths.extend(found)
        elif path.exists():
            paths.append(path)
        else:
            raise InputError(f"no such {what} file", path=name)
    return paths


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Union[str, Path], data: Union[str, bytes]) -> None:
    """Write a file so that readers (and a resumed run) see either the old or the whole new file.

    The bytes go to a temporary file in the same folder, are flushed to disk, and are moved over
    the target with ``os.replace`` (atomic on POSIX and Windows); a run killed half-way leaves at
    most a stray ``.tmp`` file, never a truncated result. There is no fsync: a killed process
    cannot lose written bytes, and a batch over thousands of files should not wait on the disk
    for each one (a power cut is not what this protects against).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # The temp name is bounded: a target name near the file system's limit must still have one.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp_name, 0o666 & ~_UMASK)  # mkstemp makes it private; results are ordinary files
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def dumps_plain(value) -> str:
    """Compact JSON with Chinese kept readable (used for list columns in SQLite)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
