"""Which bracketed remarks are responsibility clauses, where they stand, and the sentences they
cover: real strings from corpus/extra (State Council 国发/国办发 notices, 2026 city policies)."""

from policyparse.normalize import NormalizedText
from policyparse.segment import segment
from policyparse.segment.clauses import bracket_groups, find_clauses

# Which bracketed remarks are clauses, and where they stand, are cases of tests/cases/clauses.jsonl
# (labels kind-* and place-*), run by test_clause_cases.py.


def test_clause_covers_the_sentences_before_it():
    text = "支持设立首次进口药品和生物制品口岸。（负责部门：药监局、海关总署，适用范围：重庆自贸试验区）"
    (clause,) = find_clauses(text, 0, len(text))
    assert text[clause.covers[0]:clause.covers[1]] == "支持设立首次进口药品和生物制品口岸。"
    assert clause.inner.startswith("负责部门：药监局")


def test_square_brackets_group_like_round_ones():
    text = "予以支持。〔牵头单位：区委组织部（区委人才办）、区科技经信局〕国发〔2018〕38号"
    assert [text[s:e] for s, e in bracket_groups(text)] == [
        "〔牵头单位：区委组织部（区委人才办）、区科技经信局〕", "〔2018〕"]


def test_state_council_task_list_gets_one_assignment_per_clause():
    """A 国务院 notice whose numbered measures each end with （X、Y负责）: every measure is a task
    with its clause, read by the whole pipeline's segment stage."""
    text = ("国务院关于促进综合保税区高水平开放高质量发展的若干意见\n"
            "国发〔2019〕3号\n"
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
            "一、统筹国际国内两个市场两种资源，加快培育新动能\n"
            "（一）拓展开展研发业务。支持综合保税区内企业开展研发业务。（海关总署、商务部等有关部门负责）\n"
            "（二）推动保税维修。允许综合保税区内企业开展高技术含量维修业务。（海关总署、财政部、税务总局负责）\n"
            "国务院\n2019年1月12日\n")
    layout = segment(NormalizedText.identity(text))
    (doc,) = layout.documents
    clauses = [c.inner for t in doc.tasks for c in t.clauses]
    assert clauses == ["海关总署、商务部等有关部门负责", "海关总署、财政部、税务总局负责"]


def test_both_stages_read_one_clause_grammar():
    """The clause grammar lives in lexicons/shared: the segment stage (which finds clauses) and the
    extract stage (which reads them) call one parser over one loaded copy."""
    from policyparse.extract import lexicon as extract_lexicon
    from policyparse.extract import units
    from policyparse.lexicons import available
    from policyparse.segment import clause_parser, grammar

    assert extract_lexicon.grammar() is grammar.grammar()
    assert units.read_clause is clause_parser.read_clause
    files = available()
    assert "shared/clause_grammar.tsv" in files and "shared/unit_suffixes.tsv" in files
    assert not {"shared/clause_cues.tsv", "segment/clause_cues.tsv", "extract/clause_cues.tsv"} & set(files)
    # every key the segment stage recognises is one the extract stage reads units after
    for word, role in grammar.grammar().role_of_key.items():
        assert role in ("lead", "support", "responsible"), word


def test_a_clause_opened_at_a_line_end_goes_on_below():
    # …予以及时补偿。 （责任部门： / 省财政厅，…；配合部门：…） (a hard-wrapped .wps of 云南 医改 2014)
    from policyparse.segment.paragraphs import paragraphs

    text = ("4.建立科学补偿机制。医保基金通过购买服务对医院提供的基本医疗服务予以及时补偿。 （责任部门：\n"
            "省财政厅，省卫生行政管理部门；配合部门：省人力资源社会保障厅、物价局）\n5.理顺医疗服务价格。\n")
    paras = paragraphs(text)
    assert [p.text[:2] for p in paras] == ["4.", "5."]
    assert paras[0].text.endswith("物价局）")


def test_a_bracket_of_names_after_an_office_names_its_host_not_who_does_the_task():
    from policyparse.segment.clauses import find_clauses
    # 云南 质量发展 实施方案 (round 7 y01): the office that receives reports, then its host body
    t = "各州、市人民政府的工作方案请于2016年9月上旬报省实施品牌和质量强省战略领导小组办公室（省质监局）。"
    assert find_clauses(t, 0, len(t)) == []
    t = "加快推进质量强省建设。（省质监局）"
    assert [c.inner for c in find_clauses(t, 0, len(t))] == ["省质监局"]


def test_a_lead_and_its_partners_named_in_running_text_are_a_clause():
    # issue 11: X牵头，Y参与 in a plain sentence; round 9 y05 (development data)
    from policyparse.segment.clauses import find_clauses

    t = "建立联席会议制度。联席会议由市经委负责牵头，市环保局、市科委等有关部门参加，每年定期召开。"
    assert [c.inner for c in find_clauses(t, 0, len(t))] == ["由市经委负责牵头，市环保局、市科委等有关部门参加"]
    # leaders by name and title are no bodies; a lead alone stays an implicit actor
    t = "由冯国勤副市长牵头，周太彤、唐登杰副市长配合。市发展改革委为主要责任单位。"
    assert find_clauses(t, 0, len(t)) == []
    t = "由市发改委牵头的联席会议每季度召开一次。"
    assert find_clauses(t, 0, len(t)) == []
