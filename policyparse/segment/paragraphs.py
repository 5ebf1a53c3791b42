"""Lines and paragraphs of the normalized text, with offsets.

A paragraph is a non-blank line, except that a line cut by a page break of the source (PDF
export: ``…各级人民政府和公务员`` / ``要清正廉洁，…``) is joined to the line it continues. Joining is
only switched on for texts whose paragraphs normally end with sentence punctuation; scraped
pages that lost their final 。 would otherwise have every paragraph glued to the next.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from .lexicon import boilerplate_kind
from .markers import Marker, match_marker

_SENTENCE_END = "。；;！!？?：:）)”\"》』」〉>]】"
_PUNCT_INSIDE = re.compile(r"[，,。；;、]")
_LEAD_TRIM = re.compile(r"^(?:#{1,6}[ \u3000]+|[ \r\f\v\u3000\ufeff\xa0\u2002\u2003]+)+")


def _joint_signature(line: str) -> bool:
    """Issuer names side by side (国务院　中央军委, 国务院办公厅　中央军委办公厅): a joint signature."""
    from .lines import is_issuer_name

    names = line.split()
    return len(names) >= 2 and all(is_issuer_name(n) for n in names)


@dataclass
class Para:
    """One paragraph: ``start``/``end`` index its stripped content in the normalized text.

    parts: (start, end) of each physical line joined into it (one entry for most paragraphs).
    marker: the numbering marker it starts with, if any.
    boiler: boilerplate kind of the line (chrome, closing, news, question) or None.
    """

    start: int
    end: int
    text: str
    parts: list[tuple[int, int]] = field(default_factory=list)
    marker: Optional[Marker] = None
    boiler: Optional[str] = None
    index: int = 0

    @property
    def body_start(self) -> int:
        """Offset of the text after the marker."""
        return self.start + (self.marker.length if self.marker else 0)

    @property
    def body(self) -> str:
        return self.text[self.marker.length:] if self.marker else self.text

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Para({self.index}, {self.text[:30]!r})"


def split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the stripped content of every non-blank line.

    >>> split_lines("  一、总体要求\\n\\n  (一)指导思想 ")
    [(2, 8), (12, 19)]
    """
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        m = _LEAD_TRIM.match(content)
        lead = m.end() if m else 0
        stripped = content[lead:].rstrip(" \u3000\xa0")
        if "\t" not in stripped.strip("\t"):
            # a tab-only indent, not table cells
            inner = stripped.strip("\t")
            lead += len(stripped) - len(stripped.lstrip("\t"))
            stripped = inner
        if stripped.strip():
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line)
    return out


def _ends_sentence(s: str) -> bool:
    return bool(s) and s[-1] in _SENTENCE_END


def _stops_inside_sentence(prev: "Para", last_line: str) -> bool:
    """A line of a hard-wrapped page that stops short of the margin inside a sentence of running
    text: a fixed layout (an .ofd of 建法函〔2019〕53号) breaks …审核、发布 / 工作流程和责任机构，
    对行政 / 处罚、行政强制… at varying widths. A title, heading, signature or date line holds no
    sentence punctuation before its end, so it is not taken for one."""
    return ("\u4e00" <= last_line[-1] <= "\u9fff" and bool(_PUNCT_INSIDE.search(prev.text))
            and not (prev.marker and _is_title_only(prev)))


def _join(prev: "Para", text: str, s: int, e: int) -> None:
    """Line ``s:e`` goes on the paragraph above."""
    prev.end = e
    prev.parts.append((s, e))
    prev.text = text[prev.start:e]


_NEEDS_MORE = "，,、于"
_OPEN_AT_END = re.compile(r"[（(][^（）()]{0,20}$")


def _title_line(line: str) -> bool:
    """A line that is a whole title: it ends with a genre word (…行动方案（2018-2020年）》的通知) and
    holds no sentence punctuation. A title reaching the margin of a hard-wrapped page still ends
    there: the 主送机关 below is no part of it (沪府办发〔2018〕39号 page, round 4 v14)."""
    from .lexicon import doc_type_regex

    t = line.strip()
    return not _PUNCT_INSIDE.search(t) and bool(doc_type_regex().search(t))


def _bracket_left_open(text: str) -> bool:
    """The line ends inside a bracket it opened a few characters before (（责任部门：), with no
    other bracket left open before it."""
    m = _OPEN_AT_END.search(text)
    if m is None:
        return False
    before = text[:m.start()]
    return before.count("（") + before.count("(") == before.count("）") + before.count(")")


def _is_title_only(p: "Para") -> bool:
    body = p.body.rstrip("。.")
    return len(body) <= 50 and not re.search(r"[。；;！？]", body)


def wrapped_lines_are_breaks(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when long lines of this text end with sentence punctuation, so that one that does not
    was cut by a page break."""
    long_lines = [text[s:e] for s, e in lines if e - s >= 30 and _PUNCT_INSIDE.search(text[s:e])]
    if len(long_lines) < 5:
        return False
    ending = sum(1 for s in long_lines if _ends_sentence(s))
    return ending / len(long_lines) >= 0.75


def display_width(line: str) -> int:
    """Printed width in half-width cells: a Chinese character or full-width mark takes two.

    >>> display_width("各市、自治州人民政府,省政府")
    27
    """
    return (len(line.encode("utf-8")) + len(line)) // 2


def hard_wrap_width(text: str, lines: list[tuple[int, int]]) -> Optional[int]:
    """The printed width of a text hard-wrapped at the right margin (a PDF, a Word or WPS file
    saved as text), or None.

    Word and WPS justify a line, so its wrapped lines end anywhere between about 90% and 100% of
    the margin (云南 .wps notices: 104-115 cells at a 115-cell margin); a fixed-width export puts
    them all at one width. Either way, most lines of running text end inside a narrow band below
    the widest line: the margin is the top of the band that holds the most lines.
    """
    measured = sorted((display_width(text[s:e]), text[e - 1]) for s, e in lines if e - s >= 15)
    widths = [w for w, _ in measured]
    if len(widths) < 8:
        return None
    best, best_count, best_lo = 0, 0, 0
    lo = 0
    for hi, top in enumerate(widths):
        while widths[lo] < top * 0.9:
            lo += 1
        if hi - lo + 1 >= best_count:
            best, best_count, best_lo = top, hi - lo + 1, lo
    # the band's lines must mostly stop mid-sentence: paragraphs that happen to be of one length
    # end with their 。
    open_ends = sum(1 for _, last in measured[best_lo:best_lo + best_count] if last not in _SENTENCE_END)
    # the band need not hold most lines: a 分工方案 prints short key lines (协办单位：…) between them
    if best < 40 or best_count < 8 or best_count / len(widths) < 0.15 or open_ends < max(5, best_count / 2):
        return None
    return best


_SPACE_RUN = re.compile(r"[ \xa0\u3000]+")

# the rest of a date whose digits ended the line above (…8月31 / 日前…)
_DATE_CUT = re.compile(r"^[日月年号]")
# a line holding a date and little else (a signature's date), which no wrapped line runs into
_DATE_LINE = re.compile(r"^[\d〇零一二三四五六七八九十○]{2,4}\s*年[^。，,；;]{0,12}$")
_OPEN, _CLOSE = "（(〔【[《“", "）)〕】]》”"

_BRACKET = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")


def _bracket_depths(text: str) -> list[int]:
    """The bracket depth at each character of ``text``: a closing bracket stands at the depth it
    returns to, an opening one at the depth outside it. The depth only changes at brackets, so
    the runs between them are filled whole instead of stepping through every character.

    >>> _bracket_depths("a（b（c）d）)e")
    [0, 0, 1, 1, 2, 1, 1, 0, 0, 0]
    """
    depth_at: list[int] = []
    depth = done = 0
    for m in _BRACKET.finditer(text):
        at = m.start()
        depth_at.extend([depth] * (at - done))
        if text[at] in _CLOSE and depth:
            depth -= 1
        depth_at.append(depth)
        if text[at] in _OPEN:
            depth += 1
        done = at + 1
    depth_at.extend([depth] * (len(text) - done))
    return depth_at


# a numbering marker glued to the end of the item before it: …（国家中医药局负责）22. 在…
_INLINE_MARKER = re.compile(r"(?<=[。；;）)])[ \xa0]*(?=\d{1,3}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|"
                            r"[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}(?:阶段|时段))")


# a part's heading with its first item glued on: 一、工作重点（一）重点打击… or, after the part's
# lead sentence, 二、工作安排专项行动分四个阶段进行。（一）动员部署阶段：… (one-line scrapes)
_HEAD_THEN_FIRST = re.compile(r"[一二三四五六七八九十]{1,3}、[ \xa0]*(?:[^。；;，,、：:（()）\s]{2,16}|[^。；;（()）]{2,60}。)"
                              r"[ \xa0]*(?=[（(]一[)）]|1[.．、](?!\d))")


def _sequence_cuts(body: str, depth_at: list[int], before: Optional[dict] = None) -> list[tuple[int, int]]:
    """Where items numbered in sequence run on without a break: a marker after a sentence end or
    a clause's closing bracket counts only when it is the next number of the marker before it
    (21. … 22. …), so 见第3.2条 or （2）项 inside a sentence never cut; a first item glued to the
    part heading that opens the paragraph (:data:`_HEAD_THEN_FIRST`) starts a run of its own.

    before: the last value of each marker kind in the paragraphs above, for a run that a line
        break in the scrape interrupted (…（三）突出重点… / 突出对…。（四）搞好宣传…)."""
    cuts = []
    head = _HEAD_THEN_FIRST.match(body)
    if head is not None:
        cuts.append((head.end(), head.end()))
    for m in _INLINE_MARKER.finditer(body):
        if m.end() == 0 or depth_at[m.end() - 1 if m.end() else 0] != 0:
            continue
        found = match_marker(body[m.end():])
        if found is not None and found.kind == "stage" and found.value == 1:
            # …分为三个阶段进行。第一阶段（7月20-31日）部署、动员阶段：… — a plan's stages run on
            # after the sentence that announces them; 第一阶段 after a stop opens the first
            cuts.append((m.start(), m.end()))
            continue
        if found is None or found.value is None or found.value < 2:
            continue
        previous = None
        for k in range(m.start() - 1, -1, -1):  # the nearest earlier marker of the same kind
            if k == 0 or body[k - 1] in "。；;）)\n " or (head is not None and k == head.end()):
                cand = match_marker(body[k:])
                if cand is not None and cand.kind == found.kind:
                    previous = cand
                    break
        previous_value = previous.value if previous is not None else (before or {}).get(found.kind)
        if previous_value == found.value - 1:
            cuts.append((m.start(), m.end()))
    return cuts


# 附件2上海市国家助学贷款风险补偿专项资金管理办法: an attachment's number and its title on one line
# (a scraper's space between them removed with the other wrap spaces): the title opens the
# attachment's own document, as on a line of its own (round 8 y09, development)
_ATTACHMENT_NUMBER = re.compile(r"(?:(?<=^)|(?<=[ \xa0\u3000]))附\s*件\s*\d{1,2}(?=[\u4e00-\u9fff《])")


def _attachment_title_cuts(body: str) -> list[tuple[int, int]]:
    """After 附件N at a line's or a fragment's start, where a genre title follows to the next space;
    not before the title of a list (附件1 废止的审计规章目录), which the 附件 line itself announces as
    a roster (lexicons/segment/list_titles.tsv)."""
    from .lexicon import TITLE_TAIL_NOTES, doc_type_of, title_endings
    from .lines import clean_title

    cuts = []
    for m in _ATTACHMENT_NUMBER.finditer(body):
        rest = _SPACE_RUN.split(body[m.end():], maxsplit=1)[0]
        title = clean_title(rest)
        bare = TITLE_TAIL_NOTES.sub("", title)  # …事项目录（共55项）: the note after a list's title
        if len(rest) <= 60 and not re.search(r"[。；;，,：:]", rest) and doc_type_of(title) is not None \
                and not bare.endswith(title_endings("list")):
            cuts.append((m.end(), m.end()))
    return cuts


def _site_field(line: str) -> bool:
    """A line of a site's metadata (关键字：…): page furniture that no wrapped line continues."""
    from .lexicon import field_key_regex

    return bool(field_key_regex(("meta",)).match(line.strip()))


def _metadata_cuts(body: str, depth_at: list[int]) -> list[tuple[int, int]]:
    """A site's metadata key glued to the title before it (…的通知发文机构：新疆…): the page's
    fields start there whatever precedes them."""
    cuts = []
    for m in _meta_start().finditer(body):
        if m.start() and depth_at[m.start()] == 0:
            cuts.append((m.start(), m.start()))
    return cuts


@functools.lru_cache(maxsize=1)
def _meta_start() -> "re.Pattern[str]":
    from .lexicon import field_key_regex

    return re.compile(r"(?<=[\u4e00-\u9fff》”）)])(?=" + field_key_regex(("meta",)).pattern + ")")


def split_at_breaks(text: str, para: Para, explainer=None, before: Optional[dict] = None) -> list[Para]:
    """The paragraphs a scraper glued into one line, cut where a space stands for a lost break
    (:func:`policyparse.segment.breaks.break_reason`): ``二、主要任务 （一）加大…`` gives the heading
    and the item; ``一、指导思想 认真贯彻…`` the heading and its text. Spaces inside brackets never
    cut (a clause ``（责任单位： 驻局监察室； 牵头部门 ：…）``), nor do table rows.

    >>> t = "二、主要任务 （一）加大禁限用农药整治力度。要突出抓好整治工作。"
    >>> [p.text for p in split_at_breaks(t, Para(0, len(t), t, [(0, len(t))]))]
    ['二、主要任务', '（一）加大禁限用农药整治力度。要突出抓好整治工作。']
    """
    body = para.text
    if "\t" in body or not (_SPACE_RUN.search(body) or _INLINE_MARKER.search(body) or _meta_start().search(body)
                            or _HEAD_THEN_FIRST.match(body) or _ATTACHMENT_NUMBER.search(body)):
        return [para]
    if _joint_signature(body):
        return [para]  # 省发展改革委　省邮政管理局　省工业和信息化厅: issuers side by side, one byline
    from .breaks import gaps

    depth_at = _bracket_depths(body)
    reasons: dict[tuple[int, int], str] = {}
    for m, reason in gaps(body, _SPACE_RUN):
        if reason not in (None, "edge") and depth_at[m.start()] == 0:
            reasons[(m.start(), m.end())] = reason
    for cut in _sequence_cuts(body, depth_at, before):
        reasons.setdefault(cut, "sequence")
    for cut in _metadata_cuts(body, depth_at):
        reasons.setdefault(cut, "field")
    for cut in _attachment_title_cuts(body):
        reasons.setdefault(cut, "attachment")
    cuts = sorted(reasons)
    if explainer is not None:
        from .labels import Decision
        for a, b in cuts:
            explainer.add((para.start + a, para.start + b), "break", Decision(reasons[(a, b)], 1.0),
                          body[max(0, a - 12):b + 12])
    if not cuts:
        return [para]
    pieces = []
    begin = 0
    for gap_start, gap_end in cuts + [(len(body), len(body))]:
        if gap_start > begin:
            pieces.append((para.start + begin, para.start + gap_start))
        begin = gap_end
    out = []
    for s, e in pieces:
        piece = text[s:e]
        parts = [(max(a, s), min(b, e)) for a, b in para.parts if a < e and b > s] or [(s, e)]
        out.append(Para(s, e, piece, parts, match_marker(piece), boilerplate_kind(piece), para.index))
    return out


def paragraphs(text: str, join_spans: Optional[list[tuple[int, int]]] = None, explainer=None) -> list[Para]:
    """Paragraphs of a normalized notice, page-break continuations joined, lines that a scraper
    glued together cut apart again (:func:`split_at_breaks`).

    join_spans: where joining is allowed (the notices of a glued page whose own lines end with
        punctuation); None decides for the whole text at once.
    """
    lines = split_lines(text)
    join_anywhere = wrapped_lines_are_breaks(text, lines) if join_spans is None else False
    width = None if join_anywhere or join_spans else hard_wrap_width(text, lines)
    paras: list[Para] = []
    for k, (s, e) in enumerate(lines):
        line = text[s:e]
        marker = match_marker(line)
        boiler = boilerplate_kind(line)
        if boiler == "chrome" and (marker is not None or _joint_signature(line)):
            # 第二章　组成人员职责 is a heading and 国务院　中央军委 a joint signature, not a menu
            boiler = None
        if paras and marker is None and boiler is None:
            prev = paras[-1]
            allowed = join_anywhere or any(a <= s < b for a, b in join_spans or ())
            if (allowed and prev.end - prev.parts[-1][0] >= 25 and not _ends_sentence(prev.text) and not _site_field(prev.text)
                    and not _site_field(line)
                    and _PUNCT_INSIDE.search(text[prev.parts[-1][0]:prev.end])
                    and prev.boiler is None
                    and not (prev.marker and _is_title_only(prev))
                    and not re.match(r"^[\d〇一二三四五六七八九十]{2,4}\s*年", line)):
                _join(prev, text, s, e)
                continue
        if paras and _DATE_CUT.match(line) and paras[-1].boiler is None and paras[-1].text.rstrip()[-1:].isdigit():
            # …应于2020年8月31 / 日前按规定提交…: a date cut at the wrap goes on below, though the
            # line opens with 日前 as a news report does (重大技术装备 rules, round 10 z08)
            _join(paras[-1], text, s, e)
            continue
        if paras and marker is None and boiler is None and paras[-1].boiler is None \
                and paras[-1].text.rstrip()[-1:] in _NEEDS_MORE and not _site_field(line) \
                and match_marker(line.strip()) is None:
            # …制定实施工作方案，于 / 9 月 20 日前，将…: a line that stops on a comma or a word that
            # needs its object goes on below, whatever the page's width
            _join(paras[-1], text, s, e)
            continue
        if paras and marker is None and boiler is None and _bracket_left_open(paras[-1].text):
            # …予以及时补偿。 （责任部门： / 省财政厅，…；配合部门：…）: a bracket opened at a line's
            # end goes on below, whatever the line's width or its colon
            _join(paras[-1], text, s, e)
            continue
        if width and paras and marker is None and boiler is None and not _site_field(paras[-1].text) \
                and not _site_field(line):
            prev = paras[-1]
            last_line = text[prev.parts[-1][0]:prev.end]
            # a line that runs to the margin goes on below, even after a 。 that fell at the
            # margin (…稳步增长。 / 引导金融机构…); a shorter line ends its paragraph
            # a line cut mid-word (…、市城 / 乡结合部…) may stop a little short of the margin
            near = 0.8 if last_line[-1] not in _SENTENCE_END + "，,、" else 0.9
            if ((display_width(last_line) >= width * near or _stops_inside_sentence(prev, last_line))
                    and last_line[-1] not in "：:" and prev.boiler is None and not _DATE_LINE.match(line)
                    and not (len(prev.parts) == 1 and _title_line(last_line))):
                _join(prev, text, s, e)
                continue
        paras.append(Para(s, e, line, [(s, e)], marker, boiler, len(paras)))
    noting = explainer if explainer is not None and explainer.enabled else None
    out: list[Para] = []
    last_value: dict = {}  # the last number of each marker kind, for runs a line break interrupted
    for p in paras:
        for piece in split_at_breaks(text, p, noting, last_value):
            out.append(piece)
            if piece.marker is not None and piece.marker.value is not None:
                last_value[piece.marker.kind] = piece.marker.value
    for n, p in enumerate(out):
        p.index = n
    return out
