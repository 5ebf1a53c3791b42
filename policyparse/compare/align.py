"""Aligning the tasks of plans to the reference items they carry out.

How a city carries out a provincial or national guideline, as read from the plans themselves:

- it keeps the guideline's headings, lightly paraphrased (``建立纵向政务诚信专项督导机制`` for
  ``建立政务诚信专项督导机制``), or rewrites them (``实行政务诚信逐级督导制度``);
- it keeps the guideline's parts as section headings (``（二）建立健全政务信用管理体系``), so a
  bare paragraph under such a heading belongs to one of that part's items;
- it mostly keeps the order, but may move a whole part (the supervision part last) or merge two
  items into one task (``加强政府采购和招投标领域…``) or split one item into several tasks;
- it adds items of its own (政务公开, 公共资源交易, 信息共享), which must come out as ``R.new``.

So each task is scored against each item on several signals (TF-IDF cosines over character
bigrams and trigrams, see :mod:`.score`), which make its *content score*:

``heading``   the task's own lead phrase against the item title (weighted highest), discounted
              when it lacks the words that set the item apart from its siblings;
``inherited`` for a bare paragraph, the innermost section heading instead (a 任务分工方案 gives
              each item its own section), the less the more tasks share that section;
``verbatim``  the item title restated word for word in the text;
``contains``  how much of the item title's words the text holds (bare paragraphs only);
``text``      the task text against the item's title and text.

Every signal is computed from the plan and the reference alone (:class:`.score.PlanScores`), so
a plan's alignment does not depend on which other plans are in the run (issue 14). The enclosing section headings against the item's part give a *section prior*: it says where a
task belongs, not that it carries an item out, so the "carries out none" state gets the same
prior. A plan's tasks are decoded in order (Viterbi) with a small bonus for following the
reference order; a task whose content score stays under ``new_threshold`` carries out no item,
unless its place in the plan leaves exactly its item open (``_fill_gaps``).
"""

from __future__ import annotations

import functools
import math
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

import numpy as np

from ..errors import PolicyParseError, ReferenceError_, UsageError
from ..schema import Document, ParseResult, Task, Unit
from .model import (AlignedTask, Candidate, Comparison, ComparisonItem, PlanComparison, Reference,
                    ReferenceItem)
from .reference import load_reference
from .sections import enclosing_sections, own_heading, section_titles
from .score import PlanScores
from .text import comparable, reused_share, shared_passages


@dataclass(frozen=True)
class AlignSettings:
    """Weights and thresholds of the alignment; every field can be overridden by keyword.

    heading (float): weight of the task's own heading against the item title.
    section_part (float): weight of enclosing section headings against the item's part.
    text (float): weight of the task text against the item title (an outline item with no text).
    text_of_item (float): the same against an item that carries its own text (a notice or an
        outline with a ``text`` column as the reference): 0.3 and 0.5 were tried with the
        三项制度 family's notice and carried to the 工作规则 family's (0.73 -> 0.78 there,
        0.63 -> 0.69 here); outline items keep ``text``.
    contains (float): weight of the share of the item title found in the task text.
    new_threshold (float): below this content score a task carries out no item (``R.new``).
    order_bonus (float): added when a task's item follows the previous task's in reference order.
    cluster_threshold (float): similarity two tasks of different plans need to form a common
        item when no reference is given.
    specific_section (float): how much a section heading held by this task alone lowers the
        weight of scattered title words (``contains``) standing in for a missing lead phrase.
    contains_power (float): ``contains`` is raised to this power when it stands in for a lead
        phrase: title words scattered through a paragraph (``政务失信记录`` in an environmental
        task) are weak evidence unless nearly all of the title is there.
    gap_threshold (float): content score an unaligned task needs to take the item its place in
        the plan leaves open (see ``_fill_gaps``).
    gap_top (float): the same for an open item that is also the task's best item of all.
    sibling_contrast (float): how far a heading's match with an item title is discounted when
        it lacks the words that set the item apart from the other items of its part, scaled by
        how much of the title is frame shared with them (see ``title_match``).
    verbatim_share (float): share of an item title a task must repeat word for word to count.
    split_half (float): how much a heading saying one half of a title joined by 和/与/及 counts
        against one saying the whole title (items a plan splits, see ``score.conjunct_halves``;
        0: off). Above 0.6 the halves (``健全失信惩戒机制``) read a 守信联合激励 plan as
        carrying out 国发〔2016〕76号.
    part_named (float): part cosine at which a section heading names a part of the reference.
    part_gate (float): how far the content score of an item drops when it lies outside the
        part named by the innermost section heading that names one (0: off).
    verbatim_position (float): how much a restatement loses from the start of the text to its
        end: a paragraph restating several item titles leads with the first.
    clear_margin (float): a task whose best content score leads the second by this much carries
        out its best item even under ``new_threshold`` (0 turns this off) ...
    clear_floor (float): ... provided the best score reaches this (also the lowest threshold
        ``plan_scale`` may set: one shared frame word, 规范 in 规范音像记录 / 规范事中公示, scores 0.13).
    plan_scale (float): the threshold is lowered to this share of the plan's own median best
        score when that is lower: a plan that paraphrases (执法保障 for 保障经费投入) scores low
        on every item, a region's added task lower still (0: off). Only the plan's own scores
        count, so the alignment still depends on the plan and the reference alone.
    plan_quantile (float): which percentile of the plan's best scores ``plan_scale`` takes.
    under_heading (float): weight of an enclosing section heading matching the item title, for
        a task with a lead phrase of its own (items under headings).
    opening (float): weight of the opening words of a bare paragraph against the item title.
    opening_chars (int): how many word characters the opening holds.
    body (float): weight of the lead phrase found in the item's own text (notice references).
    also_share (float): a second item whose content score reaches this share of the chosen
        item's (and the threshold) is reported in ``also``: the task carries out both.
    implements_share (float): a plan of which fewer tasks than this share carry out an item is
        taken not to carry out the reference at all (a 守信联合激励 plan of 62 tasks touches six
        政务诚信 items in passing), and its tasks get null.
    """

    heading: float = 0.5
    section_part: float = 0.15
    text: float = 0.15
    text_of_item: float = 0.5
    contains: float = 0.2
    new_threshold: float = 0.3
    order_bonus: float = 0.04
    verbatim_share: float = 0.75
    verbatim_position: float = 0.25
    split_half: float = 0.5
    part_named: float = 0.5
    part_gate: float = 0.5
    gap_threshold: float = 0.1
    gap_top: float = 0.05
    sibling_contrast: float = 1.0
    specific_section: float = 0.5
    contains_power: float = 2.0
    cluster_threshold: float = 0.3
    also_share: float = 0.75
    clear_margin: float = 0.0
    clear_floor: float = 0.15
    plan_scale: float = 0.5
    plan_quantile: float = 50.0
    under_heading: float = 0.8
    opening: float = 0.8
    opening_chars: int = 16
    body: float = 0.5
    implements_share: float = 0.3

    @classmethod
    def resolve(cls, settings: Union["AlignSettings", dict, None] = None, **overrides) -> "AlignSettings":
        known = {f.name for f in fields(cls)}
        if isinstance(settings, dict):
            overrides = {**settings, **overrides}
            settings = None
        if settings is None:
            settings = cls()
        unknown = set(overrides) - known
        if unknown:
            raise UsageError(f"unknown alignment setting(s): {', '.join(sorted(unknown))}")
        return replace(settings, **overrides) if overrides else settings


@dataclass
class _PlanTask:
    """A task with everything the scorer needs, computed once."""

    plan: int
    index: int
    task: Task
    heading: Optional[str]
    sections: list[str]
    text: str
    specificity: float = 1.0
    order: int = 0  # position among all tasks of the comparison


@dataclass
class Plan:
    """One plan to compare: a document of a parsed file, with a display name for its region."""

    result: ParseResult
    document_index: int
    region: str = ""

    @property
    def document(self) -> Document:
        return self.result.documents[self.document_index]


def plans_from_results(results: Sequence[ParseResult], with_tasks_only: bool = True) -> list[Plan]:
    """Every document with tasks of every result becomes one plan, named by its region.

    Two plans from the same region (a city's plan and its task-division table) are numbered
    (``揭阳市·1``, ``揭阳市·2``) so every column of the report has its own name; a plan without
    region is named by its file.
    """
    plans = []
    for result in results:
        for index, doc in enumerate(result.documents):
            if with_tasks_only and not doc.tasks:
                continue
            plans.append(Plan(result=result, document_index=index))
    names = [_region_name(p) for p in plans]
    for plan, name in zip(plans, names):
        plan.region = name
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    for plan in plans:
        base = plan.region
        if counts[base] > 1:
            seen[base] = seen.get(base, 0) + 1
            plan.region = f"{base}·{seen[base]}"
    return plans


def _region_name(plan: Plan) -> str:
    region = plan.document.region
    parts = [p for p in (region.province, region.city, region.county) if p]
    # 天津市红桥区: a 直辖市 is the province; do not print it twice.
    name = "".join(dict.fromkeys(parts))
    if name:
        return name
    if plan.result.source.path:
        return Path(plan.result.source.path).stem
    return f"plan{plan.document_index + 1}"


# -- scoring -----------------------------------------------------------------------------------

def _prepare(plans: list[Plan], own_sections: bool = True) -> list[list[_PlanTask]]:
    prepared = []
    for p, plan in enumerate(plans):
        doc = plan.document
        sections = enclosing_sections(doc)
        tasks = []
        for i, task in enumerate(doc.tasks):
            titles = section_titles(sections.get(i, []))
            heading = own_heading(task)
            if heading is None and task.heading and (not titles or comparable(titles[-1]) != comparable(task.heading)):
                # An inherited heading that the outline does not list (a table title, or an
                # outline the segmenter did not produce): it is the innermost section.
                titles = titles + [task.heading]
            tasks.append(_PlanTask(plan=p, index=i, task=task, heading=heading, sections=titles,
                                   text=task.text or ""))
        inner = [comparable(t.sections[-1]) if t.sections else "" for t in tasks]
        for t, key in zip(tasks, inner):
            t.specificity = 1.0 / math.sqrt(inner.count(key)) if key else 0.0
            if t.heading is None and key and inner.count(key) == 1 and own_sections:
                # A section holding this task alone is the task's heading printed on a line of
                # its own (``（二）妥善保管储存`` over its paragraph): what the task says it is
                # about, not scattered title words to guess from.
                t.heading = t.sections[-1]
        prepared.append(tasks)
    return prepared


def _content(scores: PlanScores, settings: AlignSettings) -> tuple[np.ndarray, np.ndarray]:
    """(content, part) for every task × item: how well the task's words match the item, and the
    section prior."""
    w, s = settings, scores.signals
    own = np.array([t.heading is not None for t in scores.tasks])[:, None]
    # A lead phrase of the task's own, else the heading it sits under, else the lead phrase
    # said in the words of the item's text (a notice as the reference has them).
    head_own = np.maximum.reduce([s["heading"], s["verbatim"], w.under_heading * s["under"], w.body * s["body"]])
    # Without a lead phrase the clause restating the item title (``全区各单位要健全政务失信记录``)
    # can stand in; less so under a section heading of its own (南平's 任务分工方案: the section
    # ``健全信用权益保护和信用修复机制`` holds one task that also mentions 政务失信记录).
    head_bare = np.maximum.reduce([s["inherited"], s["verbatim"], w.opening * s["opening"],
                                   s["contains"] ** w.contains_power * (1.0 - w.specific_section * s["specificity"])])
    head = np.where(own, head_own, head_bare)
    # Scattered title words count only for a bare paragraph; a task with a lead phrase of its
    # own (``推动政务信用信息广泛共享``) has said what it is about.
    # An item with a text of its own (a notice as the reference) is said by the task's whole text
    # far better than an outline's short title is: a province's article restates the national
    # article's sentences (国务院工作规则 and the 工作规则 modelled on it) with no lead phrase to match.
    text_weight = np.where(scores.has_text, w.text_of_item, w.text)[None, :]
    total = w.heading * head + text_weight * s["text"] + np.where(own, 0.0, w.contains * s["contains"])
    weight = w.heading + text_weight + np.where(own, 0.0, w.contains)
    content = total / weight * 2.0
    if w.part_gate > 0:
        # The plan files the task under a heading that names a part (``（三）加强重点领域政务诚信
        # 建设``): words it shares with an item of another part (an 环境保护 task that feeds the
        # 政务失信记录) are weaker evidence than the plan's own filing.
        home = s["home"]
        content = content * (1.0 - w.part_gate * np.clip(home.max(axis=1, keepdims=True) - home, 0.0, 1.0))
    return content, w.section_part * s["section_part"]


def _plan_threshold(content: np.ndarray, settings: AlignSettings) -> float:
    """The content score a task of this plan needs to carry out an item.

    A plan that paraphrases scores low on every item; its own typical best score (not the other
    plans') sets how much a task must match. Only a plan that plainly carries the reference out:
    an off-subject plan scores low everywhere, and must stay unaligned.
    """
    threshold = settings.new_threshold
    if settings.plan_scale <= 0 or not content.size:
        return threshold
    best = content.max(axis=1)
    if np.mean(best >= threshold) < settings.implements_share:
        return threshold
    typical = float(np.percentile(best, settings.plan_quantile))
    return max(settings.clear_floor, min(threshold, settings.plan_scale * typical))


def _emissions(content: np.ndarray, part: np.ndarray, threshold: float, settings: AlignSettings) -> np.ndarray:
    """Tasks × (items + None): an item's content score plus its section prior; None's, the
    threshold plus the best section prior."""
    n, k = content.shape
    best_part = part.max(axis=1) if k else np.zeros(n)
    emit = np.concatenate([content + part, (threshold + best_part)[:, None]], axis=1)
    if k > 1 and settings.clear_margin > 0:
        # A task whose best item stands clearly above all others carries it out even when the
        # words are few: paraphrase lowers every score of the row, not the gap. Rows of tasks a
        # region added are flat (every item shares a little of the frame vocabulary).
        top2 = np.sort(content, axis=1)[:, -2:]
        clear = (top2[:, 1] - top2[:, 0] >= settings.clear_margin) & (top2[:, 1] >= settings.clear_floor)
        rows, best = np.nonzero(clear)[0], content.argmax(axis=1)[clear]
        emit[rows, best] = np.maximum(emit[rows, best], emit[rows, k] + 1e-6)
    return emit


def _decode(content: np.ndarray, part: np.ndarray, items: list[ReferenceItem],
            settings: AlignSettings) -> list[Optional[int]]:
    """Viterbi over the plan's tasks: states are items or None (carries out none).

    A section titled like a reference part says *where* a task belongs, not *that* it carries
    an item out (揭阳's 公共资源交易 task sits in 重点领域 too), so None gets the section prior as
    well (:func:`_emissions`). Moving to the same or the next item in reference order earns
    ``order_bonus``; reordered parts cost nothing, they just earn nothing.
    """
    n, k = content.shape
    if n == 0:
        return []
    threshold = _plan_threshold(content, settings)
    emit = _emissions(content, part, threshold, settings)
    # The bonus is on the plan's own scale, like the threshold: a following task must not
    # carry an item on order alone where every score is low.
    scale = threshold / settings.new_threshold if settings.new_threshold > 0 else 1.0
    near = _bonus_sources(np.array([item.order for item in items]))
    best = emit[0].copy()
    back = []
    for i in range(1, n):
        pointers, scores = _viterbi_step(best, near, settings.order_bonus * scale)
        best = scores + emit[i]
        back.append(pointers)
    state = int(best.argmax())
    path = [state]
    for pointers in reversed(back):
        state = int(pointers[state])
        path.append(state)
    return [None if s == k else s for s in reversed(path)]


def _bonus_sources(order: np.ndarray) -> np.ndarray:
    """Per item, the items a move from earns ``order_bonus`` (the same item or the one before it
    in reference order), in index order, padded with -1; a row per item, none for None."""
    k = len(order)
    by_order = np.argsort(order, kind="stable")
    sorted_order = order[by_order]
    low = np.searchsorted(sorted_order, order - 1, side="left")
    high = np.searchsorted(sorted_order, order, side="right")
    width = max(1, int((high - low).max(initial=0)))
    at = low[:, None] + np.arange(width)[None, :]
    sources = np.where(at < high[:, None], by_order[np.minimum(at, max(0, k - 1))], k)
    sources = np.sort(sources, axis=1)  # index order; the padding (k) sorts last
    return np.where(sources < k, sources, -1)


def _viterbi_step(best: np.ndarray, near: np.ndarray, bonus: float) -> tuple[np.ndarray, np.ndarray]:
    """For every state (items, then None): the best previous state (the first on a tie) and its
    score, the previous score plus ``bonus`` when coming from one of its ``near`` states.

    What ``(best[:, None] + B).argmax(axis=0)`` gives for the (items + 1)² bonus matrix B, without
    B: at 15,000 common items it would be 1.8 GB, and a step would read all of it.
    """
    k, width = near.shape[0], near.shape[1]
    # Without a bonus: the first state, by score then index, that is not a bonus source.
    top = np.array(_top(best, width + 1), dtype=np.int64)
    blocked = (near[:, :, None] == top[None, None, :]).any(axis=1)
    far = np.concatenate([top[np.argmax(~blocked, axis=1)], top[:1]])
    far_score = best[far] + 0.0
    # With the bonus: the best source (sources are in index order, so argmax takes the first).
    valid = near >= 0
    near_scores = np.where(valid, best[np.where(valid, near, 0)] + bonus, -np.inf)
    pick = near_scores.argmax(axis=1)
    source = np.concatenate([near[np.arange(k), pick], [-1]])
    source_score = np.concatenate([near_scores[np.arange(k), pick], [-np.inf]])
    tie = source_score == far_score
    pointers = np.where(source_score > far_score, source, far)
    pointers = np.where(tie, np.minimum(np.where(source >= 0, source, far), far), pointers)
    return pointers, np.maximum(source_score, far_score)


def _part_key(item: ReferenceItem) -> str:
    return item.part or ""


def _fill_gaps(path: list[Optional[int]], content: np.ndarray, items: list[ReferenceItem],
               settings: AlignSettings, home: Optional[np.ndarray] = None) -> list[Optional[int]]:
    """Give an unaligned task the item its place in the plan leaves open.

    Plans follow the reference's order within a part. A task left unaligned between tasks
    carrying out items 4.5 and the end of part 4, where no task of the plan carries out 4.6,
    is read as carrying out 4.6 if its words point there at all (``gap_threshold``): 红桥's
    ``加强各街道办事处政务诚信建设`` after its 债务 task. Tasks between two consecutive items
    (揭阳's 公共资源交易 task between 招标投标 and 招商引资) have no open item and stay new.

    An open item that is also the task's best item of all needs less (``gap_top``): place and
    words agree (兵团's ``落实审核主体`` between 发挥记录作用 and 确定审核范围, where only 明确审核机构
    is open). At the end of a plan the open items may also lie in the part the task's own
    section heading names (``home``, see :meth:`.score.PlanScores._sections`), or in the next
    part when the previous task's part is carried out to its end (:func:`_next_part`).

    A filled place bounds the places before it, so the passes repeat until nothing changes:
    ``四、落实保障措施`` whose last task (加强督促检查) is filled leaves its third
    (加快工作规范和制度建设) between 组织领导 and 督促检查, a place, no longer the plan's end.
    """
    if settings.gap_threshold <= 0:
        return path
    path = list(path)
    changed = True
    while changed:
        changed = False
        for i, state in enumerate(path):
            if state is None:
                best = _gap_item(i, path, content, items, settings, home)
                if best is not None:
                    path[i], changed = best, True
    return path


def _gap_item(i: int, path: list[Optional[int]], content: np.ndarray, items: list[ReferenceItem],
              settings: AlignSettings, home: Optional[np.ndarray]) -> Optional[int]:
    """The open item task ``i``'s place in ``path`` leaves it, if its words reach the bar."""
    order = [item.order for item in items]
    prev = next((path[j] for j in range(i - 1, -1, -1) if path[j] is not None), None)
    after = next((path[j] for j in range(i + 1, len(path)) if path[j] is not None), None)
    if prev is None and after is None:
        return None
    if prev is not None and after is not None and order[after] <= order[prev]:
        # The plan goes back in the reference after this task (内蒙古 puts supervision last;
        # a misread closing section; a task of another part filed here): the open items
        # are those left in the previous task's part.
        after = None
    low = order[prev] if prev is not None else -1
    high = order[after] if after is not None else len(items) + 1
    filed = set()  # the part the task's own section heading names
    if home is not None and home[i].max() > 0:
        filed = {_part_key(items[k]) for k in np.flatnonzero(home[i] >= home[i].max())}
    claimed = set(path)
    parts = None
    if prev is None or after is None:
        # At either end of the plan the open items must lie in the neighbouring task's part.
        parts = {_part_key(items[prev if prev is not None else after])} | filed
        if prev is not None:
            parts |= _next_part(prev, items, claimed)
    open_items = [k for k in range(len(items)) if k not in claimed and low < order[k] < high
                  and (parts is None or _part_key(items[k]) in parts)]
    if not open_items:
        return None
    best = max(open_items, key=lambda k: content[i, k])
    # Place and words agree: the item is the task's best of all, and the place is more than
    # "after the last task": between two aligned tasks, or in the part its heading names.
    placed = parts is None or _part_key(items[best]) in filed
    needed = settings.gap_top if placed and best == int(content[i].argmax()) else settings.gap_threshold
    return best if content[i, best] >= needed else None


def _next_part(prev: int, items: list[ReferenceItem], claimed: set) -> set[str]:
    """The part after ``prev``'s, when the plan has carried out every item of ``prev``'s part
    up to its end: plans run through the parts in the reference's order, so the next task may
    begin the next part. 红桥's ``四、加强组织保障和协调配合工作`` opens with a bare paragraph
    (区发展改革委要发挥好…牵头作用) after its 街道办事处 task, the last item of 重点领域.
    """
    part = _part_key(items[prev])
    later = sorted((k for k in range(len(items)) if items[k].order > items[prev].order), key=lambda k: items[k].order)
    if any(k not in claimed and _part_key(items[k]) == part for k in later):
        return set()  # items of its own part are still open
    following = [k for k in later if _part_key(items[k]) != part]
    return {_part_key(items[following[0]])} if following else set()


# -- public API --------------------------------------------------------------------------------

def _lean(result: ParseResult) -> ParseResult:
    """A result read for the comparison alone, without the repaired text and its edits: the
    comparison reads documents and tasks, and the two are most of a result's memory (3,000 plans
    hold 600 MB with them)."""
    result.normalized_text = ""
    result.edits = []
    return result


def _as_results(plans: Iterable[Union[ParseResult, str, Path]]) -> list[ParseResult]:
    """The plans as parse results: given ones as they are, ones read here from a path (and so
    seen by no caller) lean (:func:`_lean`)."""
    results = []
    for plan in plans:
        if isinstance(plan, ParseResult):
            results.append(plan)
            continue
        path = Path(plan)
        if path.suffix.lower() in (".sqlite", ".sqlite3", ".db"):
            from .store import store_results

            results.extend(_lean(r) for r in store_results(path))
        elif path.suffix.lower() == ".json":
            from .reference import _read_text

            try:
                result = ParseResult.model_validate_json(_read_text(path))
            except ReferenceError_:
                raise
            except ValueError as exc:
                raise UsageError(f"not a policyparse parse result: {str(exc).splitlines()[0]}", path=str(path)) from None
            if result.source.path is None:
                result.source.path = str(path)
            results.append(_lean(result))
        else:
            from .. import parse

            results.append(_lean(parse(path)))
    return results


def compare(plans: Iterable[Union[ParseResult, str, Path]], reference: Union[Reference, ParseResult, str, Path, None] = None,
            settings: Union[AlignSettings, dict, None] = None, progress: bool = False, **overrides) -> Comparison:
    """Compare plans against a reference (outline TSV, parsed notice) or, without one, each other.

    plans (iterable): ParseResult objects or paths (parse-result JSON, or notices to parse).
    reference: outline ``.tsv`` path, ParseResult, ParseResult JSON path, or None.
    progress (bool): a progress bar on stderr (hundreds of plans take a while).
    RETURNS (Comparison): tasks with their items, the item × region table, coverage.
    """
    settings = AlignSettings.resolve(settings, **overrides)
    results = _as_results(plans)
    plan_list = plans_from_results(results)
    if not plan_list:
        raise UsageError("none of the plans has tasks to compare")
    if reference is None:
        from .cluster import reference_from_plans

        ref, members = reference_from_plans(plan_list, settings, progress=progress)
        return align_plans(plan_list, ref, settings, fixed=members, progress=progress)
    else:
        ref = load_reference(reference)
    return align_plans(plan_list, ref, settings, progress=progress)


def align_tasks(tasks: list[_PlanTask], items: list[ReferenceItem], settings: AlignSettings,
                fill_gaps: bool = True) -> tuple[PlanScores, np.ndarray, np.ndarray, list[Optional[int]]]:
    """One plan's tasks against the items: (signals, content, section prior, item index or None
    per task). Each plan is scored on its own: nothing another plan wrote can change its path."""
    scores = PlanScores(items, tasks, settings)
    content, part = _content(scores, settings)
    path = _decode(content, part, items, settings)
    if fill_gaps:
        path = _fill_gaps(path, content, items, settings, scores.signals["home"])
    return scores, content, part, path


def progress_bar(iterable, total: int, desc: str, enabled: bool, unit: str = "plan"):
    """``iterable`` with a progress bar on stderr when ``enabled``."""
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True)


def align_plans(plans: list[Plan], reference: Reference, settings: Optional[AlignSettings] = None,
                fixed: Optional[dict[tuple[int, int], str]] = None, progress: bool = False) -> Comparison:
    """Align every task of every plan to ``reference`` and build the comparison table.

    ``fixed`` maps (plan index, task index) to an item code decided beforehand (the common
    items found without a reference are made of their tasks); other tasks carry out none.
    """
    settings = settings or AlignSettings()
    prepared = _prepare(plans)
    items = reference.alignable
    index_of = {item.code: k for k, item in enumerate(items)}
    plan_results = []
    for plan, tasks in progress_bar(zip(plans, prepared), len(plans), "aligning", progress):
        scores, content, part, path = align_tasks(tasks, items, settings, fill_gaps=fixed is None)
        if fixed is not None:
            # Members stay with their common item; another task may join it (a plan that
            # splits the item in two) when its words match as well as the threshold asks.
            path = [index_of.get(fixed[(t.plan, t.index)]) if (t.plan, t.index) in fixed else state
                    for t, state in zip(tasks, path)]
        aligned = [_aligned_task(t, state, content[n], part[n], scores, reference, settings)
                   for n, (t, state) in enumerate(zip(tasks, path))]
        plan_results.append(_plan_comparison(plan, aligned, reference, settings, judge_implements=fixed is None))

    from .score import ReferenceSide

    ReferenceSide.forget()
    comparison = Comparison(reference=reference, regions=[p.region for p in plans], plans=plan_results,
                            settings={f.name: getattr(settings, f.name) for f in fields(settings)})
    comparison.items = _table(comparison, filled_only=reference.source.get("kind") == "plans")
    return comparison


@functools.lru_cache(maxsize=1)
def _agency_names() -> dict[str, str]:
    """Agency code -> the function's name in the agency lexicon (``finance`` -> ``财政局``)."""
    try:
        from ..extract.lexicon import agencies

        return {entry.code: entry.name for entry in agencies()}
    except (ImportError, PolicyParseError, AttributeError):  # extraction stage not installed
        return {}


def _agency(unit: Unit) -> str:
    """The name a unit is compared by across regions.

    财政局 in a city and 财政厅 in the province line up by their canonical agency (``finance``),
    shown by the lexicon's name for the function; a unit the lexicon does not know keeps its
    canonical or printed name.
    """
    if unit.agency:
        return _agency_names().get(unit.agency, unit.agency)
    return unit.canonical or unit.name


def _aligned_task(t: _PlanTask, state: Optional[int], content: np.ndarray, part: np.ndarray,
                  scores: PlanScores, reference: Reference, settings: AlignSettings) -> AlignedTask:
    items = scores.items
    total = content + part
    # Scores equal to 12 places are a tie, kept in reference order: items a task does not tell
    # apart (招标投标 and 招商引资 for a task naming neither) sum their words in another order, and
    # which comes first must not depend on that order.
    ranked = _top(np.round(total, 12), 3)
    candidates = [Candidate(code=items[k].code, score=_shown(total[k])) for k in ranked]
    task = t.task
    lead, support, responsible = [], [], []
    for a in task.assignments:
        lead += [_agency(u) for u in a.lead]
        support += [_agency(u) for u in a.support]
        responsible += [_agency(u) for u in a.responsible]
    if not (lead or support or responsible):
        responsible = [_agency(u) for u in task.implicit_units]
    also: list[str] = []
    if state is None:
        code, score, evidence, basis, reuse = reference.new_code, float(content[ranked[0]]) if ranked else 0.0, [], {}, None
    else:
        item = items[state]
        code, score, basis = item.code, float(content[state]), scores.basis(t.index, state)
        # A task that carries out two items (a merged 政府采购和招投标 task) says so: a second item
        # whose words match nearly as well as the chosen one's and clear the threshold.
        also = [items[k].code for k in ranked if k != state and content[k] >= settings.new_threshold
                and content[k] >= settings.also_share * content[state]]
        source = "\n".join(x for x in (item.title, item.text) if x)
        evidence = shared_passages(" ".join(x for x in (task.heading, task.text) if x), source, 4)
        # Reuse is measured against the item's text; an outline of titles only has none to reuse.
        reuse = round(reused_share(task.text, source), 4) if item.text else None
    return AlignedTask(
        id=task.id, heading=task.heading, text=task.text, section=" / ".join(t.sections) or None,
        reference=code, also=also, score=_shown(score), evidence=list(dict.fromkeys(evidence)),
        basis={k: round(v, 4) for k, v in basis.items()}, candidates=candidates,
        lead=list(dict.fromkeys(lead)), support=list(dict.fromkeys(support)),
        responsible=list(dict.fromkeys(responsible)),
        deadline=(task.deadline.end or task.deadline.raw) if task.deadline else None,
        reused_share=reuse)


def _top(values: np.ndarray, count: int) -> list[int]:
    """Indices of the ``count`` highest values, highest first, the lower index first on a tie
    (a stable descending sort), without sorting every item: thousands of common items."""
    if len(values) <= count:
        return [int(k) for k in np.argsort(-values, kind="stable")]
    floor = np.partition(values, len(values) - count)[len(values) - count]
    candidates = np.flatnonzero(values >= floor)  # ties at the floor all come, then the order decides
    return [int(k) for k in candidates[np.lexsort((candidates, -values[candidates]))][:count]]


def _shown(score: float) -> float:
    """A score as reported: the content score capped at 1 (a title repeated word for word)."""
    return round(min(1.0, max(0.0, score)), 4)


def _plan_comparison(plan: Plan, tasks: list[AlignedTask], reference: Reference,
                     settings: AlignSettings, judge_implements: bool = True) -> PlanComparison:
    doc = plan.document
    src = plan.result.source
    codes = [i.code for i in reference.alignable]
    referenced = {t.reference for t in tasks}
    covered = [c for c in codes if c in referenced]
    coverage = len(covered) / len(codes) if codes else 0.0
    new = reference.new_code
    aligned_share = sum(t.reference not in (None, new) for t in tasks) / len(tasks) if tasks else 0.0
    # Share of tasks, not coverage: a department's plan may carry out two items with two tasks.
    implements = aligned_share >= settings.implements_share or not judge_implements
    if not implements:
        # A plan on another subject (a 守信联合激励 plan compared with the 政务诚信 guideline)
        # borrows a few words from several items; none of its tasks carries the reference out.
        tasks = [t.model_copy(update={"reference": None}) for t in tasks]
        covered, coverage = [], 0.0
    set_of_covered = set(covered)
    return PlanComparison(
        source={"path": src.path, "sha256": src.sha256, "document": plan.document_index,
                "title": doc.title, "doc_number": doc.doc_number, "doc_type": doc.doc_type},
        region=plan.region, region_detail=doc.region, level=doc.level, implements=implements,
        tasks=tasks, covered=covered,
        # Common items (no reference) are each shared by a few plans: a plan's missing ones would
        # be nearly all of them, 15,000 codes for each of 3,000 plans (900 MB of the JSON).
        missing=[] if reference.source.get("kind") == "plans" else [c for c in codes if c not in set_of_covered],
        added=[t.id for t in tasks if implements and t.reference in (new, None)],
        coverage=round(coverage, 4))


def _table(comparison: Comparison, filled_only: bool = False) -> list[ComparisonItem]:
    """The item × region table, items in reference order, regions in plan order.

    filled_only (bool): leave out the cells of regions with no task for the item. Common items
        found without a reference are thousands at 3,000 plans, each shared by a few plans: the
        full table would be tens of millions of empty rows (45 million at 3,000 plans, 97% empty
        already at 300), and every empty cell is the item's and the region's names alone.

    Each plan's tasks are grouped by item once (scanning every plan's tasks for every item took
    minutes with the hundreds of common items of 300 plans); an empty cell is built without
    validation, since all it holds is the item's and the region's names.
    """
    grouped = []
    for plan in comparison.plans:
        by_code: dict[Optional[str], list[AlignedTask]] = {}
        for t in plan.tasks:
            by_code.setdefault(t.reference, []).append(t)
        grouped.append(by_code)
    rows = []
    for item in comparison.reference.alignable:
        for plan, by_code in zip(comparison.plans, grouped):
            tasks = by_code.get(item.code)
            if filled_only and not tasks:
                continue
            rows.append(_cell(item, plan.region, tasks) if tasks else ComparisonItem.model_construct(
                code=item.code, title=item.title, part=item.part, region=plan.region, tasks=[], headings=[],
                lead=[], support=[], responsible=[], deadlines=[], score=0.0, reused_share=None, written_share=None))
    return rows


def _cell(item: ReferenceItem, region: str, tasks: list[AlignedTask]) -> ComparisonItem:
    """One region's tasks for one item, with their agencies, deadlines and reuse."""
    measured = [t for t in tasks if t.reused_share is not None]
    chars = sum(len(comparable(t.text)) for t in measured)
    reused = sum(t.reused_share * len(comparable(t.text)) for t in measured)
    share = round(reused / chars, 4) if chars else None
    return ComparisonItem(
        code=item.code, title=item.title, part=item.part, region=region,
        tasks=[t.id for t in tasks], headings=[t.heading for t in tasks if t.heading],
        lead=list(dict.fromkeys(a for t in tasks for a in t.lead)),
        support=list(dict.fromkeys(a for t in tasks for a in t.support)),
        responsible=list(dict.fromkeys(a for t in tasks for a in t.responsible)),
        deadlines=list(dict.fromkeys(t.deadline for t in tasks if t.deadline)),
        score=max((t.score for t in tasks), default=0.0),
        reused_share=share, written_share=round(1 - share, 4) if share is not None else None)


def annotate(results: Sequence[ParseResult], comparison: Comparison) -> list[ParseResult]:
    """Copies of ``results`` whose tasks carry the ``reference`` the comparison found.

    This is how ``policyparse parse --reference`` (or the evaluation) fills ``Task.reference``.
    """
    by_key = {}
    for plan in comparison.plans:
        for t in plan.tasks:
            by_key[(plan.source.get("sha256"), plan.source.get("path"), plan.source.get("document"), t.id)] = t.reference
    out = []
    for result in results:
        copy = result.model_copy(deep=True)
        for d, doc in enumerate(copy.documents):
            for task in doc.tasks:
                key = (result.source.sha256, result.source.path, d, task.id)
                if key in by_key:
                    task.reference = by_key[key]
        out.append(copy)
    return out


def assign_references(results: Sequence[ParseResult], reference: Union[Reference, ParseResult, str, Path],
                      settings: Union[AlignSettings, dict, None] = None) -> list[ParseResult]:
    """Copies of ``results`` with ``Task.reference`` filled from a comparison with ``reference``.

    Each plan is aligned on its own, so giving the plans one by one or all at once gives the
    same references. Plans that do not carry out the reference get null throughout.
    """
    plans = [r for r in results if any(d.tasks for d in r.documents)]
    if not plans:
        return [r.model_copy(deep=True) for r in results]
    return annotate(results, compare(plans, reference=reference, settings=settings))
