"""Clause units: offsets into the printed clause, table defaults, the floor reached on gold clauses,
lead conventions, the unit limit (issue 16 #9)."""

import json
from pathlib import Path

from policyparse.extract.units import clause_roles, parse_clause

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"

# The clause forms and splitting rules of issue 5 are cases of tests/cases/clauses.jsonl now
# (test_clause_cases.py); the tests here check what a case line cannot: offsets, defaults, the gold.


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


def test_two_conventions_one_for_each_leads_clauses():
    # 国务院 任务分工方案: 分别负责 clauses make every unit lead, the others lead with their first unit
    from policyparse.extract.units import apply_lead_convention, lead_convention

    first = "国家发展改革委、国家卫生健康委、民政部分别负责，分别负责为各单位按职责分别牵头，下同"
    third = "国家卫生健康委、国家中医药局、国家发展改革委负责，排在第一位的为牵头单位，下同"
    conventions = lead_convention([first, third])
    assert conventions == ("each_leads", "first_unit")
    assert [u.role for u in apply_lead_convention(parse_clause(first), first, conventions)] == ["lead"] * 3
    assert [u.name for u in parse_clause(first)] == ["国家发展改革委", "国家卫生健康委", "民政部"]
    assert [u.role for u in apply_lead_convention(parse_clause(third), third, conventions)] == [
        "lead", "support", "support"]


def test_declared_lead_convention():
    from policyparse.extract.units import apply_lead_convention, lead_convention

    note = "责任单位：市科技局、市数据局，市委网信办；第一个逗号前为牵头单位，多个牵头部门的按照职责分工负责，下同"
    assert lead_convention(["责任单位：市数据局", note]) == ("first_group",)
    assert lead_convention(["税务总局、财政部负责，排在第一位的部门为牵头部门，下同"]) == ("first_unit",)
    assert lead_convention(["责任单位：市数据局"]) is None
    # 列第一位的为牵头单位 (a city 若干意见, opc_cc1b4085): the remark after the list's 。 holds no units
    ningbo = "责任单位：市经信局、市发改委，各区〔县、市〕政府、开发园区管委会。列第一位的为牵头单位，下同。"
    assert lead_convention([ningbo]) == ("first_unit",)
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


def test_a_clause_past_the_unit_limit_keeps_the_limit_and_counts_the_rest():
    """Issue 16 #9: a clause of 50,000 units gave no unit and no warning."""
    from policyparse.segment.clause_parser import MAX_UNITS, read_clause

    clause = "责任单位：" + "、".join(f"市第{i}局" for i in range(5000))
    reading = read_clause(clause)
    assert len(reading.units) == MAX_UNITS
    assert reading.dropped == 5000 - MAX_UNITS
    assert reading.units[0].name == "市第0局" and reading.units[-1].name == f"市第{MAX_UNITS - 1}局"


def test_the_unit_limit_warns_in_the_parse_result():
    from policyparse import parse

    names = "、".join(f"市第{i}局" for i in range(50000))
    text = ("某市人民政府关于印发某某实施方案的通知\n各区人民政府：\n一、主要任务\n"
            f"（一）加强建设。推进工作。（责任单位：{names}）\n（二）完善机制。（责任单位：市财政局）\n"
            "某市人民政府\n2020年1月1日\n")
    result = parse(text)
    tasks = [t for d in result.documents for t in d.tasks]
    assert [len(a.responsible) for t in tasks for a in t.assignments] == [200, 1]
    assert any("names 50000 units" in w and "dropped 49800" in w for w in result.warnings)


def test_an_each_leads_convention_quoted_and_cut_by_a_line_break():
    # （…分别负责；“分别负责”为各部门按照职责分别牵\n头） (round 6 y06, 云南 医改2018下半年)
    from policyparse.extract.units import lead_convention
    clause = "省卫生计生委、财政厅分别负责；“分别负责”为各部门按照职责分别牵\n头"
    assert "each_leads" in lead_convention([clause])
