"""Finding the family of a guideline: the plans in a corpus that implement it, and why.

A researcher holds a guideline (国办发〔2018〕118号) and a corpus of tens of thousands of notices.
The plans that carry it out show it in three ways, strongest first:

``self``       the document *is* the guideline (same 发文字号, or same title);
``forwards``   the document forwards or issues it (``转发《…》的通知``: the title names it);
``cites``      it cites the guideline by number or title (``为贯彻落实《…》（国办发〔2018〕118号）``)
               and its tasks carry out the guideline's items (see ``coverage`` below);
``cites member`` it cites a plan that is itself a member (a province's department citing the
               ministry's and the province's plans) and its tasks carry out the items;
``similar``    it cites nothing, but its tasks carry out enough of the items.

``coverage`` is the comparison itself (:func:`.align.align_plans`, each plan on its own): the
share of the reference's items the document's tasks carry out and the share of its tasks that
carry out one. A notice that names the three systems in one sentence (a 政务公开 work plan) has a
task or two near the items, never a third of them. A document issued before the guideline cannot
implement it (a 2017 pilot of the same three systems), so dates are checked when both are known.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..schema import Document, ParseResult
from .model import Reference
from .text import comparable

# Bracket variants printed around the year of a 发文字号 (〔2018〕, ﹝2018﹞, [2018], (2018)).
_BRACKETS = str.maketrans({c: "[" for c in "〔﹝［[（(【"} | {c: "]" for c in "〕﹞］]）)】"})
_FORWARD = re.compile(r"(转发|印发)")
# Characters of a title that are layout or quotation, not words (《》, spaces, line breaks).
# Shorter titles (《通知》, 《实施意见》) name too many documents to be evidence; 国务院工作规则 (7)
# names one.
_MIN_TITLE = 7
# 国务院关于印发《国务院工作规则》的通知: plans cite the document issued (《国务院工作规则》), not the
# notice that issued it
_ISSUED = re.compile(r"(?:印发|转发)(.+?)的通知$")


def fold_number(number: Optional[str]) -> str:
    """A 发文字号 folded so printings of one number compare equal.

    >>> fold_number("国办发﹝2018﹞118号") == fold_number("国办发〔2018〕 118 号")
    True
    """
    if not number:
        return ""
    text = unicodedata.normalize("NFKC", number).translate(_BRACKETS)
    return "".join(text.split())


@dataclass(frozen=True)
class FamilySettings:
    """Thresholds of family finding.

    coverage (float): share of the reference's items a citing plan's tasks must carry out.
    similar_coverage (float): the same for a plan that cites nothing (text similarity alone).
    similar_share (float): and the share of its tasks that must carry out an item.
    """

    coverage: float = 0.15
    similar_coverage: float = 0.5
    similar_share: float = 0.5


@dataclass
class Member:
    """A document found to implement the reference."""

    path: Optional[str]
    document: int
    title: Optional[str]
    doc_number: Optional[str]
    issue_date: Optional[str]
    reason: str
    evidence: list[str] = field(default_factory=list)
    coverage: float = 0.0
    aligned_share: float = 0.0

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("path", "document", "title", "doc_number", "issue_date",
                                              "reason", "evidence", "coverage", "aligned_share")}


@dataclass
class Family:
    reference: Reference
    members: list[Member]
    scanned: int


def _identity(reference: Reference) -> tuple[str, str, Optional[str]]:
    src = reference.source
    # An outline names its guideline only through ``# title:`` comments; its file name is no title.
    named = src.get("kind") == "notice" or src.get("named")
    title = comparable(src.get("title") or "") if named else ""
    return fold_number(src.get("doc_number")), title, src.get("issue_date")


def _titles(title: str) -> tuple[str, ...]:
    """The titles a plan may cite the reference by: its own and, for a notice that issues a
    document, the issued document's.

    >>> _titles("国务院关于印发国务院工作规则的通知")
    ('国务院关于印发国务院工作规则的通知', '国务院工作规则')
    """
    if not title:
        return ()
    issued = _ISSUED.search(title)
    return (title,) + ((issued.group(1),) if issued and len(issued.group(1)) >= _MIN_TITLE else ())


def _names(text: str, number: str, title: str) -> list[str]:
    """Which of the reference's number and titles ``text`` holds."""
    found = []
    if number and number in fold_number(text):
        found.append(number)
    words = comparable(text)
    found.extend(t for t in _titles(title) if len(t) >= _MIN_TITLE and t in words)
    return found


def _cites(doc: Document, text: str, number: str, title: str) -> list[str]:
    """Evidence that ``doc`` cites the reference: a cite entry, else the number or title in its text."""
    evidence = []
    for cite in doc.cites:
        if number and fold_number(cite.doc_number) == number:
            evidence.append(f"cites {cite.doc_number}")
        elif title and comparable(cite.title) in _titles(title) and len(comparable(cite.title)) >= _MIN_TITLE:
            evidence.append(f"cites 《{cite.title}》")
    if not evidence:
        evidence = [f"mentions {name}" for name in _names(text, number, title)]
    return evidence


def _document_text(result: ParseResult, index: int) -> str:
    doc = result.documents[index]
    text = result.normalized_text or ""
    if doc.span is not None and len(result.documents) > 1:
        return text[doc.span.start:doc.span.end]
    return text


def _before(date: Optional[str], reference_date: Optional[str]) -> bool:
    return bool(date and reference_date and date < reference_date)


def find_family(reference, corpus: Union[str, Path, Iterable], settings: Optional[FamilySettings] = None,
                align_settings=None) -> Family:
    """The documents of ``corpus`` that implement ``reference``, each with the reason it was picked.

    reference: anything :func:`.reference.load_reference` takes (a notice, a result JSON, an
        outline TSV); a notice gives number, title and date to look for, an outline only items.
    corpus: folders, files or a ``policyparse.sqlite`` store, or an iterable of them or of
        ParseResult objects (see :func:`iter_results`).
    RETURNS (Family): members in corpus order, and how many documents were scanned.
    """
    from .align import AlignSettings
    from .reference import load_reference

    settings = settings or FamilySettings()
    align_settings = AlignSettings.resolve(align_settings)
    ref = load_reference(reference)
    number, title, date = _identity(ref)
    candidates: list[tuple[Member, list[tuple[str, str, str]], list[str]]] = []
    scanned = 0
    for result in iter_results(corpus):
        for index, doc in enumerate(result.documents):
            scanned += 1
            member = Member(path=result.source.path, document=index, title=doc.title,
                            doc_number=doc.doc_number, issue_date=doc.issue_date, reason="")
            if (number and fold_number(doc.doc_number) == number) or (title and comparable(doc.title) == title):
                member.reason, member.evidence = "self", ["the guideline itself"]
                candidates.append((member, [], []))
                continue
            if _before(doc.issue_date, date):
                continue  # issued before the guideline: cannot carry it out
            if title and doc.title and _FORWARD.search(doc.title) and title in comparable(doc.title):
                member.reason, member.evidence = "forwards", [f"title names 《{ref.source.get('title')}》"]
            if not doc.tasks:
                if member.reason:
                    candidates.append((member, [], []))
                continue
            member.coverage, member.aligned_share = coverage(result, index, ref, align_settings)
            cited = _cites(doc, _document_text(result, index), number, title)
            cites = [(fold_number(c.doc_number), comparable(c.title), c.doc_number or f"《{c.title}》")
                     for c in doc.cites if c.doc_number or len(comparable(c.title)) >= _MIN_TITLE]
            candidates.append((member, cites, cited))
    return Family(reference=ref, members=_decide(candidates, settings), scanned=scanned)


def coverage(result: ParseResult, index: int, reference: Reference, settings) -> tuple[float, float]:
    """(share of the reference's items the document's tasks carry out, share of its tasks that
    carry out one): the plan aligned on its own, as :func:`.align.align_plans` does."""
    from .align import Plan, _prepare, align_tasks

    items = reference.alignable
    tasks = _prepare([Plan(result=result, document_index=index)])[0]
    if not tasks or not items:
        return 0.0, 0.0
    path = align_tasks(tasks, items, settings)[3]
    taken = {k for k in path if k is not None}
    return round(len(taken) / len(items), 3), round(sum(k is not None for k in path) / len(path), 3)


def _decide(candidates, settings: FamilySettings) -> list[Member]:
    """Pick members: self and forwards outright; citing plans with coverage; then plans citing a
    member with coverage; then plans similar enough on their own."""
    chosen: list[Member] = []
    for member, _, cited in candidates:
        if member.reason in ("self", "forwards"):
            chosen.append(member)
        elif cited and member.coverage >= settings.coverage:
            member.reason, member.evidence = "cites", cited
            chosen.append(member)
    # Second level: a plan citing a first-level member (黑龙江's 生态环境厅 cites the ministry's
    # 实施意见 and the province's 实施方案, not the guideline). Only plans: a notice that applies
    # a member's rules in passing (a 碳市场 notice) carries out none of the items.
    numbers = {fold_number(m.doc_number) for m in chosen if m.doc_number}
    titles = {comparable(m.title) for m in chosen if m.title and len(comparable(m.title)) >= _MIN_TITLE}
    for member, cites, _ in candidates:
        if member.reason or member.coverage < settings.coverage:
            continue
        hits = [label for number, title, label in cites
                if (number and number in numbers) or (title and any(title in t or t in title for t in titles))]
        if hits:
            member.reason, member.evidence = "cites member", [f"cites {h}" for h in hits]
            chosen.append(member)
    for member, _, _ in candidates:
        if member.reason:
            continue
        if member.coverage >= settings.similar_coverage and member.aligned_share >= settings.similar_share:
            member.reason = "similar"
            member.evidence = [f"carries out {member.coverage:.0%} of the items with {member.aligned_share:.0%} of its tasks"]
            chosen.append(member)
    order = {id(m): n for n, (m, _, _) in enumerate(candidates)}
    return sorted(chosen, key=lambda m: order[id(m)])


def iter_results(corpus) -> Iterator[ParseResult]:
    """ParseResults from folders (notices are parsed, ``*.json`` results loaded), files, a
    ``.sqlite`` store, or ParseResult objects."""
    if isinstance(corpus, (str, Path, ParseResult)):
        corpus = [corpus]
    for item in corpus:
        if isinstance(item, ParseResult):
            yield item
            continue
        path = Path(item)
        if path.suffix.lower() in (".sqlite", ".sqlite3", ".db") and path.is_file():
            from ..export.sqlite import SQLiteStore

            with SQLiteStore(path) as store:
                yield from store.iter_results()
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                result = _load(child)
                if result is not None:
                    yield result
        else:
            result = _load(path)
            if result is not None:
                yield result


def _load(path: Path) -> Optional[ParseResult]:
    """A file of a corpus as a result; files the reader does not take are skipped."""
    from .. import parse
    from ..errors import PolicyParseError
    from ..export.json import load_result

    if path.suffix.lower() == ".json":
        return load_result(path)
    try:
        return parse(path)
    except PolicyParseError:
        return None
