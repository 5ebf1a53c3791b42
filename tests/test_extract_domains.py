"""Sector codes of tasks beyond the five tuned notices: State Council and city policy wording
(corpus/extra), and words that name a sector only in passing."""

import pytest

from policyparse.extract.domains import assign_domains

# (task text, heading, a code that must be assigned, codes that must not)
CASES = [
    ("创新金融服务产品。鼓励创新OPC创业信贷产品，支持试点OPC社区批量授信模式。支持天使投资引导基金通过直投方式投资OPC项目。",
     "创新金融服务产品", "finance", []),
    ("开放公共数据资源。依托市公共数据开放平台和授权运营平台，有序开放医疗、交通、文旅、政务等领域高质量脱敏公共数据。",
     "开放公共数据资源", "digital", []),
    ("推动保税维修。支持综合保税区内企业开展高技术含量、高附加值的航空航天、工程机械等产品的保税维修业务。",
     "推动保税维修", "trade", []),
    ("探索实施“沙盒监管”。在OPC社区内试点“沙盒监管”模式，对纳入沙盒的OPC给予1—3年观察期。",
     "探索实施“沙盒监管”", "market_regulation", []),
    ("强化金融保险支持。符合条件的OPC创业者可申请最高50万元的创业担保贷款，并享受财政贴息。",
     "强化金融保险支持", "finance", []),
    ("强化安全保障。明确集约化平台运营者与政府网站运营者的安全管理责任，政府网站在向集约化平台迁移前要进行安全评估和安全加固。",
     "强化安全保障", "open_government", []),
    # sectors named in passing: institution types, a campaign's name
    ("开展第三方政务诚信评估评价。鼓励信用服务机构、高校及科研院所等社会第三方机构建立政务诚信监督机制。",
     "开展第三方政务诚信评估评价", None, ["education"]),
    ("结合3.15国际消费者权益日、信用记录关爱日、食品药品宣传月等重要时间节点集中宣传信用政策法规。", None, None, ["health"]),
]


@pytest.mark.parametrize("text,heading,code,absent", CASES)
def test_domains(text, heading, code, absent):
    codes = [d.code for d in assign_domains(text, heading)]
    if code is not None:
        assert code in codes
    assert not set(absent) & set(codes)
