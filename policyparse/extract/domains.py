"""Domains: the sectors a task is specifically about, from its heading and text.

Gold domains are few (usually 0-2, GUIDE.md §2), so the rule aims at precision: a sector counts
when its own name appears (a ``strong`` word of ``lexicons/extract/domains.tsv``: 政府采购,
招标投标, 失信被执行人) or several of its typical words do, with the heading weighing more than the
body, since a task's lead phrase says what it is about (``加强政府采购领域政务诚信建设``), and a
section heading shared by many items (``营造优良投资环境``) weighs half as much as an item's own.

Words are found as words of the text, not as substrings (:func:`.nlp.domain_mentions`: jieba
segmentation in a blank spaCy ``zh`` pipeline): 农民 does not fire inside 农民工, nor 银行 inside
the lead unit 人民银行, nor 工业 inside 工业和信息化局.

>>> [t.code for t in assign_domains("完善政府采购诚信体系,加强对采购人履约验收环节信用情况的监督", "加强政府采购领域政务诚信建设")]
['procurement']
>>> assign_domains("各地区、各部门要高度重视,加强组织领导", "加强组织领导")
[]

A document about one sector lends it to every task (:func:`assign_document_sector`): a plan for
安全生产隐患排查治理 is about safety in each of its items, also in those that only say 要加强
组织领导, as the annotators of the third blind round read it.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from ..lexicons import LexiconEntry, lexicon
from ..schema import DomainTag, Task
from .lexicon import domains
from .nlp import domain_mentions


class PolicySubject(LexiconEntry):
    """A 主题分类 of the State Council policy library and the sector it names (or none)."""

    subject: str
    code: Optional[str] = None


POLICY_SUBJECTS = lexicon("extract/policy_subjects.tsv", PolicySubject)


class AgencySector(LexiconEntry):
    """The sector a sectoral body's own plans are about (生态环境厅 -> environment)."""

    agency: str
    code: str


class InternalSubject(LexiconEntry):
    """A title word naming a plan about how a body governs itself (党风廉政, 政务公开)."""

    word: str


AGENCY_SECTORS = lexicon("extract/agency_sectors.tsv", AgencySector)
INTERNAL_SUBJECTS = lexicon("extract/internal_subjects.tsv", InternalSubject)

_HEADING_PUNCT = re.compile(r"[\s。.：:；;，,]")
STRONG_IN_HEADING = 4.0
STRONG_IN_TEXT = 1.5
WEAK_IN_HEADING = 1.5
WEAK_IN_TEXT = 0.5
THRESHOLD = 3.0
SHORT_THRESHOLD = 1.5
SHORT_TEXT = 60
MAX_DOMAINS = 2
SECTION_HEADING_FACTOR = 0.5
# A page's own 主题分类 (卫生、体育\体育) says what the whole document is about. It confirms a sector
# that a task names at least once (体育 in a sports-events plan) and never brings in one the task
# does not name: the 自贸试验区 items of a 对外经贸合作 page that are about finance stay finance.
SUBJECT_WEIGHT = 1.5

_SUBJECT_LINE = re.compile(r"主题分类\s*[：:]?\s*([^\n\t]+)")


def document_subject(text: str) -> Optional[tuple[str, Optional[str]]]:
    r"""The 主题分类 a page prints (the last one in ``text``) and the sector code it maps to.

    >>> document_subject("索 引 号：000014349/2018-00175\n主题分类：卫生、体育\\体育\n发文机关：国务院办公厅")
    ('卫生、体育\\体育', 'culture_tourism')
    >>> document_subject("各区人民政府：") is None
    True
    """
    found = _SUBJECT_LINE.findall(text)
    if not found:
        return None
    printed = found[-1].strip().replace("/", "\\")
    table = {row.subject: row.code for row in POLICY_SUBJECTS()}
    parts = printed.split("\\")
    for k in range(len(parts), 0, -1):
        key = "\\".join(parts[:k])
        if key in table:
            return printed, table[key]
    return printed, None


@functools.lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    return tuple((d.code, tuple(filter(None, d.strong.split("|"))), tuple(filter(None, d.words.split("|"))))
                 for d in domains())


@functools.lru_cache(maxsize=4096)  # section headings recur across the items under them
def _present(text: str) -> frozenset[str]:
    """Every domain word the text contains as a word, outside unit names (see :mod:`.nlp`)."""
    return frozenset(m.term for m in domain_mentions(text))


def _hits(words: tuple[str, ...], present: frozenset[str]) -> list[str]:
    """Words found in text; a word inside a longer found word is not counted twice."""
    found = [w for w in words if w in present]
    if len(found) < 2:
        return found
    return [w for w in found if not any(w != o and w in o for o in found)]


# An enumeration of four or more items (对工商、税务、质监、安全生产、食品药品…等部门) names sectors in
# passing; a task is specifically about a sector when it names it outside such lists.
_ENUMERATION = re.compile(r"(?:[^、，。；,;：:（）()]{1,12}、){3,}[^、，。；,;：:（）()]{1,12}")


def _outside_enumerations(text: str) -> str:
    return _ENUMERATION.sub("、", text)


def score_domains(text: str, heading: Optional[str] = None,
                  subject: Optional[tuple[str, Optional[str]]] = None) -> list[tuple[str, float, list[str]]]:
    """Every domain with a positive score: (code, score, evidence words), best first (see
    :func:`_score_domains`; the document pass asks again for each task, so results are cached)."""
    return [(code, score, list(evidence)) for code, score, evidence in _score_domains(text, heading, subject)]


@functools.lru_cache(maxsize=4096)
def _score_domains(text: str, heading: Optional[str] = None,
                   subject: Optional[tuple[str, Optional[str]]] = None) -> tuple[tuple[str, float, tuple[str, ...]], ...]:
    """Every domain with a positive score: (code, score, evidence words), best first.

    The heading weighs most when it is the task's own lead phrase (the text starts with it); a
    section heading shared by many items (营造优良投资环境) says less about each of them.
    subject: the document's 主题分类 and its code (:func:`document_subject`), if the page prints one.
    """
    subject_code = subject[1] if subject else None
    heading = heading or ""
    own_heading = bool(heading) and text.startswith(heading)
    body = text[len(heading):] if own_heading else text
    body = _outside_enumerations(body)
    h_factor = 1.0 if own_heading else SECTION_HEADING_FACTOR
    out = []
    in_heading, in_body = _present(heading), _present(body)
    anywhere = in_heading | in_body
    bare_heading = _HEADING_PUNCT.sub("", heading) if own_heading else None
    for code, strong, weak in _table():
        if anywhere.isdisjoint(strong) and anywhere.isdisjoint(weak):
            continue  # none of the domain's words: score 0, whatever the page's subject
        strong_h, strong_t = _hits(strong, in_heading), _hits(strong, in_body)
        if bare_heading in weak:
            # 交通。研究综合交通政策… / 就业。实施积极的就业政策…: an item titled with the sector's
            # own word alone (a 工作要点 lists its work by sector) names it as a strong word does
            strong_h = strong_h + [bare_heading]
        weak_h = [w for w in _hits(weak, in_heading) if not any(w in s for s in strong_h)]
        weak_t = [w for w in _hits(weak, in_body) if not any(w in s for s in strong_t)]
        score = (h_factor * (STRONG_IN_HEADING * bool(strong_h) + WEAK_IN_HEADING * min(len(weak_h), 2))
                 + STRONG_IN_TEXT * min(len(strong_t) + sum(body.count(w) > 1 for w in strong_t), 3)
                 + WEAK_IN_TEXT * min(len(weak_t), 4))
        evidence = list(dict.fromkeys(strong_h + strong_t + weak_h + weak_t))
        if code == subject_code:
            score += SUBJECT_WEIGHT
            evidence.append(f"主题分类:{subject[0]}")
        if score > 0:
            out.append((code, score, tuple(evidence)))
    out.sort(key=lambda x: -x[1])
    return tuple(out)


def assign_domains(text: str, heading: Optional[str] = None,
                   subject: Optional[tuple[str, Optional[str]]] = None) -> list[DomainTag]:
    """Domains of a task (at most two), each with the words that triggered it.

    subject: the document's 主题分类 and its code, from :func:`document_subject`.
    """
    body = text[len(heading):] if heading and text.startswith(heading) else text
    # a short item (a table row) has room for one sector word only, and that word decides
    threshold = SHORT_THRESHOLD if len(body) < SHORT_TEXT else THRESHOLD
    scored = [s for s in score_domains(text, heading, subject) if s[1] >= threshold][:MAX_DOMAINS]
    if len(scored) == 2 and scored[1][1] < scored[0][1] / 2:
        scored = scored[:1]  # a second sector only when it is nearly as present as the first
    return [DomainTag(code=code, evidence=evidence) for code, _, evidence in scored]


# A document is about one sector when its title names the sector (a strong word: 安全生产,
# 职业教育, 中医药) and the sector holds at least this share of the lexicon's evidence over all
# its tasks. The share keeps out titles whose sector word only qualifies the subject: the tasks of
# 支持人工智能OPC发展若干措施 are about talent, finance, space and compute (人工智能 holds 13-37% of
# their evidence in the four OPC notices of corpus/heldout), those of the sector plans of the
# corpora 52-89% (安全生产隐患排查治理, 职业教育, 三级公立医院, 综合保税区, 政府网站集约化). 0.4
# lies in that gap.
DOCUMENT_SECTOR_SHARE = 0.4
# a second sector the title names, beside a first the tasks bear out (see document_sectors)
SECOND_SECTOR_SHARE = 0.05
SECTOR_SECOND_THRESHOLD = 2.0  # beside a document's sector, one strong word or a weak one in the heading


def document_sector(title: Optional[str], scored: list[list[tuple[str, float, list[str]]]]
                    ) -> Optional[tuple[str, list[str], float]]:
    """The sector a whole document is about, if any: (code, title words, share of evidence).

    title (str): the document's title.
    scored (list): :func:`score_domains` of each of its tasks.

    >>> scored = [score_domains("开展安全生产隐患排查"), score_domains("加强组织领导"), score_domains("强化安全监管")]
    >>> document_sector("关于开展安全生产隐患排查治理工作的通知", scored)
    ('safety', ['安全生产', '隐患排查'], 1.0)
    >>> document_sector("关于加强政务诚信建设的实施意见", scored) is None
    True
    """
    if not title or not scored:
        return None
    in_title = _present(title)
    mass: dict[str, float] = {}
    for task in scored:
        for code, score, _ in task:
            mass[code] = mass.get(code, 0.0) + score
    total = sum(mass.values())
    if not total:
        return None
    named = [(mass.get(code, 0.0) / total, code, [w for w in strong if w in in_title])
             for code, strong, _ in _table() if not in_title.isdisjoint(strong)]
    named = [n for n in named if n[0] >= DOCUMENT_SECTOR_SHARE]
    if not named:
        return None
    share, code, words = max(named)
    return code, words, round(share, 2)


def document_sectors(title: Optional[str], scored: list[list[tuple[str, float, list[str]]]]
                     ) -> list[tuple[str, list[str], float]]:
    """Every sector the title names and the tasks bear out (:func:`document_sector`), best first,
    at most two: 遏制煤矿重特大生产安全事故 is about mining (energy) and safety in each item."""
    first = document_sector(title, scored)
    if first is None:
        return []
    # a second sector the title names needs only some evidence in the tasks: the first already
    # shows the title names what the plan is about (重大技术装备进口税收政策: taxation and industry in
    # each article, round 10 z08; the 0.4 a first sector needs measured 0.07 there). The same
    # share keeps out a title word no task bears out.
    in_title = _present(title)
    named = [(_share(code, scored), code, [w for w in strong if w in in_title]) for code, strong, _ in _table()
             if code != first[0] and not in_title.isdisjoint(strong)]
    named = [n for n in named if n[0] >= SECOND_SECTOR_SHARE]
    if not named:
        return [first]
    share, code, words = max(named)
    return [first, (code, words, round(share, 2))]


def _share(code: str, scored: list[list[tuple[str, float, list[str]]]]) -> float:
    total = sum(score for task in scored for _, score, _ in task)
    return sum(score for task in scored for c, score, _ in task if c == code) / total if total else 0.0


# A body's own office, party group or the state's full name around its name (生态环境部办公厅,
# 中华人民共和国住房和城乡建设部, 安全生产监督管理局党组) issue for the body itself.
_ISSUING_OFFICE = re.compile(r"^中华人民共和国|(?:办公厅|办公室|党组)$")
_TWO_NAMES = re.compile(r"[（(）)]+")


@functools.lru_cache(maxsize=1)
def _agency_sectors() -> dict[str, str]:
    return {s.agency: s.code for s in AGENCY_SECTORS()}


def issuer_sectors(issuers: list[str], title: Optional[str]) -> list[tuple[str, list[str]]]:
    """The sectors of the sectoral bodies that issue a document (lexicons/extract/agency_sectors.tsv),
    as (code, issuer names), one per sector: a joint notice of two sectoral bodies
    (交通运输部办公厅 公安部办公厅 on road safety facilities) concerns both sectors in every item.
    Empty for general governments, bodies of unknown functions, more sectors than a task takes,
    and plans about the bodies' own governance (党风廉政, 政务公开).

    >>> issuer_sectors(["交通运输部办公厅", "公安部办公厅"], "关于印发公路安全设施精细化提升行动方案的通知")
    [('transport', ['交通运输部办公厅']), ('safety', ['公安部办公厅'])]
    >>> issuer_sectors(["黑龙江省生态环境厅"], "关于印发全面推行行政执法公示制度实施方案的通知")
    [('environment', ['黑龙江省生态环境厅'])]
    >>> issuer_sectors(["黑龙江省广播电视局"], "关于印发2015年党风廉政建设和反腐败工作要点的通知") == []
    True
    >>> issuer_sectors(["罗湖区科技和工业信息化局（乡村振兴和协作交流局）"], "支持人工智能OPC发展若干措施") == []
    True
    >>> issuer_sectors(["云南省人民政府办公厅"], "关于印发全面推行证明事项告知承诺制实施方案的通知") == []
    True
    >>> issuer_sectors(["黑龙江省卫生和计划生育委员会", "黑龙江省综治办", "黑龙江省公安厅"], "关于印发严重精神障碍管理治疗工作方案的通知")
    [('health', ['黑龙江省卫生和计划生育委员会'])]
    """
    if title and any(s.word in title for s in INTERNAL_SUBJECTS()):
        return []
    from .agencies import resolve_unit

    sectors = _agency_sectors()
    if len(issuers) > MAX_DOMAINS:
        # a joint notice of many bodies (十部门关于…): the first-named body drafted it (GB/T 9704-2012
        # 7.3.5.2, 主办机关名称排列在前) and the plan is about its sector; each co-signer brings a part
        issuers = issuers[:1]
    found: dict[str, list[str]] = {}
    for name in issuers:
        # a body with two names (一个机构两块牌子: 科技和工业信息化局（乡村振兴和协作交流局）) holds
        # the functions of both
        for body in filter(None, _TWO_NAMES.split(name)):
            agency = resolve_unit(_ISSUING_OFFICE.sub("", body)).agency
            if agency is None:
                return []  # a body of unknown functions may hold another sector
            found.setdefault(sectors.get(agency, ""), []).append(name)
    found.pop("", None)
    if len(found) > MAX_DOMAINS:
        return []
    return [(code, list(dict.fromkeys(names))) for code, names in found.items()]


def assign_document_sector(tasks: list[Task], title: Optional[str],
                           subject: Optional[tuple[str, Optional[str]]] = None,
                           issuers: Optional[list[str]] = None) -> Optional[str]:
    """Give the document's sector to each of its tasks, first, with its evidence; a task keeps at
    most one code of its own beside it. The sector is the one the title names and the tasks bear
    out (:func:`document_sector`), else the issuing bodies' own (:func:`issuer_sectors`).
    RETURNS (str): the sector's code, or None when the document has none.
    """
    scored = [score_domains(t.text, t.heading, subject) for t in tasks]
    lent = [(code, [f"title:{w}" for w in words] + [f"document_share:{share}"])
            for code, words, share in document_sectors(title, scored)]
    if not lent:
        lent = [(code, [f"issuer:{n}" for n in names]) for code, names in issuer_sectors(issuers or [], title)]
        if not lent:
            return None
    codes = [code for code, _ in lent]
    for task, scores in zip(tasks, scored):
        tags = [DomainTag(code=code, evidence=next((ev for c, _, ev in scores if c == code), []) + evidence)
                for code, evidence in lent]
        # the sector is taken care of: the task's own sector beside it needs only the evidence a
        # short item needs (中药材种子种苗 -> agriculture, 职称晋升 -> talent in a 中医药 plan)
        others = [DomainTag(code=c, evidence=ev) for c, score, ev in scores
                  if c not in codes and score >= SECTOR_SECOND_THRESHOLD][:MAX_DOMAINS - len(tags)]
        task.domain_evidence = tags + others
        task.domains = [t.code for t in task.domain_evidence]
    return codes[0]
