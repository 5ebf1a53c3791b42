"""Issue 18: the reference from any form a researcher holds, items a researcher leaves out, and
finding the plans of a guideline's family in a mixed corpus."""

from __future__ import annotations

import json

import pytest

from policyparse import parse
from policyparse.cli import main
from policyparse.compare import compare, load_reference
from policyparse.compare.family import find_family, fold_number
from policyparse.compare.reference import select_items, to_outline
from policyparse.errors import ReferenceError_

from test_compare_gold import REFERENCE_76, gold_files, gold_result

# A guideline whose items are numbered straight through its parts ((四)(五) under 二、, (六)(七)
# under 三、), as national 指导意见 are: the form that was read as one item per part.
GUIDELINE = """国务院办公厅关于全面推行行政执法公示制度的指导意见
国办发〔2018〕118号
各省、自治区、直辖市人民政府：
为全面推行行政执法公示制度，经国务院同意，现提出如下意见。
一、总体要求
（一）指导思想。以习近平新时代中国特色社会主义思想为指导。
（二）基本原则。坚持依法规范。
（三）工作目标。到2019年底，全面推行。
二、全面推行行政执法公示制度
行政执法公示是保障行政相对人和社会公众知情权的重要措施。
（四）强化事前公开。行政执法机关要统筹推进行政执法事前公开与政府信息公开，编制并公开权责清单。
（五）规范事中公示。行政执法人员在进行监督检查时，必须主动出示执法证件，出示执法身份。
三、全面推行执法全过程记录制度
（六）完善文字记录。文字记录是以纸质文件或电子文件形式对行政执法活动进行全过程记录的方式。
（七）规范音像记录。音像记录是通过照相机、录音机、摄像机、执法记录仪等对行政执法过程进行记录的方式。
国务院办公厅
2018年12月5日
"""

# A provincial plan citing the guideline by number, with its own headings and a task of its own.
PLAN = """湖北省人民政府办公厅关于印发湖北省全面推行行政执法公示制度实施方案的通知
鄂政办发〔2019〕35号
各市、州、县人民政府：
为全面贯彻落实《国务院办公厅关于全面推行行政执法公示制度的指导意见》（国办发〔2018〕118号）精神，制定本方案。
一、主要任务
（一）强化事前公开。各级行政执法机关要编制并公开权责清单，统筹推进事前公开。
（二）规范事中公示。执法人员进行监督检查时要主动出示执法证件。
（三）完善文字记录。对行政执法活动进行全过程文字记录。
（四）规范音像记录。配备执法记录仪，规范音像记录。
（五）开展普法宣传。利用报刊、广播、电视开展普法宣传。
湖北省人民政府办公厅
2019年5月12日
"""


@pytest.fixture(scope="module")
def guideline(tmp_path_factory):
    path = tmp_path_factory.mktemp("guideline") / "guideline.txt"
    path.write_text(GUIDELINE, encoding="utf-8")
    return path


def test_items_numbered_straight_through_parts(guideline):
    ref = load_reference(guideline)
    assert [(i.code, i.title) for i in ref.alignable] == [
        ("二/(四)", "强化事前公开"), ("二/(五)", "规范事中公示"), ("三/(六)", "完善文字记录"), ("三/(七)", "规范音像记录")]
    assert ref.item("三/(六)").part == "全面推行执法全过程记录制度"
    assert ref.new_code == "R.new"
    assert ref.source["doc_number"] == "国办发〔2018〕118号" and ref.source["issue_date"] == "2018-12-05"


def test_plan_aligned_to_the_notice_and_to_its_printed_outline(guideline, tmp_path, capsys):
    """``policyparse reference`` prints the outline; read back, it aligns the plan as the notice does."""
    assert main(["reference", str(guideline)]) == 0
    outline = tmp_path / "outline.tsv"
    outline.write_text(capsys.readouterr().out, encoding="utf-8")
    plan = parse(PLAN)
    by_notice = compare([plan], reference=guideline)
    by_outline = compare([plan], reference=outline)
    for comparison in (by_notice, by_outline):
        got = [t.reference for t in comparison.plans[0].tasks]
        assert got == ["二/(四)", "二/(五)", "三/(六)", "三/(七)", "R.new"], got
    # The printed outline keeps the guideline's identity for family finding.
    assert load_reference(outline).source["doc_number"] == "国办发〔2018〕118号"


def test_reference_items_leave_items_out(guideline, capsys):
    assert main(["reference", str(guideline), "--no-text", "--reference-items=-三/*"]) == 0
    rows = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    assert rows == ["code", "二/(四)", "二/(五)", "R.new"]
    plan = parse(PLAN)
    ref = select_items(load_reference(guideline), "二/*")
    tasks = compare([plan], reference=ref).plans[0].tasks
    assert [t.reference for t in tasks] == ["二/(四)", "二/(五)", "R.new", "R.new", "R.new"]


@pytest.mark.parametrize("spec, message", [("R.9", "no item matches 'R.9'"), ("-R.*", "leaves no item")])
def test_reference_items_errors_name_the_file(spec, message):
    with pytest.raises(ReferenceError_) as err:
        select_items(load_reference(REFERENCE_76), spec)
    assert "reference-76.tsv" in str(err.value) and message in str(err.value)


def test_fold_number_compares_bracket_variants():
    assert fold_number("国办发﹝2018﹞118号") == fold_number("国办发〔2018〕118号") == fold_number("国办发[2018] 118号")
    assert fold_number("国办发〔2018〕118号") != fold_number("国办发〔2018〕18号")


def _off_subject():
    return parse("""某市人民政府办公室关于印发2019年政务公开工作要点的通知
各区县人民政府：
一、工作要点
（一）推进政务公开。严格落实行政执法公示制度等规定要求，推进政务信息公开。
（二）做好政策解读。加强政策解读和回应关切。
（三）加强平台建设。办好政府网站和政务新媒体。
某市人民政府办公室
2019年3月1日
""")


def _pilot():
    """The same three systems, issued before the guideline: it cannot carry it out."""
    text = PLAN.replace("2019年5月12日", "2017年6月3日").replace("鄂政办发〔2019〕35号", "鄂政办发〔2017〕9号")
    text = text.replace("为全面贯彻落实《国务院办公厅关于全面推行行政执法公示制度的指导意见》（国办发〔2018〕118号）精神，", "为开展试点，")
    return parse(text)


def _department():
    """A department's plan citing the province's plan, not the guideline (a second-level member)."""
    text = PLAN.replace("湖北省人民政府办公厅关于印发湖北省", "湖北省司法厅关于印发全省司法行政系统")
    text = text.replace("鄂政办发〔2019〕35号", "鄂司发〔2019〕12号").replace("2019年5月12日", "2019年6月1日")
    return parse(text.replace("《国务院办公厅关于全面推行行政执法公示制度的指导意见》（国办发〔2018〕118号）",
                              "《湖北省全面推行行政执法公示制度实施方案》（鄂政办发〔2019〕35号）"))


def test_family_found_with_reasons(guideline, tmp_path):
    plan, department = parse(PLAN), _department()
    off, pilot = _off_subject(), _pilot()
    for result, name in ((plan, "plan"), (department, "department"), (off, "off"), (pilot, "pilot")):
        result.source.path = f"{name}.txt"
    notice = parse(guideline)
    family = find_family(guideline, [notice, department, plan, off, pilot])
    reasons = {m.path: m.reason for m in family.members}
    assert reasons == {str(guideline): "self", "plan.txt": "cites", "department.txt": "cites member"}
    cited = next(m for m in family.members if m.path == "plan.txt")
    assert any("118号" in e for e in cited.evidence) and cited.coverage >= 0.5
    assert family.scanned == 5
    assert [m.path for m in family.members] == [str(guideline), "department.txt", "plan.txt"]  # corpus order


def test_family_cli_lists_members(guideline, tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    (folder / "guideline.txt").write_text(GUIDELINE, encoding="utf-8")
    assert main(["family", str(guideline), str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sorted(m["reason"] for m in data["members"]) == ["cites", "self"]
    assert main(["family", str(guideline), str(tmp_path / "missing")]) == 2
    assert "no such corpus" in capsys.readouterr().err


def test_family_of_the_outline_by_similarity():
    """An outline names no guideline: the corpus plans are found by the items they carry out."""
    results = [gold_result(p) for p in gold_files()]
    family = find_family(REFERENCE_76, results + [_off_subject()])
    found = {m.path for m in family.members}
    assert found == {r.source.path for r in results}
    assert {m.reason for m in family.members} == {"similar"}


def test_a_task_carrying_out_two_items_says_so():
    """宿迁's ``加强政府采购和招投标领域政务诚信建设`` merges the guideline's 政府采购 and 招标投标 items."""
    results = [gold_result(p) for p in gold_files()]
    comparison = compare(results, reference=REFERENCE_76)
    plan = next(p for p in comparison.plans if p.region == "江苏省宿迁市")
    task = next(t for t in plan.tasks if t.id == "三/(一)")
    assert {task.reference, *task.also} == {"R.4.1", "R.4.3"}
    # Most tasks carry out one item: a second is named only when it scores close to the first.
    assert sum(bool(t.also) for p in comparison.plans for t in p.tasks) <= 5
