"""Parts of speech as jieba's tagger gives them (``jieba.posseg.cut(text)``, its HMM on), over the
process's one word dictionary (:mod:`policyparse.words`) instead of jieba's own.

``jieba.posseg`` reads all of ``dict.txt`` when imported and loads jieba's 60 MiB dictionary on
its first cut: 0.8 s of a fresh parse for the few short phrases where a word's kind decides
(:mod:`.extract.implicit`). Here the words are cut by the shared dictionary (jieba's route,
to the bit), each dictionary word gets the tag ``dict.txt`` gives it (a table aligned with the
dictionary's ids, prepared once per jieba version), and a run of single characters that is no
word goes through jieba's own HMM tagger (its ``posseg/*.p`` tables, loaded only then). The
module follows ``jieba/posseg/__init__.py`` (0.42) step by step; ``tests/test_postag.py``
compares it with jieba over the corpus.

>>> tags("并指定专门机构")
[('并', 'c'), ('指定', 'v'), ('专门机构', 'n')]
"""

from __future__ import annotations

import functools
import os
import pickle
import re
from array import array
from typing import Iterator

from .words import _dictionary_key, _jieba_dict_path, dictionary

# jieba.posseg's patterns: the runs it cuts by the dictionary (no % or -, unlike jieba.cut), and
# how it splits what the HMM gets
_HAN_INTERNAL = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
MIN_FLOAT = -3.14e100
MIN_INF = float("-inf")


def tags(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of ``text``, as ``jieba.posseg.cut(text)`` gives them (ICTCLAS tags)."""
    out: list[tuple[str, str]] = []
    for block in _HAN_INTERNAL.split(text):
        if _HAN_INTERNAL.match(block):
            out.extend(_cut_block(block))
            continue
        for piece in _SKIP_INTERNAL.split(block):
            if _SKIP_INTERNAL.match(piece):
                out.append((piece, "x"))
            else:
                # jieba tests the whole piece for letters, each character for digits
                out.extend((c, "m" if _NUM.match(c) else "eng" if _ENG.match(piece) else "x") for c in piece)
    return out


def _cut_block(block: str) -> Iterator[tuple[str, str]]:
    """jieba's ``__cut_DAG``: dictionary words along the most probable route; runs of single
    characters kept apart, for the HMM when they form no word."""
    end = dictionary()._route(block)
    x, n, buf = 0, len(block), ""
    while x < n:
        y = end[x] + 1
        if y - x == 1:
            buf += block[x]
        else:
            if buf:
                yield from _single_run(buf)
                buf = ""
            yield block[x:y], _tag(block[x:y])
        x = y
    if buf:
        yield from _single_run(buf)


def _single_run(buf: str) -> Iterator[tuple[str, str]]:
    if len(buf) == 1:
        yield buf, _tag(buf)
    elif not dictionary().frequency(buf):
        yield from _cut_unknown(buf)
    else:
        yield from ((c, _tag(c)) for c in buf)


def _cut_unknown(text: str) -> Iterator[tuple[str, str]]:
    """jieba's ``__cut_detail``: Han runs through the HMM, numbers and letters tagged as such."""
    for block in _HAN_DETAIL.split(text):
        if _HAN_DETAIL.match(block):
            yield from _hmm_cut(block)
            continue
        for piece in _SKIP_DETAIL.split(block):
            if piece:
                yield piece, "m" if _NUM.match(piece) else "eng" if _ENG.match(piece) else "x"


def _hmm_cut(sentence: str) -> Iterator[tuple[str, str]]:
    """jieba's ``POSTokenizer.__cut``: words and tags from the best state path."""
    route = _viterbi(sentence)
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        position, tag = route[i]
        if position == "B":
            begin = i
        elif position == "E":
            yield sentence[begin:i + 1], tag
            nexti = i + 1
        elif position == "S":
            yield char, tag
            nexti = i + 1
    if nexti < len(sentence):
        yield sentence[nexti:], route[nexti][1]


# the scans of implicit.py try a name at every start of a clause, so the same unknown run comes
# back (in the corpus 11,242 runs, 4,032 of them distinct): each run's path is decoded once
@functools.lru_cache(maxsize=8192)
def _viterbi(obs: str) -> tuple[tuple[str, str], ...]:
    """jieba's ``posseg.viterbi.viterbi`` over its tables: the (position, tag) state of each
    character on the most probable path.

    Each state is scored from the states that have a transition into it (32 of 256 on
    average), not from every state of the previous character: the others add ``-inf`` and
    never win, so the path, its scores and its ties (won by the greater state, as jieba's
    ``max`` over ``(score, state)`` breaks them) are jieba's.
    """
    states, start_p, trans_p, emit_p = _hmm()
    into = _transitions_into()
    all_states = trans_p.keys()
    scores = [{y: start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT) for y in states.get(obs[0], all_states)}]
    back: list[dict] = [dict.fromkeys(scores[0], "")]
    for t in range(1, len(obs)):
        last = scores[t - 1]
        expected = set().union(*(trans_p[x] for x in last))
        current = set(states.get(obs[t], all_states)) & expected or expected or all_states
        now, came = {}, {}
        for y in current:
            emit = emit_p[y].get(obs[t], MIN_FLOAT)
            # (last + transition) + emission, added in jieba's order so that the sums are its own
            now[y], came[y] = max((last[y0] + p + emit, y0) for y0, p in into.get(y, ()) if y0 in last)
        scores.append(now)
        back.append(came)
    _, state = max((scores[-1][y], y) for y in back[-1])
    route = [state] * len(obs)
    for i in range(len(obs) - 1, 0, -1):
        state = back[i][state]
        route[i - 1] = state
    return tuple(route)


@functools.lru_cache(maxsize=1)
def _transitions_into() -> dict:
    """The tagger's transitions by the state they lead to: state -> ((from, log probability), …)."""
    _, _, trans_p, _ = _hmm()
    into: dict = {}
    for y0, out in trans_p.items():
        for y, p in out.items():
            into.setdefault(y, []).append((y0, p))
    return {y: tuple(pairs) for y, pairs in into.items()}


@functools.lru_cache(maxsize=1)
def _hmm() -> tuple:
    """jieba's tagger tables (char -> states, start, transition, emission), loaded from the
    pickles jieba ships beside its modules, without importing jieba.posseg (which reads dict.txt)."""
    folder = os.path.join(os.path.dirname(_jieba_dict_path()), "posseg")
    tables = []
    for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit"):
        with open(os.path.join(folder, f"{name}.p"), "rb") as handle:
            tables.append(pickle.load(handle))
    return tuple(tables)


def _tag(word: str) -> str:
    """The tag ``dict.txt`` gives the word; ``x`` for a word it does not list."""
    names, ids = _tag_table()
    key = dictionary().index(word)
    return names[ids[key]] if key is not None else "x"


@functools.lru_cache(maxsize=1)
def _tag_table() -> tuple[tuple[str, ...], array]:
    from .prepared import prepared

    names, data = prepared("words-jieba-tags", _dictionary_key(), _build_tags)
    ids = array("B")
    ids.frombytes(data)
    return names, ids


def _build_tags() -> tuple[tuple[str, ...], bytes]:
    """Tag ids by dictionary id, read as jieba's ``load_word_tag`` reads ``dict.txt`` (a word
    listed twice keeps its last tag)."""
    d = dictionary()
    names: dict[str, int] = {}
    ids = array("B", [0]) * d.size
    with open(_jieba_dict_path(), "rb") as handle:
        for line in handle:
            line = line.strip().decode("utf-8")
            if not line:
                continue
            word, _, tag = line.split(" ")
            key = d.index(word)
            if key is not None:
                ids[key] = names.setdefault(tag, len(names))
    return tuple(names), ids.tobytes()
