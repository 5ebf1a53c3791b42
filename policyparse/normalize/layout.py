"""Rejoin words that a PDF-to-text export or a scraper cut with spaces.

Most notices scraped from provincial portals were extracted from PDF: every printed line break
inside a paragraph became a space, wherever the margin fell (``农药专项整 治``, ``省住房和城乡 建设厅``,
``2016 年 10 月 9 日``, ``“ 三同时 ”``), and the paragraph breaks between a signature, its date, the
issued plan's title and its preamble became spaces too (``黑龙江省农业委员会 2016 年 10 月 9 日
黑龙江省…实施方案 按照农业部…``). A space between two Chinese characters means nothing in
Chinese prose, so in such a text the wrap spaces are removed; the spaces that stand where a
paragraph or heading ended are kept, so that the segment stage can still see the break:

- before a numbering marker (``二、主要任务 （一）加大…``, ``二、 基本原则 一是…``);
- after a heading printed as marker and short title (``一、 指导思想 认真贯彻…``);
- between a signature and its date, and after a date that closes a line;
- after a title that ends in its genre word and before the text it heads
  (``…实施方案 按照农业部…``);
- after sentence punctuation and colons (a space there removes no word break).

Only texts that show the damage are touched: clean pages hold few spaces between Chinese
characters (``索 引 号``, ``第一条 为…``, a menu ``政策解读 政策原文``), wrapped PDF text holds one
every line. The density threshold separates the two on the corpora (see ``MIN_GAPS_PER_1000``).
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from .text import Replacement

RULE = "rejoin_wrapped_words"

#: Wrap gaps inside sentences of running text per 1,000 Chinese characters of that text, below
#: which a text is read as clean. Measured over long lines (80+ characters holding a 。): the clean
#: pages of corpus/extra and corpus/ score 0-1.3 (one page 5.0, for slogans 望见美好 城就未来 in a
#: sentence), the PDF-derived texts of ../shared/corpus/wild 3-60, 97% of them 9 or more.
MIN_GAPS_PER_1000 = 6.0

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters a wrap gap may stand between: Chinese, digits, and the marks that sit inside a
# sentence (quotes, book-title marks, brackets, 、，). Latin words keep their spaces (PPP 项目).
_JOINABLE = rf"[{_HAN}0-9０-９〔〕（）()《》〈〉“”‘’「」、，,%％·]"
_GAP = re.compile(rf"(?<={_JOINABLE})[ \xa0]{{1,3}}(?={_JOINABLE})")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
# Where a fragment of text starts: the line start, or sentence punctuation and colons.
_HARD_STOP = "。；;：:！!？?\n"
_GENRES = ("方案", "意见", "通知", "办法", "规定", "细则", "计划", "要点", "决定", "公告", "通告", "规划",
           "纲要", "措施", "规则", "条例", "制度", "指引", "批复", "函", "报告", "通报", "标准", "目录", "清单",
           "说明", "安排", "意见稿")
_ISSUER_ENDS = ("人民政府", "政府", "办公室", "办公厅", "委员会", "管委会", "局", "厅", "委", "部", "院", "署",
                "中心", "小组", "办", "总局", "协会", "党组")
# The words a preamble or the first sentence of a body opens with.
_OPENERS = ("为", "根据", "按照", "依据", "依照", "现将", "现就", "经", "近年来", "当前", "目前", "随着", "各",
            "贯彻", "关于", "附件", "抄送", "主送")
_DATE_END = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_DATE_START = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_AFTER_DATE_IN_SENTENCE = ("起", "前", "以来", "至", "到", "开始", "之前", "以后", "后", "止", "—", "-", "～",
                           "、", "，", "召开", "举行", "在", "以", "为")


@functools.lru_cache(maxsize=1)
def _marker_matcher():
    from ..segment.markers import match_marker  # the one grammar of numbering markers
    return match_marker


@functools.lru_cache(maxsize=1)
def _field_key():
    from ..segment.lexicon import field_key_regex  # lexicons/shared/field_keys.tsv
    return field_key_regex()


# 关键字：农药；监管 各市（地）农委: the keyword list of a site's metadata ends with the last word
_KEYWORD_LIST = re.compile(r"(?:关键字|关键词|主题词)\s*[：:][^\s：:]{0,200}$")


def rejoin_wrapped_words(text: str) -> list[Replacement]:
    """Delete the spaces a PDF wrap left inside words and numbers, keeping structural ones.

    >>> damaged = "为加强农药监督管理，各地要继续开展农药专项 整治工作，加大禁限用农药整治力度。" * 12 + \\
    ...     "\\n一、 指导思想 认真贯彻落实省委 2016 年部署。"
    >>> reps = rejoin_wrapped_words(damaged)
    >>> from policyparse.normalize import normalize
    >>> normalize(damaged).text.splitlines()[-1]
    '一、指导思想 认真贯彻落实省委2016年部署。'
    >>> rejoin_wrapped_words("第一条 为抢抓国家人工智能发展机遇，制定本措施。")
    []
    """
    density = wrap_density(text)
    if density is None or density < MIN_GAPS_PER_1000:
        return []
    evidence = f"wrap gap; {density:.0f} spaces between Chinese characters per 1000"
    out: list[Replacement] = []
    line_start = 0
    fragment_start = 0
    after_break = True  # the fragment opens a line or follows a kept (structural) space
    last_end = 0
    for m in _GAP.finditer(text):
        # the fragment: text since the last hard stop, line start or kept space
        nl = text.rfind("\n", last_end, m.start())
        if nl >= 0:
            line_start = fragment_start = nl + 1
            after_break = True
        for k in range(max(fragment_start, last_end), m.start()):
            if text[k] in _HARD_STOP:
                fragment_start = k + 1
                after_break = False
        last_end = m.end()
        left = text[fragment_start:m.start()].strip()
        line_end = text.find("\n", m.end())
        right = text[m.end(): line_end if line_end >= 0 else len(text)][:40]
        keyword_end = bool(_KEYWORD_LIST.search(text, max(line_start, m.start() - 300), m.start()))
        if keyword_end or _structural(left, right, after_break):
            fragment_start = m.end()
            after_break = True
            continue
        out.append(Replacement(m.start(), m.end(), "", RULE, evidence))
    return out


def _structural(left: str, right: str, after_break: bool) -> bool:
    """True where the space stands for a lost paragraph or heading break."""
    if not left or not right:
        return True
    if _field_key().match(right):
        # 发文机构：… 发布时间：…: a site's metadata fields; 完成时限：… after a space starts a field
        return True
    compact_left = re.sub(r"\s", "", left)
    marker = _marker_matcher()
    if marker(right) is not None and not _is_marker_only(compact_left):
        # 二、主要任务 （一）… / 二、 基本原则 一是…: an item begins here. 省委 2013 年 is no
        # marker (match_marker refuses 2013年), and 1. after a space in a sentence is rare.
        return True
    m = marker(compact_left)
    if m is not None and m.length < len(compact_left):
        title = compact_left[m.length:]
        if len(title) <= 20 and not re.search(r"[，,、。；;]", title) and not _continues_word(title, right):
            return True  # 一、 指导思想 认真贯彻…: the heading line ended here
    if _DATE_END.search(compact_left) and len(compact_left) <= 60:
        return not right.startswith(_AFTER_DATE_IN_SENTENCE)  # a signature's date line ended
    if _DATE_START.match(re.sub(r"\s", "", right[:20])) and _is_issuer(compact_left):
        return True  # 黑龙江省农业委员会 2016 年 10 月 9 日
    if after_break or _is_issuer(compact_left):
        if compact_left.endswith(_GENRES) and 6 <= len(compact_left) <= 100 and \
                not re.search(r"[，,。；;]", compact_left) and right.startswith(_OPENERS):
            return True  # …实施方案 按照农业部…: the title line ended
    return False


def _is_marker_only(compact_left: str) -> bool:
    m = _marker_matcher()(compact_left)
    return m is not None and m.length >= len(compact_left)


def _is_issuer(fragment: str) -> bool:
    core = re.sub(r"[（(][^）)]*[）)]", "", fragment)
    return 3 <= len(core) <= 40 and not re.search(r"[，,。；;、]", core) and core.endswith(_ISSUER_ENDS)


def _continues_word(title: str, right: str) -> bool:
    """A short heading can itself be cut by a wrap: 一、加强组织 领导 — the part after the space
    is too short to be a sentence and ends the line or the heading."""
    head = re.split(r"[\s，,。；;：:]", right, maxsplit=1)[0]
    return len(head) <= 3 and (len(right) <= len(head) + 1 or right[len(head):len(head) + 1] in "。；;：:")


_SENTENCE_GAP = re.compile(rf"(?<=[{_HAN}，、]) (?=[{_HAN}])")


def wrap_density(text: str) -> Optional[float]:
    """Spaces inside sentences of running text per 1,000 Chinese characters of it, or None when
    the text has too little running text to tell (under 300 characters in long lines).

    Only long lines that hold a 。 count, and only spaces at least 8 characters after the last
    。；： and 2 before the next 。；，: headings, menus, signatures and ``第一条 为…`` never do.
    """
    han = gaps = 0
    for line in text.split("\n"):
        if len(line) < 80 or "。" not in line:
            continue
        han += len(_HAN_CHAR.findall(line))
        for m in _SENTENCE_GAP.finditer(line):
            last_stop = max(line.rfind(c, 0, m.start()) for c in "。；：:")
            ahead = [k for k in (line.find(c, m.end()) for c in "。；，") if k >= 0]
            if m.start() - last_stop >= 8 and min(ahead, default=len(line)) - m.end() >= 2:
                gaps += 1
    return 1000.0 * gaps / han if han >= 300 else None
