"""Deadline grammar: one row per form of issue 5 and GUIDE.md §2, plus the gold deadline strings."""

import json
from pathlib import Path

import pytest

from policyparse.extract.deadlines import bracketed_limits, cn_number, find_deadline, parse_deadline

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"

# (text, base date, start, end, ongoing, relative)
FORMS = [
    ("2017年9月底前", None, None, "2017-09-30", False, False),
    ("2018年底前", None, None, "2018-12-31", False, False),
    ("2018年年底前", None, None, "2018-12-31", False, False),
    ("到2020年", None, None, "2020-12-31", False, False),
    ("2017年9月30日前", None, None, "2017-09-30", False, False),
    ("2016年2月底前", None, None, "2016-02-29", False, False),
    ("2017年6月30日起", None, "2017-06-30", None, False, False),
    ("自2018年1月1日起施行", None, "2018-01-01", None, False, False),
    ("“十三五”期间", None, "2016-01-01", "2020-12-31", False, False),
    ("“十四五”末", None, None, "2025-12-31", False, False),
    ("2018年上半年", None, "2018-01-01", "2018-06-30", False, False),
    ("三季度", "2018-03-02", "2018-07-01", "2018-09-30", False, False),
    ("2018年第三季度末前", None, None, "2018-09-30", False, False),
    ("二〇一八年六月底前", None, None, "2018-06-30", False, False),
    ("长期坚持", None, None, None, True, False),
    ("持续推进", None, None, None, True, False),
    ("2017年6月30日起实施并持续推进", None, "2017-06-30", None, True, False),
    ("2017年9月底前完成并持续推进", None, None, "2017-09-30", True, False),
    ("失信信息产生后的7个工作日内", None, None, None, False, True),
    ("年度市级权责清单发布后,1个月内完成", None, None, None, False, True),
    ("与市级权力清单同步发布", None, None, None, False, True),
    # the document's own date supplies a missing year; a month already past means next year
    ("6月底前", "2017-05-10", None, "2017-06-30", False, False),
    ("3月底前", "2017-11-21", None, "2018-03-31", False, False),
    ("年底前", "2019-07-02", None, "2019-12-31", False, False),
    # a 完成时限 cell may print a bare month
    ("2019年12月", None, None, "2019-12-31", False, False),
    ("每年12月底前", None, None, None, True, False),
    # spans of time in a 完成时限 cell
    ("2018—2020年", None, "2018-01-01", "2020-12-31", False, False),
    ("2018年6月至12月", None, "2018-06-01", "2018-12-31", False, False),
]


@pytest.mark.parametrize("text,base,start,end,ongoing,relative", FORMS)
def test_deadline_forms(text, base, start, end, ongoing, relative):
    dl = parse_deadline(text, base)
    assert dl is not None
    assert (dl.start, dl.end, dl.ongoing, dl.relative) == (start, end, ongoing, relative)
    assert dl.raw == text


@pytest.mark.parametrize("text", ["加强组织领导", "及时修订《宣城市市级信用信息目录(2017年版)》", "贯彻“十三五”规划",
                                  "2016年以来，我市信用建设取得进展",
                                  # counted years and occasions are no deadline of the task
                                  "毕业5年内的高校毕业生", "确保1年内完成合同用量", "纳入年底效能目标考核体系",
                                  "以一个月内取得的收入为一次", "坚持数字城市与现实城市同步规划",
                                  "制定《三年行动计划（2018—2020年）》",
                                  # facts and cited laws, not deadlines
                                  "截至2017年底，全市已归集信用信息500万条",
                                  "严格执行《条例》，《条例》自2017年10月1日起施行",
                                  # the notice's own start is no task deadline
                                  "本方案自印发之日起施行", "本措施自发布之日起实施"])
def test_no_deadline_in_running_text(text):
    assert find_deadline(text, "2017-05-10") is None


def test_deadline_found_inside_task_text():
    text = "按照国家统一部署建立公务员诚信档案，到2020年，公务员信用档案覆盖率达到100%。"
    hit = find_deadline(text)
    assert hit.deadline.end == "2020-12-31"
    assert text[hit.start:hit.end] == "到2020年"


@pytest.mark.parametrize("text,end,relative", [
    ("各地要于年底前完成", "2019-12-31", False),
    ("力争今年年内推出", "2019-12-31", False),
    ("执法机关要在执法决定作出之日起20个工作日内向社会公布", None, True),
    # from an event the task names (国发〔2019〕3号, 国令第706号)
    ("自国务院批准设立综合保税区之日起，对入区企业进口自用的机器设备等，可按现行规定享受政策。", None, True),
    ("主管部门应当自受理申请之日起20个工作日内作出决定", None, True),
])
def test_deadlines_in_running_text(text, end, relative):
    hit = find_deadline(text, "2019-01-24")
    assert (hit.deadline.end, hit.deadline.relative) == (end, relative)


@pytest.mark.parametrize("text,start,end", [
    # a span of days in a stage heading's bracket; a day past the month's end is its last day
    ("重点推进阶段（9月1日至11月30日）", "2019-09-01", "2019-11-30"),
    ("重点验收阶段（12月1日至31日）", "2019-12-01", "2019-12-31"),
    ("全面完成阶段（2020年1月1日至11月31日）", "2020-01-01", "2020-11-30"),
    # a year or 年内 opening a clause dates the work of an annual plan's item
    ("逐步提高筹资比重。2019年，职工医保参保率稳定在95%以上。", None, "2019-12-31"),
    ("开展前期准备工作，2020年启动州市级统筹试点工作。", None, "2020-12-31"),
    ("年内开展1—2次基本药物供应配送督查。", None, "2019-12-31"),
    # a span of months printing 月 once, and a start a PDF spaced out (round 4: v06, v20)
    ("5 -6 月，要对已经定点的经营单位进行检查。", "2019-05-01", "2019-06-30"),
    ("自 2019 年 5 月 1 日起，全省城镇均执行绿色建筑标准。", "2019-05-01", None),
    ("加强管理，力争2019年全省二级以上医院全部建立警务室。", None, "2019-12-31"),  # a goal word before the year
])
def test_spans_of_days_and_clause_leading_years(text, start, end):
    hit = find_deadline(text, "2019-01-24")
    assert (hit.deadline.start, hit.deadline.end) == (start, end)


@pytest.mark.parametrize("text", ["2018年，全省奶牛存栏增加3.1万头。", "2019年的工作重点是医改。"])
def test_a_past_or_attributive_year_leading_a_clause_is_no_deadline(text):
    assert find_deadline(text, "2019-01-24") is None


@pytest.mark.parametrize("text,raw,end", [
    # several dated steps: the task is done when its last step is due
    ("2019年3月底前，出台实施细则；2019年6月底前，在全省范围内推开。", "2019年6月底前", "2019-06-30"),
    ("2018年底前完成试点，到2020年全面推广。", "到2020年", "2020-12-31"),
    ("到2020年底前建成平台，2019年底前完成数据归集。", "到2020年底前", "2020-12-31"),
    # the start of a recurring duty is no deadline; the dated step still governs
    ("2020年起每年开展一次评估，2019年12月底前制定评估办法。", "2019年12月底前", "2019-12-31"),
])
def test_latest_dated_deadline_governs(text, raw, end):
    hit = find_deadline(text, "2019-01-24")
    assert (text[hit.start:hit.end], hit.deadline.end) == (raw, end)


@pytest.mark.parametrize("text", ["2020年起每年开展一次评估", "自2021年起，每季度通报一次进展情况"])
def test_recurring_start_is_no_deadline(text):
    assert find_deadline(text, "2019-01-24") is None


@pytest.mark.parametrize("text", [
    "各地于每年12月底前报送年度工作总结。",
    "企业于当年9月30日前提交申请报告。",  # 当年 of a rule that runs every year
    "企业应在当年8月1日至8月31日提交申请报告。",
    "名单中的企业自下年度1月1日起享受政策。",
])
def test_a_date_of_a_yearly_routine_in_a_sentence_is_no_deadline(text):
    # the gold of rounds 3-10: a report due each year or the window of a standing rule is a
    # routine of the policy, not a time limit of the task
    assert find_deadline(text, "2020-05-01") is None


@pytest.mark.parametrize("text,raw,end", [
    ("到“十五”期末，全市旅游业总收入达到1500亿元。", "“十五”期末", "2005-12-31"),  # round 10 z02
    ("“九五”期间完成改造。", "“九五”期间", "2000-12-31"),
])
def test_the_tenth_and_ninth_five_year_plans(text, raw, end):
    hit = find_deadline(text, "2003-05-01")
    assert (hit.deadline.raw, hit.deadline.end) == (raw, end)


def test_a_season_with_its_year_or_a_start_is_a_time_and_alone_is_none():
    # 从2004年秋季开始，开办…贷款 (round 8 y09, development): the autumn the school year opens
    hit = find_deadline("从2004年秋季开始，开办上海生源赴外地高校就读的贷款。", "2004-05-01")
    assert (hit.deadline.start, hit.deadline.end) == ("2004-09-01", None)
    assert find_deadline("春季造林要抓紧，秋季开学要做好准备。", "2004-05-01") is None


@pytest.mark.parametrize("text", ["第十五条 本办法自公布之日起施行。", "每月十五日前报送。", "共二十五期间隔发放。"])
def test_fifteen_as_a_number_is_no_plan_period(text):
    assert find_deadline(text, "2003-05-01") is None


def test_cn_numbers():
    assert [cn_number(x) for x in ("十", "十二", "二十", "三十一", "二〇一七", "7")] == [10, 12, 20, 31, 2017, 7]


def test_gold_deadline_strings():
    """Every gold deadline ``raw`` parses to the gold start/end (floor: all)."""
    total = hit = 0
    for path in sorted(GOLD.glob("*.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            for task in doc["tasks"]:
                gold = task["deadline"]
                if not gold:
                    continue
                total += 1
                dl = parse_deadline(gold["raw"], doc["issue_date"])
                hit += dl is not None and (dl.start, dl.end) == (gold["start"], gold["end"])
    assert total >= 20
    assert hit == total


# A time limit printed in brackets closing a task's sentence, with no key (交通运输部 专项行动方案,
# blind round 6 y04): it is the task's limit and outranks a date the task's text mentions.
@pytest.mark.parametrize("text,raw,start,end,ongoing", [
    ("纠正违法违章作业。（2016年完成）", "2016年完成", None, "2016-12-31", False),
    ("及时整改到位。（2016年—2018年持续实施）", "2016年—2018年持续实施", "2016-01-01", "2018-12-31", True),
    ("配备监管装备。（2016年取得阶段性成果）", "2016年取得阶段性成果", None, "2016-12-31", False),
    ("加强信息共享。（沿海港口2016年完成，内河港口2017年完成）", "沿海港口2016年完成，内河港口2017年完成", None, "2017-12-31", False),
    ("制定考核程序。（力争2016年完成）", "力争2016年完成", None, "2016-12-31", False),
])
def test_bracketed_time_limit(text, raw, start, end, ongoing):
    (hit,) = bracketed_limits(text)
    assert (hit.deadline.raw, hit.deadline.start, hit.deadline.end, hit.deadline.ongoing) == (raw, start, end, ongoing)
    assert text[hit.start:hit.end] == raw


@pytest.mark.parametrize("text", [
    "完成《行动方案（2016—2018年）》编制。",            # a title's period, inside 《》
    "一、吉林省国有资产评估管理暂行办法（1989年省政府第29号令）。",  # a citation
    "人选不超过55周岁（1960年1月1日后出生）。",           # a condition
    "公路工程标准施工监理招标文件（2018年版）。",           # an edition
])
def test_bracketed_date_that_is_no_time_limit(text):
    assert bracketed_limits(text) == []


def test_bracketed_limit_outranks_a_date_in_the_task_text():
    from policyparse import parse
    text = ("某部关于印发专项行动方案的通知\n某发〔2016〕3号\n各省、自治区交通运输厅：\n一、主要任务\n"
            "1.建设监管信息系统。港口行政管理部门要建设信息系统，2017年底前实现监管底数的动态更新。（2018年完成）\n"
            "2.加强督促指导。各级港口行政管理部门要开展巡查。\n某部\n2016年3月1日\n")
    tasks = [t for d in parse(text).documents for t in d.tasks]
    assert [t.deadline.raw for t in tasks if t.deadline] == ["2018年完成"]


@pytest.mark.parametrize("text,start,end", [
    # a step of a 阶段安排 opens with its span (国知发保字〔2021〕26号, round 7 y09)
    ("赛会保障。2022年1月至3月，严格赛时奥林匹克标志知识产权保护。", "2022-01-01", "2022-03-31"),
    ("2018年5月至6月，开展宣传发动。", "2018-05-01", "2018-06-30"),
])
def test_a_span_of_months_with_its_year_opening_a_sentence_is_the_steps_time(text, start, end):
    hit = find_deadline(text, "2021-10-15")
    assert (hit.deadline.start, hit.deadline.end) == (start, end)


def test_a_span_inside_a_sentence_still_needs_a_marker():
    assert find_deadline("全省2016—2018年将开展专项整治。") is None


@pytest.mark.parametrize("text", [
    # 云政办发〔2022〕6号 (round 8 y04, after its single score): the dates say which estates
    "对2000年底前建成需要改造的城镇老旧小区进行改造。",
    "实施成片改造的可适当延伸至2010年底前建成的配套基础设施不完善的小区。",
    "推动2000年底至2005年底建成的基础设施不完善的小区改造。",
])
def test_a_date_that_qualifies_a_noun_is_no_deadline(text):
    assert find_deadline(text) is None


def test_a_date_before_what_the_task_builds_stays_its_deadline():
    assert find_deadline("2020年底前建成一批示范项目。").deadline.end == "2020-12-31"


@pytest.mark.parametrize("text,end", [
    # a 工作要点's own year (round 8 y08, after its single score)
    ("各地各部门主要负责同志年内至少要听取1次政务公开工作汇报。", "2021-12-31"),
    ("年内完成清理。", "2021-12-31"),
    # a description, and a count of years
    ("对参加合作医疗、年内没有动用合作医疗资金的农民，可以安排体检。", None),
    ("毕业5年内的高校毕业生可以申请。", None),
])
def test_a_bare_within_the_year_sets_a_deadline_only_before_a_duty(text, end):
    hit = find_deadline(text, "2021-05-10")
    assert (hit.deadline.end if hit else None) == end


# 标本兼治遏制重特大突发环境应急事件工作方案 (round 9 y03, development data): a 工作步骤 step titled
# with its period in brackets; a plan's years in brackets after its name are no stage
@pytest.mark.parametrize("text,expected", [
    ("排查摸底（2017年5月—8月）：各级环境保护部门督促企业开展风险排查。", ("2017-05-01", "2017-08-31")),
    ("动员部署（5月—6月）：召开动员会议。", ("2017-05-01", "2017-06-30")),
    ("制定三年行动计划（2018年—2020年），明确目标任务。", None),
])
def test_a_stage_period_in_brackets_after_its_title(text, expected):
    found = find_deadline(text, "2017-03-01")
    assert ((found.deadline.start, found.deadline.end) if found else None) == expected
