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


# A forwarded plan that several departments drew up prints their names under its title (署名),
# where the walk used to read a signature and drop the plan as text after the notice.
FORWARDED_WITH_BYLINE = """云南省人民政府办公厅转发省发展改革委等部门关于推进快递包装绿色转型若干措施的通知
云政办函〔2021〕55号
各州、市人民政府，省直各委、办、厅、局：
省发展改革委、省邮政管理局《关于推进快递包装绿色转型的若干措施》已经省人民政府同意，现转发给你们，请认真贯彻落实。
云南省人民政府办公厅
2021年7月8日
（此件公开发布）
关于推进快递包装绿色转型的若干措施
省发展改革委　省邮政管理局
省司法厅　省商务厅
为推进快递包装绿色转型，结合我省实际，现提出以下措施：
一、完善标准体系
（一）加强标准化工作。结合我省实际制定地方标准。（省市场监管局牵头；省商务厅配合）
（二）落实认证制度。实施快递包装绿色产品认证。（省邮政管理局负责）
"""


def test_issuers_printed_under_a_forwarded_plans_title_are_no_signature():
    result = policyparse.parse(FORWARDED_WITH_BYLINE)
    assert not result.warnings
    (doc,) = result.documents
    assert [t.id for t in doc.tasks] == ["一/(一)", "一/(二)"]
    assert [u.name for u in doc.tasks[0].assignments[0].lead] == ["省市场监管局"]


def test_a_signature_under_an_attachment_line_is_no_byline():
    """附件：X方案 names a title above the signature; the issuer under it still signs the notice."""
    text = ("关于印发试验区工业用地改革创新方案的通知\n各市、县人民政府：\n"
            "现将《试验区工业用地改革创新方案》印发给你们，请认真贯彻执行。\n"
            "附件：试验区工业用地改革创新方案\n广西壮族自治区人民政府办公厅\n2016年9月7日\n")
    (doc,) = policyparse.parse(text).documents
    assert doc.issuers == ["广西壮族自治区人民政府办公厅"]
    assert doc.issue_date == "2016-09-07"


def test_an_imprint_line_cut_by_the_pdf_layout_and_a_disclosure_remark_close_the_notice():
    """（信息公开形式：主动公开） under the signature, then the 印发 imprint cut into issuer, date and
    印发: the issued plan printed after them is the notice's plan, not text after it."""
    text = ("关于印发 2017年全省安全监管\n工作要点的通知\n各市（地）安全监管局：\n"
            "现将《 2017年全省安全监管工作要点》印发你们，请结合实际，认真贯彻落实。\n"
            "黑龙江省安全生产监督管理局\n2017 年 3月 17日\n（信息公开形式：主动公开 ）\n"
            "黑龙江省安全生产监督管理局\n2017 年 3 月 17 日\n印发\n"
            "2017 年全省安全监管工作要点\n2017 年全省安全监管工作总体要求是，继续落实安全生产责任制。\n一、强化预防\n（一）加强隐患排查治理。督促企业全面排查治理隐患。\n"
            "（二）强化组织领导。主动向党委政府汇报有关重点难点问题。\n")
    result = policyparse.parse(text)
    assert not result.warnings
    (doc,) = result.documents
    assert [t.id for t in doc.tasks] == ["一/(一)", "一/(二)"]


def test_a_byline_under_a_forwarded_title_the_notice_did_not_name_exactly():
    # the notice's own title wrapped, so the forwarded plan's title was not expected word for word:
    # the names under it are its byline because its text, not a date, follows them
    from policyparse.segment.documents import DocSlice, _is_byline
    from policyparse.segment.paragraphs import paragraphs

    lines = ["2015—2017年鼓励提前淘汰黄标车和老旧车奖励补贴指导意见", "环境保护厅 财政厅 商务厅",
             "为落实国务院《大气污染防治行动计划》，持续推进我区机动车污染减排，制定本意见。"]
    paras = paragraphs("\n".join(lines) + "\n")
    assert _is_byline(paras, 1, DocSlice(paras=[0, 1, 2]))
    # a title-like first line of a signature, a date below: a signature
    lines = ["重庆市“满天星”行动计划", "工作专班办公室", "2023年5月6日"]
    paras = paragraphs("\n".join(lines) + "\n")
    assert not _is_byline(paras, 1, DocSlice(paras=[0, 1, 2]))


def test_a_signature_printed_again_after_the_publication_remark_keeps_one_document():
    from policyparse import parse
    # 黑安监发〔2016〕19号 as scraped (round 5 x20): the page prints the signature twice, the second
    # time glued to （信息公开形式：主动公开）, then the plan under a 印发… title
    text = ("关于印发《粉尘防爆专项整治工作方案》的通知\n各市（地）安全监管局：\n现将工作方案印发给你们，请认真组织实施。\n"
            "黑龙江省安全生产监督管理局\n2016年6月1日\n（信息公开形式： 主动公开）黑龙江省安全生产监督管理局\n2016年6月1日\n"
            "印发粉尘防爆专项整治工作方案\n为深刻吸取教训，现将有关事项通知如下：\n"
            "一、工作措施\n（一）核清底数。各地要摸排粉尘涉爆企业。\n（二）强化培训。各地要举办专题培训班。\n")
    result = parse(text, name="x20.txt")
    assert len(result.documents) == 1
    assert len(result.documents[0].tasks) == 2


def test_the_notices_own_title_after_site_metadata_is_the_notice_not_its_plan():
    from policyparse import parse
    # 林策发〔2008〕51号 as scraped (round 5 x18): the page title, metadata with an empty 发文机构：,
    # then the notice's own title with its issuer; the 2007 review part sets no work
    text = ("关于印发《集体林权制度改革2008年工作要点》的通知 发文机构： 发布时间：2008-03-14 "
            "发文字号：林策发〔2008〕51号 国家林业局关于印发《集体林权制度改革2008年工作要点》的通知 "
            "各省、自治区、直辖市林业厅（局）： 现将《集体林权制度改革2008年工作要点》印发你们，请认真贯彻执行。\n"
            "一、2007年林改工作取得了重大进展\n（一）完成了意见起草工作。我局组织起草了意见。\n"
            "二、2008年林改工作要点\n（一）抓好林改培训。各地要组织开展培训。\n")
    (doc,) = parse(text, name="x18.txt").documents
    assert doc.title.startswith("国家林业局关于印发")
    assert doc.recipients[0].startswith("各省")
    assert [t.id for t in doc.tasks] == ["二/(一)"]


def test_a_header_longer_than_the_window_is_read_whole():
    from policyparse import parse
    # 桂政办发〔2018〕129号 as saved from the site (round 5 x08): metadata, the title wrapped in two,
    # the number, the site's date, source and tool bar, then the 主送机关 — one notice
    meta = ["发文机构：广西壮族自治区人民政府办公厅", "发布时间：2018-10-31", "发文字号：桂政办发〔2018〕129号",
            "政策类型：政策文件", "政策层级：省级", "来源：http://www.gxzf.gov.cn/", "关键字：财政；项目资金"]
    text = "\n".join(["广西壮族自治区人民政府办公厅关于转发扶贫项目资金绩效管理实施办法的通知"] + meta + [
        "广西壮族自治区人民政府办公厅关于 转发自治区财政厅 扶贫", "办 发展改革委 扶贫项目资金绩效管理实施办法的通知",
        "（桂政办发〔2018〕129号）", "2018-10-31 16:04", "来源：广西壮族自治区人民政府办公厅", "分享 微信", "微博 空间", "qq",
        "【字体： 大 中 小 】 打印", "各市、县人民政府，自治区人民政府各组成部门、各直属机构：",
        "自治区财政厅、扶贫办、发展改革委《扶贫项目资金绩效管理实施办法》已经自治区人民政府同意，现转发给你们，请认真贯彻执行。",
        "2018年10月25日", "扶贫项目资金绩效管理实施办法", "第一条 各级财政部门要加强扶贫项目资金绩效管理。"]) + "\n"
    result = parse(text, name="x08.txt")
    assert len(result.documents) == 1
    assert result.documents[0].recipients[0] == "各市"


def test_an_article_cut_at_a_space_after_a_regulators_name_is_no_signature():
    from policyparse.segment.breaks import break_reason
    from policyparse.segment.lines import is_issuer_name
    # 第 六 条 银保监会 及其派出机构依法…: a spaced article whose subject ends like an issuer (监会)
    assert not is_issuer_name("第 六 条 银保监会")
    assert break_reason("第 六 条 银保监会", "及其派出机构依法对保险中介机构实施监督管理。", True) is None
    assert is_issuer_name("中国银保监会")


def test_a_leading_group_named_above_its_roster_is_no_signature():
    from policyparse import parse
    # 三、组织领导及部门职责 （一）组织领导 / …工作领导小组 / 组长：… (round 6 y01, 黑安发〔2013〕10号)
    text = ("关于印发整顿关闭工作实施意见的通知\n各市（地）安全监管局：\n现将实施意见印发给你们，请认真贯彻执行。\n"
            "一、组织领导\n（一）组织领导\n黑龙江省金属非金属矿山整顿关闭工作领导小组\n"
            "组长：张建星省政府副省长、省政府安委会主任\n成员：李瑞林省安全监管局总工程师\n"
            "（二）部门职责\n1. 省安全监管局：负责全省整顿关闭工作的综合监督、指导和协调工作。\n"
            "2. 省公安厅：监督指导各级公安部门认真开展整顿关闭工作。\n")
    (doc,) = parse(text, name="y01.txt").documents
    # the items after the roster stay in the notice (they were dropped as text after a signature)
    assert [t.id for t in doc.tasks][-2:] == ["一/(二)/1", "一/(二)/2"]


def test_a_contact_block_between_the_signature_and_the_issued_plan_is_the_notices_closing():
    from policyparse import parse
    # 国知发保字〔2021〕26号 as scraped (round 7 y09): under the date a 联系方式 block of two offices
    # (GB/T 9704 7.3.6 附注), the issued plan's title glued to the last e-mail address
    text = ("国家知识产权局 国家市场监督管理总局关于印发《奥林匹克标志知识产权保护专项行动方案》的通知\n"
            "国知发保字〔2021〕26号\n各省、自治区、直辖市知识产权局、市场监管局：\n"
            "现将《奥林匹克标志知识产权保护专项行动方案》印发给你们，请认真贯彻落实。\n"
            "国家知识产权局 国家市场监督管理总局 2021年10月15日 联系方式： 国家知识产权局知识产权保护司 "
            "联系人：王琛 电话：010—62086894 邮箱：pgi@cnipa.gov.cn 国家市场监督管理总局执法稽查局 "
            "联系人：杨伟涛 电话：010—88652465 邮箱：jcsc@samr.gov.cn 奥林匹克标志知识产权保护专项行动方案 "
            "为保障奥林匹克标志权利人的合法权益，制定本行动方案。\n一、重点任务\n"
            "（一）夯实保护基础。各地要加强对奥林匹克标志的保护。\n（二）加强宣传教育。各地要广泛开展宣传。\n")
    result = parse(text, name="y09.txt")
    (doc,) = result.documents
    assert [t.id for t in doc.tasks] == ["一/(一)", "一/(二)"]
    assert not any("联系" in t.text or "@" in t.text for t in doc.tasks)


def test_a_bracketed_contact_note_under_the_date_is_no_task_and_does_not_end_the_notice():
    from policyparse import parse
    text = ("某市商务局关于印发《对外劳务合作告知承诺实施意见》的通知\n各区商务主管部门：\n"
            "现将《对外劳务合作告知承诺实施意见》印发给你们，请遵照执行。\n某市商务局\n2022年1月13日\n"
            "（联系人：对外经济合作处袁渤；联系电话：55579388）\n对外劳务合作告知承诺实施意见\n"
            "一、工作任务\n（一）公布告知事项。市商务局要公布办理条件。\n（二）加强事中事后监管。各区要开展核查。\n")
    (doc,) = parse(text, name="x.txt").documents
    assert [t.id for t in doc.tasks] == ["一/(一)", "一/(二)"]


def test_a_signature_date_in_chinese_numerals_spread_out_by_the_layout_is_the_issue_date():
    from policyparse import parse
    text = ("云南省人民政府关于加强城市低收入家庭住房保障的实施意见\n云政发〔2007〕183号\n各州、市人民政府：\n"
            "一、主要任务\n（一）建立住房保障制度。各州、市要建立住房保障制度。\n（二）加快廉租住房建设。各地要加快建设。\n"
            "云南省人民政府\n二 ○○ 七年十二月八日\n")
    (doc,) = parse(text, name="x.wps").documents
    assert doc.issue_date == "2007-12-08"


def test_a_joint_signature_printed_side_by_side_names_every_body():
    from policyparse import parse
    # 京民养老发〔2019〕42号 as scraped (round 7 y10): seven bodies, their date and the issued 办法's
    # title on one line, a space apart; the wrap spaces of the page are removed around them
    text = ("关于印发《北京市老年人能力综合评估实施办法（试行）》的通知 京民养老发〔2019〕42号 "
            "各区民政局、财政局： 现将《北京市老年人能力综合评估实施办法（试行）》印发给你们，请认真贯彻执行。\n"
            "北京市民政局 北京市财政局 北京市卫生健康委员会 北京市残疾人联合会 2019年3月14日 "
            "北京市老年人能力综合评估实施办法（试行） 第一条 为规范评估工作，制定本办法。\n"
            "第二条 评估机构派出评估人员上门评估。\n第三条 本办法自发布之日起施行。\n")
    (doc,) = parse(text, name="y10.txt").documents
    assert doc.issuers == ["北京市民政局", "北京市财政局", "北京市卫生健康委员会", "北京市残疾人联合会"]
    assert doc.issue_date == "2019-03-14"


def test_a_joint_signature_under_the_last_item_leaves_the_item_whole():
    from policyparse import parse
    # 沪府办发〔2005〕 forwarding four bureaus' opinion (round 3 w12): (五) runs into its text on one
    # line; the four bodies that sign below it, one a line, are no text of the item
    text = ("上海市人民政府办公厅转发市卫生局等四部门关于提高本市农村合作医疗保障水平意见的通知\n"
            "各区、县人民政府：\n市卫生局等四部门制订的意见已经市政府同意，现转发给你们。\n上海市人民政府办公厅\n"
            "二○○五年十一月十日\n关于提高本市农村合作医疗保障水平的意见\n一、加强管理\n"
            "（四）强化监督机制 区县合作医疗管理委员会要监督检查合作医疗的运行。\n"
            "（五）规范医疗服务 郊区社区卫生服务中心及村卫生室应以预防为主，综合开展社区卫生服务。\n"
            "上海市卫生局 上海市农业委员会 上海市财政局 二○○五年十一月三日\n")
    tasks = [t for d in parse(text, name="w12.txt").documents for t in d.tasks]
    assert [t.text[:6] for t in tasks] == ["强化监督机制", "规范医疗服务"]


def test_a_work_summary_issued_beside_the_next_years_work_points_is_a_document_that_sets_no_work():
    from policyparse import parse
    # 直机工字〔2014〕5号 as scraped (round 6 y09): one 《》 names both documents, the second title
    # opens with its year; the union signs; the summary reports the past year
    text = ("关于印发交通运输部直属机关工会2013年工作总结和2014年工作要点的通知 部机关和在京直属各单位工会： "
            "现将《交通运输部直属机关工会2013年工作总结和2014年工作要点》印发给你们，请结合实际，落实有关工作。\n"
            "交通运输部直属机关工会 2014年2月15日 交通运输部直属机关工会 2013年工作总结 2013年是开局之年。\n"
            "（一）紧贴中心促发展。一是组织动员广大职工岗位建功。\n（二）凝聚人心促和谐。一是组织职工开展系列活动。\n"
            "交通运输部直属机关工会2014年工作要点 2014年，工会工作的总体要求是：围绕中心，服务大局。\n"
            "一、加强工会组织建设。及时督促指导基层工会组织按时换届。\n二、做实帮扶工作。进一步做强送温暖品牌。\n")
    docs = parse(text, name="y09.txt").documents
    assert [d.doc_type for d in docs] == ["通知", "工作总结", "工作要点"]
    assert docs[0].issuers == ["交通运输部直属机关工会"]
    assert [len(d.tasks) for d in docs] == [0, 0, 2]


def test_an_imprint_line_after_the_last_issued_document_is_no_signature_of_the_notice():
    from policyparse import parse
    # 新兵办发〔2019〕13号 as scraped: a notice issuing two documents, the notice's date above them
    # and the 印发 imprint (GB/T 9704 版记) after the last; reading the notice's own header again
    # without the issued documents raised ValueError
    text = ("关于印发兵团园区管理领导小组工作规则和兵团园区管理领导小组办公室工作细则的通知 各师市，兵团机关各部门： "
            "现将《兵团园区管理领导小组工作规则》和《兵团园区管理领导小组办公室工作细则》印发你们，请遵照执行。\n"
            "2019年1月3日 （此件公开发布） 兵团园区管理领导小组工作规则 一、机构设置 第一条 领导小组负责统筹园区管理工作。\n"
            "第二条 领导小组办公室负责日常工作。\n兵团园区管理领导小组办公室工作细则 一、工作职责 第一条 办公室负责承办领导小组会议。\n"
            "第二条 办公室负责督促检查。\n新疆生产建设兵团办公厅 2019年1月23日印发 分享： ")
    docs = parse(text, name="x.txt").documents
    assert [d.doc_type for d in docs] == ["通知", "规则", "细则"]
    assert [len(d.tasks) for d in docs[1:]] == [3, 3]


def test_documents_titled_in_their_own_words_under_a_page_title_that_issues_them():
    from policyparse import parse
    # 交直机团发〔2015〕1号 as scraped (round 8 y05, read after its single score): the page prints
    # the notice's title and the site's metadata, no notice body, then the two documents under
    # titles worded their own way (团委2014年工作总结 -> 2014年…共青团工作总结)
    text = ("关于印发交通运输部直属机关团委2014年工作总结和2015年工作要点的通知 发文机构：机关党委 "
            "发布时间：2015-02-12 发文字号：交直机团发〔2015〕1号 "
            "2014年交通运输部直属机关共青团工作总结 2014年，直属机关共青团认真学习贯彻党的十八大精神。\n"
            "一、加强青年理论武装\n（一）开展政治理论学习活动。组织青年学习中央精神。\n"
            "2015年交通运输部直属机关共青团工作要点 2015年，直属机关共青团工作的总体要求是：服务大局。\n"
            "一、加强思想引领。各级团组织要深入开展学习活动。\n二、服务青年成长。各级团组织要开展青年培训。\n")
    docs = parse(text, name="y05.txt").documents
    assert [d.doc_type for d in docs] == ["通知", "工作总结", "工作要点"]
    assert [len(d.tasks) for d in docs] == [0, 0, 2]


def test_the_rows_of_a_list_of_documents_are_no_notices():
    # 审计署关于废止部分审计规章的决定 (审计署令第7号, wild): 附件1 废止的审计规章目录 lists each rule
    # with its title, number and date; none of them opens a notice
    from policyparse.normalize.text import NormalizedText
    from policyparse.segment import segment

    text = ("审计署关于废止部分审计规章的决定\n为了进一步明确审计法规依据，审计署对规章进行了清理。\n"
            "一、对被代替的4件审计规章，予以废止。\n附件：1．废止的审计规章目录\n"
            "附件1废止的审计规章目录\n审计署关于审计规章制定程序的规定\n审法字〔1989〕第106号\n1989-3-30\n"
            "已被《规章制定程序条例》代替。\n审计署审计复核工作规则\n审发〔1998〕第305号\n1998-10-15\n已被代替。\n")
    assert len(segment(NormalizedText.identity(text)).documents) == 1
