"""A character language model of clean official Chinese: how probable a reading is.

``lexicons/normalize/char_lm.tsv`` (built by ``scripts/build_char_lm.py`` from clean scraped
notices, its source stated there) holds counts of characters, bigrams and trigrams of Chinese
text. The repairs ask it two questions:

* which of several readings of a passage is official Chinese (偅要 or 重要, 鏀垮簻 or 政府),
  by comparing log-probabilities of the passage with its context: :meth:`CharLM.logp`;
* how well a passage reads on its own, per character (a re-decoded mojibake run must read
  like notice text, not like rare characters strung together): :meth:`CharLM.per_char`.

The estimate interpolates the trigram, bigram and unigram relative frequencies (Jelinek and
Mercer 1980, with fixed weights): a backed-off estimate would let one phrase seen a few times
(委托物业) outweigh the character's own evidence (住宅). The unigram is add-half over a
vocabulary of all CJK ideographs, so an unseen character costs about ``log(0.5 / N)`` and a
glyph no notice uses is improbable without being impossible. Characters
outside Chinese text (Latin letters, digits, spaces) are scored as a boundary: the model has no
opinion on them, and a reading is never preferred for the Latin text around it.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

from ..errors import LexiconError
from ..lexicons import lexicon_path

#: Weights of the trigram, bigram and unigram estimates; a level whose history was never
#: counted gives its weight to the levels below.
WEIGHTS = (0.5, 0.35, 0.15)
#: Characters the unigram estimate spreads its unseen mass over: the CJK Unified Ideographs
#: with Extension A (27,484) and the punctuation blocks, rounded.
VOCABULARY = 30000


#: Every digit is counted as 0, so the model knows 0月0日 and 〔0〕0号 whatever the numbers.
DIGITS = str.maketrans("123456789０１２３４５６７８９", "0" * 19)


def in_model(char: str) -> bool:
    """Characters the model scores: Han, CJK punctuation, full-width forms, quotes, dashes, digits."""
    code = ord(char)
    return (0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0x3001 <= code <= 0x303F
            or 0xFF01 <= code <= 0xFF5E or char in "“”‘’—…·0123456789")


class CharLM(NamedTuple):
    counts: dict[str, int]
    total: int

    def unigram(self, char: str) -> float:
        return math.log((self.counts.get(char, 0) + 0.5) / (self.total + 0.5 * VOCABULARY))

    def conditional(self, history: str, char: str) -> float:
        """log P(char | history), history of up to two characters (empty at a boundary)."""
        counts = self.counts
        probability = 0.0
        weight_left = 1.0
        for k, weight in ((2, WEIGHTS[0]), (1, WEIGHTS[1])):
            if len(history) >= k:
                context = counts.get(history[-k:])
                if context:
                    probability += weight * counts.get(history[-k:] + char, 0) / context
                    weight_left -= weight
        return math.log(probability + weight_left * math.exp(self.unigram(char)))

    def logp(self, text: str, start: int = 0, end: int | None = None) -> float:
        """log-probability of the characters ``text[start:end]`` given what precedes them.

        Only characters the model scores count; any other character resets the history.

        >>> lm = char_lm()
        >>> lm.logp("的重要内容") > lm.logp("的偅要内容")
        True
        """
        end = len(text) if end is None else end
        text = text.translate(DIGITS)
        total = 0.0
        history_start = start
        # The history reaches back over the two characters before start, when they are Chinese.
        while history_start > max(0, start - 2) and in_model(text[history_start - 1]):
            history_start -= 1
        for i in range(start, end):
            char = text[i]
            if not in_model(char):
                history_start = i + 1
                continue
            total += self.conditional(text[max(history_start, i - 2):i], char)
        return total

    def per_char(self, text: str) -> float:
        """Average log-probability per scored character (0.0 when none is scored)."""
        scored = sum(1 for c in text if in_model(c))
        return self.logp(text) / scored if scored else 0.0

    def count(self, gram: str) -> int:
        return self.counts.get(gram, 0)


@functools.lru_cache(maxsize=None)
def char_lm() -> CharLM:
    """The model, loaded once: read from the TSV the first time a machine needs it (0.2 s), then
    loaded as prepared data (:mod:`policyparse.prepared`, 0.07 s), keyed by the file's bytes."""
    from ..prepared import fingerprint, prepared
    from .lexdata import CHAR_LM_FILE

    path = lexicon_path(CHAR_LM_FILE)
    return CharLM(*prepared("char-lm", fingerprint(path, "char_lm 2"), lambda: _read_counts(path)))


def _read_counts(path) -> tuple[dict[str, int], int]:
    """gram -> count from the TSV, and the count of all characters. The file is validated row by
    row through pydantic by the lexicon tests; here it is read at C speed, checking only what a
    fast split could get wrong."""
    from .lexdata import CHAR_LM_FILE

    counts: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle.read().split("\n") if line and not line.startswith("#")]
    if not lines or lines[0].split("\t") != ["gram", "count", "source"]:
        raise LexiconError("expected the header gram, count, source", path=f"lexicons/{CHAR_LM_FILE}")
    for number, line in enumerate(lines[1:], start=2):
        gram, _, rest = line.partition("\t")
        value, _, source = rest.partition("\t")
        if not (1 <= len(gram) <= 3 and value.isdigit() and source):
            raise LexiconError(f"row {number} ({line[:20]!r}): expected gram, count, source",
                               path=f"lexicons/{CHAR_LM_FILE}")
        counts[gram] = int(value)
    return counts, sum(n for g, n in counts.items() if len(g) == 1)
