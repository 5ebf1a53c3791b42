"""Implicit actors (issue 17): the units a task's own sentences make responsible."""

from __future__ import annotations

import pytest

from policyparse.extract.implicit import find_implicit_units

# fmt: off
CASES = [
    ("各市州政府要加强组织领导，确保各项任务落实到位。", ["各市州政府"]),
    ("试点城市政府负责落实，省直有关部门给予支持。", ["试点城市政府"]),
    ("省发展改革委会同有关部门制定实施细则。", ["省发展改革委"]),
    ("国家卫生健康委要会同国家中医药局制定考核办法。", ["国家卫生健康委", "国家中医药局"]),
    ("市住房城乡建设局牵头，会同市财政局制定办法。", ["市住房城乡建设局", "市财政局"]),
    ("市教育局联合市人社局开展培训。", ["市教育局", "市人社局"]),
    ("县级以上地方人民政府应当加强领导。", ["县级以上地方人民政府"]),
    ("街道办事处要做好宣传。", ["街道办事处"]),
    ("2019年3月底前，国家卫生健康委推行全国统一的疾病分类编码。", ["国家卫生健康委"]),
    ("各省份于2019年11月底前完成考核工作。", ["各省份"]),
    # no named body: a function, an event or nobody
    ("卫生健康行政部门监督指导医院落实各项制度。", []),
    ("各级政府举债应坚持依法依规、规模适度的原则。", []),
    ("加强宣传引导，营造良好氛围。", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:10] for c in CASES])
def test_implicit_actors(text, expected):
    assert find_implicit_units(text) == expected


def test_a_section_lead_hands_its_actor_to_items_that_name_none():
    lead = "试点地区要按照统一部署，重点做好以下工作："
    assert find_implicit_units("建设集约化平台。平台建设可采用省级统建模式。", lead=lead) == ["试点地区"]
    # an item that names its own actor keeps it
    assert find_implicit_units("国务院办公厅负责统筹协调。", lead=lead) == ["国务院办公厅"]
    # a lead that does not hand the items over (no 以下工作 / 如下) gives nothing
    assert find_implicit_units("建设集约化平台。", lead="试点地区要高度重视。") == []
