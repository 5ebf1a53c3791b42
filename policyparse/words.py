"""One word dictionary per process: jieba's 350,000 words and their corpus frequencies, loaded
in milliseconds and held in a few MiB, for every stage that asks where words begin and end.

jieba keeps its dictionary as a Python dict of every word *and every prefix of a word* (about
600,000 keys): 60 MiB per copy and half a second to load from its marshal cache. A process that
segments with jieba's default tokenizer, copies it to add its own words (the domain matcher)
and reads ``dict.txt`` once more for word frequencies (the look-alike repair) holds three such
copies. Here the words sit in one `marisa trie <https://github.com/pytries/marisa-trie>`_ (a
compact, static prefix tree in C) with an array of frequencies beside it, built once per jieba
version as prepared data (:mod:`policyparse.prepared`) and loaded from there.

:func:`dictionary` is the process's instance. It answers what the stages asked jieba:

- :meth:`Dictionary.frequency` and :attr:`Dictionary.total`: a word's count in jieba's corpus
  (``jieba.dt.FREQ.get(word, 0)``, ``jieba.dt.total``);
- :meth:`Dictionary.cut`: the words of a text, exactly as ``jieba.Tokenizer.cut(text,
  HMM=False)`` cuts it (``tests/test_words.py`` compares them over the corpus);
- :meth:`Dictionary.spans`: the same words as ``(start, end)`` offsets;
- :meth:`Dictionary.with_words`: a segmenter that also knows some words of our own (lexicon
  terms, names of government bodies), added as ``jieba.Tokenizer.add_word`` adds them, without
  copying the dictionary.

>>> d = dictionary()
>>> d.frequency("重要") > d.frequency("偅要") == 0
True
>>> d.cut("加强新能源汽车推广")
['加强', '新能源', '汽车', '推广']
>>> d.with_words(["新能源汽车"]).cut("加强新能源汽车推广")
['加强', '新能源汽车', '推广']
"""

from __future__ import annotations

import functools
import math
import os
import re
from array import array
from typing import Iterable, Iterator, Optional, Sequence

# jieba's own patterns (jieba/__init__.py, 0.42): runs it segments, and what it yields as is.
_HAN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]")


def _jieba_dict_path() -> str:
    import importlib.util

    spec = importlib.util.find_spec("jieba")  # located, not imported: importing jieba costs 0.1 s
    if spec is None or not spec.origin:
        raise ImportError("the word dictionary is jieba's: pip install jieba")
    return os.path.join(os.path.dirname(spec.origin), "dict.txt")


def _build(path: str) -> tuple[bytes, bytes, bytes, int, int]:
    """jieba's ``dict.txt`` as (trie bytes, frequencies by key id, their logs, total count, longest word),
    read as jieba's ``gen_pfdict`` reads it: a word listed twice keeps its last count, and the
    total adds every line."""
    import marisa_trie

    freq: dict[str, int] = {}
    total = 0
    with open(path, "rb") as handle:
        for line in handle:
            word, count = line.strip().decode("utf-8").split(" ")[:2]
            freq[word] = int(count)
            total += int(count)
    words = [w for w, c in freq.items() if c > 0]
    trie = marisa_trie.Trie(words)
    counts = array("q", [0]) * len(trie)
    for word in words:
        counts[trie[word]] = freq[word]
    logs = array("d", [math.log(c) if c > 0 else 0.0 for c in counts])
    return trie.tobytes(), counts.tobytes(), logs.tobytes(), total, max(map(len, words))


class Dictionary:
    """A word list with corpus frequencies that cuts text as jieba does without its HMM.

    Build one with :func:`dictionary` (jieba's words) or :meth:`with_words` (more words on top).
    """

    def __init__(self, trie, counts: array, total: int, longest: int,
                 extra: Optional[dict[str, int]] = None, logs: Optional[array] = None):
        self._trie = trie
        self._counts = counts
        # log(count) per key id: the same float math.log gives each time, computed once
        self._logs = logs if logs is not None else array("d", [math.log(c) if c > 0 else 0.0 for c in counts])
        self.total = total
        self._longest = longest
        # words added on top (with_words): word -> frequency, and every prefix of such a word
        self._extra = dict(extra or {})
        self._extra_prefixes = {w[:i] for w in self._extra for i in range(1, len(w) + 1)}
        self._log_total = math.log(total)
        self._distinct_total: Optional[int] = None
        self._extra_trie = None  # the added words as a trie too, once all are added (_freeze)
        self._extra_logs: Optional[array] = None

    # -- frequencies -------------------------------------------------------------------------

    def frequency(self, word: str) -> int:
        """The word's count in the corpus jieba's dictionary was made from; 0 for a non-word.

        >>> dictionary().frequency("政府") > 0, dictionary().frequency("府政")
        (True, 0)
        """
        if word in self._extra:
            return self._extra[word]
        if "\x00" in word:
            return 0  # marisa reads a key as a C string, 信\x00 as 信; no word holds a NUL
        try:
            key = self._trie.get(word)
        except UnicodeEncodeError:  # a lone surrogate (a broken notice): no word holds one
            return 0
        return self._counts[key] if key is not None else 0

    @property
    def distinct_total(self) -> int:
        """The counts of jieba's distinct words added up: what summing a word -> count dict read
        from ``dict.txt`` gives (normalize/context.py's ``log_total``). :attr:`total` is jieba's
        own, which counts the one word ``dict.txt`` lists twice twice (and grows with added words).

        >>> 0 < dictionary().distinct_total <= dictionary().total
        True
        """
        if self._distinct_total is None:
            base = Dictionary.frequency
            plain = Dictionary(self._trie, self._counts, self.total, self._longest, logs=self._logs)
            # an added word that jieba has too replaces jieba's count
            self._distinct_total = sum(self._counts) + sum(c - base(plain, w) for w, c in self._extra.items())
        return self._distinct_total

    def __contains__(self, word: str) -> bool:
        return self.frequency(word) > 0

    def index(self, word: str) -> Optional[int]:
        """The word's id among jieba's words (0 .. :attr:`size` - 1), for tables kept beside the
        dictionary (:mod:`policyparse.postag`'s tags); None for a word jieba does not list.

        >>> d = dictionary()
        >>> 0 <= d.index("政府") < d.size and d.index("府政") is None
        True
        """
        if not word or "\x00" in word:
            return None
        try:
            return self._trie.get(word)
        except UnicodeEncodeError:
            return None

    @property
    def size(self) -> int:
        return len(self._trie)

    # -- segmentation ------------------------------------------------------------------------

    def _candidates(self, block: str, k: int) -> dict[int, int]:
        """Words starting at ``block[k]``: their last index -> frequency (jieba's DAG row)."""
        found: dict[int, int] = {}
        counts = self._counts
        for word, key in self._trie.iter_prefixes_with_ids(block[k:k + self._longest]):
            found[k + len(word) - 1] = counts[key]
        if self._extra and block[k] in self._extra_prefixes:
            i, n = k + 1, len(block)
            frag = block[k]
            while frag in self._extra_prefixes:
                count = self._extra.get(frag)
                if count is not None:
                    if count:
                        found[i - 1] = count
                    else:
                        found.pop(i - 1, None)
                if i >= n:
                    break
                i += 1
                frag = block[k:i]
        return found

    def _route(self, block: str) -> list[int]:
        """jieba's ``calc``: for each index, where the most probable word from it ends.

        Scores are the same float expression as jieba's (``log(count) - log(total) + rest``) and
        ties go to the longer word as in jieba's ``max`` over ``(score, end)``, so the cut is
        jieba's to the last bit.
        """
        n = len(block)
        log, log_total = math.log, self._log_total
        logs, longest = self._logs, self._longest
        prefixes = self._trie.iter_prefixes_with_ids
        extra = self._extra_prefixes
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        if self._extra_trie is not None:
            extra_prefixes, extra_logs = self._extra_trie.iter_prefixes_with_ids, self._extra_logs
            for k in range(n - 1, -1, -1):
                piece = block[k:k + longest]
                if piece[0] not in extra:  # jieba's words only, shortest first: ties go to the longer
                    best, best_x = None, k
                    for word, key in prefixes(piece):
                        x = k + len(word) - 1
                        value = logs[key] - log_total + score[x + 1]
                        if best is None or value >= best:
                            best, best_x = value, x
                    if best is None:  # no word starts here: one character
                        best = 0.0 - log_total + score[k + 1]
                    score[k], end[k] = best, best_x
                    continue
                found = {}  # word length -> log count; an added word's count replaces jieba's
                for word, key in prefixes(piece):
                    found[len(word)] = logs[key]
                for word, key in extra_prefixes(piece):
                    found[len(word)] = extra_logs[key]
                best, best_x = 0.0 - log_total + score[k + 1], k  # no word starts here: one character
                first = True
                for length, value in found.items():
                    x = k + length - 1
                    value = value - log_total + score[x + 1]
                    if first or value > best or (value == best and x > best_x):
                        best, best_x, first = value, x, False
                score[k], end[k] = best, best_x
            return end
        for k in range(n - 1, -1, -1):
            if extra and block[k] in extra:
                best, best_x = None, k
                for x, count in self._candidates(block, k).items():
                    value = log(count or 1) - log_total + score[x + 1]
                    if best is None or value > best or (value == best and x > best_x):
                        best, best_x = value, x
                if best is None:
                    best, best_x = -log_total + score[k + 1], k
            else:
                best, best_x = None, k
                for word, key in prefixes(block[k:k + longest]):  # shortest first
                    x = k + len(word) - 1
                    value = logs[key] - log_total + score[x + 1]
                    if best is None or value >= best:
                        best, best_x = value, x
                if best is None:  # no word starts here: the character alone, counted once
                    best = 0.0 - log_total + score[k + 1]
            score[k], end[k] = best, best_x
        return end

    def _cut_block(self, block: str) -> Iterator[str]:
        end = self._route(block)
        x, n, buffer = 0, len(block), ""
        while x < n:
            y = end[x] + 1
            word = block[x:y]
            if len(word) == 1 and _ENG.match(word):
                buffer += word  # single letters and digits are glued back into one token
            else:
                if buffer:
                    yield buffer
                    buffer = ""
                yield word
            x = y
        if buffer:
            yield buffer

    def cut(self, text: str) -> list[str]:
        """The words of ``text``, as ``jieba.Tokenizer.cut(text, HMM=False)`` gives them (spaces,
        punctuation and other characters outside jieba's word runs come out one by one).

        >>> dictionary().cut("各县（市、区）人民政府")
        ['各县', '（', '市', '、', '区', '）', '人民政府']
        """
        out: list[str] = []
        for block in _HAN_BLOCK.split(text):
            if not block:
                continue
            if _HAN_BLOCK.match(block):
                out.extend(self._cut_block(block))
            else:
                for piece in _SKIP.split(block):
                    if _SKIP.match(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every word :meth:`cut` gives, in offsets of ``text``.

        >>> dictionary().spans("推进政务诚信")
        [(0, 2), (2, 4), (4, 6)]
        """
        out, start = [], 0
        for word in self.cut(text):
            out.append((start, start + len(word)))
            start += len(word)
        return out

    # -- more words ----------------------------------------------------------------------------

    def with_words(self, words: Iterable[str]) -> "Dictionary":
        """A dictionary that also holds ``words``, added one after another as jieba's
        ``add_word(word)`` adds them (each gets the frequency ``suggest_freq`` gives it, just
        enough to be cut whole given the words added before it). Shares this one's trie.

        >>> d = dictionary().with_words(["市场监管局"])
        >>> d.cut("市场监管局牵头"), dictionary().cut("市场监管局牵头")
        (['市场监管局', '牵头'], ['市场', '监管局', '牵头'])
        """
        grown = Dictionary(self._trie, self._counts, self.total, self._longest, self._extra, self._logs)
        for word in words:
            grown._add(word)
        grown._freeze()
        return grown

    def _freeze(self) -> None:
        """Put the added words into a trie of their own, for the fast path of :meth:`_route`
        (while words are being added, each addition changes the counts of the next)."""
        import marisa_trie

        added = {w: c for w, c in self._extra.items() if c > 0}
        if len(added) != len(self._extra) or not added or any("\x00" in w for w in added):
            return  # a word deleted (count 0) keeps the general path, which honours it
        try:
            trie = marisa_trie.Trie(list(added))
        except UnicodeEncodeError:
            return  # a word with a lone surrogate: the general path takes it
        logs = array("d", [0.0]) * len(trie)
        for word, count in added.items():
            logs[trie[word]] = math.log(count)
        self._extra_trie, self._extra_logs = trie, logs
        self._longest = max(self._longest, max(map(len, added)))

    def _jieba_get(self, word: str) -> int:
        """``jieba.dt.FREQ.get(word, 1)``: jieba's dict also holds every prefix of a word, at 0."""
        count = self.frequency(word)
        if count:
            return count
        if word in self._extra_prefixes:
            return 0
        try:
            if "\x00" not in word and next(iter(self._trie.iterkeys(word)), None) is not None:
                return 0
        except UnicodeEncodeError:
            pass
        return 1

    def _add(self, word: str) -> None:
        # jieba's suggest_freq(word, tune=False) then add_word(word, freq)
        total = float(self.total)
        freq = 1.0
        for part in self.cut(word):
            freq *= self._jieba_get(part) / total
        count = max(int(freq * self.total) + 1, self._jieba_get(word))
        self._extra[word] = count
        self.total += count
        self._log_total = math.log(self.total)
        self._extra_prefixes.update(word[:i] for i in range(1, len(word) + 1))


def _dictionary_key() -> str:
    from .prepared import fingerprint

    path = _jieba_dict_path()
    stat = os.stat(path)  # 5 MB: its stamp, not its content (jieba keys its own cache the same way)
    return fingerprint(f"{path}:{stat.st_size}:{stat.st_mtime_ns}", "words 2")


@functools.lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The process's word dictionary (jieba's words), loaded on first use and shared after that.

    Built from jieba's ``dict.txt`` the first time a machine needs it (about a second), then
    loaded as prepared data (milliseconds).
    """
    import marisa_trie

    from .prepared import prepared

    path = _jieba_dict_path()
    trie_bytes, count_bytes, log_bytes, total, longest = prepared("words-jieba", _dictionary_key(), lambda: _build(path))
    trie = marisa_trie.Trie()
    trie.frombytes(trie_bytes)
    counts, logs = array("q"), array("d")
    counts.frombytes(count_bytes)
    logs.frombytes(log_bytes)
    return Dictionary(trie, counts, total, longest, logs=logs)


def with_prepared_words(name: str, words: Sequence[str]) -> Dictionary:
    """``dictionary().with_words(words)``, with the counts the words get kept as prepared data
    under ``name``: adding 1,500 lexicon words one by one takes 0.13 s, loading their counts
    milliseconds. Keyed by the words, in order, and by jieba's dictionary.

    >>> with_prepared_words("doctest", ["新能源汽车"]).cut("加强新能源汽车推广")
    ['加强', '新能源汽车', '推广']
    """
    from .prepared import fingerprint, prepared

    base = dictionary()
    words = list(words)
    key = fingerprint(_dictionary_key(), "\n".join(words), "with_words 1")

    def build() -> tuple[dict[str, int], int]:
        grown = base.with_words(words)
        return grown._extra, grown.total

    extra, total = prepared(f"words-{name}", key, build)
    grown = Dictionary(base._trie, base._counts, total, base._longest, extra, base._logs)
    grown._freeze()
    return grown
