"""The one-pass term matcher (policyparse/matcher.py) finds what the stages' regexes and scans find."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policyparse.matcher import TermMatcher
from policyparse.read import read

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lines():
    files = sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted((ROOT / "corpus" / "extra").glob("*.html"))[:20]
    return [line for path in files for line in read(path).text.splitlines() if line.strip()]


def test_longest_at_each_start_is_the_lookahead_alternation(lines):
    """What extract/nlp.py's _term_regex finds (a lookahead over the domain terms, longest first)."""
    from policyparse.extract.nlp import domain_terms

    terms = domain_terms()
    regex = re.compile("(?=(" + "|".join(map(re.escape, sorted(terms, key=len, reverse=True))) + "))")
    matcher = TermMatcher(terms)
    for line in lines:
        assert matcher.longest_at_each_start(line) == [(m.start(1), m.end(1), m.group(1)) for m in regex.finditer(line)]


def test_leftmost_longest_is_the_division_scan(lines):
    """What extract/region.py's NameScanner finds (non-overlapping, longest first)."""
    from policyparse.extract.region import _index

    _, by_name, by_short, scanner = _index()
    matcher = TermMatcher(set(by_name) | set(by_short))
    text = "\n".join(lines)
    assert matcher.leftmost_longest(text) == [(m.start(), m.end(), m.group(0)) for m in scanner.finditer(text)]


def test_edges():
    assert TermMatcher([]).longest_at_each_start("政务诚信") == []
    assert TermMatcher(["", "诚信"]).leftmost_longest("") == []
    assert TermMatcher(["诚信", "诚信"]).all_hits("诚信诚信") == [(0, 2), (2, 4)]
    assert len(TermMatcher(["a", "a", ""])) == 1
