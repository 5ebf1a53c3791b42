"""The shared word dictionary (policyparse/words.py) cuts as jieba does, from a prepared trie."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from policyparse.read import read
from policyparse.words import Dictionary, dictionary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def jieba_default():
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt


@pytest.fixture(scope="module")
def texts():
    files = sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted((ROOT / "corpus" / "extra").glob("*.html"))[:12]
    out = [read(path).text for path in files]
    # what jieba treats apart: letters and digits glued back, runs of spaces, \r\n, other scripts
    out.append("ABC 2018年 GDP增长6.5%以上，\r\n  第1条 e-mail：abc@gov.cn ①②　全角　ｆｕｌｌ")
    return out


def test_cut_is_jiebas_without_hmm(jieba_default, texts):
    d = dictionary()
    for text in texts:
        assert d.cut(text) == list(jieba_default.cut(text, HMM=False))


def test_frequencies_are_jiebas(jieba_default):
    d = dictionary()
    assert d.total == jieba_default.total
    for word in ("重要", "人民政府", "的", "新能源", "政务诚信", "偅要", "府政", "", "abc"):
        assert d.frequency(word) == (jieba_default.FREQ.get(word) or 0), word
    assert "重要" in d and "偅要" not in d
    # a broken notice can hold lone surrogates: no word, and no error (jieba's dict says the same)
    assert d.frequency("\ud800") == 0 and d.with_words(["\ud800政务"]).frequency("\ud800政务") > 0
    assert d.frequency("信\x00") == 0 and d.frequency("信") > 0  # marisa would read 信\x00 as 信


def test_counts_and_distinct_total_are_dict_txts():
    """normalize/context.py weighs words by these counts over this total: every word of jieba's
    dict.txt read as a word -> count dict (a word listed twice keeps its last count), and their sum."""
    from policyparse.words import _jieba_dict_path

    with open(_jieba_dict_path(), encoding="utf-8") as handle:
        fields = handle.read().split()
    assert len(fields) % 3 == 0, "every line is word, count, tag"
    counts = dict(zip(fields[0::3], map(int, fields[1::3])))
    d = dictionary()
    assert d.distinct_total == sum(counts.values())
    assert [w for w, c in counts.items() if d.frequency(w) != c] == []


def test_spans_cover_the_text(texts):
    d = dictionary()
    text = texts[0][:2000]
    spans = d.spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert [text[s:e] for s, e in spans] == d.cut(text)


def test_added_words_are_jiebas_add_word(jieba_default, texts):
    """The domain matcher's words (lexicon terms, names of bodies) added on top cut as a private
    jieba tokenizer with the same add_word calls does, and get the same frequencies."""
    import jieba

    from policyparse.extract.nlp import domain_terms, unit_names

    words = [w for w in sorted(unit_names() | domain_terms(), key=lambda w: (len(w), w)) if not w.isascii()]
    private = jieba.Tokenizer()
    private.FREQ, private.total, private.initialized = dict(jieba_default.FREQ), jieba_default.total, True
    for word in words:
        private.add_word(word)
    grown = dictionary().with_words(words)
    assert grown.total == private.total
    assert all(grown.frequency(w) == private.FREQ[w] for w in words)
    for text in texts:
        assert grown.cut(text) == list(private.cut(text, HMM=False))
    assert dictionary().total == jieba_default.total, "the shared dictionary is left as it was"


def test_loaded_from_prepared_data(tmp_path, monkeypatch):
    """A process that finds the prepared trie loads it instead of reading dict.txt again."""
    from policyparse import prepared, words

    monkeypatch.setenv(prepared.CACHE_ENV, str(tmp_path))
    built = []
    real_build = words._build
    monkeypatch.setattr(words, "_build", lambda path: built.append(path) or real_build(path))
    words.dictionary.cache_clear()
    try:
        first = words.dictionary()
        words.dictionary.cache_clear()
        second = words.dictionary()
    finally:
        words.dictionary.cache_clear()
    assert len(built) == 1
    assert isinstance(second, Dictionary) and second.cut("推进政务诚信建设") == first.cut("推进政务诚信建设")
