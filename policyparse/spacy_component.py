"""policyparse as a spaCy pipeline component: ``nlp.add_pipe("policyparse")``.

The component parses ``doc.text`` as a notice and sets what it found as spans on the Doc, in
the text's own character offsets (the raw offsets of every policyparse span):

- ``doc.spans["policyparse_tasks"]``: one span per task, label ``TASK``, ``span.id_`` the task's
  number as the notice prints it (``一/(三)/4``);
- ``doc.spans["policyparse_units"]``: one per responsible unit, label the role (``lead``,
  ``support``, ``responsible``, ``implicit``), ``span.kb_id_`` the agency code
  (``development_reform``) when known;
- ``doc.spans["policyparse_deadlines"]``: one per deadline, label ``DEADLINE``, ``span.kb_id_``
  its last day (``2018-12-31``) when it has one;
- ``doc._.policyparse``: the whole :class:`~policyparse.ParseResult`.

A span whose characters do not line up with the tokens is widened to the tokens it touches
(``alignment_mode="expand"``), so nothing the parser found is dropped; the span's
``start_char``/``end_char`` then cover whole tokens.

The factory is registered through the ``spacy_factories`` entry point (``pyproject.toml``), so
``add_pipe("policyparse")`` works after ``pip install policyparse`` without importing policyparse
first. spaCy imports this module whenever it builds a pipeline, so it imports nothing heavy:
the parser is loaded on the component's first call.

>>> import spacy
>>> nlp = spacy.blank("zh")
>>> _ = nlp.add_pipe("policyparse")
>>> doc = nlp("各区人民政府：\\n一、加强诚信教育。2018年底前完成。（牵头单位：市发改委）")
>>> [(s.label_, s.text) for s in doc.spans["policyparse_units"]]
[('lead', '市发改委')]
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

TASKS, UNITS, DEADLINES = "policyparse_tasks", "policyparse_units", "policyparse_deadlines"

if not Doc.has_extension("policyparse"):
    Doc.set_extension("policyparse", default=None)


class PolicyParseComponent:
    """Parse a Doc's text and set tasks, units and deadlines as span groups.

    name (str): the component's name in the pipeline.
    alignment_mode (str): how offsets inside a token are handled: ``expand`` (default),
        ``contract`` or ``strict`` (spaCy's ``Doc.char_span``); a span that cannot be placed
        is left out.
    """

    def __init__(self, name: str = "policyparse", alignment_mode: str = "expand"):
        self.name = name
        self.alignment_mode = alignment_mode

    def __call__(self, doc: Doc) -> Doc:
        from .pipeline import parse

        result = parse(doc.text) if doc.text.strip() else None
        doc._.policyparse = result
        tasks, units, deadlines = [], [], []
        for document in result.documents if result else []:
            for task in document.tasks:
                span = self._span(doc, task.span, "TASK")
                if span is not None:
                    span.id_ = task.id
                    tasks.append(span)
                placed = [(role, unit) for a in task.assignments
                          for role in ("lead", "support", "responsible") for unit in getattr(a, role)]
                placed += [("implicit", unit) for unit in task.implicit_units]
                for role, unit in placed:
                    span = self._span(doc, unit.span, role)
                    if span is not None:
                        span.kb_id_ = unit.agency or ""
                        units.append(span)
                if task.deadline is not None:
                    span = self._span(doc, task.deadline.span, "DEADLINE")
                    if span is not None:
                        span.kb_id_ = task.deadline.end or ""
                        deadlines.append(span)
        doc.spans[TASKS], doc.spans[UNITS], doc.spans[DEADLINES] = tasks, units, deadlines
        return doc

    def _span(self, doc: Doc, span, label: str):
        if span is None or span.raw_start is None or span.raw_end is None or span.raw_end <= span.raw_start:
            return None
        return doc.char_span(span.raw_start, span.raw_end, label=label, alignment_mode=self.alignment_mode)


@Language.factory("policyparse", assigns=["doc.spans", "doc._.policyparse"],
                  default_config={"alignment_mode": "expand"})
def make_component(nlp: Optional[Language], name: str, alignment_mode: str) -> PolicyParseComponent:
    """The ``policyparse`` factory (see the module docstring)."""
    return PolicyParseComponent(name, alignment_mode)


__all__ = ["PolicyParseComponent", "make_component", "TASKS", "UNITS", "DEADLINES"]
