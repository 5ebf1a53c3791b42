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

import functools
import logging
import re
from dataclasses import dataclass

from ..lexicons import LexiconEntry, lexicon
from .lexicon import agencies, domains


class BoundHead(LexiconEntry):
    """A character that, bound after a sector word, makes a word naming a person or a body."""

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
    nlp.tokenizer.jieba_seg = private
    return nlp


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

    A term is a word of the text unless the jieba word it ends inside continues with one bound
    character that makes a word for a person or a body (``lexicons/extract/domain_bound_heads.tsv``):
    农民 in 农民工, 教育 in 教育局. Other continuations keep the sector (航空 in 航空公司, 商标 in
    商标权, 政府债务 across 政府|债务预算), and so do words that end with the term (进|校园,
    休闲|农业). A term inside a body's name names the body, not the task's sector:
    人民银行 (a lead unit), 工业和信息化局, 市场监管局 printed as 市场监管 + 局.

    >>> [m.term for m in domain_mentions("加强新能源汽车推广，推进农民工工资支付")]
    ['新能源汽车', '农民工工资']
    """
    if not text:
        return []
    doc = pipeline().make_doc(text)
    token_at = [0] * (len(text) + 1)
    for token in doc:
        for k in range(token.idx, token.idx + len(token.text)):
            token_at[k] = token.i
    masked = [False] * (len(text) + 1)
    suffixes, heads = _body_suffixes(), _bound_heads()
    for _, s, e in _unit_matcher()(doc):
        for k in range(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)):
            masked[k] = True
    for token in doc[:-1]:
        if doc[token.i + 1].text in suffixes:  # 市场监管 | 局, 税务 | 部门: the name of a body
            for k in range(token.idx, token.idx + len(token.text)):
                masked[k] = True
    out = []
    for match in _term_regex().finditer(text):
        term = match.group(1)
        s, e = match.start(1), match.end(1)
        if any(masked[s:e]):
            continue
        last = doc[token_at[e - 1]]
        if (last.idx + len(last.text)) - e == 1 and text[e] in heads:
            continue  # 农民|工, 教育|局: the bound character makes a word for a person or a body
        out.append(Mention(term, s, e))
    # a term inside a longer term found in the text belongs to that one: 信息系统 in 信用信息系统,
    # 担保贷款 in 创业担保贷款
    return [m for m in out if not any(o.start <= m.start and m.end <= o.end and len(o.term) > len(m.term)
                                      for o in out)]
