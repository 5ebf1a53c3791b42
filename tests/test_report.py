"""The HTML report at 10, 300 and 3,000 plans: pages and links, figures equal to the comparison's,
size, and the page script (sorting, search, language) run in V8 against a small DOM.

No browser is needed: ``mini-racer`` (test extra) ships V8 in its wheel. ``scripts/render_report.py``
takes real headless-Chromium screenshots of the same pages for a person to look at.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from py_mini_racer import MiniRacer

from policyparse.compare.report import _JS, CSP, render_html, render_pages, write_html

from report_data import gold_comparison, scaled_comparison


@pytest.fixture(scope="module")
def gold():
    return gold_comparison()


@pytest.fixture(scope="module")
def three_hundred():
    return scaled_comparison(300)


def _links(page: str) -> list[str]:
    tree = lxml.html.fromstring(page)
    return [a.get("href") for a in tree.iter("a") if a.get("href")]


def _check_site(root: Path, index: Path) -> int:
    """Every page parses, is self-contained, and every link lands on a page that exists."""
    pages = sorted({index, *root.rglob("*.html")})
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert f'content="{CSP}"' in text
        assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', text)
        for href in _links(text):
            target = href.split("#")[0]
            if target:
                assert (page.parent / unquote(target)).resolve().exists(), f"{page.name}: broken link {href}"
    return len(pages)


def test_the_report_is_an_overview_a_page_per_region_and_per_item(gold, tmp_path):
    index = write_html(gold, tmp_path / "report.html")
    assert index == tmp_path / "report.html"
    folder = tmp_path / "report"
    assert len(list((folder / "regions").glob("*.html"))) == len(gold.plans)
    assert len(list((folder / "items").glob("*.html"))) == len(gold.reference.alignable)
    assert _check_site(folder, index) == 1 + len(gold.plans) + len(gold.reference.alignable)
    # a sub-page's way home is the overview beside the folder
    region = (folder / "regions" / "r0001.html").read_text(encoding="utf-8")
    assert 'href="../../report.html#regions"' in region

    # written into a folder instead: index.html inside it; a smaller comparison removes stale pages
    site = tmp_path / "site"
    write_html(gold, site)
    smaller = gold.model_copy(update={"plans": gold.plans[:3]})
    write_html(smaller, site)
    assert len(list((site / "regions").glob("*.html"))) == 3
    assert _check_site(site, site / "index.html") == 1 + 3 + len(gold.reference.alignable)


def test_figures_are_the_comparisons(gold):
    pages = render_pages(gold)
    index = pages["index.html"]
    for record in gold.coverage_records():
        region = re.escape(record["region"])
        row = re.search(rf'class="coverage-row" data-region="{region}">.*?data-covered="(\d+)".*?'
                        rf'data-coverage="(\d+)".*?data-added="(\d+)"', index)
        assert tuple(map(int, row.groups())) == (record["covered_items"], round(record["coverage"] * 100),
                                                 record["added_tasks"])
    records = {(r["code"], r["region"]): r["task_count"] for r in gold.to_records()}
    implementing = {p.region for p in gold.plans if p.implements}
    # per region page, tasks per item; per item page, tasks per region: both equal the table
    seen_by_region, seen_by_item = {}, {}
    for name, page in pages.items():
        if name.startswith("regions/"):
            region = re.search(r'<h1 data-region="([^"]+)"', page).group(1)
            for code, count in re.findall(r'<tr data-code="([^"]+)" data-tasks="(\d+)"', page):
                seen_by_region[(code, region)] = int(count)
        elif name.startswith("items/"):
            code = re.search(r'<h1 data-code="([^"]+)"', page).group(1)
            for region, count in re.findall(r'<tr data-region="([^"]+)" data-tasks="(\d+)"', page):
                seen_by_item[(code, region)] = int(count)
    wanted = {key: count for key, count in records.items() if key[1] in implementing}
    assert seen_by_region == wanted
    assert seen_by_item == {key: count for key, count in wanted.items() if count}
    # most taken up first; the uptake of an item is the number of regions with a task for it
    uptake = [int(n) for n in re.findall(r'<tr class="item-row" data-code="[^"]+" data-plans="(\d+)"', index)]
    assert uptake == sorted(uptake, reverse=True) and len(uptake) == len(gold.reference.alignable)
    assert "<mark>" in "".join(pages.values())


def test_who_leads_is_counted_by_agency_type(gold):
    index = render_html(gold)
    tree = lxml.html.fromstring(index)
    table = tree.get_element_by_id("leads-table")
    heads = [th.text_content() for th in table.find("thead").iter("th")]
    assert len(heads) <= 2 + 10  # bounded: it does not grow with the number of plans
    assert any("发展和改革委员会" in h for h in heads)
    for row in table.find("tbody").iter("tr"):
        cells = row.findall("td")
        plans = int(cells[1].text_content())
        counts = [int(c.text_content() or 0) for c in cells[2:]]
        assert max(counts, default=0) <= plans and (sum(counts) >= plans)  # each region counted once per type


def test_every_label_comes_in_chinese_and_english(gold):
    pages = render_pages(gold)
    for page in (pages["index.html"], pages["regions/r0001.html"], pages["items/i0001.html"]):
        tree = lxml.html.fromstring(page)
        zh = [e.text_content() for e in tree.find_class("zh")]
        en = [e.text_content() for e in tree.find_class("en")]
        assert len(zh) == len(en) > 10
        assert all(re.search(r"[\u4e00-\u9fff]", z) or z in ("English",) for z in zh)
        assert all(not re.search(r"[\u4e00-\u9fff]", e) or e == "中文" for e in en)


def test_the_script_is_allowed_by_its_hash_and_nothing_else_is():
    digest = base64.b64encode(hashlib.sha256(_JS.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in CSP and "default-src 'none'" in CSP


def test_notice_text_is_escaped(gold):
    evil = gold.model_copy(deep=True)
    evil.plans[0].tasks[0].text = "加强公务员诚信教育。<script>alert(1)</script>"
    evil.plans[0].region = "<b>某市</b>"
    pages = render_pages(evil)
    joined = "".join(pages.values())
    assert "<script>alert" not in joined and "&lt;script&gt;alert" in joined
    assert "<b>某市</b>" not in joined
    assert all(page.count("<script>") == 1 for page in pages.values())  # only the report's own


def test_three_hundred_plans_stay_readable(three_hundred, tmp_path):
    # how long rendering and compare take at 300 plans is scripts/bench.py's to report, never a
    # timed assertion
    pages = render_pages(three_hundred)
    index = pages["index.html"]
    assert len(index.encode()) < 400_000  # was one 5.5 MB page
    assert max(len(p.encode()) for p in pages.values()) < 600_000
    assert index.count('class="coverage-row"') == 300
    tree = lxml.html.fromstring(index)
    # no table on the overview grows sideways with the number of plans
    for table in tree.iter("table"):
        assert len(table.find("thead").find("tr").findall("th")) <= 12
    write_html(three_hundred, tmp_path / "report.html")
    assert _check_site(tmp_path / "report", tmp_path / "report.html") == 1 + 300 + 17


def test_three_thousand_plans_work():
    big = scaled_comparison(3000, with_items=False)
    pages = render_pages(big)
    assert len(pages) == 1 + 3000 + 17
    assert len(pages["index.html"].encode()) < 3_000_000
    assert max(len(p.encode()) for p in pages.values()) < 4_000_000


# -- the page script in V8 -----------------------------------------------------------------------

_DOM = r"""
function Cell(text, v) { this.textContent = text; this.attrs = {}; if (v !== undefined) { this.attrs["data-v"] = v; }
  this.className = ""; this.listeners = {}; }
Cell.prototype.getAttribute = function (k) { return k in this.attrs ? this.attrs[k] : null; };
Cell.prototype.setAttribute = function (k, v) { this.attrs[k] = String(v); };
Cell.prototype.addEventListener = function (t, f) { this.listeners[t] = f; };
function Row(cells) { this.cells = cells; this.style = {display: ""}; this.attrs = {};
  this.textContent = cells.map(function (c) { return c.textContent; }).join(" "); }
Row.prototype.getAttribute = Cell.prototype.getAttribute;
function Body(rows) { this.rows = rows.slice(); }
Body.prototype.appendChild = function (row) { var i = this.rows.indexOf(row); if (i >= 0) { this.rows.splice(i, 1); }
  this.rows.push(row); };
function makeTable(id, heads, data) {
  var head = heads.map(function (h) { var c = new Cell(h[0]); if (h[1]) { c.attrs["data-type"] = h[1]; } return c; });
  var rows = data.map(function (r) { return new Row(r.map(function (x) { return Array.isArray(x) ? new Cell(x[0], x[1]) : new Cell(x); })); });
  return {id: id, tHead: {rows: [{cells: head}]}, tBodies: [new Body(rows)], attrs: {},
          getAttribute: function (k) { return k === "id" ? this.id : (k in this.attrs ? this.attrs[k] : null); }};
}
var table = makeTable("regions-table", [["地区"], ["覆盖率", "num"]],
  [["河北省北金市", ["94%", "0.94"]], ["安徽省宁阳市", ["53%", "0.53"]], ["江苏省阳北市", ["65%", "0.65"]],
   ["福建省南平市", ["100%", "1.0"]]]);
var input = new Cell(""); input.attrs["data-filter"] = "regions-table"; input.value = "";
var count = new Cell("4 / 4");
var more = new Cell("Show all"); more.style = {display: "none"};
table.attrs["data-limit"] = "2";  // a long table shows its first rows until "show all"
var button = new Cell("English");
var html = new Cell(""); html.attrs["lang"] = "zh-CN";
var doc = {documentElement: html,
  querySelectorAll: function (q) { return q === "table.sortable" ? [table] : q === "input[data-filter]" ? [input] : []; },
  getElementById: function (id) { return {"regions-table": table, "regions-table-count": count, "regions-table-more": more, "pp-lang": button}[id] || null; }};
var localStorage = {store: {}, getItem: function (k) { return this.store[k] || null; },
  setItem: function (k, v) { this.store[k] = v; }};
function firstColumn() { return table.tBodies[0].rows.map(function (r) { return r.cells[0].textContent; }); }
"""


@pytest.fixture()
def v8():
    context = MiniRacer()
    context.eval(_DOM)
    context.eval(_JS)  # defines PP on the global object; no document there, so init waits
    context.eval("PP.init(doc)")
    return context


def test_sorting_a_column(v8):
    v8.eval("table.tHead.rows[0].cells[1].listeners.click()")  # coverage, ascending, by data-v
    assert json.loads(v8.eval("JSON.stringify(firstColumn())")) == ["安徽省宁阳市", "江苏省阳北市", "河北省北金市", "福建省南平市"]
    v8.eval("table.tHead.rows[0].cells[1].listeners.click()")  # again: descending
    assert json.loads(v8.eval("JSON.stringify(firstColumn())"))[0] == "福建省南平市"
    assert "desc" in v8.eval("table.tHead.rows[0].cells[1].className")
    v8.eval("table.tHead.rows[0].cells[0].listeners.click()")  # region names: pinyin order (安 an < 福 fu < 河 he < 江 jiang)
    assert json.loads(v8.eval("JSON.stringify(firstColumn())")) == ["安徽省宁阳市", "福建省南平市", "河北省北金市", "江苏省阳北市"]
    assert "asc" not in v8.eval("table.tHead.rows[0].cells[1].className")


def _shown(v8) -> list[str]:
    return json.loads(v8.eval("JSON.stringify(table.tBodies[0].rows.filter(function (r) { return r.style.display === ''; })"
                              ".map(function (r) { return r.cells[0].textContent; }))"))


def test_a_long_table_shows_its_first_rows_until_asked(v8):
    assert len(_shown(v8)) == 2 and v8.eval("count.textContent") == "4 / 4 (2 \u25B8)"
    assert v8.eval("more.style.display") == ""
    v8.eval("table.tHead.rows[0].cells[1].listeners.click()")  # sorting keeps the limit, on the new order
    assert _shown(v8) == ["安徽省宁阳市", "江苏省阳北市"]
    v8.eval("more.listeners.click()")
    assert len(_shown(v8)) == 4 and v8.eval("more.style.display") == "none"
    assert v8.eval("count.textContent") == "4 / 4"


def test_searching_rows(v8):
    v8.eval("more.listeners.click()")
    v8.eval("input.value = '南平'; input.listeners.input()")
    assert _shown(v8) == ["福建省南平市"] and v8.eval("count.textContent") == "1 / 4"
    v8.eval("input.value = '省 市 9'; input.listeners.input()")  # every term must be found
    assert v8.eval("count.textContent") == "1 / 4"
    v8.eval("input.value = ''; input.listeners.input()")
    assert v8.eval("count.textContent") == "4 / 4"


def test_switching_the_language_and_remembering_it(v8):
    v8.eval("button.listeners.click()")
    assert v8.eval("html.getAttribute('lang')") == "en" and v8.eval("localStorage.getItem('policyparse-lang')") == "en"
    v8.eval("button.listeners.click()")
    assert v8.eval("html.getAttribute('lang')") == "zh-CN"


def test_pure_helpers(v8):
    assert v8.eval("PP.key('12 / 17', '12', 'num')") == 12
    assert v8.eval("PP.key('—', '', 'num')") == float("-inf") or v8.eval("PP.key('—', '', 'num') === -Infinity")
    assert v8.eval("PP.matches('福建省南平市 市信用办', '南平 信用办')") is True
    assert v8.eval("PP.matches('福建省南平市', '南平 发改委')") is False
