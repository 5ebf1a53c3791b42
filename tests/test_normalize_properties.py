"""Properties of normalize for any input: the character map, idempotence, no crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyparse.normalize import normalize

# Text built from the pieces the fixers react to, so that random inputs exercise every fixer:
# traditional characters, glyphs, pinyin, entities, mojibake marks, numbers, markers, breaks.
PIECES = st.sampled_from([
    "诚信", "建设", "加強", "政務", "誠(chéng)", "信(xìn)", "(PPP)", "(试行)", "偅要", "機淛",
    "┅是", "┿九大", "&ldquo;", "&rdquo;", "&ldqu", "&amp;", "?!本W", "?p", "〔201913", "〔2019〕13号",
    "201972日", "2019年7月2日", "一、", "（一）", "1.", ",", ":", ";", "(", ")", "\n", "\n\n", " ",
    "　　", "***", "乾隆", "昇腾", "1,000", "10:30", "Φ", "②", "囷", "茬", "A", "x", "0", "7",
    "\u200b", "\u00ad", "⼀", "⻓", "鏀垮簻", "Õþ¸®", "\f", "é",
])
NOTICE_TEXT = st.lists(PIECES, max_size=40).map("".join)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
TEXTS = st.one_of(NOTICE_TEXT, ANY_TEXT)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXTS)
def test_character_map_round_trips(raw):
    result = normalize(raw)
    index = result.raw_index
    assert result.raw == raw
    assert len(index) == len(result.text) + 1 and index[-1] == len(raw)
    assert all(0 <= a <= b <= len(raw) for a, b in zip(index, index[1:]))
    for start in range(len(result.text)):
        raw_start, raw_end = result.raw_span(start, start + 1)
        assert 0 <= raw_start < raw_end <= len(raw)
    for edit in result.edits:
        assert 0 <= edit.raw_start <= edit.raw_end <= len(raw)
        assert 0 <= edit.start <= edit.end <= len(result.text)


@FAST
@given(TEXTS)
def test_untouched_characters_come_from_the_raw_text(raw):
    result = normalize(raw)
    covered = set()
    for edit in result.edits:
        covered.update(range(edit.start, edit.end))
    for i, char in enumerate(result.text):
        if i not in covered:
            assert raw[result.raw_index[i]] == char


@FAST
@given(TEXTS)
def test_second_run_changes_nothing(raw):
    once = normalize(raw).text
    assert normalize(once).text == once


@FAST
@given(TEXTS)
def test_explain_false_gives_the_same_text_and_map(raw):
    loud, quiet = normalize(raw), normalize(raw, explain=False)
    assert (quiet.text, quiet.raw_index) == (loud.text, loud.raw_index)
    assert quiet.edits == ()


@FAST
@given(TEXTS, st.integers(0, 60))
def test_normalized_offset_inverts_the_map(raw, offset):
    result = normalize(raw)
    offset = min(offset, len(raw))
    at = result.normalized_offset(offset)
    assert 0 <= at <= len(result.text)
    if at < len(result.text):
        assert result.raw_index[at] >= offset


# Text with what breaks naive offset bookkeeping: chained edits (traditional characters with
# ruby pinyin, 購(ò); mojibake of traditional text), controls, combining marks, astral
# characters, and real notice text.
CONTRACT_PIECES = st.sampled_from([
    "購(ò)", "誠(chéng)", "網(wǎng)", "建設(shè)", "青?!本W站", "鏀垮簻", "Õþ¸®", "&ldquo;", "&amp;ldquo;",
    "偅要", "機淛", "哋方", "┅是", "\u200b", "\u00ad", "e\u0301", "\u0301", "\x07", "\x00", "\r\n",
    "\U00020000", "𠮷", "〔201913", "201972日", ",", "(", ")", " ", "\n", "各县(市、区)人民政府",
])
CONTRACT_TEXT = st.one_of(
    st.lists(CONTRACT_PIECES, max_size=30).map("".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
)


def _assert_contract(raw: str) -> None:
    result = normalize(raw)
    previous_end = 0
    for edit in sorted(result.edits, key=lambda e: (e.raw_start, e.raw_end)):
        assert result.text[edit.start:edit.end] == edit.after, edit
        assert raw[edit.raw_start:edit.raw_end] == edit.before, edit
        assert edit.raw_start >= previous_end, edit  # ordered and disjoint
        previous_end = edit.raw_end
    starts = [e.raw_start for e in result.edits]
    assert starts == sorted(starts)  # text order is raw order


@FAST
@given(CONTRACT_TEXT)
def test_edit_contract_holds_for_any_text(raw):
    _assert_contract(raw)


def test_edit_contract_on_chained_edits():
    for raw in ["購(ò)買", "加強(qiáng)政務(wù)誠(chéng)信建設(shè)", "通过“信用青?!本W站依法公开",
                "政府關(guān)於" + "各县（市、区）".encode("utf-8").decode("gbk", "replace")]:
        _assert_contract(raw)


@given(st.text(max_size=20), st.integers(0xD800, 0xDFFF), st.text(max_size=20))
@FAST
def test_a_lone_surrogate_is_read_as_undecodable_with_an_explained_edit(before, code, after):
    # a str holding half of a UTF-16 pair raised UnicodeEncodeError from inside OpenCC (issue 12):
    # it becomes U+FFFD, like a byte that fails to decode, and the edit contract still holds
    raw = before + chr(code) + after
    result = normalize(raw)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in result.text)
    assert any(e.rule.startswith("replace_lone_surrogates") for e in result.edits)
    _assert_contract(raw)


def test_mojibake_beside_ruby_pinyin_is_repaired_in_one_run():
    # found by test_second_run_changes_nothing: the tone letters of 誠(chéng) hid the Latin-1
    # passage beside them from the mojibake repair until a second run
    once = normalize("誠(chéng)&ldquo;Õþ¸®")
    assert once.text == "诚“政府"
    assert normalize(once.text).text == once.text


def test_mojibake_beside_an_ascii_comma_is_repaired_in_one_run():
    # found by test_second_run_changes_nothing (hypothesis): the ASCII comma beside a Latin-1
    # passage hid it from the mojibake repair until normalize_punctuation had widened it
    once = normalize("Õþ¸®&ldquo;,Õþ¸®")
    assert once.text == "政府“，政府"
    assert normalize(once.text).text == once.text
    _assert_contract("Õþ¸®&ldquo;,Õþ¸®")


RUBY_PIECES = st.sampled_from(list("誠信(（)）ab Zü·'12345ǚāxéP中") + ["\U00020001", "\ufa00", "(chéng)", "(xìn)",
                                                                    "(zhong guo)", "(PPP)", "（hǎi）", "(a1b2c3d4e)"])


@settings(max_examples=400, deadline=None)
@given(st.lists(RUBY_PIECES, max_size=40).map("".join))
def test_ruby_annotations_found_on_code_points_are_the_regex_matches(text):
    """ruby._located finds annotations on arrays of code points: exactly what _ANNOTATION matches."""
    from policyparse.normalize import ruby

    parts = ruby._ANNOTATION.split(text)
    expected = parts[1::2]
    found = ruby._located(text)
    if found is None:
        assert expected == []
        return
    starts, ends, wholes, inverse = found
    assert [text[s:e] for s, e in zip(starts.tolist(), ends.tolist())] == expected
    assert [wholes[k] for k in inverse.tolist()] == expected
    assert len(set(wholes)) == len(wholes)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_map_of_a_few_replacements_is_the_general_one(data):
    """charmap._spread_few builds, a segment at a time, the map _spread builds for many."""
    import numpy

    from policyparse.normalize import charmap

    length = data.draw(st.integers(0, 40))
    cuts = sorted(data.draw(st.lists(st.integers(0, length), min_size=2, max_size=12)))
    cuts = cuts[:len(cuts) // 2 * 2]
    starts, ends = cuts[0::2], cuts[1::2]
    news = data.draw(st.lists(st.integers(0, 4), min_size=len(starts), max_size=len(starts)))
    index = data.draw(st.one_of(st.none(), st.lists(st.integers(0, 99), min_size=length + 1, max_size=length + 1)
                                .map(lambda values: numpy.array(sorted(values), dtype=numpy.int64))))
    few = charmap._spread_few(index, length, starts, ends, news)
    saved, charmap._FEW = charmap._FEW, -1
    try:
        general = charmap._spread(index, length, starts, ends, news)
    finally:
        charmap._FEW = saved
    assert few.dtype == general.dtype and few.tolist() == general.tolist()


@given(st.text(alphabet="?\ufffd誠a\n", max_size=30))
def test_mojibake_suspects_are_every_question_mark_and_replacement_character(text):
    from policyparse.normalize import mojibake

    assert mojibake._suspects(text) == [k for k, c in enumerate(text) if c in "?\ufffd"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "(一)", "(12)", "(1234)", "(十一)", "(٣)", "\n", " ", "\t", "\u3000", "\xa0",
                                 "中", "a", "1", "一"]), max_size=30).map("".join))
def test_a_heading_marker_is_judged_per_pair_as_the_regex_over_every_line_judges_it(text):
    from policyparse.normalize import punct

    markers = {m.end() - 1 for m in punct._MARKER_PAREN.finditer(text)}
    for match in punct._PAREN.finditer(text):
        assert punct._marker(text, match) == (match.end() - 1 in markers)


def _marks_one_by_one(text: str) -> list[int]:
    """The marks normalize_punctuation widens, judged mark by mark (as it was written first)."""
    from policyparse.normalize import punct

    out, widened = [], set()
    for match in punct._MARK.finditer(text):
        pos = match.start()
        mark, before, after = text[pos], text[pos - 1:pos], text[pos + 1:pos + 2]
        if not ((before and (punct._CHINESE_BEFORE.match(before) or pos - 1 in widened) and text[pos + 1:pos + 3] != "//")
                or (after and punct._CHINESE_AFTER.match(after))):
            continue
        if before.isdigit() and after.isdigit():
            continue
        if mark == ";" and punct._REFERENCE_BEFORE.search(text, max(0, pos - 33), pos):
            continue
        if mark == "?" and (before == "?" or after == "?"):
            continue
        out.append(pos)
        widened.add(pos)
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list(",:;!?/&#a1２٣中（）。“\n ") + ["http://", "&ldqu;", "&#12;", "，"]),
                max_size=30).map("".join))
def test_marks_judged_on_code_points_are_those_judged_one_by_one(text):
    from policyparse.normalize import punct

    assert punct._marks(text) == _marks_one_by_one(text)


@given(st.text(alphabet="中文， 、a。\n", max_size=40))
def test_sentence_gaps_found_from_the_space_are_those_found_from_the_character_before(text):
    from policyparse.normalize import layout

    assert ([m.span() for m in layout._ANY_SENTENCE_GAP.finditer(text)]
            == [m.span() for m in layout._SENTENCE_GAP.finditer(text)])


def _exception_words() -> list[str]:
    from policyparse.normalize import script

    return sorted(script._exception_pattern()[1])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_exception_words()), st.sampled_from(list("乾隆著名中\n 昇"))),
                max_size=30).map("".join))
def test_protected_words_found_from_their_first_characters_are_the_regex_matches(text):
    import numpy

    from policyparse.normalize import script

    points = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
    assert script._protected(text, points) == script._protected(text)
