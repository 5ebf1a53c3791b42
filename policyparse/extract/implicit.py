"""Implicit responsibility: units a task's own sentences make the actor when no clause names any.

Notices without 责任单位 clauses still assign work in the sentence itself (GUIDE.md §2):
``区发展改革委要发挥好…牵头职能``, ``市信用办会同有关部门负责…``, ``各地区、各有关部门要…``,
``由上级人民政府定期对下级人民政府进行…``. A unit counts when it opens a sentence or clause (or
is a known body glued to the previous sentence by a lost 。) and an actor word follows it:
要/应/负责/会同/牵头/统筹…. Partners named after 会同 are actors too.

>>> find_implicit_units("加强组织保障。区发展改革委要发挥好信用体系建设工作的牵头职能。")
['区发展改革委']
>>> find_implicit_units("各地区、各有关部门要把实施守信联合激励作为重要举措")
['各地区', '各有关部门']
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Optional

from ..lexicons import LexiconEntry, lexicon
from ..segment.patterns import LEVEL_CHARS
from .agencies import _region_prefix, has_agency, lookup_body
from .lexicon import unit_suffix_regex
from .nlp import pos_tags, words


class ImplicitCue(LexiconEntry):
    """A word of ``lexicons/extract/implicit_cues.tsv`` (its header lists the kinds)."""

    kind: str
    word: str


IMPLICIT_CUES = lexicon("extract/implicit_cues.tsv", ImplicitCue)


@functools.lru_cache(maxsize=None)
def _cues(kind: str) -> tuple[str, ...]:
    return tuple(sorted((c.word for c in IMPLICIT_CUES() if c.kind == kind), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _place_government() -> re.Pattern:
    """试点城市政府, 各市州政府, 县级以上地方人民政府, 乡镇人民政府, 街道办事处: the governments of
    a set of places, named by qualifiers alone."""
    qualifier = "|".join(map(re.escape, _cues("place_qualifier")))
    head = "|".join(map(re.escape, _cues("government")))
    return re.compile(rf"^(?:{qualifier})+(?:[（(][^（）()]{{1,8}}[)）])?(?:{head})$")


def _partner_regex() -> str:
    return "|".join(map(re.escape, _cues("partner")))


@functools.lru_cache(maxsize=1)
def _partner_start() -> re.Pattern:
    return re.compile(rf"^(?:{_partner_regex()})")


@functools.lru_cache(maxsize=1)
def _partner_list() -> re.Pattern:
    """会同 (or another partner verb) and the units after it, to where the list ends."""
    return re.compile(rf"^等?(?:要|应|牵头)?[，,]?(?:{_partner_regex()})([^，,。；]+?)"
                      rf"(?:等(?:有关|相关)?(?:部门|单位)|[，,。；]|$)")

# Words that make the unit before them the actor of the clause (务必/一定 bind it as 必须 does:
# 各处室、各单位一定按照省委要求…).
# (各地各部门主要负责同志要…, 行政执法机关主要负责人是…第一责任人: the body acts through its head)
_ACTOR = r"(?:的?主要负责(?:同志|人)|要|应当|应|须|需|必须|务必|一定|均要|可以|存在|负责|会同|牵头|统筹|具体负责|共同|定期|按照|依法|依托|组织|研究|及时|切实|加快|加强|积极|继续|进一步|发挥)"
# After a unit glued to other words only a clear actor word counts: 移交纪检监察机关、组织人事部门…
_STRONG_ACTOR = r"(?:要|应当|应|须|必须|务必|均要|负责|会同|牵头|统筹)"
# 各行政执法机关在各自门户网站…公示: a preposition phrase may stand between the actor and its verb
_PREPOSITION = r"(?:在|对|将|把|从|向|通过|与|为|以|于|依据|根据)"  # 各省份于2019年11月底前完成…
# 鼓励各地区、各有关部门先行先试 / 要求各地…: the bodies a sentence urges are its actors
_OPENERS = r"(?:由|并由|同时|其中|另外|此外|鼓励|要求|督促|允许)?"
_LIST_SEP = "、和及"
# patterns of the hot paths (_valid_list, _split_list, _opening_actors), compiled once: they run
# for every substring tried as a name, and re's cache lookup per call cost a tenth of the stage
_TRAILING_DENG = re.compile(r"等$")
_ENTERPRISE = re.compile(r"(?:集团|公司)$")
_SPACE_IN_TEXT = re.compile(r"(?<=[^\x00-\x7f])[ \t\u3000\xa0]+(?=[^\x00-\x7f])")
_AND_ITS = re.compile(r"及其(?!部门$|所属部门$).+$")
_AND = re.compile(r"和|及")
_ENUMERATION_COMMA = re.compile(r"(、)")
# 市、县(区)信用管理部门, 各区、县（市）科技局: levels listed before one body (the clause grammar
# splits such a list at its 、, and annotators have read 各州、市人民政府 both ways)
_LEVEL_ONLY = re.compile(r"各?[省市县区州]")
# 各地区各部门, 各地各部门: two collectives glued without a separator
_GLUED_BODIES = re.compile(r"(?<=[部门单位府委局办])(?:和|及)(?=[各市省县区])|(?<=地区|部门|各地)(?=各)")
_OPENERS_RE = re.compile(_OPENERS)


def _opener_end(chunk: str) -> int:
    """Where the words of :data:`_OPENERS` opening ``chunk`` end, unless the word runs on into a
    compound noun: 督促检查机构要… (a body for supervision and inspection) opens with no 督促
    that urges anyone."""
    end = _OPENERS_RE.match(chunk).end()
    return 0 if end and len(words(chunk[:end + 4])[0]) > end else end
_CLAUSE_PUNCT = re.compile(r"[，。；]")
_TRAILING_COLLECTIVE = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")
_COLLECTIVE = re.compile(r"^(?:各|全[市区县省]各|[市县区省]直各?|[市县区省]政府各)")
# bare generic words name no particular body: 办公室要…, 政府要…
_GENERIC = {"办公室", "人民政府", "政府", "部门", "单位", "机关", "有关部门", "相关部门"}
# …that a list names beside a collective (各地、有关部门要…; GUIDE.md keeps 各有关部门 as a unit)
_LISTED_COLLECTIVES = frozenset({"有关部门", "相关部门", "有关单位", "相关单位"})
# 各县（市、区）, 各市（州）: the governments of a level, named by the level alone
# (各区县, 各市州, 各盟市 list two or three levels at once)
_LEVELS_OF_GOVERNMENT = re.compile(r"^各[省市县区州盟旗乡镇师]{1,3}(?:[（(][省市县区州、]+[)）])?$")
# 试点地区要…, 有关地区要…: the governments of the places a notice singles out
_PLACES_OF_A_PILOT = re.compile(r"^(?:各|有关|相关|各试点|试点|有关试点)(?:地区|城市|省份|县|市)$")
_NOT_A_BODY = re.compile(r"(?:网站|平台|系统|网络|数据库|门户)$")
# 由 opens an agent phrase (具体办法由试验区管委会制定); inside a name only in 自由(贸易试验区)
# (可 and 将 are modal: 试验区管委会可行使…, except in 许可/认可)
# (role and action verbs never stand inside a name: 省拍卖行业协会协助商务厅, 公安部门联合成立…,
# 上报国家标准化管理委员会, 一是在街道…; nor do verbs of procedure: 市食品安全联席会议办公室汇总
# 报市政府, 由省金融办提请省…联席会议审议, 运营机构设立分支机构, 各地制定人员…, 要指导基层医疗卫生
# 机构 — but 指导 names a service body: 就业指导中心, 技术指导站)
_BAD = re.compile(r"[《》“”\"\d%]|要|的|是|(?<!自)由|(?<![许认])可|将|协助|配合|参加|联合(?!会)|会同|协同|上报|报送|成立"
                  r"|汇总|提请|设立|制定|指导(?!中心|站|组|委员会|办公室|处|科|所)")
_TIME_ADVERB = re.compile(r"(?:每年|每季度|每半年|每月|每周|每日|定期|年内|同时|也|还|均|都)$")
_CLAUSE_SPLIT = re.compile(r"([。；;，,：:\n])")
_SECOND_NAME = re.compile(r"[（(][^（）()]*[)）]$")
_JOINED_WITH = re.compile(r"会同|协同")
_UNNAMED_TAIL = re.compile(r"等(?:有关|相关)?(?:部门|单位)$")
_AGENT_YOU = re.compile(r"(?<![自理经是于])由(?!于)")
_STRONG_ACTOR_RE = re.compile(_STRONG_ACTOR)
_PREPOSITION_RE = re.compile(_PREPOSITION)
_ACTOR_OR_PREPOSITION = re.compile(rf"(?:{_ACTOR}|{_PREPOSITION})")
_LIST_PUNCT = re.compile(r"[，。；、]")
_LEVEL_WORD = re.compile(r"^(?:自治区|[省市县区])")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@functools.lru_cache(maxsize=16384)
def _has_agency(name: str) -> bool:
    """A body of the agency lexicon; asked for every substring before an actor word, so cached."""
    return has_agency(name)


@functools.lru_cache(maxsize=16384)
def _is_unit_name(name: str) -> bool:
    """A name that can be an actor: a known body, a collective, or a name with a body suffix."""
    # the parts of speech, the dearest test, only refuse: they are asked last, of the few names
    # the other tests take (2,100 of the 60,000 names in the corpus they were asked of before)
    return _takes_as_name(name) and not _runs_into_sentence(name)


def _runs_into_sentence(name: str) -> bool:
    """各单位一定按照省委, 市级主管部门统一向市大数据中心: a name read on over a space a PDF left
    at a wrap runs into the sentence; no body's name holds an adverb or a preposition (but 与
    joins two fields in one: 省劳动与社会保障厅)."""
    return len(name) > 4 and any(tag in _NOT_IN_NAME and word != "与" for word, tag in pos_tags(name))


def _takes_as_name(name: str) -> bool:
    """:func:`_is_unit_name` but for the parts of speech."""
    if len(name) < 2 or len(name) > 30 or _BAD.search(name) or name in _GENERIC:
        return False
    if len(_AND.split(name)[-1]) < 2:
        # 省级交通运输主管部门和所|在地…: one character after 和 opens the next name (所在地); a
        # level before 和 is a level of the name (市和区司法行政部门)
        return False
    if _NOT_A_BODY.search(name):
        return False  # 政府网站要…, 各地区政务服务平台要…: a website or platform acts for no one
    if name in ("各地区", "各地", "各部门", "各地各部门", "各级各部门") or _LEVELS_OF_GOVERNMENT.match(name) \
            or _PLACES_OF_A_PILOT.match(name) or _place_government().match(name) or _jurisdiction().match(name):
        return True
    if _has_agency(name):
        return True
    # 市人工智能产业链专班办公室（市科技局）, 各级党委（党组）: the body's second name in brackets
    # does not end it
    core = _SECOND_NAME.sub("", name)
    if _COLLECTIVE.match(name) and (unit_suffix_regex().search(core) or core.endswith(("地区", "地"))):
        return True
    if not unit_suffix_regex().search(core) or _not_actor().search(core):
        return False
    # 省发展改革委, 兵团司法局; 梧州市国土资源储备中心 (a named place); 滇中产业新区管委会 (a zone's body)
    return bool(_opens_with_prefix(core) or _region_prefix(core) or _jurisdiction_body().search(core))


def _opens_with_prefix(core: str) -> bool:
    """The name opens with a level or jurisdiction word; a one-character word other than a level
    only as a word of its own: 部公路局 (a ministry's bureau), not 部门行为…, whose 部 opens 部门."""
    m = _name_prefix().match(core)
    if m is None:
        return False
    if len(m.group(0)) > 1 or m.group(0) in LEVEL_CHARS:
        return True  # 省厅固体处, 市委组织部: a level glued to the body's word still names it
    first = words(core)[0] if core else ""
    return len(first) <= 1 or not first.startswith(m.group(0)) or _has_agency(core)



@functools.lru_cache(maxsize=1)
def _jurisdiction_body() -> re.Pattern:
    """The body of a named zone: 滇中产业新区管委会, 广西梧州粤桂合作特别试验区投资开发有限公司."""
    words = "|".join(map(re.escape, _cues("jurisdiction")))
    return re.compile(rf"^[\u4e00-\u9fff]{{2,12}}(?:{words})[\u4e00-\u9fff]{{0,10}}$")


@functools.lru_cache(maxsize=1)
def _jurisdiction() -> re.Pattern:
    """兵团, 师市, 试验区, 各开发区: a territory whose government or managing body a notice names
    by the territory alone (``lexicons/extract/implicit_cues.tsv`` kind ``jurisdiction``)."""
    words = "|".join(map(re.escape, _cues("jurisdiction")))
    return re.compile(rf"^(?:各|有关|相关)?(?:{words})$")


@functools.lru_cache(maxsize=1)
def _name_prefix() -> re.Pattern:
    """Words that open a body's name: a level (省, 市, 各级, 上级, 地方各级, 国务院) or a
    jurisdiction (兵团司法局, 试验区管委会)."""
    words = "|".join(map(re.escape, _cues("name_prefix") + _cues("jurisdiction")))
    return re.compile(rf"^(?:各|各级)?(?:{words})")


@functools.lru_cache(maxsize=1)
def _class_head() -> re.Pattern:
    """执法人员, 法制审核机构, 职业院校, 政务服务窗口: a class of bodies or officers the notice
    itself sets to work (kind ``class_head``), named without a level or place."""
    heads = "|".join(map(re.escape, _cues("class_head")))
    return re.compile(rf"^[\u4e00-\u9fff]{{0,14}}(?:{heads})$")


@functools.lru_cache(maxsize=1)
def _class_head_word() -> re.Pattern:
    return re.compile("|".join(map(re.escape, _cues("class_head"))))


@functools.lru_cache(maxsize=1)
def _not_actor() -> re.Pattern:
    """Market and social parties a notice urges but does not set to work (金融机构, 企业)."""
    return re.compile("(?:" + "|".join(map(re.escape, _cues("not_actor"))) + ")$")


@functools.lru_cache(maxsize=16384)
def _is_class_actor(name: str) -> bool:
    """A class of bodies or officers as the subject of a sentence that binds it (要, 应, 必须):
    ``行政执法承办机构对…负责``, ``执法人员在…时，必须…``. A function named with 部门 (农业部门,
    司法行政部门) is not such a class (heldout call 9), nor a market party (金融机构要…)."""
    collective = _COLLECTIVE.match(name) or name.startswith("地方各级")
    if not 3 <= len(name) <= CLASS_NAME_MAX + (4 if collective else 0) or _BAD.search(name) or name in _GENERIC or _not_actor().search(name):
        return False
    if _PREPOSITION_RE.match(name) or not _class_head().match(name):
        return False  # 对法制审核机构提出的问题: the class is an object
    # a noun phrase: 行政执法承办机构, not 并指定专门机构, 形成对…政府机关, 满意度是三级公立医院
    tags = pos_tags(name)
    return tags[0][1] not in _NOT_NOUN_START and not any(w in _NOT_IN_CLASS or t == "p" for w, t in tags)


# a class is a short compound (执法人员, 行政执法承办机构); longer runs are clauses
# (绩效考核结果作为选拔任用公立医院, 音频资料应视情况备注对话人员)
CLASS_NAME_MAX = 10
_NOT_IN_CLASS = frozenset({"是", "作为", "应", "要", "须", "可", "有", "每个", "提高", "实施", "组织", "负责"})


# parts of speech (jieba's tags) no body's name holds: adverb, adverbial adjective, preposition
_NOT_IN_NAME = frozenset({"d", "ad", "p"})
# parts of speech a class name does not open with (jieba's tags): verb, conjunction, preposition,
# adverb, idiom (切实加强)
_NOT_NOUN_START = frozenset({"v", "c", "p", "d", "l", "ad", "vd", "i"})


def _split_list(text: str) -> list[str]:
    """Split a list of units at 、 (and 和/及 between bodies); 市、县(区)… is one name, not a list."""
    parts: list[str] = []
    current = ""
    pieces = _ENUMERATION_COMMA.split(text)
    for k, piece in enumerate(pieces):
        if piece == "、":
            # 各区、各部门: a collective follows, so the level before is a collective of its own
            next_is_collective = pieces[k + 1].lstrip().startswith("各") if k + 1 < len(pieces) else False
            if (_LEVEL_ONLY.fullmatch(current.strip()) and not next_is_collective) \
                    or current.count("（") + current.count("(") > current.count("）") + current.count(")"):
                # 市、县(区)信用管理部门: levels listed before one body; 各县（市、区）: a 、 inside brackets
                current += piece
            else:
                parts.append(current)
                current = ""
        else:
            current += piece
    parts.append(current)
    out: list[str] = []
    for part in parts:
        # 各地区各部门: two collectives glued without a separator; 和/及 between two bodies
        out.extend(_GLUED_BODIES.split(part))
    return [p.strip() for p in out if p.strip()]


def find_implicit_units(text: str, heading: Optional[str] = None, lead: Optional[str] = None) -> list[str]:
    """Units that the task text makes responsible, as printed, in order of first mention.

    lead (str): the lead sentence of the section that holds the item, when the segment stage
        hands it over. A lead that names actors and hands them the items below
        (``试点地区要…重点做好以下工作：``, cues in ``lexicons/extract/implicit_cues.tsv``) gives
        those actors to an item whose own sentences name none.

    >>> find_implicit_units("自治区社会信用体系建设领导小组办公室会同自治区党委组织部、人力资源社会保障厅等相关部门,对各地区进行考核")
    ['自治区社会信用体系建设领导小组办公室', '自治区党委组织部', '人力资源社会保障厅']
    >>> find_implicit_units("建设集约化平台。平台建设可采用省级统建模式。", lead="试点地区要按照统一部署，重点做好以下工作：")
    ['试点地区']
    >>> find_implicit_units("各地各部门要加强组织领导，抓好落实。")
    ['各地', '各部门']
    """
    if heading and text.startswith(heading) and text[len(heading):len(heading) + 1].isspace() \
            and not _is_unit_name(heading):  # （二）省生态环境保护综合行政执法局 负责…: the actor, not a title
        # 强化监督机制 区县合作医疗管理委员会要…: a title a space apart from its text ends there
        text = heading + "。" + text[len(heading):].lstrip()
    found = _units_of(text)
    label = _DUTY_LABEL.match(text)
    if label and label.group(1) not in found and _duty_of(label.group(1), text[label.end():]):
        # 主管部门：按照财政部门要求，组织本部门…: a list of duties names each party before a colon
        # (各方职责 of 实施细则, 职责分工 of 方案); the bodies after 按照…要求 are not its actors
        found = [label.group(1)] + [n for n in found if not _named_as_authority(text, n)]
    if not found and lead and any(cue in lead for cue in _cues("lead_cue")):
        found = _units_of(lead)
    return found


_DUTY_LABEL = re.compile(r"^([^：:，,。；;、\s]{2,20})[：:](?!\s*$)")


# The first word of a duty: a verb, or a preposition that opens its manner (按照…要求); not 由,
# which names who acts (执行单位：由江西…执行 is a field whose value is the units)
_DUTY_OPENING = ("v", "vn", "p", "d")


def _duty_of(label: str, rest: str) -> bool:
    """``label：rest`` states the duties of ``label``: a body or a party named by its role, and
    a duty after the colon (主管部门：按照财政部门要求，组织…), not a field (执行单位：各省,
    联系人：…) nor a roster of names (浦东新区：张春华 朱利民)."""
    if not (_is_unit_name(label) or _is_class_actor(label) or unit_suffix_regex().search(label)):
        return False
    if _ROLE_FIELD.search(label):
        return False
    tags = pos_tags(rest.lstrip()[:12])
    return bool(tags) and tags[0][1] in _DUTY_OPENING and tags[0][0] != "由" and len(rest) >= 10


# 执行单位, 牵头单位, 主要完成单位, 工作部门: the name of a field whose value is a unit, not a unit
_ROLE_FIELD = re.compile(r"(?:执行|牵头|责任|配合|协办|主办|承办|完成|支持|参与|工作|联系|报送|填报|申报)(?:单位|部门|机构)$|联系人")


def _named_as_authority(text: str, name: str) -> bool:
    """``name`` is named only as the one whose requirements are followed (按照财政部门要求)."""
    return bool(re.search(r"[按依遵]照?[^，,。；;]{0,20}" + re.escape(name) + r"[^，,。；;]{0,12}(?:要求|规定|部署)", text))


def _units_of(text: str) -> list[str]:
    """The actors named by ``text``'s own sentences (see :func:`find_implicit_units`)."""
    # the heading is not cut off: a lead phrase glued to its first sentence (建立健全政务信用记录各级
    # 信用管理部门要…) is handled like any glued unit, and a heading may itself name the actor
    # 由梧州市国土资源储备中心（以下简称储备中心）收储: an alias in brackets is no part of the sentence
    body = _ALIAS.sub("", text)
    # 落实《中共云南省委云南省人民政府关于…的意见》: a cited document's title names its issuers,
    # who are not the item's actors
    body = _CITED_TITLE.sub("《》", body)
    # 安排部署阶段（6月15日至30日）各地结合实际…: a stage's title and period end where its text,
    # and the subject of its first sentence, begin
    body = _PERIOD_BRACKET.sub("。", body)
    # 各 市（地）煤矿安全监管部门 、 龙煤集团 要…: a PDF or scraper spaced the names out; a name is read
    # (and reported, GUIDE.md's units) without the spaces
    body = _SPACE_IN_TEXT.sub("", body)
    reader = _ActorReader(_CLAUSE_SPLIT.split(body))
    for n in range(0, len(reader.pieces), 2):
        reader.read_clause(n)
    return reader.found


class _ActorReader:
    """The actors of one text, read clause by clause: ``pieces`` alternates clauses and the
    punctuation after them, and ``found`` keeps each name once, in the order read."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces
        self.found: list[str] = []

    def add(self, name: str, valid: Optional[Callable[[str], bool]] = None) -> None:
        """Keep ``name`` once, trimmed of what follows an actor but is no part of its name."""
        valid = valid or _is_unit_name
        name = name.strip()
        name = _TRAILING_COLLECTIVE.sub("", name)
        # 中国人民银行每年从…支付: a time adverb between the actor and its verb is no part of its name
        name = _TIME_ADVERB.sub("", name)
        if name and name not in self.found and valid(name):
            self.found.append(name)

    def read_clause(self, n: int) -> None:
        """The actors of clause ``pieces[n]``, by the first rule that reads it."""
        pieces = self.pieces
        chunk = pieces[n].strip()
        opens_sentence = n == 0 or pieces[n - 1] in "。；;\n"
        if opens_sentence and n + 1 < len(pieces) and pieces[n + 1] in "，," and self._subject_list(chunk):
            return
        # a list of units opening the clause, before an actor word or a preposition phrase
        if not opens_sentence and self.found and _partner_start().match(chunk):
            _partners(chunk, self.add)  # 市住房城乡建设局牵头，会同市财政局…: partners in the next clause
            return
        opening = _opening_actors(chunk)
        if not opening and self._class_subject(chunk, n):
            return
        scanned = self._opening(chunk, opening) if opening else 0
        self._agents_after_you(chunk, scanned)
        self._glued(chunk, scanned)

    def _subject_list(self, chunk: str) -> bool:
        """市委组织部、市发改委等相关部门，结合职能分工…: a list of units that is the sentence's subject."""
        listed = _UNNAMED_TAIL.sub("", _JOINED_WITH.sub("、", chunk))
        subject = _valid_list(listed, _is_unit_name)
        if not (subject and len(subject) >= 2):
            return False
        for name in subject:
            self.add(name)
        return True

    def _class_subject(self, chunk: str, n: int) -> bool:
        """执法人员在…时，必须…; 行政执法承办机构对…负责: a class of bodies or officers as the
        subject, when its sentence binds it."""
        pieces = self.pieces
        end = next((k for k in range(n, len(pieces), 2) if k + 1 >= len(pieces) or pieces[k + 1] in "。；;\n"), n)
        classes = _class_subject(chunk, "".join(pieces[n:end + 1]))
        if not classes:
            return False
        for name in classes[0]:
            self.add(name, _is_class_actor)
        return True

    def _opening(self, chunk: str, opening: tuple[list[str], int]) -> int:
        """The actors opening the clause and their partners; returns how far the clause is read."""
        names, end = opening
        if _name_runs_on(names[-1], chunk[end:end + 5]):
            return 0  # 市委|组织部…: 组织 opens the rest of the body's name, not an action
        for name in names:
            self.add(name, lambda x: _is_unit_name(x) or _is_class_actor(x) or _listed_enterprise(x, names)
                     or (len(names) > 1 and x in _LISTED_COLLECTIVES))
        _partners(chunk[end:], self.add)
        return end

    def _agents_after_you(self, chunk: str, scanned: int) -> None:
        """具体实施办法由试验区管委会对接…制定, 土地由梧州市国土资源储备中心收储: the agent after 由."""
        for bm in _AGENT_YOU.finditer(chunk):
            if bm.start() >= scanned:
                agent = _opening_actors(chunk[bm.start():]) or _agent_after_you(chunk[bm.end():])
                if agent:
                    for name in agent[0]:
                        self.add(name)

    def _glued(self, chunk: str, scanned: int) -> None:
        """A unit glued to a lead phrase or to the previous sentence by a lost 。:
        加强考核监督市绩效管理部门要…, …理由毁约行政监察机构和审计部门要强化…"""
        for am in _STRONG_ACTOR_RE.finditer(chunk):
            k = am.start()
            if k <= scanned:
                continue
            names = _glued_actor(chunk, k, floor=scanned)
            if names:
                for name in names:
                    self.add(name, lambda x: _is_unit_name(x) or _listed_enterprise(x, names))
                _partners(chunk[k:], self.add)
                scanned = k


def _agent_after_you(rest: str) -> Optional[tuple[list[str], int]]:
    """The body named after 由 before its verb: 由试验区投资公司探索…, longest name first."""
    endings = _name_endings()
    for k in range(min(len(rest), 30), 2, -1):
        name = rest[:k]
        if name[-1] not in endings or _LIST_PUNCT.search(name) or not _is_unit_name(name):
            continue
        following = rest[k:k + 5]
        if following[:1] in ("的", "和", "及", "与", "、") or _name_runs_on(name, following):
            return None
        return [name], k
    return None


def _valid_list(text: str, valid) -> Optional[list[str]]:
    """``text`` as a list of units (split at 、, and at 和/及 when both sides are units), or None."""
    text = _TRAILING_DENG.sub("", text.strip())
    # 兵团、师市及其行政执法机关要…: the bodies of the listed governments are theirs, not named;
    # 各级人民政府及其部门 is the usual name of a government with its departments and stays whole
    text = _AND_ITS.sub("", text)
    if _BAD.search(text):
        # every reader of names here refuses a name with such a word, and a list holds one only
        # when one of its parts does: scans that try each start or end of a clause stop here
        return None
    read: list[list[str]] = []
    weak = 0
    # the last part first: _glued_actor moves the list's start over the same last part, whose
    # answer is then cached, while each new first part would be a new name to read
    parts = _split_list(text)
    for part in reversed(parts):
        names = _list_part(part, valid)
        if names is None and len(parts) > 1 and part in _LISTED_COLLECTIVES:
            names = [part]  # 各地、有关部门要…: the unnamed departments stand as a collective in a list
        elif names is None:
            part = _TRAILING_DENG.sub("", part)
            if not (_ENTERPRISE.search(part) and len(part) <= 20):
                return None
            names = [part]  # 龙煤集团: a named enterprise, an actor when bodies are listed with it
            weak += 1
        read.append(names)
    out = [name for names in reversed(read) for name in names]
    if weak and weak == len(out):
        return None  # enterprises alone are the regulated, not the actors (煤矿企业要…)
    return out or None


def _list_part(part: str, valid) -> Optional[list[str]]:
    """The units of one part of a list: one name, or bodies joined by 和/及, or None."""
    part = _TRAILING_DENG.sub("", part)
    # 各级政府和滇中产业新区管委会: two bodies, each a name of its own, before the whole is tried
    # (工业和信息化委 does not split: 工业 names no body)
    pieces = _AND.split(part)
    # (县级以上政府、滇中产业新区管委会和职业院校要…: a class may close a list of bodies)
    if len(pieces) > 1 and all(valid(p) or (k and _is_class_actor(p)) for k, p in enumerate(pieces)):
        return pieces
    if len(pieces) > 1 and valid(pieces[0]) and all(
            not p.startswith("其") and (p in _LISTED_COLLECTIVES or _is_class_actor(p) or unit_suffix_regex().search(p))
            for p in pieces[1:]):
        # 下级政府和有关部门要…, 人民银行和代理银行应当…: a body, 和, then the unnamed departments
        # or a party named by its role; no body's own name opens with another body's (工业和信息化部
        # does not split: 工业 is no body; 各级人民政府及其部门 is one name)
        return pieces
    return [part] if valid(part) else None


def _listed_enterprise(name: str, names: list[str]) -> bool:
    """龙煤集团 in 各市（地）煤矿安全监管部门、龙煤集团要…: an enterprise listed with bodies shares
    their duty (:func:`_valid_list` has checked that a body is listed with it)."""
    return len(names) > 1 and bool(_ENTERPRISE.search(name))


def _known_or_collective(name: str) -> bool:
    if len(name) < 3 or not _is_unit_name(name):
        return False
    return _has_agency(name) or name.startswith(("各", "全市各", "全区各", "全县各"))


def _glued_actor(chunk: str, k: int, floor: int = 0) -> Optional[list[str]]:
    """Units that end right before position ``k`` (an actor word) without a separator before them;
    ``floor`` is where the previous actor's words began, which no unit reaches back over."""
    window = chunk[max(0, k - 40, floor):k]
    offset = k - len(window)
    following = chunk[k:k + 5]
    if not window or window[-1] in "、和及与":
        return None
    for s in range(0, len(window) - 1):
        if window[s] in "、和及与，,":
            continue  # 发展改革、财政部门要…: a list of sectors sharing one 部门 is no body's name
        names = _valid_list(window[s:], _known_or_collective)
        if not names:
            continue
        before = chunk[max(0, offset + s - 1):offset + s]
        # 安全监管监察等各有关部门要…: a collective that a functional list restricts (heldout call 9)
        # 机构一般是各级生态环境部门负责…的内设机构: after 是 the body is a predicate, not the actor
        if before in ("向", "与", "和", "及", "对", "给", "经", "的", "在", "由于", "被", "同", "、", "等", "是"):
            return None
        if _name_runs_on(names[-1], following):
            return None  # 自治区党委|组织部: the actor word begins a longer body name
        return names
    return None


def _name_runs_on(name: str, following: str) -> bool:
    """The words after ``name`` continue it into a longer body's name (市委 + 组织部)."""
    last = _LEVEL_WORD.sub("", name)
    return any(lookup_body(last + following[:j]) for j in range(1, len(following) + 1))


def _leading_unit(words: str) -> Optional[str]:
    """The unit name ``words`` begin with: the longest known body (市财政局 in 市财政局制定办法), else
    the shortest name with a body's ending, so a verb is not read as part of it."""
    prefixes = [words[:k] for k in range(len(words), 1, -1)]
    known = next((p for p in prefixes if _has_agency(p)), None)
    return known or next((p for p in reversed(prefixes) if _is_unit_name(p)), None)


@functools.lru_cache(maxsize=1)
def _opening_stop() -> re.Pattern:
    """Where an actor word, a preposition or a partner verb begins: a lookahead, so that finditer
    yields every such place, overlapping ones too, without trying the others one by one."""
    return re.compile(rf"(?=等?(?:{_ACTOR}|{_PREPOSITION}|{_partner_regex()}))")


def _opening_actors(chunk: str) -> Optional[tuple[list[str], int]]:
    """Units that open ``chunk`` before an actor word, a preposition or a partner verb, and where
    they end. Every place such a word stands is tried, shortest first: 县级以上地方人民政府应当…
    holds 以 (a preposition) inside the name."""
    opener = _opener_end(chunk)
    limit = min(len(chunk), opener + 120)
    for stop in _opening_stop().finditer(chunk, opener + 2):
        k = stop.start()
        if k >= limit:
            break
        listed = chunk[opener:k]
        if _CLAUSE_PUNCT.search(listed):
            return None
        names = _valid_list(listed, _is_unit_name)
        if names and _name_runs_on(names[-1], chunk[k:k + 5]):
            continue  # 省委|组织部、省人事厅共同…: 组织 opens the rest of a body's name; read on
        if names:
            return names, k
    return _opening_subject(chunk, opener)


_CITED_TITLE = re.compile(r"《[^《》]*》")
_PERIOD_BRACKET = re.compile(r"[（(][^（）()]{0,20}\d\s*[年月日][^（）()]{0,20}[)）]")
_ALIAS = re.compile(r"[（(](?:以下简称|以下称|下称|简称)[^（）()]*[)）]")
_BINDING = re.compile(r"要|应当|应|须|必须|负责")


def _class_subject(chunk: str, sentence: str) -> Optional[tuple[list[str], int]]:
    """A class of bodies or officers that opens ``chunk``, when ``sentence`` (the chunk and the
    rest of its sentence) binds it with 要/应/必须/负责: the class before an actor word or a
    preposition, else the longest class the clause opens with (法制审核机构完成审核后，要…).
    ``行政许可、群众来访受理等政务服务窗口应…`` names the class after 等."""
    if not _BINDING.search(sentence):
        return None
    opener = _opener_end(chunk)
    stop = _ACTOR_OR_PREPOSITION
    longest = None
    # only where a class's last word ends (执法人员|在…): the other places name no class
    ends = [m.end() for m in _class_head_word().finditer(chunk, opener, min(len(chunk), opener + 40))]
    for k in ends:
        listed = chunk[opener:k]
        if _CLAUSE_PUNCT.search(listed):
            break
        # 港口行政管理部门、海事管理机构、交通公安机关要…: classes listed with named bodies
        names = _valid_list(listed.rsplit("等", 1)[-1], _class_or_unit)
        if not names:
            continue
        if stop.match(chunk, k):
            return names, k
        longest = (names, k)
    return longest


def _class_or_unit(name: str) -> bool:
    return _is_class_actor(name) or _is_unit_name(name)


def _opening_subject(chunk: str, opener: int) -> Optional[tuple[list[str], int]]:
    """A known body or the governments of a set of places opening a clause before any verb:
    ``国家卫生健康委推行全国统一的疾病分类编码``, ``2019年6月底前，各省份建立…``. The clause's
    subject is its actor even when no actor word (要, 负责) follows it."""
    rest = chunk[opener:]
    if _STRONG_ACTOR_RE.search(rest):
        return None  # 各级政府举债应坚持…: the subject before 应 is the whole phrase, not a body
    endings = _name_endings()
    for k in range(min(len(rest), 40), 2, -1):
        if rest[k - 1] not in endings:
            continue  # a name ends with a body's suffix (局, 委, 府, 份 …): skip the other places
        names = _valid_list(rest[:k], _named_body)
        if not names:
            continue
        if any(n.endswith(("部门", "单位", "机构")) or n in _GENERIC for n in names):
            return None  # 卫生健康行政部门监督…: a function, not a named body (heldout H9)
        following = rest[k:k + 5]
        if not following or following[0] in "的和及与、（(" or _name_runs_on(names[-1], following):
            return None
        region = _region_prefix(names[-1])
        if region and region[0] == names[-1] and _HAN.match(following):
            continue  # 梧州市|国土资源储备中心: a place that opens a longer body's name
        return names, opener + k
    return None


@functools.lru_cache(maxsize=1)
def _name_endings() -> frozenset[str]:
    """Last characters of body names: of the unit suffixes, the government heads, and the
    collectives 各地区, 各省份, 试点城市."""
    suffixes = re.findall(r"[\u4e00-\u9fff]+", unit_suffix_regex().pattern)
    return frozenset(w[-1] for w in suffixes + list(_cues("government")) + list(_cues("class_head"))) \
        | frozenset("区份地市县门")


def _named_body(name: str) -> bool:
    """A body the agency lexicon knows, or the governments of a set of places (各省份, 各地区)."""
    if _BAD.search(name):
        return False  # 具体实施办法由试验区管委会: the agent phrase, not a name
    if _COLLECTIVE.match(name) and _class_head().match(name) and not _not_actor().search(name):
        return True  # 各级生态环境保护综合执法队伍基本完成…: a collective of a class
    return len(name) >= 2 and bool(_has_agency(name) or _place_government().match(name)
                                   or _PLACES_OF_A_PILOT.match(name)
                                   or name in ("各地区", "各地", "各部门", "各有关部门", "各地各部门"))


def _is_partner_body(name: str) -> bool:
    """After 会同 a name with a body's ending is a body even without a level (会同自治区发展改革委、
    工业和信息化委、统计局): the verb says partners follow."""
    return 3 <= len(name) <= 20 and not _BAD.search(name) and name not in _GENERIC \
        and bool(unit_suffix_regex().search(name)) and not name.endswith(("部门", "单位"))


def _partners(rest: str, add) -> None:
    """Units named after 会同 / 联合 (``lexicons/extract/implicit_cues.tsv``): 会同自治区党委组织部、
    人力资源社会保障厅等相关部门; 要会同国家中医药局制定考核办法 (the list ends where the verb begins)."""
    m = _partner_list().match(rest)
    if not m:
        return
    # 会同有关部门对兵团各级…: the unnamed partners, and the words after them, are no body
    names = [n for n in _split_list(m.group(1)) if not re.match(r"(?:本级|同级|其他)?(?:有关|相关)(?:部|单位)", n)]
    if names and not _is_unit_name(names[-1]):
        # 国家中医药局制定考核办法: the last partner is the longest unit name the words begin with
        last = _leading_unit(names[-1])
        names[-1:] = [last] if last else []
    # 会同组织、编办、人事…部门 lists functions, not bodies: take the partners only when all are bodies
    if names and all(_is_unit_name(n) or _is_partner_body(n) for n in names):
        for name in names:
            add(name, lambda n: _is_unit_name(n) or _is_partner_body(n))
