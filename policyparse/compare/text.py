"""Text similarity for comparing plans: character n-grams, TF-IDF, shared passages.

Chinese plans that carry out one guideline paraphrase it at the level of words, not sentences:
``建立政务诚信专项督导机制`` becomes ``实行政务诚信逐级督导制度`` in a city's plan. Character
bigrams and trigrams catch the shared words (``督导``, ``政务诚信``) without a word segmenter,
and inverse document frequency over everything being compared keeps the words every plan
repeats (``加强``, ``建设``, ``政务诚信``) from deciding anything.

Vectors of a few texts are dictionaries; the many task texts of a comparison without a
reference are rows of a sparse matrix (:func:`tfidf_rows`), over process-wide n-gram ids.

>>> comparable("加强“诚信××”建设（PPP）。")
'加强诚信建设PPP'
>>> shared_passages("区政府要依法接受同级人民代表大会的监督", "各级政府要依法接受同级人大及其常委会的监督")
['政府要依法接受同级人', '会的监督']
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from typing import Iterable, Mapping, Optional, Sequence

from ..lexicons import LexiconEntry, lexicon

Vector = dict[str, float]

# Masked words (``***`` in scraped pages, ``××`` placeholders in templates) carry no meaning.
_MASK_CHARS = set("*×Ｘ※")
_MASK_RUN = re.compile("[*×Ｘ※＊]+")
# What is not alphanumeric (``\W`` is exactly ``not str.isalnum()`` but for ``_``), and the
# mask characters: one regex pass instead of a Python test per character (a comparison of 300
# plans calls this 100,000 times).
_NOT_WORD = re.compile("[\\W_" + "".join(sorted(_MASK_CHARS)) + "]+")


def comparable(text: str | None) -> str:
    """The characters that carry words: Han, letters and digits after width folding."""
    if not text:
        return ""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def ngrams(text: str | None, sizes: tuple[int, ...] = (2, 3)) -> Counter:
    """Character n-grams of :func:`comparable` text; a one-character text gives itself.

    Cached: one comparison asks for the n-grams of each heading and text several times (IDF,
    weights, presence). The Counter returned is shared, so callers must not change it.
    """
    return _ngrams(text or "", sizes)


class LevelAnalogue(LexiconEntry):
    word: str
    neutral: str


LEVEL_ANALOGUES = lexicon("compare/level_analogues.tsv", LevelAnalogue)


@functools.lru_cache(maxsize=1)
def _level_words() -> tuple["re.Pattern[str]", dict[str, str]]:
    table = {e.word: e.neutral for e in LEVEL_ANALOGUES()}
    return re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True))), table


def level_free(text: str) -> str:
    """``text`` with the names of offices that differ by level of government in their level-free
    form (lexicons/compare/level_analogues.tsv): a province's rules copy the national ones with
    its own names put in.

    >>> level_free("市政府实行市长负责制") == level_free("国务院实行总理负责制")
    True
    """
    pattern, table = _level_words()
    return pattern.sub(lambda m: table[m.group(0)], text)


@functools.lru_cache(maxsize=1 << 16)
def _ngrams(text: str, sizes: tuple[int, ...]) -> Counter:
    grams: Counter = Counter()
    # A masked word (``加强***诚信教育``) is a gap: n-grams across it (``强诚``) were never written.
    runs = [level_free(comparable(run)) for run in _MASK_RUN.split(text)]
    for chars in runs:
        for n in sizes:
            for i in range(len(chars) - n + 1):
                grams[chars[i:i + n]] += 1
    if not grams:
        for chars in runs:
            if chars:
                grams[chars] += 1
    return grams


# A text's n-grams as integers, so IDF, rows and sums are array operations, not a dictionary
# look-up per n-gram (a run of 300 plans scores each reference text 300 times). The integer is
# the n-gram's code points, 21 bits each: the same in every process and for every text, with no
# table of every n-gram seen (two million at 3,000 plans). Bigrams are >= 2**21 and trigrams
# >= 2**42 (no comparable character is U+0000), so they never meet each other or one character.
_BITS = 21


def gram_code(gram: str) -> int:
    """The integer :func:`gram_ids` gives an n-gram.

    >>> gram_code("政务") == (ord("政") << 21 | ord("务"))
    True
    """
    code = 0
    for ch in gram:
        code = code << _BITS | ord(ch)
    return code


@functools.lru_cache(maxsize=1 << 14)
def gram_ids(text: str) -> tuple["np.ndarray", "np.ndarray"]:
    """(codes, counts) of a text's distinct n-grams, in :func:`ngrams` order (first occurrence:
    a run's bigrams, then its trigrams, run by run; a text too short for any, its characters).

    >>> ids, counts = gram_ids("政务诚信，政务")
    >>> [gram_code(g) for g in ngrams("政务诚信，政务")] == ids.tolist(), counts.tolist()
    (True, [2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    """
    import numpy as np

    points = [np.frombuffer(level_free(comparable(run)).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
              for run in _MASK_RUN.split(text or "")]
    parts = []
    for cp in points:
        parts += [cp[:-1] << _BITS | cp[1:], cp[:-2] << 2 * _BITS | cp[1:-1] << _BITS | cp[2:]]
    sequence = np.concatenate(parts + [np.zeros(0, np.int64)])
    if not len(sequence):
        sequence = np.concatenate(points + [np.zeros(0, np.int64)])
    codes, first, counts = np.unique(sequence, return_index=True, return_counts=True)
    order = np.argsort(first)
    return codes[order], counts[order].astype(np.float64)


def distinct(values: "np.ndarray") -> "np.ndarray":
    """``np.unique(values)`` by sorting: numpy 2's hash path for plain ``unique`` is ten times
    slower on n-gram codes (1.6 ms against 0.15 ms for 10,000), and every plan asks twice.

    >>> import numpy as np
    >>> distinct(np.array([5, 1, 5, 3])).tolist()
    [1, 3, 5]
    """
    import numpy as np

    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def document_frequencies(documents: Iterable[str]) -> tuple["np.ndarray", "np.ndarray", int]:
    """(sorted n-gram codes, how many documents hold each, number of documents).

    A text repeated across documents (the section heading over twenty tasks) is read once and
    counted as often as it occurs; counts are merged a chunk of texts at a time, so memory holds
    the distinct n-grams, not every document's.
    """
    import numpy as np

    repeats = Counter(documents)
    codes, df = np.zeros(0, np.int64), np.zeros(0, np.int64)
    texts = list(repeats)
    for start in range(0, len(texts), 4096):
        chunk = texts[start:start + 4096]
        ids = [gram_ids(t)[0] for t in chunk]
        weights = np.repeat([repeats[t] for t in chunk], [len(x) for x in ids])
        merged, at = np.unique(np.concatenate(ids + [codes]), return_inverse=True)
        df = np.bincount(at, np.concatenate([weights, df]), minlength=len(merged)).astype(np.int64)
        codes = merged
    return codes, df, sum(repeats.values())


def tfidf_rows(texts: Sequence[Optional[str]], documents: Iterable[str]):
    """L2-normalised sublinear TF-IDF rows of ``texts`` (scipy CSR, float64; an empty text is a
    zero row), with inverse document frequencies over ``documents`` as :class:`TfidfSpace` has them.

    Columns are the n-grams the rows use, in code order, so each row's n-grams are sorted: a
    product of two rows adds their shared n-grams in one order whichever row comes first, and
    similarities computed in different blocks of rows are exactly symmetric (mutual best
    matches depend on it).

    >>> rows = tfidf_rows(["政府采购", "招标投标", ""], ["政府采购", "招标投标", "政府采购领域"])
    >>> product = (rows @ rows.T).toarray()
    >>> [round(float(x), 3) for x in product[0]], rows.shape[0]
    ([1.0, 0.0, 0.0], 3)
    """
    import numpy as np
    import scipy.sparse

    grams, df, count = document_frequencies(documents)
    rows = [gram_ids(t) if t else (np.zeros(0, np.int64), np.zeros(0)) for t in texts]
    lengths = np.array([len(ids) for ids, _ in rows], dtype=np.int64)
    vocabulary, cols = np.unique(np.concatenate([ids for ids, _ in rows] + [np.zeros(0, np.int64)]), return_inverse=True)
    tf = np.concatenate([counts for _, counts in rows] + [np.zeros(0)])
    at = np.minimum(np.searchsorted(grams, vocabulary), max(0, len(grams) - 1))
    seen = np.where(len(grams) and grams[at] == vocabulary, df[at] if len(grams) else 0, 0)
    idf = np.where(seen > 0, np.log((count + 1) / (seen + 1.0)) + 1.0, math.log(count + 1) + 1.0)
    weights = (1.0 + np.log(tf)) * idf[cols]
    row_of = np.repeat(np.arange(len(rows)), lengths)
    norms = np.sqrt(np.bincount(row_of, weights * weights, minlength=len(rows)))
    matrix = scipy.sparse.csr_matrix((weights / norms[row_of], cols, np.concatenate([[0], np.cumsum(lengths)])),
                                     shape=(len(rows), len(vocabulary)))
    matrix.sort_indices()
    return matrix


class TfidfSpace:
    """Inverse document frequencies over a collection, and vectors in that space.

    Built once per comparison from every heading and text involved, so weights reflect what is
    common *in these plans* rather than in Chinese at large.

    >>> space = TfidfSpace(["加强政府采购领域政务诚信建设", "加强招标投标领域政务诚信建设"])
    >>> round(space.cosine(space.vector("政府采购"), space.vector("加强政府采购领域政务诚信建设")), 2) > 0.3
    True
    """

    def __init__(self, documents: Iterable[str | None]):
        df: Counter = Counter()
        count = 0
        for doc in documents:
            count += 1
            df.update(set(ngrams(doc)))
        self.size = count
        self._idf = {g: math.log((count + 1) / (n + 1)) + 1.0 for g, n in df.items()}
        self._unseen = math.log(count + 1) + 1.0

    def idf(self, gram: str) -> float:
        return self._idf.get(gram, self._unseen)

    def vector(self, text: str | None) -> Vector:
        """L2-normalised sublinear TF-IDF vector of ``text``."""
        grams = ngrams(text)
        vec = {g: (1.0 + math.log(c)) * self.idf(g) for g, c in grams.items()}
        return normalized(vec)

    @staticmethod
    def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(w * b.get(g, 0.0) for g, w in a.items())

    def containment(self, part: str | None, whole_grams: Iterable[str] | Counter) -> float:
        """Share of ``part``'s IDF mass whose n-grams occur in ``whole``.

        Asymmetric on purpose: a task that writes ``全区各单位要健全政务失信记录`` inside a long
        paragraph contains the item title ``建立健全政务失信记录`` almost entirely, although the
        two texts as wholes are far apart.
        """
        grams = set(ngrams(part))
        if not grams:
            return 0.0
        whole = whole_grams if isinstance(whole_grams, (set, frozenset, dict, Counter)) else set(whole_grams)
        total = sum(self.idf(g) ** 2 for g in grams)
        hit = sum(self.idf(g) ** 2 for g in grams if g in whole)
        return hit / total if total else 0.0


def cosine_matrix(rows: Sequence[Mapping[str, float]], cols: Optional[Sequence[Mapping[str, float]]] = None):
    """All cosines between two lists of normalised vectors, as a dense numpy array (rows × cols).

    For a few texts, and as the plain statement of what the blocked sparse similarities of
    :mod:`.cluster` compute (the tests hold them to it). Only n-grams present on both sides can contribute, so the dense matrices are built over
    those alone (for ``rows`` against itself: n-grams of at least two texts), which keeps a few
    hundred tasks × their shared vocabulary small.

    >>> space = TfidfSpace(["政府采购", "招标投标", "政府采购领域"])
    >>> m = cosine_matrix([space.vector("政府采购"), space.vector("招标投标")])
    >>> round(float(m[0][0]), 3), round(float(m[0][1]), 3)
    (1.0, 0.0)
    """
    import numpy as np  # installed with spaCy; only the comparison stage needs it

    same = cols is None
    cols = rows if same else cols
    if same:
        counts: Counter = Counter(g for vec in rows for g in vec)
        vocab = [g for g, n in counts.items() if n >= 2]
    else:
        vocab = list({g for vec in rows for g in vec} & {g for vec in cols for g in vec})
    index = {g: i for i, g in enumerate(vocab)}

    def dense(vectors):
        m = np.zeros((len(vectors), max(1, len(vocab))), dtype=np.float32)
        for r, vec in enumerate(vectors):
            for g, w in vec.items():
                i = index.get(g)
                if i is not None:
                    m[r, i] = w
        return m

    a = dense(rows)
    b = a if same else dense(cols)
    result = a @ b.T
    if same:
        # A text's n-grams that no other text has still count towards its similarity to itself.
        np.fill_diagonal(result, [1.0 if vec else 0.0 for vec in rows])
    return result


def normalized(vec: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {g: w / norm for g, w in vec.items()} if norm else {}


def shared_passages(text: str | None, other: str | None, min_chars: int = 4) -> list[str]:
    """Maximal passages of ``text`` that also occur in ``other``, at least ``min_chars`` long.

    Compared on :func:`comparable` characters, so punctuation and width differences between a
    plan and its reference do not break a reused sentence. Passages are returned in the order
    they appear in ``text``; reordered reuse is found as well (seed-and-extend, not a diff).
    """
    a, b = comparable(text), comparable(other)
    if len(a) < min_chars or len(b) < min_chars:
        return []
    seeds: dict[str, list[int]] = {}
    for j in range(len(b) - min_chars + 1):
        seeds.setdefault(b[j:j + min_chars], []).append(j)
    passages = []
    i = 0
    while i <= len(a) - min_chars:
        best = 0
        for j in seeds.get(a[i:i + min_chars], ()):
            k = min_chars
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
        if best:
            passages.append(a[i:i + best])
            i += best
        else:
            i += 1
    return passages


def reused_share(text: str | None, other: str | None, min_chars: int = 8) -> float:
    """Share of ``text``'s word characters found verbatim (runs of >= ``min_chars``) in ``other``.

    Eight characters is about a four-word phrase: long enough that two plans do not share it by
    chance of common vocabulary (``政务诚信建设`` alone is six).
    """
    text, other = level_free(text or ""), level_free(other or "")  # 国务院… copied as 省政府…
    chars = comparable(text)
    if not chars:
        return 0.0
    covered = sum(len(p) for p in shared_passages(text, other, min_chars))
    return covered / len(chars)
