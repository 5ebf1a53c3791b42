"""Policies whose measures are printed without numbering (city 若干措施 / 指引 scraped from WeChat
pages, corpus/extra opc_fcf58ef1, opc_378fe2a6): each headed measure is a task; notices that set
out no work (答复, 批复, a list of members) have none."""

import pytest

from policyparse.normalize import NormalizedText
from policyparse.segment import segment

HEADING_LINES = """杭州市萧山区支持OpenClaw&OPC发展的若干措施（征求意见稿）
为深入贯彻中央、省、市关于新一代人工智能发展的决策部署，抢占人工智能发展新机遇，构建具有萧山特色的人工智能产业生态、创业生态，制定本措施。
提供OpenClaw免费部署与开发。
鼓励市场化、专业化的创新平台载体设立“OpenClaw类智能体服务区”，免费部署OpenClaw类智能体，提供技术指导、市场推广等一站式服务。
支持Token消耗补贴。
对符合条件的OPC-STC企业，使用OpenClaw类智能体调用国内多模态大模型所实际支付的模型调用费用，按30%给予补贴，单家企业每年补贴最高10万元。
支持OpenClaw算力供给。
对OPC-STC企业租用符合条件的算力服务开展OpenClaw类智能体技术研发，经评审，按照智算服务金额的50%给予算力券补贴。
2026年3月10日发布于微信公众号萧山发布。
"""

RUN_IN_HEADINGS = """杭州高新区（滨江）人工智能OPC社区建设指引
为深入贯彻国家“人工智能+”行动战略，构建全链条、便利化、低成本的创新创业生态，结合我区实际，制定本建设指引。
运营主体。运营主体应具有独立法人资格，建立完善的运营管理体系，配备不少于2个具备相关领域从业经验的专职服务人员。
空间配套服务。社区自有、租赁或协议使用的场地面积不少于500平方米，提供不少于30个可供使用的创业工位。
设施共享服务。社区应具备完善的办公、会议与活动空间，配备或就近提供共享会议室、培训室或隔音舱等设施。
政务帮办服务。社区应建立政务服务帮办机制，能够帮助企业开展工商登记、财务记账、税务申报、社保缴纳等工作。
"""

MEMBER_LIST = """国务院办公厅关于调整国务院第二次全国污染源普查领导小组组成人员的通知
国办函〔2018〕74号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
根据机构设置、人员变动情况和工作需要，国务院决定对领导小组组成人员进行相应调整。现将调整后的名单通知如下：
组　长：韩　正　　国务院副总理
副组长：丁学东　　国务院副秘书长
成　员：郭卫民　　中央宣传部部务会议成员、新闻办副主任
领导小组办公室设在生态环境部，办公室主任由生态环境部副部长赵英民兼任。
国务院办公厅
2018年11月5日
"""

REPLY = """国务院办公厅对十届全国人大四次会议第2996号建议的答复
国办函〔2006〕70号
石英代表：
您提出的关于建设地方政府门户网站外文版的建议收悉，现答复如下：
政府上网工程实施以来，各级政府及其部门相继在互联网上建立了政府网站。政府网站对促进政务公开发挥了重要作用。
与此同时，各级政府网站建设还存在一些问题。
感谢您对政府工作的关心和支持。
国务院办公厅
二〇〇六年九月七日
"""


@pytest.mark.parametrize("text,headings", [
    (HEADING_LINES, ["提供OpenClaw免费部署与开发", "支持Token消耗补贴", "支持OpenClaw算力供给"]),
    (RUN_IN_HEADINGS, ["运营主体", "空间配套服务", "设施共享服务", "政务帮办服务"]),
    (MEMBER_LIST, []),
    (REPLY, []),
])
def test_unnumbered_measures_are_tasks(text, headings):
    layout = segment(NormalizedText.identity(text))
    tasks = [t for d in layout.documents for t in d.tasks]
    assert [t.heading for t in tasks] == headings


def test_measure_holds_its_heading_line_and_paragraph_but_not_the_publication_line():
    layout = segment(NormalizedText.identity(HEADING_LINES))
    tasks = layout.documents[0].tasks
    last = HEADING_LINES[tasks[-1].text_span[0]:tasks[-1].text_span[1]]
    assert last.startswith("支持OpenClaw算力供给。\n对OPC-STC企业")
    assert "发布于" not in last
    assert all("制定本措施" not in HEADING_LINES[t.span[0]:t.span[1]] for t in tasks)


COMMENDATION = """国务院办公厅关于对国务院第五次大督查发现的典型经验做法给予表扬的通报
国办发〔2018〕108号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为表扬先进，树立典型，经国务院同意，对国务院第五次大督查发现的130项典型经验做法予以表扬。
各地区、各部门要坚决贯彻落实党中央、国务院决策部署，推动高质量发展。
附件：国务院第五次大督查发现的典型经验做法（共130项）
国务院办公厅
2018年11月19日
附件
国务院第五次大督查发现的典型经验做法
（共130项）
1.北京市大力推进外国人来华工作许可制度改革。
2.北京市西城区推进“三纵两横一平台”紧密型医联体建设。
3.北京市朝阳区放宽服务业准入，助推区域高水平开放。
"""

PLAN_ATTACHMENT = """南平市人民政府办公室关于印发南平市加强政务诚信建设实施方案的通知
南政办〔2017〕120号
各县（市、区）人民政府，市直各单位：
现将《南平市加强政务诚信建设实施方案》印发给你们，请认真贯彻执行。
附件：南平市加强政务诚信建设实施方案
南平市人民政府办公室
2017年9月1日
附件
南平市加强政务诚信建设实施方案
1.加强公务员诚信教育。以社会主义核心价值观为引领，开展公务员诚信教育。
2.建立政务失信记录。将政务失信行为记入政务诚信档案。
3.健全守信激励机制。对守信单位给予表扬。
"""


@pytest.mark.parametrize("text,count", [(COMMENDATION, 0), (PLAN_ATTACHMENT, 3)])
def test_attachment_title_decides_whether_its_items_are_work(text, count):
    """A 通报's attachment listing commended practices sets out no work; a 印发 notice's
    attachment is the plan, whose items are tasks."""
    layout = segment(NormalizedText.identity(text))
    assert sum(len(d.tasks) for d in layout.documents) == count


CLOSING_REQUIREMENTS = """国务院关于促进综合保税区高水平开放高质量发展的若干意见
国发〔2019〕3号
各省、自治区、直辖市人民政府：
四、主要任务
（一）统筹两个市场，打造加工制造中心。
1.拓展两个市场。积极稳妥地在综合保税区推广增值税一般纳税人资格试点。（税务总局、财政部、海关总署负责）
2.释放企业产能。允许综合保税区内加工制造企业利用剩余产能承接境内区外委托加工。（海关总署、商务部负责）
五、有关要求
各地区各有关部门要充分认识促进综合保税区高水平开放高质量发展的重要意义，切实强化组织领导，积极推动本意见贯彻落实。
海关总署要继续做好牵头工作，进一步优化区域布局，提高开放水平。（海关总署负责）
国务院
2019年1月12日
"""


def test_closing_requirements_section_is_no_task_of_its_own():
    """五、有关要求 in plain paragraphs after numbered task sections (国发〔2019〕3号): its
    paragraphs are tasks only where they carry their own clause."""
    doc = segment(NormalizedText.identity(CLOSING_REQUIREMENTS)).documents[0]
    assert [t.id for t in doc.tasks] == ["四/(一)/1", "四/(一)/2", "五/p2"]


ARTICLES = """广州市海珠区人工智能OPC创新发展措施（试行）
第一条　为抢抓国家“人工智能+”行动战略机遇，推动人工智能OPC集聚发展，制定本措施。
第二条　【适用范围】
本措施适用于在海珠区内诚信经营且无重大安全事故的OPC。
第三条　【打造智能体服务专区】为OPC主体推介价格合适的孵化空间，并提供智能体工具部署服务。
第四条　【建设OPC特色孵化空间】鼓励市场主体参与OPC特色孵化空间建设，对认定的孵化空间给予最高50万元支持。
第五条　本措施所指年度是指启动申报所通知的自然年度。
第六条　本措施由广州市海珠区人工智能发展局负责组织实施。
"""


def test_articles_of_purpose_scope_and_closing_provisions_are_no_tasks():
    """A city 措施 numbered 第一条…(opc_003f0c8f): only the measures are tasks."""
    doc = segment(NormalizedText.identity(ARTICLES)).documents[0]
    assert [t.id for t in doc.tasks] == ["第三条", "第四条"]
