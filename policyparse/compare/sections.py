"""Which sections enclose a task: the structure a comparison leans on besides the text.

A task's id is the path of its numbering markers (``三/(二)/3``) and the document's outline
lists the numbered section headings (``三、主要任务``, ``（二）建立健全政务信用管理体系``). The
titles of the enclosing sections say what part of the reference a task belongs to even when the
task itself is a bare paragraph (``区司法局负责牵头落实…``) under ``四、加强组织保障…``.

When tasks and outline carry spans (parser output) the enclosing sections are found by position;
otherwise (hand-made or gold plans) by matching the id's markers against the outline's.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from ..schema import Document, OutlineItem, Task

# Components of a task id that are positions, not printed markers (GUIDE: ``四/(三)/p2``, ``table/7``).
_POSITION = re.compile(r"^(p\d+|row\d*)$")


def fold_marker(marker: str) -> str:
    """A numbering marker folded the way task ids write it.

    >>> [fold_marker(m) for m in ["一、", "（二）", "3.", "3．", "(十一)"]]
    ['一', '(二)', '3', '3', '(十一)']
    """
    marker = unicodedata.normalize("NFKC", marker).strip()
    marker = marker.rstrip("、.,，:： ")
    return marker


def _id_components(task_id: str) -> list[str]:
    return [fold_marker(part) for part in task_id.split("/") if part]


def _outline_paths(outline: list[OutlineItem]) -> list[tuple[tuple[str, ...], OutlineItem]]:
    stack: list[OutlineItem] = []
    paths = []
    for item in outline:
        while stack and stack[-1].level >= item.level:
            stack.pop()
        stack.append(item)
        paths.append((tuple(fold_marker(s.marker) for s in stack), item))
    return paths


def enclosing_sections(document: Document) -> dict[int, list[OutlineItem]]:
    """For every task (by index in ``document.tasks``) its enclosing outline items, outermost first.

    >>> from policyparse.schema import Document, OutlineItem, Task
    >>> doc = Document(outline=[OutlineItem(marker="三、", level=1, title="主要任务"),
    ...     OutlineItem(marker="（一）", level=2, title="建立政务诚信监督体系")],
    ...     tasks=[Task(id="三/(一)/1", text="建立政务诚信专项督导机制。定期对各部门进行监督检查。")])
    >>> [s.title for s in enclosing_sections(doc)[0]]
    ['主要任务', '建立政务诚信监督体系']
    """
    outline = document.outline
    if not outline or not document.tasks:
        return {i: [] for i in range(len(document.tasks))}
    if all(o.span for o in outline) and all(t.span for t in document.tasks):
        return _by_position(document)
    return _by_markers(document)


def _by_position(document: Document) -> dict[int, list[OutlineItem]]:
    result = {}
    # Where each implied group (``#2``: numbering started again at （一） under a heading the
    # page lost) begins: the headings printed before it do not enclose its tasks, even when a
    # marker happens to agree (内蒙古's ``#2/(三)建立考核机制`` is not in ``（三）推进重点领域…``).
    starts: dict[str, int] = {}
    for task in document.tasks:
        group = task.id.split("/", 1)[0]
        if group.startswith("#") and group != "#1":
            starts[group] = min(starts.get(group, task.span.start), task.span.start)
    for index, task in enumerate(document.tasks):
        stack: list[OutlineItem] = []
        floor = starts.get(task.id.split("/", 1)[0], -1)
        for item in document.outline:
            if item.span.start > task.span.start:
                break
            while stack and stack[-1].level >= item.level:
                stack.pop()
            stack.append(item)
        result[index] = _agreeing([item for item in stack if item.span.start >= floor], task.id)
    return result


def _agreeing(stack: list[OutlineItem], task_id: str) -> list[OutlineItem]:
    """The enclosing sections whose markers the task's id also prints.

    A heading the outline missed (``五、保障措施`` run into its first item) leaves the tasks
    under it inside the previous section by position: 宿迁's ``五/(一)`` under ``四、探索构建…
    监督体系``. Its id says otherwise; from the first section the id disagrees with, the task is
    in a part the outline does not name. Table rows and positional ids print no markers.
    """
    components = _id_components(task_id)
    if "table" in components or not any(not _POSITION.match(c) and not c.startswith("#") for c in components):
        return stack
    kept = []
    for item in stack:
        if fold_marker(item.marker) not in components:
            break
        kept.append(item)
    return kept


def _by_markers(document: Document) -> dict[int, list[OutlineItem]]:
    paths = _outline_paths(document.outline)
    result: dict[int, list[OutlineItem]] = {}
    floor = 0  # outline index the previous task's innermost section had: documents run forward
    bound: dict[int, tuple[str, ...]] = {}  # outline index -> id markers its missing parents had
    for index, task in enumerate(document.tasks):
        components = _id_components(task.id)
        if "table" in components:  # a table row: its number counts rows, not outline items
            components = components[:components.index("table")]
        components = [c for c in components if not _POSITION.match(c)]
        found: list[tuple[int, OutlineItem]] = []
        for k in range(1, len(components) + 1):
            prefix = tuple(components[:k])
            match = _find(paths, prefix, floor, bound)
            if match is not None:
                found.append(match)
        # Keep a consistent chain: an inner section must come after the outer one.
        chain: list[tuple[int, OutlineItem]] = []
        for pos, item in found:
            if not chain or (pos > chain[-1][0] and item.level > chain[-1][1].level):
                chain.append((pos, item))
        if chain:
            floor = max(floor, chain[0][0])
        result[index] = [item for _, item in chain]
    return result


def _find(paths, prefix: tuple[str, ...], floor: int, bound: dict) -> Optional[tuple[int, OutlineItem]]:
    exact = [i for i, (path, _) in enumerate(paths) if path == prefix]
    if exact:
        after = [i for i in exact if i >= floor]
        pos = after[0] if after else exact[-1]
        return pos, paths[pos][1]
    # The outline may miss a parent (a level-1 heading that ran into its body is not outline):
    # then the outline path is a proper suffix of the id path. The first task to use such an
    # outline entry binds it to its missing parents: ``二/(一)`` takes the outline's ``（一）``,
    # and ``三/(一)`` later must not take the same one.
    for i, (path, _) in enumerate(paths):
        if i < floor or len(path) >= len(prefix) or prefix[-len(path):] != path:
            continue
        parents = prefix[:-len(path)]
        if bound.setdefault(i, parents) == parents:
            return i, paths[i][1]
    return None


def section_titles(sections: list[OutlineItem]) -> list[str]:
    return [s.title for s in sections if s.title]


def first_sentence(text: str, limit: int = 40) -> Optional[str]:
    """The lead phrase of a task: its text up to the first 。；: when short enough to be a heading.

    >>> first_sentence("加强公务员诚信教育。将信用建设纳入公务员培训和领导干部进修课程。")
    '加强公务员诚信教育'
    """
    match = re.match(r"^\s*([^。；;：:！!？?]{2,%d})[。；;：:！!？?]" % limit, text or "")
    return match.group(1).strip() if match else None


def own_heading(task: Task) -> Optional[str]:
    """The task's own lead phrase, or None when its heading is the enclosing section's.

    GUIDE: ``heading`` is the item's bold lead phrase if it has one, else the section's heading;
    the lead phrase is part of ``text``, so a heading the text starts with is the task's own.

    >>> own_heading(Task(id="1", heading="加强公务员诚信教育", text="加强公务员诚信教育。以社会主义…"))
    '加强公务员诚信教育'
    >>> own_heading(Task(id="1", heading="建立政务诚信专项督导机制", text="上级政府要定期…")) is None
    True
    """
    from .text import comparable

    if task.heading:
        head, body = comparable(task.heading), comparable(task.text)
        if head and body.startswith(head):
            return task.heading
    return None
