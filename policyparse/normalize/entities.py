"""Decode HTML character references left in scraped notice text.

Scrapers that strip tags but not references leave ``&ldquo;信用中国&rdquo;`` and ``&nbsp;``; a
scrape cut at a buffer boundary leaves a truncated reference such as ``&ldqu`` that no browser
would decode. Complete references are decoded (``&amp;ldquo;``, escaped twice, in one go);
a truncated one is dropped and reported in the edit, as it carries no recoverable character.
"""

from __future__ import annotations

import functools
import html.entities
import re

from .text import Replacement

RULE = "decode_html_entities"
_REFERENCE = re.compile(r"&(?:amp;)*(#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
#: A truncated name must be this long to be told from an ampersand in running text (R&D).
_MIN_TRUNCATED = 3


@functools.lru_cache(maxsize=None)
def _entity_names() -> tuple[frozenset[str], tuple[str, ...]]:
    names = frozenset(html.entities.html5)
    full = tuple(sorted(n[:-1] for n in names if n.endswith(";")))
    return names, full


def _decode_numeric(body: str) -> str | None:
    digits = body.rstrip(";")[1:]
    try:
        code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    except ValueError:
        return None
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _is_truncated(name: str) -> bool:
    _, full = _entity_names()
    import bisect

    i = bisect.bisect_left(full, name)
    return i < len(full) and full[i].startswith(name) and full[i] != name


def decode_html_entities(text: str) -> list[Replacement]:
    """Decode character references; drop a truncated one.

    >>> from policyparse.normalize import normalize
    >>> normalize("为响应2017年&ldquo;信用安徽&rdquo;号召").text
    '为响应2017年“信用安徽”号召'
    >>> normalize("“信用安徽”、&ldqu\\n").text
    '“信用安徽”、\\n'
    """
    if "&" not in text:
        return []
    names, _ = _entity_names()
    out = []
    for match in _REFERENCE.finditer(text):
        body = match.group(1)
        if body.startswith("#"):
            char = _decode_numeric(body)
            if char is not None:
                out.append(Replacement(match.start(), match.end(), char, RULE, f"&{body}"))
            continue
        if body.endswith(";") and body in names:
            out.append(Replacement(match.start(), match.end(), html.entities.html5[body], RULE, f"&{body}"))
            continue
        name = body.rstrip(";")
        end = match.end()
        follower = text[end:end + 1]
        if body.endswith(";") or (follower.isascii() and follower.isalnum()):
            continue
        if name in names:  # legacy reference without ';' (&nbsp &copy), decoded by browsers too
            out.append(Replacement(match.start(), end, html.entities.html5[name], RULE, f"&{name}"))
        elif len(name) >= _MIN_TRUNCATED and _is_truncated(name):
            out.append(Replacement(match.start(), end, "", RULE, f"truncated reference &{name} dropped"))
    return out
