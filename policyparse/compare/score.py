"""Scoring one plan's tasks against every reference item at once, with numpy.

Everything a score depends on is the plan and the reference: the inverse document frequencies
are counted over the reference items and this plan's own headings and texts, never over the
other plans of the run. So a plan is aligned the same way whether it is compared alone or among
three thousand (issue 14), and each plan is one small matrix product (issue 13).

The signals (see :mod:`.align` for how they combine), each a tasks × items matrix:

``heading``    the task's own lead phrase against the item title (TF-IDF cosine over character
               bigrams and trigrams), discounted when it lacks the words that set the item apart
               from its siblings (:meth:`PlanScores.title_match`); a heading saying one half of
               a title joined by 和/与/及 says the item (:func:`conjunct_halves`);
``inherited``  for a bare paragraph, the innermost enclosing section heading instead, scaled by
               how few tasks share that section;
``body``       the lead phrase (or that section heading) found in the item's own text: a region
               that heads a task ``编制发布权责清单`` names what the guideline item
               ``强化事前公开`` asks for in its body (only a reference with item texts has it);
``text``       the task text against the item title and text;
``contains``   share of the item title's words (IDF-weighted) that the task text holds;
``verbatim``   share of the title repeated word for word in the task text;
``section_part`` the enclosing section headings against the item's part.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from typing import TYPE_CHECKING, Optional, Sequence

import numpy as np

from .text import comparable, distinct, gram_ids as _gram_ids, shared_passages

if TYPE_CHECKING:  # pragma: no cover
    from .align import AlignSettings, _PlanTask
    from .model import ReferenceItem


class ReferenceSide:
    """The reference items' n-grams, counted once per reference: each kind of item text as sparse
    rows (scipy CSR) over the n-grams of all item texts, and the items' document frequencies.

    A plan's scores reweight these rows with its own IDF (:class:`_Space`) instead of filling a
    dense item row per column for every plan: against the thousands of common items of 3,000
    plans compared without a reference, each plan writes only a few of the items' n-grams.
    """

    def __init__(self, items: list["ReferenceItem"]):
        title_ids = [_gram_ids(i.title or "")[0] for i in items]
        halves = [(k, half) for k, item in enumerate(items) for half in conjunct_halves(item.title)]
        self.halves_of = [k for k, _ in halves]  # item index of each half
        weighted = {"title": [i.title for i in items], "part": [i.part for i in items],
                    "body": [" ".join(x for x in (i.title, i.text) if x) for i in items],
                    "halves": [half for _, half in halves]}
        weighted_ids = {kind: [_gram_ids(t or "") for t in texts] for kind, texts in weighted.items()}
        sets = {"title": title_ids, "distinct": _distinct_ids(items, title_ids),
                "text": [_gram_ids(i.text or "")[0] for i in items]}
        docs = [_gram_ids(x)[0] for i in items for x in (i.title, i.part, i.text) if x]
        self.documents = len(docs)
        arrays = [ids for rows in weighted_ids.values() for ids, _ in rows] + [a for rows in sets.values() for a in rows]
        self.grams = distinct(np.concatenate(arrays + [np.zeros(0, np.int64)]))
        # Each text's ids are distinct, so counting ids over the documents counts documents.
        doc_grams, df = np.unique(np.concatenate(docs + [np.zeros(0, np.int64)]), return_counts=True)
        self.df = np.zeros(len(self.grams))
        self.df[np.searchsorted(self.grams, doc_grams)] = df
        self.vocabulary = doc_grams  # the n-grams of the items' titles, parts and texts
        self.weights = {kind: self._rows([(ids, 1.0 + np.log(counts)) for ids, counts in rows])
                        for kind, rows in weighted_ids.items()}
        self.sets = {kind: self._rows([(ids, np.ones(len(ids))) for ids in rows]) for kind, rows in sets.items()}
        # Per item, sums of w² · log(df + 1)^j (j = 0, 1, 2) over its n-grams: with them a plan
        # has every item's norm and IDF mass under its own IDF in a few operations per item
        # (see _Space._squares), not one per n-gram of every item.
        log_df = np.log(self.df + 1.0)
        self.moments = {}
        for kind, m in [*self.weights.items(), *(("set:" + k, v) for k, v in self.sets.items())]:
            rows, w2, at = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr)), m.data ** 2, log_df[m.indices]
            self.moments[kind] = [np.bincount(rows, w2 * at ** j, minlength=m.shape[0]) for j in range(3)]
        # Products with a plan's rows take the n-grams (rows of these) the plan shares.
        self.transposed = {kind: m.T.tocsr() for kind, m in {**self.weights, **{"set:" + k: v for k, v in self.sets.items()}}.items()}

    def _rows(self, rows: list[tuple[np.ndarray, np.ndarray]]):
        import scipy.sparse

        cols = [np.searchsorted(self.grams, ids) for ids, _ in rows]
        lengths = np.array([len(c) for c in cols], dtype=np.int64)
        matrix = scipy.sparse.csr_matrix(
            (np.concatenate([v for _, v in rows] + [np.zeros(0)]), np.concatenate(cols + [np.zeros(0, np.int64)]),
             np.concatenate([[0], np.cumsum(lengths)])), shape=(len(rows), len(self.grams)))
        matrix.sort_indices()
        return matrix

    _last: Optional[tuple] = None

    @classmethod
    def forget(cls) -> None:
        """Drop the kept reference side (hundreds of MB for thousands of common items) once a
        comparison has scored its plans."""
        cls._last = None

    @classmethod
    def of(cls, items: list["ReferenceItem"]) -> "ReferenceSide":
        """The reference side of ``items``, kept for the next call: a comparison scores every plan
        against the same list of items (the list itself is the key then: reading 15,000 items'
        texts per plan costs more than scoring a small plan); another list with the same texts
        (a reference's ``alignable`` asked for again) finds it by the texts."""
        last = cls._last
        if last is not None and last[0] is items and last[1] == len(items):
            return last[3]
        key = tuple((i.title, i.part, i.text) for i in items)
        side = last[3] if last is not None and last[2] == key else cls(items)
        cls._last = (items, len(items), key, side)
        return side


class _Space:
    """IDF over one plan + the reference, and rows over the n-grams both sides use.

    Every signal is a product of a task-side row with an item-side row, so only n-grams the
    reference uses *and* this plan's tasks use need columns; a text's norm and IDF mass still
    count all its n-grams. Task rows are dense over those columns (a plan has a few dozen tasks);
    item rows stay the reference's sparse rows, weighted by this plan's IDF in the product, so a
    plan against thousands of common items costs what its own n-grams cost.
    """

    def __init__(self, reference: ReferenceSide, documents: Sequence[Optional[str]], task_side: Sequence[Optional[str]]):
        docs = [_gram_ids(d)[0] for d in documents if d]
        self.known, self.known_df = np.unique(np.concatenate(docs + [np.zeros(0, np.int64)]), return_counts=True)
        self.count = reference.documents + len(docs)
        self.unseen = math.log(self.count + 1) + 1.0
        self.reference = reference
        task_grams = self._ids_of(task_side)
        # The IDF of every n-gram the plan's texts use, looked up in the reference's (millions at
        # 3,000 plans) once, not text by text.
        self._task_grams = task_grams
        self._task_idf = self._formula(self._lookup(reference.grams, reference.df, task_grams) + self._plan_df(task_grams))
        self.columns = task_grams[self._lookup(reference.vocabulary, np.ones(len(reference.vocabulary)), task_grams) > 0]
        self.positions = np.searchsorted(reference.grams, self.columns)
        # Rows are at least one column wide (a plan sharing no n-gram with the reference).
        self.idf = self._idf(self.columns) if len(self.columns) else np.zeros(1)
        # The reference's n-grams this plan's documents hold: the only ones whose IDF is not
        # log(count + 1) + 1 - log(df + 1) with the reference's own df.
        at = np.minimum(np.searchsorted(reference.grams, self.known), max(0, len(reference.grams) - 1))
        held = reference.grams[at] == self.known if len(reference.grams) else np.zeros(len(self.known), bool)
        self.touched = at[held]
        self.touched_idf = self._formula(reference.df[self.touched] + self.known_df[held])
        self._rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._shared: dict = {}
        self._scales: dict = {}

    @staticmethod
    def _ids_of(texts: Sequence[Optional[str]]) -> np.ndarray:
        arrays = [_gram_ids(t)[0] for t in texts if t]
        return distinct(np.concatenate(arrays)) if arrays else np.zeros(0, np.int64)

    @staticmethod
    def _lookup(known: np.ndarray, values: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """``values`` of ``ids`` in the sorted ``known``, 0 where absent."""
        if not len(known):
            return np.zeros(len(ids))
        at = np.minimum(np.searchsorted(known, ids), len(known) - 1)
        return np.where(known[at] == ids, values[at], 0)

    def _plan_df(self, ids: np.ndarray) -> np.ndarray:
        return self._lookup(self.known, self.known_df, ids)

    def _formula(self, df: np.ndarray) -> np.ndarray:
        df = np.asarray(df, dtype=np.float64)
        return np.where(df > 0, np.log((self.count + 1) / (df + 1)) + 1.0, self.unseen)

    def _idf(self, ids: np.ndarray) -> np.ndarray:
        grams = self._task_grams
        if len(grams):
            at = np.minimum(np.searchsorted(grams, ids), len(grams) - 1)
            if np.all(grams[at] == ids):
                return self._task_idf[at]
        return self._formula(self._lookup(self.reference.grams, self.reference.df, ids) + self._plan_df(ids))

    def _row(self, text: Optional[str]) -> tuple[np.ndarray, np.ndarray]:
        """(column of each n-gram or -1, sublinear TF × IDF weights) of a text, once per text."""
        key = text or ""
        if key not in self._rows:
            ids, counts = _gram_ids(key)
            at = np.minimum(np.searchsorted(self.columns, ids), max(0, len(self.columns) - 1))
            cols = np.where(self.columns[at] == ids, at, -1) if len(self.columns) else np.full(len(ids), -1)
            self._rows[key] = (cols, (1.0 + np.log(counts)) * self._idf(ids))
        return self._rows[key]

    def _fill(self, texts: Sequence[Optional[str]], value) -> np.ndarray:
        m = np.zeros((len(texts), max(1, len(self.columns))))
        for r, text in enumerate(texts):
            cols, weights = self._row(text)
            if len(cols):
                keep = cols >= 0
                m[r, cols[keep]] = value(weights)[keep]
        return m

    def tfidf(self, texts: Sequence[Optional[str]]) -> np.ndarray:
        """L2-normalised sublinear TF-IDF rows (an empty text is a zero row)."""
        return self._fill(texts, lambda w: w / math.sqrt(float(w @ w)))

    def presence(self, texts: Sequence[Optional[str]]) -> np.ndarray:
        """1 where a text has the n-gram."""
        return self._fill(texts, np.ones_like)

    def mass(self, texts: Sequence[Optional[str]]) -> np.ndarray:
        """Sum of IDF² over each text's distinct n-grams (all of them, not only the columns)."""
        out = np.zeros(len(texts))
        for r, text in enumerate(texts):
            out[r] = float(np.sum(self._idf(_gram_ids(text or "")[0]) ** 2))
        return out

    def _squares(self, kind: str) -> np.ndarray:
        """Per item of ``kind``, the sum of (w · IDF)² over its n-grams under this plan's IDF.

        IDF is ``a - log(df + 1)`` with ``a = log(count + 1) + 1``; for the n-grams no document
        of the plan holds, df is the reference's, so their part is ``a²·S0 - 2a·S1 + S2`` from the
        reference's moments, and only the n-grams the plan touches are summed one by one.
        """
        s0, s1, s2 = self.reference.moments[kind]
        a = math.log(self.count + 1) + 1.0
        squares = a * a * s0 - 2.0 * a * s1 + s2
        if len(self.touched):
            postings = self.reference.transposed[kind][self.touched]  # touched n-grams × items
            own = np.repeat(self.touched_idf, np.diff(postings.indptr))
            base = a - np.log(np.repeat(self.reference.df[self.touched], np.diff(postings.indptr)) + 1.0)
            squares = squares + np.bincount(postings.indices, postings.data ** 2 * (own * own - base * base),
                                            minlength=len(squares))
        return np.maximum(squares, 0.0)  # rounding must not take a root of a negative

    def total(self, kind: str) -> np.ndarray:
        """Sum of IDF² over each item's n-grams of a set (``title``, ``distinct``)."""
        return self._squares("set:" + kind)

    def _times(self, left: np.ndarray, kind: str) -> np.ndarray:
        """``left`` (task rows over the columns) times the item rows of ``kind``, transposed."""
        matrix = self.reference.transposed[kind]
        if not len(self.columns):
            return np.zeros((len(left), matrix.shape[1]))
        if kind not in self._shared:
            self._shared[kind] = matrix[self.positions].T.tocsr()  # items × columns
        return np.asarray(self._shared[kind] @ left.T).T

    def cosines(self, rows: np.ndarray, kind: str) -> np.ndarray:
        """Cosines of TF-IDF task rows with the items' TF-IDF rows of ``kind`` (title, part,
        body, halves): the item rows weighted by this plan's IDF and normalised over all their
        n-grams."""
        if kind not in self._scales:
            norms = np.sqrt(self._squares(kind))
            self._scales[kind] = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return self._times(rows * self.idf[None, :], kind) * self._scales[kind][None, :]

    def masses(self, rows: np.ndarray, kind: str) -> np.ndarray:
        """IDF² mass of each item's set of ``kind`` that the task rows (presence) hold."""
        return self._times(rows * (self.idf ** 2)[None, :], "set:" + kind)

    def overlap(self, rows: np.ndarray, kind: str) -> np.ndarray:
        """Task rows summed over the n-grams each item's set of ``kind`` holds."""
        return self._times(rows, "set:" + kind)


def _opening(text: str, limit: int) -> Optional[str]:
    """The first ``limit`` word characters of a text, up to its first sentence end, after the
    sentence's subject: ``市政府组成人员要牢固树立…`` is about what they must do, and a reference item
    titled by who acts (国务院组成人员) is not what each of their articles carries out."""
    for stop in "。；;！？":
        text = text.split(stop, 1)[0]
    chars = comparable(_predicate(text))[: int(limit)]
    return chars or None


def _predicate(text: str) -> str:
    """``text`` without the subject of its first sentence (see :func:`_opening`)."""
    subject = _SUBJECT.match(text)
    return text[subject.end():] if subject is not None and _is_subject(subject.group(1)) else text


# the subject before the modal verb that binds it (各部门要…, 市政府组成人员应当…)
_SUBJECT = re.compile(r"^\s*([^，,、：:（(]{2,16}?)(?:要|应当|应|须|必须|务必)")


@functools.lru_cache(maxsize=8192)
def _is_subject(words: str) -> bool:
    """A body or a class of officers (the shared unit suffixes and the implicit actors' class
    heads), not a lead phrase glued to the subject (加强基础建设各地区、各部门要…, whose words
    run on past a body's name to the modal verb only when the name ends them)."""
    from ..extract.implicit import find_implicit_units
    from ..segment.patterns import unit_suffix_regex

    if _OFFICERS.search(words):
        return True
    if not unit_suffix_regex().search(words):
        return False
    # the actor reader of the extract stage, asked of the words as a sentence's subject
    units = find_implicit_units(words + "要做好工作。")
    return bool(units) and words.endswith(units[-1])


_OFFICERS = re.compile(r"(?:人员|成员|同志|领导)$")


# A conjunction joining two objects in an item title; not the 和 of 和谐, the 与 of 参与, the 及
# of 及时 or 涉及.
_CONJUNCTION = re.compile(r"以及|和(?!谐)|(?<![参给])与|(?<![涉普危波以])及(?!时)")


def conjunct_halves(title: str) -> list[str]:
    """The two items a title joins with 和/与/及, each with the title's opening verb and closing
    head word: plans split such an item into two tasks (002's ``完善社会监督机制`` and
    ``探索建立政府诚信第三方机构评估机制`` for ``建立社会监督和第三方机构评估机制``).

    >>> conjunct_halves("建立社会监督和第三方机构评估机制")
    ['建立社会监督机制', '建立第三方机构评估机制']
    >>> conjunct_halves("加强政府和社会资本合作领域政务诚信建设")  # 政府 alone is no object
    []
    >>> conjunct_halves("及时公开执法决定")
    []
    """
    found = _CONJUNCTION.search(title)
    # Both halves must name something beyond the two-character verb (建立) and head (机制).
    if not found or found.start() < 6 or len(title) - found.end() < 4:
        return []
    return [title[: found.start()] + title[-2:], title[:2] + title[found.end():]]


def _ratio(hit: np.ndarray, total: np.ndarray) -> np.ndarray:
    """hit / total per column, 0 where total is 0 (broadcast over rows)."""
    return np.divide(hit, total, out=np.zeros_like(hit), where=total > 0)


def _distinct_ids(items: list["ReferenceItem"], title_ids: list[np.ndarray]) -> list[np.ndarray]:
    """The n-grams of each item title that no other title of its part uses."""
    in_part: dict = {}
    for item, ids in zip(items, title_ids):
        in_part.setdefault(item.part, Counter()).update(ids.tolist())
    # A title's own n-grams count once in its part's counter: more than once, a sibling has it.
    return [ids[np.array([in_part[item.part][g] == 1 for g in ids.tolist()], dtype=bool)]
            for item, ids in zip(items, title_ids)]


class PlanScores:
    """All signals of one plan's tasks against the reference items (tasks × items arrays)."""

    def __init__(self, items: list["ReferenceItem"], tasks: list["_PlanTask"], settings: "AlignSettings",
                 reference: Optional[ReferenceSide] = None):
        self.items, self.tasks, self.settings = items, tasks, settings
        docs: list[Optional[str]] = []
        for t in tasks:
            docs += [t.heading, t.text] + t.sections
        self.openings = [None if t.heading is not None else _opening(t.text, settings.opening_chars) for t in tasks]
        reference = reference or ReferenceSide.of(items)
        space = self.space = _Space(reference, docs, docs + self.openings)
        # Sums over the whole reference vocabulary, not only the columns this plan shares.
        self.title_total = space.total("title")
        self.distinct_total = space.total("distinct")
        self.frame = 1.0 - _ratio(self.distinct_total, self.title_total)  # share of the title that is frame shared with siblings
        self.halves_of = reference.halves_of
        self.has_text = np.array([bool(i.text) for i in items])
        self.signals = self._signals()

    def title_match(self, presence: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """How well headings (rows) say each item title: the cosine, discounted when a heading
        shares only the wording the item has in common with its siblings.

        The six items of ``加强重点领域政务诚信建设`` all read ``加强…领域政务诚信建设``; what
        tells them apart is ``政府采购``, ``招标投标``, ``街道和乡镇``. A region's
        ``加强公共资源交易相关领域政务诚信建设`` shares the frame and none of those words: a
        new item of the same kind, not one of the six.
        """
        cosine = self.space.cosines(vectors, "title")
        if self.halves_of:
            # A heading that says one half of a joined title says the item (split items).
            halves = self.settings.split_half * self.space.cosines(vectors, "halves")
            # Halves come item by item (two per joined title): the best half of each item.
            of = np.asarray(self.halves_of)
            starts = np.flatnonzero(np.concatenate([[True], of[1:] != of[:-1]]))
            items = of[starts]
            cosine[:, items] = np.maximum(cosine[:, items], np.maximum.reduceat(halves, starts, axis=1))
        total = self.distinct_total
        found = _ratio(self.space.masses(presence, "distinct"), total[None, :])
        d = self.settings.sibling_contrast * self.frame * (total > 0)
        return cosine * (1.0 - d[None, :] + d[None, :] * found)

    def _signals(self) -> dict[str, np.ndarray]:
        tasks, space, w = self.tasks, self.space, self.settings
        n, k = len(tasks), len(self.items)
        heads = [t.heading for t in tasks]
        inner = [t.sections[-1] if t.sections else None for t in tasks]
        own = np.array([h is not None for h in heads])
        bare_inner = np.array([h is None and s is not None for h, s in zip(heads, inner)])
        label = [h if h is not None else s for h, s in zip(heads, inner)]
        label_vec, label_presence = space.tfidf(label), space.presence(label)
        match = self.title_match(label_presence, label_vec)
        specificity = np.array([t.specificity for t in tasks])[:, None]
        s: dict[str, np.ndarray] = {
            "heading": np.where(own[:, None], match, 0.0),
            "inherited": np.where(bare_inner[:, None], specificity * match, 0.0),
            "specificity": np.repeat(np.where(bare_inner, specificity[:, 0], 0.0)[:, None], k, axis=1),
        }
        # The lead phrase said in the item's own words: share of the label's IDF mass in the text.
        label_mass = label_presence * space.idf ** 2
        s["body"] = np.where(self.has_text[None, :],
                             _ratio(space.overlap(label_mass, "text"), space.mass(label)[:, None]), 0.0)
        # The opening words of a bare paragraph: a lead phrase that lost its full stop
        # (``加强基础建设各地区、各部门要…``) still says what the task is about.
        opening = self.openings
        s["opening"] = self.title_match(space.presence(opening), space.tfidf(opening))
        text_vec = space.tfidf([t.text for t in tasks])
        s["text"] = space.cosines(text_vec, "body")
        # the title's words said in the sentence's subject (市政府组成人员要…) name who acts, not what
        # is done: 国务院组成人员 is the item on the members' composition, not every duty of theirs
        predicates = [_predicate(t.text) for t in tasks]
        text_presence = space.presence(predicates)
        s["contains"] = _ratio(space.masses(text_presence, "title"), self.title_total[None, :])
        s["verbatim"] = np.zeros((n, k))
        for i, j in zip(*np.nonzero(s["contains"] >= w.verbatim_share)):
            title = comparable(self.items[j].title)
            if len(title) >= 4:
                passages = shared_passages(self.items[j].title, predicates[i], 4)
                longest = max(passages, key=len, default="")
                share = len(longest) / len(title)
                if share >= w.verbatim_share:
                    # A paragraph restating three item titles one after the other (十堰's
                    # 健全政务诚信监督考核机制: 建立政务诚信专项督导机制…建立横向…建立社会监督…)
                    # leads with the first: a restatement counts less the later it comes.
                    body = comparable(predicates[i])
                    where = body.find(longest) / len(body) if body else 0.0
                    s["verbatim"][i, j] = share * (1.0 - w.verbatim_position * max(0.0, where))
        s["section_part"], s["under"], s["home"] = self._sections(n, k)
        return s

    def _sections(self, n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per task and item: the best cosine of an enclosing section heading with the item's
        part, the best title match of one with the item's title (the task sits under a
        heading that is the item: ``（一）强化事前公开`` over ``1.主动公开…`` ``2.编制发布权责清单``),
        and the part cosines of the innermost heading that names a part (``home``, zero rows
        where none does): the part the plan itself files the task under."""
        part, under, home = np.zeros((n, k)), np.zeros((n, k)), np.zeros((n, k))
        # Many tasks share their sections: score each distinct heading once.
        titles = list(dict.fromkeys(title for t in self.tasks for title in t.sections))
        if not titles:
            return part, under, home
        row_of = {title: r for r, title in enumerate(titles)}
        vectors = self.space.tfidf(titles)
        part_sims = self.space.cosines(vectors, "part")
        title_sims = self.title_match(self.space.presence(titles), vectors)
        # A heading that says a part better than any item (揭阳's ``（二）建立健全政务信用
        # 管理体系``) places the task in the part; it does not name its item.
        names_item = title_sims.max(axis=1) > part_sims.max(axis=1)
        names_part = part_sims.max(axis=1) >= self.settings.part_named
        for i, t in enumerate(self.tasks):
            rows = [row_of[title] for title in t.sections]
            if rows:
                part[i] = part_sims[rows].max(axis=0)
                item_rows = [r for r in rows if names_item[r]]
                if item_rows:
                    under[i] = title_sims[item_rows].max(axis=0)
                homes = [r for r in rows if names_part[r]]
                if homes:
                    home[i] = part_sims[homes[-1]]
        return part, under, home

    def basis(self, i: int, k: int) -> dict[str, float]:
        """The signals behind task ``i``'s score for item ``k`` (for the evidence)."""
        return {name: float(m[i, k]) for name, m in self.signals.items() if m[i, k]}
