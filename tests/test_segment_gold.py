"""Segment stage on the annotated corpus: the floors it reaches on the gold normalized texts.

Scoring follows GUIDE.md §3 in a small form: tasks pair by character-bigram Dice >= 0.5 on the
task text (clauses removed), outline entries by (marker, level, title), principles by title,
header fields exactly after folding punctuation width and spaces.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from conftest import CORPUS
from policyparse.normalize.text import NormalizedText
from policyparse.segment import segment

NAMES = sorted(p.name[:-len(".json")] for p in (CORPUS / "gold").glob("*.json"))
HEADER_FIELDS = ("title", "doc_type", "doc_number", "issuers", "issue_date", "effective_date", "recipients")


def fold(value) -> str:
    s = json.dumps(value, ensure_ascii=False)
    s = re.sub(r"[\s\u3000]", "", s)
    return s.translate(str.maketrans("（）【】〈〉，：；", "()[]()，:;"))


def dice(a: str, b: str) -> float:
    def grams(s):
        s = re.sub(r"[\s\u3000…]", "", s)
        return Counter(s[i:i + 2] for i in range(len(s) - 1))
    ga, gb = grams(a), grams(b)
    if not ga or not gb:
        return 0.0
    return 2 * sum((ga & gb).values()) / (sum(ga.values()) + sum(gb.values()))


def task_text(task, text: str) -> str:
    s, e = task.text_span
    out = text[s:e]
    if not task.is_table_row:
        for c in sorted(task.clauses, key=lambda c: -c.span[0]):
            out = out[:c.span[0] - s] + out[c.span[1] - s:]
    return out


def paired(gold: list[str], pred: list[str]) -> int:
    pairs = sorted(((dice(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True)
    used_g, used_p, n = set(), set(), 0
    for score, i, j in pairs:
        if score < 0.5:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        n += 1
    return n


def f1(tp: int, n_gold: int, n_pred: int) -> float:
    return 1.0 if n_gold + n_pred == 0 else 2 * tp / (n_gold + n_pred)


@pytest.fixture(scope="module")
def results():
    out = {}
    for name in NAMES:
        text = (CORPUS / "gold" / f"{name}.normalized.txt").read_text(encoding="utf-8")
        gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))["documents"]
        out[name] = (text, gold, segment(NormalizedText.identity(text)))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_documents_found_where_gold_anchors_them(results, name):
    text, gold, layout = results[name]
    assert len(layout.documents) == len(gold)
    for g, d in zip(gold, layout.documents):
        # anchors are raw substrings; compare the first characters that normalization keeps
        start = text[d.span[0]:d.span[0] + 40]
        anchor = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", g["anchor"])
        assert dice(start[:len(anchor)], anchor) >= 0.6, (start, g["anchor"])


@pytest.mark.parametrize("name", NAMES)
def test_header_fields_exact(results, name):
    text, gold, layout = results[name]
    for g, d in zip(gold, layout.documents):
        for field in HEADER_FIELDS:
            assert fold(getattr(d.header, field)) == fold(g[field]), (field, g["anchor"])
        assert {fold(c.title) for c in d.header.cites} == {fold(c["title"]) for c in g["cites"]}


def test_corpus_floors(results):
    tp = n_gold = n_pred = 0
    o_tp = o_gold = o_pred = 0
    p_tp = p_gold = p_pred = 0
    clause_counts_right = clause_counts = 0
    for name, (text, gold, layout) in results.items():
        for g, d in zip(gold, layout.documents):
            g_texts = [t["text"] for t in g["tasks"]]
            p_texts = [task_text(t, text) for t in d.tasks]
            tp += paired(g_texts, p_texts)
            n_gold += len(g_texts)
            n_pred += len(p_texts)
            go = {(o["marker"].translate(str.maketrans("（）", "()")), o["level"], fold(o["title"])) for o in g["outline"]}
            po = {(o.marker.translate(str.maketrans("（）", "()")), o.level, fold(o.title)) for o in d.outline}
            o_tp += len(go & po)
            o_gold += len(go)
            o_pred += len(po)
            p_tp += len(set(g["principles"]) & {p.title for p in d.principles})
            p_gold += len(g["principles"])
            p_pred += len(d.principles)
            by_text = {task_text(t, text)[:20]: t for t in d.tasks}
            for gt in g["tasks"]:
                match = next((t for k, t in by_text.items() if dice(k, gt["text"][:20]) > 0.8), None)
                if match is not None:
                    clause_counts += 1
                    clause_counts_right += len(match.clauses) == len(gt["assignments"])
    assert f1(tp, n_gold, n_pred) >= 0.99
    assert tp == n_gold  # no gold task is missed
    assert f1(o_tp, o_gold, o_pred) >= 0.99
    assert f1(p_tp, p_gold, p_pred) == 1.0
    assert clause_counts_right / clause_counts >= 0.98


def test_multi_clause_task_of_002(results):
    text, gold, layout = results["002_e3f438fefe9e9d67"]
    task = next(t for t in layout.documents[0].tasks if t.id == "三/(二)/5")
    assert len(task.clauses) == 5
    assert text[task.clauses[-1].span[0]:task.clauses[-1].span[1]] == "（市委宣传部负责）"


def test_raw_notice_through_read_and_normalize():
    """The real pipeline input: traditional characters and pinyin in 003 are repaired upstream,
    and the segmenter finds the same notice as on the gold text."""
    from policyparse.normalize import normalize
    from policyparse.read import read

    layout = segment(normalize(read(CORPUS / "raw" / "003_ce33fc1d13cf098e.txt")))
    gold = json.loads((CORPUS / "gold" / "003_ce33fc1d13cf098e.json").read_text(encoding="utf-8"))["documents"][0]
    (doc,) = layout.documents
    assert (doc.header.doc_number, doc.header.issue_date, doc.header.effective_date) == (
        gold["doc_number"], gold["issue_date"], gold["effective_date"])
    text = layout.text.text
    assert paired([t["text"] for t in gold["tasks"]], [task_text(t, text) for t in doc.tasks]) == len(gold["tasks"])
    # offsets map back into the raw file through the normalize stage's character map
    s, e = layout.text.raw_span(*doc.tasks[0].span)
    assert layout.text.raw[s:e].startswith("1.")


def test_every_segment_lexicon_loads():
    from policyparse.segment import grammar, lexicon

    assert "实施方案" in lexicon.doc_type_words()
    assert lexicon.section_kind_entries() and lexicon.unit_suffixes() and grammar.CLAUSE_GRAMMAR()
    assert all(kind in ("chrome", "closing", "news", "question") for _, kind, _, _ in lexicon.boilerplate_rules())


def test_glued_page_keeps_page_break_joins_per_notice():
    """002 (a PDF export cut by page breaks) glued after 004 (a scrape that lost its 。): each
    notice keeps its own paragraphs, so the glued page scores like the two files apart."""
    names = ["004_877d0aa3237dfdd6", "002_e3f438fefe9e9d67"]
    text = "\n\n".join((CORPUS / "gold" / f"{n}.normalized.txt").read_text(encoding="utf-8") for n in names)
    gold = [d for n in names
            for d in json.loads((CORPUS / "gold" / f"{n}.json").read_text(encoding="utf-8"))["documents"]]
    layout = segment(NormalizedText.identity(text))
    assert len(layout.documents) == len(gold)
    g_texts = [t["text"] for d in gold for t in d["tasks"]]
    p_texts = [task_text(t, text) for d in layout.documents for t in d.tasks]
    assert f1(paired(g_texts, p_texts), len(g_texts), len(p_texts)) >= 0.99
