"""Targets (issue 17): the quantified outcomes a task commits to, and the numbers it does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyparse.extract.targets import find_quantities, find_targets, parse_number
from policyparse.schema import Deadline

ROOT = Path(__file__).resolve().parent.parent

# fmt: off
# (sentence, [(raw, value, unit, comparator)]) — the forms issue 17 names, each once.
TARGETS = [
    ("重点引进和培养1万名左右具有博士、硕士学位的企业紧缺人才。",
     [("重点引进和培养1万名左右具有博士、硕士学位的企业紧缺人才", 1.0, "万名", "approx")]),
    ("新增城市公园35座以上、绿道100公里。",
     [("新增城市公园35座以上", 35.0, "座", "ge"), ("绿道100公里", 100.0, "公里", None)]),
    ("到2025年，新增就业10万人以上。", [("新增就业10万人以上", 10.0, "万人", "ge")]),
    ("城乡居民基本养老保险覆盖率达到95%以上。", [("城乡居民基本养老保险覆盖率达到95%以上", 95.0, "%", "ge")]),
    ("每年选拔100名正职后备人才。", [("每年选拔100名正职后备人才", 100.0, "名", None)]),
    ("重点打造1—2个差异化、特色化OPC创业社区。", [("重点打造1—2个差异化、特色化OPC创业社区", 1.0, "个", None)]),
    ("力争到2025年全市规模以上工业增加值翻一番。", [("全市规模以上工业增加值翻一番", 2.0, "倍", None)]),
    ("建设50所高水平高等职业学校和150个骨干专业。",
     [("建设50所高水平高等职业学校", 50.0, "所", None), ("150个骨干专业", 150.0, "个", None)]),
    ("使无接头纱比重由50%左右提高到70%。", [("无接头纱比重由50%左右提高到70%", 70.0, "%", None)]),
    ("确保三分之一以上的村达到美丽乡村标准。", [("三分之一以上的村达到美丽乡村标准", 100 / 3, "%", "ge")]),
    # forms of the third blind round's development half (/work/devset)
    ("原则上法制审核人员不少于本单位执法人员总数的5%。",          # a bounded share of a whole
     [("原则上法制审核人员不少于本单位执法人员总数的5%", 5.0, "%", "ge")]),
    ("力争统调火电发电量达420亿千瓦时以上。",                    # 千 of 千瓦时 is no multiplier
     [("统调火电发电量达420亿千瓦时以上", 420.0, "亿千瓦时", "ge")]),
    ("2016年完成5.6万户农宅抗震节能改造任务。",                  # 5. is no list marker
     [("完成5.6万户农宅抗震节能改造任务", 5.6, "万户", None)]),
    ("2016年启动300个美丽乡村建设。", [("启动300个美丽乡村建设", 300.0, "个", None)]),  # work named after
    ("清单目录内的重大执法决定事项全部纳入法制审核范围。",          # coverage
     [("清单目录内的重大执法决定事项全部纳入法制审核范围", 100.0, "%", None)]),
    ("全局26项行政审批事项努力实现“一个窗口”对外统一受理。",      # the scope of a goal
     [("全局26项行政审批事项努力实现“一个窗口”对外统一受理", 26.0, "项", None)]),
    ("每年重点遴选2所高等职业院校、2所中等职业学校围绕2—3个特色骨干专业进行综合改革。",  # a list's shared tail
     [("每年重点遴选2所高等职业院校", 2.0, "所", None), ("2所中等职业学校", 2.0, "所", None)]),
    ("确保粮食播种面积、产量稳定在6287万亩、1930万吨以上。",      # values side by side: one phrase each
     [("粮食播种面积、产量稳定在6287万亩、1930万吨以上", 6287.0, "万亩", None),
      ("粮食播种面积、产量稳定在6287万亩、1930万吨以上", 1930.0, "万吨", "ge")]),
    ("推进本市国有林场改革，启动国家公园建设试点。2016年，实施人工造\n林6万亩。",  # 造林 across a wrap
     [("实施人工造\n林6万亩", 6.0, "万亩", None)]),
    ("确保增加杂交稻和玉米大豆带状复合种植各50万亩。",            # 各: one target per crop
     [("增加杂交稻和玉米大豆带状复合种植各50万亩", 50.0, "万亩", None)] * 2),
    # round 4's development half: floors printed with 至少, ceilings kept with 控制在, rates per mille
    # and per 100,000, a count indicator, and the bodies that open the sentence left out of the text
    ("30万人口以上县、市至少有1所县级公立医院达到二级甲等水平。",
     [("30万人口以上县、市至少有1所县级公立医院达到二级甲等水平", 1.0, "所", "ge")]),
    ("孕产妇死亡率控制在29/10万以下，婴儿死亡率控制在12‰以下。",
     [("孕产妇死亡率控制在29/10万以下", 29.0, "/10万", "le"), ("婴儿死亡率控制在12‰以下", 12.0, "‰", "le")]),
    ("经营单位抽查总数不少于20家。", [("经营单位抽查总数不少于20家", 20.0, "家", "ge")]),
    ("市（地）煤矿监管部门、龙煤集团原则上抽查率不低于30%。", [("抽查率不低于30%", 30.0, "%", "ge")]),
    # the people a task trains or hires (round 4 v13, v04: development)
    ("完成100名中医类别全科医师转岗培训。", [("完成100名中医类别全科医师转岗培训", 100.0, "名", None)]),
    ("每个乡镇聘请3名以上专职人民调解员。", [("每个乡镇聘请3名以上专职人民调解员", 3.0, "名", "ge")]),
    # a whole set brought under a system (round 4 v13, development)
    ("事业单位新进人员全部实行公开招聘。", [("事业单位新进人员全部实行公开招聘", 100.0, "%", None)]),
    # a share of a named set is the scope of the promised outcome, not a rate of support
    ("确保全省50%的医疗卫生机构推进实施。", [("全省50%的医疗卫生机构推进实施", 50.0, "%", None)]),
]

# Numbers a task prints without committing to them (issue 17 and corpus/targets/README.md).
NOT_TARGETS = [
    "对年营业收入500万元以上的企业，给予最高50万元补贴。",      # threshold and subsidy
    "对入选示范项目，按采购金额的20%给予补助，最高200万元。",   # rate of a subsidy
    "组建规模不低于10亿元的区级OPC专项产业基金。",               # fund size
    "全省已建成6个OPC创业社区，入驻创业者100余名。",             # a fact
    "预计今冬明春全市最高用电负荷将达到1280万千瓦左右。",        # a forecast
    "违反本办法第二十条规定的，并处1万以上3万以下罚款。",        # a penalty
    "审批部门应当在3个月内完成核对。",                           # a time limit
    "1年内有3次以上重大违反海关监管规定行为的。",                # a condition of a rule
    "坚持“两个毫不动摇”，落实“三项制度”。",                      # slogans in quotes
    "培育一批专精特新企业，建设一支高素质队伍。",                # 一 as an article
    "各地和政务诚信建设6个重点领域的牵头部门要按照职责分工推进。",  # a quantity in the subject
    "对全年新建连锁直营门店达到10家以上的品牌连锁店经营企业，给予奖励。",  # 对…的: a condition
    "为14个区市县、先导区建设信用数据交换平台。",                # 建设 as a verb: beneficiaries
    "全局82项行政处罚事项要进一步完善执法程序。",                # a scope of work, no outcome
    "省级专家组审核工作全部完成后，省疾控中心汇总整理结果。",    # a state reached that opens a step
    "试点满3年后，开展总体评估。",                               # a time passed
]
# fmt: on


@pytest.mark.parametrize("sentence, expected", TARGETS, ids=[t[0][:12] for t in TARGETS])
def test_targets_of_issue_17(sentence, expected):
    got = [(t.raw, t.value, t.unit, t.comparator) for t in find_targets(sentence)]
    assert [(r, pytest.approx(v), u, c) for r, v, u, c in expected] == got


@pytest.mark.parametrize("sentence", NOT_TARGETS, ids=[s[:12] for s in NOT_TARGETS])
def test_numbers_that_are_not_targets(sentence):
    assert find_targets(sentence) == []


def test_a_range_keeps_both_ends_and_a_yearly_target_says_so():
    (rng,) = find_targets("重点打造1—2个OPC创业社区。")
    assert (rng.value, rng.value_max) == (1.0, 2.0)
    (yearly,) = find_targets("每年发布场景清单不少于200个。")
    assert yearly.per_year and yearly.comparator == "ge"
    (flat,) = find_targets("新增城市公园35座以上。")
    assert not flat.per_year


def test_by_comes_from_the_sentence_else_the_task():
    task_deadline = Deadline(raw="2027年底前", end="2027-12-31")
    text = "到2025年，新增就业10万人以上。新增城市公园35座以上。"
    by = [t.by for t in find_targets(text, deadline=task_deadline)]
    assert by == ["2025-12-31", "2027-12-31"]


def test_evidence_explains_the_decision():
    (target,) = find_targets("到2028年，打造市级OPC社区10个以上。")
    assert target.score >= 1.5
    assert {"commit:打造", "comparator:ge", "goal:到2028年"} <= set(target.evidence)


def test_a_hard_wrap_does_not_cut_a_target():
    text = "严格落实“长牙齿”的耕地保护硬措施，加快建设480万亩高标准农\n田。"
    (target,) = find_targets(text)
    assert target.raw == "加快建设480万亩高标准农\n田"  # as printed, the wrap kept
    assert find_targets("三、主要任务\n新增城市公园35座以上。")[0].raw == "新增城市公园35座以上"


def test_spans_point_at_the_raw_text_with_an_offset():
    text = "支持社区建设。新增城市公园35座以上、绿道100公里。"
    for target in find_targets(text, offset=100):
        assert text[target.span.start - 100:target.span.end - 100] == target.raw


@pytest.mark.parametrize("numeral, value", [
    ("35", 35), ("３．２", 3.2), ("1,200", 1200), ("三十五", 35), ("一百二十", 120), ("两千", 2000),
    ("十二", 12), ("二〇二五", 2025), ("三分之一", 100 / 3), ("百分之三十", 30)])
def test_numeral_grammar(numeral, value):
    assert parse_number(numeral) == pytest.approx(value)


def test_years_ordinals_and_articles_are_no_quantities():
    assert find_quantities("2025年，第3批，一批企业") == []
    (q,) = find_quantities("三十五万吨")
    assert (q.value, q.unit) == (35.0, "万吨")


def test_dev_sentences_keep_their_figure():
    """The annotated development sentences (corpus/targets/dev.jsonl) stay above a floor, so a
    grammar change that loses targets or lets subsidies in shows here."""
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    from evaluate import score_target_sentences

    figures = score_target_sentences(ROOT / "corpus" / "targets" / "dev.jsonl")
    assert figures["OVERALL"]["targets_gold"] == 56
    assert figures["OVERALL"]["target_f1"] >= 0.85
    assert figures["random"]["target_precision"] >= 0.75


def test_dev_sentences_are_well_formed():
    for line in (ROOT / "corpus" / "targets" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) == {"sample", "source", "text", "targets"}
        for target in row["targets"]:
            assert "".join(target["raw"].split()) in "".join(row["text"].split())


def test_facilities_a_task_sets_up_are_targets():
    """设置/增设/布置 commit a task to counted facilities (沪府办〔2018〕24号, blind round 3)."""
    raws = [t.raw for t in find_targets("在展馆设置4个医疗站，增设立体绿化1万平方米。")]
    assert any("4个" in r for r in raws) and any("1万平方米" in r for r in raws), raws


@pytest.mark.parametrize("text,raw", [
    # 对 inside 绝对 is no preposition opening a condition (round 5 dev x07)
    ("全面落实农村五保供养政策。将农村绝对贫困人口全部纳入最低生活保障范围。", "将农村绝对贫困人口全部纳入最低生活保障范围"),
    # a quantity per head of population is an indicator (round 5 dev x03)
    ("每千常住人口不低于1.5张床位。", "每千常住人口不低于1.5张床位"),
    # recruiting a number of people (round 5 dev x09)
    ("招录农村订单定向免费医学生1000名。", "招录农村订单定向免费医学生1000名"),
])
def test_target_forms_of_round_5(text, raw):
    assert [t.raw for t in find_targets(text)] == [raw]


def test_a_condition_opened_by_dui_is_still_no_target():
    assert find_targets("对成立两年内累计订单额达到100万元的企业给予奖励。") == []


@pytest.mark.parametrize("text,raw", [
    # a floor standing before the verb that counts (round 5 x19, x09)
    ("至少组织1次政府牵头的大型政企联动应急演练。", "至少组织1次政府牵头的大型政企联动应急演练"),
    ("其他州、市至少要选择1个县、市、区开展试点。", "其他州、市至少要选择1个县、市、区开展试点"),
])
def test_a_floor_before_the_verb_makes_a_target(text, raw):
    (target,) = find_targets(text)
    assert (target.raw, target.comparator) == (raw, "ge")
