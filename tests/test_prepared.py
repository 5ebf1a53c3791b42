"""Prepared data (issue 13): lexicons validated once per version of a file and loaded as plain
rows after that, the JSON Schema built once; a changed source is never served stale."""

from __future__ import annotations

import json

import pytest

import policyparse.compare  # noqa: F401  - importing the stages declares their lexicons
import policyparse.extract.lexicon  # noqa: F401
import policyparse.normalize.lexdata  # noqa: F401
import policyparse.read.pdf  # noqa: F401
import policyparse.segment.lexicon  # noqa: F401
from policyparse import lexicons, prepared
from policyparse.errors import LexiconError
from policyparse.lexicons import LexiconEntry, declared, load_tsv, validate_tsv


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(prepared.CACHE_ENV, str(folder))
    load_tsv.cache_clear()
    yield folder
    load_tsv.cache_clear()


def test_built_once_then_loaded(cache):
    calls = []

    def build():
        calls.append(1)
        return {"rows": [("坚持", 2)]}

    key = prepared.fingerprint(b"v1")
    assert prepared.prepared("thing", key, build) == {"rows": [("坚持", 2)]}
    assert prepared.prepared("thing", key, build) == {"rows": [("坚持", 2)]}
    assert len(calls) == 1
    assert prepared.prepared("thing", prepared.fingerprint(b"v2"), build) and len(calls) == 2
    assert len(list(cache.glob("thing.*.pickle"))) == 1, "the older key's file is dropped"


def test_damaged_file_is_built_again(cache):
    key = prepared.fingerprint(b"v1")
    prepared.prepared("thing", key, lambda: 1)
    (file,) = cache.glob("thing.*.pickle")
    file.write_bytes(b"\x80\x05garbage")
    assert prepared.prepared("thing", key, lambda: 2) == 2
    assert prepared.prepared("thing", key, lambda: 3) == 2


def test_cache_off(monkeypatch, tmp_path):
    monkeypatch.setenv(prepared.CACHE_ENV, "")
    assert prepared.cache_dir() is None
    assert prepared.prepared("thing", "k", lambda: 7) == 7


def test_unwritable_cache_still_builds(tmp_path, monkeypatch):
    # a cache folder under a file cannot be made, even by root (who writes into read-only folders)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(prepared.CACHE_ENV, str(blocker / "cache"))
    assert prepared.prepared("thing", "k", lambda: 8) == 8


def test_fingerprint_reads_paths_by_content(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("x", encoding="utf-8")
    before = prepared.fingerprint(path)
    assert prepared.fingerprint(path) == before
    path.write_text("y", encoding="utf-8")
    assert prepared.fingerprint(path) != before
    assert prepared.fingerprint(tmp_path / "missing") != prepared.fingerprint(b"")


@pytest.mark.parametrize("name", sorted(declared()))
def test_prepared_rows_are_the_validated_rows(cache, name):
    """Every lexicon file is validated from its TSV here, and what later processes load from the
    prepared form is the same: equal rows, the same fields set, usable as dict keys."""
    model = declared()[name]
    validated = validate_tsv(name, model)
    built = load_tsv(name, model)  # builds the prepared form
    load_tsv.cache_clear()
    loaded = load_tsv(name, model)  # reads it back
    assert loaded == validated == built
    assert [r.model_fields_set for r in loaded] == [r.model_fields_set for r in validated]
    assert {hash(r) for r in loaded} == {hash(r) for r in validated}
    if loaded:
        with pytest.raises(Exception):
            loaded[0].source = "changed"  # still frozen


class Word(LexiconEntry):
    word: str
    weight: int = 1


def test_an_edited_tsv_is_validated_again(cache, tmp_path, monkeypatch):
    folder = tmp_path / "lexicons"
    folder.mkdir()
    monkeypatch.setattr(lexicons, "lexicon_dir", lambda: folder)
    tsv = folder / "words.tsv"
    tsv.write_text("word\tweight\tsource\n坚持\t2\tcurated\n推进\t\tcurated\n", encoding="utf-8")
    rows = load_tsv("words.tsv", Word)
    assert [(r.word, r.weight) for r in rows] == [("坚持", 2), ("推进", 1)]
    assert rows[1].model_fields_set == {"word", "source"}
    load_tsv.cache_clear()
    tsv.write_text("word\tweight\tsource\n坚持\t3\tcurated\n", encoding="utf-8")
    assert [(r.word, r.weight) for r in load_tsv("words.tsv", Word)] == [("坚持", 3)]
    load_tsv.cache_clear()
    tsv.write_text("word\tweight\tsource\n坚持\theavy\tcurated\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="line 2 -> weight"):
        load_tsv("words.tsv", Word)


def test_schema_command_prints_the_schema(cache, capsys):
    from policyparse import cli
    from policyparse.schema import json_schema

    expected = json.dumps(json_schema(), ensure_ascii=False, indent=1)
    assert cli.schema_text() == expected  # built
    assert cli.schema_text() == expected  # loaded
    assert cli.main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()
