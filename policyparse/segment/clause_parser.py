"""The one clause parser: units, roles, fields and declared rules of a responsibility clause.

A clause is the bracketed or keyed list that says who does a task of a 任务分工 or 实施方案 notice.
Both stages call :func:`read_clause`: the segment stage to tell a clause from any other bracketed
remark, the extract stage to read it. The words come from ``lexicons/shared/clause_grammar.tsv``
(:mod:`.grammar`); this module only knows the order in which a clause says things:

    clause   = part ( separator part )*
    part     = key units | units verb | units cojoin units verb | field | remark
    key      = 牵头单位： | 配合单位： | 责任单位： | 负责部门： …        (role before the units)
    verb     = [qualifier…] 牵头 | 配合 | 负责 | 指导 | 落实 …         (role after the units)
    field    = 完成时限：… | 联系人：… | 适用范围：… | 2019年底前完成…   (no units)
    remark   = 列第一位的为牵头单位，下同 | 以下均需X落实，不再列出 …     (a convention, a rule)

Names are read as printed, with layout damage repaired: whitespace between two Chinese characters
inside a name is dropped (``市绿\\n化市容局`` -> ``市绿化市容局``) and separates only two complete
names (``市发改委 市财政局``). Units split at separators, at 和/及 between complete names, and at a
separator lost in scraping (``大连海关各区市县政府``); never inside brackets; an enumeration tail
after 等 is dropped. Roles follow GUIDE.md §2: ``lead`` for 牵头, ``support`` for 配合/参加/协助
(and for the other units once a lead is singled out), ``responsible`` otherwise.

>>> r = read_clause("牵头单位：市发改委；配合单位：市财政局及市商务局；完成时限：2021年7月")
>>> [(u.name, u.role) for u in r.units], r.deadline.value
([('市发改委', 'lead'), ('市财政局', 'support'), ('市商务局', 'support')], '2021年7月')
>>> [(u.name, u.role) for u in read_clause("市发改委指导，各区政府负责落实").units]
[('市发改委', 'responsible'), ('各区政府', 'responsible')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from .grammar import Grammar, grammar
from .lexicon import department_collective_regex, unit_suffix_regex

ROLES = ("lead", "support", "responsible")
_RANK = {"lead": 0, "support": 1, "responsible": 2}
# The most units one clause may yield. The longest real clause in corpus/ and the scraped notices
# names 26 units (govcn_009 lists 11, 云南 RCEP plans 17); a clause of thousands is damage or an
# attack (issue 16 #9: a clause of 50,000 units), so the parser keeps this many and says so.
MAX_UNITS = 200
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class ClauseUnit:
    """One unit of a clause: its name (layout damage repaired), role and printed extent in the clause."""

    name: str
    role: str
    start: int
    end: int


@dataclass(frozen=True)
class ClauseField:
    """A field that names no unit: ``完成时限：2021年7月`` (key 完成时限, kind time). A time limit
    printed without a key (``；2019年底前完成``) has the key ``""``."""

    key: str
    kind: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class ScopedRule:
    """A blanket assignment a clause declares for later tasks (``以下均需X落实，不再列出``).

    scope: ``document`` or ``section``; units: the units it assigns, offsets in the rule's text.
    """

    text: str
    start: int
    end: int
    scope: str
    units: tuple[ClauseUnit, ...]


@dataclass(frozen=True)
class ClauseReading:
    """What a clause says.

    units: in printed order, a unit named twice once (in its strongest role).
    fields: non-unit fields; ``deadline`` is the first time limit among them.
    convention: ``first_group`` / ``first_unit`` when the clause declares a lead convention.
    rules: scoped rules it declares. keyed / verbed: a role key, or a role verb after a body's
    name, was read. bare: no role word, and every piece is a body's name (市信用办、市数字办).
    raw_end: where the part naming units ends (remarks and trailing fields follow).
    dropped: units past :data:`MAX_UNITS`, not returned.
    """

    units: tuple[ClauseUnit, ...] = ()
    fields: tuple[ClauseField, ...] = ()
    convention: Optional[str] = None
    rules: tuple[ScopedRule, ...] = ()
    keyed: bool = False
    verbed: bool = False
    bare: bool = False
    raw_end: int = 0
    dropped: int = 0

    @property
    def deadline(self) -> Optional[ClauseField]:
        return next((f for f in self.fields if f.kind == "time"), None)

    def roles(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {r: [] for r in ROLES}
        for unit in self.units:
            out[unit.role].append(unit.name)
        return out


# ---------------------------------------------------------------------------------------------
# names: complete bodies, starts of bodies, level prefixes

_BRACKETED = re.compile(r"[(（〈〔【\[][^)）〉〕】\]]*[)）〉〕】\]]")


def _unbracketed(name: str) -> str:
    """A name without the bracketed parts inside it: 各县（市、区）人民政府 -> 各县人民政府."""
    return _BRACKETED.sub("", name)


def is_complete(name: str) -> bool:
    """A name that ends like a body and has a body after its level word: 市财政局, not 市委 or 市绿.

    >>> is_complete("市财政局"), is_complete("市委"), is_complete("市绿"), is_complete("各县〈市、区〉人民政府〈管委会〉")
    (True, False, False, True)
    """
    name = _unbracketed(name)
    return bool(name) and bool(unit_suffix_regex().search(name)) and body_length(name) >= 2


def body_length(name: str) -> int:
    """Length of a name without its leading level word: 市委 -> 1, 市经信局 -> 3."""
    for prefix in grammar().levels:
        if name.startswith(prefix):
            return len(name) - len(prefix)
    return len(name)


def starts_unit(text: str) -> bool:
    """A text that opens like a body's name: a level prefix, a collective 各, the central bank."""
    return bool(grammar().start_re.match(text))


# ---------------------------------------------------------------------------------------------
# step 1: the clause without layout damage, with a map back to the printed offsets


def compact(inner: str) -> tuple[str, list[int]]:
    """``inner`` with whitespace inside names dropped, and each kept character's offset in it.

    Whitespace between two Chinese characters is layout damage (a PDF wrap, justification) unless
    it stands between two complete names, where it is the only separator a table cell printed.

    >>> compact("市绿\\n化市容局、区人力社 保局 市财政局")[0]
    '市绿化市容局、区人力社保局 市财政局'
    """
    g = grammar()
    out: list[str] = []
    pos: list[int] = []
    i, n = 0, len(inner)
    while i < n:
        ch = inner[i]
        if ch in g.spaces or ch.isspace():
            j = i
            while j < n and (inner[j] in g.spaces or inner[j].isspace()):
                j += 1
            if out and j < n and _HAN.match(out[-1]) and _HAN.match(inner[j]) and not _space_separates(inner, i, j):
                i = j
                continue
            out.append(" ")
            pos.append(i)
            i = j
            continue
        out.append(ch)
        pos.append(i)
        i += 1
    pos.append(n)
    return "".join(out), pos


def _space_separates(inner: str, i: int, j: int) -> bool:
    """Whitespace ``inner[i:j]`` separates the names around it: both complete, or the right one opens
    like a body (市发改委 市财政局); 区人力社 保局 and 省人力资源社\\n会保障厅 are one name each."""
    hard = grammar().separators
    left_start = i
    while left_start > 0 and inner[left_start - 1] not in hard and not inner[left_start - 1].isspace():
        left_start -= 1
    right_end = j
    while right_end < len(inner) and inner[right_end] not in hard and not inner[right_end].isspace():
        right_end += 1
    left, right = inner[left_start:i], inner[j:right_end]
    m = grammar().verb_re.search(right)
    right = right[:m.start()] if m else right
    if left and right and _common_word(left[-1] + right[0]):
        return False  # 省人力资源社\n会保障厅: the wrap cut a word (社会) that both ends complete
    return is_complete(left) and (starts_unit(right) or (is_complete(right) and len(right) >= 4))


@functools.lru_cache(maxsize=4096)
def _common_word(bigram: str) -> bool:
    """Two characters that notices print together often enough to be a word (社会, 建设): the
    bigram table of clean notices (lexicons/normalize/notice_bigrams.tsv) says so."""
    from ..normalize.lexdata import notice_bigrams

    return notice_bigrams().get(bigram, 0) >= 20


# ---------------------------------------------------------------------------------------------
# step 2: tokens


@dataclass
class _Token:
    kind: str  # segment, key, verb, cojoin, tail, mark, open, field, remark
    start: int
    end: int
    role: Optional[str] = None
    extra: object = None


def _depths(text: str, pairs: dict[str, str]) -> tuple[list[int], set[int]]:
    """Bracket depth at each character, and the positions of openers that never close.

    An unclosed opener is a separator: ``各合作备忘录的信息发起单位(市中院、…牵头`` opens a list it
    never closes, and the units inside still count.
    """
    closers = {c: o for o, c in pairs.items()}
    stack: list[int] = []
    matched: set[int] = set()
    for i, ch in enumerate(text):
        if ch in pairs:
            stack.append(i)
        elif ch in closers and stack:
            matched.add(stack.pop())
            matched.add(i)
    depth, d = [], 0
    for i, ch in enumerate(text):
        if ch in pairs and i in matched:
            d += 1
        depth.append(d)
        if ch in closers and i in matched:
            d -= 1
    return depth, set(stack)


class _Tokenizer:
    """Cuts the compacted clause into tokens; one object per clause, consumed by :meth:`run`."""

    def __init__(self, text: str):
        self.g: Grammar = grammar()
        self.text = text
        self.depth, self.unclosed = _depths(text, self.g.bracket_pairs)
        self.closers = set(self.g.bracket_pairs.values())
        self.tokens: list[_Token] = []
        self.seg_start: Optional[int] = None
        self.tail_end = -1
        self.persons = False  # under a key like 主要责任单位及负责人：, a person follows each unit

    def close_segment(self, at: int) -> None:
        if self.seg_start is not None and at > self.seg_start:
            tok = _Token("segment", self.seg_start, at)
            self.tokens.append(tok)
            if self.persons:
                self._drop_person_after(tok)
        self.seg_start = None

    def _drop_person_after(self, tok: _Token) -> None:
        """Cut the person printed after a unit (市农委孙文锴, 市金融局主要负责人) under a key that says
        persons follow: the longest complete name the part opens with is the unit."""
        piece = self.text[tok.start:tok.end]
        for cut in range(len(piece) - 2, 1, -1):
            head, rest = piece[:cut], piece[cut:]
            if is_complete(head) and not is_complete(rest) and len(rest) <= 6:
                tok.end = tok.start + cut
                return

    def run(self) -> list[_Token]:
        i, n = 0, len(self.text)
        while i < n:
            i = self.step(i)
        self.close_segment(n)
        return self.tokens

    def step(self, i: int) -> int:
        text, g = self.text, self.g
        ch = text[i]
        if ch in g.bracket_pairs and i not in self.unclosed:
            return self.bracket(i)
        if i in self.unclosed:
            self.close_segment(i)
            self.tokens.append(_Token("open", i, i + 1))
            return i + 1
        if self.depth[i] > 0:
            return self.plain(i)
        if ch in g.separators or ch == " ":
            self.close_segment(i)
            return i + 1
        at_start = self.seg_start is None
        if not at_start and "\u4e00" <= ch <= "\u9fff" and ch not in g.triggers:
            return self.plain(i)  # inside a name: nothing can start here
        for probe in (self.key, self.opening if at_start else None, self.contact, self.name_word, self.verb,
                      self.conjunction, self.cojoin, None if at_start else self.joiner,
                      None if at_start else self.tail):
            if probe is not None:
                end = probe(i)
                if end is not None:
                    return end
        return self.plain(i)

    def plain(self, i: int) -> int:
        if self.seg_start is None:
            self.seg_start = i
        return i + 1

    def bracket(self, i: int) -> int:
        """A bracket after a unit that says something about it: a role word marks the unit before it
        (市发改委（牵头）), a clause of its own gives its units their roles (…负责（市委宣传部牵头）),
        a field or contact is dropped (市发改委（联系人：张三）). Any other bracket is part of the name
        around it (各县（市、区）人民政府)."""
        if self.depth[i] != 1:
            return self.plain(i)
        close = _matching_close(self.text, i, self.g.bracket_pairs)
        if close <= i:
            return self.plain(i)
        word = self.text[i + 1:close].strip()
        role = self.g.role_of_verb.get(word) or self.g.role_of_key.get(word)
        if role:
            self.close_segment(i)
            self.tokens.append(_Token("mark", i, close + 1, role))
            return close + 1
        if self._is_note(word):
            self.close_segment(i)
            self.tokens.append(_Token("remark", i, close + 1, extra=self._meaning(word)))
            return close + 1
        nested = read_clause(word) if len(word) < 200 else None
        if nested is not None and (nested.keyed or nested.verbed) and nested.units:
            self.close_segment(i)
            self.tokens.append(_Token("nested", i, close + 1, extra=(i + 1 + self.text[i + 1:close].index(word), nested)))
            return close + 1
        return self.plain(i)

    def _is_note(self, word: str) -> bool:
        g = self.g
        key = g.key_re.match(word)
        return bool((key and not g.label_only_re.match(word)) or g.contact_re.search(word) or g.remark_re.match(word)
                    or any(p.search(word) for p, _ in g.conventions))

    def _meaning(self, word: str):
        return next((("convention", value) for p, value in self.g.conventions if p.search(word)), None)

    def key(self, i: int) -> Optional[int]:
        m = self.g.key_re.match(self.text, i)
        if not m:
            return None
        self.close_segment(i)
        word = re.sub(r"[\s\u3000]*[：:]$", "", m.group(0)).replace(" ", "").replace("\u3000", "")
        if word in self.g.role_of_key:
            self.persons = word in self.g.person_keys
            self.tokens.append(_Token("key", i, m.end(), self.g.role_of_key[word]))
            return m.end()
        return self.field(i, m.end(), word, self.g.field_keys.get(word, "other"))

    def opening(self, i: int) -> Optional[int]:
        """What may only open a part: a remark, a convention, a scoped rule, a time limit printed
        without a key, or an unknown ``X：`` field (责任领导：张三)."""
        text, g = self.text, self.g
        for pattern, scope in g.scoped:
            m = pattern.match(text, i)
            if m:
                return self.remark(i, ("scoped", m, scope))
        for pattern, value in g.conventions:
            if pattern.match(text, i):
                return self.remark(i, ("convention", value))
        if g.remark_re.match(text, i):
            return self.remark(i, None)
        if g.time_re.match(text, i):
            return self.field(i, i, "", "time")
        m = g.other_field_re.match(text, i)
        if m:
            return self.field(i, m.end(), m.group(0).rstrip("：: \u3000"), "other")
        return None

    def remark(self, i: int, meaning) -> int:
        """A remark runs to the next role key: nothing in it is a unit of this clause."""
        end = self._next_role_key(i + 1)
        self.tokens.append(_Token("remark", i, end, extra=meaning))
        return end

    def field(self, i: int, value_start: int, key: str, kind: str) -> int:
        """A field's value runs to the next key or the next ；/。 outside brackets."""
        end = min(self._next_role_key(value_start), self._next_stop(value_start))
        self.close_segment(i)
        self.tokens.append(_Token("field", i, end, kind, (key, value_start)))
        return end

    def _next_role_key(self, i: int) -> int:
        for m in self.g.key_re.finditer(self.text, i):
            if self.depth[m.start()] == 0:
                return m.start()
        return len(self.text)

    def _next_stop(self, i: int) -> int:
        for j in range(i, len(self.text)):
            if self.text[j] in "；;。" and self.depth[j] == 0:
                return j
        return len(self.text)

    def contact(self, i: int) -> Optional[int]:
        """A telephone number, dropped with the person named just before it (市人社局 李华 138…)."""
        m = self.g.contact_re.match(self.text, i)
        if not m or (i and self.text[i - 1].isdigit()):
            return None
        self.close_segment(i)
        last = self.tokens[-1] if self.tokens else None
        if last is not None and last.kind == "segment" and not self.text[last.end:i].strip(" ，,、"):
            self._drop_person(last)
        self.tokens.append(_Token("remark", i, m.end()))
        return m.end()

    def _drop_person(self, tok: _Token) -> None:
        """Cut a person's name (two to four characters, no body's ending) off the end of a part."""
        piece = self.text[tok.start:tok.end]
        if unit_suffix_regex().search(piece):
            return
        for cut in (2, 3, 4):
            if len(piece) > cut and is_complete(piece[:-cut]):
                tok.end -= cut
                return
        if 2 <= len(piece) <= 4:
            self.tokens.remove(tok)

    def name_word(self, i: int) -> Optional[int]:
        m = self.g.name_word_re.match(self.text, i) if self.g.name_word_re.pattern else None
        if not m:
            return None
        if self.seg_start is None:
            self.seg_start = i
        return m.end()

    def verb(self, i: int) -> Optional[int]:
        m = self.g.verb_re.match(self.text, i)
        if not m:
            return None
        self.close_segment(i)
        word = m.group(0)
        role = next(self.g.role_of_verb[v] for v in self.g.verbs_longest_first if word.endswith(v))
        self.tokens.append(_Token("verb", i, m.end(), "lead" if "牵头" in word else role))
        return m.end()

    def joiner(self, i: int) -> Optional[int]:
        """为 before a key word used as a verb (A为牵头单位)."""
        text, g = self.text, self.g
        if text[i] == "为":
            m = g.key_as_verb_re.match(text, i)
            if m:
                self.close_segment(i)
                self.tokens.append(_Token("verb", i, m.end(), g.role_of_key[m.group(1)]))
                return m.end()
        return None

    def cojoin(self, i: int) -> Optional[int]:
        """会同/协同: the units before lead, the units after support (A牵头，会同B负责)."""
        m = self.g.cojoin_re.match(self.text, i) if self.g.cojoin_re.pattern else None
        if not m:
            return None
        self.close_segment(i)
        self.tokens.append(_Token("cojoin", i, m.end()))
        return m.end()

    def conjunction(self, i: int) -> Optional[int]:
        """和/及 between two complete names separates them (市经委和市工商局); inside a name it does
        not (文化和旅游部, 中央和国家机关工委)."""
        for conj in self.g.conjunctions:
            if self.text.startswith(conj, i) and self._conjunction_separates(i, i + len(conj)):
                self.close_segment(i)
                return i + len(conj)
        return None

    def _conjunction_separates(self, i: int, j: int) -> bool:
        left = self.text[self.seg_start:i] if self.seg_start is not None else ""
        if self.text.startswith("各", j):
            return True  # 等和各省级人民政府: a collective after a conjunction is a unit of its own
        if self.seg_start == self.tail_end:
            return False  # 等省…成员单位和其他相关部门: the whole enumeration tail is dropped
        k = j
        while k < len(self.text) and self.text[k] not in self.g.separators and self.text[k] != " " \
                and self.depth[k] == 0:
            k += 1
        right = self.text[j:k]
        m = self.g.verb_re.search(right)
        right = right[:m.start()] if m else right
        # at a part's start (…等和有关部门) the conjunction only needs a name after it
        return (self.seg_start is None or is_complete(left)) and (is_complete(right) or starts_unit(right))

    def tail(self, i: int) -> Optional[int]:
        m = self.g.tail_re.match(self.text, i)
        if not m:
            return None
        self.close_segment(i)
        self.tokens.append(_Token("tail", i, m.end()))
        self.tail_end = m.end()
        return m.end()


def is_place(name: str) -> bool:
    """A place or level named without its body, ending in a level word: 浦东新区, 各州, 市, 德宏州."""
    return not unit_suffix_regex().search(name) and name.endswith(grammar().levels) and len(name) <= 8


def _matching_close(text: str, i: int, pairs: dict[str, str]) -> int:
    closers = set(pairs.values())
    depth = 0
    for j in range(i, len(text)):
        if text[j] in pairs:
            depth += 1
        elif text[j] in closers:
            depth -= 1
            if depth == 0:
                return j
    return i


# ---------------------------------------------------------------------------------------------
# step 3: roles


class _Reader:
    """Walks the tokens of one clause and gives each unit its role (GUIDE.md §2)."""

    def __init__(self, inner: str, default_role: str):
        self.inner = inner
        self.default_role = default_role
        self.text, self.pos = compact(inner)
        self.tokens = _Tokenizer(self.text).run()
        self.assigned: list[tuple[int, int, str]] = []  # start, end (compact offsets), role
        self.pending: list[tuple[int, int]] = []
        self.key_role: Optional[str] = None
        self.after_cojoin = False
        self.seen_lead = False
        self.keyed = self.verbed = False
        self.rejected = 0
        self.overflow = 0  # parts past MAX_UNITS, each at least one unit
        self.fields: list[ClauseField] = []
        self.rules: list[ScopedRule] = []
        self.convention: Optional[str] = None

    def span(self, s: int, e: int) -> tuple[int, int]:
        """Printed offsets in ``inner`` of the compacted ``text[s:e]``."""
        return self.pos[s], self.pos[e - 1] + 1 if e > s else self.pos[s]

    def flush(self, role: str) -> list[tuple[int, int]]:
        flushed, self.pending = self.pending, []
        self.assigned.extend((s, e, role) for s, e in flushed)
        return flushed

    def rest_role(self) -> str:
        # units after a lead with no role word of their own (A牵头，B、C) support it
        if self.key_role:
            return self.key_role
        if self.after_cojoin or (self.seen_lead and self.default_role == "responsible"):
            return "support"
        return self.default_role

    def read(self) -> None:
        tail_end = -1
        for k, tok in enumerate(self.tokens):
            if tok.kind == "segment":
                if len(self.assigned) + len(self.pending) > MAX_UNITS:
                    self.overflow += 1  # past the limit: counted, not read
                    continue
                keep_first = tok.start != tail_end  # only the words glued to 等 are its tail
                if k and self.tokens[k - 1].kind == "verb" and self.tokens[k - 1].end == tok.start \
                        and not is_complete(self.text[tok.start:tok.end]):
                    self.rejected += 1  # the verb's object: 市财政局负责资金保障
                    continue
                self.pending.extend(self.pieces(tok.start, tok.end, keep_first))
            elif tok.kind == "tail":
                tail_end = tok.end
            elif tok.kind == "key":
                self.flush(self.rest_role())
                self.key_role, self.after_cojoin, self.keyed = tok.role, False, True
            elif tok.kind in ("field", "remark"):
                self.flush(self.rest_role())
                self.note(tok)
            elif tok.kind == "mark" and self.pending:
                s, e = self.pending.pop()
                self.assigned.append((s, e, tok.role))
                self.seen_lead = self.seen_lead or tok.role == "lead"
            elif tok.kind == "open" and self.pending and self.tokens[k - 1].kind == "segment":
                self.pending.pop()  # a description before an unclosed bracket introduces its list
            elif tok.kind == "nested":
                self.nested(tok)
            elif tok.kind == "cojoin":
                self.flush("lead")
                self.seen_lead = self.after_cojoin = True
            elif tok.kind == "verb":
                self.verb(tok)
        self.flush(self.rest_role())

    def nested(self, tok: _Token) -> None:
        """A bracketed clause inside the clause (…按职责分工负责（市委宣传部牵头））: its units in
        its roles; a unit it names again keeps the strongest role when the units are merged."""
        at, reading = tok.extra  # read from the compacted text itself: its offsets are ours
        for u in reading.units:
            self.assigned.append((at + u.start, at + u.end, u.role))
            self.seen_lead = self.seen_lead or u.role == "lead"

    def verb(self, tok: _Token) -> None:
        role = "support" if self.after_cojoin else tok.role or self.default_role
        self.after_cojoin = False
        self.seen_lead = self.seen_lead or role == "lead"
        flushed = self.flush(role)
        self.verbed = self.verbed or any(is_complete(self.text[s:e]) for s, e in flushed)

    def note(self, tok: _Token) -> None:
        """A field or remark: record what it says; the next units have no key."""
        if tok.kind == "field":
            key, value_start = tok.extra
            s, e = _strip(self.text, value_start, tok.end)
            a, b = self.span(s, e)
            self.fields.append(ClauseField(key, tok.role, self.inner[a:b] if not key else self.text[s:e], a, b))
            self.key_role = None
            return
        meaning = tok.extra
        if meaning and meaning[0] == "convention":
            self.convention = self.convention or meaning[1]
        elif meaning and meaning[0] == "scoped":
            self.rules.append(self.scoped_rule(meaning[1], meaning[2]))

    def scoped_rule(self, m: "re.Match[str]", scope: str) -> ScopedRule:
        verb = m.groupdict().get("verb")
        role = grammar().role_of_verb.get(verb or "", "responsible")
        a, b = self.span(m.start(), m.end())
        ua = self.span(*m.span("units"))[0]
        units = read_clause(self.text[m.start("units"):m.end("units")], role).units
        shifted = tuple(ClauseUnit(u.name, u.role, ua - a + _printed(self, m.start("units"), u.start),
                                   ua - a + _printed(self, m.start("units"), u.end - 1) + 1) for u in units)
        return ScopedRule(self.inner[a:b], a, b, scope, shifted)

    # -- step 4: one segment (text between separators) -> unit names ------------------------

    def pieces(self, start: int, end: int, keep_first: bool) -> list[tuple[int, int]]:
        """Unit spans of one segment; ``keep_first=False`` drops the enumeration tail after 等.

        The tail ends where a lost separator starts a new unit: in ``市司法局等各相关协会行业指导部门各有关
        行业协会商会`` the tail is 各相关协会行业指导部门 and 各有关行业协会商会 is a unit of its own.
        """
        text = self.text
        start, end = _trim(text, start, end)
        if end <= start:
            return []
        listed = _parenthesized_list(text, start, end)
        if listed is not None and keep_first:
            return listed
        spans = split_lost_separators(text, start, end)
        out = []
        for s, e in spans if keep_first else spans[1:]:
            s, e = _trim(text, s, e)
            if e <= s:
                continue
            if looks_like_unit(text[s:e]):
                out.append((s, e))
            else:
                self.rejected += 1
        return out

    def reading(self) -> ClauseReading:
        units = self.units()
        dropped = max(0, len(units) - MAX_UNITS) + self.overflow
        ends = [self.span(t.start, t.end)[1] for t in self.tokens
                if t.kind in ("segment", "key", "verb", "mark", "cojoin", "tail")]
        kinds = {t.kind for t in self.tokens}
        # A lone two-character word with a body's ending is a common noun before a level-less body
        # name: 其他现场（场所）, 住所, 好处 explain a word; (商务部), (市委) name a body.
        lone_word = len(units) == 1 and len(units[0].name) < 3 and not starts_unit(units[0].name)
        bare = (bool(units) and not self.rejected and not kinds & {"key", "verb", "field", "remark", "cojoin", "mark"}
                and all(unit_suffix_regex().search(_unbracketed(u.name)) for u in units) and not lone_word)
        return ClauseReading(units=tuple(units[:MAX_UNITS]), fields=tuple(self.fields), convention=self.convention,
                             rules=tuple(self.rules), keyed=self.keyed, verbed=self.verbed, bare=bare,
                             raw_end=max(ends, default=len(self.inner)), dropped=dropped)

    def units(self) -> list[ClauseUnit]:
        """Units in printed order, each name once in its strongest role; once a lead is singled out
        the units responsible "by their duties" are its partners (GUIDE.md §2)."""
        best: dict[str, tuple[int, int, str]] = {}
        for s, e, role in sorted(self.assigned):
            name = self.text[s:e]
            if name not in best or _RANK[role] < _RANK[best[name][2]]:
                best[name] = (best.get(name, (s, e))[0], best.get(name, (s, e))[1], role)
        ordered = sorted((s, e, r, name) for name, (s, e, r) in best.items())
        lead = any(r == "lead" for _, _, r, _ in ordered)
        return [ClauseUnit(name, "support" if lead and r == "responsible" else r, *self.span(s, e))
                for s, e, r, name in ordered]


def _printed(reader: _Reader, base: int, offset: int) -> int:
    """Printed offset (relative to the rule's units) of a character of the units' own compact text."""
    return reader.pos[base + offset] - reader.pos[base]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in "，,、"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "，,、。.；;"):
        e -= 1
    return s, e


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """A piece without separators, particles (由, 和), trailing qualifiers or 等 around the name."""
    g = grammar()
    stops = g.separators + " 。."
    while s < e and text[s] in stops:
        s += 1
    while e > s and text[e - 1] in stops:
        e -= 1
    m = g.particle_re.match(text, s, e)
    if m and m.end() > s and e - m.end() >= 2:
        s = m.end()
    m = g.qualifier_tail_re.search(text, s, e)
    if m and m.start() > s:
        e = m.start()
    while e > s and g.tail_re.fullmatch(text, e - 1, e):
        e -= 1
    return s, e


# A piece this long that does not end like a body is a sentence (商务部负责汇总全国…情况), not a
# name: the longest names without a body ending in the corpora are collectives like 各开发区（园区）.
_LONGEST_OPEN_NAME = 12


def looks_like_unit(name: str) -> bool:
    """A piece that may name a body: 2 to 40 characters, no title, quote, role phrase or sentence.

    >>> looks_like_unit("市发改委"), looks_like_unit("按《宣城市市级信用信息目录》确定相关责任单位")
    (True, False)
    >>> looks_like_unit("汇总全国老旧汽车报废更新补贴项目资金发放和清算情况")
    False
    """
    if len(name) == 1:
        # 各市、州、县人民政府 / 各委、办、局: one character of a list that shares its ending is an
        # entry of its own (GUIDE.md §2 splits 各委、办、局 in three)
        return name in grammar().levels or bool(unit_suffix_regex().fullmatch(name))
    if not 2 <= len(name) <= 40 or grammar().not_name_re.search(name):
        return False
    return len(name) <= _LONGEST_OPEN_NAME or bool(unit_suffix_regex().search(_unbracketed(name)))


def split_lost_separators(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut where one unit's ending is directly followed by another unit's start.

    ``大连海关各区市县政府`` and ``市经信局市新经济委`` lost their 、 in scraping. ``市政府各部门`` stays
    whole (the departments of that government), as does ``市委市政府督查室`` (市委 alone is too
    short to be a unit that the next one follows).

    >>> t = "大连海关各区市县政府"
    >>> [t[s:e] for s, e in split_lost_separators(t, 0, len(t))]
    ['大连海关', '各区市县政府']
    """
    depth, _ = _depths(text[start:end], grammar().bracket_pairs)
    seg = text[start:end]
    suffix = unit_suffix_regex()
    collective = department_collective_regex()
    candidates = [i for i in range(2, len(seg) - 1)
                  if depth[i] == 0 and depth[i - 1] == 0 and starts_unit(seg[i:]) and suffix.search(seg[:i])]
    cuts = [0]
    for idx, i in enumerate(candidates):
        left = seg[cuts[-1]:i]
        right = seg[i:candidates[idx + 1] if idx + 1 < len(candidates) else len(seg)]
        if len(left) < 3 or not is_complete(left):
            continue
        if collective.fullmatch(right) or collective.fullmatch(seg[i:]):
            continue
        if not suffix.search(seg[i:]) and not suffix.search(right):
            continue
        cuts.append(i)
    cuts.append(len(seg))
    return [(start + a, start + b) for a, b in zip(cuts, cuts[1:])]


def _parenthesized_list(text: str, start: int, end: int) -> Optional[list[tuple[int, int]]]:
    """``X单位（A、B、C）``: a description whose brackets hold the units themselves."""
    pairs = grammar().bracket_pairs
    seg = text[start:end]
    if not seg or seg[-1] not in pairs.values():
        return None
    depth, _ = _depths(seg, pairs)
    open_at = max((i for i, ch in enumerate(seg) if ch in pairs and depth[i] == 1), default=None)
    if open_at is None or open_at == 0:
        return None
    inside = seg[open_at + 1:-1]
    items = list(re.finditer(r"[^、，,；;]+", inside))
    suffix = unit_suffix_regex()
    if len(items) < 2 or not all(suffix.search(m.group(0).strip()) for m in items):
        return None
    if not all(body_length(m.group(0)) >= 2 for m in items):
        return None  # 各县（市、区）人民政府: the bracket holds levels, not bodies
    base = start + open_at + 1
    return [(base + m.start(), base + m.end()) for m in items]


# ---------------------------------------------------------------------------------------------
# the entry point


@functools.lru_cache(maxsize=4096)
def read_clause(inner: str, default_role: str = "responsible") -> ClauseReading:
    """Read one responsibility clause: units with roles, fields, conventions and scoped rules.

    inner (str): the clause without its brackets, as printed.
    default_role (str): role for units that no key or verb governs; a task table's column passes
        its own (``lead`` for a 牵头单位 column).
    RETURNS (ClauseReading): offsets are into ``inner``. Cached: both stages read each clause.

    >>> r = read_clause("责任单位：市数据局，各县区人民政府。以下均涉及各县区、功能区，不再重复列出")
    >>> [u.name for u in r.units], [u.name for u in r.rules[0].units], r.rules[0].scope
    (['市数据局', '各县区人民政府'], ['各县区', '功能区'], 'document')
    """
    reader = _Reader(inner, default_role)
    reader.read()
    return reader.reading()
