"""Parts of speech (policyparse/postag.py) are jieba.posseg's, over the shared dictionary."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from policyparse.postag import tags
from policyparse.read import read

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def posseg():
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    import jieba.posseg

    return jieba.posseg


def _sentences() -> list[str]:
    files = sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted((ROOT / "corpus" / "extra").glob("*.html"))[:8]
    text = "\n".join(read(path).text for path in files)
    # sentences, so that names and unknown runs (the HMM's part) come in the sizes the parser asks
    return [s for s in text.replace("\n", "。").split("。") if s.strip()]


def test_tags_are_jiebas(posseg):
    extra = ["ABC 2018年 GDP增长6.5%以上，\r\n  第1条 e-mail：abc@gov.cn ①②　全角　ｆｕｌｌ", "", " ",
             "黄楣坨办事处牵头", "并指定专门机构", "使法制审核人员", "龘靐齉"]
    for text in _sentences() + extra:
        assert tags(text) == [(w.word, w.flag) for w in posseg.cut(text)], text


def test_unknown_runs_go_through_the_hmm(monkeypatch):
    from policyparse import postag

    seen = []
    real = postag._hmm_cut
    monkeypatch.setattr(postag, "_hmm_cut", lambda s: seen.append(s) or real(s))
    tags("黄楣坨办事处牵头")
    assert seen
