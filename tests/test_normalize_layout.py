"""rejoin_wrapped_words: spaces a PDF export left inside words, on texts that show the damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyparse.normalize import normalize
from policyparse.normalize.layout import MIN_GAPS_PER_1000, rejoin_wrapped_words, wrap_density
from policyparse.read import read

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# A page as the wild corpus prints it: the metadata line of the site, a recipients line, the
# signature, its date, the issued plan's title and its preamble on one line, wrap spaces inside
# words and numbers. Built from the layout of the provincial 农委 notices in ../shared/corpus/wild.
PARAGRAPH = ("为加强农药监督管理，保障农业生产安全、农产品质量安全和生态环境安全，各地要继续贯彻省农委关于 "
             "高毒农药定点经营的通知精神，对高毒农药定点经营工作情况进行梳理和检 查，严格按照原通知要求落实。")
DAMAGED = (
    "关于印发农药专项整治行动实施方案的通知 发文机构：黑龙江省农业农村厅 发布时间：2016-05-19 "
    "关键字：高毒农药;禁用农药 各市（地）、县（市、区）农委（农业局）： 现将《 2016 年农药专项整 治行动实施方案》"
    "印发给你们。\n黑龙江省农业委员会 2016 年 5 月 14 日 2016 年黑龙江省农药专项 整治行动实施方案 "
    "为加强农药监督管理，制定本方 案。\n一、 指导思想 深入贯彻中央农村工作会议精神。\n"
    "二、主要任务 （一）加大禁限用农药整治力度。\n" + "\n".join([PARAGRAPH] * 6))


def _lines(text: str) -> list[str]:
    return normalize(text).text.splitlines()


def test_damaged_text_is_rejoined_inside_words_and_dates():
    lines = _lines(DAMAGED)
    assert "《2016年农药专项整治行动实施方案》" in lines[0]
    assert "检查" in lines[-1] and "检 查" not in lines[-1]


def test_structural_spaces_are_kept():
    first, signature, guiding, tasks = _lines(DAMAGED)[:4]
    assert "的通知 发文机构：" in first and " 发布时间：" in first  # metadata fields
    assert "禁用农药 各市（地）" in first  # the keyword list ends
    assert "黑龙江省农业委员会 2016年5月14日 2016年黑龙江省" in signature  # signature | date | title
    assert "实施方案 为加强" in signature  # title | preamble
    assert guiding.startswith("一、指导思想 深入")  # marker rejoined, heading end kept
    assert tasks == "二、主要任务 （一）加大禁限用农药整治力度。"  # an item follows


def test_every_deletion_is_an_explained_edit():
    result = normalize(DAMAGED)
    wraps = [e for e in result.edits if e.rule == "rejoin_wrapped_words"]
    assert wraps and all(e.after == "" and e.before.strip() == "" for e in wraps)
    assert all(result.raw[e.raw_start:e.raw_end] == e.before for e in wraps)


@pytest.mark.parametrize("path", sorted((CORPUS / "raw").glob("*")) + sorted((CORPUS / "extra").glob("*.html")),
                         ids=lambda p: p.name)
def test_clean_pages_are_left_alone(path):
    text = read(path).text
    assert rejoin_wrapped_words(text) == []
    density = wrap_density(text)
    assert density is None or density < MIN_GAPS_PER_1000


def test_justified_lines_a_character_or_two_wider_than_most_are_joined_too():
    # 云南 .wps notices saved as fixed-width text (round 7 y01): most lines 55 characters, a line
    # whose punctuation the justification squeezed holds 56 or 57, and it still stops mid-sentence
    full = "加强重点工程和重大设备质量安全监管围绕路网航空网能源保障网水网互联网五网建设进一步加强勘察设计质量监"
    wider = "管和工程施工监理，夯实工程质量安全管理基础。进一步强化对保障性安居工程、公共建筑和房地产项目的日常监督监"
    assert (len(full), len(wider)) == (50, 52)
    out = normalize("\n".join([full] * 9 + [wider, "管，提升工程质量水平。"]), {"normalize_punctuation": False}).text
    assert "日常监督监管，提升" in out and "\n" not in out
    # a line far wider than the page is no wrapped line of it
    far = wider + "并且延伸到页边之外"
    out = normalize("\n".join([full] * 9 + [far, "管，提升工程质量水平。"]), {"normalize_punctuation": False}).text
    assert "之外\n管" in out


def test_a_site_metadata_field_never_runs_on_into_the_title_below_it():
    # 云南 .wps pages (round 7 y02): the site's 关键字 line and the title above a hard-wrapped notice
    # happen to be as wide as its lines (51 characters here); each stays a line of its own
    body = "多年来我省认真贯彻落实党中央国务院关于促进房地产业持续健康发展的各项政策措施住房保障工作取得明显进展城"
    title = "云南省人民政府贯彻国务院关于解决城市低收入家庭住房困难若干意见的实施意见"
    keywords = ("关键字：" + "土地供给；建设用地；居住水平；" * 4)[:50] + "房"
    assert len(body) == len(keywords) == 51 and "；" in keywords
    text = "\n".join(["发文机构：云南省人民政府办公厅", keywords, title, "云政发〔2007〕183号"] + [body] * 9)
    lines = normalize(text).text.split("\n")
    assert lines[1].endswith("房") and lines[2] == title
