"""Every file under lexicons/ is declared by a stage, validates, and says where each entry comes from."""

from __future__ import annotations

import pytest

import policyparse.compare  # noqa: F401  - importing the stages declares their lexicons
import policyparse.extract.lexicon  # noqa: F401
import policyparse.normalize.lexdata  # noqa: F401
import policyparse.read.pdf  # noqa: F401
import policyparse.segment.lexicon  # noqa: F401
from policyparse.errors import LexiconError
from policyparse.lexicons import LexiconEntry, available, declared, load_tsv


def test_every_lexicon_file_is_declared_by_a_stage():
    assert set(available()) - set(declared()) == set(), "a lexicon file no stage reads"


@pytest.mark.parametrize("name", sorted(declared()))
def test_lexicon_loads_and_every_entry_has_a_source(name):
    rows = load_tsv(name, declared()[name])
    assert rows, f"{name} is empty"
    assert all(row.source.strip() for row in rows)


def test_malformed_lexicon_names_file_line_and_field(tmp_path, monkeypatch):
    class Entry(LexiconEntry):
        word: str
        weight: int

    (tmp_path / "bad.tsv").write_text("word\tweight\tsource\n坚持\t2\tcurated\n推进\theavy\tcurated\n",
                                      encoding="utf-8")
    monkeypatch.setattr("policyparse.lexicons.lexicon_dir", lambda: tmp_path)
    with pytest.raises(LexiconError) as caught:
        load_tsv("bad.tsv", Entry)
    assert "bad.tsv" in str(caught.value) and "line 3" in str(caught.value) and "weight" in str(caught.value)
