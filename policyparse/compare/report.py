"""The comparison as one self-contained HTML file: no network, no scripts, inline CSS and SVG.

What a researcher looks at, top to bottom:

1. per region, how much of the reference its plan covers and how many items it added;
2. a heat map, reference items × regions, each cell the number of tasks carrying the item out;
3. who leads each item where (lead agencies, else the responsible ones);
4. the items each region added (tasks that carry out none);
5. per region and item, the region's task next to the reference text, reused passages marked.

Every figure is read from the same :class:`~policyparse.compare.model.Comparison` the tables
come from (``Comparison.items`` and ``coverage_records``), so report and table cannot disagree.
Cells carry ``data-code``/``data-region``/``data-tasks`` attributes so a test can check that.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import Optional, Union

from ..errors import UsageError
from .model import AlignedTask, Comparison, ReferenceItem
from .text import comparable, shared_passages

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;
margin:24px;color:#1d2733;background:#fff;line-height:1.5}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #d9e1ea;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px} .meta{color:#5b6b7c;font-size:13px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{border:1px solid #d0d8e0;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f1f5f9} td.num{text-align:right;font-variant-numeric:tabular-nums}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin:6px 0 14px}
.pair>div{border:1px solid #d0d8e0;border-radius:4px;padding:6px 8px;font-size:13px}
.pair .ref{background:#f8fafc} .code{font-family:monospace;color:#35506b}
mark{background:#ffe58a;padding:0 1px} .new{color:#9a3412} .none{color:#94a3b8}
.legend{font-size:12px;color:#5b6b7c} svg text{font-family:inherit}
.score{color:#5b6b7c;font-size:12px}
"""

# Heat map colours from "no task" to "three or more tasks": one hue, rising saturation.
_SHADES = ["#f1f5f9", "#9ecae1", "#4292c6", "#08519c"]


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


@functools.lru_cache(maxsize=1 << 14)
def _folded_char(ch: str) -> str:
    """:func:`~.text.comparable` of one character, cached: a report folds every character of
    every task and item text, and they come from a few thousand distinct characters."""
    return comparable(ch)


def mark_passages(text: str, passages: list[str]) -> str:
    """``text`` escaped, with every occurrence of each passage wrapped in ``<mark>``.

    Passages are compared on word characters (see :func:`~.text.comparable`), so a passage
    found across punctuation is still marked in the printed text.

    >>> mark_passages("接受同级人大的监督，接受政协监督。", ["接受同级人大"])
    '<mark>接受同级人大</mark>的监督，接受政协监督。'
    """
    chars = [_folded_char(ch) for ch in text]
    kept = [i for i, ch in enumerate(chars) if ch]
    folded = "".join(chars[i] for i in kept)
    if len(folded) != len(kept):  # a character that folds to two (rare width forms): no marks
        return _e(text)
    marked = [False] * len(text)
    for passage in passages:
        p = comparable(passage)
        if not p:
            continue
        start = folded.find(p)
        while start >= 0:
            for i in range(kept[start], kept[start + len(p) - 1] + 1):
                marked[i] = True
            start = folded.find(p, start + len(p))
    out, inside = [], False
    for i, ch in enumerate(text):
        if marked[i] and not inside:
            out.append("<mark>")
            inside = True
        elif not marked[i] and inside:
            out.append("</mark>")
            inside = False
        out.append(_e(ch))
    if inside:
        out.append("</mark>")
    return "".join(out)


def _heat_map(comparison: Comparison) -> str:
    items = comparison.reference.alignable
    regions = comparison.regions
    cell_w, cell_h, label_w, head_h = 64, 22, 330, 120
    width = label_w + cell_w * len(regions) + head_h  # room for the last rotated region name
    height = head_h + cell_h * (len(items) + 1) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="coverage heat map">']
    for c, region in enumerate(regions):
        x = label_w + c * cell_w + cell_w / 2
        parts.append(f'<text x="{x}" y="{head_h - 6}" font-size="12" transform="rotate(-45 {x} {head_h - 6})">{_e(region)}</text>')
    for r, item in enumerate(items):
        y = head_h + r * cell_h
        label = f"{item.code} {item.title}"
        if len(label) > 26:
            label = label[:25] + "…"
        parts.append(f'<text x="4" y="{y + 15}" font-size="12">{_e(label)}</text>')
        for c, region in enumerate(regions):
            row = comparison.cell(item.code, region)
            count = len(row.tasks) if row else 0
            shade = _SHADES[min(count, len(_SHADES) - 1)]
            x = label_w + c * cell_w
            tip = f"{region} · {item.code}: {count} task(s)"
            if row and row.tasks:
                tip += " — " + "、".join(row.tasks)
            parts.append(f'<g class="cell" data-code="{_e(item.code)}" data-region="{_e(region)}" data-tasks="{count}">'
                         f'<title>{_e(tip)}</title>'
                         f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{shade}"/>'
                         f'<text x="{x + cell_w / 2}" y="{y + 15}" font-size="12" text-anchor="middle" '
                         f'fill="{"#fff" if count >= 2 else "#1d2733"}">{count if count else ""}</text></g>')
    # Bottom row: coverage per region, the same figure as the coverage table.
    y = head_h + len(items) * cell_h
    parts.append(f'<text x="4" y="{y + 15}" font-size="12" font-weight="bold">coverage</text>')
    for c, plan in enumerate(comparison.plans):
        x = label_w + c * cell_w + cell_w / 2
        parts.append(f'<text class="coverage" data-region="{_e(plan.region)}" x="{x}" y="{y + 15}" font-size="12" '
                     f'text-anchor="middle" font-weight="bold">{round(plan.coverage * 100)}%</text>')
    parts.append("</svg>")
    legend = " ".join(f'<span style="display:inline-block;width:14px;height:10px;background:{s}"></span> {label}'
                      for s, label in zip(_SHADES, ["0", "1", "2", "3+"]))
    return "".join(parts) + f'<div class="legend">tasks per item and region: {legend}</div>'


def _among_plans(comparison: Comparison) -> bool:
    """Compared without a reference: the items are the plans' common items."""
    return comparison.reference.source.get("kind") == "plans"


def _coverage_table(comparison: Comparison) -> str:
    among = _among_plans(comparison)
    rows = ["<table><tr><th>region</th><th>plan</th><th>tasks</th>"
            f"<th>{'common items it shares' if among else 'items covered'}</th><th>coverage</th>"
            f"<th>{'tasks no other plan shares' if among else 'added tasks'}</th>"
            f"{'' if among else '<th>carries out the reference</th>'}</tr>"]
    for record, plan in zip(comparison.coverage_records(), comparison.plans):
        rows.append(
            f'<tr class="coverage-row" data-region="{_e(record["region"])}">'
            f'<td>{_e(record["region"])}</td><td>{_e(plan.source.get("title"))}</td>'
            f'<td class="num">{record["tasks"]}</td>'
            f'<td class="num" data-covered="{record["covered_items"]}">{record["covered_items"]} / {record["reference_items"]}</td>'
            f'<td class="num">{round(record["coverage"] * 100)}%</td>'
            f'<td class="num" data-added="{record["added_tasks"]}">{record["added_tasks"]}</td>'
            + ("" if among else f'<td>{"yes" if record["implements"] else "no"}</td>') + "</tr>")
    rows.append("</table>")
    return "".join(rows)


def _leads_table(comparison: Comparison) -> str:
    # Plans that do not carry out the reference have nothing to show here.
    regions = [p.region for p in comparison.plans if p.implements]
    head = "".join(f"<th>{_e(r)}</th>" for r in regions)
    rows = [f"<table><tr><th>item</th>{head}</tr>"]
    for item in comparison.reference.alignable:
        cells = []
        for region in regions:
            row = comparison.cell(item.code, region)
            if not row or not row.tasks:
                cells.append('<td class="none">—</td>')
                continue
            if row.lead:
                who = "、".join(row.lead)
            elif row.responsible:
                who = "负责: " + "、".join(row.responsible)
            else:
                who = '<span class="none">(no unit named)</span>'
                cells.append(f'<td data-code="{_e(item.code)}" data-region="{_e(region)}">{who}</td>')
                continue
            support = f'<div class="score">配合: {_e("、".join(row.support))}</div>' if row.support else ""
            cells.append(f'<td data-code="{_e(item.code)}" data-region="{_e(region)}">{_e(who)}{support}</td>')
        rows.append(f'<tr><td><span class="code">{_e(item.code)}</span> {_e(item.title)}</td>{"".join(cells)}</tr>')
    rows.append("</table>")
    return "".join(rows)


def _added(comparison: Comparison) -> str:
    out = []
    for plan in comparison.plans:
        if not plan.implements:
            out.append(f'<h3>{_e(plan.region)}</h3><p class="none">this plan does not carry out the reference; '
                       f'its {len(plan.tasks)} tasks are not compared item by item.</p>')
            continue
        added = [t for t in plan.tasks if t.id in plan.added]
        out.append(f'<h3 data-region="{_e(plan.region)}" data-added="{len(added)}">{_e(plan.region)} '
                   f'<span class="meta">({len(added)} added)</span></h3>')
        if not added:
            out.append('<p class="none">none</p>')
            continue
        out.append("<table><tr><th>task</th><th>heading</th><th>text</th></tr>")
        for t in added:
            text = t.text if len(t.text) <= 160 else t.text[:150] + "…"
            out.append(f'<tr><td class="code">{_e(t.id)}</td><td>{_e(t.heading)}</td><td>{_e(text)}</td></tr>')
        out.append("</table>")
    return "".join(out)


def _reference_text(item: ReferenceItem) -> str:
    return "\n".join(x for x in (item.title, item.text) if x)


def _side_by_side(comparison: Comparison) -> str:
    out = []
    for plan in comparison.plans:
        if not plan.implements:
            continue
        out.append(f'<h3>{_e(plan.region)} <span class="meta">{_e(plan.source.get("title"))}</span></h3>')
        for task in plan.tasks:
            item = comparison.reference.item(task.reference)
            if item is None or item.carries_nothing:
                continue
            out.append(_pair(task, item))
    return "".join(out)


def _pair(task: AlignedTask, item: ReferenceItem) -> str:
    reference = _reference_text(item)
    plan_text = " ".join(x for x in (task.heading if task.heading and not task.text.startswith(task.heading) else None,
                                      task.text) if x)
    passages = task.evidence or shared_passages(plan_text, reference, 4)
    ref_html = mark_passages(item.title, passages)
    if item.text:
        ref_html += "<br>" + mark_passages(item.text, passages)
    part = f'<div class="score">{_e(item.part)}</div>' if item.part else ""
    return (f'<div class="pair" data-code="{_e(item.code)}" data-task="{_e(task.id)}">'
            f'<div class="ref"><span class="code">{_e(item.code)}</span> {ref_html}{part}</div>'
            f'<div><span class="code">{_e(task.id)}</span> <span class="score">score {task.score:.2f}'
            f'{" · reused " + str(round(task.reused_share * 100)) + "%" if task.reused_share is not None else ""}</span><br>'
            f'{mark_passages(plan_text, passages)}</div></div>')


def render_html(comparison: Comparison, title: Optional[str] = None) -> str:
    """The whole report as one HTML string (UTF-8, no external resources)."""
    ref = comparison.reference
    title = title or f"Comparison against {ref.source.get('title') or 'the reference'}"
    kind = {"outline": "outline file", "notice": "parsed notice", "plans": "common items of the plans"}.get(
        ref.source.get("kind"), "reference")
    return "".join([
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<div class="meta">reference: {_e(kind)} {_e(ref.source.get("path") or "")} · '
        f'{len(ref.alignable)} items · {len(comparison.plans)} plans</div>',
        "<h2>Coverage per region</h2>", _coverage_table(comparison),
        "<h2>Heat map: reference items × regions</h2>", _heat_map(comparison),
        "<h2>Who leads each item where</h2>", _leads_table(comparison),
        "<h2>Tasks no other plan shares</h2>" if _among_plans(comparison) else "<h2>Items added by each region</h2>",
        _added(comparison),
        "<h2>Each region's tasks next to the reference</h2>",
        '<p class="legend">marked: passages shared with the reference text (at least 4 characters)</p>',
        _side_by_side(comparison),
        "</body></html>",
    ])


def write_html(comparison: Comparison, path: Union[str, Path], title: Optional[str] = None) -> None:
    """Write :func:`render_html` to ``path`` (``--html report.html``)."""
    path = Path(path)
    if not path.parent.exists():
        raise UsageError("folder of the HTML report does not exist", path=str(path))
    try:
        path.write_text(render_html(comparison, title), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the HTML report: {exc.strerror}", path=str(path)) from None
