"""Canonical agencies: one code per function across levels, regions and renamings."""

import pytest

from policyparse.extract.agencies import fold_name, lookup_body, resolve_unit
from policyparse.extract.lexicon import agencies
from policyparse.schema import Region

NANPING = Region(province="福建省", city="南平市")
QINGHAI = Region(province="青海省")
HONGQIAO = Region(province="天津市", county="红桥区")

# (name, document region, document level, agency, level)
CASES = [
    ("市发改委", NANPING, "city", "development_reform", "city"),
    ("市发展改革委", NANPING, "city", "development_reform", "city"),
    ("市发展改革局", NANPING, "city", "development_reform", "city"),
    ("区发展改革委", HONGQIAO, "county", "development_reform", "county"),
    ("省发展改革委", QINGHAI, "province", "development_reform", "province"),
    ("国家发展改革委", None, "national", "development_reform", "national"),
    ("市人社局", NANPING, "city", "human_resources", "city"),
    ("市人力资源社会保障局", NANPING, "city", "human_resources", "city"),
    ("省人力资源社会保障厅", QINGHAI, "province", "human_resources", "province"),
    ("市信用办", NANPING, "city", "social_credit_office", "city"),
    ("人行揭阳中心支行", None, "city", "central_bank", "city"),
    ("人民银行西宁中心支行", QINGHAI, "province", "central_bank", "city"),
    ("中国人民银行泰安市分行", None, "city", "central_bank", "city"),
    ("人行湖北省分行", None, "province", "central_bank", "province"),
    ("市人行", None, "city", "central_bank", "city"),
    ("大连银监局", None, "city", "financial_regulation", "city"),
    ("湖北金融监管局", None, "province", "financial_regulation", "province"),
    ("宣城出入境检验检疫局", None, "city", "customs", "city"),
    ("大连海关", None, "city", "customs", "city"),
    ("市委组织部", NANPING, "city", "party_organization", "city"),
    ("自治区党委组织部", Region(province="内蒙古自治区"), "province", "party_organization", "province"),
    ("市委宣传部", NANPING, "city", "party_propaganda", "city"),
    ("市委政法委", NANPING, "city", "party_political_legal", "city"),
    ("市法院", NANPING, "city", "court", "city"),
    ("市中级人民法院", NANPING, "city", "court", "city"),
    ("市检察院", NANPING, "city", "procuratorate", "city"),
    ("市政府法制办", NANPING, "city", "justice", "city"),
    ("市工商局", NANPING, "city", "market_regulation", "city"),
    ("市食药监局", NANPING, "city", "market_regulation", "city"),
    ("市国税局", NANPING, "city", "taxation", "city"),
    ("团市委", NANPING, "city", "youth_league", "city"),
    ("市总工会机关", NANPING, "city", "labor_union", "city"),
    ("武夷新区管委会", NANPING, "city", "development_zone", "city"),
    ("商务部", None, "national", "commerce", "national"),
    ("海关总署", None, "national", "customs", "national"),
    ("科技厅", Region(province="四川省"), "province", "science_technology", "province"),
    ("各市州政府", QINGHAI, "province", "local_government", "city"),
    ("各县〈市、区〉人民政府〈管委会〉", None, "city", "local_government", "county"),
    # sub-units take their parent's agency; a vertical body names its region after the parent
    ("市公安局交警支队", NANPING, "city", "public_security", "city"),
    ("国家税务总局温州市税务局", None, "city", "taxation", "city"),
    # bodies of several levels and bodies printed with a second name
    ("市、县(区)信用管理部门", NANPING, "city", "social_credit_office", "city"),
    ("市委组织部（市委人才办）", NANPING, "city", "party_organization", "city"),
    ("市场监管总局", None, "city", "market_regulation", "national"),
    ("市市场监管局", NANPING, "city", "market_regulation", "city"),
    ("区委", HONGQIAO, "county", "party_committee", "county"),
    ("省级人民政府", None, "national", "local_government", "province"),
    # a State Council notice prints central bodies without 国家/prefix (国发〔2018〕38号, 国办发 lists)
    ("发展改革委", None, "national", "development_reform", "national"),
    ("税务总局", None, "national", "taxation", "national"),
    ("银保监会", None, "national", "financial_regulation", "national"),
    ("人民银行", None, "national", "central_bank", "national"),
    ("外汇局", None, "national", "foreign_exchange", "national"),
    ("粮食和储备局", None, "national", "grain_reserves", "national"),
    # a division named alone in a clause stands for its government (责任单位：科技厅、成都市、…, opc_93acc99e)
    ("成都市", Region(province="四川省"), "province", "local_government", "city"),
    ("红桥区", HONGQIAO, "county", "local_government", "county"),
    # collectives that name places stand for their governments; one function at several levels
    ("各地区", None, "national", "local_government", None),
    ("试点地区", None, "national", "local_government", None),
    ("各区、县（市）科技局", Region(province="浙江省", city="杭州市"), "city", "science_technology", "county"),
    # the railway operator is a state enterprise, not the 国家铁路局 regulator
    ("中国铁路总公司", None, "national", "railway_group", "national"),
]


@pytest.mark.parametrize("name,region,doc_level,agency,level", CASES)
def test_agency_and_level(name, region, doc_level, agency, level):
    unit = resolve_unit(name, region, doc_level)
    assert (unit.agency, unit.level) == (agency, level)
    assert unit.name == name


def test_canonical_full_names():
    assert resolve_unit("市发改委", NANPING, "city").canonical == "南平市发展和改革委员会"
    assert resolve_unit("区发展改革委", HONGQIAO, "county").canonical == "红桥区发展和改革委员会"
    assert resolve_unit("省公安厅", QINGHAI, "province").canonical == "青海省公安厅"
    assert resolve_unit("市委组织部", NANPING, "city").canonical == "南平市委组织部"
    assert resolve_unit("商务部", None, "national").canonical == "商务部"


@pytest.mark.parametrize("name", ["各有关部门", "市直有关单位", "项目行业主管部门", "市绩效考评小组xyz"])
def test_unknown_units_are_kept(name):
    unit = resolve_unit(name, NANPING, "city")
    assert unit.name == name
    assert unit.agency is None


def test_every_alias_maps_to_one_agency():
    seen = {}
    for entry in agencies():
        assert entry.source.strip()
        for alias in filter(None, entry.aliases.split("|")):
            assert seen.setdefault(alias, entry.code) == entry.code, alias
            assert lookup_body(alias).code == entry.code


def test_fold_name():
    assert fold_name("各县〈市、区〉人民政府") == fold_name("各县（市、区）人民政府") == "各县(市、区)人民政府"


def test_one_agency_across_its_printed_names_with_the_level():
    """Issue 11: 市发改委 ↔ 市发展改革委 ↔ 发展和改革委员会, and the scraped notices' abbreviations."""
    from policyparse.extract.agencies import resolve_unit
    from policyparse.schema import Region

    nanping = Region(province="福建省", city="南平市")
    for name in ("市发改委", "市发展改革委", "市发展和改革委员会", "南平市发展和改革委员会"):
        u = resolve_unit(name, nanping, "city")
        assert (u.agency, u.level, u.canonical) == ("development_reform", "city", "南平市发展和改革委员会"), name
    assert resolve_unit("发展和改革委员会", nanping, "city").level == "city"  # the document's own level
    for name, agency in (("市质量技监局", "market_regulation"), ("市经济信息化委", "industry_it"), ("市经委", "industry_it"),
                         ("市绿化市容局", "urban_management"), ("区医疗保险经办机构", "medical_security"),
                         ("省卫生行政管理部门", "health"), ("县级交通运输主管部门", "transport")):
        assert resolve_unit(name, nanping, "city").agency == agency, name


def test_a_municipality_names_its_bodies_at_province_level():
    """上海市 is a 直辖市: its 市人社局 is a province-level body named like a city's (…局, not …厅)."""
    from policyparse.extract.agencies import resolve_unit
    from policyparse.schema import Region

    u = resolve_unit("市人社局", Region(province="上海市"), "province")
    assert (u.level, u.canonical) == ("province", "上海市人力资源和社会保障局")
    assert resolve_unit("区人力社保局", Region(province="上海市"), "province").level == "county"


def test_has_agency_turns_away_only_names_without_one():
    """``has_agency`` filters by the name's last character before resolving: every name that
    resolves to an agency must pass the filter, and garbage around the names must agree too."""
    from policyparse.extract.agencies import has_agency

    names = {n for case in CASES for n in case[:1]}
    for entry in agencies():
        for alias in [entry.name, *filter(None, entry.aliases.split("|"))]:
            names |= {alias, "省" + alias, "市" + alias, "县" + alias, "中共" + alias, "国家" + alias,
                      alias + "机关", alias + "（" + alias + "）", "各" + alias, alias + "要", "加强" + alias}
    names |= {"各地区", "试点城市", "有关市州人民政府", "成都市", "太和县", "人行揭阳中心支行", "市政府法制办",
              "卫生健康部门", "武夷新区管委会", "公安局交警支队", "市绩效管理部门x", "加强组织领导", "要求", ""}
    for name in names:
        assert has_agency(name) == (resolve_unit(name).agency is not None), name
