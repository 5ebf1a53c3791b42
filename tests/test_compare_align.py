"""The alignment's mechanisms one at a time, on hand-made plans and score rows: how a plan files
tasks under parts, fills the places its order leaves open, restates several items in one
paragraph, and restarts its numbering under a heading the page lost (issue 18)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from policyparse.compare.align import AlignSettings, _content, _fill_gaps, _PlanTask
from policyparse.compare.model import ReferenceItem
from policyparse.compare.score import PlanScores
from policyparse.compare.sections import enclosing_sections
from policyparse.schema import Document, OutlineItem, Span, Task


def _items(*parts: tuple[str, list[str]]) -> list[ReferenceItem]:
    items = []
    for part, titles in parts:
        for title in titles:
            items.append(ReferenceItem(code=f"R.{len(items) + 1}", title=title, part=part, order=len(items)))
    return items


SUPERVISION = ("探索构建广泛有效的政务诚信监督体系", ["建立政务诚信专项督导机制", "建立横向政务诚信监督机制",
                                          "建立社会监督和第三方机构评估机制"])
AREAS = ("加强重点领域政务诚信建设", ["加强政府采购领域政务诚信建设", "加强招标投标领域政务诚信建设",
                             "加强招商引资领域政务诚信建设", "加强街道和乡镇政务诚信建设"])


# -- filling the places a plan's order leaves open ------------------------------------------------

def test_open_item_that_is_the_tasks_best_needs_less():
    """Between 采购 and 乡镇 two items are open; a task whose best item of all is one of them
    takes it on weaker words (``gap_top``) than a task whose words point elsewhere."""
    items = _items(AREAS)
    content = np.zeros((3, 4))
    content[1] = [0.02, 0.07, 0.03, 0.01]  # best of all is 招标投标, which is open
    path = _fill_gaps([0, None, 3], content, items, AlignSettings())
    assert path == [0, 1, 3]
    # The same words without gap_top: below gap_threshold, the task stays added by the region.
    assert _fill_gaps([0, None, 3], content, items, AlignSettings(gap_top=0.1)) == [0, None, 3]


def test_open_item_that_is_not_the_tasks_best_needs_gap_threshold():
    items = _items(AREAS)
    content = np.zeros((3, 4))
    content[1] = [0.5, 0.07, 0.03, 0.01]  # its best is 采购, already carried out before it
    assert _fill_gaps([0, None, 3], content, items, AlignSettings()) == [0, None, 3]


def test_a_filled_place_bounds_the_places_before_it():
    """002's ``四、落实保障措施``: its last task (加强督促检查) is filled first; that makes the
    third (加快工作规范和制度建设) a task between two aligned tasks, where its best item is open."""
    items = _items(AREAS)
    content = np.zeros((3, 4))
    content[1] = [0.0, 0.07, 0.02, 0.0]  # under gap_threshold: enough only for a place
    content[2] = [0.0, 0.0, 0.0, 0.2]
    assert _fill_gaps([0, None, None], content, items, AlignSettings()) == [0, 1, 3]


def test_plan_going_back_in_the_reference_leaves_the_previous_part_open():
    """A task between a 重点领域 task and a supervision task (the plan puts supervision last):
    the open items are those left in 重点领域, not the whole reference before supervision."""
    items = _items(SUPERVISION, AREAS)
    content = np.zeros((3, 7))
    content[1, 1] = 0.3  # 横向监督 words, but supervision comes later in this plan
    content[1, 6] = 0.12  # 乡镇, the last open item of 重点领域
    path = _fill_gaps([4, None, 0], content, items, AlignSettings())
    assert path == [4, 6, 0]


def test_after_the_last_item_of_a_part_the_plan_may_begin_the_next():
    """红桥's ``四、加强组织保障…`` opens with a bare paragraph after its 街道办事处 task, the last
    item of 重点领域: the next part's items are open to it. While items of its own part are
    still open, they are the only ones."""
    items = _items(SUPERVISION, AREAS)
    content = np.zeros((2, 7))
    content[1, 3] = 0.15
    assert _fill_gaps([2, None], content, items, AlignSettings()) == [2, 3]
    assert _fill_gaps([1, None], content, items, AlignSettings()) == [1, None]


def test_task_at_the_end_may_take_an_item_of_the_part_its_heading_names():
    """The last task of a plan, after a supervision task, under a heading that names 重点领域:
    the open items of that part are in its place as well."""
    items = _items(SUPERVISION, AREAS)
    content = np.zeros((2, 7))
    content[1, 6] = 0.2
    home = np.zeros((2, 7))
    home[1, 3:] = 1.0
    assert _fill_gaps([0, None], content, items, AlignSettings(), home) == [0, 6]
    assert _fill_gaps([0, None], content, items, AlignSettings()) == [0, None]


# -- the part a plan files a task under ---------------------------------------------------------

def _scores(has_text=None, **signals) -> SimpleNamespace:
    n, k = next(iter(signals.values())).shape
    full = {name: np.zeros((n, k)) for name in ("heading", "verbatim", "under", "body", "inherited",
                                                "opening", "contains", "specificity", "text",
                                                "section_part", "home")}
    full.update(signals)
    tasks = [SimpleNamespace(heading="环境保护") for _ in range(n)]
    has_text = np.zeros(k, dtype=bool) if has_text is None else np.asarray(has_text)
    return SimpleNamespace(signals=full, tasks=tasks, has_text=has_text)


def test_the_whole_text_weighs_more_against_an_item_with_its_own_text():
    """A notice as the reference gives its items their text: a task restating the second item's
    sentences beats a task whose heading half-matches the first item's title."""
    heading = np.array([[0.5, 0.2]])
    text = np.array([[0.1, 0.9]])
    outline, _ = _content(_scores(heading=heading, text=text), AlignSettings())
    notice, _ = _content(_scores(heading=heading, text=text, has_text=[True, True]), AlignSettings())
    assert outline[0].argmax() == 0 and notice[0].argmax() == 1


def test_words_shared_with_another_part_weigh_less_than_the_plans_filing():
    """An 环境保护 task filed under ``（三）加强重点领域政务诚信建设`` that matches a
    supervision item as well as a 重点领域 item: the item of its own part wins."""
    heading = np.array([[0.4, 0.4]])
    home = np.array([[0.2, 1.0]])  # the heading names the part of the second item
    content, _ = _content(_scores(heading=heading, home=home), AlignSettings())
    assert content[0, 1] > content[0, 0]
    off, _ = _content(_scores(heading=heading, home=home), AlignSettings(part_gate=0.0))
    assert off[0, 1] == off[0, 0]


def test_no_named_part_no_gate():
    heading = np.array([[0.4, 0.3]])
    content, _ = _content(_scores(heading=heading), AlignSettings())
    off, _ = _content(_scores(heading=heading), AlignSettings(part_gate=0.0))
    assert np.allclose(content, off)


# -- a paragraph restating several items ---------------------------------------------------------

def test_paragraph_restating_three_items_leads_with_the_first():
    """十堰's 健全政务诚信监督考核机制 restates the three supervision items one after the other;
    the restatement that comes first counts most."""
    items = _items(SUPERVISION)
    text = ("建立政务诚信专项督导机制，定期对各部门开展督导。建立横向政务诚信监督机制，主动接受人大、政协监督。"
            "建立社会监督和第三方机构评估机制，引入第三方评估。")
    task = _PlanTask(plan=0, index=0, task=Task(id="1", text=text), heading=None, sections=[], text=text)
    verbatim = PlanScores(items, [task], AlignSettings()).signals["verbatim"][0]
    assert verbatim[0] > verbatim[1] > verbatim[2] > 0
    flat = PlanScores(items, [task], AlignSettings(verbatim_position=0.0)).signals["verbatim"][0]
    assert flat[0] == flat[1]


# -- an item a plan splits ---------------------------------------------------------------------

def test_heading_saying_one_half_of_a_joined_title_says_the_item():
    """002 splits ``建立社会监督和第三方机构评估机制`` into ``完善社会监督机制`` and a 第三方评估
    task; the first half must not read as 横向监督 (``建立横向政务诚信监督机制``), whose
    shorter title it shares 监督机制 with."""
    items = _items(SUPERVISION)
    text = "完善社会监督机制。依法公开政务信息，畅通举报箱、电子信箱、热线电话等监督渠道。"
    task = _PlanTask(plan=0, index=0, task=Task(id="1", heading="完善社会监督机制", text=text),
                     heading="完善社会监督机制", sections=[], text=text)
    heading = PlanScores(items, [task], AlignSettings()).signals["heading"][0]
    assert heading[2] > 1.3 * heading[1]
    level = PlanScores(items, [task], AlignSettings(split_half=0.0)).signals["heading"][0]
    assert abs(level[2] - level[1]) < 0.01  # without the halves the two are level (0.19)


# -- numbering that starts again under a lost heading ------------------------------------------

def test_implied_group_is_not_enclosed_by_headings_before_it():
    """内蒙古's ``#2/(三)建立考核机制``: numbering started again at （一） under a heading the page
    lost, so the ``（三）推进重点领域…`` printed before the group does not enclose it."""
    outline = [OutlineItem(marker="（三）", level=2, title="推进重点领域政务诚信建设", span=Span(start=0, end=20))]
    tasks = [Task(id="#1/(三)/1", text="加强政府采购领域政务诚信建设。", span=Span(start=20, end=40)),
             Task(id="#2/(一)", text="加强基础建设。", span=Span(start=50, end=60)),
             Task(id="#2/(三)", text="建立考核机制。", span=Span(start=80, end=90))]
    sections = enclosing_sections(Document(outline=outline, tasks=tasks))
    assert [s.title for s in sections[0]] == ["推进重点领域政务诚信建设"]
    assert sections[2] == []


def test_the_subject_of_a_sentence_is_not_what_the_task_carries_out():
    # 市政府组成人员要牢固树立…: the members act; an item titled 国务院组成人员 (who the members are)
    # is not carried out by each of their duties (国务院工作规则 family, development)
    from policyparse.compare.score import _opening, _predicate

    assert _predicate("市政府组成人员要牢固树立政治意识。") == "牢固树立政治意识。"
    assert _opening("各部门要加强组织领导，确保落实。", 20) == "加强组织领导确保落实"
    # a lead phrase glued to the subject is kept: its words run on past the body's name
    assert _predicate("加强基础建设各地区、各部门要加大投入。") == "加强基础建设各地区、各部门要加大投入。"
