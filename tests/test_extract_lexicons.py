"""The extract lexicons load, carry sources, and the generated division list matches its script."""

import importlib.util
from pathlib import Path

import pytest

from policyparse.extract import lexicon as lx

ROOT = Path(__file__).resolve().parent.parent


def _build_divisions():
    spec = importlib.util.spec_from_file_location("build_divisions", ROOT / "scripts" / "build_divisions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("loader", [lx.CLAUSE_GRAMMAR, lx.unit_suffixes, lx.divisions, lx.agencies, lx.domains,
                                    lx.deadline_words, lx.target_metrics])
def test_lexicons_load(loader):
    assert len(loader()) > 5


def test_every_entry_has_a_source():
    for loader in (lx.CLAUSE_GRAMMAR, lx.divisions, lx.agencies, lx.domains, lx.deadline_words, lx.target_metrics):
        assert all(row.source.strip() for row in loader())


def test_divisions_match_their_generator():
    """Re-derive every generated column from (code, name) with the script's own functions."""
    from policyparse.lexicons import load_tsv

    build = _build_divisions()
    rows = load_tsv("extract/divisions.tsv", lx.Division)
    records = [(r.code + "000000", r.name) for r in rows]
    regenerated = build.rows_from(records)
    committed = [{"code": r.code, "name": r.name, "short": r.short, "level": r.level,
                  "parent": r.parent or "", "source": r.source} for r in rows]
    assert regenerated == committed
    text = (ROOT / "lexicons" / "extract" / "divisions.tsv").read_text(encoding="utf-8")
    assert build.render(regenerated) == text


def test_division_tree_is_consistent():
    rows = {r.code: r for r in lx.divisions()}
    assert len(rows) > 3000
    for row in rows.values():
        if row.level == "province":
            assert row.parent is None
        else:
            assert row.parent in rows and rows[row.parent].level in ("province", "city")
    assert rows["120106"].name == "红桥区" and rows["120106"].parent == "120000"  # 直辖市 district
    assert rows["440309"].name == "龙华区" and rows["440309"].parent == "440300"  # curated supplement


def test_short_names():
    build = _build_divisions()
    assert [build.short_name(n) for n in ("广西壮族自治区", "黔东南苗族侗族自治州", "本溪满族自治县", "忠县", "红桥区")] == \
        ["广西", "黔东南", "本溪", "忠县", "红桥"]


def test_domains_cover_the_gold_code_list():
    gold_codes = {line.split("\t")[0] for line in (ROOT / "corpus" / "domains.tsv").read_text(encoding="utf-8").splitlines()[1:]
                  if line.strip()}
    assert gold_codes <= {d.code for d in lx.domains()}
