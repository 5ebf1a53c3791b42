"""Fuzz inputs and the checks run on each, shared by ``test_fuzz.py`` (a few hundred, seeded, in the
suite) and ``scripts/fuzz.py`` (tens of thousands, for the figures in issue 16).

Inputs are ``str`` and ``bytes``: random Unicode drawn from the ranges that break text code
(lone surrogates, C0/C1 controls, combining marks, bidi and zero-width format characters, the
BOM and U+FFFE, private use, astral CJK and emoji, full-width forms), random bytes, and real
notice snippets mutated (characters and lines inserted, cut, repeated, swapped; clause markers,
dates and HTML tags spliced in; encoded as GBK, UTF-16 or UTF-8 and bit-flipped).

:func:`check` runs ``normalize`` and ``parse`` on one input and returns the problems found: an
exception that is not a :class:`~policyparse.errors.PolicyParseError`, a broken edit contract
(character map, raw text, untouched characters), a result that cannot be serialized, or a span
that does not round-trip (:mod:`spans`).
"""

from __future__ import annotations

import random
import traceback
from pathlib import Path
from typing import Union

from spans import HOLDING, mismatches

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# (low, high, weight): code point ranges drawn from.
_RANGES = [
    (0x20, 0x7E, 6), (0x4E00, 0x9FFF, 10), (0x3000, 0x303F, 3), (0xFF00, 0xFFEF, 3),
    (0xD800, 0xDFFF, 2), (0x00, 0x1F, 2), (0x7F, 0x9F, 1), (0x0300, 0x036F, 2), (0x200B, 0x200F, 1),
    (0x202A, 0x202E, 1), (0x2060, 0x206F, 1), (0xFEFF, 0xFEFF, 1), (0xFFF0, 0xFFFF, 1), (0xE000, 0xF8FF, 1),
    (0x20000, 0x2A6DF, 1), (0x1F300, 0x1FAFF, 1), (0x2E80, 0x2FDF, 1), (0xF900, 0xFAFF, 1), (0x0A, 0x0A, 3),
]
_WEIGHTS = [w for _, _, w in _RANGES]
SPLICES = [
    "一、", "（一）", "1.", "第一条", "牵头单位：", "（责任单位：市发展改革委、市财政局）", "配合单位：", "2025年底前",
    "长期坚持", "到2025年，覆盖率达到100%", "各区人民政府：", "\n", "\n\n", "\t", "<p>", "</p>", "<table><tr><td>",
    "&ldquo;", "&#0;", "&#xD800;", "\r\n", "　　", "附件", "=HYPERLINK(\"x\")", "\u0000", "\ufeff", "??", "",
]


def random_text(rng: random.Random, length: int) -> str:
    out = []
    for _ in range(length):
        low, high, _ = rng.choices(_RANGES, _WEIGHTS)[0]
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def snippets() -> list[str]:
    """Real notice text to mutate: the raw corpus notices."""
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted((CORPUS / "raw").glob("*.txt"))]


def mutate(rng: random.Random, text: str) -> str:
    start = rng.randrange(max(1, len(text) - 200))
    piece = list(text[start:start + rng.randint(20, 1500)])
    for _ in range(rng.randint(1, 12)):
        op = rng.randrange(6)
        at = rng.randrange(len(piece) + 1)
        if op == 0:
            piece[at:at] = list(random_text(rng, rng.randint(1, 8)))
        elif op == 1:
            del piece[at:at + rng.randint(1, 30)]
        elif op == 2:
            piece[at:at] = list(rng.choice(SPLICES))
        elif op == 3 and piece:
            cut = piece[at:at + rng.randint(1, 60)]
            piece[at:at] = cut * rng.randint(1, 4)
        elif op == 4 and len(piece) > 2:
            i, j = sorted(rng.sample(range(len(piece)), 2))
            piece[i], piece[j] = piece[j], piece[i]
        else:
            piece[at:at] = ["\n"]
    return "".join(piece)


def to_bytes(rng: random.Random, text: str) -> bytes:
    codec = rng.choice(["utf-8", "gbk", "gb18030", "big5", "utf-16", "utf-16-le"])
    data = bytearray(text.encode(codec, "replace") if "utf-16" not in codec
                     else text.encode(codec, "surrogatepass"))
    for _ in range(rng.choice([0, 0, 1, 3, 20])):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def inputs(seed: int, count: int):
    """``count`` inputs ``(label, value, name)``; the same seed gives the same inputs."""
    rng = random.Random(seed)
    texts = snippets()
    for n in range(count):
        kind = rng.choices(["unicode", "snippet", "snippet-bytes", "bytes"], [3, 4, 2, 1])[0]
        if kind == "unicode":
            value: Union[str, bytes] = random_text(rng, rng.randint(0, 300))
        elif kind == "snippet":
            value = mutate(rng, rng.choice(texts))
        elif kind == "snippet-bytes":
            value = to_bytes(rng, mutate(rng, rng.choice(texts)))
        else:
            value = bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
        name = rng.choice([None, "n.txt", "n.html", "n.md", "n.pdf", "n.docx"]) if isinstance(value, bytes) else None
        yield f"{kind}#{n}", value, name


def _edit_contract(raw: str, result) -> list[str]:
    problems = []
    index = result.raw_index
    if result.raw != raw:
        problems.append("normalize: raw text is not the input")
    if len(index) != len(result.text) + 1 or index[-1] != len(raw):
        problems.append("normalize: character map has the wrong length")
    elif any(not 0 <= a <= b <= len(raw) for a, b in zip(index, index[1:])):
        problems.append("normalize: character map is not monotone inside the input")
    covered = set()
    for edit in result.edits:
        if not (0 <= edit.raw_start <= edit.raw_end <= len(raw) and 0 <= edit.start <= edit.end <= len(result.text)):
            problems.append(f"normalize: edit out of bounds {edit}")
        covered.update(range(edit.start, edit.end))
    for i, char in enumerate(result.text):
        if i not in covered and (index[i] >= len(raw) or raw[index[i]] != char):
            problems.append(f"normalize: character {i} changed without an edit")
            break
    return problems


def check(value: Union[str, bytes], name=None, kinds=HOLDING) -> list[str]:
    """Run normalize (for str) and parse on ``value``; return what went wrong (empty: nothing)."""
    from policyparse import parse
    from policyparse.errors import PolicyParseError
    from policyparse.normalize import normalize

    problems = []
    if isinstance(value, str):
        try:
            problems += _edit_contract(value, normalize(value))
        except PolicyParseError:
            pass
        except Exception as exc:  # noqa: BLE001 (that is what the fuzzing looks for)
            problems.append("normalize raised " + "".join(traceback.format_exception_only(exc)).strip()
                            + " at " + traceback.extract_tb(exc.__traceback__)[-1].filename.rsplit("/", 2)[-1])
    try:
        result = parse(value, name=name) if name else parse(value)
    except PolicyParseError as exc:
        if "\n" in str(exc):
            problems.append(f"parse: error message is not one line: {str(exc)!r}")
        return problems
    except Exception as exc:  # noqa: BLE001
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        problems.append(f"parse raised {type(exc).__name__}: {str(exc)[:200]} at "
                        f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno}")
        return problems
    try:
        result.model_dump_json()
    except Exception as exc:  # noqa: BLE001
        problems.append(f"parse: result cannot be serialized: {type(exc).__name__}: {str(exc)[:200]}")
    problems += mismatches(result, kinds)
    return problems
