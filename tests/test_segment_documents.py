"""Documents inside documents: a notice that issues two plans, and the one that issues one."""

from __future__ import annotations

import policyparse

TWO_PLANS = """广西壮族自治区人民政府办公厅关于印发试验区管理办法和深化工业用地改革创新方案的通知
桂政办发〔2016〕122号
各市、县人民政府，自治区人民政府各组成部门、各直属机构：
《试验区管理办法》、《深化工业用地改革创新方案》已经自治区人民政府同意，现印发给你们，请认真贯彻执行。
广西壮族自治区人民政府办公厅
2016年9月7日
试验区管理办法
第一章 总则
第一条 为了规范试验区管理，保障试验区的建设和发展，根据有关法律法规，制定本办法。
第二章 开发建设
第二条 试验区管委会负责组织编制试验区控制性详细规划，报市人民政府批准后实施。
第三条 试验区管委会应当建立项目准入评估制度，对入区项目进行评估。
第四条 本办法自印发之日起施行。
深化工业用地改革创新方案
为贯彻落实国家关于深化工业用地市场化配置改革的部署，制定本方案。
一、主要任务
（一）实行弹性出让。工业用地出让年限原则上不超过20年，试验区管委会负责制定实施细则。
（二）建立退出机制。对未达到约定开发强度的土地，由试验区投资公司依法收回。
"""

ONE_PLAN = """关于印发试验区工业用地改革创新方案的通知
各市、县人民政府：
现将《试验区工业用地改革创新方案》印发给你们，请认真贯彻执行。
广西壮族自治区人民政府办公厅
2016年9月7日
试验区工业用地改革创新方案
一、主要任务
（一）实行弹性出让。工业用地出让年限原则上不超过20年，试验区管委会负责制定实施细则。
（二）建立退出机制。对未达到约定开发强度的土地，由试验区投资公司依法收回。
"""


def test_notice_issuing_two_plans_gives_three_documents():
    docs = policyparse.parse(TWO_PLANS).documents
    assert [d.title for d in docs] == [
        "广西壮族自治区人民政府办公厅关于印发试验区管理办法和深化工业用地改革创新方案的通知",
        "试验区管理办法", "深化工业用地改革创新方案"]
    notice, rules, plan = docs
    assert notice.doc_number == "桂政办发〔2016〕122号" and notice.tasks == []
    assert rules.doc_type == "管理办法" and rules.doc_number is None and rules.issuers == []
    assert [t.id for t in plan.tasks] == ["一/(一)", "一/(二)"]
    # an issued plan belongs to the notice's government, and takes effect when the notice issues it
    assert rules.region == notice.region and rules.level == notice.level == "province"
    assert rules.effective_date == notice.issue_date == "2016-09-07"
    assert notice.effective_date is None


def test_notice_issuing_one_plan_is_one_document():
    docs = policyparse.parse(ONE_PLAN).documents
    assert len(docs) == 1
    assert docs[0].title == "关于印发试验区工业用地改革创新方案的通知"
    assert [t.id for t in docs[0].tasks] == ["一/(一)", "一/(二)"]


LOST_HEADINGS = """关于印发城市管理执法队伍三年行动方案的通知
各市（地）城管（执法）局：
现将《城市管理执法队伍三年行动方案》印发给你们，请遵照执行。
主要任务加强队伍政治建设。各地城市管理执法队伍要深入学习贯彻党的十九大精神。
一是强化政治引领。坚持以党建引领城市管理执法工作。
二是加强基层党建。组织党员干部定期开展党日活动。
加强队伍能力建设。各地要定期开展全员培训。
一是加强教育培训。立足于可量化、可操作的培训。
二是组织岗位练兵。开展岗位练兵和技能比武。
"""


def test_task_ids_stay_unique_where_a_scrape_lost_the_headings():
    tasks = [t for d in policyparse.parse(LOST_HEADINGS).documents for t in d.tasks]
    ids = [t.id for t in tasks]
    assert len(tasks) == 4 and len(set(ids)) == len(ids)
