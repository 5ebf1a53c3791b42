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
    # forms of the third round's development half (/work/devset)
    ("各区县、各部门要加强对事故隐患的监督检查。", ["各区县", "各部门"]),            # levels listed
    ("国务院各相关部门要根据本通知精神，迅速制定具体实施意见。", ["国务院各相关部门"]),
    ("地方各级生态环境部门应建立健全本部门执法全过程记录的管理制度。", ["地方各级生态环境部门"]),
    ("兵团、师市要建立本级统一的行政执法信息公示平台。", ["兵团", "师市"]),          # 兵团's levels
    ("兵团、师市及其行政执法机关要开展专题学习培训。", ["兵团", "师市"]),
    ("由兵团司法局依据国家相关法律法规制定办法。", ["兵团司法局"]),
    ("试验区应当创新投资审批制度，简化程序。", ["试验区"]),                          # a zone
    ("具体实施办法由试验区管委会对接自治区有关部门另行制定。", ["试验区管委会"]),    # 由 mid-clause
    ("各级政府和滇中产业新区管委会要加大对职业教育的投入。", ["各级政府", "滇中产业新区管委会"]),
    # through its head; two collectives glued without a separator are two units (GUIDE.md §2, the
    # reading of corpus 004 各地区各部门 and blind3 w04; blind3 f01's annotator kept 各地各部门 whole)
    ("各地各部门主要负责同志要充分认识其重要意义。", ["各地", "各部门"]),
    ("国土资源厅会同自治区发展改革委、工业和信息化委、统计局定期考核。",
     ["国土资源厅", "自治区发展改革委", "工业和信息化委", "统计局"]),
    # classes the notice sets to work, when their sentence binds them
    ("执法人员在进行监督检查等执法活动时，必须主动出示行政执法证件。", ["执法人员"]),
    ("行政许可、群众来访受理等政务服务窗口应设置岗位信息公示牌。", ["政务服务窗口"]),
    ("法制审核机构完成审核后，应提出书面审核意见。对法制审核机构提出的问题，行政执法承办机构应及时研究。",
     ["法制审核机构", "行政执法承办机构"]),
    ("职业院校要引入职业标准、行业标准和企业核心技术标准。", ["职业院校"]),
    # no named body: a function, an event or nobody
    ("金融机构要为家庭经济困难学生提供助学贷款。", []),                              # a market party
    ("安全监管监察等各有关部门要密切配合、加强指导。", []),                          # restricted by a function
    ("进行法制审核的机构一般是各级生态环境部门负责法制工作的内设机构。", []),          # 是: a predicate
    ("绩效考核结果作为选拔任用公立医院党组织书记的重要参考。", []),
    ("试验区管委会可行使部分行政处罚权。", ["试验区管委会"]),                        # 可 ends the name
    ("兵团司法局会同有关部门对兵团各级行政执法机关开展监督检查。", ["兵团司法局"]),    # unnamed partners
    ("卫生健康行政部门监督指导医院落实各项制度。", []),
    ("各级政府举债应坚持依法依规、规模适度的原则。", []),
    ("加强宣传引导，营造良好氛围。", []),
    # round 4's development half: collectives listed (各区、各部门), names a scraper spaced out, an
    # enterprise listed with the bodies that share its duty, but not enterprises alone
    ("各区、各部门要从适应建设现代化经济体系出发。", ["各区", "各部门"]),
    ("高度重视。 各 市（地）煤矿安全监管部门 、 龙煤集团 要把遏制重特大事故当做重点。",
     ["各市（地）煤矿安全监管部门", "龙煤集团"]),
    ("煤矿企业要落实安全生产主体责任。", []),
    # a collective with its second name in brackets; partners after 会同 without the verb
    ("各级党委（党组）要将知识产权强省建设工作纳入重要议事日程。", ["各级党委（党组）"]),
    ("省厅固体处 负责牵头制定工作方案并组织推进，会同省生态环境保护综合行政执法局、省生态环境技术保障中心做好评估。",
     ["省厅固体处", "省生态环境保护综合行政执法局", "省生态环境技术保障中心"]),
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


def test_a_unit_printed_as_an_items_title_is_its_actor():
    # （二）省生态环境保护综合行政执法局 负责…: the item's title is the body that does the work
    text = "省生态环境保护综合行政执法局 负责将危险废物规范化管理工作纳入执法。"
    assert find_implicit_units(text, "省生态环境保护综合行政执法局") == ["省生态环境保护综合行政执法局"]
    # a title that names no body ends where its text begins
    text = "强化监督机制 区县合作医疗管理委员会要加强监督。"
    assert find_implicit_units(text, "强化监督机制") == ["区县合作医疗管理委员会"]


@pytest.mark.parametrize("text,expected", [
    # a body a contract sets to the work, and a ministry's own bureau named with 部 (round 4: v02)
    ("现场抽检。桥梁监测承担单位应做好每座桥梁的监测方案。", ["桥梁监测承担单位"]),
    ("前期准备阶段。部路网中心组织检测承担单位细化工作内容。", ["部路网中心"]),
    # 部 as the first character of a word (部门) opens no body's name; levels named together do
    ("把部门行为上升为政府行为。", []),
    ("区县合作医疗管理办公室要加强监督。", ["区县合作医疗管理办公室"]),
    # a list whose first body's name holds an actor word (省委|组织部), the list acting 共同
    ("加强检查。省委组织部、省人事厅共同组织实施全省人才奖励项目的检查工作。", ["省委组织部", "省人事厅"]),
])
def test_class_heads_and_name_prefixes_of_round_4(text, expected):
    assert find_implicit_units(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a PDF's wrap spaces read over: the name would run into the sentence (round 5 dev x13, x07)
    ("以解放思想大讨论活动为契机。各单位一定 按照省委的部署，认真谋划。", ["各单位"]),
    ("合理划分事权。县级财政部门直接 管理乡镇财政收支。", []),
    # 与 joins two fields inside a name (省劳动与社会保障厅)
    ("省劳动与社会保障厅要会同有关部门组织评选。", ["省劳动与社会保障厅"]),
])
def test_a_name_holds_no_adverb_or_preposition(text, expected):
    assert find_implicit_units(text) == expected


@pytest.mark.parametrize("text,expected", [
    # verbs of procedure never stand inside a name (round 10 z01, z06: development)
    ("市各有关部门要形成书面材料报送市食品安全联席会议办公室，由市食品安全联席会议办公室汇总报市政府。",
     ["市各有关部门", "市食品安全联席会议办公室"]),
    ("运营机构的设立，由省金融办提请省各类交易场所监管部门联席会议审议后，报省人民政府批准。", ["省金融办"]),
    # …but 指导 names a service body
    ("市就业指导中心要做好毕业生登记工作。", ["市就业指导中心"]),
])
def test_a_name_holds_no_verb_of_procedure(text, expected):
    assert find_implicit_units(text) == expected


@pytest.mark.parametrize("text,expected", [
    # 务必/一定 bind the subject as 必须 does (round 5 dev x13)
    ("继续深入开展活动。各处室、各单位一定按照省委要求把这一活动组织好。", ["各处室", "各单位"]),
    # a cited document's title names its issuers, not the item's actors (round 5 dev x07)
    ("继续深入落实《中共云南省委云南省人民政府关于深化乡镇机构改革的意见》精神。", []),
])
def test_modal_adverbs_and_cited_titles(text, expected):
    assert find_implicit_units(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a stage's title and bracketed period end where its text and subject begin (round 5 x20)
    ("自检自查阶段（7月1日至8月1日）省安全监管局要组织督查组开展督查。", ["省安全监管局"]),
    # unnamed departments stand as a collective beside another (round 5 x16)
    ("增强规划约束。各地、有关部门要对照规划逐条逐项进行梳理。", ["各地", "有关部门"]),
    # …but not alone
    ("有关部门要加强指导。", []),
])
def test_stage_periods_and_listed_collectives(text, expected):
    assert find_implicit_units(text) == expected


# 交通运输部 危险货物港口作业安全治理专项行动方案 (round 6 y04)
@pytest.mark.parametrize("text,units", [
    ("所在地港口行政管理部门要就港口内危化品码头与相关管理部门逐个明确安全监管职责。", ["所在地港口行政管理部门"]),
    ("海事管理机构、交通公安机关要充分认识当前严峻复杂的港口安全生产形势。", ["海事管理机构", "交通公安机关"]),
])
def test_bodies_of_the_place_and_classes_listed_with_named_bodies(text, units):
    assert find_implicit_units(text) == units


def test_one_character_after_and_opens_the_next_name_not_a_body():
    units = find_implicit_units("省级交通运输主管部门和所在地港口行政管理部门按照部相关部署，巩固整治成果。")
    assert not any(u.endswith("和所") for u in units)
    assert find_implicit_units("市和区司法行政部门要通过案卷评查等方式开展监督检查。") == ["市和区司法行政部门"]


# 辽宁省省级国库集中支付业务电子化管理实施细则 (round 9 y08, development data): the duties of each
# party listed under its name and a colon; 和 between a body and a party named by its role
@pytest.mark.parametrize("text,units", [
    ("主管部门：按照财政部门要求，组织本部门规范开展支付电子化和自助柜面业务管理工作。", ["主管部门"]),
    ("预算单位：按财政部门和主管部门要求，规范开展支付电子化和自助柜面业务。", ["预算单位"]),
    # a field whose value is units, and a roster of names, are no duties
    ("执行单位：由湖南、山东、浙江和陕西执行，其他省根据实际情况开展相应工作。", []),
    ("浦东新区：张春华 朱利民 汤志龙 何宝善", []),
    ("上级政府作出重要工作部署后，下级政府和有关部门要按照规定时限报告落实情况。", ["下级政府", "有关部门"]),
    # 各级人民政府及其部门 stays one name
    ("各级人民政府及其部门要带头履行承诺。", ["各级人民政府及其部门"]),
    # 督促检查 is one word of the body's name, not a verb urging it (round 9 y07)
    ("督促检查机构要会同有关部门进一步细化目标任务。", ["督促检查机构"]),
])
def test_duty_lists_and_bodies_joined_to_parties(text, units):
    assert find_implicit_units(text) == units
