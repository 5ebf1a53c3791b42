"""Clause grammar: every clause form, every splitting rule, and the floor reached on gold clauses."""

import json
from pathlib import Path

import pytest

from policyparse.extract.units import clause_roles, parse_clause

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"

# (clause as printed, lead, support, responsible) — one row per clause form of issue 5
CLAUSE_FORMS = [
    ("责任单位:市信用办、市效能办、各县(市、区)人民政府、武夷新区管委会",
     [], [], ["市信用办", "市效能办", "各县(市、区)人民政府", "武夷新区管委会"]),
    ("牵头单位:市发展改革委;配合单位:市地税局、市国税局、市金融局",
     ["市发展改革委"], ["市地税局", "市国税局", "市金融局"], []),
    ("市信息办牵头,市直有关单位配合", ["市信息办"], ["市直有关单位"], []),
    ("省发展改革委牵头负责,省财政厅、省金融办、青海银监局等有关部门,各市州政府参加",
     ["省发展改革委"], ["省财政厅", "省金融办", "青海银监局", "各市州政府"], []),
    ("市人力资源社会保障局、市委组织部按职责分工分别负责", [], [], ["市人力资源社会保障局", "市委组织部"]),
    ("市发展改革局负责", [], [], ["市发展改革局"]),
    ("省委组织部、省人力资源社会保障厅、省公务员局等按照职责牵头负责,各市州政府参加",
     ["省委组织部", "省人力资源社会保障厅", "省公务员局"], ["各市州政府"], []),
    ("市信用办、市数字办、市社会信用体系建设领导小组有关成员单位",
     [], [], ["市信用办", "市数字办", "市社会信用体系建设领导小组有关成员单位"]),
    ("市政务公开办、市发改委、市编办按职责分工负责市直有关单位配合",
     [], ["市直有关单位"], ["市政务公开办", "市发改委", "市编办"]),
    ("市发展改革委、市人行牵头,相关单位按职责分工负责", ["市发展改革委", "市人行"], ["相关单位"], []),
    ("教育部会同有关部门负责", ["教育部"], ["有关部门"], []),
    ("负责部门：人民银行、外汇局，适用范围：福建自贸试验区", [], [], ["人民银行", "外汇局"]),
    ("市农委、市人社局等有关单位按职能分工负责", [], [], ["市农委", "市人社局"]),
    ("市发改委为牵头单位，市财政局、市商务局为配合单位", ["市发改委"], ["市财政局", "市商务局"], []),
    ("由市发改委牵头，市财政局配合", ["市发改委"], ["市财政局"], []),
    # a field that is no role holds no units
    ("责任单位：市发改委、市财政局；完成时限：2018年底前", [], [], ["市发改委", "市财政局"]),
    ("责任领导：张三；责任单位：市发改委", [], [], ["市发改委"]),
    # a bracketed role word marks the unit before it
    ("责任单位：市发改委（牵头）、市财政局、市商务局", ["市发改委"], ["市财政局", "市商务局"], []),
    ("牵头责任单位：市发改委；配合责任单位：市财政局", ["市发改委"], ["市财政局"], []),
    ("牵头：市发改委；配合：市财政局、市商务局", ["市发改委"], ["市财政局", "市商务局"], []),
    ("市发改委、市财政局按职责分工负责，各县（市、区）政府落实", [], [], ["市发改委", "市财政局", "各县（市、区）政府"]),
    # State Council task lists (corpus/extra govcn_005, govcn_009, govcn_057): national bodies unprefixed
    ("海关总署、商务部等有关部门负责", [], [], ["海关总署", "商务部"]),
    ("全国工商联、发展改革委、民政部、全国妇联等和各省级人民政府负责", [], [],
     ["全国工商联", "发展改革委", "民政部", "全国妇联", "各省级人民政府"]),
    ("负责部门：邮政局、中国铁路总公司，适用范围：重庆自贸试验区", [], [], ["邮政局", "中国铁路总公司"]),
    # a city policy's 〔牵头单位：…〕 with a bracketed office inside a unit (opc_f87d10c6)
    ("牵头单位：区委组织部（区委人才办）、区科技经信局、区人力社保局", ["区委组织部（区委人才办）", "区科技经信局", "区人力社保局"], [], []),
    ("实施单位：市科技局、市财政局", [], [], ["市科技局", "市财政局"]),
]


@pytest.mark.parametrize("clause,lead,support,responsible", CLAUSE_FORMS)
def test_clause_forms(clause, lead, support, responsible):
    assert clause_roles(clause) == {"lead": lead, "support": support, "responsible": responsible}


# (clause, units role-free) — one row per splitting rule of GUIDE.md §2
SPLITTING = [
    # never inside brackets, whatever the bracket glyph
    ("各县〈市、区〉人民政府〈管委会〉按职责分工分别负责", ["各县〈市、区〉人民政府〈管委会〉"]),
    ("责任单位:市财政局,各县(市、区)人民政府", ["市财政局", "各县(市、区)人民政府"]),
    # at a separator lost in scraping
    ("配合单位:市邮政管理局、大连海关各区市县政府,各先导区管委会",
     ["市邮政管理局", "大连海关", "各区市县政府", "各先导区管委会"]),
    ("牵头单位：市经信局市新经济委、市科技局", ["市经信局", "市新经济委", "市科技局"]),
    ("责任单位:市财政局、市政府采购中心市政府各相关部门,各县市区政府",
     ["市财政局", "市政府采购中心", "市政府各相关部门", "各县市区政府"]),
    # …but a government's own departments and a joint office stay whole
    ("责任单位:市政府法制办、市政府各部门各县市区政府", ["市政府法制办", "市政府各部门", "各县市区政府"]),
    ("责任单位：市委市政府督查室", ["市委市政府督查室"]),
    # trailing 等 / 等有关部门 dropped after a named unit, the tail ends at a lost separator
    ("省信访局等有关部门参加", ["省信访局"]),
    ("配合单位:市财政局、市司法局等各相关协会行业指导部门各有关行业协会商会",
     ["市财政局", "市司法局", "各有关行业协会商会"]),
    ("省发展改革委、省工商局等省社会信用体系建设领导小组成员单位,各市州政府等按照职责分工分别负责",
     ["省发展改革委", "省工商局", "各市州政府"]),
    ("财政部、商务部等和各有关省级人民政府负责", ["财政部", "商务部", "各有关省级人民政府"]),
    # collective units kept when they stand alone
    ("各有关部门,各县市区政府", ["各有关部门", "各县市区政府"]),
    ("市直有关单位按职责分工负责", ["市直有关单位"]),
    # an unclosed bracket opens the list of units it describes
    ("各合作备忘录的信息发起单位(市中院、市国税局牵头,市直有关单位配合", ["市中院", "市国税局", "市直有关单位"]),
    ("责任单位：各成员单位（市发改委、市财政局）", ["市发改委", "市财政局"]),
    # remarks after the list are not units
    ("税务总局、财政部负责，排在第一位的部门为牵头部门，下同", ["税务总局", "财政部"]),
    ("责任单位：市数据局，各县区人民政府，以下均涉及各县区、功能区，不再重复列出", ["市数据局", "各县区人民政府"]),
    ("按《宣城市市级信用信息目录》确定相关责任单位", []),
    # a clause that is a sentence: the unit is what follows 由
    ("技工院校内由人力资源社会保障行政部门负责", ["人力资源社会保障行政部门"]),
    ("自由贸易试验区管委会负责", ["自由贸易试验区管委会"]),
    # spaces separate units, except the justification gap after a lone level character
    ("责任单位：市 发改委 市财政局", ["市发改委", "市财政局"]),
    # names that contain 和 are not split
    ("科技厅、经济和信息化厅、文化和旅游厅", ["科技厅", "经济和信息化厅", "文化和旅游厅"]),
]


@pytest.mark.parametrize("clause,units", SPLITTING)
def test_splitting_rules(clause, units):
    assert [u.name for u in parse_clause(clause)] == units


def test_offsets_point_into_the_clause():
    clause = "牵头单位:市发展改革委;配合单位:大连海关各区市县政府、市绿\n化市容局"
    for unit in parse_clause(clause):
        # the printed extent, with the layout damage the name was repaired of
        assert "".join(clause[unit.start:unit.end].split()) == unit.name


def test_table_column_role_is_the_default():
    assert clause_roles("市信息办、市编办", default_role="lead")["lead"] == ["市信息办", "市编办"]
    # an explicit verb in the cell still wins
    assert clause_roles("市信息办牵头,市直有关单位配合", default_role="responsible")["support"] == ["市直有关单位"]


def _gold_clauses():
    for path in sorted(GOLD.glob("*.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            for task in doc["tasks"]:
                for a in task["assignments"]:
                    yield a


def test_gold_clause_strings_floor():
    """Every gold assignment ``raw`` parsed on its own reproduces the gold roles (floor: all)."""
    exact = total = 0
    for a in _gold_clauses():
        total += 1
        exact += clause_roles(a["raw"]) == {r: a[r] for r in ("lead", "support", "responsible")}
    assert total > 150
    assert exact == total


def test_declared_lead_convention():
    from policyparse.extract.units import apply_lead_convention, lead_convention

    note = "责任单位：市科技局、市数据局，市委网信办；第一个逗号前为牵头单位，多个牵头部门的按照职责分工负责，下同"
    assert lead_convention(["责任单位：市数据局", note]) == "first_group"
    assert lead_convention(["税务总局、财政部负责，排在第一位的部门为牵头部门，下同"]) == "first_unit"
    assert lead_convention(["责任单位：市数据局"]) is None
    # 列第一位的为牵头单位 (a city 若干意见, opc_cc1b4085): the remark after the list's 。 holds no units
    ningbo = "责任单位：市经信局、市发改委，各区〔县、市〕政府、开发园区管委会。列第一位的为牵头单位，下同。"
    assert lead_convention([ningbo]) == "first_unit"
    assert [(u.name, u.role) for u in apply_lead_convention(parse_clause(ningbo), ningbo, "first_unit")] == [
        ("市经信局", "lead"), ("市发改委", "support"), ("各区〔县、市〕政府", "support"), ("开发园区管委会", "support")]
    clause = "责任单位：市人社局，市委网信办、市教育体育局"
    roles = [(u.name, u.role) for u in apply_lead_convention(parse_clause(clause), clause, "first_group")]
    assert roles == [("市人社局", "lead"), ("市委网信办", "support"), ("市教育体育局", "support")]
    # 第一个逗号前为牵头单位 and a clause without a comma: every unit stands before it (opc_5f1f457c)
    clause = "责任单位：市科技局、市经信局"
    roles = [u.role for u in apply_lead_convention(parse_clause(clause), clause, "first_group")]
    assert roles == ["lead", "lead"]
    clause = "海关总署、财政部、税务总局负责"
    roles = [u.role for u in apply_lead_convention(parse_clause(clause), clause, "first_unit")]
    assert roles == ["lead", "support", "support"]
    # a clause that names its own lead keeps it
    clause = "市信息办牵头,市直有关单位配合"
    assert apply_lead_convention(parse_clause(clause), clause, "first_unit") == parse_clause(clause)
