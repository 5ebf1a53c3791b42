"""Where a space in a line stands for a lost line break: the one home of that decision.

Scraped notices lose line breaks two ways. A PDF export turns every printed line end inside a
paragraph into a space (``农药专项整 治``), and a scraper that glues a page into one line turns the
paragraph ends into spaces too: ``二、主要任务 （一）加大…``, ``一、 指导思想 认真贯彻…``,
``黑龙江省农业委员会 2016年5月14日 黑龙江省…实施方案 为加强…``. The normalize stage deletes the
first kind (:mod:`policyparse.normalize.layout`) and keeps the second; the segment stage cuts lines
at the second (:func:`policyparse.segment.paragraphs.paragraphs`). Both ask :func:`break_reason`.

A space is a break:

- before a numbering marker (an item begins), unless only a marker stands before it;
- after a heading printed as marker and short title (``一、指导思想 认真贯彻…``);
- after a date that ends a signature or date line, between an issuer and its date, and between
  two issuers of a joint signature printed side by side;
- after a title ending in its genre word, unless the title goes on (``的通知``, ``（试行）``);
- before a field key (``发文机构：``, ``完成时限：``) and after a site's keyword list.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, Optional

from .lexicon import boilerplate_kind, field_key_regex
from .markers import match_marker
from .patterns import DATE, DOC_NUMBER, ISSUER_ENDS, is_phrase_title, is_unit_like, split_top_level

# Where a fragment of text starts: the line start, or sentence punctuation and colons.
HARD_STOP = "。；;：:！!？?\n"
_HARD_STOP_RE = re.compile(f"[{re.escape(HARD_STOP)}]")
_GENRES = ("方案", "意见", "通知", "办法", "规定", "细则", "计划", "要点", "决定", "公告", "通告", "规划",
           "纲要", "措施", "规则", "条例", "制度", "指引", "批复", "函", "报告", "通报", "标准", "目录", "清单",
           "说明", "安排", "意见稿", "总结")
_SPACES = re.compile(r"\s")
_DATE_END = re.compile("(?:" + DATE.pattern + r")\s*(?:印发|发布)?$")
_DATE_START = re.compile(DATE.pattern)
# a title may carry its 发文字号 in brackets: …的通知（国办发明电〔2008〕15号）
_NUMBER_AFTER = re.compile(r"[（(]\s*" + DOC_NUMBER.pattern + r"\s*[）)]$")
# what may follow a title's genre word and still be the title: 关于印发…方案 的通知, …办法 （试行）
# 第 六 条 银保监会 及其派出机构…: a word that joins the next noun to the one before it
_PHRASE_GOES_ON = ("及", "和", "与", "的", "等", "或", "以及")
_TITLE_GOES_ON = ("的", "（", "(", "之", "和", "及", "与", "暨", "》", "”")
# a date inside a sentence: 自2016年5月1日起, 2016年10月9日前, 2016年3月1日召开
_AFTER_DATE_IN_SENTENCE = ("起", "前", "以来", "至", "到", "开始", "之前", "以后", "后", "止", "—", "-", "～",
                           "、", "，", "召开", "举行", "在", "以", "为")
# 附件 1 …, 附件：…, 附件2…: an attachment's heading (GB/T 9704 7.3.6, 8)
_ATTACHMENT = re.compile(r"附\s*件\s*(?:\d+|[：:])")
# 关键字：农药；监管 各市（地）农委: the keyword list of a site's metadata ends with its last word
_KEYWORD_WORDS = ("关键字", "关键词", "主题词")
_KEYWORD_LIST = re.compile(rf"(?:{'|'.join(_KEYWORD_WORDS)})\s*[：:][^\s：:]{{0,200}}$")


# the value of a contact field: an e-mail address, a web address, a telephone number
_CONTACT_VALUE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[\w./?=&%#-]+|[\d—－()（）-]{7,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")

# what follows an item's number in its marker (1、 1． 1.)
_MARKER_PUNCTUATION = ("、", "．", ".")
# 5 -6 月，要对…检查 / 3 月底已经下达…: a number a scraper spaced from the rest of its date or
# span opens a sentence; a stray page number is never followed by a month, a span or a 底/初
_SPACED_DATE_TAIL = re.compile(r"(?:[-－—~～至到]\s*\d{1,2}\s*)?[年月日号]")


# Longer than any fragment a rule below can accept even with a space after every character (a
# title is at most 100 characters, a date or heading line 60, an issuer 40).
_LONGEST_DECIDING_FRAGMENT = 400


def break_reason(left: str, right: str, after_break: bool, width: Optional[int] = None) -> Optional[str]:
    """Why the space between ``left`` and ``right`` is a lost line break, or None.

    left: the text since the last hard stop (sentence punctuation, colon, line start or break).
    right: the text after the space, to the line end (40 characters are enough).
    after_break: ``left`` opens a line or follows another break (not a sentence inside a line).
    width: the printed line width when the text keeps a space at every wrap (:func:`wrap_width`):
        a fragment with commas that fills a whole line is a wrapped sentence, one that stops
        short of it is a heading of phrases.

    >>> break_reason("二、主要任务", "（一）加大禁限用农药整治力度。", True)
    'marker'
    >>> break_reason("一、指导思想", "认真贯彻落实党中央决策部署", True)
    'heading'
    >>> break_reason("黑龙江省农业委员会", "2016年5月14日", True)
    'issuer-date'
    >>> break_reason("省新闻出版广电局2015年工作要点", "2015年，我局…", True)
    'title'
    >>> break_reason("各地要继续开展农药专项", "整治工作", False) is None
    True
    >>> break_reason("4", "月初，制定印发行动方案", False) is None  # 。 4 月初: a date, no page number
    True
    >>> break_reason("2", "、注重反腐倡廉宣传教育。", True) is None  # 2 、注重…: a marker spaced out
    True
    >>> break_reason("5", "-6 月，要对已经定点的经营单位进行检查", True) is None  # a month span spaced out
    True
    """
    if not right:
        return "edge"
    if field_key_regex().match(right):
        return "field"  # 发文机构：… 发布时间：…, 完成时限：… after a space starts a field
    if _ATTACHMENT.match(right):
        return "attachment"  # …2013年6月19日 印发 附件 1 全省…名单: the 附件 lines begin
    if left.isdigit() and (right.startswith(_MARKER_PUNCTUATION) or _SPACED_DATE_TAIL.match(right)):
        return None  # 1 、深化党员干部…: a PDF spaced an item's number from its 、, no page number
    if left and len(left) <= 16 and boilerplate_kind(left) == "closing" and _HAN.match(right):
        return "closing"  # …印发 （共印2000份） 关于本市贯彻…的实施意见: the 版记 ended, a title follows
    if left and len(left) <= 60 and boilerplate_kind(left) == "chrome" and (after_break or not left.isdigit()):
        # 【字体：大中小】 打印 各市、县人民政府：…: the page's tool bar ended. A bare number is a
        # stray page number only where a line or break left it; after a sentence's stop it opens
        # a date or a quantity that a PDF spaced out (（一）制定行动方案。 4 月初，制定印发…).
        return "chrome"
    if len(left) > _LONGEST_DECIDING_FRAGMENT:
        # No heading, title, date, issuer or doc number runs this long (a roster of names spaced
        # on one line, as a 表彰决定 lists 获奖人员): only an item marker can follow a break here.
        # Deciding the rest by the length alone keeps such a line linear instead of quadratic.
        return "marker" if match_marker(right) is not None else None
    compact_left = _SPACES.sub("", left)
    if match_marker(right) is not None and not _is_marker_only(compact_left):
        # 二、主要任务 （一）… / 二、 基本原则 一是…: an item begins here. 省委 2013 年 is no
        # marker (match_marker refuses 2013年), and 1. after a space in a sentence is rare.
        return "marker"
    if not compact_left:
        return None  # right after a colon or sentence end: gaps() looks at the sentence before
    if _CONTACT_VALUE.fullmatch(compact_left) and _HAN.match(right):
        # 邮箱：jcsc@samr.gov.cn 北京2022年…行动方案: an address or number ends its field, and
        # prose never goes on after one with a space (a contact block above the issued plan)
        return "field-end"
    if DOC_NUMBER.fullmatch(compact_left):
        if re.match(r"签\s*发\s*人", right):
            return None  # 揭府〔2018〕38号　　签发人：张三: a 上行文's number line (GB/T 9704 §7.2.5)
        return "doc-number"  # 沪府办发〔2008〕5号 各区、县人民政府…
    m = match_marker(compact_left)
    # 一是认真做好调查 摸底…: 一是/一要 enumerate inside a sentence and never open a heading line
    if m is not None and m.kind != "yishi" and m.length < len(compact_left):
        title = compact_left[m.length:]
        # a one-character title is a word spread over the line (第一章 总 则, 附 则), not a heading
        if _heading_title(title, width is not None and len(compact_left) >= 0.8 * width, after_break) \
                and not _continues_word(right) and not right.startswith(_PHRASE_GOES_ON):
            return "heading"  # 一、 指导思想 认真贯彻…: the heading line ended here
    if len(compact_left) <= 60 and _DATE_END.search(compact_left):  # the cheap test first
        # a signature's date line ended, unless the date opens a sentence (2016年5月1日起…)
        return None if right.startswith(_AFTER_DATE_IN_SENTENCE) else "date"
    if _DATE_START.match(_SPACES.sub("", right[:20])) and _is_issuer(compact_left):
        return "issuer-date"  # 黑龙江省农业委员会 2016 年 10 月 9 日
    if after_break and _is_issuer(compact_left) and _is_issuer(right.split(maxsplit=1)[0]):
        # 北京市民政局 北京市财政局 … 北京市残疾人联合会 2019年3月14日: a joint signature printed
        # side by side, one body after another (京民养老发〔2019〕42号, round 7 y10)
        return "issuer-issuer"
    if not (after_break or _is_issuer(compact_left)):
        return None
    # the doc number searched for only where it can stand: in brackets closing the fragment
    titled = _NUMBER_AFTER.sub("", compact_left) if compact_left.endswith((")", "）")) else compact_left
    if titled.endswith(_GENRES) \
            and 6 <= len(titled) <= 100 and not re.search(r"[，,。；;]", titled) \
            and not right.startswith(_TITLE_GOES_ON):
        return "title"  # …实施方案 按照农业部… / …工作要点 2015年，我局…: the title line ended
    return None


def gaps(text: str, gap: "re.Pattern[str]") -> Iterator[tuple["re.Match[str]", Optional[str]]]:
    """Each match of ``gap`` in ``text`` with the reason it is a line break (None: a plain space).

    The left context of a gap runs back to the last hard stop or break, so that a decision sees
    the fragment a reader would (a heading, a title, a date) rather than the whole line.
    """
    line_start = fragment_start = last_end = last_break = 0
    after_break = True
    width = wrap_width(text)
    # a keyword list needs its key word: a text without one is not searched for it at each gap
    keywords = any(word in text for word in _KEYWORD_WORDS)
    for m in gap.finditer(text):
        nl = text.rfind("\n", last_end, m.start())
        if nl >= 0:
            line_start = fragment_start = last_break = nl + 1
            after_break = True
        stop = None
        for stop in _HARD_STOP_RE.finditer(text, max(fragment_start, last_end), m.start()):
            pass  # the last hard stop before the gap starts the fragment
        if stop is not None:
            fragment_start = stop.end()
            after_break = False
        last_end = m.end()
        left = text[fragment_start:m.start()].strip()
        line_end = text.find("\n", m.end())
        right = text[m.end(): line_end if line_end >= 0 else len(text)][:40]
        if keywords and _KEYWORD_LIST.search(text, max(line_start, m.start() - 300), m.start()):
            reason: Optional[str] = "keywords"
        else:
            reason = break_reason(left, right, after_break, width)
            if reason is None and not left and m.start() and text[m.start() - 1] in "：:":
                # 各区、县人民政府，市政府各委、办、局： 经市政府同意…: the 主送机关 line ended
                reason = "recipients" if _is_recipient_list(text[last_break:m.start() - 1]) else None
        if reason is not None:
            fragment_start = last_break = m.end()
            after_break = True
        yield m, reason


@functools.lru_cache(maxsize=4096)
def _is_marker_only(compact_left: str) -> bool:
    m = match_marker(compact_left)
    return m is not None and m.length >= len(compact_left)


def _is_issuer(fragment: str) -> bool:
    core = _BRACKETED.sub("", fragment)
    return 3 <= len(core) <= 40 and not _LIST_PUNCT.search(core) and core.endswith(ISSUER_ENDS)


def _is_recipient_list(fragment: str) -> bool:
    """A 主送机关 list ending at a colon: 各…, or names of bodies separated by 、，."""
    tail = fragment.strip()
    cut = max(tail.rfind(c) for c in "。；;：:")  # only the last sentence before the colon
    tail = re.sub(r"\s", "", tail[cut + 1:])
    if not (2 <= len(tail) <= 200):
        return False
    pieces = [tail[a:b] for a, b in split_top_level(tail)]
    return bool(pieces) and (tail.startswith("各") or all(is_unit_like(x) for x in pieces))


_HAN_GAP = re.compile(r"[\u4e00-\u9fff，。、；][ \u3000\xa0]+[\u4e00-\u9fff]")
# （一）深化改革，积极构建全省机关事务工作科学发展的体制和机制 改革创新是…: a heading of parallel
# phrases holds commas; each phrase is a few words, and no sentence stop stands in it
PHRASE_MAX_RUN_IN = 24


def _heading_title(title: str, fills_line: bool, opens_line: bool = True) -> bool:
    """A heading's title: short and without commas (指导思想), or a few comma-separated phrases
    (提高认识，强化责任，认真履行好各项管理职责) as work reports and 工作要点 title their parts,
    unless the fragment fills a printed line (a sentence wrapped there) or its marker runs on
    after a sentence inside the line: in ``…的行为。（二）重点打击以介绍工作、从事经 营活动等…`` the
    items run together and the space is a wrap inside 经营, not a heading's end."""
    if 2 <= len(title) <= 20 and not re.search(r"[，,、。；;]", title):
        return True
    return opens_line and not fills_line and len(title) <= 40 and is_phrase_title(title, PHRASE_MAX_RUN_IN)


def wrap_width(text: str) -> Optional[int]:
    """The printed line width of a text whose lines a PDF or a scraper ran together keeping a space
    at each wrap (…，事关 最广大人民…; …全省和省直 实际…): the median run between spaces that stand
    between Han characters, when there are enough of them to show a width; else None."""
    starts = [m.start() for m in _HAN_GAP.finditer(text)]
    if len(starts) < 4:
        return None
    runs = sorted(b - a for a, b in zip(starts, starts[1:]))
    return runs[len(runs) // 2]


def _continues_word(right: str) -> bool:
    """A short heading can itself be cut by a wrap: 一、加强组织 领导 / 三、工作安 排 （一）… — the
    part after the space is too short to be a sentence and ends the line or the heading."""
    head = re.split(r"[\s，,。；;：:]", right, maxsplit=1)[0]
    rest = right[len(head):].lstrip()
    if len(head) == 1 and rest[:1] in "，,、":
        return True  # （二）认真部 署，落实责任。: one character before a comma opens no paragraph
    return len(head) <= 3 and (not rest or rest[0] in "。；;：:" or match_marker(rest) is not None)


# patterns of the functions above, compiled once (re.* looked each up in its cache per call)
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
_LIST_PUNCT = re.compile(r"[，,。；;、]")
