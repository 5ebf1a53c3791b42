"""Word boundaries for the extract stage: the process's word dictionary
(:mod:`policyparse.words`, jieba's words) with the lexicons' words on top.

Chinese has no spaces, so a sector word found by plain substring search often sits inside a
longer word that means something else: 农民 in 农民工 (wages, not farming), 教育 in 诚信教育,
能源 in 新能源汽车, 银行 in 人民银行 (a government body, not the finance sector). Segmenting the
text into words first and matching whole words only removes these hits. jieba's dictionary
already holds most long words (农民工, 交通银行); the lexicons' own terms and the names of
government bodies are added as user words so that they too come out as single tokens.

Neither spaCy nor jieba is imported: the words cut exactly as the blank spaCy ``zh`` pipeline
segmented by a private jieba tokenizer cut them, which these rules were tuned on, at a fraction
of the start-up cost (spaCy's import and jieba's dictionary took 2 s of a fresh parse). Terms are
found by :class:`policyparse.matcher.TermMatcher`, parts of speech by :mod:`policyparse.postag`.

>>> [m.term for m in domain_mentions("支持人民银行南平市中心支行开展农民工工资专户管理")]
['农民工工资']
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..lexicons import LexiconEntry, lexicon
from ..matcher import TermMatcher
from ..postag import tags
from ..words import with_prepared_words
from .lexicon import agencies, domains


class BoundHead(LexiconEntry):
    """A head (a character, or 银行) that, bound after a sector word, makes a word naming a
    person or a body."""

    head: str


BOUND_HEADS = lexicon("extract/domain_bound_heads.tsv", BoundHead)


@dataclass(frozen=True)
class Mention:
    """A lexicon term found at word boundaries: the term and its character offsets."""

    term: str
    start: int
    end: int


def _split(cell: str) -> list[str]:
    return [w for w in cell.split("|") if w]


@functools.lru_cache(maxsize=1)
def domain_terms() -> frozenset[str]:
    """Every word of ``lexicons/extract/domains.tsv`` (strong and weak, all codes)."""
    return frozenset(w for d in domains() for w in _split(d.strong) + _split(d.words))


@functools.lru_cache(maxsize=1)
def unit_names() -> frozenset[str]:
    """Names of government bodies from ``lexicons/extract/agencies.tsv``: full local names,
    printed aliases, central names (人民银行, 工业和信息化局, 交通运输部 …)."""
    names = set()
    for a in agencies():
        names.update([a.name, *(_split(a.aliases)), a.province_name or "", a.national or ""])
    # two-character aliases (税务, 海关, 法院, 政府) are also the sectors' own words: only longer
    # names are masked; 税务局 and 海关总署 lose their sector word by the bound-character rule anyway
    return frozenset(n for n in names if len(n) >= 3)


@functools.lru_cache(maxsize=1)
def segmenter():
    """The process's word dictionary (:mod:`policyparse.words`) with the lexicon words on top,
    cutting as jieba without its HMM.

    Without the HMM that guesses unknown words from runs of single characters: the words that
    matter here (lexicon terms, body names) are all in the dictionary, and the HMM costs a third
    of the time. The shared dictionary itself is left as it is.
    """
    # Body names first, then sector terms: a sector term must stay whole in ordinary text, and a
    # body name that contains one (人民银行, 交通运输局) must stay whole too, so the term inside it
    # is not a word of the text. Shortest first, then in code point order: each added word's count
    # depends on the words added before it, so the order is fixed, not the set's (which changes
    # with the process's hash seed), and the prepared counts are found again by the next process.
    added = [w for w in sorted(unit_names() | domain_terms(), key=lambda w: (len(w), w)) if not w.isascii()]
    return with_prepared_words("extract-lexicons", added)


def _tokens(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the tokens of ``text``: the segmenter's words, laid out as spaCy's
    ``get_words_and_spaces`` lays them (the tokens these rules were tuned on): whitespace words
    dropped, one space after a word kept as its trailing space, any other run of whitespace one
    token."""
    out: list[tuple[int, int]] = []
    pos = 0
    for start, end in segmenter().spans(text):
        if text[start:end].isspace():
            continue
        if start > pos:
            out.append((pos, start))
        out.append((start, end))
        pos = end + 1 if text[end:end + 1] == " " else end
    if pos < len(text):
        out.append((pos, len(text)))
    return out


@functools.lru_cache(maxsize=1)
def _unit_patterns() -> dict[str, dict[int, frozenset[tuple[str, ...]]]]:
    """Unit names as token sequences, by first token and length: a name is found where the text's
    tokens spell it token for token (as a phrase matcher over tokens finds it), not inside a word."""
    by_first: dict[str, dict[int, set[tuple[str, ...]]]] = {}
    for name in unit_names():
        tokens = tuple(name[a:b] for a, b in _tokens(name))
        by_first.setdefault(tokens[0], {}).setdefault(len(tokens), set()).add(tokens)
    return {first: {n: frozenset(seqs) for n, seqs in by_len.items()} for first, by_len in by_first.items()}


def _unit_spans(words: list[str], starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    patterns = _unit_patterns()
    spans = []
    for i, word in enumerate(words):
        for n, seqs in patterns.get(word, {}).items():
            if tuple(words[i:i + n]) in seqs:
                spans.append((starts[i], ends[i + n - 1]))
    return spans


@functools.lru_cache(maxsize=1)
def _term_matcher() -> TermMatcher:
    return TermMatcher(domain_terms())


@functools.lru_cache(maxsize=1)
def _body_suffixes() -> frozenset[str]:
    """Words that end a body's name when printed as their own token (市场监管 + 局, 税务 + 部门)."""
    return frozenset({"局", "厅", "委", "署", "办", "委员会", "办公室", "部门", "总局", "管理局", "支行", "分行"})


@functools.lru_cache(maxsize=1)
def _bound_heads() -> frozenset[str]:
    return frozenset(h.head for h in BOUND_HEADS())


def domain_mentions(text: str) -> list[Mention]:
    """The lexicon's domain terms in ``text`` at word boundaries, outside unit names.

    A term is a word of the text unless the jieba word it ends inside continues with a bound head
    that makes a word for a person or a body (``lexicons/extract/domain_bound_heads.tsv``):
    农民 in 农民工, 教育 in 教育局, 交通 in 交通银行. Other continuations keep the sector (航空 in 航空公司, 商标 in
    商标权, 政府债务 across 政府|债务预算), and so do words that end with the term (进|校园,
    休闲|农业). A term inside a body's name names the body, not the task's sector: 人民银行 (a
    lead unit), 工业和信息化局, 市场监管局 printed as 市场监管 + 局. A term inside a longer term
    found in the text belongs to that one: 信息系统 in 信用信息系统.

    >>> [m.term for m in domain_mentions("加强新能源汽车推广，推进农民工工资支付")]
    ['新能源汽车', '农民工工资']
    >>> [m.term for m in domain_mentions("人民银行南平市中心支行、工业和信息化局")]
    []
    """
    # overlapping terms (创业担保贷款, 担保贷款) are all found; the longest term at each start
    candidates = _term_matcher().longest_at_each_start(text)
    if not candidates:
        return []  # most sentences of a notice: no need to segment them
    # jieba segments each run of Han characters, letters and digits on its own, so only the runs
    # holding a candidate are segmented: the same words, at a fraction of the cost
    runs = [m.span() for m in _JIEBA_BLOCK.finditer(text)]
    run_starts = [a for a, _ in runs]
    windows: dict[tuple[int, int], tuple[list[int], list[int], list[tuple[int, int]]]] = {}
    suffixes, heads = _body_suffixes(), _bound_heads()
    in_units = {k for us, ue in _unit_matcher().all_hits(text) for k in range(us, ue)}
    out = []
    for s, e, term in candidates:
        first = max(bisect.bisect_right(run_starts, s) - 1, 0)
        last = max(bisect.bisect_right(run_starts, e - 1) - 1, 0)
        window = (runs[first][0], max(runs[last][1], e))
        if not _SPACE.search(text, *window) and not _may_be_refused(text, s, e, in_units):
            out.append(Mention(term, s, e))  # no segmentation can refuse it: none is made
            continue
        if window not in windows:
            windows[window] = _segment(text, *window)
        starts, ends, units = windows[window]
        if any(us < e and s < ue for us, ue in units):
            continue
        k = bisect.bisect_right(starts, e - 1) - 1  # the jieba word holding the term's last character
        if ends[k] > e and text[e:ends[k]] in heads:
            continue  # 农民|工, 教育|局, 交通|银行: the bound head makes a word for a person or a body
        if ends[k] == e and k + 1 < len(starts) and text[e:ends[k + 1]] in suffixes:
            continue  # 市场监管 | 局, 税务 | 部门: the name of a body
        out.append(Mention(term, s, e))
    return _outermost(out)


def _outermost(found: list[Mention]) -> list[Mention]:
    """The mentions that no longer one holds (信息系统 inside 信用信息系统). ``found`` is in order
    of start, and a mention that holds another starts at most the longest term's length before
    its end: only those are compared, not every pair."""
    longest = max((len(m.term) for m in found), default=0)
    starts = [m.start for m in found]
    kept = []
    for m in found:
        near = found[bisect.bisect_left(starts, m.end - longest):bisect.bisect_right(starts, m.start)]
        if not any(o.start <= m.start and m.end <= o.end and len(o.term) > len(m.term) for o in near):
            kept.append(m)
    return kept


@functools.lru_cache(maxsize=1)
def _unit_matcher() -> TermMatcher:
    """Body names as a text prints them with its words side by side (a name's tokens, joined)."""
    return TermMatcher("".join(name.split()) for name in unit_names())


@functools.lru_cache(maxsize=1)
def _after_term() -> re.Pattern:
    """A bound head or a body's suffix: what must follow a term for the word cut to refuse it."""
    return re.compile("|".join(map(re.escape, sorted(_bound_heads() | _body_suffixes(), key=len, reverse=True))))


def _may_be_refused(text: str, s: int, e: int, in_units: set[int]) -> bool:
    """Whether the words around the term ``text[s:e]`` could refuse it, told without cutting them.

    Where no space stands between the words (the caller checks), a term inside a body's name is
    refused only where that name is printed around it, and a bound head or a body's suffix only
    where one follows it: most terms have neither, and their run is not segmented at all.
    in_units: the offsets of every character inside a body's name printed in the text.
    """
    return bool(_after_term().match(text, e)) or not in_units.isdisjoint(range(s, e))


@functools.lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as the pipeline's segmenter cuts them.

    >>> "应" in words("开展清洁生产改造先进技术应用示范")
    False
    >>> "要" in words("6个重点领域的牵头部门要加强协调")
    True
    """
    return tuple(text[a:b] for a, b in _tokens(text))


@functools.lru_cache(maxsize=4096)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of ``text`` as jieba's tagger gives them (ICTCLAS tags: n noun,
    v verb, p preposition, c conjunction …; :mod:`policyparse.postag`), for the few short phrases
    where a word's kind decides.

    >>> pos_tags("并指定专门机构")[:2]
    (('并', 'c'), ('指定', 'v'))
    """
    return tuple(tags(text))


_SPACE = re.compile(r"\s")
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")  # jieba's re_han_default


def _segment(text: str, lo: int, hi: int) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """Word start and end offsets of ``text[lo:hi]`` and the spans of body names in it, in
    offsets of ``text``."""
    window = text[lo:hi]
    tokens = _tokens(window)
    starts = [lo + a for a, _ in tokens]
    ends = [lo + b for _, b in tokens]
    return starts, ends, _unit_spans([window[a:b] for a, b in tokens], starts, ends)
