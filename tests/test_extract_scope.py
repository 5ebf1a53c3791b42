"""What a notice states once for many tasks (issue 11): scoped rules give their units to the later
tasks in their scope, with the rule's own span; a section heading's deadline governs its items."""

from policyparse import parse
from policyparse.extract.scope import section_deadline

HEAD = "某市人民政府关于印发某市数字经济发展实施方案的通知\n某政发〔2021〕3号\n各区人民政府，市政府各部门：\n"
TAIL = "某市人民政府\n2021年3月1日\n"


def _tasks(body: str):
    result = parse(HEAD + body + TAIL)
    (doc,) = result.documents
    return result, doc.tasks


def test_rule_in_a_clause_reaches_every_later_task_with_its_own_span():
    body = ("一、主要任务\n"
            "（一）建设数据中心。（牵头单位：市发改委；配合单位：市财政局。以下均需各区政府落实，不再列出）\n"
            "（二）培育数字企业。（责任单位：市经信局）\n"
            "二、保障措施\n"
            "（三）加强人才支撑。（牵头单位：市人社局）\n")
    result, tasks = _tasks(body)
    first, second, third = tasks
    assert [a.raw for a in first.assignments] == ["牵头单位：市发改委；配合单位：市财政局"]
    rule = "以下均需各区政府落实，不再列出"
    for task, role in ((second, "responsible"), (third, "support")):  # 市人社局 leads (三)
        added = task.assignments[-1]
        assert added.raw == rule
        assert [u.name for u in getattr(added, role)] == ["各区政府"]
        text = result.normalized_text
        assert text[added.span.start:added.span.end] == rule
        unit = getattr(added, role)[0]
        assert text[unit.span.start:unit.span.end] == "各区政府"


def test_rule_in_a_section_lead_paragraph_governs_that_section_only():
    body = ("一、主要任务\n"
            "各区要抓好落实（以下均需各区政府负责落实，不再列出）。\n"
            "（一）建设数据中心。（责任单位：市发改委）\n"
            "（二）培育数字企业。（责任单位：市经信局、各区政府）\n"
            "二、保障措施\n"
            "（三）加强人才支撑。（责任单位：市人社局）\n")
    _, tasks = _tasks(body)
    units = {t.id: [u.name for a in t.assignments for u in a.responsible] for t in tasks}
    assert units["一/(一)"] == ["市发改委", "各区政府"]
    assert units["一/(二)"] == ["市经信局", "各区政府"]  # named by the task itself: not repeated
    assert units["二/(三)"] == ["市人社局"]


def test_clause_time_field_is_the_task_deadline():
    body = ("一、主要任务\n"
            "（一）建设数据中心，到2025年建成。（牵头单位：市发改委；完成时限：2022年6月底前）\n")
    _, (task,) = _tasks(body)
    assert task.deadline.raw == "2022年6月底前" and task.deadline.end == "2022-06-30"


def test_section_heading_deadline_governs_items_without_their_own():
    body = ("一、近期任务（2021年底前完成）\n"
            "（一）建设数据中心。（责任单位：市发改委）\n"
            "（二）培育数字企业，2021年6月底前出台办法。（责任单位：市经信局）\n"
            "二、持续推进的任务\n"
            "（三）加强人才支撑。（责任单位：市人社局）\n")
    _, tasks = _tasks(body)
    ends = {t.id: t.deadline.end if t.deadline else None for t in tasks}
    assert ends == {"一/(一)": "2021-12-31", "一/(二)": "2021-06-30", "二/(三)": None}


def test_a_lead_sentence_governs_only_when_it_points_at_the_items():
    assert section_deadline("主要任务", "以下工作于2020年6月底前完成。")[0].end == "2020-06-30"
    assert section_deadline("主要任务", "到2025年，建成一批示范社区。重点做好以下工作：") is None


def test_a_time_field_the_deadline_grammar_cannot_date_keeps_its_raw_text():
    body = "一、主要任务\n（一）建设数据中心。（牵头单位：市发改委；完成时限：5年内）\n"
    _, (task,) = _tasks(body)
    assert (task.deadline.raw, task.deadline.start, task.deadline.end) == ("5年内", None, None)


def test_a_keyed_line_in_a_section_lead_gives_its_units_to_the_sections_items():
    """Action plans laid out as fields per section (工作目标：/ 责任单位：/ 重点工作（N项）：) name the
    units of every item once, in a line that stands in no task."""
    body = ("一、主要任务\n"
            "（一）统筹协调口岸各方，确保展品出入境便利顺畅。\n"
            "工作目标：提升展品通关的便利化水平。\n"
            "责任单位：市商务委、市口岸办、上海\n海关\n"
            "重点工作（2项）：\n"
            "1.落实展品检验检疫相关便利措施。\n"
            "2.在口岸设置专用窗口。（牵头单位：上海海关）\n"
            "（二）加强医疗保障。\n"
            "1.在展馆设置医疗站。\n")
    result, tasks = _tasks(body)
    roles = {t.id: {r: [u.name for a in t.assignments for u in getattr(a, r)]
                    for r in ("lead", "support", "responsible")} for t in tasks}
    assert roles["一/(一)/1"]["responsible"] == ["市商务委", "市口岸办", "上海海关"]
    # the item singles out a lead: the section's units support it, the lead is not repeated
    assert roles["一/(一)/2"] == {"lead": ["上海海关"], "support": ["市商务委", "市口岸办"], "responsible": []}
    assert roles["一/(二)/1"] == {"lead": [], "support": [], "responsible": []}
    rule = tasks[0].assignments[0]
    assert result.normalized_text[rule.span.start:rule.span.end] == "责任单位：市商务委、市口岸办、上海\n海关"


def test_an_items_own_keyed_line_is_no_rule_for_later_items():
    body = ("一、主要任务\n"
            "（一）建设数据中心。\n责任单位：市发改委\n"
            "（二）培育数字企业。\n责任单位：市经信局\n")
    _, tasks = _tasks(body)
    assert [[u.name for a in t.assignments for u in a.responsible] for t in tasks] == [["市发改委"], ["市经信局"]]


def test_a_task_that_only_says_when_it_starts_ends_with_its_section():
    body = ("一、工作安排\n"
            "（一）检查验收（2020年 3月底前）\n"
            "2020年2月开始，各区政府应组织对行政执法机关进行抽查和通报。（责任单位：市司法局）\n"
            "（二）总结评估（2020年6月底前）\n"
            "各区政府要于2020年5月底前报送总结报告。（责任单位：市司法局）\n")
    _, tasks = _tasks(body)
    first, second = tasks
    assert (first.deadline.start, first.deadline.end) == ("2020-02-01", "2020-03-31")
    assert first.deadline.raw == "2020年 3月底前"
    assert (second.deadline.start, second.deadline.end) == (None, "2020-05-31")  # its own governs


def test_a_lead_sentence_of_only_a_time_limit_governs_the_items_below():
    # 交通运输部 监测实施方案 (blind round 4 v02): （一）路况抽检 / 2016年10月30日前完成。 / 1.… 2.…
    body = ("一、总体时间安排\n"
            "（一）路况抽检\n"
            "2016年10月30日前完成。\n"
            "1.前期准备阶段。部路网中心组织检测承担单位细化工作内容。\n"
            "2.外业检测阶段。检测承担单位按照工作计划开展现场检测工作。\n")
    _, tasks = _tasks(body)
    assert [t.deadline.end for t in tasks] == ["2016-10-30", "2016-10-30"]
    # a lead sentence that says more than its date (a goal) points at no item
    assert section_deadline("路况抽检", "2016年10月30日前完成全省路况检测，确保数据准确。") is None


def test_a_year_opening_a_part_is_the_plans_year_not_a_deadline():
    # 二、2008年主要工作安排 / 2008年是全面落实…各项任务的第一年 (round 5 dev x13)
    assert section_deadline("2008年主要工作安排", "2008年是全面落实党的十七大提出的各项任务的第一年。") is None
    assert section_deadline("第一时段（2月至4月）", "", "2019-01-10")[0].end == "2019-04-30"


def test_a_stage_heading_with_its_period_in_brackets_governs_its_items():
    # （三）全面实施。（2022年6月至2025年底前） 1.… 2.… (round 5 dev x11)
    body = ("一、时间安排\n"
            "（一）排查评估（2022年5月底前）。\n"
            "1.省级交通运输主管部门确定提升路段清单。\n"
            "（二）全面实施。（2022年6月至2025年底前）\n"
            "1.交通运输部和公安部确定先行实施的公路。\n"
            "2.各省总结推广精品路经验做法。\n")
    _, tasks = _tasks(body)
    assert [(t.deadline.start, t.deadline.end) for t in tasks] == [
        (None, "2022-05-31"), ("2022-06-01", "2025-12-31"), ("2022-06-01", "2025-12-31")]


def test_a_parts_lead_sentence_naming_its_main_responsible_units_gives_them_to_its_items():
    # 上海市 2004年市政府重点工作安排 (round 8 y01, read after its single score)
    body = ("二、实施《行政许可法》，促进依法行政\n由冯国勤副市长牵头，姜斯宪副市长配合。市政府法制办、市审改办为主要责任单位。\n"
            "主要内容：\n（一）清理行政许可事项。按法定程序进行清理。\n（二）完善行政许可制度。建立行政许可监督制度。\n"
            "三、加强环境保护\n由杨雄副市长牵头。市环保局为主要责任单位。\n（一）推进污染治理。完成重点项目。\n"
            "（二）加强监测。其中市统计局为主要责任单位的统计工作照常进行。\n（三）开展执法检查。\n")
    _, tasks = _tasks(body)
    names = {t.id: sorted(u.name for a in t.assignments for u in a.responsible) for t in tasks}
    assert names["二/(一)"] == names["二/(二)"] == ["市审改办", "市政府法制办"]
    assert names["三/(一)"] == ["市环保局"]
    # inside an item the form speaks of that item: no later item takes it
    assert names["三/(三)"] == ["市环保局"]
