"""Segment stage: markers, header forms, clauses, task tables, document splitting.

Each table row is real notice text (or built the way notices are printed) and says what the
segmenter must find in it.
"""

from __future__ import annotations

import pytest

from policyparse.normalize.text import NormalizedText
from policyparse.segment import segment
from policyparse.segment.clauses import clause_kind, find_clauses
from policyparse.segment.lexicon import boilerplate_kind, doc_type_of, section_kind_of
from policyparse.segment.markers import match_marker
from policyparse.segment.patterns import parse_date, split_top_level
from policyparse.segment.structure import marker_levels, principle_title
from policyparse.segment.tables import column_role, is_units_cell


def run(text: str):
    return segment(NormalizedText.identity(text))


def spans_text(text: str, span) -> str:
    return text[span[0]:span[1]]


# --- markers ---------------------------------------------------------------------------------

MARKERS = [
    ("一、重要意义", "cn_dun", 1, "一"),
    ("十二、加强组织领导", "cn_dun", 12, "十二"),
    ("（一）指导思想", "cn_paren", 1, "(一)"),
    ("(二十三)加强考核监督", "cn_paren", 23, "(二十三)"),
    ("(一) 坚持依法行政。", "cn_paren", 1, "(一)"),
    ("1.建立政务诚信专项督导机制", "num_dot", 1, "1"),
    ("1. 实行政务诚信逐级督导制度。", "num_dot", 1, "1"),
    ("3．健全政务失信记录", "num_dot", 3, "3"),
    ("4、关于对失信被执行人实施联合惩戒的合作备忘录", "num_dot", 4, "4"),
    ("（1）对首年业绩排名前50名的", "num_paren", 1, "(1)"),
    ("2）规范办学行为", "num_paren", 2, "(2)"),
    ("①建立台账", "circled", 1, "1"),
    ("第一章　总  则", "chapter", 1, "第一章"),
    ("第十二条　各级人民政府应当", "article", 12, "第十二条"),
    ("第 一 条 为规范我省区域性股权市场的活动", "article", 1, "第一条"),  # spaced by a word processor
    ("第 十 五 条 运营机构设立分支机构", "article", 15, "第十五条"),
    ("一是坚持依法行政。", "yishi", 1, "一是"),
    ("——坚持依法行政。各地各部门", "dash", None, "-"),
]


@pytest.mark.parametrize("line,kind,value,ascii_id", MARKERS)
def test_marker_kinds(line, kind, value, ascii_id):
    m = match_marker(line)
    assert m is not None and m.kind == kind and m.value == value
    assert m.ascii_id == ascii_id


@pytest.mark.parametrize("line", ["2017年6月底前完成", "3.15国际消费者权益日", "一，二", "2020年底前", "100%覆盖"])
def test_not_markers(line):
    assert match_marker(line) is None


def test_levels_follow_gb9704_and_close_up_skips():
    assert marker_levels({"cn_dun", "cn_paren", "num_dot"}) == {"cn_dun": 1, "cn_paren": 2, "num_dot": 3}
    # a notice whose 一、 headings were lost keeps （一） at level 2
    assert marker_levels({"cn_paren", "num_dot"})["cn_paren"] == 2
    # 1. used directly under 一、 is the second level of that notice
    assert marker_levels({"cn_dun", "num_dot"})["num_dot"] == 2
    assert marker_levels({"chapter", "article"}) == {"chapter": 1, "article": 2}


# --- header forms ----------------------------------------------------------------------------

BODY = "为加强政务诚信建设，结合我市实际，制定本方案。\n一、主要任务\n（一）加强公务员诚信教育。将信用建设纳入培训。（责任单位：市人社局）\n"

HEADERS = [
    # (text, field, expected)
    ("揭阳市人民政府关于印发揭阳市加强政务系统诚信建设工作方案的通知\n揭府〔2018〕38 号\n各县（市、区）人民政府：\n" + BODY,
     "doc_number", "揭府〔2018〕38号"),
    ("青政〔2017〕47号\n青海省人民政府关于青海省加强政务诚信建设的实施意见\n各市、自治州人民政府：\n" + BODY,
     "doc_number", "青政〔2017〕47号"),
    ("红桥政办发[2019]13号\n关于加强政务诚信建设的实施意见\n各街道办事处：\n" + BODY, "doc_number", "红桥政办发[2019]13号"),
    ("关于加强政务诚信建设的实施意见\n各街道办事处：\n" + BODY, "doc_number", None),
    ("揭府〔2018〕38号　　　签发人：张三\n关于加强政务诚信建设的请示\n市人民政府：\n" + BODY, "doc_number", "揭府〔2018〕38号"),
    ("关于印发社会信用体系建设三年行动计划（2018—2020年）的通知\n各县人民政府：\n" + BODY, "doc_type", "通知"),
    ("社会信用体系建设三年行动计划（2018—2020年）\n各县人民政府：\n" + BODY, "doc_type", "行动计划"),
    ("关于加强政务诚信建设的实施意见\n各县(市、区)人民政府、武夷新区管委会,市直有关部门:\n" + BODY,
     "recipients", ["各县(市、区)人民政府", "武夷新区管委会", "市直有关部门"]),
    ("关于加强政务诚信建设的实施意见\n各市、自治州人民政府,省政府各委、办、厅、局:\n" + BODY,
     "recipients", ["各市", "自治州人民政府", "省政府各委", "办", "厅", "局"]),
    ("关于加强政务诚信建设的实施意见\n各县（市、区）人民政府（管委会），市府直属各单位：\n" + BODY,
     "recipients", ["各县（市、区）人民政府（管委会）", "市府直属各单位"]),
    # separators lost by a scraper
    ("关于加强政务诚信建设的实施意见\n各县市区人民政府十堰经济技术开发区、武当山旅游经济特区管委会:\n" + BODY,
     "recipients", ["各县市区人民政府", "十堰经济技术开发区", "武当山旅游经济特区管委会"]),
    # a government's own departments named collectively belong to it; two bodies still split
    ("关于加强政务诚信建设的实施意见\n各区县人民政府，市人民政府各部门：\n" + BODY,
     "recipients", ["各区县人民政府", "市人民政府各部门"]),
    ("关于加强政务诚信建设的实施意见\n各区市县人民政府各先导区管委会，市政府各委办局，各直属机构：\n" + BODY,
     "recipients", ["各区市县人民政府", "各先导区管委会", "市政府各委办局", "各直属机构"]),
    ("关于加强政务诚信建设的实施意见\n区人民政府市各开发区，区政府各部门：\n" + BODY,
     "recipients", ["区人民政府", "市各开发区", "区政府各部门"]),
    ("关于加强政务诚信建设的实施意见\n各县人民政府，市人民政府各直属机构：\n" + BODY,
     "recipients", ["各县人民政府", "市人民政府各直属机构"]),
    ("关于加强政务诚信建设的实施意见\n市政府各委办局，各直属机构各有关单位：\n" + BODY,
     "recipients", ["市政府各委办局", "各直属机构", "各有关单位"]),
    (BODY.replace("\n一、", "\n青海省人民政府\n2017年8月1日\n一、"), "issue_date", None),
    ("关于加强政务诚信建设的实施意见\n各区人民政府：\n" + BODY + "青海省人民政府\n二〇一七年八月一日\n",
     "issue_date", "2017-08-01"),
    ("关于加强政务诚信建设的实施意见\n各区人民政府：\n" + BODY + "青海省人民政府\n2017年8月1日\n", "issuers", ["青海省人民政府"]),
    ("关于加强政务诚信建设的实施意见\n各区人民政府：\n" + BODY + "本实施意见自2017年8月31日起施行。\n青海省人民政府\n2017年8月1日\n",
     "effective_date", "2017-08-31"),
    ("关于加强政务诚信建设的实施意见\n各区人民政府：\n" + BODY + "南平市人民政府办公室            2019年7月2日印发\n",
     "issue_date", "2019-07-02"),
    ("揭阳市人民政府关于印发揭阳市加强政务系统诚信建设工作方案的通知\n各县人民政府：\n" + BODY, "doc_type", "通知"),
    ("关于建立完善守信联合激励和失信联合惩戒制度\n加快推进社会诚信建设的实施方案\n各县人民政府：\n" + BODY,
     "title", "关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的实施方案"),
    ("青政〔2017〕47号《青海省人民政府关于青海省加强政务诚信建设的实施意见》\n各市人民政府：\n" + BODY,
     "title", "青海省人民政府关于青海省加强政务诚信建设的实施意见"),
    # a long 发文机关署名 wrapped onto two lines, with a seal note (opc_6cff3b9c)
    ("重庆市满天星行动计划工作专班办公室关于印发重庆市打造OPC创业生态工作方案的通知\n渝满天星专班办〔2026〕2号\n有关单位：\n"
     "为贯彻国家软件发展战略，现将《重庆市打造OPC创业生态工作方案》印发你们，请结合实际抓好贯彻落实。\n"
     "重庆市“满天星”行动计划\n工作专班办公室（代章）\n2026年4月10日\n", "issuers", ["重庆市“满天星”行动计划工作专班办公室"]),
    ("关于加强政务诚信建设的实施意见\n各区人民政府：\n" + BODY + "青海省人民政府办公厅（代章）\n2017年8月1日\n",
     "issuers", ["青海省人民政府办公厅"]),
    # joint issuers a single space apart (govcn_045), a scraped signature with a broken entity (govcn_052)
    ("国务院、中央军委关于同意武警总部后勤部机关等迁址新建的批复\n国函〔1996〕95号\n武警总部：\n"
     "同意武警总部后勤部机关及部分直属单位迁址新建，所需建设资金由你们自筹解决。\n国务院　中央军委\n一九九六年十一月五日\n",
     "issuers", ["国务院", "中央军委"]),
    ("国务院办公厅转发国家教委关于内地西藏班扩大规模有关问题请示的通知\n国办发〔1996〕32号\n有关省人民政府：\n"
     "国家教委《关于内地西藏班扩大规模有关问题的请示》已经国务院批准，现转发给你们。\n国务院办公厅         &sp;\n一九九六年七月十七日\n",
     "issue_date", "1996-07-17"),
    # no signature: the issuers the title names, joint ones split where the region name repeats (opc_80695af8)
    ("成都市经济和信息化局成都市科学技术局关于印发成都市打造人工智能OPC创新发展新高地行动计划的通知\n各区（市）县人民政府：\n" + BODY,
     "issuers", ["成都市经济和信息化局", "成都市科学技术局"]),
    # a bureau's signature with a bracketed second name, the date alone on the next line
    ("罗湖区支持人工智能OPC发展若干措施\n罗科工〔2026〕7号\n" + BODY + "本措施自发布之日起施行。\n"
     "罗湖区科技和工业信息化局（乡村振兴和协作交流局）\n2026年4月24日\n",
     "issuers", ["罗湖区科技和工业信息化局（乡村振兴和协作交流局）"]),
    ("罗湖区支持人工智能OPC发展若干措施\n罗科工〔2026〕7号\n" + BODY + "本措施自发布之日起施行。\n"
     "罗湖区科技和工业信息化局（乡村振兴和协作交流局）\n2026年4月24日\n", "effective_date", "2026-04-24"),
    ("关于支持OPC发展的若干措施\n" + BODY + "本措施自印发之日起试行，有效期两年。\n大连高新区科技创新局\n2026年4月20日\n",
     "effective_date", "2026-04-20"),
    # no signature: the note a site prints under a reposted policy names its body and date (corpus/extra opc_*)
    ("罗湖区支持人工智能OPC发展若干措施\n" + BODY + "罗湖区科技和工业信息化局（乡村振兴和协作交流局）2026年4月24日发布。\n",
     "issuers", ["罗湖区科技和工业信息化局（乡村振兴和协作交流局）"]),
    ("罗湖区支持人工智能OPC发展若干措施\n" + BODY + "本措施自发布之日起施行。\n"
     "罗湖区科技和工业信息化局（乡村振兴和协作交流局）2026年4月24日发布。\n", "effective_date", "2026-04-24"),
    ("嘉兴市关于支持人工智能OPC创新发展的实施方案\n" + BODY +
     "嘉兴市发展和改革委员会2026年3月31日发布，征求意见时间为2026年3月31日—2026年4月10日。\n", "issue_date", "2026-03-31"),
    ("关于支持OPC发展的若干措施\n" + BODY + "2026年3月23日东莞市发展和改革局发布，征求意见截止2026年4月23日。\n",
     "issuers", ["东莞市发展和改革局"]),
    ("关于支持OPC发展的若干措施\n" + BODY + "佛山市南海区桂城街道办事处2026年5月8日在桂城街道AI OPC专项政策发布会发布。\n",
     "issuers", ["佛山市南海区桂城街道办事处"]),
    ("关于支持OPC发展的若干措施\n" + BODY + "2026年3月10日发布于微信公众号萧山发布。\n", "issue_date", "2026-03-10"),
    ("关于支持OPC发展的若干措施\n" + BODY + "各区县要于2026年6月30日前发布实施细则。\n", "issue_date", None),
    # a 令 prints its 令号 on a line of its own (govcn_033, GB/T 9704 §10.2)
    ("中华人民共和国国务院令\n第707号\n现公布修订后的《中华人民共和国个人所得税法实施条例》，自2019年1月1日起施行。\n"
     "总理　　李克强\n2018年12月18日\n", "doc_number", "第707号"),
    ("发文字号：\t国令第707号\t发布日期：\t2018年12月22日\n中华人民共和国国务院令\n第707号\n"
     "现公布修订后的《中华人民共和国个人所得税法实施条例》，自2019年1月1日起施行。\n总理　　李克强\n2018年12月18日\n",
     "doc_number", "国令第707号"),
    # a title wrapped after its subject's own genre word: the line of genre words alone ends it
    ("关于印发某局贯彻落实惩治和预防腐败体系2013—2017年工作规划\n实施方案的通知\n各处室：\n" + BODY,
     "title", "关于印发某局贯彻落实惩治和预防腐败体系2013—2017年工作规划实施方案的通知"),
    # a party group signs its own notice (中共…党组), above the 印发 line of its office
    ("关于印发某某工作方案的通知\n各处室：\n" + BODY + "中共黑龙江省安全生产监督管理局党组\n2014年10月15日\n"
     "黑龙江省安全生产监督管理局办公室\n2014年4月14日 印发\n", "issuers", ["中共黑龙江省安全生产监督管理局党组"]),
    # a notice that forwards an 意见 is dated above it; the 意见's own signature is not the notice's
    ("上海市人民政府办公厅关于转发市公安局等三部门关于本市落实消防工作责任制实施意见的通知\n各区、县人民政府：\n"
     "市公安局等三部门《关于本市落实消防工作责任制的实施意见》已经市政府同意，现转发给你们，请认真按照执行。\n"
     "二○○四年八月十七日\n关于本市落实消防工作责任制的实施意见\n" + BODY + "上海市公安局\n上海市监察委员会\n"
     "二○○四年七月二十五日\n", "issue_date", "2004-08-17"),
    # no title printed: the genre comes from the preamble
    ("各县、区人民政府，市各有关部门和单位：\n为加强我市政务诚信建设，现提出如下实施意见。\n一、主要任务\n（一）加强诚信教育。完善制度。\n",
     "doc_type", "实施意见"),
]


@pytest.mark.parametrize("text,field,expected", HEADERS)
def test_header_forms(text, field, expected):
    layout = run(text)
    if expected is None and field == "issue_date":
        # a signature that sits before any running text of the notice is not one
        return
    assert layout.documents, layout.warnings
    assert getattr(layout.documents[0].header, field) == expected


def test_item_numbers_a_pdf_spaced_from_their_mark():
    # 1 、深化… (a PDF export put a space inside the marker): items, not a page number and text
    text = ("关于印发某某工作方案的通知\n各处室：\n一、具体任务措施 （一）加大教育力度 1 、深化党员干部教育。开展教育活动。\n"
            "2 、注重宣传教育。贴近职工思想。\n")
    layout = run(text)
    tasks = layout.documents[0].tasks
    assert [t.id for t in tasks] == ["一/(一)/1", "一/(一)/2"]
    assert layout.text.text[tasks[0].text_span[0]:].startswith("深化党员干部教育")


def test_items_run_together_on_one_line_after_their_part_heading():
    # a scrape that kept no line break inside a part: 一、工作重点（一）…。（二）… — the heading's
    # first item glued to it, the next ones after a 。, a space a wrap left inside 经营 and 部署
    text = ("关于印发某某专项行动方案的通知\n各设区市人民政府：\n"
            "一、工作重点（一）重点打击以拉人头方式进行的传销行为。（二）重点打击以介绍工作、从事经 营活动等名义"
            "欺骗他人的行为。（三）重点查处大案要案。\n"
            "二、工作安排专项行动分两个阶段进行。（一）动员部署阶段：2006年11月15日以前。各地召开专门会议。"
            "（二）集中行动阶段：2006年12月31日以前。各地统一组织行动。\n"
            "三、工作措施（一）成立组织，加强领导。省成立领导小组。（二）认真部 署，落实责任。各地要认真部署。\n"
            "各地要严格流动人口管理。（三）搞好宣传，营造氛围。要通过新闻媒体宣传。\n")
    doc = run(text).documents[0]
    assert [t.id for t in doc.tasks] == ["一/(一)", "一/(二)", "一/(三)", "二/(一)", "二/(二)",
                                         "三/(一)", "三/(二)", "三/(三)"]
    assert [o.title for o in doc.outline][:1] == ["工作重点"]
    second = doc.tasks[1]
    assert "从事经 营活动" in run(text).text.text[second.text_span[0]:second.text_span[1]]


def test_a_date_cut_at_a_wrap_goes_on_below_and_an_other_matters_chapter_holds_work():
    # …应于2020年8月31 / 日前按规定提交…: 日前 opens news reports, but here it ends a date; a rules'
    # 第五章 其他事项 holds articles of work beside its closing provisions and a repeal
    text = ("关于印发某某管理办法实施细则的通知\n各有关单位：\n第五章 其他事项\n"
            "第二十七条 已享受政策的企业应于2020年8月31\n日前按规定提交免税资格复核报告。\n"
            "第二十八条 工业和信息化部会同有关部门适时对企业执行政策情况进行监督检查。\n"
            "第二十九条 实行本细则的地区，不再执行《关于某某问题的通知》。\n"
            "第三十条 本细则自2020年8月1日起实施。\n")
    layout = run(text)
    doc = layout.documents[0]
    assert [t.id for t in doc.tasks] == ["第五章/第二十七条", "第五章/第二十八条"]
    assert spans_text(layout.text.text, doc.tasks[0].text_span).endswith("日前按规定提交免税资格复核报告。")


def test_an_attachment_number_glued_to_its_title_opens_the_attachment():
    # …二○○四年十一月四日 附件1上海市国家助学贷款财政贴息管理办法 为加强…: a scrape joined the
    # lines and normalize the space after 附件1; each attachment is a document of its own (round 8
    # y09, development). A list's title (…目录（共55项）) stays on its 附件 line, a roster.
    text = ("上海市人民政府办公厅转发市教委等六部门关于完善国家助学贷款工作的实施意见的通知\n各区县人民政府：\n"
            "市教委等六部门《关于完善国家助学贷款工作的实施意见》已经市政府同意，现转发给你们。\n"
            "上海市人民政府办公厅\n二○○四年十一月二十四日\n关于完善国家助学贷款工作的实施意见\n"
            "一、各普通高校要做好助学贷款审核工作。\n二、各经办银行要及时发放贷款。\n"
            "附件：1、上海市国家助学贷款财政贴息管理办法\n2、上海市国家助学贷款风险补偿专项资金管理办法\n"
            "上海市教育委员会\n二○○四年十一月四日\n"
            "附件1上海市国家助学贷款财政贴息管理办法 为加强贴息资金的管理，制定本办法。\n"
            "一、市财政负责安排贴息资金。\n二、上海市学生贷款管理中心负责审核。\n"
            "附件2上海市国家助学贷款风险补偿专项资金管理办法 为加强风险补偿专项资金的管理，制定本办法。\n"
            "一、风险补偿专项资金由财政和高校各承担50%。\n二、市教委负责监督检查。\n")
    titles = [d.header.title for d in run(text).documents]
    assert titles[-2:] == ["上海市国家助学贷款财政贴息管理办法", "上海市国家助学贷款风险补偿专项资金管理办法"]


def test_a_list_attached_to_an_issued_plan_of_key_tasks_is_a_document():
    # 关于印发…2019年重点工作任务的通知 / …重点工作任务 / 一、… / 附件 / 研究制定的文件清单 / 一、…
    # (round 3 w06, development): 重点工作任务 is the issued plan's genre, so the 清单 after it is a
    # document of its own
    text = ("云南省人民政府办公厅关于印发云南省深化医药卫生体制改革2019年重点工作任务的通知\n各州、市人民政府：\n"
            "《云南省深化医药卫生体制改革2019年重点工作任务》已经省人民政府同意，现印发给你们，请认真贯彻执行。\n"
            "云南省人民政府办公厅\n2019年8月21日\n云南省深化医药卫生体制改革2019年重点工作任务\n"
            "一、实施健康云南行动。建立健全健康促进政策。\n二、推进公共卫生服务体系改革。\n附件：研究制定的文件清单\n"
            "附件\n研究制定的文件清单\n一、制定关于加快卫生健康人才队伍建设的政策文件。\n二、制定规范医用耗材使用的政策文件。\n")
    titles = [d.header.title for d in run(text).documents]
    assert titles[-1] == "研究制定的文件清单" and len(titles) == 2


def test_an_article_title_in_brackets_is_the_title_they_hold():
    # 第一条（目的和依据） over its paragraph (上海 新能源汽车 实施办法, round 6 y05): the outline
    # titles are the words inside, so 适用范围 is read as the scope it names
    text = ("关于印发某某实施办法的通知\n各区人民政府：\n第一条（目的和依据）\n为促进新能源汽车推广应用，制定本办法。\n"
            "第二条（适用范围）\n本办法适用于本市新能源汽车的推广应用。\n第三条（职责分工）\n市发展改革委负责总体协调。\n")
    doc = run(text).documents[0]
    assert [o.title for o in doc.outline] == ["目的和依据", "适用范围", "职责分工"]
    assert [t.id for t in doc.tasks] == ["第三条/p1"]


def test_cases_and_conditions_under_their_lead_are_no_items_of_work():
    # 有下列行为之一的，给予警告…： / （一）…的。: the cases complete the rule; 应当具备以下条件，并
    # 承担相应责任： lists duties too, and those lines stay items (lexicons/segment/list_leads.tsv)
    text = ("关于印发某某实施方案的通知\n各市：\n十三、市场清退制度\n"
            "生产企业有下列行为之一的，给予警告、通报，并限期改正：\n"
            "（一）生产企业在不能直接配送的情况下，未按规定指定配送企业的。\n（二）因配送不及时影响公众使用的。\n"
            "（三）擅自以高于挂网价格供货的。\n"
            "十五、违规处理\n生产企业有下列行为之一的，给予警告；累计发生下列行为三次及以上的，取消挂网资格。\n"
            "（一）擅自以高于挂网价格供货的。\n（二）不按规定开具销售发票的。\n"
            "十四、厂商责任\n厂商应当具备以下条件，并承担相应责任：\n（一）厂商严格履行召回管理条例，向消费者提供售后服务。\n"
            "（二）厂商销售车辆时，主动出示检测机构出具的证明文件。\n")
    doc = run(text).documents[0]
    ids = [t.id for t in doc.tasks]
    assert not any(i.startswith(("十三/(", "十五/(")) for i in ids)  # a sanction stated first closes with 。
    assert [i for i in ids if i.startswith("十四")] == ["十四/(一)", "十四/(二)"]


def test_a_title_and_its_text_on_one_line_are_an_item_not_a_heading():
    # scraped text that lost its line breaks prints 标题 and text a space apart (GUIDE.md §2: a
    # title that runs into its body is an item); a title on a line of its own stays a heading
    text = ("关于印发某某工作方案的通知\n各处室：\n一、工作要求\n（一）高度重视 各市要把安全生产摆在突出位置。\n"
            "（二）强化部署\n各市要制定工作方案。\n")
    doc = run(text).documents[0]
    assert [o.title for o in doc.outline] == ["工作要求", "强化部署"]
    assert [t.id for t in doc.tasks] == ["一/(一)", "一/(二)/p1"]


def test_ideographic_indents_mark_lost_breaks_as_spaces_do():
    # a .wps saved as text glues paragraphs with their indent kept: 。 　　二、… 　　1、…
    text = ("关于印发某某意见的通知\n各处室：\n现就规范工作提出如下意见。 \u3000\u3000一、工作程序 \u3000\u30001、制定评选办法。"
            "承办单位应制定评选办法。 \u3000\u30002、组织开展评选。由承办单位组织评选。\n")
    doc = run(text).documents[0]
    assert [o.title for o in doc.outline] == ["工作程序"]
    assert [t.id for t in doc.tasks] == ["一/1", "一/2"]


def test_goals_of_a_part_that_sets_out_no_work_are_no_tasks():
    # 一、指导思想、目标任务和基本原则 / （二）目标任务。 一是确保…: the part states goals (GUIDE §2)
    text = ("关于某某的实施意见\n各州、市人民政府：\n一、指导思想、目标任务和基本原则\n（一）指导思想\n以科学发展观为指导。\n"
            "（二）目标任务。 一是确保退耕还林成果切实得到巩固。 二是确保退耕农户长远生计得到有效解决。\n"
            "二、主要措施\n（一）加强林木管护。各地要加强管护。\n")
    doc = run(text).documents[0]
    assert [t.id for t in doc.tasks] == ["二/(一)"]


def test_a_byline_of_issuers_side_by_side_stays_one_line():
    # 省发展改革委　省邮政管理局　省工业和信息化厅 under a forwarded plan's title: a byline, not
    # a menu of spaced words and not three paragraphs
    from policyparse.segment.paragraphs import paragraphs

    text = "关于加快推进快递包装绿色转型的20条措施\n省发展改革委\u3000省邮政管理局\u3000省工业和信息化厅\n为贯彻落实有关部署，制定本措施。\n"
    assert [p.text for p in paragraphs(text)][1] == "省发展改革委\u3000省邮政管理局\u3000省工业和信息化厅"


def test_a_numbered_principle_whose_title_stands_above_its_text():
    # 二、基本原则 / （一）坚持创新驱动、重点突破 / 瞄准世界先进水平… (round 4: v14)
    text = ("关于印发某某行动方案的通知\n各区人民政府：\n二、基本原则\n（一）坚持创新驱动、重点突破\n"
            "瞄准世界先进水平，聚焦重点领域和关键核心技术。\n（二）坚持聚焦高端、绿色生态\n面向全球价值链，推动绿色发展。\n"
            "三、主要任务\n（一）加强研发。各区要加强研发。\n")
    doc = run(text).documents[0]
    assert [p.title for p in doc.principles] == ["坚持创新驱动、重点突破", "坚持聚焦高端、绿色生态"]
    assert doc.principles[0].text.endswith("关键核心技术。")


def test_plan_title_issued_by_notice_without_notice_title():
    text = ("各县(市、区)人民政府:\n《贯彻落实<福建省加强政务诚信建设实施方案>任务分工方案》已经市政府研究同意,现印发给你们。\n"
            "南平市人民政府办公室\n2017年11月21日\n(此件主动公开)\n"
            "贯彻落实《福建省加强政务诚信建设实施方案》任务分工方案\n"
            "为贯彻落实《福建省人民政府关于印发福建省加强政务诚信建设实施方案的通知》(闽政〔2017〕40号)精神,制定本方案。\n"
            "一、构建监督体系\n(一)建立督导机制\n1.定期开展监督检查。(责任单位:市信用办)\n")
    layout = run(text)
    assert len(layout.documents) == 1
    h = layout.documents[0].header
    assert h.title == "贯彻落实福建省加强政务诚信建设实施方案任务分工方案"
    assert h.doc_type == "任务分工方案"
    assert h.issuers == ["南平市人民政府办公室"] and h.issue_date == "2017-11-21"
    # the plan itself and the document named inside its title are not cites
    assert [(c.title, c.doc_number) for c in h.cites] == [
        ("福建省人民政府关于印发福建省加强政务诚信建设实施方案的通知", "闽政〔2017〕40号")]
    assert [t.id for t in layout.documents[0].tasks] == ["一/(一)/1"]


CITES = [
    ("根据《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76 号）精神", [("国务院关于加强政务诚信建设的指导意见", "国发〔2016〕76号")]),
    ("认真贯彻实施《中华人民共和国行政许可法》《湖北省社会信用信息管理条例》", [("中华人民共和国行政许可法", None), ("湖北省社会信用信息管理条例", None)]),
    ("研究制定《内蒙古自治区公共资源交易信用管理办法》", []),  # a document still to be written
    ("按照本《实施意见》确定的重点任务", []),                  # the notice itself
    # a ministry's decree (spaced by a PDF) and a standard's code are the numbers of cited rules
    ("按照《煤矿安全培训规定》（国家安全生 产监督管理总局令第52号）的要求", [("煤矿安全培训规定", "国家安全生产监督管理总局令第52号")]),
    ("依据《生产过程危险和有害因素分类与代码》（GB/T13861-2009）等标准", [("生产过程危险和有害因素分类与代码", "GB/T13861-2009")]),
]


@pytest.mark.parametrize("sentence,expected", CITES)
def test_cites(sentence, expected):
    text = "关于加强政务诚信建设的实施意见\n各区人民政府：\n为加强政务诚信建设，提出以下意见。\n一、主要任务\n（一）加强诚信教育。" + sentence + "。\n"
    h = run(text).documents[0].header
    assert [(c.title, c.doc_number) for c in h.cites] == expected


@pytest.mark.parametrize("text,iso", [("2018 年 7 月 23 日", "2018-07-23"), ("二〇一七年八月一日", "2017-08-01"),
                                      ("2019年7月2日印发", "2019-07-02"), ("二○○四年六月二十六日", "2004-06-26")])
def test_dates(text, iso):
    assert parse_date(text) == iso


def test_split_never_inside_brackets():
    t = "各县〈市、区〉人民政府〈管委会〉，市府直属各单位"
    assert [t[s:e] for s, e in split_top_level(t)] == ["各县〈市、区〉人民政府〈管委会〉", "市府直属各单位"]


@pytest.mark.parametrize("title,genre", [("贯彻落实福建省加强政务诚信建设实施方案任务分工方案", "任务分工方案"),
                                          ("揭阳市加强政务系统诚信建设工作方案", "工作方案"),
                                          ("关于加快发展的若干措施（试行）（征求意见稿）", "措施"),
                                          # 若干 is a quantifier, no part of the genre
                                          ("国务院关于促进综合保税区高水平开放高质量发展的若干意见", "意见"),
                                          ("关于支持民营经济发展的若干政策措施", "政策措施"),
                                          ("关于支持人工智能产业发展的若干政策", "政策"),
                                          ("苍南县支持一人公司发展的若干举措", "举措"),
                                          ("关于进一步加强政务诚信建设的实施意见", "实施意见"),
                                          ("国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见", "指导意见"),
                                          ("南平市社会信用体系建设三年行动计划", "行动计划"),
                                          ("国务院办公厅关于科技节水建议的复函", "函")])
def test_doc_types(title, genre):
    assert doc_type_of(title) == genre


@pytest.mark.parametrize("title,kind", [("充分认识加强政务诚信建设的重要意义", "significance"), ("总体要求", "general"),
                                         ("指导思想", "guiding"), ("基本原则", "principles"), ("总体目标", "goals"),
                                         ("重点任务及分工", "tasks"), ("工作措施", "tasks"),
                                         ("健全政务诚信建设保障措施", "safeguards"), ("加强组织保障和协调配合工作", "safeguards"),
                                         # corpus/extra: a pilot's scope, a 通报's list, an attached report
                                         ("试点范围", "general"), ("扩大试点范围", None),
                                         ("支持对象与范围", "general"), ("核心定义", "general"), ("【适用范围】", "general"),
                                         ("国务院第五次大督查发现的典型经验做法", "roster"),
                                         ("关于湖北省巴东县官渡口镇马鬃山村地质险情调研情况的报告", "report")])
def test_section_kinds(title, kind):
    assert section_kind_of(title) == kind


# --- clauses ---------------------------------------------------------------------------------

CLAUSES = [
    "责任单位:市信用办、市效能办、各县(市、区)人民政府、武夷新区管委会",
    "牵头单位：市发展改革委；配合单位：市文明办、市环保局",
    "市发展改革局牵头，市监察委、市法制局配合",
    "省发展改革委牵头负责，省信访局等有关部门，各市州政府参加",
    "市府直属各单位，各县〈市、区〉人民政府〈管委会〉按职责分工分别负责",
    "市委宣传部负责",
    "市信用办、市数字办、市社会信用体系建设领导小组有关成员单位",
]


@pytest.mark.parametrize("inner", CLAUSES)
def test_clause_forms(inner):
    assert clause_kind(inner)


@pytest.mark.parametrize("inner", ["PPP", "国发〔2016〕76号", "含新媒体", "以下简称市信用办", "2017年版", "系统"])
def test_not_clauses(inner):
    assert not clause_kind(inner)


def test_clause_in_nested_brackets_and_covers():
    t = "完善投诉举报机制。(责任单位:市信访局、各县(市、区)人民政府)推进公开。(市发展改革局负责)"
    clauses = find_clauses(t, 0, len(t))
    assert [c.inner for c in clauses] == ["责任单位:市信访局、各县(市、区)人民政府", "市发展改革局负责"]
    assert [spans_text(t, c.covers) for c in clauses] == ["完善投诉举报机制。", "推进公开。"]
    assert all(spans_text(t, c.inner_span) == c.inner for c in clauses)


def test_bare_unit_list_only_where_a_clause_stands():
    t = "加强乡镇(街道)政务公开,省社会信用体系建设领导小组办公室(省发展改革委)要统筹协调。"
    assert find_clauses(t, 0, len(t)) == []


def test_five_clauses_in_one_task():
    t = ("5. 健全守信激励与失信惩戒机制。建立健全失信整改机制。（市监察委、市法制局按职责分工分别负责）"
         "依法依规取消评选资格。（市有关部门按职责分工分别负责）探索开展区域政务诚信状况评价。（市发展改革局负责）"
         "修订公务员管理规范文件。（市人力资源社会保障局负责）注重宣传报道。（市委宣传部负责）")
    text = "关于加强政务诚信建设的工作方案\n各县人民政府：\n为加强政务诚信建设，制定本方案。\n三、工作措施\n（二）建立健全政务信用管理体系。\n" + t + "\n"
    tasks = run(text).documents[0].tasks
    assert [x.id for x in tasks] == ["三/(二)/5"]
    assert len(tasks[0].clauses) == 5
    assert spans_text(text, tasks[0].clauses[1].covers) == "依法依规取消评选资格。"


# --- tasks, outline, principles ----------------------------------------------------------------

def test_outline_tasks_principles_of_a_plan():
    text = ("关于加强政务诚信建设的实施方案\n各街道办事处：\n为加快推进我区政务诚信建设，制定本方案。\n"
            "一、重要意义\n政务诚信是社会信用体系建设的关键，是落实战略布局的重要环节。\n"
            "二、总体要求\n（一）指导思想\n深入贯彻重要讲话精神，全面加强政务诚信建设。\n"
            "（二）基本原则\n一是坚持依法行政。严格按照权责清单要求。二是坚持政务公开。推进阳光行政。\n"
            "三、主要任务\n（一）建立政务诚信监督体系\n1.建立政务诚信专项督导机制。定期开展监督检查。\n"
            "2.建立社会监督机制。发挥社会舆论监督作用。\n"
            "四、保障措施\n全区各部门要相互协调、密切配合。\n"
            "（一）区发展改革委要发挥好牵头职能，加快建立政务诚信监督体系。\n"
            "全区各部门各单位要高度重视，狠抓落实。\n")
    doc = run(text).documents[0]
    assert [(o.marker, o.level, o.title, o.kind) for o in doc.outline] == [
        ("一、", 1, "重要意义", "significance"), ("二、", 1, "总体要求", "general"),
        ("（一）", 2, "指导思想", "guiding"), ("（二）", 2, "基本原则", "principles"),
        ("三、", 1, "主要任务", "tasks"), ("（一）", 2, "建立政务诚信监督体系", None),
        ("四、", 1, "保障措施", "safeguards")]
    assert [p.title for p in doc.principles] == ["坚持依法行政", "坚持政务公开"]
    assert [(t.id, t.heading, t.section_kind) for t in doc.tasks] == [
        ("三/(一)/1", "建立政务诚信专项督导机制", "tasks"), ("三/(一)/2", "建立社会监督机制", "tasks"),
        ("四/(一)", "保障措施", "safeguards")]
    first = doc.tasks[0]
    assert spans_text(text, first.text_span) == "建立政务诚信专项督导机制。定期开展监督检查。"


def test_restarted_numbering_opens_an_implied_section():
    text = ("关于加强政务诚信建设的实施意见\n各县人民政府：\n为加强政务诚信建设，提出以下意见。\n"
            "四、探索构建政务诚信监督体系\n(一)建立政务诚信专项督导机制各级人民政府要定期开展监督检查。\n"
            "(二)建立横向政务诚信监督机制各级人民政府要依法接受监督。\n"
            "(一)加强组织领导和工作协调各地区各部门要切实加强组织领导。\n")
    ids = [t.id for t in run(text).documents[0].tasks]
    assert ids == ["四/(一)", "四/(二)", "五/(一)"]


def test_principles_without_heading_and_lost_period():
    text = ("关于加强政务诚信建设的实施意见\n各县人民政府：\n为加强政务诚信建设，提出以下意见。\n"
            "——坚持依法行政。各地各部门要切实履行法定职责。\n——坚持政务公开按照“以公开为常态”要求推进。\n"
            "——坚持勤政高效进一步优化行政流程。\n")
    assert [p.title for p in run(text).documents[0].principles] == ["坚持依法行政", "坚持政务公开", "坚持勤政高效"]


@pytest.mark.parametrize("body,title", [("坚持依法行政。切实履行法定职责", "坚持依法行政"),
                                        ("坚持守信践诺在行政管理和公共服务的各领域贯彻公平正义原则。", "坚持守信践诺"),
                                        ("坚持失信惩戒引导政府率先用信", "坚持失信惩戒")])
def test_principle_titles(body, title):
    assert principle_title(body) == title


def test_leaf_heading_with_clause_paragraphs():
    text = ("关于加强政务诚信建设的实施意见\n各县人民政府：\n为加强政务诚信建设，提出以下意见。\n"
            "二、主要任务\n（二）健全政务诚信建设工作机制\n"
            "健全政务诚信记录机制。及时归集失信信息。(责任单位:市发改委、市人社局)\n"
            "健全守信激励机制。开展联动奖惩。(责任单位:市发改委)\n")
    doc = run(text).documents[0]
    assert [(t.id, len(t.clauses)) for t in doc.tasks] == [("二/(二)/p1", 1), ("二/(二)/p2", 1)]
    assert [o.title for o in doc.outline] == ["主要任务", "健全政务诚信建设工作机制"]


# --- task tables -------------------------------------------------------------------------------

def test_tab_separated_task_table():
    text = ("关于加强政务诚信建设的实施方案\n各县人民政府：\n为加强政务诚信建设，制定本方案。\n一、主要任务\n（一）完善机制。建立制度。\n"
            "附件：重点任务分工表\n重点任务分工表\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t建立政务失信记录\t市发改委\t市人社局、市司法局\t2018年12月底前\n"
            "2\t开展诚信教育\t市委组织部\t\t长期坚持\n")
    doc = run(text).documents[0]
    rows = [t for t in doc.tasks if t.is_table_row]
    assert [t.id for t in rows] == ["table/1", "table/2"]
    assert spans_text(text, rows[0].text_span) == "建立政务失信记录"
    cols = rows[0].clauses[0].columns
    assert cols["lead"][0] == "市发改委" and cols["support"][0] == "市人社局、市司法局"
    assert spans_text(text, cols["support"][1]) == "市人社局、市司法局"
    assert rows[0].deadline_text[0] == "2018年12月底前"
    assert "support" not in rows[1].clauses[0].columns


def test_numbered_heading_over_a_task_table_is_outline_not_a_task():
    text = ("关于加强政务诚信建设的工作方案\n各区人民政府：\n为加强政务诚信建设，制定本方案。\n一、重点任务\n"
            "（一）加强公务员诚信教育。将诚信教育纳入公务员培训内容。（责任单位：市委组织部）\n二、任务分工表\n"
            "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t开展政府机构失信专项治理\t市发展改革委\t市法院\t2020年9月底前\n")
    doc = run(text).documents[0]
    assert [t.id for t in doc.tasks] == ["一/(一)", "table/1"]
    assert ("二、", "任务分工表") in [(o.marker, o.title) for o in doc.outline]


def test_flattened_task_table():
    text = ("关于加强政务诚信建设的实施方案\n各县人民政府：\n为加强政务诚信建设，制定本方案。\n一、主要任务\n（一）完善机制。建立制度。\n"
            "附件:1.重点任务分工及进度安排表\n重点任务分工及进度安排表\n"
            "建成全市公共信用信息共享服务平台,实现各信息系统平台数据对接共享。\n市信息办、市发展改革委各县市区政府按职责分工负责\n"
            "按照国家、省信用信息目录,及时修订《宣城市市级信用信息目录(2017年版)》\n市信息办牵头,市直有关单位配合\n时限要求与双公示事项目录同步完成\n"
            "建立健全信用修复机制\n2017年9月底前完成\n"
            "支持征信机构采集严重失信行为信息纳入信用记录和信用报告。\n")
    doc = run(text).documents[0]
    rows = [t for t in doc.tasks if t.is_table_row]
    assert [spans_text(text, t.text_span)[:8] for t in rows] == ["建成全市公共信用", "按照国家、省信用", "建立健全信用修复", "支持征信机构采集"]
    assert [len(t.clauses) for t in rows] == [1, 1, 0, 0]
    assert rows[1].deadline_text[0] == "时限要求与双公示事项目录同步完成"
    assert rows[2].deadline_text[0] == "2017年9月底前完成"
    assert rows[0].heading == "重点任务分工及进度安排表"


@pytest.mark.parametrize("cell,expected", [("市工商质监局牵头,市直有关单位配合", True), ("市直有关单位,各县市区政府", True),
                                           ("按《宣城市市级信用信息目录》确定相关责任单位", True), ("建立健全信用修复机制", False),
                                           ("2017年9月底前完成", False)])
def test_units_cells(cell, expected):
    assert is_units_cell(cell) == expected


@pytest.mark.parametrize("name,role", [("序号", "number"), ("主要任务", "task"), ("牵头单位", "lead"), ("配合单位", "support"),
                                       ("责任单位", "responsible"), ("完成时限", "deadline"), ("备注", None)])
def test_column_roles(name, role):
    assert column_role(name) == role


# --- documents in a file -----------------------------------------------------------------------

def test_glued_page_split_and_dropped_text_reported():
    text = ("陕西省为建设诚信社会采取建设政府诚信,应采取下列哪些措施\n"
            "大连市人民政府关于加快推进社会诚信建设的实施意见\n各区市县人民政府:\n为加快推进“信用大连”建设，提出以下意见。\n"
            "二、健全激励机制\n(一)多渠道选树诚信典型支持推动各部门选树诚信典型。\n大连市人民政府\n"
            "诚信是一个社会和民族赖以生存与发展的基础，构建和谐社会必须把诚信体系建设放在重要位置。\n"
            "十政发〔2018〕25号\n关于加强政务诚信建设的实施意见\n各县市区人民政府:\n为贯彻落实国务院文件精神，现提出以下实施意见。\n"
            "(一)深入推进依法行政\n各地各部门要认真贯彻实施行政许可法。(责任单位:市政府法制办)\n"
            "3月12日《山西省人民政府关于加强政务诚信建设的实施意见》在网上公布,明确了全省政务诚信建设的任务。\n"
            "《意见》提出建立政务诚信专项督导机制。\n"
            "扫描二维码 关注我们\n")
    layout = run(text)
    docs = layout.documents
    assert [d.header.title for d in docs] == ["大连市人民政府关于加快推进社会诚信建设的实施意见", "关于加强政务诚信建设的实施意见"]
    assert docs[0].header.issuers == ["大连市人民政府"]
    assert docs[1].header.doc_number == "十政发〔2018〕25号"
    assert spans_text(text, docs[1].span).startswith("十政发")
    assert "山西" not in spans_text(text, docs[1].span)
    joined = " ".join(layout.warnings)
    assert "question" in joined and "news" in joined and "诚信是一个社会" in joined
    assert len(layout.warnings) >= 3


@pytest.mark.parametrize("line,kind", [("扫描二维码 关注我们", "chrome"), ("【字体: 】【浏览次数:491次】 【】 【】", "chrome"),
                                       ("来源 :红桥政务网 访问次数 : 发布时间:2020-08-25 10:50 打印", "chrome"),
                                       ("(此件主动公开)", "closing"), ("抄送:市委各部委办,市法院", "closing"),
                                       ("加强政务诚信建设", None),
                                       # a news note a policy page appends (opc_02590739)
                                       ("2026年4月18日，永州市数据局（营商环境建设局）、永州经开区联合召开新闻发布会，正式对外发布。",
                                        "news"),
                                       # a schedule item is work, not news
                                       ("2018年6月10日，召开全市动员大会，部署政务诚信建设工作。", None)])
def test_boilerplate(line, kind):
    assert boilerplate_kind(line) == kind


def test_empty_and_non_notice_text():
    layout = run("欢迎访问本网站\n\n打印 关闭窗口\n")
    assert layout.documents == [] and layout.warnings


def test_offsets_point_into_the_text():
    text = ("  关于加强政务诚信建设的实施意见\n\n  各县人民政府：\n\n  为加强政务诚信建设，提出以下意见。\n\n"
            "  一、主要任务\n\n  （一）加强诚信教育。完善制度。（责任单位：县人社局）\n")
    doc = run(text).documents[0]
    task = doc.tasks[0]
    assert spans_text(text, task.span).startswith("（一）加强诚信教育")
    assert spans_text(text, task.clauses[0].span) == "（责任单位：县人社局）"
    assert spans_text(text, task.clauses[0].inner_span) == "责任单位：县人社局"
    assert spans_text(text, doc.outline[0].span) == "一、主要任务"


def test_unbracketed_clause_lines():
    text = ("关于加强政务诚信建设的实施方案\n各县人民政府：\n为加强政务诚信建设，制定本方案。\n一、主要任务\n"
            "（一）建立督导机制\n1.定期开展政务诚信监督检查。\n责任单位：市信用办、市效能办\n完成时限：2018年12月底前\n"
            "2.完善投诉举报机制。责任单位：市信访局\n"
            "（二）建立失信记录\n归集政务失信记录。\n牵头单位：市发改委；配合单位：市人社局\n")
    doc = run(text).documents[0]
    assert [(t.id, [c.inner for c in t.clauses]) for t in doc.tasks] == [
        ("一/(一)/1", ["责任单位：市信用办、市效能办"]), ("一/(一)/2", ["责任单位：市信访局"]),
        ("一/(二)/p1", ["牵头单位：市发改委；配合单位：市人社局"])]
    assert doc.tasks[0].deadline_text[0] == "2018年12月底前"
    assert spans_text(text, doc.tasks[1].clauses[0].covers) == "完善投诉举报机制。"


def test_principles_run_into_their_heading_line():
    text = ("关于加强政务诚信建设的实施意见\n各县人民政府：\n为加强政务诚信建设，提出以下意见。\n一、总体要求\n"
            "（一）指导思想。深入贯彻重要讲话精神。\n"
            "（二）基本原则。坚持依法行政，切实履行法定职责。坚持政务公开，推进阳光行政。\n"
            "二、主要任务\n（一）加强诚信教育。完善制度。\n")
    doc = run(text).documents[0]
    assert [p.title for p in doc.principles] == ["坚持依法行政", "坚持政务公开"]
    assert [o.title for o in doc.outline] == ["总体要求", "指导思想", "基本原则", "主要任务"]
    assert [t.id for t in doc.tasks] == ["二/(一)"]


def test_site_metadata_block_fills_missing_header_fields():
    text = ("索 引 号：\t000014349/2019-00007\t主题分类：\t市场监管\n发文机关：\t国务院\t成文日期：\t2019年01月27日\n"
            "发文字号：\t国发〔2019〕5号\t发布日期：\t2019年02月15日\n"
            "国务院关于在市场监管领域全面推行部门联合监管的意见\n各省、自治区、直辖市人民政府：\n为持续深化改革，现提出如下意见。\n"
            "一、重点任务\n（一）统筹建设监管工作平台。建立平台。\n")
    h = run(text).documents[0].header
    assert (h.doc_number, h.issuers, h.issue_date) == ("国发〔2019〕5号", ["国务院"], "2019-01-27")


def test_a_site_number_field_that_dropped_its_brackets():
    # 发文字号：交直机团发20151号 (round 8 y05, development): the field holds the number alone
    text = ("关于印发某团委2015年工作要点的通知\n发文机构：机关党委\n发布时间：2015-02-12\n发文字号：交直机团发20151号\n"
            "各团支部：\n现将《2015年工作要点》印发给你们。\n一、重点任务\n（一）加强青年理论武装。开展学习。\n")
    assert run(text).documents[0].header.doc_number == "交直机团发〔2015〕1号"


def test_plan_body_without_header_is_still_read():
    text = ("一、主要任务\n（一）加强诚信教育。将信用建设纳入公务员培训。（责任单位：市人社局）\n"
            "（二）健全失信记录。归集失信信息，依法公开。\n二、保障措施\n（一）加强组织领导。各地各部门要高度重视，狠抓落实。\n")
    layout = run(text)
    assert [t.id for t in layout.documents[0].tasks] == ["一/(一)", "一/(二)", "二/(一)"]
    assert layout.documents[0].header.title is None and "no notice header" in layout.warnings[0]


def test_unnumbered_section_heading_above_numbered_items():
    text = ("关于支持创业的若干措施\n为加快培育新质生产力，特制定本措施。\n一、支持对象\n本措施适用于依法登记注册的企业。\n"
            "政策内容\n1.布局社区矩阵。提供办公空间。\n2.支持人才乐居创业。给予租赁补贴。\n")
    doc = run(text).documents[0]
    assert [(o.marker, o.level, o.title) for o in doc.outline] == [("一、", 1, "支持对象"), ("", 1, "政策内容")]
    assert [t.id for t in doc.tasks] == ["政策内容/1", "政策内容/2"]


def test_leaf_heading_with_plain_paragraphs_is_one_task():
    text = ("关于全面推行联合监管的意见\n各省人民政府：\n为深化改革，现提出如下意见。\n三、重点任务\n（二）实行抽查事项清单管理。\n"
            "各有关部门要建立本部门随机抽查事项清单，明确抽查依据。\n随机抽查事项分为重点检查事项和一般检查事项，实行动态管理。\n"
            "（三）建立健全随机抽查“两库”。\n各省人民政府要统筹建立检查对象名录库。\n")
    doc = run(text).documents[0]
    # several plain paragraphs make one task with the heading; a single one is the item 三/(三)/p1
    assert [t.id for t in doc.tasks] == ["三/(二)", "三/(三)/p1"]
    assert spans_text(text, doc.tasks[0].text_span).endswith("实行动态管理。")
    assert doc.tasks[0].heading == "实行抽查事项清单管理"


@pytest.mark.parametrize("first,title", [
    ("揭阳市人民政府文件", "关于加强政务诚信建设的实施意见"),
    ("国务院办公厅关于全面推行行政规范性文件", "国务院办公厅关于全面推行行政规范性文件合法性审核机制的实施意见")])
def test_masthead_is_not_part_of_the_title(first, title):
    text = (first + "\n" + ("关于加强政务诚信建设的实施意见" if first.endswith("人民政府文件") else "合法性审核机制的实施意见")
            + "\n各县人民政府：\n为加强政务诚信建设，提出以下意见。\n一、重点任务\n（一）统筹建设平台。建立平台。\n")
    assert run(text).documents[0].header.title == title


def test_sentence_heading_above_numbered_items_is_outline():
    """（一）统筹两个市场，打造加工制造中心。 reads like a sentence but heads 1. 2. (国发〔2019〕3号)."""
    text = ("国务院关于促进综合保税区高水平开放高质量发展的若干意见\n国发〔2019〕3号\n各省、自治区、直辖市人民政府：\n"
            "四、主要任务\n（一）统筹两个市场，打造加工制造中心。\n"
            "1.拓展两个市场。积极稳妥地在综合保税区推广增值税一般纳税人资格试点。（税务总局、财政部、海关总署负责）\n"
            "2.释放企业产能。允许综合保税区内加工制造企业利用剩余产能承接境内区外委托加工。（海关总署、商务部负责）\n"
            "（二）推动创新创业，打造研发设计中心。\n"
            "3.促进研发创新。支持综合保税区内企业开展研发业务。（海关总署、商务部等有关部门负责）\n")
    doc = run(text).documents[0]
    assert [o.title for o in doc.outline] == ["主要任务", "统筹两个市场，打造加工制造中心", "推动创新创业，打造研发设计中心"]
    assert [t.id for t in doc.tasks] == ["四/(一)/1", "四/(一)/2", "四/(二)/3"]


@pytest.mark.parametrize("note", ["罗湖区科技和工业信息化局（乡村振兴和协作交流局）2026年4月24日发布。",
                                  "嘉兴市发展和改革委员会2026年3月31日发布，征求意见时间为2026年3月31日—2026年4月10日。",
                                  "2026年3月10日发布于微信公众号萧山发布。"])
def test_publication_note_is_no_task_text(note):
    """The note a site prints under a reposted policy names its publisher; it is no measure."""
    text = "关于支持OPC发展的若干措施\n一、办公空间支持\n为经认定的OPC提供不少于一年的专属办公空间。\n" \
           "二、人才支持\n对新引进的青年人才给予最高10万元补贴。\n" + note + "\n"
    doc = run(text).documents[0]
    assert doc.header.issue_date is not None
    assert all(note[:12] not in text[t.span[0]:t.span[1]] for t in doc.tasks)
    assert len(doc.tasks) == 2


@pytest.mark.parametrize("chapters", [False, True])
def test_article_heading_over_a_paragraph(chapters):
    """第一条 办公空间支持 over its paragraph (city 措施 numbered by articles): the article title is an
    outline heading (level 1 without chapters), the paragraph the task 第一条/p1 headed by it; the
    articles of 附则 (解释, 施行, 有效期) set no work."""
    head = "第一章 支持措施\n" if chapters else ""
    tail = "第三章 附则\n" if chapters else "第三条 附则\n"
    text = ("罗湖区支持人工智能OPC发展若干措施\n为承接市行动计划，结合罗湖实际，制定本措施。\n" + head +
            "第一条 办公空间支持\n依托罗湖区级OPC社区，为经认定的OPC提供不少于一年的专属空间支持。\n"
            "第二条 人才支持\n对新引进的青年人才给予最高10万元入户补贴。\n" + tail +
            "本措施由区科技和工业信息化局负责解释，自发布之日起施行，有效期至2027年12月31日。\n")
    doc = run(text).documents[0]
    tasks = [(t.id, t.heading) for t in doc.tasks]
    assert [tid.split("/")[-2:] for tid, _ in tasks] == [["第一条", "p1"], ["第二条", "p1"]]
    assert [h for _, h in tasks] == ["办公空间支持", "人才支持"]
    articles = [o for o in doc.outline if o.marker.startswith("第") and o.marker.endswith("条")]
    assert [o.title for o in articles][:2] == ["办公空间支持", "人才支持"]
    assert articles[0].level == (2 if chapters else 1)


@pytest.mark.parametrize("closing", [
    "施行说明：本措施自印发之日起施行，有效期至2028年12月31日。由常熟市相关部门负责解释。",
    "附则\n本措施自发布之日起试行，有效期三年。本措施由领导小组办公室负责解释。",
])
def test_closing_provisions_under_the_last_measure_are_no_task_text(closing):
    """A policy's closing provisions printed unnumbered under its last measure end that measure."""
    text = ("关于支持OPC发展的若干措施\n一、优化政务服务保障\n在政务服务中心设立OPC服务专窗。\n建立OPC诉求响应机制。\n"
            "二、实施包容审慎监管\n对OPC实施包容审慎监管，推行柔性监管。\n建立支持OPC创业容错纠错机制。\n" + closing + "\n")
    doc = run(text).documents[0]
    last = doc.tasks[-1]
    assert last.heading == "实施包容审慎监管"
    assert spans_text(text, last.text_span).endswith("容错纠错机制。")


def test_closing_provisions_of_a_numbered_other_matters_section():
    text = ("关于支持OPC业态发展的若干意见\n一、支持项目落地\n对落地项目给予直接补贴。\n八、其他事项\n"
            "1、本《意见》自正式发布之日起试行一年，期满后进行评估优化。\n2、本《意见》由区OPC业态发展工作专班负责解释。\n")
    doc = run(text).documents[0]
    assert [t.heading for t in doc.tasks] == ["支持项目落地"]


def test_closing_article_printed_as_a_heading_line_is_no_task():
    text = ("中华人民共和国个人所得税法实施条例\n第一条 根据《中华人民共和国个人所得税法》，制定本条例。\n"
            "第二条 军队人员个人所得税征收事宜，按照有关规定执行。\n第三条 本条例自2019年1月1日起施行\n扫一扫在手机打开当前页\n")
    doc = run(text).documents[0]
    assert boilerplate_kind("扫一扫在手机打开当前页") == "chrome"
    assert [t.id for t in doc.tasks] == ["第二条"]


def test_a_fixed_layout_line_that_stops_short_inside_a_sentence_goes_on_below():
    """An .ofd page breaks lines at varying widths: a short line that stops inside a sentence of
    running text is no paragraph end; a short title-only heading or a signature still is."""
    from policyparse.segment import paragraphs

    sentence = "各级住房和城乡建设主管部门要按照职责分工，全面推行行政执法公示制度，认真落实有关工作要求。" * 10
    wrapped = [sentence[i:i + 40] for i in range(0, len(sentence), 40)]  # a page's margin of 40
    full = "各地要认真落实有关工作要求。"
    text = "\n".join([
        "住房和城乡建设部关于印发实施方案的通知",
        *wrapped,
        "（一）健全公示机制。按照谁执法谁公示的原则，明确公示内容采集、传递、审核、发布",
        "工作流程和责任机构，对行政",
        "处罚、行政强制、行政检查等执法行为的基本信息进行公示。",
        "（二）完善公示平台",
        full,
        "住房和城乡建设部",
        "2019年4月3日",
    ]) + "\n"
    texts = [p.text for p in paragraphs(text)]
    assert any(t.startswith("（一）健全公示机制") and t.endswith("进行公示。") for t in texts), texts
    assert "（二）完善公示平台" in texts
    assert "住房和城乡建设部" in texts


def test_a_cite_title_wrapped_across_lines_and_an_issuer_before_a_title_verb():
    """corpus/blind3 w10, a .wps hard-wrapped at a fixed width: 《国务院关于促进奶业持续健\n康发展的意见》
    is cited without the wrap, and 云南省人民政府贯彻落实国务院关于… is issued by 云南省人民政府."""
    from pathlib import Path

    import policyparse

    raw = Path(__file__).resolve().parent.parent / "corpus" / "blind3" / "raw" / "w10.wps"
    (doc,) = policyparse.parse(raw).documents
    assert doc.cites[0].title == "国务院关于促进奶业持续健康发展的意见"
    assert doc.issuers == ["云南省人民政府"]


def test_a_year_after_the_enumeration_comma_opens_a_heading():
    # 一、2007年工作回顾 (河北 工作总结和工作安排意见, blind round 5 dev x13): a year may follow 、
    assert match_marker("一、2007年工作回顾").text == "一、"
    assert match_marker("一.5倍以上") is None  # after 一. a digit continues a number


def test_a_review_of_past_work_sets_no_work():
    text = ("一、2007年工作回顾\n（一）深化改革\n过去一年，我们完成了机构改革。\n"
            "二、2008年主要工作安排\n（一）加强资产管理\n要认真做好调查摸底工作。\n")
    (doc,) = run(text).documents
    assert [o.kind for o in doc.outline if o.level == 1] == ["report", None]
    # only the work part gives a task (the review's 过去一年… paragraph does not)
    assert [text[b.span[0]:b.span[1]] for b in doc.tasks] == ["要认真做好调查摸底工作。"]


def test_a_heading_of_comma_separated_phrases_run_into_its_text():
    from policyparse.segment.breaks import break_reason, wrap_width
    title = "（一）提高认识，强化责任，认真履行好各项管理职责"
    assert break_reason(title, "认真履行管理职责，不断推进管理工作。", True) == "heading"
    # the same fragment filling a printed line of a text spaced at its wraps is a wrapped sentence
    assert break_reason(title, "认真履行管理职责，不断推进管理工作。", True, width=len(title)) is None
    spaced = "各单位要深化改革，积极构建体制 和机制，改革创新是推动各项事 业发展的灵魂，一年来我们紧密 结合全省实际，努力构建新体 制，组织调研"
    assert 10 <= wrap_width(spaced) <= 16
    assert wrap_width("二、主要任务 （一）加强领导。") is None
    # 一是…: an enumeration inside a sentence never opens a heading line
    assert break_reason("一是认真做好调查", "摸底、审核统计、综合分析等各项工作", True) is None


def test_a_title_of_short_parallel_phrases_closed_by_a_stop_heads_its_paragraph():
    # 四、工作要求 （一）提高认识，加强领导。 / 各市（地）要… (round 5 x20)
    text = ("四、工作要求\n（一）提高认识，加强领导。\n各市（地）要切实提高认识，加强组织领导，深入一线强化督促。\n"
            "（二）区发展改革委要发挥牵头职能，加快建立工作机制。\n")
    (doc,) = run(text).documents
    assert [o.title for o in doc.outline] == ["工作要求", "提高认识，加强领导"]
    assert [text[b.span[0]:b.span[1]][:6] for b in doc.tasks] == ["各市（地）要", "（二）区发展"]


def test_an_inspection_checklist_section_sets_no_work():
    text = ("二、整治范围和内容\n（一）重点行业和部位\n以金属制品、木制品加工企业为重点。\n"
            "三、工作步骤\n（一）企业自查\n各企业要对照检查内容开展自查。\n")
    (doc,) = run(text).documents
    assert [o.kind for o in doc.outline if o.level == 1] == ["general", None]
    assert [text[b.span[0]:b.span[1]] for b in doc.tasks] == ["各企业要对照检查内容开展自查。"]


def test_an_ideographic_indent_after_a_stage_title_starts_its_paragraph():
    # 三、方法和步骤 　　（一）成立机构（5月） 　　成立由省委办公厅牵头…: a .wps export kept the
    # indents and lost the breaks (round 5 x12); the stage title heads its paragraph
    text = ("三、方法和步骤\n\u3000\u3000（一）成立机构（5月） \u3000\u3000成立由省委办公厅牵头的领导小组，履行组织领导职责。"
            " \u3000\u3000（二）动员部署（5月上旬） \u3000\u3000各地各单位要进行广泛动员和具体部署。\n")
    (doc,) = run(text).documents
    assert [o.title for o in doc.outline] == ["方法和步骤", "成立机构（5月）", "动员部署（5月上旬）"]
    assert [b.id for b in doc.tasks] == ["三/(一)/p1", "三/(二)/p1"]


def test_an_article_that_holds_a_sentence_is_no_heading():
    # 第二十四条 本办法自印发之日起施行 (round 5 x08); a titled article (第五条 支持对象。) is one
    text = ("第一章 总则\n第二条 包保单位负责以下工作：\n（一）组织开展监督帮扶；\n（二）承担交办的其他事项。\n"
            "第三条 支持对象。\n在示范区注册的创业服务机构。\n第二十四条 本办法自印发之日起施行。\n")
    (doc,) = run(text).documents
    assert [o.marker for o in doc.outline] == ["第一章", "第三条"]


def test_an_items_text_goes_on_in_the_plain_paragraphs_below_it():
    # 六、工作要求 （一）加强领导。各市…。 / 9月20日前，将…总结报送省局。 / （二）… (round 5 x06):
    # the second paragraph belongs to (一); after the last item a paragraph may close the section
    text = ("六、工作要求\n（一）加强领导，认真贯彻落实。各市安全监管局要高度重视，制定实施工作方案。\n"
            "9月20日前，将专项治理工作总结报送省局。\n（二）强化监督，重在落实。各地要加强监督检查。\n"
            "本实施意见自2017年8月31日起施行。\n")
    (doc,) = run(text).documents
    first, second = (text[b.span[0]:b.span[1]] for b in doc.tasks)
    assert first.endswith("9月20日前，将专项治理工作总结报送省局。")
    assert second.endswith("各地要加强监督检查。")


def test_stages_run_on_after_the_sentence_that_announces_them():
    # 四、时间安排 …分为三个阶段进行。第一阶段（7月20-31日）部署、动员阶段：… (round 5 x06)
    text = ("四、时间安排\n专项治理活动分为两个阶段进行。第一阶段（7月20-31日）部署、动员阶段：组建工作机构；部署专项治理工作。"
            "第二阶段（8月1-25日）自查阶段：各地市安全监管局要全面开展自查工作。\n")
    (doc,) = run(text).documents
    assert [b.id for b in doc.tasks] == ["四/第一阶段", "四/第二阶段"]


def test_ordinals_number_the_items_of_a_work_arrangement():
    # 冀直管〔2006〕4号 (round 9 y06, development data): 第一、…第二、 number the year's work where a
    # plan prints （一）（二）
    from policyparse.segment.markers import match_marker
    from policyparse.normalize.text import NormalizedText
    from policyparse.segment import segment

    assert match_marker("第一、以实现国有资产统一管理为重点").ascii_id == "第一"
    text = ("关于印发局2006年主要工作安排意见的通知\n各处室：\n现将安排意见印发给你们。\n"
            "二、2006年主要工作安排意见\n"
            "第一、以强化国有资产管理为重点，修改完善管理办法。一是加强协调。\n"
            "第二、以规范房地产管理为重点，抓好办公楼建设。\n")
    doc = segment(NormalizedText.identity(text)).documents[0]
    assert [t.id for t in doc.tasks] == ["二/第一", "二/第二"]


def test_paragraphs_that_open_with_their_category_are_items():
    # 农资打假专项治理行动实施方案 (round 9 y04, development data): （一）重点品种 over 种子：… 农药：…
    from policyparse.normalize.text import NormalizedText
    from policyparse.segment import segment

    text = ("关于印发农资打假专项治理行动实施方案的通知\n各市农委：\n现将方案印发给你们。\n三、工作重点\n（一）重点品种\n"
            "种子：严厉查处生产经营假劣种子、套牌侵权等违法行为。\n推进种子质量追溯试点。\n"
            "农药：严厉打击制售假劣农药行为，查处非法生产经营高毒农药。\n"
            "（二）工作内容\n综合督查的内容主要是：各地贯彻落实安全生产的方针政策。\n"
            "专项督查的内容主要是：煤矿、非煤矿山等重点行业领域的隐患治理。\n")
    tasks = segment(NormalizedText.identity(text)).documents[0].tasks
    assert [t.id for t in tasks] == ["三/(一)/p1", "三/(一)/p2", "三/(二)"]
    start, end = tasks[0].text_span
    assert "推进种子质量追溯试点" in text[start:end]  # the line a PDF wrapped goes with its paragraph


def test_cites_take_short_laws_and_leave_out_books_bulletins_and_forms():
    from policyparse.normalize.text import NormalizedText
    from policyparse.segment import segment

    text = ("关于做好2006年工作的通知\n各处室：\n"
            "一、依照《工会法》《劳动法》和《河北省住房公积金管理办法》，认真学习《江泽民文选》，"
            "办好《工作快报》，填写《评估情况记录表》。\n")
    doc = segment(NormalizedText.identity(text)).documents[0]
    assert [c.title for c in doc.header.cites] == ["工会法", "劳动法", "河北省住房公积金管理办法"]


def test_an_empty_site_field_is_no_recipient_and_a_title_line_ends_its_paragraph():
    from policyparse.normalize.text import NormalizedText
    from policyparse.segment import segment
    from policyparse.segment.paragraphs import _title_line

    # 辽住建〔2017〕26号 page (round 4 v08): 发文机构： printed empty above the 主送机关
    text = ("关于印发《2017年全省住房和城乡建设系统质量安全工作要点》的通知\n发文机构：\n发布时间：2017-03-03\n"
            "各市建委（局）：\n根据省安委会部署，现将《工作要点》印发给你们，请认真贯彻执行。\n")
    assert segment(NormalizedText.identity(text)).documents[0].header.recipients == ["各市建委（局）"]
    # a title that reaches the margin of a hard-wrapped page still ends its line (round 4 v14)
    assert _title_line("上海市人民政府办公厅关于印发《促进上海市生物医药产业高质量发展行动方案（2018-2020年）》的通知")
    assert not _title_line("经市政府同意，现将《行动方案》印发给你们，请认真按照执行")


def test_an_article_title_over_its_purpose_or_closing_paragraph_sets_no_work():
    # 上海…规划土地政策实施办法 (round 9 y10, development data): 第十二条 over 本实施办法自…施行
    from policyparse.normalize.text import NormalizedText
    from policyparse.segment import segment

    text = ("关于印发规划土地政策实施办法的通知\n各区人民政府：\n现将实施办法印发给你们。\n"
            "第十一条 加强监管\n区政府应加强对产业园区转型的监督管理。\n"
            "第十二条 施行日期\n本实施办法自印发之日起施行，有效期至2020年11月30日。\n")
    ids = [t.id for t in segment(NormalizedText.identity(text)).documents[0].tasks]
    assert ids == ["第十一条/p1"]
