"""Plain-text notices (``.txt``, ``.md``): detect the encoding, decode, unify line breaks.

The text is kept as it is otherwise: indentation with full-width spaces (``　　一、总体要求``),
blank lines and stray HTML entities are the normalize stage's business, so offsets into
:attr:`SourceText.text` stay close to the file.
"""

from __future__ import annotations

from typing import Optional

from .detect import Decoded, decode_text

__all__ = ["read_txt", "unify_newlines"]


def unify_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` (old Mac exports) become ``\\n``.

    >>> unify_newlines("各区人民政府：\\r\\n现将《实施方案》印发给你们。\\r")
    '各区人民政府：\\n现将《实施方案》印发给你们。\\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_txt(data: bytes, declared: Optional[str] = None) -> Decoded:
    """Decode a text notice; the result's warnings count any undecodable bytes.

    >>> read_txt("　　一、总体要求\\r\\n".encode("gbk")).text
    '\\u3000\\u3000一、总体要求\\n'
    """
    decoded = decode_text(data, declared)
    return Decoded(unify_newlines(decoded.text), decoded.encoding, decoded.evidence,
                   decoded.warnings)
