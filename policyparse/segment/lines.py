"""What a paragraph is, seen from the layout of a notice (GB/T 9704-2012 §7): title, 发文字号,
主送机关, signature, date, attachment note, preamble."""

from __future__ import annotations

import functools
import re
from typing import Optional

from .lexicon import doc_type_of
from .patterns import DOC_NUMBER, ISSUER_ENDS, search_date
from .paragraphs import Para

_SENTENCE_PUNCT = re.compile(r"[。；;！!？?]")
_TITLE_FORBIDDEN = re.compile(r"[。；;！!？?：:，,]")
_PREAMBLE_START = re.compile(
    r"^(为了?|根据|按照|依据|现将|现就|现公布|现予公布|现印发|现发布|当前|随着|目前|近期|党的十[八九]大以来|经[\u4e00-\u9fff]{0,12}(同意|研究)|近年来|贯彻落实|为进一步|为深入|为加快|为全面)")
_PREAMBLE_END = re.compile(
    r"(?:如下|以下)[\u4e00-\u9fff]{0,6}[:：]$|制定本[\u4e00-\u9fff]{1,6}[。.]?$")
_RECIPIENT_WORDS = re.compile(r"各|政府|部门|单位|委|办|局|厅|管委会|机构|公司|学校|街道|乡镇|直属")
ATTACHMENT_LINE = re.compile(r"^附\s*件\s*\d*\s*[:：]?")


_YEAR_IN_BRACKETS = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]")
_NUMBER_IN_BRACKETS_AT_END = re.compile(r"[(（]\s*" + DOC_NUMBER.pattern + r"\s*[)）]\s*$")
_NUMBER_AT_START = re.compile("^" + DOC_NUMBER.pattern)
_NUMBER_AT_END = re.compile(DOC_NUMBER.pattern + "$")
_TITLE_DECORATION = re.compile(r"[《》\s\u3000]")


@functools.lru_cache(maxsize=8192)
def clean_title(text: str) -> str:
    """A title without 《》, spaces and a 发文字号 printed before or after it.

    >>> clean_title("青政〔2017〕47号《青海省人民政府关于青海省加强政务诚信建设的实施意见》")
    '青海省人民政府关于青海省加强政务诚信建设的实施意见'
    >>> clean_title("红桥区加强政务诚信建设实施方案(红桥政办发〔2019〕13号)")
    '红桥区加强政务诚信建设实施方案'
    """
    t = text.strip()
    if _YEAR_IN_BRACKETS.search(t):  # only then can a 发文字号 be printed around the title
        t = _NUMBER_IN_BRACKETS_AT_END.sub("", t)
        t = _NUMBER_AT_START.sub("", t)
        t = _NUMBER_AT_END.sub("", t)
    return _TITLE_DECORATION.sub("", t)


def is_title(p: Para) -> bool:
    """A line that reads as a document title: ends with a genre word, no sentence punctuation."""
    if p.marker is not None or p.boiler in ("chrome", "news", "question"):
        return False
    t = clean_title(p.text)
    if _CAPTION.match(t):
        return False  # a figure or table caption (图1　汽车号牌编码规则)
    if not (5 <= len(t) <= 100) or _TITLE_FORBIDDEN.search(t) or ATTACHMENT_LINE.match(t):
        return False
    if doc_type_of(t) is None:
        return False
    # A sentence ending in 通知/意见 (…的通知) is a title; one ending in 方案 after a verb
    # (制定本方案) is the preamble.
    return not re.search(r"(制定|提出|印发|制订|出台)(本|此|如下|以下)[\u4e00-\u9fff]{0,6}$", t)


def is_title_part(p: Para) -> bool:
    """A short line without punctuation that may be the first line of a title wrapped in two."""
    t = p.text.strip()
    return (p.marker is None and p.boiler is None and 4 <= len(t) <= 40
            and not _TITLE_FORBIDDEN.search(t) and not search_date(t))


_SIGNER = re.compile(r"签\s*发\s*人\s*[:：]\s*[\u4e00-\u9fff\s]{1,12}$")
_SPACES = re.compile(r"\s")
# 16 characters of 机关代字, 〔2018〕, 第, four digits and 号 (patterns.DOC_NUMBER)
_LONGEST_NUMBER = 16 + 6 + 1 + 4 + 1


def is_doc_number_line(p: Para) -> bool:
    """The 发文字号 line, possibly with the 签发人 printed beside it (上行文, GB/T 9704 §7.2.5)."""
    text = _SIGNER.sub("", p.text)
    compact = len(_SPACES.sub("", text))
    if compact > _LONGEST_NUMBER + 4:
        return False  # longer than any 发文字号 line: running text, not worth the search
    m = DOC_NUMBER.search(text)
    return bool(m) and compact <= len(_SPACES.sub("", m.group(0))) + 4


def is_recipients(p: Para) -> bool:
    """主送机关: ``各县(市、区)人民政府、武夷新区管委会,市直有关部门:``."""
    t = p.text.strip()
    if not t or len(t) > 200 or p.marker is not None:
        return False
    if t[-1] not in ":：":
        # a scraper may drop the colon: accept 各… lists made only of organisation names
        from .patterns import is_unit_list
        return (t.startswith("各") and not _SENTENCE_PUNCT.search(t) and len(t) <= 120
                and bool(re.search(r"[、，,]", t)) and is_unit_list(t))
    if _SENTENCE_PUNCT.search(t) or _PREAMBLE_START.match(t) or ATTACHMENT_LINE.match(t):
        return False
    if re.match(r"^(抄送|抄报|附件|联系人|联系电话|来源|发布时间|主题词)", t):
        return False
    if not _RECIPIENT_WORDS.search(t):
        return False
    # 主送机关 name organisations: the list starts with 各… or ends with an organisation name;
    # a line like 发展改革委意见： introduces a paragraph instead.
    from .patterns import is_unit_like, split_top_level
    core = t[:-1]
    pieces = [core[s:e].strip() for s, e in split_top_level(core)]
    return bool(pieces) and (pieces[0].startswith("各") or is_unit_like(pieces[-1]))


def is_addressee(p: Para) -> bool:
    """A short salutation ending with a colon that names no organisation (马万祺副主席：)."""
    t = p.text.strip()
    return (p.marker is None and 2 <= len(t) <= 30 and t[-1] in ":：" and not _TITLE_FORBIDDEN.search(t[:-1])
            and not _PREAMBLE_START.match(t) and not ATTACHMENT_LINE.match(t))


def is_date_line(p: Para) -> bool:
    m = search_date(p.text)
    return bool(m) and len(p.text.strip()) <= len(m.group(0)) + 4


def is_issuer_name(text: str) -> bool:
    """A line that can be the 发文机关署名: an organisation name, nothing else."""
    t = _ISSUER_SPACE.sub("", text)
    if not (3 <= len(t) <= 40) or _ISSUER_FORBIDDEN.search(t):
        return False
    if _ARTICLE_OPENING.match(t):
        return False  # 第六条银保监会…: an article's opening words, cut at a space, are no signature
    core = _BRACKETED.sub("", t)
    return core.endswith(ISSUER_ENDS)


_ENTITY_RESIDUE = re.compile(r"&[a-zA-Z]{1,8};")


def signature_of(p: Para) -> Optional[tuple[list[str], Optional["re.Match[str]"]]]:
    """Issuer names and date printed on one signature line (``南平市人民政府办公室``,
    ``天津市红桥区人民政府办公室   2019年7月2日印发``)."""
    t = _ENTITY_RESIDUE.sub(" ", p.text).strip()  # 国务院办公厅  &sp; : a scraped page's broken entity
    m = search_date(t)
    name_part = t[:m.start()] if m else t
    rest = t[m.end():].strip() if m else ""
    if rest and rest not in ("印发", "发布"):
        return None
    names = []
    for name in _WIDE_SPACE.split(name_part.strip()):
        pieces = name.split()
        # 国务院　中央军委: joint issuers a single space apart
        if len(pieces) > 1 and all(is_issuer_name(x) for x in pieces):
            names.extend(pieces)
        elif name:
            names.extend(glued_issuers(name) or [name])
    if not names:
        return ([], m) if m else None
    if all(is_issuer_name(n) for n in names):
        return names, m
    return None


# Where the name of a second issuer may begin inside glued names: the party, the state and a place
# (中共湖北省委办公厅湖北省人民政府办公厅, 辽宁省财政厅中国人民银行沈阳分行)
_ISSUER_START = re.compile(r"中共|中国|国家|国务院|中华人民共和国|[\u4e00-\u9fff]{2,3}(?:省|自治区|市)")


def glued_issuers(name: str) -> Optional[list[str]]:
    """Joint issuers printed with nothing between them, split where one name ends with an
    issuer's ending and the next opens as a body's name does; None when ``name`` is one name.

    >>> glued_issuers("辽宁省财政厅中国人民银行沈阳分行")
    ['辽宁省财政厅', '中国人民银行沈阳分行']
    >>> glued_issuers("中共湖北省委办公厅湖北省人民政府办公厅")
    ['中共湖北省委办公厅', '湖北省人民政府办公厅']
    >>> glued_issuers("湖北省人民政府办公厅") is None
    True
    """
    t = _ISSUER_SPACE.sub("", name)
    if len(t) < 8:
        return None
    for k in range(3, len(t) - 4):
        left, right = t[:k], t[k:]
        if _ISSUER_START.match(right) and is_issuer_name(left) and is_issuer_name(right):
            return [left] + (glued_issuers(right) or [right])
    return None


def is_preamble(p: Para) -> bool:
    """The opening paragraph of a document's body: it starts with the purpose or basis
    (为…, 根据…) or ends with the formula that announces the text (…现就本市…提出如下实施意见：,
    …制定本方案。), as a 实施意见 printed without a header above its title does (a page that
    prints the same 意见 twice, round 9 y05)."""
    t = p.text.strip()
    return bool(_PREAMBLE_START.match(t) or (len(t) >= 20 and _PREAMBLE_END.search(t)))


def is_body(p: Para) -> bool:
    """A paragraph of running text."""
    t = p.text.strip()
    return (len(t) >= 20 and bool(_BODY_PUNCT.search(t))) or (len(t) >= 8 and t[-1] in "。；;")


# patterns of the functions above, compiled once (re.* looked each up in its cache per call)
_CAPTION = re.compile(r"^(图|表|附图|附表)\s*\d")
_ISSUER_SPACE = re.compile(r"[\s\u3000]")
_ISSUER_FORBIDDEN = re.compile(r"[。，,；;：:、！？\d]")
_ARTICLE_OPENING = re.compile(r"第[一二三四五六七八九十百零〇]+[条章节款]")
_BRACKETED = re.compile(r"[(（][^)）]*[)）]")
_WIDE_SPACE = re.compile(r"[\s\u3000]{2,}")
_BODY_PUNCT = re.compile(r"[，,。；;、]")
