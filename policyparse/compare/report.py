"""The comparison as a small static site: an overview, a page per region and per reference item.

Hundreds of regions do not fit on one page (at 300 plans a single page was 5.5 MB with a heat
map 19,650 px wide), so the report is split the way a researcher reads it:

- ``index.html``, the overview: coverage per region in a table sorted and searched in place;
  the reference items from most to least taken up; who leads each item, counted by agency type
  (发展和改革委员会, 财政局 … across regions and levels), so its width does not grow with the
  number of plans;
- ``regions/rNNNN.html``, one per plan: what it covers and misses, its added tasks, and each of
  its tasks next to the reference item it carries out, shared passages marked;
- ``items/iNNNN.html``, one per reference item: every region that carries it out, with its
  tasks, lead and supporting agencies, deadline, score and reused share, sorted and searched.

Every page is a static file that opens from disk (no server, nothing fetched: a Content Security
Policy forbids it), has its CSS and its few lines of JavaScript inline (sorting, search and the
language switch, allowed by their hashes), and reads in Chinese or English (the 中文 / English
button; ``#en`` in the address). Without JavaScript the tables are still there, in Chinese.

Every figure is read from the :class:`~policyparse.compare.model.Comparison` the tables come from
(``coverage_records``, ``items``, each plan's aligned tasks), so report and table cannot
disagree. Rows carry ``data-code`` / ``data-region`` / ``data-tasks`` / ``data-covered``
attributes so a test can check that.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from ..errors import UsageError
from .model import AlignedTask, Comparison, PlanComparison, ReferenceItem
from .text import comparable, shared_passages

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;
margin:0;color:#1d2733;background:#fff;line-height:1.5}
main{max-width:1180px;margin:0 auto;padding:12px 24px 40px}
nav{background:#1f3a5a;color:#fff;padding:8px 24px;display:flex;gap:18px;align-items:center;flex-wrap:wrap}
nav a{color:#fff;text-decoration:none} nav a:hover{text-decoration:underline} nav .grow{flex:1}
nav button{background:#fff;color:#1f3a5a;border:0;border-radius:3px;padding:2px 10px;cursor:pointer}
h1{font-size:22px;margin:10px 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #d9e1ea;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px} .meta{color:#5b6b7c;font-size:13px}
table{border-collapse:collapse;font-size:13px;margin:6px 0;width:100%}
th,td{border:1px solid #d0d8e0;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f1f5f9;position:sticky;top:0;white-space:nowrap} td.num{white-space:nowrap}
td:first-child{white-space:nowrap} td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.sortable th{cursor:pointer;user-select:none} table.sortable th:after{content:" \\2195";color:#94a3b8}
table.sortable th.asc:after{content:" \\2191";color:#1d2733} table.sortable th.desc:after{content:" \\2193";color:#1d2733}
.scroll{max-height:640px;overflow:auto;border:1px solid #d0d8e0}
.scroll table{margin:0}
.tools{display:flex;gap:12px;align-items:center;margin:8px 0}
.tools input{font-size:14px;padding:4px 8px;width:320px;border:1px solid #b8c4d0;border-radius:3px}
.bar{display:inline-block;height:10px;background:#4292c6;vertical-align:middle;margin-right:6px}
.barbox{display:inline-block;width:80px;background:#eef2f6;vertical-align:middle}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin:6px 0 14px}
.pair>div{border:1px solid #d0d8e0;border-radius:4px;padding:6px 8px;font-size:13px}
.pair .ref{background:#f8fafc} .code{font-family:monospace;color:#35506b;white-space:nowrap}
mark{background:#ffe58a;padding:0 1px} .none{color:#94a3b8} .score{color:#5b6b7c;font-size:12px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:10px 0}
.card{border:1px solid #d0d8e0;border-radius:4px;padding:8px 14px;min-width:140px}
.card b{display:block;font-size:22px}
.c0{background:#fff}.c1{background:#deebf7}.c2{background:#9ecae1}.c3{background:#4292c6;color:#fff}.c4{background:#08519c;color:#fff}
html:not([lang="en"]) .en{display:none} html[lang="en"] .zh{display:none}
"""

# Sorting, search and the language switch. PP.sortRows / PP.matches / PP.filter are pure (no
# DOM), so tests run them in V8 without a browser; PP.init binds them to a page.
_JS = r"""
(function (root) {
  "use strict";
  var PP = {};
  PP.key = function (text, value, type) {
    var raw = (value !== null && value !== undefined && value !== "") ? value : text;
    if (type === "num") { var n = parseFloat(raw); return isNaN(n) ? -Infinity : n; }
    return String(raw).trim().toLowerCase();
  };
  // One collator for every comparison: localeCompare with a locale builds one per call, which
  // took 1.7 s to sort 3,000 rows.
  var collator = null;
  try { collator = new Intl.Collator("zh-Hans-CN-u-co-pinyin"); } catch (e) { collator = null; }
  PP.compare = function (a, b) {
    if (typeof a === "number" && typeof b === "number") { return a < b ? -1 : (a > b ? 1 : 0); }
    a = String(a); b = String(b);
    return collator ? collator.compare(a, b) : (a < b ? -1 : (a > b ? 1 : 0));
  };
  PP.sortRows = function (rows, col, type, desc) {
    var keyed = [];
    for (var i = 0; i < rows.length; i++) {
      var cell = rows[i].cells[col];
      keyed.push([PP.key(cell.textContent, cell.getAttribute("data-v"), type), i, rows[i]]);
    }
    keyed.sort(function (x, y) { var c = PP.compare(x[0], y[0]); return (desc ? -c : c) || x[1] - y[1]; });
    return keyed.map(function (k) { return k[2]; });
  };
  PP.matches = function (text, query) {
    var hay = String(text).toLowerCase(), terms = String(query).toLowerCase().split(/\s+/);
    for (var i = 0; i < terms.length; i++) { if (terms[i] && hay.indexOf(terms[i]) < 0) { return false; } }
    return true;
  };
  // Show the rows matching the query, at most ``limit`` of them (a browser lays out 3,000 table
  // rows in over a second at every sort); returns how many match.
  PP.filter = function (rows, query, limit) {
    var matched = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = PP.matches(rows[i].getAttribute("data-search") || rows[i].textContent, query || "");
      rows[i].style.display = ok && !(limit && matched >= limit) ? "" : "none";
      if (ok) { matched++; }
    }
    return matched;
  };
  PP.setLang = function (doc, lang) {
    doc.documentElement.setAttribute("lang", lang === "en" ? "en" : "zh-CN");
    var inputs = doc.querySelectorAll("[data-placeholder-" + (lang === "en" ? "en" : "zh") + "]");
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].setAttribute("placeholder", inputs[i].getAttribute("data-placeholder-" + (lang === "en" ? "en" : "zh")));
    }
    try { root.localStorage.setItem("policyparse-lang", lang); } catch (e) { /* file:// may refuse */ }
  };
  PP.state = function (doc, table) {
    if (!table.ppState) {
      var id = table.getAttribute ? table.getAttribute("id") : table.id;
      table.ppState = {query: "", limit: parseInt((table.getAttribute && table.getAttribute("data-limit")) || "0", 10) || 0,
                       count: doc.getElementById(id + "-count"), more: doc.getElementById(id + "-more")};
    }
    return table.ppState;
  };
  PP.show = function (doc, table) {
    var state = PP.state(doc, table), body = table.tBodies[0], rows = [];
    for (var r = 0; r < body.rows.length; r++) { rows.push(body.rows[r]); }
    var matched = PP.filter(rows, state.query, state.limit);
    var shown = state.limit ? Math.min(matched, state.limit) : matched;
    if (state.count) { state.count.textContent = matched + " / " + rows.length + (shown < matched ? " (" + shown + " \u25B8)" : ""); }
    if (state.more) { state.more.style.display = shown < matched ? "" : "none"; }
  };
  PP.init = function (doc) {
    var tables = doc.querySelectorAll("table.sortable");
    for (var t = 0; t < tables.length; t++) {
      (function (table) {
        var heads = table.tHead.rows[0].cells;
        for (var c = 0; c < heads.length; c++) {
          (function (th, col) {
            th.addEventListener("click", function () {
              var desc = th.className.indexOf("asc") >= 0;
              for (var h = 0; h < heads.length; h++) { heads[h].className = heads[h].className.replace(/\s*\b(asc|desc)\b/g, ""); }
              th.className += desc ? " desc" : " asc";
              var body = table.tBodies[0], rows = [];
              for (var r = 0; r < body.rows.length; r++) { rows.push(body.rows[r]); }
              var sorted = PP.sortRows(rows, col, th.getAttribute("data-type") || "text", desc);
              var target = doc.createDocumentFragment ? doc.createDocumentFragment() : body;
              for (var s = 0; s < sorted.length; s++) { target.appendChild(sorted[s]); }
              if (target !== body) { body.appendChild(target); }
              PP.show(doc, table);
            });
          })(heads[c], c);
        }
        var more = PP.state(doc, table).more;
        if (more) { more.addEventListener("click", function () { PP.state(doc, table).limit = 0; PP.show(doc, table); }); }
        PP.show(doc, table);
      })(tables[t]);
    }
    var inputs = doc.querySelectorAll("input[data-filter]");
    for (var i = 0; i < inputs.length; i++) {
      (function (input) {
        var table = doc.getElementById(input.getAttribute("data-filter"));
        input.addEventListener("input", function () {
          PP.state(doc, table).query = input.value;
          PP.show(doc, table);
        });
      })(inputs[i]);
    }
    var button = doc.getElementById("pp-lang");
    if (button) {
      button.addEventListener("click", function () {
        PP.setLang(doc, doc.documentElement.getAttribute("lang") === "en" ? "zh" : "en");
      });
    }
    var wanted = null;
    try { wanted = root.localStorage.getItem("policyparse-lang"); } catch (e) { wanted = null; }
    if (root.location && /^#en\b/.test(root.location.hash || "")) { wanted = "en"; }
    if (root.location && /^#zh\b/.test(root.location.hash || "")) { wanted = "zh"; }
    if (wanted) { PP.setLang(doc, wanted); }
  };
  root.PP = PP;
  if (root.document && root.document.addEventListener) {
    if (root.document.readyState === "loading") {
      root.document.addEventListener("DOMContentLoaded", function () { PP.init(root.document); });
    } else { PP.init(root.document); }
  }
})(this);
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{_SCRIPT_HASH}'")

# Agency types shown as columns of the overview's "who leads" table; the rest are summed as other.
TOP_AGENCY_TYPES = 8
NONE_NAMED = "(none named)"
UNKNOWN_TYPE = "(other bodies)"


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _t(zh: str, en: str) -> str:
    """A label in both languages; CSS shows the one of the page's ``lang``."""
    return f'<span class="zh">{_e(zh)}</span><span class="en">{_e(en)}</span>'


_LEVELS = {"national": ("国家级", "national"), "province": ("省级", "province"), "city": ("市级", "city"),
           "county": ("县级", "county")}


def _level(level: Optional[str]) -> str:
    """A government level in both languages (``city`` -> 市级 / city)."""
    if level in _LEVELS:
        return _t(*_LEVELS[level])
    return _e(level)


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def mark_passages(text: str, passages: list[str]) -> str:
    """``text`` escaped, with every occurrence of each passage wrapped in ``<mark>``.

    Passages are compared on word characters (see :func:`~.text.comparable`), so a passage
    found across punctuation is still marked in the printed text.

    >>> mark_passages("接受同级人大的监督，接受政协监督。", ["接受同级人大"])
    '<mark>接受同级人大</mark>的监督，接受政协监督。'
    """
    folds = [_fold(ch) for ch in text]
    kept = [i for i, f in enumerate(folds) if f]
    folded = "".join(folds)
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
    out, run_start = [], 0
    for i in range(1, len(text) + 1):  # escape runs of equal marking, not single characters
        if i == len(text) or marked[i] != marked[run_start]:
            piece = html.escape(text[run_start:i])
            out.append(f"<mark>{piece}</mark>" if marked[run_start] else piece)
            run_start = i
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def _fold(ch: str) -> str:
    return comparable(ch)


# -- agency types ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def agency_type(name: str) -> str:
    """The agency code of a unit name (``南平市发展和改革委员会`` -> ``development_reform``), or
    ``(other bodies)`` for a name the agency lexicon does not know.

    >>> agency_type("市发改委"), agency_type("某某工作专班")
    ('development_reform', '(other bodies)')
    """
    from ..extract.agencies import resolve_unit

    try:
        return resolve_unit(name).agency or UNKNOWN_TYPE
    except Exception:  # noqa: BLE001 (a name the resolver chokes on is still a body)
        return UNKNOWN_TYPE


@functools.lru_cache(maxsize=1)
def _type_names() -> dict[str, str]:
    from ..extract.lexicon import agencies

    return {entry.code: entry.name for entry in agencies()}


def agency_label(code: str) -> str:
    """An agency type in both languages: the lexicon's Chinese name and the code in words."""
    if code == NONE_NAMED:
        return _t("未写明单位", "no unit named")
    if code == UNKNOWN_TYPE:
        return _t("其他单位", "other bodies")
    return _t(_type_names().get(code, code), code.replace("_", " "))


def _leaders(tasks: list[AlignedTask]) -> list[str]:
    """Who leads: the lead units of the tasks, else the responsible ones (a notice that names
    only 责任单位 makes them the leaders)."""
    lead = [name for task in tasks for name in task.lead]
    if not lead:
        lead = [name for task in tasks for name in task.responsible]
    return list(dict.fromkeys(lead))


# -- what every page is computed from ------------------------------------------------------------

@dataclass
class _Site:
    comparison: Comparison
    title: str
    items: list[ReferenceItem]
    plans: list[PlanComparison]
    plan_pages: list[str]
    item_pages: dict[str, str]
    by_item: dict[str, list[tuple[int, list[AlignedTask]]]]  # code -> [(plan index, tasks)]
    types: dict[str, Counter]  # code -> agency type -> plans led by it
    top_types: list[str]
    implementing: int
    records: list[dict]  # coverage_records(), once: every region page needs its own
    prefix: str = ""  # from the overview to the other pages
    home: str = "index.html"  # from the folder of the other pages to the overview

    @property
    def among(self) -> bool:
        return self.comparison.reference.source.get("kind") == "plans"


def _site(comparison: Comparison, title: Optional[str]) -> _Site:
    ref = comparison.reference
    items = ref.alignable
    plans = comparison.plans
    by_item: dict[str, list] = {item.code: [] for item in items}
    types: dict[str, Counter] = {item.code: Counter() for item in items}
    for index, plan in enumerate(plans):
        if not plan.implements:
            continue
        grouped: dict[str, list[AlignedTask]] = {}
        for task in plan.tasks:
            if task.reference in by_item:
                grouped.setdefault(task.reference, []).append(task)
        for code, tasks in grouped.items():
            by_item[code].append((index, tasks))
            leaders = _leaders(tasks)
            kinds = {agency_type(name) for name in leaders} or {NONE_NAMED}
            types[code].update(kinds)
    overall = Counter()
    for counter in types.values():
        overall.update(counter)
    top = [code for code, _ in overall.most_common() if code not in (NONE_NAMED, UNKNOWN_TYPE)][:TOP_AGENCY_TYPES]
    return _Site(
        comparison=comparison,
        title=title or f"{ref.source.get('title') or 'the reference'}",
        items=items, plans=plans,
        plan_pages=[f"regions/r{i + 1:04d}.html" for i in range(len(plans))],
        item_pages={item.code: f"items/i{n + 1:04d}.html" for n, item in enumerate(items)},
        by_item=by_item, types=types, top_types=top,
        implementing=sum(1 for plan in plans if plan.implements),
        records=comparison.coverage_records(),
    )


# -- page frame --------------------------------------------------------------------------------

def _page(site: _Site, heading: str, body: str, *, depth: int, page_title: str) -> str:
    home = "../" * depth + site.home if depth else ""
    nav = (f'<nav><a href="{home or "#"}"><b>policyparse</b></a>'
           f'<a href="{home}#regions">{_t("地区", "Regions")}</a>'
           f'<a href="{home}#items">{_t("参照条目", "Reference items")}</a>'
           f'<a href="{home}#leads">{_t("牵头单位", "Who leads")}</a>'
           f'<span class="grow"></span>'
           f'<button id="pp-lang" type="button"><span class="zh">English</span><span class="en">中文</span></button></nav>')
    return "".join([
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(page_title)}</title><style>{_CSS}</style></head><body>",
        nav, "<main>", heading, body, "</main>",
        f"<script>{_JS}</script></body></html>",
    ])


# Rows a long table shows at once (sorting and search still cover every row; "show all" lifts it).
ROW_LIMIT = 300


def _search(table_id: str, total: int) -> str:
    more = (f'<button type="button" id="{table_id}-more" style="display:none">{_t("显示全部", "Show all")} {total}</button>'
            if total > ROW_LIMIT else "")
    return (f'<div class="tools"><input type="search" data-filter="{table_id}" placeholder="搜索"'
            f' data-placeholder-zh="搜索（地区、文件、单位…）" data-placeholder-en="Search (region, document, agency…)">'
            f'<span class="meta" id="{table_id}-count">{total} / {total}</span>{more}</div>')


def _th(label: str, kind: str = "text") -> str:
    return f'<th data-type="{kind}"{" class=num" if kind == "num" else ""}>{label}</th>'


def _bar(share: float) -> str:
    width = max(0, min(100, round(share * 100)))
    return f'<span class="barbox"><span class="bar" style="width:{width}%"></span></span>'


def _shade(count: int, total: int) -> str:
    if not count or not total:
        return "c0"
    share = count / total
    return "c1" if share < 0.25 else "c2" if share < 0.5 else "c3" if share < 0.75 else "c4"


# -- the overview ------------------------------------------------------------------------------

def _coverage_table(site: _Site) -> str:
    among = site.among
    rows = []
    for index, (record, plan) in enumerate(zip(site.records, site.plans)):
        rows.append(
            f'<tr class="coverage-row" data-region="{_e(record["region"])}">'
            f'<td><a href="{site.prefix}{site.plan_pages[index]}">{_e(record["region"])}</a></td>'
            f'<td>{_level(plan.level)}</td><td>{_e(plan.source.get("title"))}</td>'
            f'<td class="num">{record["tasks"]}</td>'
            f'<td class="num" data-v="{record["covered_items"]}" data-covered="{record["covered_items"]}">'
            f'{record["covered_items"]} / {record["reference_items"]}</td>'
            f'<td class="num" data-v="{record["coverage"]}" data-coverage="{round(record["coverage"] * 100)}">'
            f'{_bar(record["coverage"])}{_pct(record["coverage"])}</td>'
            f'<td class="num" data-added="{record["added_tasks"]}">{record["added_tasks"]}</td>'
            + ("" if among else f'<td>{_t("是", "yes") if record["implements"] else _t("否", "no")}</td>') + "</tr>")
    head = ("<thead><tr>" + _th(_t("地区", "Region")) + _th(_t("层级", "Level")) + _th(_t("文件", "Plan"))
            + _th(_t("任务", "Tasks"), "num")
            + _th(_t("共有条目", "Common items shared") if among else _t("覆盖条目", "Items covered"), "num")
            + _th(_t("覆盖率", "Coverage"), "num")
            + _th(_t("独有任务", "Tasks no other plan shares") if among else _t("新增任务", "Added tasks"), "num")
            + ("" if among else _th(_t("落实参照文件", "Carries out the reference")))
            + "</tr></thead>")
    return (_search("regions-table", len(rows))
            + f'<div class="scroll"><table class="sortable" id="regions-table" data-limit="{ROW_LIMIT}">{head}<tbody>{"".join(rows)}</tbody></table></div>')


def _uptake(site: _Site, code: str) -> int:
    return len(site.by_item[code])


def _items_table(site: _Site) -> str:
    total = site.implementing
    ordered = sorted(site.items, key=lambda item: (-_uptake(site, item.code), item.order))
    rows = []
    for item in ordered:
        plans = _uptake(site, item.code)
        tasks = sum(len(tasks) for _, tasks in site.by_item[item.code])
        top = site.types[item.code].most_common(2)
        leads = "、".join(f"{agency_label(code)} {count}" for code, count in top) or '<span class="none">—</span>'
        reused = [t.reused_share for _, tasks in site.by_item[item.code] for t in tasks if t.reused_share is not None]
        reuse = f"{_pct(sum(reused) / len(reused))}" if reused else "—"
        share = plans / total if total else 0.0
        rows.append(
            f'<tr class="item-row" data-code="{_e(item.code)}" data-plans="{plans}">'
            f'<td class="code" data-v="{item.order}">{_e(item.code)}</td>'
            f'<td><a href="{site.prefix}{site.item_pages[item.code]}">{_e(item.title)}</a></td><td>{_e(item.part)}</td>'
            f'<td class="num" data-v="{plans}">{_bar(share)}{plans} ({_pct(share)})</td>'
            f'<td class="num">{tasks}</td><td>{leads}</td>'
            f'<td class="num" data-v="{sum(reused) / len(reused) if reused else -1}">{reuse}</td></tr>')
    head = ("<thead><tr>" + _th(_t("编号", "Code"), "num") + _th(_t("条目", "Item")) + _th(_t("部分", "Part"))
            + _th(_t("落实地区", "Regions carrying it out"), "num") + _th(_t("任务", "Tasks"), "num")
            + _th(_t("主要牵头单位类型", "Leading agency types")) + _th(_t("照搬比例", "Reused text"), "num")
            + "</tr></thead>")
    most = ordered[:5]
    least = [item for item in reversed(ordered)][:5]

    def listing(items):
        return "".join(f'<li><a href="{site.prefix}{site.item_pages[i.code]}"><span class="code">{_e(i.code)}</span> '
                       f'{_e(i.title)}</a> — {_uptake(site, i.code)}</li>' for i in items)

    return (f'<div class="cards"><div class="card"><h3>{_t("落实最多的条目", "Most taken up")}</h3>'
            f'<ol class="most">{listing(most)}</ol></div>'
            f'<div class="card"><h3>{_t("落实最少的条目", "Least taken up")}</h3><ol class="least">{listing(least)}</ol></div></div>'
            + _search("items-table", len(rows))
            + f'<table class="sortable" id="items-table">{head}<tbody>{"".join(rows)}</tbody></table>')


def _leads_table(site: _Site) -> str:
    columns = site.top_types + [UNKNOWN_TYPE, NONE_NAMED]
    rows = []
    for item in site.items:
        counter = site.types[item.code]
        plans = _uptake(site, item.code)
        cells = []
        for code in columns:
            count = counter.get(code, 0)
            cells.append(f'<td class="num {_shade(count, plans)}" data-type-code="{_e(code)}">{count or ""}</td>')
        rows.append(f'<tr data-code="{_e(item.code)}"><td><a href="{site.prefix}{site.item_pages[item.code]}">'
                    f'<span class="code">{_e(item.code)}</span> {_e(item.title)}</a></td>'
                    f'<td class="num">{plans}</td>{"".join(cells)}</tr>')
    head = ("<thead><tr>" + _th(_t("条目", "Item")) + _th(_t("落实地区", "Regions"), "num")
            + "".join(_th(agency_label(code), "num") for code in columns) + "</tr></thead>")
    return (f'<p class="meta">{_t("每格：该类单位牵头落实该条目的地区数（未写明牵头单位时计责任单位）。", "Each cell: regions where an agency of that type leads the item (the responsible units where no lead unit is named).")}</p>'
            f'<div class="scroll"><table class="sortable" id="leads-table">{head}<tbody>{"".join(rows)}</tbody></table></div>')


def _overview(site: _Site) -> str:
    comparison = site.comparison
    ref = comparison.reference
    implementing = [r["coverage"] for r in site.records if r["implements"]]
    mean = sum(implementing) / len(implementing) if implementing else 0.0
    ordered = sorted(implementing)
    median = ordered[len(ordered) // 2] if ordered else 0.0
    kind = {"outline": _t("提纲文件", "outline file"), "notice": _t("解析的文件", "parsed notice"),
            "plans": _t("各方案的共同条目", "common items of the plans")}.get(ref.source.get("kind"), _t("参照", "reference"))
    heading = (f"<h1>{_e(site.title)}</h1>"
               f'<div class="meta">{_t("参照：", "Reference: ")}{kind} {_e(ref.source.get("path") or "")}</div>'
               f'<div class="cards"><div class="card">{_t("方案", "Plans")}<b id="n-plans">{len(site.plans)}</b></div>'
               f'<div class="card">{_t("参照条目", "Reference items")}<b id="n-items">{len(site.items)}</b></div>'
               f'<div class="card">{_t("平均覆盖率", "Mean coverage")}<b>{_pct(mean)}</b></div>'
               f'<div class="card">{_t("覆盖率中位数", "Median coverage")}<b>{_pct(median)}</b></div></div>')
    body = "".join([
        f'<h2 id="regions">{_t("各地区覆盖情况", "Coverage per region")}</h2>', _coverage_table(site),
        f'<h2 id="items">{_t("各条目落实情况", "How far each item is taken up")}</h2>', _items_table(site),
        f'<h2 id="leads">{_t("各条目由哪类单位牵头", "Who leads each item, by agency type")}</h2>', _leads_table(site),
    ])
    return _page(site, heading, body, depth=0, page_title=site.title)


# -- a region ----------------------------------------------------------------------------------

def _reference_text(item: ReferenceItem) -> str:
    return "\n".join(x for x in (item.title, item.text) if x)


def _pair(task: AlignedTask, item: ReferenceItem) -> str:
    reference = _reference_text(item)
    plan_text = " ".join(x for x in (task.heading if task.heading and not task.text.startswith(task.heading) else None,
                                      task.text) if x)
    passages = task.evidence or shared_passages(plan_text, reference, 4)
    ref_html = mark_passages(item.title, passages)
    if item.text:
        ref_html += "<br>" + mark_passages(item.text, passages)
    part = f'<div class="score">{_e(item.part)}</div>' if item.part else ""
    reused = f" · {_t('照搬', 'reused')} {_pct(task.reused_share)}" if task.reused_share is not None else ""
    return (f'<div class="pair" data-code="{_e(item.code)}" data-task="{_e(task.id)}">'
            f'<div class="ref"><span class="code">{_e(item.code)}</span> {ref_html}{part}</div>'
            f'<div><span class="code">{_e(task.id)}</span> <span class="score">{_t("得分", "score")} {task.score:.2f}'
            f'{reused}</span><br>{mark_passages(plan_text, passages)}</div></div>')


def _region_page(site: _Site, index: int) -> str:
    plan = site.plans[index]
    record = site.records[index]
    item_of = {item.code: item for item in site.items}
    tasks_by_item: dict[str, list[AlignedTask]] = {}
    for task in plan.tasks:
        tasks_by_item.setdefault(task.reference, []).append(task)
    prev_link = f'<a href="r{index:04d}.html">← {_e(site.plans[index - 1].region)}</a>' if index else ""
    next_link = (f'<a href="r{index + 2:04d}.html">{_e(site.plans[index + 1].region)} →</a>'
                 if index + 1 < len(site.plans) else "")
    heading = (f'<h1 data-region="{_e(plan.region)}">{_e(plan.region)}</h1>'
               f'<div class="meta">{_e(plan.source.get("title"))} {_e(plan.source.get("doc_number") or "")}'
               f' · {_e(plan.source.get("path") or "")}</div>'
               f'<div class="cards"><div class="card">{_t("任务", "Tasks")}<b>{record["tasks"]}</b></div>'
               f'<div class="card">{_t("覆盖条目", "Items covered")}<b data-covered="{record["covered_items"]}">'
               f'{record["covered_items"]} / {record["reference_items"]}</b></div>'
               f'<div class="card">{_t("覆盖率", "Coverage")}<b>{_pct(record["coverage"])}</b></div>'
               f'<div class="card">{_t("新增任务", "Added tasks")}<b data-added="{record["added_tasks"]}">{record["added_tasks"]}</b></div></div>'
               f'<p class="meta">{prev_link} {next_link}</p>')
    if not plan.implements:
        body = (f'<p class="none">{_t("该方案不落实参照文件，其任务未逐条比较。", "This plan does not carry out the reference; its tasks are not compared item by item.")}</p>')
        return _page(site, heading, body, depth=1, page_title=plan.region)
    rows = []
    for item in site.items:
        tasks = tasks_by_item.get(item.code, [])
        leaders = _leaders(tasks)
        deadlines = list(dict.fromkeys(t.deadline for t in tasks if t.deadline))
        rows.append(
            f'<tr data-code="{_e(item.code)}" data-tasks="{len(tasks)}">'
            f'<td class="code" data-v="{item.order}"><a href="../{site.item_pages[item.code]}">{_e(item.code)}</a></td>'
            f'<td>{_e(item.title)}</td>'
            f'<td class="num">{len(tasks) or ""}</td><td>{_e("、".join(t.id for t in tasks))}</td>'
            f'<td>{_e("、".join(leaders))}</td><td>{_e("；".join(deadlines))}</td>'
            f'<td class="num" data-v="{max((t.score for t in tasks), default=-1)}">'
            f'{max((t.score for t in tasks), default=0):.2f}</td></tr>' if tasks else
            f'<tr data-code="{_e(item.code)}" data-tasks="0" class="missing">'
            f'<td class="code" data-v="{item.order}"><a href="../{site.item_pages[item.code]}">{_e(item.code)}</a></td>'
            f'<td>{_e(item.title)}</td><td class="num"></td><td class="none">{_t("未落实", "not carried out")}</td>'
            f'<td></td><td></td><td class="num" data-v="-1"></td></tr>')
    head = ("<thead><tr>" + _th(_t("编号", "Code"), "num") + _th(_t("条目", "Item")) + _th(_t("任务数", "Tasks"), "num")
            + _th(_t("任务", "Task ids")) + _th(_t("牵头单位", "Lead")) + _th(_t("时限", "Deadline"))
            + _th(_t("得分", "Score"), "num") + "</tr></thead>")
    added = [t for t in plan.tasks if t.id in set(plan.added)]
    added_rows = "".join(
        f'<tr><td class="code">{_e(t.id)}</td><td>{_e(t.heading)}</td>'
        f'<td>{_e(t.text if len(t.text) <= 200 else t.text[:190] + "…")}</td><td>{_e("、".join(t.lead or t.responsible))}</td></tr>'
        for t in added)
    pairs = "".join(_pair(task, item_of[task.reference]) for task in plan.tasks if task.reference in item_of)
    body = "".join([
        f'<h2>{_t("逐条对照", "Item by item")}</h2>', _search("region-items", len(rows)),
        f'<table class="sortable" id="region-items">{head}<tbody>{"".join(rows)}</tbody></table>',
        f'<h2 data-added="{len(added)}">{_t("新增任务（不对应任何条目）", "Added tasks (carrying out no item)")}</h2>',
        (f'<table><thead><tr><th>{_t("任务", "Task")}</th><th>{_t("标题", "Heading")}</th><th>{_t("内容", "Text")}</th>'
         f'<th>{_t("牵头单位", "Lead")}</th></tr></thead><tbody>{added_rows}</tbody></table>' if added
         else f'<p class="none">{_t("无", "none")}</p>'),
        f'<h2>{_t("任务与参照条目对照", "Each task next to the reference")}</h2>',
        f'<p class="meta">{_t("高亮：与参照文本相同的段落（至少4个字）", "Marked: passages shared with the reference text (at least 4 characters)")}</p>',
        pairs,
    ])
    return _page(site, heading, body, depth=1, page_title=plan.region)


# -- a reference item --------------------------------------------------------------------------

def _item_page(site: _Site, item: ReferenceItem) -> str:
    entries = site.by_item[item.code]
    plans = len(entries)
    total = site.implementing
    counter = site.types[item.code]
    type_rows = "".join(
        f'<tr data-type-code="{_e(code)}"><td>{agency_label(code)}</td><td class="num">{count}</td>'
        f'<td class="num">{_bar(count / plans if plans else 0)}{_pct(count / plans if plans else 0)}</td></tr>'
        for code, count in counter.most_common())
    rows = []
    for index, tasks in entries:
        plan = site.plans[index]
        support = list(dict.fromkeys(n for t in tasks for n in t.support))
        deadlines = list(dict.fromkeys(t.deadline for t in tasks if t.deadline))
        reused = [t.reused_share for t in tasks if t.reused_share is not None]
        score = max(t.score for t in tasks)
        text = tasks[0].text if len(tasks[0].text) <= 160 else tasks[0].text[:150] + "…"
        rows.append(
            f'<tr data-region="{_e(plan.region)}" data-tasks="{len(tasks)}">'
            f'<td><a href="../{site.plan_pages[index]}">{_e(plan.region)}</a></td><td>{_level(plan.level)}</td>'
            f'<td class="num">{len(tasks)}</td><td>{_e("、".join(t.id for t in tasks))}<div class="score">{_e(text)}</div></td>'
            f'<td>{_e("、".join(_leaders(tasks)))}</td><td>{_e("、".join(support))}</td><td>{_e("；".join(deadlines))}</td>'
            f'<td class="num">{score:.2f}</td>'
            f'<td class="num" data-v="{max(reused) if reused else -1}">{_pct(max(reused)) if reused else "—"}</td></tr>')
    head = ("<thead><tr>" + _th(_t("地区", "Region")) + _th(_t("层级", "Level")) + _th(_t("任务数", "Tasks"), "num")
            + _th(_t("任务", "Tasks")) + _th(_t("牵头单位", "Lead")) + _th(_t("配合单位", "Support"))
            + _th(_t("时限", "Deadline")) + _th(_t("得分", "Score"), "num") + _th(_t("照搬比例", "Reused"), "num")
            + "</tr></thead>")
    # From ``covered``: a comparison without a reference lists no plan's missing items.
    missing = [plan.region for plan in site.plans if plan.implements and item.code not in plan.covered]
    heading = (f'<h1 data-code="{_e(item.code)}"><span class="code">{_e(item.code)}</span> {_e(item.title)}</h1>'
               f'<div class="meta">{_e(item.part or "")}</div>'
               + (f'<p>{_e(item.text)}</p>' if item.text else "")
               + f'<div class="cards"><div class="card">{_t("落实地区", "Regions carrying it out")}'
               f'<b data-plans="{plans}">{plans} / {total}</b></div>'
               f'<div class="card">{_t("任务", "Tasks")}<b>{sum(len(t) for _, t in entries)}</b></div></div>')
    body = "".join([
        f'<h2>{_t("牵头单位类型", "Leading agency types")}</h2>',
        f'<table class="sortable" id="item-types"><thead><tr>{_th(_t("单位类型", "Agency type"))}'
        f'{_th(_t("地区数", "Regions"), "num")}{_th(_t("占比", "Share"), "num")}</tr></thead><tbody>{type_rows}</tbody></table>',
        f'<h2>{_t("各地区的落实任务", "Tasks of each region for this item")}</h2>', _search("item-regions", len(rows)),
        f'<div class="scroll"><table class="sortable" id="item-regions" data-limit="{ROW_LIMIT}">{head}<tbody>{"".join(rows)}</tbody></table></div>',
        f'<h2>{_t("未落实该条目的地区", "Regions without a task for this item")} ({len(missing)})</h2>',
        f'<p class="missing-regions">{_e("、".join(missing)) or _t("无", "none")}</p>',
    ])
    return _page(site, heading, body, depth=1, page_title=f"{item.code} {item.title}")


# -- entry points ------------------------------------------------------------------------------

def render_pages(comparison: Comparison, title: Optional[str] = None, *, folder: str = "") -> dict[str, str]:
    """Every page of the report: relative path (``index.html``, ``regions/r0001.html``,
    ``items/i0001.html``) -> HTML text (UTF-8, nothing external).

    folder (str): where the other pages sit relative to the overview, when the overview is
        written outside their folder (``report.html`` beside ``report/``: ``"report"``).
    """
    site = _site(comparison, title)
    if folder:
        site.prefix, site.home = folder.rstrip("/") + "/", f"../{folder.rstrip('/')}.html"
    pages = {"index.html": _overview(site)}
    for index in range(len(site.plans)):
        pages[site.plan_pages[index]] = _region_page(site, index)
    for item in site.items:
        pages[site.item_pages[item.code]] = _item_page(site, item)
    return pages


def render_html(comparison: Comparison, title: Optional[str] = None) -> str:
    """The overview page alone (``index.html`` of :func:`render_pages`)."""
    return render_pages(comparison, title)["index.html"]


def write_html(comparison: Comparison, path: Union[str, Path], title: Optional[str] = None) -> Path:
    """Write the report (``--html``) and return the path of its overview page.

    ``path`` ending in ``.html`` is the overview page, the other pages going into the folder of
    the same name without the extension (``report.html`` + ``report/``); any other ``path`` is a
    folder receiving ``index.html`` and the rest. Pages from an earlier, larger comparison that
    are not written again are removed, so no stale region page stays linked from nowhere.
    """
    path = Path(path)
    if path.suffix.lower() in (".html", ".htm"):
        index, folder = path, path.with_suffix("")
    else:
        index, folder = path / "index.html", path
    if not index.parent.exists() and index.parent != folder:
        raise UsageError("folder of the HTML report does not exist", path=str(path))
    pages = render_pages(comparison, title, folder=folder.name if index.parent == folder.parent else "")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for sub in ("regions", "items"):
            (folder / sub).mkdir(exist_ok=True)
            wanted = {Path(name).name for name in pages if name.startswith(sub + "/")}
            for old in (folder / sub).glob("*.html"):
                if old.name not in wanted:
                    old.unlink()
        for name, text in pages.items():
            target = index if name == "index.html" else folder / name
            target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the HTML report: {exc.strerror}", path=str(path)) from None
    return index
