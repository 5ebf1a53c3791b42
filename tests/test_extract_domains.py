"""Sector codes of tasks beyond the five tuned notices: State Council and city policy wording
(corpus/extra), and words that name a sector only in passing."""

import pytest

from policyparse.extract.domains import assign_domains

# (task text, heading, a code that must be assigned, codes that must not)
CASES = [
    ("创新金融服务产品。鼓励创新OPC创业信贷产品，支持试点OPC社区批量授信模式。支持天使投资引导基金通过直投方式投资OPC项目。",
     "创新金融服务产品", "finance", []),
    ("开放公共数据资源。依托市公共数据开放平台和授权运营平台，有序开放医疗、交通、文旅、政务等领域高质量脱敏公共数据。",
     "开放公共数据资源", "digital", []),
    ("推动保税维修。支持综合保税区内企业开展高技术含量、高附加值的航空航天、工程机械等产品的保税维修业务。",
     "推动保税维修", "trade", []),
    ("探索实施“沙盒监管”。在OPC社区内试点“沙盒监管”模式，对纳入沙盒的OPC给予1—3年观察期。",
     "探索实施“沙盒监管”", "market_regulation", []),
    ("强化金融保险支持。符合条件的OPC创业者可申请最高50万元的创业担保贷款，并享受财政贴息。",
     "强化金融保险支持", "finance", []),
    ("强化安全保障。明确集约化平台运营者与政府网站运营者的安全管理责任，政府网站在向集约化平台迁移前要进行安全评估和安全加固。",
     "强化安全保障", "open_government", []),
    # sectors named in passing: institution types, a campaign's name
    ("开展第三方政务诚信评估评价。鼓励信用服务机构、高校及科研院所等社会第三方机构建立政务诚信监督机制。",
     "开展第三方政务诚信评估评价", None, ["education"]),
    ("结合3.15国际消费者权益日、信用记录关爱日、食品药品宣传月等重要时间节点集中宣传信用政策法规。", None, None, ["health"]),
]


@pytest.mark.parametrize("text,heading,code,absent", CASES)
def test_domains(text, heading, code, absent):
    codes = [d.code for d in assign_domains(text, heading)]
    if code is not None:
        assert code in codes
    assert not set(absent) & set(codes)


# --- word boundaries, unit names, heading weight, evidence (policyparse/extract/nlp.py) ---

from policyparse.extract.domains import score_domains  # noqa: E402
from policyparse.extract.nlp import domain_mentions  # noqa: E402

# (text, a lexicon term that must not be found in it, why)
NOT_A_WORD = [
    ("保障农民工工资按时足额支付", "农民", "农民工 is a worker: labour, not agriculture"),
    ("由人民银行南平市中心支行牵头", "银行", "人民银行 is a body, not the finance sector"),
    ("市工业和信息化局负责", "工业", "工业和信息化局 is a body"),
    ("市教育局、市税务局按职责分工负责", "教育", "教育局 is a body"),
    ("市教育局、市税务局按职责分工负责", "税务", "税务局 is a body"),
    ("市场监管局要加强指导", "市场监管", "市场监管局 is a body"),
    ("加快推进新能源汽车推广应用", "能源", "新能源汽车 is one longer term"),
    ("支持交通银行开展业务", "交通", "交通银行 is a bank"),
    ("依托省公共信用信息系统", "信息系统", "信用信息系统 is one longer term"),
]


@pytest.mark.parametrize("text,term,why", NOT_A_WORD)
def test_a_term_inside_a_longer_word_or_a_unit_name_is_not_found(text, term, why):
    assert term not in [m.term for m in domain_mentions(text)], why


def test_terms_taken_without_cutting_their_words_are_those_the_cut_keeps(monkeypatch):
    """domain_mentions takes a term without segmenting its run when nothing around it could
    refuse it; segmenting every run (the shortcut turned off) must find the same mentions."""
    from pathlib import Path

    import policyparse.extract.nlp as nlp

    raw = Path(__file__).resolve().parent.parent / "corpus" / "raw"
    lines = [line for path in sorted(raw.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    lines += [text for text, _, _ in NOT_A_WORD] + [text for text, _ in A_WORD]
    lines += ["市 教育局负责", "教育  局", "支持交通 银行开展业务"]  # spaces inside a word
    quick = [domain_mentions(line) for line in lines]
    monkeypatch.setattr(nlp, "_may_be_refused", lambda *args: True)
    assert [domain_mentions(line) for line in lines] == quick


# (text, a lexicon term that must be found in it): compounds that keep the sector
A_WORD = [
    ("支持国外航空公司执飞郑州机场", "航空公司"),
    ("受理商标权质押登记", "商标"),
    ("强化政府债务预算约束", "政府债务"),
    ("开展诚信知识进校园活动", "校园"),
    ("支持交通银行开展业务", "银行"),
]


@pytest.mark.parametrize("text,term", A_WORD)
def test_a_term_that_is_a_word_of_the_text_is_found(text, term):
    mentions = domain_mentions(text)
    assert term in [m.term for m in mentions]
    hit = next(m for m in mentions if m.term == term)
    assert text[hit.start:hit.end] == term


# (task text, heading, codes that must be assigned, codes that must not)
SCORING = [
    # the lead unit is a bank: the task is not about finance
    ("人民银行南平市中心支行、市工业和信息化局负责。推进政务诚信建设，建立政务失信记录。", "推进政务诚信建设",
     [], ["finance", "industry"]),
    # the heading names the sector; the body names others once, in a list of sectors
    ("完善政府采购诚信体系。鼓励采购人在采购项目中查询信用记录，对工商、税务、质监、安全生产、食品药品等领域失信主体依法限制。",
     "完善政府采购诚信体系", ["procurement"], ["taxation", "safety", "market_regulation"]),
    # a migrant workers' wage task is labour, not agriculture
    ("治理拖欠农民工工资问题。建立农民工工资支付保障制度，将拖欠农民工工资的企业纳入失信名单。", "治理拖欠农民工工资问题",
     ["labor_wages"], ["agriculture"]),
    # a section heading shared by many items says less than an item's own lead phrase: 投资环境 is
    # no environment task
    ("放宽外商投资建设工程设计企业外籍技术人员的比例要求。", "营造优良投资环境", [], ["environment"]),
    # sector vocabulary beyond the tuned notices (GB/T 4754 sections)
    ("支持在有条件的自贸试验区开展知识产权证券化试点。", "支持在有条件的自贸试验区开展知识产权证券化试点",
     ["finance", "innovation"], []),
    ("研究制定外国留学生在我国境内勤工助学管理制度。", None, ["education"], []),
]


@pytest.mark.parametrize("text,heading,present,absent", SCORING)
def test_scoring(text, heading, present, absent):
    codes = [d.code for d in assign_domains(text, heading)]
    assert set(present) <= set(codes), codes
    assert not set(absent) & set(codes), codes
    assert len(codes) <= 2


def test_evidence_is_the_words_that_triggered_each_domain():
    text = "加强农村金融服务。鼓励金融机构创新信贷产品，加大对农业经营主体的贷款支持。"
    tags = assign_domains(text, "加强农村金融服务")
    finance = next(t for t in tags if t.code == "finance")
    assert {"金融机构", "信贷", "贷款"} <= set(finance.evidence)
    assert all(word in text for tag in tags for word in tag.evidence)


def test_heading_weighs_more_than_the_same_word_in_the_body():
    heading = "加强医疗卫生服务"
    in_heading = dict((c, s) for c, s, _ in score_domains(heading + "。完善工作机制。", heading))
    in_body = dict((c, s) for c, s, _ in score_domains("完善工作机制，加强医疗卫生服务。", "完善工作机制"))
    assert in_heading["health"] > in_body["health"]


def test_a_page_subject_names_a_sector_for_its_tasks():
    from policyparse.extract.domains import document_subject

    page = "索 引 号：000014349/2018-00175\n主题分类：卫生、体育\\体育\n发文机关：国务院办公厅\n"
    subject = document_subject(page)
    assert subject == ("卫生、体育\\体育", "culture_tourism")
    assert document_subject("主题分类：综合政务\\其他") == ("综合政务\\其他", None)
    # weak words only (体育, 赛事, 健身), in an item long enough to need more than one of them
    text = ("鼓励具有自主品牌、创新能力和竞争实力的体育企业做大做强，承办高水平赛事，带动群众参与健身，"
            "通过管理输出、连锁经营等方式提升核心竞争力。")
    without = [t.code for t in assign_domains(text, "支持企业发展")]
    with_subject = assign_domains(text, "支持企业发展", subject)
    assert "culture_tourism" not in without
    tag = next(t for t in with_subject if t.code == "culture_tourism")
    assert "主题分类:卫生、体育\\体育" in tag.evidence


def test_a_page_subject_never_brings_a_sector_its_task_does_not_name():
    subject = ("商贸、海关、旅游\\对外经贸合作", "trade")
    codes = [t.code for t in assign_domains("进一步简化保险分支机构审批，建立企业保险需求信息共享平台。",
                                            "推动金融创新服务实体经济", subject)]
    assert "trade" not in codes and "finance" in codes


@pytest.mark.parametrize("text,code", [
    ("引导扶持业余精品赛事，开展马拉松、自行车等体育赛事。", "culture_tourism"),
    ("完善养老服务体系，推进养老机构建设。", "social_security"),
    ("落实小微企业减税、免税政策，推行留抵退税。", "taxation"),
    ("优化通关流程，推进报关单证电子化。", "trade"),
    ("新增城市公园35座以上、绿道100公里，推进园林绿化。", "environment"),
    ("健全企业破产审判机制，推进破产重整。", "judiciary"),
    ("规范发展区域性股权市场，运营机构对挂牌转让申请文件进行审查。", "finance"),
    ("严厉打击传销，查处直销企业违法行为。", "market_regulation"),
    ("第二类疫苗通过省集中采购平台直接挂网采购。", "procurement"),
    # ministries' functions, borne out by the development gold (lexicons/extract/domains.tsv sources)
    ("各级行政机关要做好主动公开，加强政策解读，及时回应关切。", "open_government"),
    ("推进废铅蓄电池集中收集和跨区域转运。", "waste"),
    ("着力解决城市低收入家庭住房困难，扩大廉租住房覆盖面。", "housing"),
    ("深化农村公路管理养护体制改革。", "transport"),
    ("开展危险货物港口作业安全治理。", "transport"),
    ("深化校企合作，建设一批实训基地。", "education"),
    ("做好国家助学贷款的发放和回收工作。", "finance"),
    ("加强危险源监控，定期组织应急演练。", "safety"),
])
def test_sector_vocabulary_from_general_knowledge(text, code):
    assert code in [t.code for t in assign_domains(text)]


# --- a document about one sector (the third blind round's reading) ---

from policyparse.extract.domains import assign_document_sector  # noqa: E402
from policyparse.schema import Task  # noqa: E402


def _tasks(*texts):
    out = []
    for text in texts:
        tags = assign_domains(text)
        out.append(Task(id="x", text=text, domains=[t.code for t in tags], domain_evidence=tags))
    return out


def test_a_document_about_one_sector_lends_it_to_every_task():
    tasks = _tasks("开展建筑施工安全生产隐患排查，落实企业主体责任。", "加强组织领导，精心组织。",
                   "强化安全监管执法，严厉打击非法违法生产经营行为。", "加强交通运输和物流领域的隐患治理。")
    code = assign_document_sector(tasks, "关于进一步开展安全生产隐患排查治理工作的通知")
    assert code == "safety"
    assert all(t.domains[0] == "safety" for t in tasks)
    evidence = tasks[1].domain_evidence[0].evidence
    assert "title:安全生产" in evidence and any(e.startswith("document_share:") for e in evidence)
    assert "transport" in tasks[3].domains  # the task's own sector beside the document's


def test_a_title_naming_two_sectors_the_tasks_bear_out_lends_both():
    tasks = _tasks("煤矿企业要开展隐患排查，落实安全生产主体责任。", "推进煤矿瓦斯治理。",
                   "强化煤矿安全生产监管执法。", "推进煤矿机械化改造。", "加强组织领导。")
    assert assign_document_sector(tasks, "遏制煤矿重特大生产安全事故工作方案") in ("energy", "safety")
    assert all(set(t.domains) == {"energy", "safety"} for t in tasks)


def test_a_second_sector_the_title_names_needs_only_some_evidence_in_the_tasks():
    # 重大技术装备进口税收政策 (round 10 z08, development): the articles are about the tax relief
    # and the equipment makers; the equipment word is rarer in them than the tax words
    tasks = _tasks("企业享受进口税收政策，免征进口关税和进口环节增值税。", "海关办理免税手续。",
                   "税务机关核定退税。", "重大技术装备制造企业提交申请报告。", "加强组织领导。")
    assert assign_document_sector(tasks, "关于印发重大技术装备进口税收政策管理办法实施细则的通知") == "taxation"
    assert all(set(t.domains) == {"taxation", "industry"} for t in tasks)
    # a title sector no task bears out is not lent
    tasks = _tasks("企业享受进口税收政策，免征进口关税。", "税务机关核定退税。", "加强组织领导。")
    assign_document_sector(tasks, "关于印发重大技术装备进口税收政策管理办法实施细则的通知")
    assert all("industry" not in t.domains for t in tasks)


def test_a_sectoral_body_lends_its_sector_to_its_own_plan():
    tasks = _tasks("建立行政执法公示制度，统一公示平台。", "加强组织领导。")
    assert assign_document_sector(tasks, "关于印发全面推行行政执法公示制度实施方案的通知", None,
                                  ["黑龙江省生态环境厅"]) == "environment"
    assert all(t.domains[0] == "environment" for t in tasks)
    assert "issuer:黑龙江省生态环境厅" in tasks[1].domain_evidence[0].evidence
    # not its plans on its own governance, nor a general government's plans
    assert assign_document_sector(_tasks("加强廉政教育。"), "2015年党风廉政建设工作要点", None, ["黑龙江省广播电视局"]) is None
    assert assign_document_sector(_tasks("加强廉政教育。"), "关于印发某方案的通知", None, ["云南省人民政府办公厅"]) is None


def test_a_title_word_that_only_qualifies_the_subject_is_no_document_sector():
    # 人工智能 names the kind of OPC; the measures are about space, talent and money
    tasks = _tasks("对入驻OPC社区的创业者给予办公场地租金补贴。", "引进高层次人才，给予安家补贴。",
                   "支持金融机构开发OPC专属信贷产品。", "鼓励人工智能企业向OPC开放算力。")
    assert assign_document_sector(tasks, "关于支持人工智能OPC创新发展的若干措施") is None
    assert tasks[0].domains != ["digital"]


@pytest.mark.parametrize("text,code", [
    ("放宽长期服务基层的中医医师职称晋升条件。", "talent"),
    ("制定中药材种子种苗管理办法。", "agriculture"),
    ("加强中药注射剂不良反应监测。", "safety"),
    ("深化工业用地市场化配置改革，完善土地供应方式。", "public_resources"),
    ("加快推进第一批24条河段黑臭水体治理。", "water"),
])
def test_sector_vocabulary_of_the_third_round(text, code):
    assert code in [c for c, _, _ in score_domains(text)]


@pytest.mark.parametrize("text,heading,code", [
    # commercial insurance is the insurance industry (GB/T 4754 J 68), not social insurance
    ("支持商业保险机构开发多样化商业养老保险产品，满足差异化养老保障需求。", "创新商业养老保险产品和服务", "finance"),
    # crops and rotation are farming (GB/T 4754 A 01)
    ("玉米改种大豆轮作补贴对象为2015年种植玉米、2016年种植大豆的生产者。", "补贴对象", "agriculture"),
    # 证明事项告知承诺制 is a 政务服务 reform (国办发〔2020〕42号)
    ("全面梳理本系统行政事项中现行的证明事项目录。", "形成总目录", "open_government"),
])
def test_sector_vocabulary_of_round_5(text, heading, code):
    assert score_domains(text, heading)[0][0] == code


def test_a_joint_notice_of_two_sectoral_bodies_concerns_both_sectors():
    from policyparse import parse
    text = ("交通运输部办公厅 公安部办公厅关于印发公路安全设施精细化提升行动方案的通知\n"
            "各省、自治区、直辖市交通运输厅、公安厅：\n现将方案印发给你们。\n"
            "交通运输部办公厅　　公安部办公厅\n2022年2月21日\n"
            "一、主要任务\n（一）加强组织领导。各地要细化工作安排。\n（二）加强宣传。各地要做好宣传解释。\n")
    (doc,) = parse(text, name="joint.txt").documents
    assert doc.issuers == ["交通运输部办公厅", "公安部办公厅"]
    assert all(t.domains == ["transport", "safety"] for t in doc.tasks)


@pytest.mark.parametrize("text,heading,code", [
    # a 工作要点 lists its work by sector, each item titled with the sector's short name (round 5 dev x05)
    ("交通。研究综合交通政策，做好交通排堵保畅工作，完善城市交通运行的长效管理机制。", "交通", "transport"),
    ("就业。实施积极的就业政策，落实新增就业岗位计划，鼓励自主创业。", "就业", "employment"),
])
def test_an_item_titled_with_its_sectors_word_is_about_that_sector(text, heading, code):
    assert [t.code for t in assign_domains(text, heading)][:1] == [code]


def test_health_promotion_is_health_and_a_regulators_notice_is_finance():
    # 贫困地区健康促进三年攻坚行动方案 (round 5 x14): 健康教育 is health, not education
    assert [t.code for t in assign_domains("每年度向每个贫困患者家庭发放至少1份有针对性的健康教育材料。", "一家一张明白纸")] == ["health"]
    # 中国银保监会 signs as 会 (round 5 x04): the signature is read and its sector lent
    from policyparse.segment.lines import signature_of
    from policyparse.segment.paragraphs import Para
    assert signature_of(Para(0, 0, "中国银保监会"))[0] == ["中国银保监会"]
    from policyparse.extract.domains import issuer_sectors
    assert issuer_sectors(["中国银行保险监督管理委员会"], "关于印发深化证照分离改革实施方案的通知")[0][0] == "finance"
