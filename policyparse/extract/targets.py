"""Targets: measurable goals in a task (``公务员信用档案覆盖率达到100%``).

A target is an indicator (a phrase ending in a metric word of ``lexicons/extract/target_metrics.tsv``:
覆盖率, 比例, 数量 …), a verb of reaching (达到, 提高到, 不低于 …) and a number with its unit. Its
``by`` is the deadline that governs it: the deadline in the same sentence, else the task's.

>>> t = find_targets("到2020年，公务员信用档案覆盖率达到100%。")[0]
>>> (t.metric, t.value, t.unit, t.by)
('公务员信用档案覆盖率', 100.0, '%', '2020-12-31')
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from ..schema import Deadline, Span, Target
from .deadlines import BaseDate, find_deadline
from .lexicon import target_metrics

_REACH = r"(?:达到|提高到|提升到|增加到|增长到|不低于|不少于|超过|达|保持在|控制在|降低到|降至|提高至|提升至|达到或超过)"
_NUMBER = r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>%|％|个百分点|个工作日|万人|万元|亿元|万|亿|个|家|人|项|次|天|户|所|件)?"


@functools.lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    words = sorted({m.word for m in target_metrics()}, key=len, reverse=True)
    metric = "|".join(map(re.escape, words))
    return re.compile(rf"(?P<metric>[^，。；,;：:、\s]{{0,20}}?(?:{metric}))(?:要|应|必须|力争|稳定)?{_REACH}(?:以上)?{_NUMBER}(?:以上)?")


def _default_unit(metric: str) -> Optional[str]:
    for m in sorted(target_metrics(), key=lambda m: -len(m.word)):
        if metric.endswith(m.word):
            return m.unit
    return None


def find_targets(text: str, deadline: Optional[Deadline] = None, base_date: BaseDate = None,
                 offset: int = 0) -> list[Target]:
    """Targets of a task text, each with the deadline that governs it.

    deadline (Deadline): the task's deadline, used when the target's sentence has none.
    offset (int): where ``text`` starts in the normalized text, for spans.
    """
    out = []
    for m in _pattern().finditer(text):
        sentence_start = max(text.rfind(ch, 0, m.start()) for ch in "。；;") + 1
        sentence_end = min([i for i in (text.find(ch, m.end()) for ch in "。；;") if i != -1] or [len(text)])
        local = find_deadline(text[sentence_start:sentence_end], base_date)
        governing = local.deadline if local and local.deadline.end else deadline
        unit = m.group("unit") or _default_unit(m.group("metric"))
        if unit == "％":
            unit = "%"
        raw = m.group(0)
        if raw.endswith("以上") is False and text[m.end():m.end() + 2] == "以上":
            raw += "以上"
        out.append(Target(raw=raw, metric=_clean_metric(m.group("metric")), value=float(m.group("value")), unit=unit,
                          by=governing.end if governing else None,
                          span=Span(start=offset + m.start(), end=offset + m.start() + len(raw))))
    return out


_METRIC_LEAD = re.compile(r"^.*?(?:将|把|使|确保|力争|其中|实现|推动|保证|要求)(?=.{2,})")


def _clean_metric(metric: str) -> str:
    """The indicator without the verbs and dates before it.

    >>> _clean_metric("引导合作机构逐步将平均担保费率"), _clean_metric("2003年全国城市污水处理率")
    ('平均担保费率', '全国城市污水处理率')
    """
    metric = _METRIC_LEAD.sub("", metric)
    return re.sub(r"^(?:到|至)?\d{4}年(?:底|末)?", "", metric) or metric

