"""Implicit units, targets, domains, and the assembly of documents from a hand-made layout."""

from policyparse.extract import extract
from policyparse.extract.domains import assign_domains
from policyparse.extract.implicit import find_implicit_units
from policyparse.extract.targets import find_targets
from policyparse.normalize.text import NormalizedText
from policyparse.schema import Deadline
from policyparse.segment.layout import ClauseBlock, DocumentLayout, Header, Layout, TaskBlock

import pytest


@pytest.mark.parametrize("text,heading,units", [
    ("建立政务诚信监督机制。区政府要依法接受同级人民代表大会的监督", "建立政务诚信监督机制", ["区政府"]),
    ("区司法局负责牵头落实全区依法行政考核工作", None, ["区司法局"]),
    ("市信用办会同有关部门负责对本方案落实工作的统筹协调", None, ["市信用办"]),
    ("各地区、各有关部门要把实施守信联合激励作为重要举措", None, ["各地区", "各有关部门"]),
    ("由上级人民政府定期对下级人民政府进行政务诚信监督检查", None, ["上级人民政府"]),
    ("各地区各部门要狠抓落实", None, ["各地区", "各部门"]),
    ("各行政执法机关在各自门户网站公示行政处罚信息", None, ["各行政执法机关"]),
    # a body glued to the previous sentence by a lost 。
    ("加强对本方案落实工作的监督检查市发展改革委要加强统筹协调", None, ["市发展改革委"]),
    # partners after 会同 that are functions, not bodies, are not units
    ("信用管理部门要会同组织、编办、人事、机关工委、法制部门研究制定办法", None, ["信用管理部门"]),
    # a unit that is only an object is no actor
    ("在失信信息产生后的7个工作日内报送给区发展改革委", None, []),
    ("完善政府采购诚信体系", None, []),
    # city action plans (corpus/extra opc_5f1f457c, opc_600c400d, opc_8e59fad3)
    ("严格落实工作机制，市人工智能产业链专班办公室（市科技局）发挥统筹协调作用，健全目标分解机制。", None,
     ["市人工智能产业链专班办公室（市科技局）"]),
    ("市委组织部、市发改委、市经信局等相关部门，结合职能分工，细化举措实施。", None, ["市委组织部", "市发改委", "市经信局"]),
    ("各县（市、区）要结合产业基础和区域实际，建立健全推进机制。", None, ["各县（市、区）"]),
    ("审核推荐。各区、县（市）科技局对申报材料进行审核。", None, ["各区、县（市）科技局"]),
    ("市工信局会同市发展改革委、市科技局等部门，统筹推进社区建设。", None, ["市工信局", "市发展改革委", "市科技局"]),
    # 组织 opens the rest of a body's name here, it is no action of 市委
    ("市委组织部、市人社局，结合职能分工", None, ["市委组织部", "市人社局"]),
    # the places a pilot singles out act; a website or platform does not (国办函〔2018〕71号)
    ("制定实施方案。试点地区要结合实际抓紧制定具体实施方案。", None, ["试点地区"]),
    ("政府网站在向集约化平台迁移前要进行安全评估和安全加固。", None, []),
    ("各地区政务服务平台要与本地区政府门户网站和集约化平台互联融通。", None, []),
    ("地区要加强管理。", None, []),
    # a list that is an object, not the sentence's subject
    ("支持市发改委、市财政局，开展工作。", None, []),
    # generic lists of sectors sharing one 部门 name no body; named actors do (国办发 medical notices)
    ("财政、发展改革、人力资源社会保障等部门要加强协作，落实补助资金。", None, []),
    ("发展改革、财政部门要加强指导。", None, []),
    ("商务、海关、税务、外汇等部门要加强协同配合。", None, []),
    ("各地要加强组织领导。", None, ["各地"]),
    ("各省份要于2019年底前完成评价。", None, ["各省份"]),
    ("国家卫生健康委要会同有关部门制定考核办法。", None, ["国家卫生健康委"]),
    ("各三级公立医院要按照要求上报数据。", None, ["各三级公立医院"]),
    # a time adverb between the actor and its verb (国办 1996 notice, corpus/extra govcn_042)
    ("中国人民银行每年从黄金收售价差款中支付管理经费。", None, ["中国人民银行"]),
])
def test_implicit_units(text, heading, units):
    assert find_implicit_units(text, heading) == units


def test_target_with_governing_deadline():
    targets = find_targets("到2020年，公务员信用档案覆盖率达到100%。")
    assert [(t.metric, t.value, t.unit, t.by) for t in targets] == [("公务员信用档案覆盖率", 100.0, "%", "2020-12-31")]
    task_deadline = Deadline(raw="2018年底前", end="2018-12-31")
    targets = find_targets("行政许可事项网上办结率不低于90%", task_deadline)
    assert [(t.metric, t.value, t.by) for t in targets] == [("行政许可事项网上办结率", 90.0, "2018-12-31")]
    assert find_targets("加强公务员诚信教育") == []


@pytest.mark.parametrize("heading,text,codes", [
    ("加强政府采购领域政务诚信建设", "完善政府采购诚信体系,加强对采购人履约验收环节信用情况的监督", ["procurement"]),
    ("加强招标投标领域政务诚信建设", "建立招标投标信用评价指标和标准体系", ["bidding"]),
    ("加强组织领导", "各地区、各部门要高度重视,加强组织领导,落实人员、经费等必要保障", []),
    ("规范办学行为", "规范学校课程设置、教学常规、教育科研、学生评价等", ["education"]),
    # sectors named in passing in a long enumeration are not what the task is about
    ("对重点领域实施联合惩戒", "对安全生产、消防、食品药品、税务、工商、质监等领域的严重失信行为实施联合惩戒", []),
])
def test_domains(heading, text, codes):
    tags = assign_domains(heading + "。" + text, heading)
    assert [t.code for t in tags] == codes
    assert all(t.evidence for t in tags)


def test_extract_builds_documents_with_normalized_spans():
    text = ("南平市人民政府办公室关于印发任务分工方案的通知\n"
            "一、建立政务诚信专项督导机制\n"
            "1.上级政府要定期进行政务诚信监督检查，2017年9月底前完成。（责任单位：市信用办、市效能办）\n"
            "2.区发展改革委要发挥好牵头职能。\n")
    nt = NormalizedText.identity(text)
    t1 = text.index("1.")
    t1_end = text.index("\n", t1)
    clause = text.index("（责任单位")
    t2 = text.index("2.")
    doc = DocumentLayout(
        span=(0, len(text)),
        header=Header(title="南平市人民政府办公室关于印发任务分工方案的通知", doc_type="通知",
                      issuers=["南平市人民政府办公室"], issue_date="2017-05-01"),
        tasks=[
            TaskBlock(id="一/1", heading="建立政务诚信专项督导机制", span=(t1, t1_end), text_span=(t1 + 2, t1_end),
                      clauses=[ClauseBlock(span=(clause, t1_end), inner=text[clause + 1:t1_end - 1],
                                           inner_span=(clause + 1, t1_end - 1), covers=(t1 + 2, clause))]),
            TaskBlock(id="一/2", heading="建立政务诚信专项督导机制", span=(t2, len(text) - 1),
                      text_span=(t2 + 2, len(text) - 1)),
        ])
    [out] = extract(Layout(text=nt, documents=[doc]))
    assert (out.region.city, out.level) == ("南平市", "city")
    first, second = out.tasks
    assert "责任单位" not in first.text and first.text.endswith("完成。")
    [assignment] = first.assignments
    assert assignment.raw == "责任单位：市信用办、市效能办"
    assert [u.name for u in assignment.responsible] == ["市信用办", "市效能办"]
    for unit in assignment.responsible:
        assert text[unit.span.start:unit.span.end] == unit.name
    assert unit.agency == "performance_office"
    assert first.deadline.end == "2017-09-30"
    assert text[first.deadline.span.start:first.deadline.span.end] == first.deadline.raw
    assert first.implicit_units == []
    assert [u.name for u in second.implicit_units] == ["区发展改革委"]
    u = second.implicit_units[0]
    assert text[u.span.start:u.span.end] == "区发展改革委"


def test_table_row_columns_and_deadline_cell():
    text = "建立信用信息目录 市信息办 市直有关单位 2017年6月底前完成\n"
    nt = NormalizedText.identity(text)
    lead_at, support_at, dl_at = text.index("市信息办"), text.index("市直"), text.index("2017")
    row = TaskBlock(id="table/1", heading="重点任务分工", span=(0, len(text) - 1), text_span=(0, 8),
                    is_table_row=True,
                    clauses=[ClauseBlock(span=(lead_at, dl_at - 1), inner="市信息办 市直有关单位",
                                         inner_span=(lead_at, dl_at - 1), covers=(0, 8),
                                         columns={"lead": ("市信息办", (lead_at, lead_at + 4)),
                                                  "support": ("市直有关单位", (support_at, support_at + 6))})],
                    deadline_text=("2017年6月底前完成", (dl_at, len(text) - 1)))
    doc = DocumentLayout(span=(0, len(text)), header=Header(), tasks=[row])
    [out] = extract(Layout(text=nt, documents=[doc]))
    [task] = out.tasks
    [a] = task.assignments
    assert [u.name for u in a.lead] == ["市信息办"] and [u.name for u in a.support] == ["市直有关单位"]
    assert task.deadline.end == "2017-06-30" and task.deadline.raw == "2017年6月底前完成"
