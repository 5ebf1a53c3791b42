"""Outline, principles and tasks of one notice.

The body is read as a tree of numbered items. Levels follow GB/T 9704-2012 §7.3.3 (一、 →
（一） → 1. → （1）): the highest marker of that chain used in a notice keeps its standard
depth (a notice whose top level is （一） has omitted or lost its 一、 headings), lower ones close
up when a level is skipped, and chapters/articles (第一章, 第一条) push the chain down.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from .clauses import DEADLINE_LABEL, find_clauses, label_clause, starts_label_clause
from .labels import Explainer, decide
from .layout import OutlineEntry, PrincipleBlock, TaskBlock
from .lexicon import field_key_regex, list_lead_regex, section_kind_entries, section_kind_of
from .lines import ATTACHMENT_LINE, is_body, signature_of
from .markers import GB_CHAIN, KIND_ORDER, Marker, inline_enumeration
from .paragraphs import Para
from .patterns import is_phrase_title
from .tables import find_task_tables
from ..table import Table

NON_WORK = {"significance", "general", "guiding", "principles", "goals", "attachment", "preamble", "roster", "report",
            "liability"}
_INNER_SENTENCE = re.compile(r"[。；;！!？?]")
# Words that open a sentence in official prose: where a lost 。 after a principle's title was.
_SENTENCE_OPENERS = ("按照", "根据", "依照", "依据", "进一步", "将", "把", "对", "在", "以", "通过", "加快", "加强",
                     "健全", "建立", "完善", "推进", "推动", "引导", "切实", "严格", "各地", "各级", "各部门", "要",
                     "继续", "深入", "全面", "坚决", "始终", "不断", "着力", "强化", "规范", "落实", "积极")


@dataclass
class Node:
    para: Para
    marker: Marker
    level: int
    parent: Optional["Node"] = None
    children: list["Node"] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    heading: bool = False
    title: str = ""
    kind: Optional[str] = None
    implied: bool = False
    id_part: str = ""
    in_attachment: bool = False
    title_span: Optional[tuple[int, int]] = None

    def path(self) -> list["Node"]:
        out, n = [], self
        while n is not None:
            out.insert(0, n)
            n = n.parent
        return out


def lead_phrase(body: str, max_len: int = 40) -> Optional[str]:
    """The bold lead phrase of an item: its first sentence when short and followed by more text.

    >>> lead_phrase("加强公务员诚信教育。以社会主义核心价值观为引领")
    '加强公务员诚信教育'
    >>> lead_phrase("上级政府要定期的对下级政府进行政务诚信监督检查,实施政务诚信考核评价。") is None
    True
    """
    m = _LEAD_END.search(body)
    if not m or not (2 <= m.start() <= max_len):
        return None
    phrase = body[:m.start()].strip()
    if re.search(r"[，,；;]", phrase) and len(phrase) > 25:
        return None
    return phrase


def principle_title(body: str) -> str:
    """Title of a principle; where the 。 after it was lost, cut before the word that opens the
    next sentence.

    >>> principle_title("坚持依法行政。切实履行法定职责")
    '坚持依法行政'
    >>> principle_title("坚持政务公开按照“以公开为常态”要求")
    '坚持政务公开'
    """
    lead = lead_phrase(body, 30)
    if lead and len(lead) <= 12:
        return lead
    m = re.match(r"[^，,。；;“”]{2,30}", body)
    head = lead or (m.group(0) if m else body[:20])
    for cut in range(4, len(head)):
        if head[cut:].startswith(_SENTENCE_OPENERS):
            return head[:cut].rstrip("，,、；;")
    return head.rstrip("，,、；;")


ARTICLE_TITLE_MAX = 15  # 支持内容及额度, 算力、语料和模型调用支持: an article's title is a short phrase


def node_features(text: str, node: "Node", over_table: bool) -> tuple[set[str], Optional[tuple[str, str]]]:
    """Features of a numbered line for the ``node`` decision, and its run-in section heading."""
    body = node.para.body
    run_in = _kind_run_in(body.strip())
    has_below = bool(node.children or [q for q in node.body if not _is_label_line(text, q)] or over_table)
    fired = {"numbered"}
    if node.marker.kind in ("yishi", "dash"):
        fired.add("yishi_or_dash")
    # 第二十四条 本办法自印发之日起施行 / 第二条 包保单位…负责：（一）…: an article that holds a
    # sentence is the rule itself, its items the rule's parts; only a titled article (第五条
    # 支持对象。) heads what follows it
    article_text = node.marker.kind == "article" and (
        is_provision(body.strip()) or not _title_only(body) or body.strip().endswith(("：", ":"))
        or len(body.strip().rstrip("。.")) > ARTICLE_TITLE_MAX)
    if has_below and _title_only(body) and not article_text:
        fired.add("title_only_above")
    if has_below and node.children and _title_only(body, sentence_ok=True) and not article_text:
        fired.add("sentence_above_items")
    if run_in:
        fired.add("kind_run_in")
    if node.marker.kind == "stage" and node.children:
        fired.add("stage_above_items")
    return fired, run_in


_WHOLE_BRACKETS = re.compile(r"[（(【\[]([^（()）【】\[\]]{2,20})[）)】\]]")


def _decide_heading(text: str, node: "Node", over_table: bool, explainer: Optional[Explainer]) -> None:
    """Heading (an outline entry over its section) or item (its title runs into its text)."""
    fired, run_in = node_features(text, node, over_table)
    decision = decide("node", fired)
    if explainer is not None:
        explainer.add((node.para.start, node.para.end), "node", decision, node.para.text)
    body = node.para.body
    if decision.label != "heading":
        node.title = lead_phrase(body.strip()) or ""
    elif fired & {"title_only_above", "sentence_above_items", "stage_above_items"}:
        node.heading = True
        lead = len(body) - len(body.lstrip())
        title = body.strip().rstrip("。.：:").rstrip()
        bracketed = _WHOLE_BRACKETS.fullmatch(title)
        if bracketed:
            # 第一条（目的和依据） / 第二条【适用范围】: the brackets set the article's title off, the
            # title is what they hold (round 6 y05, 上海 新能源汽车 实施办法)
            lead += 1
            title = bracketed.group(1)
        node.title_span = (node.para.body_start + lead, node.para.body_start + lead + len(title))
        node.title = text[node.title_span[0]:node.title_span[1]]
        # 总  则: spaces that spread a short heading over the line are layout, not words
        node.kind = section_kind_of(re.sub(r"[\s\u3000\xa0]+", "", node.title))
        if node.kind == "tasks" and "目标" in node.title and (
                (node.body and _GOAL_OPENING.match(node.body[0].text)) or _within_general(node)):
            # （二）目标任务 / 到2020年，建立起…, or under 一、指导思想、目标任务和基本原则: the section
            # states goals
            node.kind = "goals"
    else:
        node.heading = True
        node.title, node.kind = run_in
        lead = len(body) - len(body.lstrip())
        node.title_span = (node.para.body_start + lead, node.para.body_start + lead + len(node.title))


def _within_general(node: "Node") -> bool:
    """The node stands in a part that sets out no work (总体要求, 指导思想、目标任务和基本原则): its
    目标任务 are the part's goals, not a work section."""
    up = node.parent
    while up is not None and up.kind is None:
        up = up.parent
    return up is not None and up.kind in NON_WORK


# （一）提高认识，加强领导。 / 突出重点，细化方案。: closed by 。 a title's phrases are short (a
# line of longer ones closed by 。 is a sentence: （三）加强监督检查，对违规行为严肃处理。)
PHRASE_MAX_CLOSED = 8
_TRAILING_PERIOD = re.compile(r"(?<=[。.])\s*[（(][^（）()]*\d{4}\s*年[^（）()]*[)）]$")


def _title_only(body: str, sentence_ok: bool = False) -> bool:
    """A heading holds a title and nothing else: short, one phrase. A comma-separated line that
    ends with 。 is a sentence (（一）区发展改革委要发挥好牵头职能，加快建立…。), not a heading,
    unless numbered items stand under it (``sentence_ok``)."""
    # （三）全面实施。（2022年6月至2025年底前）: a stage's title and its period in brackets
    stripped = _TRAILING_PERIOD.sub("", body.strip())
    core = stripped.rstrip("。.：:")
    if not sentence_ok and _COMMA.search(core) and stripped.endswith(("。", ".")) \
            and not is_phrase_title(core, PHRASE_MAX_CLOSED):
        return False
    return 0 < len(core) <= 50 and not _INNER_SENTENCE.search(core)


def _kind_run_in(body: str) -> Optional[tuple[str, str]]:
    """A section heading run into its text (``(一)指导思想。全面贯彻…``, ``(二)工作目标推进…``):
    returns (title, kind) for the kinds that are not work."""
    if not body.startswith(_run_in_cues()):
        return None  # most bodies open with no cue: one test instead of one per entry
    for e in _run_in_entries():
        if body.startswith(e.cue):
            rest = body[len(e.cue):]
            m = re.match(r"^[^。：:，,]{0,6}?[。：:]", rest)
            title = e.cue + (rest[:m.end() - 1] if m else "")
            return title, e.kind
    return None


@functools.lru_cache(maxsize=1)
def _run_in_entries() -> tuple:
    """The section kinds a heading may run into its text with: not work, cue at the start."""
    return tuple(e for e in section_kind_entries()
                 if e.kind not in ("tasks", "safeguards", "attachment") and e.match != "end")


@functools.lru_cache(maxsize=1)
def _run_in_cues() -> tuple[str, ...]:
    return tuple(e.cue for e in _run_in_entries())


def marker_levels(kinds: set[str]) -> dict[str, int]:
    """Level of each marker kind used in a notice.

    >>> marker_levels({"cn_dun", "cn_paren", "num_dot"})
    {'cn_dun': 1, 'cn_paren': 2, 'num_dot': 3}
    >>> marker_levels({"cn_paren", "num_dot"})
    {'cn_paren': 2, 'num_dot': 3}
    >>> marker_levels({"cn_dun", "num_dot"})
    {'cn_dun': 1, 'num_dot': 2}
    >>> marker_levels({"chapter", "article", "cn_paren"})
    {'chapter': 1, 'article': 2, 'cn_paren': 3}
    >>> marker_levels({"cn_dun", "stage", "num_dot"})
    {'cn_dun': 1, 'num_dot': 3, 'stage': 2}
    """
    levels: dict[str, int] = {}
    above = [k for k in ("part", "chapter", "section", "article") if k in kinds]
    for n, k in enumerate(above, start=1):
        levels[k] = n
    chain = [k for k in GB_CHAIN if k in kinds]
    if chain:
        base = len(above) + 1 if above else GB_CHAIN.index(chain[0]) + 1
        for n, k in enumerate(chain):
            levels[k] = base + n
    for kind in ("stage", "ordinal"):
        if kind not in kinds:
            continue
        # 三、重点时段 / 第一时段（2月至4月） / 1.…: a stage stands where （一） would; so does an
        # ordinal (二、2006年主要工作安排意见 / 第一、以…为重点)
        tier = levels.get("cn_dun", 0) + 1
        if "cn_paren" not in levels and not any(levels.get(k) == tier for k in ("stage", "ordinal")):
            levels = {k: v + 1 if v >= tier else v for k, v in levels.items()}
        levels[kind] = tier
    deepest = max(levels.values(), default=0)
    for k in KIND_ORDER:
        if k in kinds and k not in levels:
            deepest += 1
            levels[k] = deepest
    return levels


@dataclass
class Structure:
    outline: list[OutlineEntry]
    principles: list[PrincipleBlock]
    tasks: list[TaskBlock]


def _virtual_items(text: str, p: Para) -> list[Para]:
    """Split a paragraph that runs ``一是…二是…`` items together into one paragraph per item."""
    if p.marker is None or p.marker.kind != "yishi":
        return [p]
    found = inline_enumeration(p.text)
    if len(found) < 2 or found[0][0] != 0:
        return [p]
    out = []
    bounds = [pos for pos, _ in found] + [len(p.text)]
    for (pos, marker), nxt in zip(found, bounds[1:]):
        seg = p.text[pos:nxt].rstrip()
        out.append(Para(p.start + pos, p.start + pos + len(seg), seg, [(p.start + pos, p.start + pos + len(seg))],
                        marker, None, p.index))
    return out


def build_structure(text: str, paras: list[Para], source_tables: Sequence[Table] = (),
                    explainer: Optional[Explainer] = None) -> Structure:
    """Outline, principles and tasks from the body paragraphs of one notice (header, titles,
    signature and chrome already removed); ``source_tables`` are the reader's tables.

    Four steps: the lines (``一是…二是…`` run together split into items), the task tables (read in
    tables.py; their paragraphs are no items of the outline), the tree of numbered lines
    (:class:`_Tree`) with a scored heading-or-item decision for each, and the walk that emits
    outline entries, principles and tasks (:class:`_Emitter`).
    """
    seq: list[Para] = []
    for p in paras:
        seq.extend(_virtual_items(text, p))
    task_tables = find_task_tables(text, seq, source_tables)
    table_of = {id(p): n for n, table in enumerate(task_tables) for p in table.paras}
    # 二、任务分工表 printed over a table is a heading whose content is the table, not an item.
    above_table = {id(table.heading_para) for table in task_tables if table.heading_para is not None}
    listed = attachment_list_entries(seq)
    seq = [p for p in seq if id(p) not in listed]
    kinds = {p.marker.kind for p in seq if p.marker is not None and id(p) not in table_of}
    tree = _Tree(seq, marker_levels(kinds), table_of).build()

    # Headings and kinds: a scored decision per numbered line (lexicons/segment/label_weights.tsv)
    for node in tree.all_nodes:
        if node.marker.kind != "plain":
            _decide_heading(text, node, id(node.para) in above_table, explainer)

    emitter = _Emitter(text, tree.roots)
    for r in tree.roots:
        emitter.walk(r)
    if not emitter.tasks and not tree.roots and not task_tables:
        for n, heading, group in unnumbered_measures(seq):
            first, last = group[0], group[-1]
            whole = Para(first.start, last.end, text[first.start:last.end], [(first.start, last.end)])
            emitter.add_task(f"p{n}", heading, whole, first.start, "tasks")
    tasks = emitter.tasks + [task for table in task_tables for task in table.tasks]
    return Structure(outline=emitter.outline, principles=emitter.principles, tasks=unique_ids(tasks))


class _Tree:
    """The numbered lines of a notice as a tree, by the level of their markers (GB/T 9704-2012
    §7.3.3); un-numbered paragraphs go to the body of the node above them."""

    def __init__(self, seq: list[Para], levels: dict[str, int], table_of: dict[int, int]):
        self.seq, self.levels, self.table_of = seq, levels, table_of
        self.roots: list[Node] = []
        self.root_body: list[Para] = []
        self.stack: list[Node] = []
        self.all_nodes: list[Node] = []
        self.seen_marker = False
        self.attachment_mode = False
        self.attachment_title_open = False
        self.implied_count = 0

    def build(self) -> "_Tree":
        for p in self.seq:
            if id(p) in self.table_of:
                continue
            if ATTACHMENT_LINE.match(p.text.strip()):
                if self.seen_marker:
                    self.attachment_mode = True
                    self.stack = []
                self.attachment_title_open = True
            elif p.marker is None:
                if not self.attachment_mode:
                    self._plain(p)
            else:
                self.seen_marker = True
                self.attachment_title_open = False
                if not self.attachment_mode:
                    self._numbered(p)
        return self

    def _open_root(self, node: Node) -> None:
        self.roots.append(node)
        self.stack = [node]
        self.all_nodes.append(node)

    def _plain(self, p: Para) -> None:
        title = p.text.strip()
        levels = self.levels
        if (self.attachment_title_open and levels and len(title) <= 40 and not _INNER_SENTENCE.search(title)
                and section_kind_of(title) in NON_WORK):
            # 附件 / 国务院第五次大督查发现的典型经验做法 / 1.北京市…: the attachment's title says
            # what its numbered items are (a list of examples or names, not work)
            self._open_root(Node(para=p, marker=Marker("plain", "", None, 0), level=min(levels.values()) - 1,
                                 heading=True, implied=True, title=title, kind=section_kind_of(title),
                                 id_part="附件"))
        elif levels and _unnumbered_heading(self.seq, p, levels, self.table_of):
            # 政策内容 on a line of its own above 1. 2. 3.: a section heading printed without
            # a number; it closes the numbered section before it
            top = min(levels.values())
            while self.stack and self.stack[-1].level >= top:
                self.stack.pop()
            self._open_root(Node(para=p, marker=Marker("plain", "", None, 0), level=top, parent=None,
                                 heading=True, title=title, kind=section_kind_of(title),
                                 id_part=title, title_span=(p.start, p.end)))
        else:
            (self.stack[-1].body if self.stack else self.root_body).append(p)

    def _numbered(self, p: Para) -> None:
        level = self.levels[p.marker.kind]
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        siblings = parent.children if parent else self.roots
        same = [s for s in siblings if s.marker.kind == p.marker.kind]
        if (same and p.marker.kind in _RESTARTING and p.marker.value == 1
                and same[-1].marker.value is not None and same[-1].marker.value >= 1):
            parent = self._restart(p, parent, level)
        node = Node(para=p, marker=p.marker, level=level, parent=parent, id_part=p.marker.ascii_id)
        (parent.children if parent else self.roots).append(node)
        self.stack.append(node)
        self.all_nodes.append(node)

    def _restart(self, p: Para, parent: Optional[Node], level: int) -> Node:
        """Numbering starts again at 1 under the same parent: the heading of the enclosing level
        was lost (scraped pages drop 五、… lines). An implied section stands for it."""
        self.implied_count += 1
        grand = parent.parent if parent else None
        if parent is not None and parent.marker.value is not None:
            value = parent.marker.value + 1
            id_part = _numeral_like(parent, value)
            imp = Node(para=p, marker=Marker(parent.marker.kind, id_part, value, 0), level=parent.level,
                       parent=grand, implied=True, id_part=id_part)
            (grand.children if grand else self.roots).append(imp)
            self.stack = [n for n in self.stack if n.level < parent.level] + [imp]
            return imp
        id_part = f"#{self.implied_count + 1}"
        imp = Node(para=p, marker=Marker("implied", id_part, None, 0), level=level - 1,
                   parent=None, implied=True, id_part=id_part)
        if self.implied_count == 1:  # the earlier siblings form the first implied group
            first = Node(para=self.roots[0].para if self.roots else p, marker=Marker("implied", "#1", None, 0),
                         level=level - 1, parent=None, implied=True, id_part="#1")
            moved = [r for r in self.roots if r.level >= level]
            for r in moved:
                r.parent = first
                self.roots.remove(r)
            first.children = moved
            self.roots.append(first)
        self.roots.append(imp)
        self.stack = [imp]
        return imp


# Kinds whose numbering starting again at 1 under one parent shows a lost heading above it.
_RESTARTING = GB_CHAIN + ("chapter", "section", "article", "yishi", "circled")


class _Emitter:
    """Walks the tree and emits outline entries, principles and tasks (GUIDE.md §2: the lowest
    numbered items of sections that set out work, un-numbered paragraphs with their own clause)."""

    def __init__(self, text: str, roots: list[Node]):
        self.text, self.roots = text, roots
        self.outline: list[OutlineEntry] = []
        self.principles: list[PrincipleBlock] = []
        self.tasks: list[TaskBlock] = []

    # -- what a node is part of -------------------------------------------------------------

    @staticmethod
    def ctx_kind(node: Optional[Node]) -> Optional[str]:
        while node is not None:
            if node.kind is not None:
                return node.kind
            node = node.parent
        return None

    def top_kind(self, node: Node) -> Optional[str]:
        for n in (n for n in node.path() if n.heading):
            if n.kind is not None:
                return n.kind if n.kind not in ("general",) else self.ctx_kind(node)
        return "tasks"

    @staticmethod
    def path_id(node: Node) -> str:
        return "/".join(n.id_part for n in node.path())

    @staticmethod
    def heading_above(node: Optional[Node]) -> Optional[str]:
        while node is not None:
            if node.heading and node.title:
                return node.title
            node = node.parent
        return None

    def is_principle_group(self, node: Node) -> bool:
        # only where the 基本原则 heading itself is missing: items outside any printed heading
        if any(not n.implied for n in node.path()[:-1]):
            return False
        sibs = (node.parent.children if node.parent else self.roots)
        sibs = [s for s in sibs if s.marker.kind == node.marker.kind and not s.heading]
        if len(sibs) < 2:
            return False
        return sum(s.para.body.strip().startswith("坚持") for s in sibs) >= 0.8 * len(sibs)

    # -- tasks ------------------------------------------------------------------------------

    def add_task(self, node_path: str, heading: Optional[str], p: Para, text_start: int, kind: Optional[str],
                 labels: Optional[list[Para]] = None) -> None:
        text = self.text
        task = TaskBlock(id=node_path, heading=heading, span=(p.start, p.end), text_span=(text_start, p.end),
                         clauses=find_clauses(text, text_start, p.end), section_kind=kind)
        # 责任单位：… / 完成时限：… printed on their own lines under the item
        for q in labels or []:
            m = DEADLINE_LABEL.match(q.text)
            if m:
                task.deadline_text = (m.group(1), (q.start + m.start(1), q.start + m.end(1)))
            elif _clause_only(text, q):
                for c in find_clauses(text, q.start, q.end):  # （…牵头，…配合） on the line below
                    c.covers = (text_start, p.end)
                    task.clauses.append(c)
            else:
                c = label_clause(text, q.start, q.end, text_start)
                if c is not None:
                    c.covers = (text_start, p.end)
                    task.clauses.append(c)
            task.span = (task.span[0], q.end)
        self.tasks.append(task)

    def label_lines(self, node: Node) -> list[Para]:
        """责任单位：… lines, or a bracketed clause printed below the item."""
        out = []
        for q in node.body:
            if _is_label_line(self.text, q) or (not out and _clause_only(self.text, q)):
                out.append(q)
            else:
                break
        return out

    def _with_continuation(self, node: Node, labels: list[Para]) -> Para:
        """The item's line and the plain paragraphs under it: （一）加强领导。各市要… / 9月20日前，将
        专项治理工作总结报送省局。 — the item's text goes on below its line until the next
        numbered line. Paragraphs that carry a clause of their own stay tasks of their own
        (:meth:`clause_paragraphs`), and so does everything after the first of them."""
        text, below = self.text, []
        siblings = node.parent.children if node.parent is not None else self.roots
        if node is siblings[-1]:
            return node.para  # after a section's last item a paragraph may close the section
        body = node.body[len(labels):]
        for q in body:
            # a policy's closing provisions (本政策自…起实施), page furniture (返回列表) and a
            # signature or date printed after the last item end the item's text
            if _is_label_line(text, q) or DEADLINE_LABEL.match(q.text) or starts_label_clause(q.text) \
                    or find_clauses(text, q.start, q.end) or q.boiler is not None \
                    or _opens_closing_provisions(q.text.strip()) or not is_body(q):
                break
            below.append(q)
        if not below:
            return node.para
        end = below[-1].end
        return Para(node.para.start, end, text[node.para.start:end], node.para.parts + [p for q in below for p in q.parts],
                    node.para.marker, node.para.boiler, node.para.index)

    def clause_paragraphs(self, node: Node) -> None:
        """Un-numbered paragraphs that carry their own responsibility clause are tasks."""
        labels = set(map(id, self.label_lines(node))) if not node.heading else set()
        for n, q in enumerate(node.body, start=1):
            if id(q) in labels or DEADLINE_LABEL.match(q.text) or starts_label_clause(q.text):
                continue
            if find_clauses(self.text, q.start, q.end):
                self.add_task(f"{self.path_id(node)}/p{n}", lead_phrase(q.text) or self.heading_above(node), q,
                              q.start, self.top_kind(node))

    # -- the walk ---------------------------------------------------------------------------

    def walk(self, node: Node) -> None:
        ctx = self.ctx_kind(node)
        work = ctx not in NON_WORK
        if node.heading and not node.children and not node.implied and self._title_runs_on(node):
            _merge_run_in(self.text, node)
        if work and ctx != "principles" and node.children and not node.implied and _is_enumeration(self.text, node):
            self._enumeration(node)
            return
        if node.heading:
            self._heading(node, ctx, work)
        elif node.implied:
            self.clause_paragraphs(node)
        elif not self._item(node, ctx, work):
            return
        for c in node.children:
            self.walk(c)

    def _title_runs_on(self, node: Node) -> bool:
        """A title and the one paragraph under it printed on one line, a space apart (scraped text
        that lost its line breaks: ``（一）高度重视。 各市（地）煤矿安全监管部门要…``): the line holds
        a title and its body, an item (GUIDE.md §2), not a heading over a section."""
        # the names of a joint signature printed one body a line below the last item are no body
        body = [q for q in node.body if q is node.body[0] or not signature_of(q)]
        if node.parent is None or len(body) != 1 \
                or node.kind not in (None, "tasks", "safeguards", "principles", "general"):
            return False  # a part (三、组织领导 …) heads its section however it is printed
        gap = self.text[node.para.end:node.body[0].start]
        # （一）成立机构（5月） 　　成立由…: two ideographic spaces are the next paragraph's indent
        # (GB/T 9704), a line break a .wps export lost, not a space within one line
        return "\n" not in gap and "\u3000\u3000" not in gap and bool(gap.strip(" \t\u3000\xa0") == "")

    def _outline_entry(self, node: Node) -> None:
        self.outline.append(OutlineEntry(marker=node.marker.text, level=node.level, title=node.title,
                                         kind=node.kind, span=(node.para.start, node.para.end),
                                         title_span=node.title_span))

    def _heading(self, node: Node, ctx: Optional[str], work: bool) -> None:
        text = self.text
        if not node.implied:
            self._outline_entry(node)
        run_in = _kind_run_in(node.para.body.strip()) and not _title_only(node.para.body)
        if run_in and node.kind == "principles" and not node.children:
            # （二）基本原则。坚持依法行政，…。坚持政务公开，…: the principles run on in one line
            line = node.para
            for m in re.finditer(r"(?:(?<=[。；;：:])|^)(坚持[^。；;]*[。；;]?[^坚]*)", text[line.body_start:line.end]):
                start = line.body_start + m.start(1)
                self.principles.append(_principle(text, start, start + len(m.group(1))))
        if run_in or node.children:
            if work and not run_in:
                self.clause_paragraphs(node)
            return
        if work and node.kind == "safeguards" and all(n.implied for n in node.path()[:-1]) and any(
                r.children for r in self.roots if r is not node):
            # 五、有关要求 / 三、保障措施 printed as plain paragraphs after numbered task sections:
            # requirements on carrying the notice out; only a paragraph with its own clause is a task
            self.clause_paragraphs(node)
        elif work and is_provision(node.title or ""):
            pass  # 第三十六条 本条例自2019年1月1日起施行: a closing provision printed as a heading line
        elif work:
            self._heading_over_paragraphs(node)
        elif ctx == "general":
            # 总体要求 printing its principles as 坚持… paragraphs without a 基本原则 heading
            held = [q for q in node.body if q.text.strip().startswith("坚持") and lead_phrase(q.text.strip(), 30)]
            if len(held) >= 2:
                self.principles.extend(_principle(text, q.start, q.end) for q in held)
        elif ctx == "principles":
            # un-numbered principles under their heading, one per paragraph, each opening with its
            # title: 坚持依法规范。全面履行法定职责…
            if node.body and node.kind is None and node.title.startswith("坚持"):
                # （一）坚持创新驱动、重点突破 / 瞄准世界先进水平…: a numbered principle whose title
                # stands on a line of its own above its text
                whole = _principle(text, node.para.body_start, node.body[-1].end)
                self.principles.append(PrincipleBlock(title=node.title, text=whole.text, span=whole.span))
                return
            for q in node.body:
                body = q.text.strip()
                if not body.endswith(("：", ":")) and (lead_phrase(body, 30) or body.startswith("坚持")):
                    self.principles.append(_principle(text, q.start, q.end))

    def _enumeration(self, node: Node) -> None:
        """One task of an item and the list its sentence introduces: the numbered lines are the
        list, not items of work of their own. The item may run into its text (1. 主动公开相关信息。
        …向社会主动公开以下信息：（1）…；（2）…) or be a title over it (1.全程音像记录的情形 /
        …应对下列行政执法现场进行全程音像记录： / （1）…； / （2）…；), whose words are the task's."""
        text, last = self.text, node.children[-1]
        end = max([last.para.end] + [q.end for q in last.body])
        whole = Para(node.para.start, end, text[node.para.start:end], [(node.para.start, end)])
        start = node.body[0].start if node.heading and node.body else node.para.body_start
        here = self.path_id(node)
        if node.heading and node.body:
            # 十三、市场清退制度 / 生产企业有下列行为之一的，…。 / （一）…的。: the title heads a section
            # (an outline entry) whose one paragraph and its list are the item (GUIDE: 十三/p1)
            self._outline_entry(node)
            here += "/p1"
        self.add_task(here, node.title or self.heading_above(node.parent), whole, start, self.top_kind(node))

    def _heading_over_paragraphs(self, node: Node) -> None:
        """A heading of a work section with paragraphs and no numbered item under it."""
        text = self.text
        groups: list[tuple[Para, list[Para]]] = []
        for q in _before_closing_provisions(node.body):
            if groups and _is_label_line(text, q):
                groups[-1][1].append(q)  # 责任单位：… line of the paragraph above
            elif groups and _clause_only(text, q):
                # （责任单位：…） on a line of its own closes the paragraph above
                above, labels = groups[-1]
                groups[-1] = (Para(above.start, q.end, text[above.start:q.end], above.parts + q.parts,
                                   above.marker, above.boiler, above.index), labels)
            else:
                groups.append((q, []))
        carries = [bool(labels) or bool(find_clauses(text, q.start, q.end)) for q, labels in groups]
        if any(field_key_regex(("roster",)).match(q.text.strip()) for q, _ in groups):
            # （一）组织领导 over a leading group's roster (…领导小组 / 组长：… / 成员：…): the posts of
            # a group set no work; only a paragraph with its own clause does (round 6 y01)
            groups = [g for g, c in zip(groups, carries) if c]
            carries = [True] * len(groups)
        # 第一条 目的 / 为加快推进…，制定本实施办法。 and 第十二条 / 本实施办法自印发之日起施行: an
        # article's title over a paragraph that states the purpose or the closing provisions sets
        # no work, as the same article run into one line does (round 9 y10)
        keep = [k for k, (q, labels) in enumerate(groups) if labels or not _purpose_or_closing(q.text.strip())]
        groups, carries = [groups[k] for k in keep], [carries[k] for k in keep]
        if not groups:
            return
        here, kind = self.path_id(node), self.top_kind(node)
        labelled = _labelled_paragraphs(text, groups)
        if labelled is not None:
            # （一）重点品种 / 种子：严厉查处… / 农药：严厉打击… : paragraphs that each open with the
            # category they concern are items of their own (round 9 y04, 农资打假 实施方案)
            groups, carries = labelled, [True] * len(labelled)
        if len(groups) > 1 and not any(carries):
            # the item is the heading and its paragraphs together (GUIDE: the lowest numbered
            # item); paragraphs become tasks of their own only with a clause
            first, last = groups[0][0], groups[-1][0]
            whole = Para(first.start, last.end, text[first.start:last.end], [(first.start, last.end)])
            self.add_task(here, node.title, whole, first.start, kind)
        elif len(groups) == 1:
            # 第一条 办公空间支持 / （四）强化…使用。 over one paragraph: the heading is an outline
            # entry and the paragraph under it an un-numbered item (GUIDE: 三/(四)/p1)
            q, labels = groups[0]
            self.add_task(f"{here}/p1", node.title, q, q.start, kind, labels)
        else:
            for n, (q, labels) in enumerate(groups, start=1):
                self.add_task(f"{here}/p{n}", lead_phrase(q.text) or node.title, q, q.start, kind, labels)

    def _item(self, node: Node, ctx: Optional[str], work: bool) -> bool:
        """An item whose title runs into its text; False when its children are read with it."""
        text = self.text
        if ctx == "principles" or (ctx is None and self.is_principle_group(node)):
            self.principles.append(_principle(text, node.para.body_start, node.para.end))
        elif work and not node.children and is_provision(node.para.body.strip(), node.title):
            pass  # 第一条 为…制定本措施 / 第二条【适用范围】 / 本措施自…施行: provisions, not work
        elif work and not node.children:
            labels = self.label_lines(node)
            self.add_task(self.path_id(node), node.title or self.heading_above(node.parent),
                          self._with_continuation(node, labels), node.para.body_start, self.top_kind(node), labels)
        if work:
            self.clause_paragraphs(node)
        return True


# 本措施, 本实施意见, 本行动方案: the policy itself, named by its genre
_GENRE_SELF = r"本《?(?:[\u4e00-\u9fff]{0,4}?)(?:措施|办法|方案|细则|意见|规定|规则|政策|通知|计划|指引|条例|文件|政策措施)》?"
# 施行说明：本措施自印发之日起施行 — the label a site prints before a policy's closing provisions
_PROVISION_LABEL = re.compile(r"^(?:施行|实施|政策|补充|其他)?说明\s*[:：]\s*")
# 为抢抓…机遇，…，制定本措施。 : the purpose a policy states first
_PURPOSE = re.compile(r"^(?:为|根据|依据|依照).{2,200}?(?:特|现)?(?:制定|制订|出台)" + _GENRE_SELF + r"[。.]?$", re.S)
# 本措施所指年度…, 本措施由…负责解释, 本措施自…起施行, 本措施有效期…: closing provisions (附则)
_SELF_PROVISION = re.compile("^" + _GENRE_SELF + r"(?:所[指称]|中|第|由|自|有效期|适用|执行|实施期间|施行|解释|未尽|与)")
_BRACKETED_TITLE = re.compile(r"^[【\[]([^】\]]{2,20})[】\]]")
# 第二条 评估对象为… / 第四条 评估人员是由评估机构派出的…人员 / 本办法所称…是指…: an article of a 办法
# that says whom it concerns or what a term means sets no work (京民养老发〔2019〕42号, round 7 y10)
_DEFINITION = re.compile(r"^[^，,。；;]{2,15}?(?:是指|系指|是由)|^[^，,。；;]{0,10}(?:对象|范围)(?:为|是|包括|主要包括)")


# 实行一般诊疗费政策的地区，不再执行省卫生厅《关于…的通知》（粤卫〔2010〕34号）。/ 《…办法》同时废止。:
# one sentence that repeals a cited document is a closing provision (附则), wherever it is printed
_REPEAL = re.compile(r"^[^。]*《[^》]+》[^。]*?(?:不再执行|同时废止|予以废止|停止执行)[^。]*。?$"
                     r"|^[^。]*(?:不再执行|同时废止|予以废止|停止执行)[^。]*《[^》]+》[^。]*。?$")


def is_provision(body: str, title: Optional[str] = None) -> bool:
    """An item that states the policy's purpose, scope or closing provisions rather than a measure:
    city 措施 numbered 第一条…第二十条 put them among the measures.

    >>> is_provision("为抢抓国家“人工智能+”行动战略机遇，推动OPC集聚发展，制定本措施。")
    True
    >>> is_provision("【适用范围】本措施适用于在海珠区内诚信经营的企业。")
    True
    >>> is_provision("本措施所指年度是指启动申报所通知的自然年度。")
    True
    >>> is_provision("施行说明：本措施自印发之日起施行，有效期至2028年12月31日。")
    True
    >>> is_provision("本《意见》自正式发布之日起试行一年，期满后进行评估优化。")
    True
    >>> is_provision("【打造智能体服务专区】为OPC主体推介价格合适的孵化空间。")
    False
    >>> is_provision("评估对象为申请享受本市养老服务政策待遇的人员。"), is_provision("评估人员是由评估机构派出的人员。")
    (True, True)
    >>> is_provision("评估机构要按照标准派出评估人员，是指导工作的重点。")
    False
    >>> is_provision("实行一般诊疗费政策的地区，不再执行省卫生厅《关于印发有关问题的通知》（粤卫〔2010〕34号）。")
    True
    """
    body = _PROVISION_LABEL.sub("", body)
    if _PURPOSE.match(body) or _SELF_PROVISION.match(body) or _DEFINITION.match(body) or _REPEAL.match(body):
        return True
    m = _BRACKETED_TITLE.match(body)
    lead = m.group(1) if m else (title or "")
    return bool(lead) and section_kind_of(lead) in ("general", "significance", "guiding")


def _purpose_or_closing(body: str) -> bool:
    """A paragraph stating the policy's purpose (为…，制定本办法) or its closing provisions
    (本办法自…起施行); a definition may open a paragraph that goes on with work (财政直接支付
    是指…。财政部门根据…), so it is not asked here."""
    body = _PROVISION_LABEL.sub("", body)
    return bool(_PURPOSE.match(body) or _SELF_PROVISION.match(body) or _REPEAL.match(body))


def _before_closing_provisions(body: list[Para]) -> list[Para]:
    """The paragraphs of an item up to the closing provisions a policy prints, unnumbered, under
    its last measure: a bare 附则 line, or 施行说明：本措施自印发之日起施行… (解释, 施行, 有效期)."""
    for k, q in enumerate(body):
        if k and _opens_closing_provisions(q.text.strip()):
            return body[:k]
    return body


def _opens_closing_provisions(line: str) -> bool:
    """A bare 附则 line, or a provision (本措施自印发之日起施行, 本实施意见由…负责解释)."""
    return section_kind_of(line) == "general" and len(line) <= 10 or is_provision(line)


_LISTED_ATTACHMENT = re.compile(r"^附\s*件\s*[:：]\s*1\s*[.．、]")


def attachment_list_entries(seq: list[Para]) -> set[int]:
    """ids of the lines that continue a 附件说明 (GB/T 9704 §7.3.4): ``附件：1.国土资源部关于…的报告``
    then ``2.湖北省…专家组意见`` on the next line is the attachment list, not a numbered item.

    >>> from policyparse.segment.markers import match_marker
    >>> paras = [Para(0, 0, t, [], match_marker(t)) for t in ("附件：1.关于马鬃山村地质险情调研情况的报告",
    ...          "2.马鬃山村地质险情调查专家组意见", "2.加强监测。")]
    >>> [p.text for p in paras if id(p) in attachment_list_entries(paras)]
    ['2.马鬃山村地质险情调查专家组意见']
    """
    out: set[int] = set()
    expected = 0
    for p in seq:
        t = p.text.strip()
        if _LISTED_ATTACHMENT.match(t):
            expected = 2
        elif (expected and p.marker is not None and p.marker.kind == "num_dot" and p.marker.value == expected
              and len(t) <= 80 and not _INNER_SENTENCE.search(t)):
            out.add(id(p))
            expected += 1
        else:
            expected = 0
    return out


# What closes a policy's text rather than adds a measure: 本措施自…起施行, 由…负责解释, and a
# paragraph opening with a full date (2026年3月10日发布于…, 2026年4月18日，…召开新闻发布会).
_CLOSING_PARAGRAPH = re.compile(r"^(?:本(?:措施|办法|方案|指引|政策|细则|意见|通知|规定|条例)|(?:\d{4}|[〇零一二三四五六七八九]{4})年"
                                r"[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日)")


def unnumbered_measures(seq: list[Para]) -> list[tuple[int, str, list[Para]]]:
    """The measures of a policy printed without any numbering: a short heading line above its
    paragraph (``支持Token消耗补贴。`` / ``对符合条件的…``) or a paragraph opening with its heading
    (``运营主体。运营主体应具有独立法人资格…``). City 若干措施 and 指引 scraped from WeChat pages
    lose their 一、二、 this way. Returns (position, heading, paragraphs) per measure; the
    paragraphs before the first heading are the preamble. Fewer than three headed measures is
    ordinary prose, not a list of measures.

    >>> paras = [Para(0, 0, t, []) for t in ("为加快发展，制定本措施。", "支持算力供给。",
    ...          "对租用算力的企业给予补贴。", "支持数据采购。", "按成交金额予以补助。",
    ...          "运营主体。运营主体应具有独立法人资格。", "2026年3月10日发布。")]
    >>> [(n, h, len(g)) for n, h, g in unnumbered_measures(paras)]
    [(2, '支持算力供给', 2), (4, '支持数据采购', 2), (6, '运营主体', 1)]
    """
    measures: list[tuple[int, str, list[Para], bool]] = []  # position, heading, paragraphs, heading line?
    for n, p in enumerate(seq, start=1):
        body = p.text.strip()
        if _CLOSING_PARAGRAPH.match(body):
            break
        if p.marker is not None or "\t" in p.text:
            return []
        lead = lead_phrase(body, 30)
        # a heading closes with 。 (组　长：韩正 is a list of names, not a measure)
        headed = lead is not None and body.startswith(lead + "。") and not re.search(r"[，,、]", lead)
        heading_line = headed and len(body) <= len(lead) + 1
        if measures and len(measures[-1][2]) == 1 and measures[-1][3]:
            measures[-1][2].append(p)  # the paragraph under a heading line is its text, however short
        elif headed and (not heading_line or n < len(seq)):
            measures.append((n, lead, [p], heading_line))
        elif measures:
            measures[-1][2].append(p)
    return [(n, lead, group) for n, lead, group, _ in measures] if len(measures) >= 3 else []


def _unnumbered_heading(seq: list[Para], p: Para, levels: dict[str, int], table_of: dict[int, int]) -> bool:
    """A short line without punctuation directly above numbered items of a lower level than the
    notice's top level: a heading whose number was never printed (政策内容 / 1.布局…)."""
    t = p.text.strip()
    if not (2 <= len(t) <= 20) or re.search(r"[，,。；;：:、！？!?（）()“”\d]", t):
        return False
    k = next((n for n, q in enumerate(seq) if q is p), None)
    if k is None or k + 1 >= len(seq) or id(seq[k + 1]) in table_of:
        return False
    nxt = seq[k + 1].marker
    if nxt is None or nxt.kind not in levels:
        return False
    return levels[nxt.kind] > min(levels.values()) and nxt.value == 1


def _is_label_line(text: str, q: Para) -> bool:
    """责任单位：… or 完成时限：… printed as a line of its own."""
    return bool(DEADLINE_LABEL.match(q.text) or (starts_label_clause(q.text)
                                                 and label_clause(text, q.start, q.end, q.start)))


# 到2020年，… / 力争到2025年…: the sentence a goals section opens with
_GOAL_OPENING = re.compile(r"^\s*(?:力争|争取)?到\s*(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年")


def unique_ids(tasks: list[TaskBlock]) -> list[TaskBlock]:
    """Task ids are unique in a document (GUIDE.md): where a scrape lost the headings that told
    two runs of 一是…三是 apart, the later ones get their position in the run (一是~2)."""
    seen: dict[str, int] = {}
    for task in tasks:
        n = seen.get(task.id, 0) + 1
        seen[task.id] = n
        if n > 1:
            task.id = f"{task.id}~{n}"
    return tasks


def _clause_only(text: str, q: Para) -> bool:
    """A paragraph that is nothing but a bracketed responsibility clause."""
    clauses = find_clauses(text, q.start, q.end)
    return bool(clauses) and not text[q.start:clauses[0].span[0]].strip() and \
        not text[clauses[-1].span[1]:q.end].strip(" 。.；;\u3000")


def _merge_run_in(text: str, node: Node) -> None:
    """Read a heading and the paragraph on its line as one item whose title runs into its text."""
    q = node.body[0]
    node.para = Para(node.para.start, q.end, text[node.para.start:q.end], node.para.parts + q.parts,
                     node.para.marker, node.para.boiler, node.para.index)
    node.body = []
    node.heading = False


def _principle(text: str, start: int, end: int) -> PrincipleBlock:
    """A principle whose text is exactly the slice its span names (whitespace and control
    characters at either end left out of both)."""
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    body = text[start:end]
    return PrincipleBlock(title=principle_title(body), text=body, span=(start, end))


def _is_enumeration(text: str, node: Node) -> bool:
    """An item whose sentence ends with a colon over numbered lines that complete it (主要包括：
    1.…；2.…；): the lines are list elements, short, closed by ；, and assign no work of their own.
    """
    kids = node.children
    if len(kids) < 2 or any(k.children for k in kids) or len({k.marker.kind for k in kids}) > 1:
        return False
    lead = [node.para.text] + [q.text for q in node.body if q.start < kids[0].para.start]
    bodies = [k.para.body.strip() for k in kids]
    if list_lead_regex().search(lead[-1].rstrip()):
        # 有下列行为之一的，…： / （一）…，未按规定指定配送企业的。: cases, conditions and papers
        # complete their lead however they are punctuated (lexicons/segment/list_leads.tsv)
        return not any(find_clauses(text, k.para.body_start, k.para.end) for k in kids)
    if not lead[-1].rstrip().endswith(("：", ":")):
        return False
    if sum(len(b) for b in bodies) / len(bodies) > 100:
        return False
    # list elements are noun phrases (…规范性文件；); items of work are clauses with commas
    # (1.坚持把隐患排查治理工作与…结合起来，狠抓薄弱环节，…；)
    if sum(1 for b in bodies if re.search(r"[，,]", b)) > 0.3 * len(bodies):
        return False
    listed = sum(1 for b in bodies[:-1] if b.endswith(("；", ";", "，", ","))) + bodies[-1].endswith(("。", "；", ";"))
    if listed < 0.6 * len(bodies):
        return False
    return not any(find_clauses(text, k.para.body_start, k.para.end) for k in kids)


def _numeral_like(parent: Node, value: int) -> str:
    """Id part of an implied section numbered after ``parent`` (四 -> 五)."""
    if parent.marker.kind in ("cn_dun", "cn_paren", "chapter", "section", "article"):
        digits = "零一二三四五六七八九"
        if value <= 10:
            s = "十" if value == 10 else digits[value]
        elif value < 20:
            s = "十" + digits[value - 10]
        else:
            s = digits[value // 10] + "十" + (digits[value % 10] if value % 10 else "")
        return f"({s})" if parent.marker.kind == "cn_paren" else s
    return str(value)


# 种子：严厉查处… / 热点区域：对近年来… / 果、菜、中草药等特色产区：重点打击…: a paragraph that opens
# with the category it concerns, a colon, then its measures; a sentence that introduces what
# follows (综合督查的内容主要是：…) is no category
_CATEGORY_LABEL = re.compile(r"^(?![^：:]*(?:的|是|为|包括|如下)[：:])[^：:，,。；;（）()\s]{2,14}[：:](?=\S{8})")


def _labelled_paragraphs(text: str, groups: list[tuple[Para, list[Para]]]
                         ) -> Optional[list[tuple[Para, list[Para]]]]:
    """The paragraphs under a heading regrouped at each category label, when the first opens
    with one and at least two do (a line a PDF wrapped goes with the paragraph above); else None.
    A field key (责任单位：, 完成时限：) is no category."""
    opens = [bool(_CATEGORY_LABEL.match(q.text.strip())) and not field_key_regex().match(q.text.strip())
             and not _is_label_line(text, q) for q, _ in groups]
    if len(groups) < 2 or not opens[0] or sum(opens) < 2:
        return None
    out: list[tuple[Para, list[Para]]] = []
    for (q, labels), starts in zip(groups, opens):
        if starts or not out:
            out.append((q, list(labels)))
        else:
            above, above_labels = out[-1]
            out[-1] = (Para(above.start, q.end, text[above.start:q.end], above.parts + q.parts,
                            above.marker, above.boiler, above.index), above_labels + list(labels))
    return out


# patterns of the functions above, compiled once (re.* looked each up in its cache per call)
_LEAD_END = re.compile(r"[。：:]")
_COMMA = re.compile(r"[，,]")
