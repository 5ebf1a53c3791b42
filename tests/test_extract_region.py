"""Region and level of the issuing government, from header fields and text."""

import json
from pathlib import Path

import pytest

from policyparse.extract.region import divisions_from_doc_number, find_divisions, resolve_region

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"


@pytest.mark.parametrize("kwargs,province,city,county,level", [
    ({"issuers": ["南平市人民政府办公室"]}, "福建省", "南平市", None, "city"),
    ({"issuers": ["天津市红桥区人民政府办公室"]}, "天津市", None, "红桥区", "county"),
    ({"issuers": ["青海省人民政府"], "doc_number": "青政〔2017〕47号"}, "青海省", None, None, "province"),
    ({"doc_number": "揭府〔2018〕38号"}, "广东省", "揭阳市", None, "city"),
    ({"doc_number": "十政发〔2018〕25号", "text": "市发改委、市人社局、全市各级人民政府"}, "湖北省", "十堰市", None, "city"),
    ({"title": "太和县教育系统社会诚信体系建设实施方案"}, "安徽省", "阜阳市", "太和县", "county"),
    # zones named after their city (苏园管〔2025〕40号, 沪自贸临管委〔2026〕19号)
    ({"issuers": ["苏州工业园区管理委员会"]}, "江苏省", "苏州市", None, "city"),
    ({"issuers": ["中国（上海）自由贸易试验区临港新片区管理委员会"]}, "上海市", None, None, "province"),
    ({"issuers": ["上海市浦东新区人民政府"]}, "上海市", None, "浦东新区", "county"),
    ({"issuers": ["国务院办公厅"]}, None, None, None, "national"),
    ({"doc_number": "国办发〔2019〕6号"}, None, None, None, "national"),
    # a district the generated GB/T 2260 snapshot lacks comes from the curated supplement
    ({"issuers": ["深圳市龙华区科技创新局"]}, "广东省", "深圳市", "龙华区", "county"),
    ({"title": "关于加强政务诚信建设的实施方案",
      "text": "结合自治区实际。自治区发展改革委负责…依托“信用内蒙古”网站公示。全区各级政府。"},
     "内蒙古自治区", None, None, "province"),
])
def test_resolve_region(kwargs, province, city, county, level):
    r = resolve_region(**kwargs)
    assert (r.region.province, r.region.city, r.region.county, r.level) == (province, city, county, level)


def test_doc_number_prefix():
    assert [d.name for d in divisions_from_doc_number("红桥政办发〔2019〕13号")] == ["红桥区"]
    assert "青海省" in [d.name for d in divisions_from_doc_number("青政〔2017〕47号")]


def test_short_names_need_a_government_word():
    assert [d.name for d in find_divisions("大连市人民政府")] == ["大连市"]
    assert find_divisions("信用体系建设大连") == []


def test_gold_headers():
    """Region and level of every gold document from its gold header fields (floor: all but the
    documents whose region only the body text shows)."""
    ok = total = 0
    for path in sorted(GOLD.glob("*.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            if not (doc["issuers"] or doc["doc_number"] or doc["title"]):
                continue
            r = resolve_region(doc["issuers"], doc["title"], doc["doc_number"])
            total += 1
            ok += (r.region.model_dump(), r.level) == (doc["region"], doc["level"])
    assert total >= 8
    assert ok >= total - 2


@pytest.mark.parametrize("title", [
    "交通运输部水运局关于定期报送国际集装箱班轮公司经营情况统计信息的通知",
    "关于印发交通运输部直属机关团委2014年工作总结和2015年工作要点的通知",
])
def test_a_title_opening_with_a_central_body_is_national(title):
    # a scraped page of a ministry's notice often prints no signature: the title names the body
    assert resolve_region(title=title, text="全省各地要认真落实。").level == "national"


def test_a_common_noun_that_names_a_district_counts_only_after_its_city():
    # 中科园发〔2017〕39号 (round 8 y10): the 郊区 (suburbs) of its text are no 阳泉市郊区
    text = "支持各分园在郊区建设产业园，市和县级财政给予配套。"
    assert resolve_region(text=text).region.province is None
    assert find_divisions("阳泉市郊区人民政府")[-1].name == "郊区"
