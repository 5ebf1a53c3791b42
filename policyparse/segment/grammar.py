"""The clause grammar as data: ``lexicons/shared/clause_grammar.tsv`` loaded, validated and compiled.

Every way a notice says who does a task is a row of that file: role keys (牵头单位：), role verbs
(A牵头，B配合), qualifiers (按职责分工), separators and the conjunctions that separate only between
names (和, 及), bracket kinds, time limits and contacts inside a clause, lead conventions
(列第一位的为牵头单位，下同) and scoped rules (以下均需X落实，不再列出). The keys of fields that hold
no units (完成时限, 联系人, 适用范围) come from ``lexicons/shared/field_keys.tsv``, which the header
reader and the layout repair share. This module only turns the rows into lookups and regular
expressions; :mod:`.clause_parser` reads clauses with them.

>>> g = grammar()
>>> g.role_of_key["牵头单位"], g.role_of_verb["配合"], g.role_of_verb["指导"]
('lead', 'support', 'responsible')
>>> g.bracket_pairs["〔"]
'〕'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal, Optional

from pydantic import model_validator

from ..lexicons import LexiconEntry, lexicon
from .lexicon import FIELD_KEYS

Role = Literal["lead", "support", "responsible"]
_KINDS = ("bracket", "separator", "conjunction", "key", "verb", "qualifier", "cojoin", "tail", "start", "particle", "level",
          "name_word", "explanation", "hosted", "remark", "not_name", "time", "contact", "convention", "scoped",
          "persons")
_REGEX_KINDS = ("tail", "start", "particle", "not_name", "time", "contact", "convention", "scoped")
# escapes the TSV uses for characters a cell cannot hold (a cell is stripped of whitespace)
# kinds whose forms the tokenizer looks for anywhere inside a part (not only at its start)
_MID_PART_KINDS = ("key", "verb", "qualifier", "cojoin", "conjunction", "tail", "name_word", "contact")
_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\u3000": "\u3000", "\\s": " "}


class GrammarRow(LexiconEntry):
    """One row of the clause grammar; ``kind`` says how the parser uses ``form``.

    role: the role a key or verb gives its units; value: what a convention or scoped rule does,
    or where a bracket or separator applies (see the file's header).
    """

    kind: Literal[_KINDS]  # type: ignore[valid-type]
    form: str
    role: Optional[Role] = None
    value: Optional[str] = None

    @model_validator(mode="after")
    def _check(self) -> "GrammarRow":
        if self.kind in ("key", "verb") and self.role is None:
            raise ValueError(f"a {self.kind} needs a role")
        if self.kind == "bracket" and (len(self.form) != 2 or self.value not in ("clause", "name", "title")):
            raise ValueError("a bracket is an open and a close character, value clause, name or title")
        if self.kind in _REGEX_KINDS:
            try:
                pattern = re.compile(self.form)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from None
            if self.kind == "convention" and self.value not in ("first_group", "first_unit", "each_leads"):
                raise ValueError("a convention's value is first_group, first_unit or each_leads")
            if self.kind == "scoped" and (self.value not in ("document", "section", "lead")
                                          or "units" not in pattern.groupindex):
                raise ValueError("a scoped rule needs a group named units and value document, section or lead")
        return self


CLAUSE_GRAMMAR = lexicon("shared/clause_grammar.tsv", GrammarRow)


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


def _alternation(words) -> str:
    return "|".join(map(re.escape, _longest_first(words)))


@dataclass(frozen=True)
class Grammar:
    """The compiled grammar: lookups by kind, and the regular expressions the parser runs."""

    rows: tuple[GrammarRow, ...]
    role_of_key: dict[str, str]
    person_keys: frozenset  # role keys whose units are each followed by a person (…及负责人：)
    role_of_verb: dict[str, str]
    bracket_pairs: dict[str, str]  # open -> close, every kind
    clause_brackets: dict[str, str]  # the kinds that may enclose a clause
    clause_bracket_re: re.Pattern  # any opener or closer of those kinds
    separators: str  # hard separators
    spaces: str  # whitespace separators: separate only between complete names
    conjunctions: tuple[str, ...]
    field_keys: dict[str, str]  # key -> kind (time, contact, scope, other)
    key_re: re.Pattern  # a role key or a field key, with its colon
    verb_re: re.Pattern  # qualifiers, then a role verb
    cojoin_re: re.Pattern
    name_word_re: re.Pattern
    explanation_re: re.Pattern
    hosted: tuple[str, ...]  # ends of a body's name whose bracket after it names its host
    remark_re: re.Pattern
    not_name_re: re.Pattern
    time_re: re.Pattern
    contact_re: re.Pattern
    conventions: tuple[tuple[re.Pattern, str], ...]
    scoped: tuple[tuple[re.Pattern, str], ...]  # pattern, scope
    tail_re: re.Pattern
    start_re: re.Pattern
    particle_re: re.Pattern
    qualifier_tail_re: re.Pattern
    levels: tuple[str, ...]
    verbs_longest_first: tuple[str, ...]
    key_as_verb_re: re.Pattern  # 为 + a key word: A为牵头单位，B为配合单位
    label_only_re: re.Pattern  # a role key (not a field key) with its colon
    other_field_re: re.Pattern  # any other short "X：" opens a field that holds no units
    triggers: frozenset  # Chinese characters that may open a token inside a part; others are plain

    def words(self, kind: str) -> tuple[str, ...]:
        """Forms of one kind, longest first (a regex alternation then prefers 牵头负责 over 牵头)."""
        return _longest_first(r.form for r in self.rows if r.kind == kind)


def _spaced(word: str) -> str:
    # PDF text puts spaces inside keys: 索 引 号：, 牵 头 单 位：
    return "[ \u3000]*".join(map(re.escape, word))


@functools.lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The clause grammar, loaded once and compiled."""
    rows = CLAUSE_GRAMMAR()

    def of(kind: str) -> list[GrammarRow]:
        return [r for r in rows if r.kind == kind]

    role_of_key = {r.form: r.role for r in of("key")}
    # 主要责任单位及负责人：市农委孙文锴: a role key with a suffix saying a person follows each unit
    person_keys = {key + r.form: role for key, role in role_of_key.items() for r in of("persons")
                   if len(key) >= 4}
    role_of_key.update(person_keys)
    role_of_verb = {r.form: r.role for r in of("verb")}
    brackets = {r.form[0]: r.form[1] for r in of("bracket")}
    seps = [(_ESCAPES.get(r.form, r.form), r.value) for r in of("separator")]
    field_keys = {e.key: e.kind for e in FIELD_KEYS() if e.kind in ("time", "contact", "scope", "other")}
    keys = _longest_first([*role_of_key, *field_keys])
    quals = _alternation(r.form for r in of("qualifier"))
    name_words = _alternation(r.form for r in of("name_word"))
    return Grammar(
        rows=rows,
        role_of_key=role_of_key,
        person_keys=frozenset(person_keys),
        role_of_verb=role_of_verb,
        bracket_pairs=brackets,
        clause_brackets={r.form[0]: r.form[1] for r in of("bracket") if r.value == "clause"},
        clause_bracket_re=re.compile("[" + "".join(re.escape(r.form[:2]) for r in of("bracket") if r.value == "clause") + "]"),
        separators="".join(ch for ch, value in seps if value != "space"),
        spaces="".join(ch for ch, value in seps if value == "space"),
        conjunctions=_longest_first(r.form for r in of("conjunction")),
        field_keys=field_keys,
        key_re=re.compile(rf"(?:{'|'.join(_spaced(k) for k in keys)})[ \t\u3000]*[:：]"),
        # a verb that opens a key is none (牵头部门和单位：, 负责人, 配合：)
        verb_re=re.compile(rf"(?:(?:{quals})*)(?:{_alternation(role_of_verb)})"
                           rf"(?!单位|部门|处室|科室|机构|主体|[ \t\u3000]*[:：])"),
        cojoin_re=re.compile(_alternation(r.form for r in of("cojoin"))),
        name_word_re=re.compile(name_words),
        explanation_re=re.compile(rf"(?:{_alternation(r.form for r in of('explanation'))})"),
        hosted=_longest_first(r.form for r in of("hosted")),
        remark_re=re.compile(rf"(?:{_alternation(r.form for r in of('remark'))})"),
        not_name_re=re.compile("|".join(f"(?:{r.form})" for r in of("not_name"))),
        time_re=re.compile("|".join(f"(?:{r.form})" for r in of("time"))),
        contact_re=re.compile("|".join(f"(?:{r.form})" for r in of("contact"))),
        conventions=tuple((re.compile(r.form), r.value) for r in of("convention")),
        scoped=tuple((re.compile(r.form), r.value) for r in of("scoped")),
        tail_re=re.compile("|".join(f"(?:{r.form})" for r in of("tail"))),
        start_re=re.compile("|".join(f"(?:{r.form})" for r in of("start"))),
        particle_re=re.compile("|".join(f"(?:{r.form})" for r in of("particle"))),
        qualifier_tail_re=re.compile(rf"(?:{quals})+$"),
        levels=_longest_first(r.form for r in of("level")),
        verbs_longest_first=_longest_first(role_of_verb),
        key_as_verb_re=re.compile(rf"为({_alternation(role_of_key)})"),
        label_only_re=re.compile(rf"(?:{'|'.join(_spaced(k) for k in _longest_first(role_of_key))})[ \t\u3000]*[:：]"),
        other_field_re=re.compile(r"[^\W\d_]{2,6}[ \u3000]*[:：]"),
        # every Chinese character of the forms the tokenizer probes inside a part: a character
        # outside this set cannot open a token, so the parser need not try each pattern there
        triggers=frozenset(ch for r in rows if r.kind in _MID_PART_KINDS for ch in r.form if "\u4e00" <= ch <= "\u9fff")
        | frozenset(ch for key in field_keys for ch in key[:1]) | frozenset("为"),
    )


# ---------------------------------------------------------------------------------------------
# Views the other modules of the segment stage use (task tables read unit cells with them).


@functools.lru_cache(maxsize=None)
def role_phrase_regex() -> "re.Pattern[str]":
    """A role verb with its qualifiers (按职责分工分别负责, 牵头负责, 配合) or an enumeration tail
    after the last named unit (等有关部门): the words a clause puts after its units.

    >>> role_phrase_regex().sub("|", "市发展改革局、市监察委按职责分工分别负责")
    '市发展改革局、市监察委|'
    >>> role_phrase_regex().sub("|", "海关总署、商务部等有关部门负责")
    '海关总署、商务部|'
    """
    g = grammar()
    tail = rf"(?:{g.tail_re.pattern})(?:有关|相关|其他)?(?:部门|单位)?(?:{_alternation(g.conjunctions)})?"
    return re.compile(rf"(?:{tail})?(?:{g.verb_re.pattern})+")


@functools.lru_cache(maxsize=None)
def role_tail_regex() -> "re.Pattern[str]":
    """A role phrase closing a text: ``…按职能分工负责``, ``…牵头。``."""
    return re.compile(rf"(?:{role_phrase_regex().pattern})\s*[。.]?$")


@functools.lru_cache(maxsize=None)
def label_regex() -> "re.Pattern[str]":
    """A role key with its colon, ``责任单位：`` ``牵头单位:`` ``负责部门：``.

    >>> bool(label_regex().match("牵头单位 :市发改委")), bool(label_regex().match("完成时限：2021年"))
    (True, False)
    """
    return re.compile(rf"(?:{'|'.join(_spaced(k) for k in _longest_first(grammar().role_of_key))})"
                      rf"[ \t\u3000]*[:：]")


def words(kind: str) -> tuple[str, ...]:
    """Forms of one kind of row, longest first."""
    return grammar().words(kind)
