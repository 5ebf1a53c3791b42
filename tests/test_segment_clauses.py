"""Which bracketed remarks are responsibility clauses, where they stand, and the sentences they
cover: real strings from corpus/extra (State Council 国发/国办发 notices, 2026 city policies)."""

import pytest

from policyparse.normalize import NormalizedText
from policyparse.segment import segment
from policyparse.segment.clauses import clause_kind, find_clauses
from policyparse.segment.patterns import bracket_groups

# (inner text of a bracket, is it a clause) — State Council task lists print national bodies
# without any prefix and end with 负责 / 等有关部门负责 / 负责部门：… ；适用范围：…
CLAUSE_KINDS = [
    ("负责部门：海关总署", True),  # govcn_057
    ("负责部门：发展改革委、粮食和储备局，适用范围：浙江自贸试验区", True),
    ("负责部门：人力资源社会保障部、住房城乡建设部、商务部；适用范围：所有自贸试验区，以下除标注适用于特定自贸试验区的措施外，"
     "适用范围均为所有自贸试验区", True),
    ("海关总署、财政部、税务总局负责", True),  # govcn_005
    ("海关总署、商务部等有关部门负责", True),
    ("海关总署、文化和旅游部、文物局负责", True),
    ("全国工商联、发展改革委、民政部、农业农村部、扶贫办、全国总工会、共青团中央、全国妇联等和各省级人民政府负责", True),  # govcn_009
    ("牵头单位：区委组织部（区委人才办）、区科技经信局、区人力社保局", True),  # opc_f87d10c6
    ("实施单位：市科技局、市财政局", True),
    ("区委人才办", True),  # a bare unit: a clause where it closes a sentence or the item
    ("市科技局", True),
    ("市发改委牵头，市财政局、市商务局", True),
    # not clauses
    ("试行", False),
    ("含开放式办公区、会议室、路演厅、技术测试区", False),  # opc_02590739
    ("以下简称市信用办", False),
    ("国发〔2016〕76号", False),
    ("2026-2027年", False),
    ("涵盖边缘/云端/本地算力", False),
    ("聚焦国产化方向", False),
]


@pytest.mark.parametrize("inner,expected", CLAUSE_KINDS)
def test_clause_kind(inner, expected):
    assert clause_kind(inner) is expected


# (item text, clauses found as printed) — where a remark stands decides whether a bare unit list
# is a clause (closing a sentence or the item) or explains the name before it.
CLAUSE_PLACES = [
    ("在符合相关税收政策的前提下，实行海关异地委托监管。（海关总署、财政部、税务总局负责）",
     ["（海关总署、财政部、税务总局负责）"]),
    ("支持自贸试验区试点汽车平行进口保税仓储业务。（负责部门：海关总署）", ["（负责部门：海关总署）"]),
    # 〔〕 brackets around a clause (opc_f87d10c6), with a bracketed unit inside
    ("并在落户、人才公寓等方面予以支持。〔牵头单位：区委组织部（区委人才办）〕",
     ["〔牵头单位：区委组织部（区委人才办）〕"]),
    ("给予最高50万元的创新创业资助。【责任单位：市科技局、市财政局】", ["【责任单位：市科技局、市财政局】"]),
    # a bare unit after the item's last sentence
    ("对引进的顶尖人才团队给予最高1000万元支持。（区委人才办）", ["（区委人才办）"]),
    # a unit in brackets inside a sentence names the body before it: no clause
    ("市人工智能产业链专班办公室（市科技局）发挥统筹协调作用，健全目标分解、跟踪调度机制。", []),
    ("由永州经开区免费提供线下物理空间（含开放式办公区、会议室、路演厅、技术测试区），配套办公设备。", []),
    ("按照《医院处方点评管理规范（试行）》相应条款严肃处理。", []),
    # a doc number's 〔〕 is no clause
    ("贯彻落实《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）。", []),
]


@pytest.mark.parametrize("text,expected", CLAUSE_PLACES)
def test_clause_places(text, expected):
    assert [text[c.span[0]:c.span[1]] for c in find_clauses(text, 0, len(text))] == expected


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
