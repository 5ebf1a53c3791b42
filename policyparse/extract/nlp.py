"""The spaCy pipeline of the extract stage: a blank ``zh`` pipeline segmented by jieba, with
matchers built from ``lexicons/``.

Chinese has no spaces, so a sector word found by plain substring search often sits inside a
longer word that means something else: 农民 in 农民工 (wages, not farming), 教育 in 诚信教育,
能源 in 新能源汽车, 银行 in 人民银行 (a government body, not the finance sector). Segmenting the
text into words first and matching whole words only removes these hits. jieba's dictionary
already holds most long words (农民工, 交通银行); the lexicons' own terms and the names of
government bodies are added as user words so that they too come out as single tokens.

Nothing is downloaded: ``spacy.blank("zh")`` has no trained components, and the pipeline, the
jieba dictionary and the matchers are built once per process, on first use (about 2 s, most of it
importing spaCy and loading jieba's 350 000-word dictionary).

>>> [m.term for m in domain_mentions("支持人民银行南平市中心支行开展农民工工资专户管理")]
['农民工工资']
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass

from ..lexicons import LexiconEntry, lexicon
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
def pipeline():
    """The blank ``zh`` pipeline with a private jieba segmenter carrying the lexicon words.

    The segmenter is a copy of jieba's default one, so the user words added here do not change
    how any other code in the process segments text with ``jieba.cut``.
    """
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on the CLI's stderr
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    default = jieba.dt
    default.check_initialized()
    private = jieba.Tokenizer()
    private.FREQ, private.total, private.initialized = dict(default.FREQ), default.total, True
    # Body names first, then sector terms: a sector term must stay whole in ordinary text, and a
    # body name that contains one (人民银行, 交通运输局) must stay whole too, so the term inside it
    # is not a word of the text.
    for word in sorted(unit_names() | domain_terms(), key=len):
        if not word.isascii():
            private.add_word(word)
    nlp.tokenizer.jieba_seg = _DictionarySegmenter(private)
    return nlp


class _DictionarySegmenter:
    """jieba's segmentation by its dictionary alone, as the ``jieba_seg`` spaCy's tokenizer calls.

    Without the HMM that guesses unknown words from runs of single characters: the words that
    matter here (lexicon terms, body names) are all in the dictionary, and the HMM costs a third
    of the time.
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def cut(self, text: str, cut_all: bool = False):
        return self.tokenizer.cut(text, cut_all=cut_all, HMM=False)


@functools.lru_cache(maxsize=1)
def _unit_matcher():
    from spacy.matcher import PhraseMatcher

    nlp = pipeline()
    units = PhraseMatcher(nlp.vocab)
    units.add("UNIT", list(nlp.tokenizer.pipe(sorted(unit_names()))))
    return units


@functools.lru_cache(maxsize=1)
def _term_regex() -> "re.Pattern[str]":
    # a lookahead, so that overlapping terms (创业担保贷款, 担保贷款) are all found; the longest
    # term first at each position
    return re.compile("(?=(" + "|".join(map(re.escape, sorted(domain_terms(), key=len, reverse=True))) + "))")


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
    candidates = [(m.start(1), m.end(1), m.group(1)) for m in _term_regex().finditer(text)] if text else []
    if not candidates:
        return []  # most sentences of a notice: no need to segment them
    # jieba segments each run of Han characters, letters and digits on its own, so only the runs
    # holding a candidate are segmented: the same words, at a fraction of the cost
    runs = [m.span() for m in _JIEBA_BLOCK.finditer(text)]
    run_starts = [a for a, _ in runs]
    windows: dict[tuple[int, int], tuple[list[int], list[int], list[tuple[int, int]]]] = {}
    suffixes, heads = _body_suffixes(), _bound_heads()
    out = []
    for s, e, term in candidates:
        first = max(bisect.bisect_right(run_starts, s) - 1, 0)
        last = max(bisect.bisect_right(run_starts, e - 1) - 1, 0)
        window = (runs[first][0], max(runs[last][1], e))
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
    return [m for m in out if not any(o.start <= m.start and m.end <= o.end and len(o.term) > len(m.term)
                                      for o in out)]


@functools.lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as the pipeline's segmenter cuts them.

    >>> "应" in words("开展清洁生产改造先进技术应用示范")
    False
    >>> "要" in words("6个重点领域的牵头部门要加强协调")
    True
    """
    return tuple(t.text for t in pipeline().make_doc(text)) if text else ()


@functools.lru_cache(maxsize=4096)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of ``text`` from jieba's tagger (ICTCLAS tags: n noun, v verb,
    p preposition, c conjunction …), for the few short phrases where a word's kind decides.

    >>> pos_tags("并指定专门机构")[:2]
    (('并', 'c'), ('指定', 'v'))
    """
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return tuple((w.word, w.flag) for w in jieba.posseg.cut(text))


_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")  # jieba's re_han_default


def _segment(text: str, lo: int, hi: int) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """Word start and end offsets of ``text[lo:hi]`` and the spans of body names in it, in
    offsets of ``text``."""
    from spacy.attrs import IDX, LENGTH

    doc = pipeline().make_doc(text[lo:hi])
    bounds = doc.to_array([IDX, LENGTH]).reshape(-1, 2).tolist()
    starts = [lo + a for a, _ in bounds]
    ends = [lo + a + n for a, n in bounds]
    units = [(starts[a], ends[b - 1]) for _, a, b in _unit_matcher()(doc)]
    return starts, ends, units
