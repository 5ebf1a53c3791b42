"""Comparisons of any size for the report: N plans built from the gold plans' real tasks.

The report has to stay readable at 300 plans and work at 3,000; the corpus has ten. The plans
here take the gold plans' tasks, units and deadlines (already aligned by :func:`compare` to the
reference) and give them new regions and a seeded share of each plan's tasks, so every figure
varies as real plans do while the comparison model is the one ``compare`` returns.
"""

from __future__ import annotations

import random

from policyparse.compare import Comparison, compare
from policyparse.compare.model import ComparisonItem, PlanComparison
from policyparse.schema import Region

from test_compare_gold import REFERENCE_76, gold_files, gold_result

_PROVINCES = ["河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
              "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省"]
_CITY_CHARS = "东西南北中安宁平阳山江河湖海兴昌德华新金"

_GOLD: list = []


def gold_comparison() -> Comparison:
    """The gold plans (10 documents) against the 76-item reference, computed once."""
    if not _GOLD:
        _GOLD.append(compare([gold_result(p) for p in gold_files()], reference=REFERENCE_76))
    return _GOLD[0]


def scaled_comparison(count: int, seed: int = 14, with_items: bool = True) -> Comparison:
    """``count`` plans, each a seeded variant of a gold plan under a new city name.

    with_items (bool): build the item × region table too (the report does not read it; at
        3,000 plans it is 51,000 rows).
    """
    base = gold_comparison()
    rng = random.Random(seed)
    sources = [plan for plan in base.plans if plan.implements and plan.tasks]
    plans: list[PlanComparison] = []
    used: set[str] = set()
    for n in range(count):
        template = sources[n % len(sources)]
        province = _PROVINCES[n % len(_PROVINCES)]
        while True:
            city = "".join(rng.choice(_CITY_CHARS) for _ in range(2)) + "市"
            if province + city not in used:
                break
        used.add(province + city)
        keep = [t for t in template.tasks if rng.random() < 0.85] or template.tasks[:1]
        tasks = [t.model_copy(update={"lead": [name.replace("南平市", city) for name in t.lead]}) for t in keep]
        covered = sorted({t.reference for t in tasks if t.reference and t.reference != base.reference.new_code})
        items = [i.code for i in base.reference.alignable]
        plans.append(template.model_copy(update={
            "region": province + city, "region_detail": Region(province=province, city=city), "tasks": tasks,
            "covered": covered, "missing": [c for c in items if c not in covered],
            "added": [t.id for t in tasks if t.reference in (None, base.reference.new_code)],
            "coverage": len(covered) / len(items),
            "source": dict(template.source, path=f"plans/{n:05d}.json"),
        }))
    rows = []
    for item in base.reference.alignable if with_items else []:
        for plan in plans:
            tasks = [t for t in plan.tasks if t.reference == item.code]
            rows.append(ComparisonItem(code=item.code, title=item.title, part=item.part, region=plan.region,
                                       tasks=[t.id for t in tasks], lead=[n for t in tasks for n in t.lead],
                                       support=[n for t in tasks for n in t.support],
                                       responsible=[n for t in tasks for n in t.responsible],
                                       deadlines=[t.deadline for t in tasks if t.deadline],
                                       score=max((t.score for t in tasks), default=0.0)))
    return Comparison(reference=base.reference, regions=[p.region for p in plans], plans=plans, items=rows,
                      settings=base.settings)
