"""Targets: the quantified outcomes a task commits to (GUIDE.md §2 ``targets``).

A notice prints many numbers and commits to few of them. ``新增城市公园35座以上、绿道100公里``
and ``到2025年，新增就业10万人以上`` are targets; ``给予最高50万元补贴`` (a subsidy),
``年营业收入500万元以上的企业`` (a threshold of eligibility), ``全省已建成6个社区`` (a fact) and
``7个工作日内`` (a time limit) are not. One parser reads the grammar of
``lexicons/extract/target_grammar.tsv``:

1. *Quantities*: a number (Arabic, Chinese ``三十五``, mixed ``1.5万``, a fraction ``三分之一``,
   a range ``1—2``) with an optional multiplier and a unit from the lexicon, and the comparators
   around it (``不少于 … 以上``); fixed expressions (``翻一番``) too. See :func:`find_quantities`.
2. *Pieces*: a sentence splits at ``，；：``; a clause splits at ``、`` where each side holds its own
   quantity (``新增城市公园35座以上、绿道100公里`` gives two targets). See :func:`pieces`.
3. *Evidence*: every quantity is scored by the words around it — commitment verbs (新增, 建成,
   培育), reach verbs (达到, 提高到), comparators, indicator words (覆盖率, 数量), goal words and
   dated deadlines in the sentence (力争, 每年, 到2025年) for it; subsidy, penalty, fact, forecast
   and condition cues (给予, 最高, 罚款, 已, 预计, 对…的) against it. The best quantity of a piece
   with a score of at least :data:`THRESHOLD` is a target, and it keeps its score and evidence.

``by`` is the date the target is due: a deadline in the same sentence, else the task's.

>>> [(t.raw, t.value, t.unit, t.comparator, t.by) for t in find_targets("到2025年，新增城市公园35座以上、绿道100公里。")]
[('新增城市公园35座以上', 35.0, '座', 'ge', '2025-12-31'), ('绿道100公里', 100.0, '公里', None, '2025-12-31')]
>>> find_targets("对年营业收入500万元以上的企业，给予最高50万元补贴。")
[]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from ..lexicons import LexiconEntry, lexicon
from ..schema import Deadline, Span, Target
from ..segment.patterns import LEVEL_CHARS, split_top_level
from .deadlines import BaseDate, find_deadline
from .lexicon import target_metrics
from .nlp import words

THRESHOLD = 1.5  # a commitment verb (2) alone, or a reach verb with a comparator or an indicator
MONEY_PRIOR = -1.0  # amounts are mostly subsidies, fund sizes and thresholds; goals in money need a verb
DIMENSION_PRIOR = {"duration": -2.5, "age": -4.0, "score": -3.0}  # time limits, ages, grades


class GrammarRow(LexiconEntry):
    """A row of ``lexicons/extract/target_grammar.tsv`` (its header comment lists the kinds)."""

    kind: str
    word: str
    value: Optional[str] = None
    weight: Optional[float] = None


GRAMMAR = lexicon("extract/target_grammar.tsv", GrammarRow)


@dataclass(frozen=True)
class Grammar:
    """The rows of the grammar by kind, with their compiled alternations."""

    units: dict[str, str]
    multipliers: dict[str, float]
    prefix: dict[str, tuple[str, float]]
    suffix: dict[str, tuple[str, float]]
    reach: dict[str, float]
    commit: dict[str, float]
    goal: dict[str, float]
    per_year: tuple[str, ...]
    non_target: tuple[tuple[str, str, float], ...]  # (word, where, weight): 的 counts in two places
    fixed: dict[str, tuple[float, float]]
    coverage: dict[str, tuple[float, float]]
    work_after: dict[str, float]
    distributive: tuple[str, ...]
    shared_tail: tuple[str, ...]
    goal_after: dict[str, float]
    lead: tuple[str, ...]
    level: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def grammar() -> Grammar:
    rows = GRAMMAR()

    def of(kind):
        return [r for r in rows if r.kind == kind]

    return Grammar(
        units={r.word: r.value or "count" for r in of("unit")},
        multipliers={r.word: float(r.value) for r in of("multiplier")},
        prefix={r.word: (r.value, r.weight or 0.0) for r in of("comparator_prefix")},
        suffix={r.word: (r.value, r.weight or 0.0) for r in of("comparator_suffix")},
        reach={r.word: r.weight or 0.0 for r in of("reach")},
        commit={r.word: r.weight or 0.0 for r in of("commit")},
        goal={r.word: r.weight or 0.0 for r in of("goal")},
        per_year=tuple(r.word for r in of("per_year")),
        non_target=tuple((r.word, r.value, r.weight or 0.0) for r in of("non_target")),
        fixed={r.word: (float(r.value), r.weight or 0.0) for r in of("fixed")},
        coverage={r.word: (float(r.value), r.weight or 0.0) for r in of("coverage")},
        work_after={r.word: r.weight or 0.0 for r in of("work_after")},
        distributive=tuple(r.word for r in of("distributive")),
        shared_tail=tuple(r.word for r in of("shared_tail")),
        goal_after={r.word: r.weight or 0.0 for r in of("goal_after")},
        lead=tuple(sorted((r.word for r in of("lead")), key=len, reverse=True)),
        level=tuple(r.word for r in of("level")),
    )


def _alt(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


_AR = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
_CN = r"[零〇一二两三四五六七八九十百千]+"
_RANGE_SEP = r"[—–\-~～－至到]{1,2}"


@functools.lru_cache(maxsize=1)
def _quantity_regex() -> re.Pattern:
    g = grammar()
    num = rf"(?:{_AR}|{_CN}(?:分之{_CN})?|百分之{_CN}|{_AR}分之{_AR})"
    return re.compile(
        rf"(?P<pre>{_alt(g.prefix)})?\s*"
        rf"(?P<num>{num})(?:\s*{_RANGE_SEP}\s*(?P<num2>{num}))?\s*"
        # 420亿千瓦时: 千 is a multiplier and the first character of 千瓦时; the multipliers give way
        # to the unit, so the unit and its multiplier are one optional group
        rf"(?:(?P<mult>(?:{_alt(g.multipliers)}){{0,2}})\s*(?P<unit>{_alt(g.units)}))?"
        rf"(?P<post>{_alt(g.suffix)})?")


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}


def parse_number(text: str) -> Optional[float]:
    """The value of a numeral as notices print it: Arabic (full-width too), Chinese, fractions.

    >>> [parse_number(s) for s in ("35", "３．２", "1,200", "三十五", "一百二十", "两千", "十", "二〇二五")]
    [35.0, 3.2, 1200.0, 35.0, 120.0, 2000.0, 10.0, 2025.0]
    >>> [round(parse_number(s), 2) for s in ("三分之一", "百分之三十")]
    [33.33, 30.0]
    """
    text = text.strip().translate(_FULL_WIDTH).replace(",", "")
    if not text:
        return None
    if text.startswith("百分之"):
        return parse_number(text[3:])
    if "分之" in text:  # 三分之一: a share, given in per cent
        den, _, num = text.partition("分之")
        d, n = parse_number(den), parse_number(num)
        return 100.0 * n / d if d and n is not None else None
    try:
        return float(text)
    except ValueError:
        pass
    if any(ch not in _CN_DIGIT and ch not in _CN_SMALL for ch in text):
        return None
    if not any(ch in _CN_SMALL for ch in text):  # 二〇二五: digit by digit
        return float("".join(str(_CN_DIGIT[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:
            total += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
    return float(total + (digit or 0))


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and comparators, at ``[start, end)`` of the text it was found in."""

    start: int
    end: int
    value: float
    unit: Optional[str]
    dimension: Optional[str]
    value_max: Optional[float] = None
    comparator: Optional[str] = None
    comparator_weight: float = 0.0
    fixed_weight: float = 0.0
    base: Optional[str] = None  # 不少于本单位执法人员总数的5%: the whole the share is of


_YEAR_UNIT = re.compile(r"(?:1[89]|20)\d\d$")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of ``text``: numbers with a unit (or a per cent), and fixed expressions.

    Years (``2025年``), ordinals (``第3``), slogans and titles in quotes (``“三个代表”``) and the
    indefinite 一 of ``一批``/``一支`` are not quantities.

    >>> [(q.value, q.value_max, q.unit, q.comparator) for q in find_quantities("重点打造1—2个社区，引进1万名左右人才，力争翻一番")]
    [(1.0, 2.0, '个', None), (1.0, None, '万名', 'approx'), (2.0, None, '倍', None)]
    """
    g = grammar()
    out: list[Quantity] = []
    quoted = _quoted_spans(text)
    for m in _quantity_regex().finditer(text):
        num = m.group("num")
        share = "分之" in num and not m.group("unit")  # 三分之一, 百分之三十: a share, in per cent
        unit = "%" if share else (m.group("mult") or "") + (m.group("unit") or "")
        if not (m.group("unit") or share) or any(a <= m.start("num") < b for a, b in quoted):
            continue
        value = parse_number(num)
        if value is None:
            continue
        if m.group("unit") == "年" and _YEAR_UNIT.match(num.translate(_FULL_WIDTH)) and not m.group("mult"):
            continue  # 2025年 is a date
        if num == "一" and not m.group("num2") and not m.group("mult") and not m.group("pre"):
            continue  # 一批, 一支队伍, 一个平台: an article, not an amount
        if text[max(0, m.start("num") - 1):m.start("num")] in ("第", "前", "后"):
            continue  # 第3, 前5名: ranks, not amounts
        comparator, weight = None, 0.0
        if m.group("pre"):
            comparator, weight = g.prefix[m.group("pre")]
        if m.group("post"):
            post = g.suffix[m.group("post")]
            comparator, weight = post[0] if comparator is None or comparator == "approx" else comparator, \
                max(weight, post[1])
        start = m.start("pre") if m.group("pre") else m.start("num")
        dimension = "percent" if share else g.units[m.group("unit")]
        base = None
        if dimension == "percent" and not m.group("pre"):
            # 不少于本单位执法人员总数的5%, 不低于职工工资总额的1.5%: the comparator bounds a share of a
            # whole that stands between it and the number
            bm = _share_of_base_regex().search(text, max(0, start - 30), start)
            if bm:
                pre = g.prefix[bm.group("pre")]
                comparator, weight, base = pre[0], max(weight, pre[1]), bm.group("base")
        out.append(Quantity(
            start=start, end=m.end(), value=value, unit=unit, dimension=dimension,
            value_max=parse_number(m.group("num2")) if m.group("num2") else None,
            comparator=comparator, comparator_weight=weight, base=base))
    for word, (value, weight), pattern in _fixed_words():
        for m in pattern.finditer(text):
            # 实现全覆盖。 / 收入翻一番， state an outcome; before a noun (全覆盖检查, 全覆盖、分层次的
            # 课程体系) the same words describe a way of working. Coverage words (全部纳入, 实现全部)
            # state that a whole set reaches a state wherever they stand in the clause.
            if word in g.fixed and m.end() < len(text) and text[m.end()] not in _SENTENCE_END + _CLAUSE_END:
                continue
            if not any(q.start <= m.start() < q.end for q in out):
                unit = "%" if value == 100 else "倍"
                out.append(Quantity(start=m.start(), end=m.end(), value=value, unit=unit,
                                    dimension="percent" if unit == "%" else "times", fixed_weight=weight))
    out.sort(key=lambda q: q.start)
    return out


@functools.lru_cache(maxsize=1)
def _fixed_words() -> tuple[tuple[str, tuple[float, float], re.Pattern], ...]:
    """The fixed and coverage expressions (翻一番, 全覆盖, 全部纳入) with their patterns, compiled once."""
    g = grammar()
    return tuple((word, reading, re.compile(re.escape(word))) for word, reading in {**g.fixed, **g.coverage}.items())


@functools.lru_cache(maxsize=1)
def _share_of_base_regex() -> re.Pattern:
    """A comparator, then the whole a share is taken of, ending with 的 right before the number."""
    return re.compile(rf"(?P<pre>{_alt(grammar().prefix)})(?P<base>[^，,。；;：:、\n]{{1,20}})的\s*$")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside “…” and 《…》: slogans (“两个毫不动摇”) and titles name things, not amounts."""
    spans = []
    for m in re.finditer(r"“[^”]{0,20}”|\"[^\"]{0,20}\"|「[^」]{0,20}」|《[^》]*》|〔[^〕]*〕", text):
        spans.append((m.start(), m.end()))
    return spans


@dataclass
class Piece:
    """A stretch of a sentence that holds at most one target, and the clause it belongs to."""

    start: int
    end: int
    clause_start: int
    sentence: tuple[int, int]
    quantities: list[Quantity] = field(default_factory=list)
    parallel: bool = False  # 稳定在6287万亩、1930万吨以上: values of one phrase, one target each


_SENTENCE_END = "。；;！？!?\n"
_CLAUSE_END = "，,：:"
_ANY_END = re.compile("[" + re.escape(_SENTENCE_END + _CLAUSE_END) + "]")


def pieces(text: str, quantities: list[Quantity]) -> list[Piece]:
    """Sentences split into clauses, and clauses at top-level ``、`` between quantities.

    A part of a list with no quantity of its own belongs to the next part (``无接头纱、无梭布比重
    提高到70%``), or to the previous one when it ends the clause (``1万名左右具有博士、硕士学位的
    人才``).
    """
    out: list[Piece] = []
    sentence_start = 0
    for sentence_end in [i for i, ch in enumerate(text) if ch in _SENTENCE_END] + [len(text)]:
        clause_start = sentence_start
        for clause_end in [i for i in range(sentence_start, sentence_end) if text[i] in _CLAUSE_END] + [sentence_end]:
            qs = [q for q in quantities if clause_start <= q.start < clause_end]
            if qs:
                out.extend(_split_list(text, clause_start, clause_end, qs, (sentence_start, sentence_end)))
            clause_start = clause_end + 1
        sentence_start = sentence_end + 1
    return out


_STARTS_NUMBER = re.compile(r"\s*[0-9０-９]")


def _split_list(text: str, start: int, end: int, qs: list[Quantity], sentence) -> list[Piece]:
    depth, cuts = 0, []
    for i in range(start, end):
        ch = text[i]
        depth += ch in "（(《“〔[" and 1 or 0
        depth -= ch in "）)》”〕]" and 1 or 0
        if ch == "、" and text[i - 1:i] in LEVEL_CHARS and text[i + 1:i + 2] in LEVEL_CHARS:
            continue  # 30万人口以上县、市至少有1所…: levels listed (县、市、区) name one set, no list of targets
        if depth <= 0 and (ch == "、" or (ch in "和及" and _STARTS_NUMBER.match(text, i + 1))):
            cuts.append(i)  # 建设50所学校和150个专业: 和 before a number joins two targets
    parts, s = [], start
    for c in cuts + [end]:
        parts.append((s, c))
        s = c + 1
    out: list[Piece] = []
    pending = None
    for a, b in parts:
        own = [q for q in qs if a <= q.start < b]
        if own and pending is None and out and not text[out[-1].quantities[-1].end:a - 1].strip() \
                and not text[a:own[0].start].strip():
            # 粮食播种面积、产量稳定在6287万亩、1930万吨以上; 完成3811户、7687人的搬迁任务: the values
            # stand side by side and share the words around them, so the phrase is one piece
            out[-1].end, out[-1].parallel = b, True
            out[-1].quantities.extend(own)
            continue
        a = pending if pending is not None else a
        if not own:
            pending = a
            continue
        out.append(Piece(a, b, start, sentence, own))
        pending = None
    if pending is not None and out:
        out[-1].end = end
    if len(out) > 1 and not out[-1].parallel:
        # 遴选2所高等职业院校、2所中等职业学校围绕2—3个特色骨干专业进行综合改革: what follows the
        # last item of a list is said of every item, so it is no part of the last one's text
        last = out[-1]
        tail = text[last.quantities[0].end:last.end]
        cut = min((k for k in (tail.find(w) for w in grammar().shared_tail) if k > 0), default=None)
        if cut is not None:
            last.end = last.quantities[0].end + cut
            last.quantities[:] = [q for q in last.quantities if q.start < last.end]
    return out


def score_quantity(text: str, piece: Piece, q: Quantity, dated: Optional[str]) -> tuple[float, list[str]]:
    """The evidence that ``q`` is an outcome its task commits to, and the summed score.

    dated (str): the raw deadline printed in the quantity's sentence, if any (到2025年).
    """
    scored = _QuantityEvidence(text, piece, q)
    scored.read_verbs()
    scored.read_own_form()
    level = scored.read_noun_after()
    scored.read_goal(dated)
    scored.read_non_target(level)
    scored.read_priors()
    evidence = scored.evidence
    return sum(w for _, w in evidence), [e for e, _ in evidence]


class _QuantityEvidence:
    """The evidence on one quantity of a piece, as (name, weight) in the order it is read: the verb
    before it, its own form, the noun after it, the goal of its sentence, the words that make it
    no target, and the prior of its dimension."""

    def __init__(self, text: str, piece: Piece, q: Quantity) -> None:
        self.g = grammar()
        self.text, self.piece, self.q = text, piece, q
        # the words are read without the spaces a hard wrap left (实施人工造|林6万亩: 造林)
        self.before = _squeeze(text[piece.clause_start:q.start])
        self.after = text[q.end:q.end + 3]
        self.sentence_before = _squeeze(text[piece.sentence[0]:q.start])
        self.rest = text[q.end:_clause_end(text, q.end)]  # the clause after the quantity
        self.evidence: list[tuple[str, float]] = []

    def best(self, kind: str, table: dict[str, float], where: str) -> None:
        """The weightiest word of ``table`` found in ``where``, if any."""
        found = [(w, table[w]) for w in table if w in where]
        if found:
            word, weight = max(found, key=lambda x: x[1])
            self.evidence.append((f"{kind}:{word}", weight))

    def read_verbs(self) -> None:
        """完成, 新增 (a commitment) or 达到 (a level to reach) in the clause before the quantity."""
        g = self.g
        self.best("commit", g.commit, self.before)
        window = self.before[-12:]
        # 达 as a verb of its own, not inside 下达 (切块下达16个州、市…资金) or 表达
        reach = [w for w in g.reach if w in window and (len(w) > 1 or w in words(window))]
        if reach:
            self.evidence.append((f"reach:{max(reach, key=len)}", g.reach[max(reach, key=len)]))

    def read_own_form(self) -> None:
        """不少于 (a comparator), the fixed weight of its form, and a share of a named whole."""
        q = self.q
        if q.comparator and q.comparator_weight:
            self.evidence.append((f"comparator:{q.comparator}", q.comparator_weight))
        elif q.comparator is None and _FLOOR_BEFORE_VERB.search(self.before[-10:]):
            # 至少组织1次…演练, 至少要选择1个县: the floor stands before the verb that counts
            self.evidence.append(("comparator:ge", self.g.prefix["至少"][1]))
        if q.fixed_weight:
            self.evidence.append((f"fixed:{self.text[q.start:q.end]}", q.fixed_weight))
        if q.base and q.comparator in ("ge", "gt"):
            # a floor on a share of a named whole is a level to reach (法制审核人员不少于…总数的5%);
            # a ceiling on one caps support or eligibility (支持比例不超过实际发生费用的50%)
            self.evidence.append((f"share_of:{q.base}", 1.0))

    def read_noun_after(self) -> Optional[str]:
        """The work, the indicator or the level the quantity counts; returns the level word."""
        g, q, text = self.g, self.q, self.text
        # 启动300个美丽乡村建设, 480万千瓦火电装机建设: the work is named after what it counts, as the
        # noun that ends the phrase (…改造任务, …建设及相应人员配置), not as a verb taking an object
        # (为14个区市县建设信用数据交换平台)
        after = text[q.end:self.piece.end]
        work = [w for w in g.work_after if w in after and _work_then_end(w).search(after)]
        if work:
            self.evidence.append((f"work_after:{work[0]}", g.work_after[work[0]]))
        metric = next((m.word for m in _metrics() if m.word in self.before[-15:]), None)
        if metric and not (q.base and metric in q.base):  # 采购金额的30%: the whole, not the indicator
            self.evidence.append((f"metric:{metric}", 1.0))
        # 达到2000人的规模, 达到2000名的招生规模: the noun after 的 is (or ends with) a level
        tail = text[q.end + 1:_clause_end(text, q.end)].rstrip() if self.after.startswith("的") else ""
        tail = re.sub(r"[（(][^（）()]*[)）]$", "", tail)  # …的招生规模（见附表）
        level = next((w for w in g.level if tail.startswith(w) or tail.endswith(w)), None)
        if level:
            self.evidence.append((f"level:{level}", 1.0))
        elif q.dimension == "percent" and tail[:1] and "\u4e00" <= tail[0] <= "\u9fff":
            # 确保全省50%的医疗卫生机构推进实施, 将40%以上的基本公共卫生服务任务交由村卫生室承担:
            # a share of a named set is the scope of the outcome the task promises
            self.evidence.append(("share_of_set", 1.0))
        return level

    def read_goal(self, dated: Optional[str]) -> None:
        """A goal the quantity is the scope of, the goal words of its sentence, and its deadline."""
        g, rest = self.g, self.rest
        # 全局26项行政审批事项努力实现“一个窗口”受理: the quantity is the scope of a goal stated after it
        scope_of_goal = next((w for w in g.goal_after if w in rest), None)
        if scope_of_goal:
            self.evidence.append((f"goal_after:{scope_of_goal}", g.goal_after[scope_of_goal]))
        if (self.q.dimension == "percent" or scope_of_goal) and any(w in rest for w in g.reach):
            self.evidence.append(("reach_after", 0.5))  # 全市20%的社区达到…标准: a share that reaches a level
        self.best("goal", g.goal, _NUMERAL_BEFORE.sub("", self.sentence_before))
        if dated:
            self.evidence.append((f"goal:{dated}", 1.0))

    def read_non_target(self, level: Optional[str]) -> None:
        """The words of ``grammar().non_target`` that make the quantity a condition, a threshold or
        a mere mention, each where the grammar says to look for it."""
        text, piece, q = self.text, self.piece, self.q
        clause = text[piece.clause_start:_clause_end(text, q.end)]
        governed = any(w in self.before[-8:] for w in self.g.commit)  # the verb right before governs the quantity
        for word, where, weight in self.g.non_target:
            if where == "condition":
                # 对全年新建门店达到10家以上的企业，…给予奖励: a clause opening with 对/凡 whose
                # quantity sits in a …的 phrase sets a condition, however committed its verb sounds
                opening = text[piece.clause_start:q.start].lstrip()
                hit = opening.startswith(word) and "的" in self.rest
            elif where == "after":
                # 确定2个以上的试点县: a verb's object may carry 的; 50%以上的养老院 is a share of them;
                # without either, 500万元以上的企业 is a threshold of the noun
                hit = self.after.startswith(word) and not (word == "的" and (governed or level or q.dimension == "percent"))
            elif where == "clause_end":
                hit = clause.rstrip().endswith(word)
            else:
                context = {"clause": clause, "before": self.before, "sentence": self.sentence_before,
                           "later": self.rest}[where]
                hit = word in context
                if hit and len(word) == 1 and (where == "later" or word in _PREPOSITION_CUES):
                    # 要/应 as a modal verb, not inside 应用, 要求, 主要; 对 as a preposition, not
                    # inside 绝对贫困人口 (the other one-character cues, 已/了/共, are read as printed:
                    # jieba glues them to the verb they qualify, 已建成)
                    hit = word in words(context)
            if hit:
                self.evidence.append((f"non_target:{word}", weight))

    def read_priors(self) -> None:
        """The prior of the quantity's dimension: amounts are mostly subsidies and thresholds, and
        durations, ages and grades are limits, not outcomes."""
        if self.q.dimension == "money":
            self.evidence.append(("dimension:money", MONEY_PRIOR))
        if self.q.dimension in DIMENSION_PRIOR:
            self.evidence.append((f"dimension:{self.q.dimension}", DIMENSION_PRIOR[self.q.dimension]))


_PREPOSITION_CUES = frozenset("对凡")
_FLOOR_BEFORE_VERB = re.compile(r"至少(?:要|应)?[\u4e00-\u9fff]{1,4}$")  # cues that open a condition phrase as prepositions
_WORK_END = re.compile(r"(?:任务|工作|工程)?\s*(?:$|[及和、，,。；;])")


@functools.lru_cache(maxsize=None)
def _work_then_end(word: str) -> "re.Pattern[str]":
    """``word`` closing a phrase (see :data:`_WORK_END`): one pattern per word of the grammar,
    compiled once instead of being built for each word and quantity (18,000 a batch)."""
    return re.compile(re.escape(word) + _WORK_END.pattern)
def _squeeze(text: str) -> str:
    """``text`` without whitespace: cue words are matched across the gaps of hard wraps."""
    return "".join(text.split()) if any(ch.isspace() for ch in text) else text


# 1年内, 3年内: a window of a rule, not the goal word 年内
_NUMERAL_BEFORE = re.compile(r"[0-9０-９一二三四五六七八九十两](?=年内|每年)")


def _clause_end(text: str, i: int) -> int:
    m = _ANY_END.search(text, i)  # the nearest end, found without scanning the rest of the text
    return m.start() if m else len(text)


@functools.lru_cache(maxsize=1)
def _metrics():
    return tuple(sorted(target_metrics(), key=lambda m: -len(m.word)))


def find_targets(text: str, deadline: Optional[Deadline] = None, base_date: BaseDate = None,
                 offset: int = 0) -> list[Target]:
    """Targets of a task text, each with the deadline that governs it.

    text (str): the task's own words (clauses removed).
    deadline (Deadline): the task's deadline, used when the target's sentence has none.
    base_date (str): the document's date, for deadlines printed without a year.
    offset (int): where ``text`` starts in the normalized text, for spans.
    RETURNS (list[Target]): in text order, each with its score and evidence.

    >>> t = find_targets("到2020年，公务员信用档案覆盖率达到100%。")[0]
    >>> (t.raw, t.metric, t.value, t.unit, t.by, t.evidence)
    ('公务员信用档案覆盖率达到100%', '公务员信用档案覆盖率', 100.0, '%', '2020-12-31', ['commit:覆盖', 'reach:达到', 'metric:覆盖率', 'goal:到2020年'])
    >>> [(t.raw, t.per_year) for t in find_targets("每年选拔100名正职后备人才，给予每人2万元补贴。")]
    [('每年选拔100名正职后备人才', True)]
    """
    printed, text = text, _unwrap(text)
    quantities = find_quantities(text)
    if not quantities:
        return []
    out = []
    dated_cache: dict[tuple[int, int], Optional[Deadline]] = {}
    for piece in pieces(text, quantities):
        if piece.sentence not in dated_cache:
            hit = find_deadline(text[piece.sentence[0]:piece.sentence[1]], base_date)
            dated_cache[piece.sentence] = hit.deadline if hit and hit.deadline.end else None
        local = dated_cache[piece.sentence]
        scored = [(score_quantity(text, piece, q, local.raw if local else None), q) for q in piece.quantities]
        (score, evidence), q = max(scored, key=lambda x: x[0][0])
        if score < THRESHOLD:
            continue
        if piece.parallel:
            # every value of the phrase is a target of its own, with the phrase as its text
            for (s, e), pq in scored:
                out.append(_target(text, piece, pq, max(s, score), e if s >= THRESHOLD else evidence,
                                   local or deadline, offset))
            continue
        target = _target(text, piece, q, score, evidence, local or deadline, offset)
        out.extend([target] + [target.model_copy(deep=True) for _ in range(_distributed_over(text, piece, q) - 1)])
    for target in out:  # the text as printed, hard wraps included (建设480万亩高标准农\n田)
        target.raw = printed[target.span.start - offset:target.span.end - offset]
    return out


# A line that runs to the margin and stops mid-phrase goes on below: 建设480万亩高标准农|田. Such
# breaks (blank lines between, as .docx exports print them, included) are read as spaces, so a
# sentence is not cut at the margin; a line that ends with punctuation or is short (a heading)
# ends where it ends.
_WRAP = re.compile(r"(?<=[^\s。；;！？!?：:，,、])\n(?:[ \t\u3000]*\n)*(?=\S)")
WRAP_LINE = 20


def _unwrap(text: str) -> str:
    r"""``text`` with hard-wrap line breaks turned into spaces (same length, same offsets).

    >>> _unwrap("建设480万亩高标准农\n田。")
    '建设480万亩高标准农\n田。'
    >>> _unwrap("严格落实耕地保护硬措施，加快建设480万亩高标准农\n田。")
    '严格落实耕地保护硬措施，加快建设480万亩高标准农 田。'
    """
    if "\n" not in text:
        return text

    def repl(m: re.Match) -> str:
        line_start = text.rfind("\n", 0, m.start()) + 1
        return " " * len(m.group()) if m.start() - line_start >= WRAP_LINE else m.group()

    return _WRAP.sub(repl, text)


def _distributed_over(text: str, piece: Piece, q: Quantity) -> int:
    """How many things a quantity is promised for: ``增加杂交稻和玉米大豆带状复合种植各50万亩`` and
    ``再贷款、再贴现余额均超过200亿元`` promise it for each of a list (2); otherwise 1."""
    before = text[piece.start:q.start].rstrip()
    word = next((w for w in grammar().distributive if before.endswith(w)), None)
    if word is None:
        return 1
    listed = before[:-len(word)]
    members = [m for m in re.split(r"[、和及与]", listed) if m.strip()]
    return len(members) if 2 <= len(members) <= 6 else 1


def _target(text: str, piece: Piece, q: Quantity, score: float, evidence: list[str],
            governing: Optional[Deadline], offset: int) -> Target:
    start, end = _trim(text, piece.start, piece.end)
    before = text[piece.clause_start:q.start]
    g = grammar()
    per_year = any(w in before or text[q.end:q.end + 2] == w for w in g.per_year)
    metric = next((m for m in _metrics() if m.word in before[-15:]), None)
    unit = q.unit or (metric.unit if metric else None)
    return Target(
        raw=text[start:end], metric=_metric_phrase(text, start, before, metric.word) if metric else None,
        value=q.value, value_max=q.value_max, unit="%" if unit == "％" else unit,
        comparator=q.comparator or ("ge" if "comparator:ge" in evidence else None),
        per_year=per_year, by=governing.end if governing else None, score=round(score, 2), evidence=evidence,
        span=Span(start=offset + start, end=offset + end))


_DATE_LEAD = re.compile(r"^(?:(?:到|至|在|于|截至)?\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年(?:底|末|上半年|下半年)?(?:前|内)?|"
                        r"“十[一二三四五六]五”(?:末|期间)?)\s*")
_MARKER_LEAD = re.compile(r"^(?:[（(]?[0-9一二三四五六七八九十]+[)）.、．](?![0-9０-９])|[①-⑳]|——|—)\s*")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The piece without its list marker, date and commitment words, and without edge spaces."""
    g = grammar()
    changed = True
    while changed and start < end:
        changed = False
        piece = text[start:end]
        stripped = len(piece) - len(piece.lstrip())
        for pattern in (_MARKER_LEAD, _DATE_LEAD):
            m = pattern.match(piece)
            if m and m.end() and m.end() < len(piece):
                stripped = max(stripped, m.end())
        for word in g.lead:
            if piece.startswith(word) and len(piece) > len(word) + 2:
                stripped = max(stripped, len(word))
                break
        stripped = max(stripped, _actor_lead(piece))
        if stripped:
            start += stripped
            changed = True
    while end > start and text[end - 1] in " \t\u3000。；;，,":
        end -= 1
    return start, end


def _actor_lead(piece: str) -> int:
    """The length of the bodies a target's sentence opens with (市（地）煤矿监管部门、龙煤集团原则上
    抽查率不低于30%): who is to reach the value, an implicit unit, not part of the target's text.
    Only a list of bodies, or a body and a modal (原则上, 要, 应), is read so: one name alone may be
    the indicator's subject (公共服务机构覆盖率达到100%). 0 when the piece opens otherwise.

    >>> p = "市（地）煤矿监管部门、龙煤集团各矿业公司原则上验收率达到100%"
    >>> p[_actor_lead(p):]
    '验收率达到100%'
    >>> _actor_lead("公共服务机构覆盖率达到100%")
    0
    """
    head = piece[:_ACTOR_SPAN]
    parts = split_top_level(head, "、")
    for k, (s, e) in enumerate(parts[:-1]):
        if not _BODY.fullmatch(head, s, e):
            return 0  # a list item that is no body's name: the list is not of actors
    m = _BODY_THEN_MODAL.match(head, parts[-1][0]) if parts else None
    if m is None or (len(parts) < 2 and not m.group("modal")) or len(piece) - m.end() < 4:
        return 0
    return m.end()


_ACTOR_SPAN = 60
_BODY_NAME = r"[^，,。；;：:、\s]{1,24}(?:部门|集团|公司|政府|单位|机构|机关|管委会|委员会|局|委|厅|办)"
_BODY = re.compile(_BODY_NAME)
_BODY_THEN_MODAL = re.compile("(?:" + _BODY_NAME + r")(?P<modal>原则上|要|应|须|必须)?")


def _metric_phrase(text: str, start: int, before: str, word: str) -> str:
    """The indicator ending with ``word`` (公务员信用档案覆盖率), from the start of the target."""
    k = before.rfind(word)
    head = before[:k + len(word)]
    offset_in_text = text.find(head, start - len(before) if start >= len(before) else 0)
    lo = max(start, offset_in_text) if offset_in_text >= 0 else start
    phrase = text[lo:offset_in_text + len(head)] if offset_in_text >= 0 else head
    return _METRIC_LEAD.sub("", phrase) or phrase


_METRIC_LEAD = re.compile(r"^.*?(?:将|把|使|确保|力争|其中|推动|保证|要求)(?=.{2,})")
