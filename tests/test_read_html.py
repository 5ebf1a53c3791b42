"""HTML reading: visible text, blocks as lines, tables as rows, on snippets and real pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policyparse.errors import EmptyInputError
from policyparse.read import read
from policyparse.read.html import html_to_text

EXTRA = Path(__file__).resolve().parent.parent / "corpus" / "extra"

CASES = [
    # (label, markup, expected text)
    ("blocks become lines",
     "<div><p>各区人民政府：</p><p>现将《实施方案》印发给你们。</p></div>",
     "各区人民政府：\n现将《实施方案》印发给你们。"),
    ("br splits a two-line title",
     "<p><span>国务院关于在市场监管领域全面推行</span><br> <span>部门联合监管的意见</span></p>",
     "国务院关于在市场监管领域全面推行\n部门联合监管的意见"),
    ("script, style, comments dropped",
     "<style>p{color:red}</style><p>一、总体要求</p><script>alert('x')</script><!-- 注释 --><p>二、主要目标</p>",
     "一、总体要求\n二、主要目标"),
    ("hidden elements dropped",
     '<p>正文</p><div style="display: none">隐藏</div><a style="visibility:hidden">← 上一篇</a>'
     '<p hidden>也隐藏</p>',
     "正文"),
    ("entities decoded",
     "<p>&ldquo;双随机、一公开&rdquo;&nbsp;监管 &amp; 执法&#12290;</p>",
     "“双随机、一公开”\xa0监管 & 执法。"),
    ("source line break between Chinese characters is not a space",
     "<p>加快推进我区政务诚信建设，\n    进一步提升政府公信力。</p>",
     "加快推进我区政务诚信建设，进一步提升政府公信力。"),
    ("whitespace between elements stays a space",
     '<div><span class="tag">政策解读</span>\n  <span class="tag">广州</span></div>',
     "政策解读 广州"),
    ("whitespace between Latin words collapses to one space",
     "<p>One   Person\n Company</p>", "One Person Company"),
    ("data table rows joined by tabs",
     "<table><tr><th>序号</th><th>任务</th><th>牵头单位</th></tr>"
     "<tr><td>1</td><td><p>建立政务诚信档案</p></td><td><p>区发展改革委</p><p>区财政局</p></td></tr></table>",
     "序号\t任务\t牵头单位\n1\t建立政务诚信档案\t区发展改革委 区财政局"),
    ("colspan keeps columns aligned",
     "<table><tr><td>标　　题：</td><td colspan='3'>关于印发方案的通知</td></tr>"
     "<tr><td>发文字号：</td><td>国发〔2019〕5号</td><td>发布日期：</td><td>2019年02月15日</td></tr></table>",
     "标　　题：\t关于印发方案的通知\t\t\n发文字号：\t国发〔2019〕5号\t发布日期：\t2019年02月15日"),
    ("rowspan keeps columns aligned in the rows below",
     "<table><tr><td rowspan='2'>政务诚信</td><td>1</td><td>建立档案</td><td rowspan='2'>区发展改革委</td></tr>"
     "<tr><td>2</td><td>开展培训</td></tr><tr><td>社会诚信</td><td>3</td><td>信用承诺</td><td>区市场监管局</td></tr></table>",
     "政务诚信\t1\t建立档案\t区发展改革委\n\t2\t开展培训\t\n社会诚信\t3\t信用承诺\t区市场监管局"),
    ("layout table cells are blocks",
     "<table><tr><td><table><tr><td>索引号：</td><td>000014349</td></tr></table>"
     "<p>一、总体要求</p><p>坚持全面覆盖。</p></td><td>相关链接</td></tr></table>",
     "索引号：\t000014349\n一、总体要求\n坚持全面覆盖。\n相关链接"),
    ("a content cell beside a sidebar cell is layout",
     "<table><tr><td>" + "".join(f"<p>第{n}段。</p>" for n in range(1, 9)) + "</td>"
     "<td><div>相关链接</div></td></tr></table>",
     "\n".join(f"第{n}段。" for n in range(1, 9)) + "\n相关链接"),
    ("html5 elements after a leading style are read",
     "<style>.a{}</style><base target='_blank'><article><h1>通知</h1><p>正文</p></article>",
     "通知\n正文"),
    ("unclosed paragraphs",
     "<body><p>第一段<p>第二段<li>一项<li>二项</body>",
     "第一段\n第二段\n一项\n二项"),
    ("trailing padding removed, leading indentation kept",
     "<p>国务院&nbsp;&nbsp;&nbsp;</p><p>\u3000\u3000注：坐标系统</p>",
     "国务院\n\u3000\u3000注：坐标系统"),
]


@pytest.mark.parametrize("label, markup, expected", CASES, ids=[c[0] for c in CASES])
def test_html_to_text(label, markup, expected):
    assert html_to_text(markup) == expected


def test_page_without_visible_text_is_empty(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>通知</title><script>x()</script></head><body> </body></html>",
                    encoding="utf-8")
    with pytest.raises(EmptyInputError, match="blank.html"):
        read(path)


def test_html_in_a_txt_file_is_read_as_html(tmp_path):
    path = tmp_path / "scraped.txt"
    path.write_text('<div class="wrap"><p>各区人民政府：</p><p>现印发给你们。</p></div>', encoding="utf-8")
    source = read(path)
    assert source.format == "html" and source.text == "各区人民政府：\n现印发给你们。"
    assert any("extension .txt" in w for w in source.warnings)


PAGES = sorted(EXTRA.glob("*.html"))


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_every_extra_page_reads(path):
    source = read(path)
    assert source.format == "html" and source.encoding == "utf-8"
    assert source.warnings == ()
    assert not re.search(r"</?(?:p|div|span|td|tr|table|br|a|style|script)\b[^>]*>", source.text)
    assert "{" not in source.text.split("\n")[0]  # no CSS leaked in front
    # Every page holds an article: many lines and several hundred Chinese characters.
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in source.text) > 100


def test_govcn_page_metadata_table_and_article():
    lines = read(EXTRA / "govcn_001.html").text.split("\n")
    assert lines[0] == "索 引 号：\t000014349/2019-00007\t主题分类：\t市场监管、安全生产监管\\工商"
    assert "发文字号：\t国发〔2019〕5号\t发布日期：\t2019年02月15日" in lines
    title = lines.index("国务院关于在市场监管领域全面推行")
    assert lines[title + 1:title + 4] == ["部门联合“双随机、一公开”监管的意见", "国发〔2019〕5号",
                                          "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："]
    assert "三、重点任务" in lines and "（此件公开发布）" in lines


def test_govcn_attachment_table_rows():
    lines = read(EXTRA / "govcn_010.html").text.split("\n")
    header = lines.index("序号\t改革举措\t主 要 内 容\t指导部门\t推广范围")
    assert lines[header + 1] == "一、知识产权保护方面（共5项）"
    first = lines[header + 2].split("\t")
    assert first[0] == "1" and first[1] == "知识产权民事、刑事、行政案件“三合一”审判"
    assert first[-1] == "全国" and len(first) == 5


def test_city_page_keeps_chrome_and_article_in_order():
    text = read(EXTRA / "opc_003f0c8f.html").text
    lines = text.split("\n")
    assert lines[0] == "政策解读 政策原文 广州"
    assert lines[1].startswith("广州市海珠区人工智能发展局关于印发")
    assert lines.index("各有关单位：") < lines.index("第二条 【适用范围】")
    assert "施行说明：第十九条 本措施自印发之日起施行，试行一年。" in text
    assert lines[-2:] == ["返回政策原文列表", "下一篇 →"]  # 上一篇 is visibility:hidden
    assert "--bg" not in text and "svg" not in text
