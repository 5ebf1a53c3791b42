"""Header fields of one notice: title, genre, 发文字号, issuers, dates, 主送机关, cited documents."""

from __future__ import annotations

import re
from typing import Optional

from .documents import DocSlice, _matches_expected, fold, names_issued_title
from .layout import CiteRef, Header
from .lexicon import doc_type_of, doc_type_words, field_key_regex, title_endings
from .lines import (ATTACHMENT_LINE, is_addressee, is_issuer_name, clean_title, is_date_line, is_doc_number_line, is_recipients,
                    is_title, is_title_part, signature_of)
from .paragraphs import Para
from .patterns import DATE, DOC_NUMBER, doc_number_text, iso_date, parse_date, split_lost_separators, split_top_level

# 自2018年1月1日起施行 / 自发布之日起试行 (a policy tried out for a period takes effect the same way)
_EFFECTIVE = re.compile(r"自\s*(.{0,20}?)\s*起(?:施行|实施|执行|生效|试行)")
# Verbs that announce a document still to be written: 制定《…管理办法》 names no existing text.
_FUTURE_DOC = re.compile(r"(制定|制订|出台|修订|修编|编制|起草|建立|编写|研究制定|拟定)\s*$")
_SELF_REFERENCE = re.compile(r"(本|此|该)\s*$")
# 《工会法》, 《预算法》, 《宪法》: a law cited by its short name
_SHORT_LAW = re.compile(r"[\u4e00-\u9fff]{1,3}法")


def _is_genre_tail(line: str) -> bool:
    """A line of genre words alone (实施方案的通知, 的通知) ends a title wrapped after its
    subject's own genre word (关于印发…2013—2017年工作规划 / 实施方案的通知): never a title itself.

    >>> _is_genre_tail("实施方案的通知"), _is_genre_tail("关于加强政务诚信建设的实施方案")
    (True, False)
    """
    rest = line.strip()
    while rest:
        genre = doc_type_of(rest)
        if genre is None or not rest.endswith(genre):
            return False
        rest = rest[:-len(genre)].rstrip("的")
    return True


def _title_lines(paras: list[Para], idxs: list[int],
                 expected: tuple[str, ...] = ()) -> list[tuple[list[int], str]]:
    """Titles printed in the header or as the issued plan's title, each with its lines (a
    title may wrap onto two lines: ``关于建立完善…制度`` / ``加快推进…的实施方案``)."""
    out = []
    for pos, i in enumerate(idxs):
        p = paras[i]
        if is_title(p):
            lines = [i]
            tail = _is_genre_tail(clean_title(p.text))
            # walk back over the first lines of a title wrapped onto two or three lines
            back = pos - 1
            while back >= 0 and len(lines) < 4:
                prev = paras[idxs[back]]
                joined = fold("".join(clean_title(paras[k].text) for k in [idxs[back]] + lines))
                menu_like = len(re.findall(r"[\s\u3000]+", prev.text.strip())) >= 2  # 政策解读 政策原文 关于…
                # a title wrapped on three lines may put a genre word at a line end (…重大执法决定 /
                # 法制审核制度的实施意见): what the notice says it issues decides
                ends_title = tail and len(lines) == 1 and is_title(prev)
                if (is_title_part(prev) or ends_title) and not is_doc_number_line(prev) \
                        and not _is_masthead(prev.text) and not menu_like and (
                        ends_title or any(e.endswith(joined) for e in expected)
                        or (not is_title(prev) and doc_type_of(clean_title(prev.text)) is None)):
                    lines.insert(0, idxs[back])
                    back -= 1
                else:
                    break
            if out and set(out[-1][0]) <= set(lines):
                out.pop()  # the first line read as a title of its own before its tail came
            out.append((lines, "".join(clean_title(paras[k].text) for k in lines)))
    return out


# 海关总署公告2019年第136号（关于公布《…》的公告）: the genre is the bracketed title's
_BRACKETED_TAIL = re.compile(r"^.*[（(]([^（()）]*关于[^（()）]*)[）)]$")


def _above_site_metadata(paras: list[Para], idxs: list[int]) -> bool:
    from .documents import _is_site_metadata

    first = paras[idxs[0]]
    return first.marker is None and len(first.text) <= 150 and _is_site_metadata(paras[idxs[1]])


def _is_masthead(text: str) -> bool:
    """发文机关标志 (GB/T 9704-2012 §7.2.3): ``揭阳市人民政府文件`` above the number, not a title line."""
    t = re.sub(r"\s", "", text)
    return t.endswith("文件") and "关于" not in t and is_issuer_name(t[:-2])


def read_header(text: str, paras: list[Para], doc: DocSlice) -> tuple[Header, set[int]]:
    """Header of one notice and the indices of the paragraphs that print a title."""
    h = Header()
    title_para_set = _read_title(h, paras, doc)
    h.doc_number = _read_doc_number(paras, doc.paras[:doc.header_end], h.doc_type)
    h.recipients = _read_recipients(paras, doc)
    h.issuers, h.issue_date = _read_signature(h, paras, doc)
    h.effective_date = _read_effective(paras, doc.paras, h.issue_date)
    h.cites = _cites(text, paras, doc, h, title_para_set)
    return h, title_para_set


def _read_title(h: Header, paras: list[Para], doc: DocSlice) -> set[int]:
    """Title and genre: the notice's own title in its header; else the plan it issues (现将《X》印发 … X).
    RETURNS the indices of the paragraphs that print a title."""
    idxs = doc.paras
    title_para_set: set[int] = set()
    expected = doc.expected_titles
    titles = _title_lines(paras, idxs[:doc.header_end], tuple(expected))
    if titles:
        h.title = titles[0][1]
        for lines_, _ in titles:
            title_para_set.update(lines_)
    for lines, title in _title_lines(paras, idxs[doc.header_end:], tuple(expected)):
        folded = fold(title)
        # the title as printed may hold the issuer the notice's title gave once for both documents
        # (关于印发X工会2013年工作总结和2014年工作要点 … X工会2014年工作要点)
        if names_issued_title(folded, list(expected)):
            title_para_set.update(lines)
            if h.title is None:
                h.title = title
    if h.title is None and len(idxs) > 1 and _above_site_metadata(paras, idxs):
        # the page's title line above the site's metadata (海关总署公告2019年第136号（关于公布…的公告）)
        h.title = clean_title(paras[idxs[0]].text)
        title_para_set.add(idxs[0])
    if h.title:
        h.doc_type = doc_type_of(h.title) or doc_type_of(_BRACKETED_TAIL.sub(r"\1", h.title))
    if h.doc_type is None:
        h.doc_type = _genre_from_text(paras, idxs[doc.header_end:doc.header_end + 3])
    return title_para_set


def _read_doc_number(paras: list[Para], head: list[int], doc_type: Optional[str]) -> Optional[str]:
    """发文字号: a number line or a number printed with the title, in the header only."""
    for i in head:
        m = DOC_NUMBER.search(paras[i].text)
        if m and (is_doc_number_line(paras[i]) or is_title(paras[i])):
            return doc_number_text(m)
    if doc_type == "令":
        # a 令 prints its 令号 (第707号) on a line of its own under 中华人民共和国国务院令 (GB/T 9704 §10.2)
        for i in head:
            m = ORDER_NUMBER.fullmatch(re.sub(r"[\s\u3000]", "", paras[i].text))
            if m:
                return m.group(0)
    return None


def _read_recipients(paras: list[Para], doc: DocSlice) -> list[str]:
    """主送机关, split at top-level 、，,; and at lost separators (GUIDE.md §2)."""
    head = set(doc.paras[:doc.header_end])
    meta = field_key_regex(("meta",))
    for i in doc.paras[: doc.header_end + 2]:
        if meta.match(paras[i].text.strip()):
            continue  # 发文机构： left empty by a site's metadata block names no 主送机关
        if is_recipients(paras[i]) or (i in head and is_addressee(paras[i])):
            t = paras[i].text.strip().rstrip(":：")
            return [t[s:e][a:b].strip() for s, e in split_top_level(t)
                    for a, b in split_lost_separators(t[s:e]) if t[s:e][a:b].strip()]
    return []


def _read_signature(h: Header, paras: list[Para], doc: DocSlice) -> tuple[list[str], Optional[str]]:
    """Issuers and date: the signature and date (GB/T 9704 §7.3.5), else the 印发 line of the 版记
    (§7.4.3), else a site's publication note, else the issuer the title names."""
    idxs = doc.paras
    issued = _issued_start(paras, doc)
    issuers, date = _signature(paras, doc, before=issued)
    if date is None:
        # a date line of its own after the notice text (the signature name was not printed)
        for i in idxs[doc.header_end:issued]:
            if is_date_line(paras[i]) and not paras[i].text.strip().endswith("印发"):
                date = parse_date(paras[i].text)
                break
    for i in idxs:
        t = paras[i].text.strip()
        if t.endswith("印发") and DATE.search(t):
            sig = signature_of(paras[i])
            if sig and sig[0] and not issuers:
                issuers = sig[0]
            if date is None:
                date = parse_date(t)
    if not issuers or date is None:
        # a publication note under the text of a policy reposted by a site or an official account
        # (罗湖区科技和工业信息化局（乡村振兴和协作交流局）2026年4月24日发布。), read when no
        # signature was printed
        note = publication_note([paras[i].text for i in publication_note_paras(paras, doc)])
        if note:
            note_issuers, note_date = note
            issuers = issuers or note_issuers
            date = date or note_date
    if not issuers and h.title:
        # the issuer the title names: 国务院办公厅转发国家教委关于… / X关于…
        # (云南省人民政府贯彻落实国务院关于…的实施意见: the issuer stops before the verb)
        m = re.match(r"^((?:(?!关于|印发|转发|批转|贯彻|落实).){3,40}?)(?:转发|印发|批转|贯彻|落实|关于)", h.title)
        if m and signature_of(Para(0, 0, m.group(1))) and signature_of(Para(0, 0, m.group(1)))[0]:
            issuers = split_joint_issuers(m.group(1))
    issuers = _complete_issuers([re.sub(r"[\s\u3000\xa0]", "", x) for x in issuers], h.title, paras, idxs, doc)
    return issuers, date


def _issued_start(paras: list[Para], doc: DocSlice) -> Optional[int]:
    """Where the document a notice forwards or issues in its own body begins (its title line), as
    a position in ``doc.paras``: the signature and date of the notice stand before it, those of
    the forwarded 意见 after it (上海市人民政府办公厅 转发市公安局等三部门…意见: the notice is dated
    二○○四年八月十七日 above the 意见, which is signed by the three bodies). None: no such title."""
    if not doc.expected_titles:
        return None
    for pos in range(doc.header_end, len(doc.paras)):
        p = paras[doc.paras[pos]]
        if is_title(p) and _matches_expected(p, doc.expected_titles):
            return pos
    return None


def _signature(paras: list[Para], doc: DocSlice, before: Optional[int] = None) -> tuple[list[str], Optional[str]]:
    """The names on the signature lines (several issuers of a joint notice sit on the lines just
    above the last one) and the date printed with them or on the lines below (a seal note
    between: （国家中医药管理局代章））. before: only lines before this position of ``doc.paras``
    (the notice's own, above the document it forwards)."""
    idxs = doc.paras
    limit = idxs[before] if before is not None else None
    own = set(idxs)
    for i in doc.signature:
        if (limit is not None and i >= limit) or i not in own:
            continue  # a signature of a document the notice issues, read apart from the notice
        sig = signature_of(paras[i])
        if not sig:
            continue
        names, m = sig
        k = idxs.index(i)
        above: list[int] = []
        while k - 1 >= doc.header_end and signature_of(paras[idxs[k - 1]]) and \
                signature_of(paras[idxs[k - 1]])[0] and signature_of(paras[idxs[k - 1]])[1] is None:
            above.insert(0, idxs[k - 1])
            k -= 1
        issuers = [name for a in above for name in signature_of(paras[a])[0]] + list(names)
        if m:
            return issuers, iso_date(m)
        pos = idxs.index(i)
        date = next((parse_date(paras[j].text) for j in idxs[pos + 1:pos + 4] if is_date_line(paras[j])), None)
        return issuers, date
    return [], None


def _read_effective(paras: list[Para], idxs: list[int], issue_date: Optional[str]) -> Optional[str]:
    """自2018年1月1日起施行, or 自印发之日起施行 (the issue date)."""
    for i in idxs:
        for m in _EFFECTIVE.finditer(paras[i].text):
            d = parse_date(m.group(1))
            if d is None and re.search(r"(印发|发布|公布)之日", m.group(1)):
                d = issue_date
            if d:
                return d
    return None


def takes_effect_when_issued(paras: list[Para], idxs: list[int]) -> bool:
    """本办法自印发之日起施行: the document takes effect on the date it is issued (for a plan that a
    notice issues, the notice's date)."""
    return any(re.search(r"(印发|发布|公布)之日", m.group(1))
               for i in idxs for m in _EFFECTIVE.finditer(paras[i].text))


_PUBLISH_VERB = r"(?:正式)?(?:对外)?(?:发布|印发|公布|出台)"
# ORG 2026年4月24日发布 / 该政策由ORG2026年3月7日发布 / ORG于2026年2月5日，在…发布会…发布 /
# ORG2026年3月18日在…活动发布: the body, then the date, then (an occasion and) the verb
_NOTE_ORG_FIRST = re.compile(r"^(?:(?:该|本)(?:政策|文件|措施|方案|意见|通知)?由)?(?P<org>[^，,。；;\d]{3,80}?)\s*于?\s*$")
_NOTE_AFTER_DATE = re.compile(
    # …在<occasion>发布 / …<occasion>发布 (no 前/后/起: ORG2026年4月24日前发布 is a task)
    r"^\s*[，,]?(?:在[^。；;]{0,60}?|(?!前|以前|之前|后|以后|起|内)[^。；;，,]{1,40}?)?" + _PUBLISH_VERB
    # …在"i常熟"微信公众号 (the medium it was published in)
    + r"|^\s*[，,]?在[^。；;，,]{0,40}?(?:公众号|官网|网站|客户端)"
    # …，征求意见截止时间为… (a draft put out for comment)
    + r"|^\s*[，,]\s*(?:公开)?(?:征求|征集)意见")
# 2026年3月23日东莞市发展和改革局发布 / 2026年5月12日，辽宁省人民政府发布 / 2026年3月10日发布
_NOTE_DATE_FIRST = re.compile(r"^\s*[，,]?\s*(?P<org>[^，,。；;\d]{3,80}?)??\s*" + _PUBLISH_VERB)


def publication_note(lines: list[str]) -> Optional[tuple[list[str], str]]:
    """Issuers and date of the note a site prints under a reposted policy in place of the
    signature: ``<body> <date> 发布`` or ``<date>，<body> 发布`` (the last such line wins).

    >>> publication_note(["罗湖区科技和工业信息化局（乡村振兴和协作交流局）2026年4月24日发布。"])
    (['罗湖区科技和工业信息化局（乡村振兴和协作交流局）'], '2026-04-24')
    >>> publication_note(["2026年3月23日东莞市发展和改革局发布，征求意见截止2026年4月23日。"])
    (['东莞市发展和改革局'], '2026-03-23')
    >>> publication_note(["各地要于2026年4月24日前发布实施细则。"]) is None
    True
    """
    for line in reversed(lines):
        t = re.sub(r"[\u3000\xa0]", " ", line).strip()
        m = DATE.search(t)
        if not m:
            continue
        before, after = t[:m.start()], t[m.end():]
        org = None
        if before.strip():
            b = _NOTE_ORG_FIRST.match(before)
            if not b or not _NOTE_AFTER_DATE.match(after):
                continue
            org = b.group("org")
        else:
            a = _NOTE_DATE_FIRST.match(after)
            if not a:
                continue
            org = a.group("org")
        names = [re.sub(r"\s", "", x) for x in re.split(r"[、,，]", org)] if org else []
        if names and not all(is_issuer_name(x) for x in names):
            continue
        date = iso_date(m)
        if date:
            return names, date
    return None


def publication_note_paras(paras: list[Para], doc: DocSlice) -> list[int]:
    """Indices of the publication notes among the last lines of a notice (see
    :func:`publication_note`): they name who published it and when, and hold no task."""
    return [i for i in doc.paras[doc.header_end:][-6:] if publication_note([paras[i].text])]


def _genre_from_text(paras: list[Para], idxs: list[int]) -> Optional[str]:
    """Genre named by the preamble when no title is printed (…现提出如下实施意见)."""
    words = "|".join(map(re.escape, doc_type_words()))
    pattern = re.compile(rf"(?:提出|制定|制订|印发)(?:如下|以下|本)?({words})")
    for i in idxs:
        m = pattern.search(paras[i].text)
        if m:
            return m.group(1)
    return None


_BOOK_MARKS = re.compile("[《》]")


def _balanced_book_titles(s: str) -> list[tuple[int, int]]:
    """(start, end) of outermost 《…》 groups, nested 《》 allowed."""
    out, depth, start = [], 0, 0
    for m in _BOOK_MARKS.finditer(s):  # only the marks are visited, not every character
        i, c = m.start(), m.group()
        if c == "《":
            if depth == 0:
                start = i
            depth += 1
        elif c == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


# a cited rule's number: a 发文字号, a ministry's decree (国家安全生产监督管理总局令第52号, spaced by a
# PDF), or the code of a standard (GB/T 13861-2009, AQ 1051; the national, sector and local
# standard prefixes of GB/T 1.1 and the 标准化法)
_DECREE_NUMBER = r"[\u4e00-\u9fff][\u4e00-\u9fff\s]{1,30}令\s*第\s*\d+\s*号"
_STANDARD_CODE = r"(?:GB|AQ|JTG|JT|HJ|YY|WS|SL|DL|NY|MZ|DB\d{0,2})(?:/[TZ])?\s*\d+(?:\.\d+)?(?:\s*[-—]\s*\d{4})?"
_NUMBER_IN_BRACKETS = re.compile(r"\s*[（(]\s*(" + DOC_NUMBER.pattern + "|" + _DECREE_NUMBER + "|" + _STANDARD_CODE
                                 + r")\s*[)）]")


_LINE_BREAK = re.compile(r"[ \t\u3000]*\n\s*")


def _cites(text: str, paras: list[Para], doc: DocSlice, h: Header, title_paras: set[int]) -> list[CiteRef]:
    """Documents cited as ``《title》（number）``; not the notice itself, not the plan it issues,
    not its attachments, not documents the notice asks to be written (制定《…办法》)."""
    own = {fold(h.title or "")} | set(doc.expected_titles)
    out: list[CiteRef] = []
    seen: dict[str, CiteRef] = {}
    for i in doc.paras:
        p = paras[i]
        if i in title_paras or ATTACHMENT_LINE.match(p.text) or is_title(p):
            continue
        for s, e in _balanced_book_titles(p.text):
            # a wrap inside the marks is layout, not part of the title (《城市管理\n执法行为规范》)
            title = _LINE_BREAK.sub("", p.text[s + 1:e - 1].strip())
            folded = fold(title)
            if not folded or folded in own or any(folded == o for o in own if o):
                continue
            if doc_type_of(title) == title or (len(folded) < 4 and not _SHORT_LAW.fullmatch(folded)):
                continue  # 本《实施意见》, 《意见》: the notice talking about itself; 《劳动法》 is a law
            if folded.endswith(title_endings("not_cited")):
                continue  # 《江泽民文选》, 《工作快报》, 《评估情况记录表》: a book, a bulletin, a form
            before = p.text[max(0, s - 8):s]
            if _FUTURE_DOC.search(before) or _SELF_REFERENCE.search(before):
                continue
            number = None
            m = _NUMBER_IN_BRACKETS.match(p.text, e)
            if m:
                number = re.sub(r"\s+", "", m.group(1))
            end = m.end() if m else e
            key = folded
            if key in seen:
                if seen[key].doc_number is None and number:
                    seen[key].doc_number = number
                continue
            inner = p.text[s + 1:e - 1]
            lead = len(inner) - len(inner.lstrip())
            ref = CiteRef(title=title, doc_number=number, span=(p.start + s, p.start + end),
                          title_span=(p.start + s + 1 + lead, p.start + s + 1 + lead + len(inner.strip())))
            seen[key] = ref
            out.append(ref)
    return out


def meta_field_of(key: str) -> Optional[str]:
    """The header field a site's metadata key fills (lexicons/shared/field_keys.tsv)."""
    from .lexicon import FIELD_KEYS

    fields = {e.key: e.field for e in FIELD_KEYS() if e.kind == "meta" and e.field != "-"}
    return fields.get(key)


def metadata_fields(paras: list[Para]) -> dict[str, str]:
    """Fields of the 信息公开 metadata block government sites print above a notice
    (``发文字号：\t国发〔2019〕5号\t发布日期：…``), for header fields the notice does not print."""
    out: dict[str, str] = {}
    for p in paras:
        cells = [c.strip() for c in _META_CELL_SPLIT.split(p.text) if c.strip()]
        for key_cell, value in zip(cells, cells[1:]):
            key = _KEY_NOISE.sub("", key_cell)
            field = meta_field_of(key)
            if field and value and not value.endswith(("：", ":")) and field not in out:
                out[field] = value
    return out


_REGION_HEAD = re.compile(r"^[\u4e00-\u9fff]{1,8}?[省市县区州旗盟]")


# 交通运输部办公厅公安部办公厅: the general offices of two ministries, each name ending alike
_TWO_OFFICES = re.compile(r"^(.{2,12}?[部委署局厅院](办公厅|办公室))(.{2,12}?[部委署局厅院]\2)$")


def split_joint_issuers(name: str) -> list[str]:
    """Joint issuers printed without a separator (in a title, or a signature line whose spaces
    a scraper dropped) each repeat the region's name, or the office's: the name splits where
    it starts again.

    >>> split_joint_issuers("成都市经济和信息化局成都市科学技术局")
    ['成都市经济和信息化局', '成都市科学技术局']
    >>> split_joint_issuers("成都市人民政府办公厅")
    ['成都市人民政府办公厅']
    >>> split_joint_issuers("交通运输部办公厅公安部办公厅")
    ['交通运输部办公厅', '公安部办公厅']
    >>> split_joint_issuers("交通运输部公路局")
    ['交通运输部公路局']
    """
    m = _REGION_HEAD.match(name)
    if not m:
        offices = _TWO_OFFICES.match(name)
        return [offices.group(1), offices.group(3)] if offices else [name]
    head = m.group(0)
    cuts = [0] + [i for i in range(len(head) + 2, len(name)) if name.startswith(head, i)] + [len(name)]
    return [name[a:b] for a, b in zip(cuts, cuts[1:])]


_SEAL_NOTE = re.compile(r"[（(](?:代章|盖章|印章|章)[)）]$")
_QUOTES = re.compile(r"[“”\"‘’「」]")


def _complete_issuers(issuers: list[str], title: Optional[str], paras: list[Para], idxs: list[int],
                      doc: DocSlice) -> list[str]:
    """Issuer names without the seal note, and a long name the signature wrapped onto two lines
    made whole again: ``重庆市“满天星”行动计划`` / ``工作专班办公室（代章）`` is one issuer, the one the
    title names before 关于 (GB/T 9704 §7.3.5.1 prints the 发文机关署名 under the text, wrapped
    when long)."""
    # 黑龙江省农业委员会黑龙江省财政厅: two signatures a PDF printed side by side without a space
    out = [name for x in issuers for name in split_joint_issuers(_SEAL_NOTE.sub("", x))]
    m = re.match(r"^(.{3,40}?)关于", title or "")
    title_issuer = _QUOTES.sub("", m.group(1)) if m else ""
    if len(out) != 1 or not title_issuer or _QUOTES.sub("", out[0]) == title_issuer \
            or not title_issuer.endswith(_QUOTES.sub("", out[0])):
        return out
    for i in doc.signature:
        sig = signature_of(paras[i])
        if not sig or not sig[0]:
            continue
        k = idxs.index(i)
        above = re.sub(r"[\s\u3000\xa0]", "", paras[idxs[k - 1]].text) if k > doc.header_end else ""
        if above and _QUOTES.sub("", above + out[0]) == title_issuer:
            return [above + out[0]]  # as printed, quotes kept
        break
    return [title_issuer]


# 令号 of a 令 (GB/T 9704 §10.2): 第707号 as printed, 国令第707号 in a site's metadata.
ORDER_NUMBER = re.compile(r"(?:[\u4e00-\u9fff]{1,10}令)?第[\d〇零一二三四五六七八九十百]{1,6}号")


def _iso(value: str) -> Optional[str]:
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


_BARE_META_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,16}?[发函字])((?:19|20)\d{2})(\d{1,4})号")


def fill_from_metadata(h: Header, meta: dict[str, str]) -> None:
    """Fill missing header fields from the site's metadata block."""
    number = re.sub(r"[\s\u3000]", "", meta.get("doc_number", ""))
    if h.doc_number is None and number:
        m = DOC_NUMBER.search(number) or ORDER_NUMBER.fullmatch(number)
        bare = _BARE_META_NUMBER.fullmatch(number)
        if m:
            h.doc_number = doc_number_text(m)
        elif bare:
            # 发文字号：交直机团发20151号: the site's field dropped the number's brackets; the field
            # holds nothing else, so the year is its first four digits (round 8 y05, development)
            h.doc_number = f"{bare.group(1)}〔{bare.group(2)}〕{bare.group(3)}号"
    elif h.doc_number and ORDER_NUMBER.fullmatch(number) and number.endswith(h.doc_number):
        h.doc_number = number  # the site's 国令第707号 names the issuer the printed 第707号 leaves out
    if not h.issuers and "issuers" in meta and signature_of(Para(0, 0, meta["issuers"])):
        h.issuers = [re.sub(r"\s", "", meta["issuers"])]
    if h.issue_date is None and "issue_date" in meta:
        h.issue_date = parse_date(meta["issue_date"])
    if h.issue_date is None and "publish_date" in meta:
        # the site's 发布时间 when the notice prints no date of its own (round-3 annotation rule:
        # metadata fills only what the notice does not print)
        h.issue_date = parse_date(meta["publish_date"]) or _iso(meta["publish_date"])
    if h.title is None and "title" in meta:
        h.title = clean_title(meta["title"])
        h.doc_type = h.doc_type or doc_type_of(h.title)


# patterns of the functions above, compiled once (re.* looked each up in its cache per call)
_META_CELL_SPLIT = re.compile(r"\t|(?<=[：:])\s*")
_KEY_NOISE = re.compile(r"[\s\u3000：:]")
