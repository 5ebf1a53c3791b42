"""Each defect applied to clean notice text at a realistic rate, then repaired.

The clean texts are the gold normalizations of notices 000 and 002 (a Guangdong and a Fujian
notice). ``tests/corruption.py`` damages them; the repaired text must match the clean text on
Han characters and digits.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest

from policyparse.normalize import normalize
import corruption
from test_normalize import cer, edit_distance, scored

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CLEAN = ["000_f3280443ff74f4f7", "002_e3f438fefe9e9d67"]


@functools.lru_cache(maxsize=None)
def clean(name: str) -> str:
    return (CORPUS / "gold" / f"{name}.normalized.txt").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def reference(name: str) -> str:
    """What normalize makes of the clean text (punctuation width only)."""
    return normalize(clean(name)).text


@pytest.mark.parametrize("name", CLEAN)
@pytest.mark.parametrize("seed", [1, 2])
def test_lookalike_glyphs_never_listed_are_restored(name, seed):
    rng = random.Random(seed)
    damaged, pairs = corruption.disguise_characters(clean(name), rng)
    assert len(pairs) >= 20
    gold_004 = (CORPUS / "gold" / "004_substitutions.tsv").read_text(encoding="utf-8")
    unseen = corruption.unseen_pairs(pairs, gold_004)
    assert len(unseen) >= 0.8 * len({(g, c) for _, g, c in pairs})  # mostly pairs never shown
    repaired = normalize(damaged).text
    restored = sum(1 for pos, glyph, char in pairs if repaired.count(char) and glyph not in repaired)
    assert restored >= 0.85 * len(pairs)
    # errors left over are at most the missed glyphs: no correct character was "repaired"
    assert edit_distance(scored(repaired), scored(reference(name))) <= len(pairs) - restored


@pytest.mark.parametrize("name", CLEAN)
def test_mixed_traditional_characters_are_simplified(name):
    damaged = corruption.mix_traditional(clean(name), random.Random(3))
    assert damaged != clean(name)
    assert cer(normalize(damaged).text, reference(name)) <= 0.001


@pytest.mark.parametrize("name", CLEAN)
def test_traditional_notice_is_simplified(name):
    assert cer(normalize(corruption.to_traditional(clean(name))).text, reference(name)) <= 0.002


@pytest.mark.parametrize("name", CLEAN)
def test_ruby_pinyin_is_removed(name):
    damaged = corruption.add_ruby_pinyin(clean(name), random.Random(4))
    assert cer(normalize(damaged).text, reference(name)) == 0


@pytest.mark.parametrize("name", CLEAN)
def test_html_references_are_decoded(name):
    damaged = corruption.escape_entities(clean(name), random.Random(5))
    repaired = normalize(damaged).text
    assert "&" not in repaired
    assert cer(repaired, reference(name)) == 0


@pytest.mark.parametrize("name", CLEAN)
def test_gbk_runs_read_one_byte_off_are_redecoded(name):
    damaged, runs = corruption.gbk_one_byte_off(corruption.to_traditional(clean(name)), random.Random(6))
    assert runs >= 3
    before = edit_distance(scored(damaged), scored(reference(name)))
    after = edit_distance(scored(normalize(damaged).text), scored(reference(name)))
    assert after <= before // 3  # most runs come back exactly


def test_lost_brackets_and_date_characters_are_restored():
    text = clean("000_f3280443ff74f4f7")
    damaged = corruption.lose_number_characters(text)
    assert damaged.count("〕") < text.count("〕") and damaged.count("年") < text.count("年")
    assert cer(normalize(damaged).text, reference("000_f3280443ff74f4f7")) == 0


@pytest.mark.parametrize("name", CLEAN)
def test_pdf_hard_line_breaks_are_joined(name):
    text = clean(name)
    damaged = corruption.hard_wrap(text)
    assert damaged.count("\n") > text.count("\n") + 20
    repaired = normalize(damaged).text
    assert cer(repaired, reference(name)) == 0
    # the paragraphs come back: most lines of the clean text are lines of the repaired one
    lines = {line.strip() for line in reference(name).split("\n") if len(line.strip()) > 30}
    got = {line.strip() for line in repaired.split("\n")}
    assert len(lines & got) >= 0.8 * len(lines)


def test_structure_markers_stay_on_their_lines():
    text = "\n".join(["（一）加强公务员诚信教育。以各级人民政府和公务员为主体，普及公务员诚信"] +
                     ["规范，组织开展公务员诚信教育，提升公务员诚信意识和诚信行政水平，确保"] * 8 +
                     ["1.建立健全政务失信记录。", "二、保障措施"])
    repaired = normalize(corruption.hard_wrap(text)).text
    assert "\n1.建立健全政务失信记录。" in repaired and "\n二、保障措施" in repaired
    assert repaired.startswith("（一）加强")


@pytest.mark.parametrize("name", CLEAN)
def test_a_page_with_every_defect_at_once(name):
    """A copy-protected repost: traditional characters and disguises mixed in, references
    escaped, brackets and date characters lost, invisible characters between words."""
    rng = random.Random(7)
    text = clean(name)
    damaged, pairs = corruption.disguise_characters(text, rng)
    damaged = corruption.mix_traditional(damaged, rng)
    damaged = corruption.escape_entities(damaged, rng)
    damaged = corruption.lose_number_characters(damaged)
    damaged = damaged.replace("诚信", "诚\u200b信")
    before = cer(damaged, reference(name))
    after = cer(normalize(damaged).text, reference(name))
    assert before > 0.01
    assert after <= 0.001  # the goal of the gold files holds on a page with every defect
