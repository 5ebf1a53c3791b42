"""Splitting a file into notices and dropping what is not a notice.

A scraped page may hold several notices glued together, with site menus, view counters, a
question title, an essay or a news summary between them. A notice starts with its header
(GB/T 9704-2012 §7.2: 发文字号, 标题, 主送机关, in some order, some missing) followed by running
text, and closes with the signature and date (§7.3.5) and the 版记 (抄送, 印发). What comes after
a signature is kept only when it belongs to the notice: the plan the notice issues
(现将《X》印发给你们 … X), its attachments (附件), the 公开 remark and the 版记.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .lines import (ATTACHMENT_LINE, is_addressee, clean_title, is_body, is_date_line, is_doc_number_line,
                    is_preamble, is_recipients, is_title, is_title_part, signature_of)
from .labels import Decision, decide
from .markers import match_marker
from .paragraphs import Para
from .lexicon import title_endings

_ISSUED_IN_TITLE = re.compile(r"关于(?:印发|转发|发布)(.+?)的通知$")


@dataclass
class DocSlice:
    """The paragraphs of one notice (indices into the file's paragraph list)."""

    paras: list[int] = field(default_factory=list)
    header_end: int = 0          # index (into ``paras``) of the first body paragraph
    signature: list[int] = field(default_factory=list)
    expected_titles: list[str] = field(default_factory=list)
    issued_titles: list[str] = field(default_factory=list)  # what its title or preamble issues
    issues_documents: bool = False   # 关于印发…的通知, 现将《…》印发, or an 附件 line
    in_attachments: bool = False     # an 附件 line was met: what follows is the notice's attachments
    in_roster: bool = False          # the attachment being read lists names or documents (…目录, …名单)


# compiled once: every title candidate of every header is folded
_FOLDED_OUT = re.compile(r"[\s\u3000《》〈〉<>“”\"'‘’()（）、，,：:]")


def fold(text: str) -> str:
    """Text folded for comparing titles: no spaces, brackets, quotes or punctuation."""
    return _FOLDED_OUT.sub("", text)


# A printed title may word the issued title its own way (关于印发…团委2014年工作总结和2015年工作要点 …
# 2014年交通运输部直属机关共青团工作总结): the same genre and most of the issued title's character
# pairs name it
TITLE_LIKENESS = 0.75


def names_issued_title(title: str, expected: list[str]) -> bool:
    """Whether a folded title line names one of the titles a notice said it issues: the same
    title, one inside the other (the issuer given once for two documents), or the same genre in
    much the same words.

    >>> names_issued_title("2014年交通运输部直属机关共青团工作总结", ["交通运输部直属机关团委2014年工作总结"])
    True
    >>> names_issued_title("2015年交通运输部直属机关共青团工作要点", ["2015年工作要点"])
    True
    >>> names_issued_title("2014年交通运输部直属机关共青团工作要点", ["交通运输部直属机关团委2014年工作总结"])
    False
    """
    if len(title) < 4:
        return False
    for e in expected:
        if title == e or (title in e and len(title) >= 6) or (e in title and len(e) >= 6):
            return True
        if len(e) >= 8 and _same_genre(title, e) and _bigrams_covered(e, title) >= TITLE_LIKENESS:
            return True
    return False


def _same_genre(a: str, b: str) -> bool:
    from .lexicon import doc_type_of

    genre = doc_type_of(a)
    return genre is not None and genre == doc_type_of(b)


def _bigrams_covered(short: str, long: str) -> float:
    """The share of ``short``'s character pairs that ``long`` holds too."""
    x = {short[i:i + 2] for i in range(len(short) - 1)}
    y = {long[i:i + 2] for i in range(len(long) - 1)}
    return len(x & y) / len(x) if x else 0.0


def line_features(p: Para) -> set[str]:
    """The features of a paragraph that the ``line`` decision weighs
    (``lexicons/segment/label_weights.tsv``)."""
    return set(_line_features(p.text, p.marker is not None, p.boiler))


@functools.lru_cache(maxsize=16384)
def _line_features(text: str, has_marker: bool, boiler: str | None) -> tuple[str, ...]:
    p = Para(0, len(text), text, [], match_marker(text) if has_marker else None, boiler)
    t = text.strip()
    fired = []
    if len(t) <= 6 and not re.search(r"[\u4e00-\u9fff]", t):
        fired.append("no_chinese_short")
    if len(t) <= 5 and not has_marker and not re.search(r"[，,。；;：:、]", t):
        fired.append("bare_word")
    if boiler == "chrome":
        fired.append("boiler_chrome")
    metadata = _is_site_metadata(p)
    if metadata:
        fired.append("site_metadata")
    if boiler in ("news", "question", "closing"):
        fired.append("boiler_text")
    if is_doc_number_line(p):
        fired.append("doc_number_line")
    # 发文机构： with its value left empty by the site ends with a colon as a 主送机关 line does
    if not metadata and is_recipients(p):
        fired.append("recipients_colon" if t[-1] in ":：" else "recipients_no_colon")
    if is_title(p):
        fired.append("title_shape")
    if is_title_part(p):
        fired.append("title_part_shape")
    if is_addressee(p):
        fired.append("addressee_shape")
    if is_date_line(p) or _NUMERIC_DATE_LINE.fullmatch(text):
        fired.append("date_line")
    if has_marker:
        fired.append("numbered_line")
    if is_body(p):
        fired.append("running_text")
    return tuple(fired)


def line_decision(p: Para) -> Decision:
    """What a paragraph is as a line of a notice's header, and why (see :mod:`.labels`)."""
    return _line_decision(p.text, p.marker is not None, p.boiler)


# the splitter asks again for each line of every header it tries from a line above (up to 14
# lines on): the decision depends on the line's features alone and is frozen, so kept once
@functools.lru_cache(maxsize=16384)
def _line_decision(text: str, has_marker: bool, boiler: str | None) -> Decision:
    return decide("line", set(_line_features(text, has_marker, boiler)))


def _header_kind(p: Para) -> str | None:
    """The header role of a paragraph: junk, chrome, number, recipients, addressee, title, part,
    date, or None for running text and lines that are no header line (news, 版记)."""
    label = line_decision(p).label
    return None if label in ("other", "numbered", "text") else label


def _is_site_metadata(p: Para) -> bool:
    """A field of the metadata a site prints about the page (发文机构：…, 发布时间：…, 关键字：…):
    page furniture, not the notice (lexicons/shared/field_keys.tsv, kind ``meta``)."""
    from .lexicon import field_key_regex

    return len(p.text) <= 300 and bool(field_key_regex(("meta",)).match(p.text.strip()))


def _header_group(paras: list[Para], i: int) -> tuple[int, int] | None:
    """If a notice header starts at ``i``: (first header paragraph, first body paragraph)."""
    kinds = []
    j = i
    while j < len(paras) and len(kinds) < 14:
        k = _header_kind(paras[j])
        if k is None:
            break
        kinds.append((j, k))
        j += 1
    if j >= len(paras) or not kinds:
        return None
    if len(kinds) >= 14 and _header_kind(paras[j]) is not None:
        # the window ended inside the header (a page's metadata, title, number and tool bar, then
        # the 主送机关 line): the header is read from a later start, whole
        return None
    body = paras[j]
    if not (is_body(body) or body.marker is not None):
        return None
    strong = [(idx, k) for idx, k in kinds if k in ("number", "recipients", "title")]
    if not strong:
        return None
    # A title alone is a notice start only when running text follows as a preamble, or the
    # header holds more than the title (page chrome, a number, recipients).
    has_more = any(k in ("number", "recipients", "chrome") for _, k in kinds) or len(strong) > 1
    if not has_more and not (is_preamble(body) or body.marker is not None):
        return None
    # Page chrome splits a page title from the notice's own header: start after the last chrome
    # line when what follows is a complete header by itself.
    chrome = [idx for idx, k in kinds if k == "chrome"]
    start = kinds[0][0]
    if chrome:
        after = [(idx, k) for idx, k in kinds if idx > chrome[-1] and k == "title"]
        before = [idx for idx, k in kinds if idx < chrome[0] and k == "title"]
        if after and before and _issues(paras, before[0], after[0][0]):
            # the page's title is the notice (关于印发《X》的通知), the title after the site's
            # metadata the plan it issues (X), printed with no notice header of its own
            start = before[0]
            if len(_issued_titles(paras, [before[0]])) > 2:
                # 关于印发X2014年工作总结和2015年工作要点的通知: the first of the documents it issues
                # opens its body, as a document of its own
                return start, after[0][0]
        elif after:
            start = next(idx for idx, k in kinds if idx > chrome[-1] and k in ("number", "recipients", "title", "part"))
        else:
            start = next(idx for idx, k in kinds if k in ("number", "recipients", "title", "part"))
    else:
        # a date line never opens a header: after a signature it is the closing notice's date
        # (…办公厅 / 二○○八年二月二十八日 / 国务院办公厅关于…的通知)
        start = next((idx for idx, k in kinds if k not in ("junk", "date")), kinds[0][0])
    return start, j


def _opens_after_attachments(paras: list[Para], group: tuple[int, int]) -> bool:
    """In a notice's attachments a list of bodies with a colon is a roster line (省农垦总局：黑龙江宝泉岭
    经济开发区、…) unless a title or 发文字号 comes with it, or it is a 主送机关 (各…) over running
    text with sentences, as a second notice glued to the page prints it."""
    g_start, g_end = group
    if any(_header_kind(paras[k]) in ("title", "number") for k in range(g_start, g_end)):
        return True
    body = paras[g_end] if g_end < len(paras) else None
    return paras[g_start].text.strip().startswith("各") and body is not None and (
        is_preamble(body) or "。" in body.text)


def _issues(paras: list[Para], notice: int, plan: int) -> bool:
    """The title at ``notice`` issues the document titled at ``plan`` (关于印发《X》的通知 / X)."""
    issued = _issued_titles(paras, [notice])
    planned = fold(clean_title(paras[plan].text))
    if _issued_titles(paras, [plan]):
        # 国家林业局关于印发《X》的通知 after the page's 关于印发《X》的通知: the notice's own title
        # with its issuer, which issues X itself, not the plan X
        return False
    return fold(clean_title(paras[notice].text)) != planned and _matches_expected(paras[plan], issued)


# 《A》、《B》和《C》已经…同意，现印发给你们: the titles listed before the verb
_ISSUED_LIST = re.compile(r"((?:《[^《》]+》[、，,和及与\s]*(?:以及)?)+)(?:[^。《]{0,60}?|[^。《]{0,12}。[^。《]{0,8}?)"
                          r"(印发|发布|转发|公布)")
# 关于印发A和B的通知: the genre words where one issued title ends and the next begins (the next may
# open with its year: …2013年工作总结和2014年工作要点)
_JOINED_TITLES = re.compile(r"(?<=[\u4e00-\u9fff）)])(?:和|及|以及|与|、)(?=[\u4e00-\u9fff《\d])")


def _issued_titles(paras: list[Para], idxs: list[int]) -> list[str]:
    """Titles of the documents a notice issues: those its preamble lists before 印发/转发, and
    those its own title names (关于印发A和B的通知 -> A和B, A, B)."""
    from .lexicon import doc_type_of

    out = []
    for i in idxs[:12]:
        t = paras[i].text
        for m in _ISSUED_LIST.finditer(t):
            out.extend(fold(x) for x in re.findall(r"《([^《》]+)》", m.group(1)))
        m = _ISSUED_IN_TITLE.search(clean_title(t))
        if m:
            whole = m.group(1)
            out.append(fold(whole))
            pieces = _JOINED_TITLES.split(whole)
            if len(pieces) > 1 and all(doc_type_of(x) for x in pieces):
                out.extend(fold(x) for x in pieces)
    return out


def _attachment_titles(paras: list[Para], i: int) -> list[str]:
    """Titles announced by an 附件 line and the numbered lines that continue it."""
    out = [fold(ATTACHMENT_LINE.sub("", paras[i].text))]
    j = i + 1
    while j < len(paras) and paras[j].marker is not None and paras[j].marker.kind == "num_dot" \
            and len(paras[j].text) <= 60 and not re.search(r"[。；]", paras[j].text):
        out.append(fold(paras[j].body))
        j += 1
    for t in list(out):
        out.append(re.sub(r"^\d+[.．、]?", "", t))
    return [t for t in out if t]


def _lists_names(p: Para) -> bool:
    """An 附件 line whose title names a list of names or documents (…目录, …名单); a bare 附件：
    announcing several attachments names none."""
    title = ATTACHMENT_LINE.sub("", p.text).strip()
    return bool(title) and title.endswith(title_endings("list"))


def _matches_expected(p: Para, expected: list[str]) -> bool:
    return names_issued_title(fold(clean_title(p.text)), expected)


def split_documents(paras: list[Para]) -> tuple[list[DocSlice], list[str]]:
    """Group paragraphs into notices; return them with warnings naming what was dropped."""
    splitter = _Splitter(paras)
    splitter.run()
    docs, warnings = splitter.docs, []
    if not docs:
        fallback = _headerless_document(paras)
        if fallback is not None:
            doc, warning = fallback
            return [doc], [warning] if warning else []
    warnings.extend(_describe_dropped(paras, splitter.dropped))
    return docs, warnings


class _Splitter:
    """One walk over the lines of a file. State: outside (before any notice), body, closed
    (after a signature or 抄送 line) and dropping (news or page text after the notice)."""

    def __init__(self, paras: list[Para]):
        self.paras = paras
        self.docs: list[DocSlice] = []
        self.dropped: list[tuple[int, str]] = []
        self.cur: DocSlice | None = None
        self.state = "outside"

    def run(self) -> None:
        i, n = 0, len(self.paras)
        while i < n:
            group = self._header_group_at(i)
            if group:
                self._open(i, group)
                i = group[1]
                continue
            self._place(i)
            i += 1

    def _header_group_at(self, i: int) -> tuple[int, int] | None:
        """The header of a new notice starting at line i, if one does."""
        p, cur, state = self.paras[i], self.cur, self.state
        opens = state != "body" or _header_kind(p) in ("number", "recipients", "title")
        if state == "body" and cur is not None and _matches_expected(p, cur.expected_titles):
            return None  # the title of the plan this notice issues
        if not opens:
            return None
        group = _header_group(self.paras, i)
        if group and state in ("body", "closed") and cur is not None \
                and not _opens_new_notice(self.paras, group, cur, i):
            return None
        if group and cur is not None and cur.in_attachments and not _opens_after_attachments(self.paras, group):
            return None
        if group and cur is not None and cur.in_roster:
            # 附件1 废止的审计规章目录 / 序号 发布机关 规章名称 文号…: the titles and numbers of a list
            # of documents are its rows, not notices of their own (审计署令第7号)
            return None
        return group

    def _open(self, i: int, group: tuple[int, int]) -> None:
        paras, (g_start, g_end) = self.paras, group
        for k in range(i, g_start):
            if self.cur is not None and is_date_line(paras[k]):
                self.cur.paras.append(k)  # the closing notice's date, printed under its signature
            else:
                self.dropped.append((k, paras[k].boiler or "page text"))
        cur = self.cur = DocSlice()
        self.docs.append(cur)
        cur.paras.extend(range(g_start, g_end))
        cur.header_end = len(cur.paras)
        cur.expected_titles = _issued_titles(paras, list(range(g_start, min(len(paras), g_end + 3))))
        cur.issued_titles = list(cur.expected_titles)
        cur.issues_documents = bool(cur.expected_titles)
        self.state = "body"

    def _place(self, i: int) -> None:
        """Give line i (no header opens there) to the current notice or drop it."""
        p, cur = self.paras[i], self.cur
        if p.boiler == "chrome":
            self.dropped.append((i, "chrome"))
        elif self.state == "dropping" or (
                p.boiler in ("news", "question") and self.state != "outside" and cur is not None
                and _news_ends_notice(self.paras, cur, p)):
            self.dropped.append((i, p.boiler or "text after the notice"))
            self.state = "dropping"
        elif cur is None or self.state == "outside":
            self.dropped.append((i, p.boiler or "text before any notice"))
        elif self.state == "closed":
            self._after_signature(i)
        else:
            self._in_body(i)

    def _after_signature(self, i: int) -> None:
        paras, p, cur = self.paras, self.paras[i], self.cur
        expected = _matches_expected(p, cur.expected_titles)
        if p.boiler == "closing" or is_date_line(p) or ATTACHMENT_LINE.match(p.text) \
                or SEAL_NOTE.match(p.text.strip()) or expected or signature_of(p):
            cur.paras.append(i)
            if ATTACHMENT_LINE.match(p.text):
                cur.expected_titles.extend(_attachment_titles(paras, i))
                cur.issues_documents = cur.in_attachments = True
                cur.in_roster = _lists_names(p)
                self.state = "body"
            elif expected:
                self.state = "body"
            return
        nxt_expected = i + 1 < len(paras) and _matches_expected(paras[i + 1], cur.expected_titles)
        if (is_title_part(p) and nxt_expected) or (cur.issues_documents and _header_group(paras, i) is not None):
            # the first line of the issued plan's title, or the title of a document the
            # notice issues (两个规定 …) printed after its signature
            if _header_group(paras, i) is not None:
                self.state = "body"
            cur.paras.append(i)
            return
        if (p.marker is not None and p.marker.kind in ("cn_dun", "chapter", "cn_paren", "article")
                and p.marker.value == 1 and not any(paras[k].marker is not None for k in cur.paras)):
            # Republished pages move the signature up under the preamble; numbered text
            # starting at 一 after it is still the body of a notice that had none yet.
            cur.paras.append(i)
            self.state = "body"
            return
        self.dropped.append((i, "text after the signature"))
        self.state = "dropping"

    def _in_body(self, i: int) -> None:
        paras, p, cur = self.paras, self.paras[i], self.cur
        cur.paras.append(i)
        if ATTACHMENT_LINE.match(p.text):
            cur.expected_titles.extend(_attachment_titles(paras, i))
            cur.issues_documents = cur.in_attachments = True
            cur.in_roster = _lists_names(p)
        elif p.boiler == "closing" and re.match(r"^(抄送|抄报)", p.text.strip()):
            self.state = "closed"
        elif _is_signature_here(paras, i, cur):
            cur.signature.append(i)
            self.state = "closed"
        if len(cur.paras) <= cur.header_end + 4:
            issued = _issued_titles(paras, [i])
            cur.expected_titles.extend(issued)
            cur.issued_titles.extend(issued)
            cur.issues_documents = cur.issues_documents or bool(issued)


def _headerless_document(paras: list[Para]) -> tuple[DocSlice, str | None] | None:
    """A file where no header opened a notice may still hold one."""
    if sum(1 for p in paras if p.marker is not None) >= 3 and any(is_body(p) for p in paras):
        # No header at all (a plan body saved on its own, a page whose title sat in the menu):
        # numbered running text is still a plan, read as one notice without header.
        doc = DocSlice(paras=[k for k, p in enumerate(paras) if p.boiler is None])
        doc.header_end = next((n for n, k in enumerate(doc.paras) if is_body(paras[k]) or paras[k].marker), 0)
        return doc, "no notice header (title, 发文字号, 主送机关) found: the numbered text is read as one notice"
    if len(paras) >= 2 and _is_site_metadata(paras[1]) and any(is_body(p) for p in paras[2:]):
        # A site page whose title line stands above its metadata (标题 / 发文机构：… / 发文字号：…)
        # and whose notice prints no header of its own (a 公告 of a ministry's site): the page's
        # title is the notice's.
        doc = DocSlice(paras=[k for k, p in enumerate(paras) if p.boiler is None or k == 0])
        doc.header_end = next((n for n, k in enumerate(doc.paras) if n and not _is_site_metadata(paras[k])),
                              len(doc.paras))
        return doc, None
    return None


def _news_ends_notice(paras: list[Para], cur: DocSlice, p: Para) -> bool:
    """A news lead ends the notice only after the notice has its numbered text, and only if it
    does not announce the notice's own content (近日…现就有关事项通知如下)."""
    if re.search(r"通知如下|如下意见|以下意见|制定本|现将|现就", p.text):
        return False
    return any(paras[k].marker is not None for k in cur.paras) or p.boiler == "question"


def _opens_new_notice(paras: list[Para], group: tuple[int, int], cur: DocSlice, i: int) -> bool:
    """Inside a notice, a header opens a new notice unless it is the title of the plan the
    notice issues or of one of its attachments. A notice that issues or attaches documents
    (关于印发…的通知, 附件：…) is followed by their titles, so a bare title opens a new notice
    only where page chrome shows a new page began."""
    g_start, g_end = group
    kinds = [(k, _header_kind(paras[k])) for k in range(i, g_end)]
    if any(kind in ("number", "recipients") for _, kind in kinds):
        return True
    titles = [k for k, kind in kinds if kind == "title"]
    if all(_matches_expected(paras[k], cur.expected_titles) for k in titles):
        return False
    if cur.issues_documents and not any(kind == "chrome" for _, kind in kinds):
        return False
    return True


def _is_signature_here(paras: list[Para], i: int, cur: DocSlice) -> bool:
    """A signature: an organisation name (and date) after running text of the notice."""
    p = paras[i]
    if p.marker is not None or len(cur.paras) <= cur.header_end + 1:
        return False
    sig = signature_of(p)
    if not sig:
        return False
    names, date = sig
    if not names:
        return False  # a date alone: kept with the notice, read by the header
    if _is_byline(paras, i, cur):
        return False
    if date is not None:
        return True
    nxt = paras[i + 1] if i + 1 < len(paras) else None
    # The name alone closes the notice when a date, the 公开 remark or nothing follows, or when
    # running text that is not a numbered item of the notice follows. A seal note between the
    # name and the date (…联席会议办公室 / （国家中医药管理局代章） / 2019年11月23日) is skipped.
    if nxt is not None and SEAL_NOTE.match(nxt.text.strip()):
        nxt = paras[i + 2] if i + 2 < len(paras) else None
    if nxt is None or is_date_line(nxt) or nxt.boiler is not None:
        return True
    if signature_of(nxt) and signature_of(nxt)[0]:
        return False  # several issuers, the last one closes
    from .lexicon import field_key_regex

    if field_key_regex(("roster",)).match(nxt.text.strip()):
        return False  # 领导小组 / 组长：…: a leading group named above its members, in the text
    return nxt.marker is None and is_body(nxt)


def _is_byline(paras: list[Para], i: int, cur: DocSlice) -> bool:
    """Issuers printed under a title, not a signature: a plan that several departments drew up
    and a notice forwards (关于加快推进…的20条措施 / 省发展改革委　省邮政管理局 / 省司法厅　省生态环境厅
    / 为贯彻落实…) names them between its title and its first sentence."""
    k = i - 1
    while k >= 0 and k in cur.paras and paras[k].marker is None and (signature_of(paras[k]) or (None,))[0]:
        k -= 1
    if k < 0 or k not in cur.paras or paras[k].marker is not None or ATTACHMENT_LINE.match(paras[k].text):
        return False  # 附件：…方案 / 1.…方案 listed above the signature are no title of this text
    # The title of a document the notice said it issues, not the preamble that quotes it
    # (《…任务分工方案》已经市政府研究同意，现印发给你们), nor a signature's first line that ends in a
    # genre word (重庆市“满天星”行动计划 / 工作专班办公室（代章）).
    if is_body(paras[k]):
        return False
    if _matches_expected(paras[k], cur.expected_titles):
        return True
    # a title the notice's own (wrapped) title did not let us expect: the names are a byline when
    # the document's text follows them, a signature when a date does (2015—2017年…指导意见 /
    # 环境保护厅 财政厅 商务厅 / 为落实国务院…)
    j = i + 1
    while j < len(paras) and (signature_of(paras[j]) or (None,))[0]:
        j += 1
    return is_title(paras[k]) and j < len(paras) and is_body(paras[j]) and not is_date_line(paras[j])


# （国家中医药管理局代章）: the body whose seal stands in for the signer's (GB/T 9704 7.3.5.2)
SEAL_NOTE = re.compile(r"^[（(][^（）()]{0,30}(?:代章|盖章|印章)[)）]$")


def _describe_dropped(paras: list[Para], dropped: list[tuple[int, str]]) -> list[str]:
    out = []
    run: list[tuple[int, str]] = []

    def flush():
        if not run:
            return
        kinds = sorted({k for _, k in run})
        first = paras[run[0][0]].text.strip()[:24]
        out.append(f"dropped {len(run)} line(s) that are not part of a notice ({', '.join(kinds)}): "
                   f"from {first!r}")
        run.clear()

    last = None
    for idx, kind in dropped:
        if last is not None and idx != last + 1:
            flush()
        run.append((idx, kind))
        last = idx
    flush()
    return out


# patterns of the functions above, compiled once (re.* looked each up in its cache per call)
_NUMERIC_DATE_LINE = re.compile(r"\s*\d{4}[-./]\d{1,2}[-./]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*")
