"""A pdfplumber page whose characters become pdfplumber's dicts by a shorter road.

pdfplumber turns each character pdfminer lays out (``LTChar``) into a dict in
``Page.process_object``, by steps made for any object: every attribute goes through
``resolve_all`` (a PDF reference? a list? a dict?) and the colour space's name is decoded again
for each character. For a character the attributes are plain floats, strings and one tuple, and
a page holds a handful of colour-space names, so those steps were a fifth of reading the PDF
notices (4.8 of 21.6 CPU-seconds for the 62 PDFs of corpus/ and shared/corpus/wild): here a
plain value is copied as it is, each name is decoded once, and the rest is pdfplumber's code
step for step, so the dict is the one pdfplumber builds. Every other object (rules, rectangles,
curves, images) goes through pdfplumber itself. ``tests/test_read_pdf.py`` compares the two over
every character of its notices, so a pdfplumber release that changes its conversion is noticed.
"""

from __future__ import annotations

import functools
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page, fix_fontname_bytes
from pdfplumber.utils import resolve_all, resolve_and_decode

__all__ = ["CharPage"]

# values resolve_all gives back unchanged; so is a tuple of them (a character's ``matrix``), which
# resolve_all would rebuild element by element (7 of its calls per character, 3.5 of 80 profiled
# seconds over the PDFs of corpus/ and shared/corpus/wild)
_PLAIN = frozenset({float, int, str, bool, type(None)})


class CharPage(Page):
    """A :class:`pdfplumber.page.Page` whose ``process_object`` converts characters faster."""

    def process_object(self, obj: Any) -> dict:
        if type(obj) is not LTChar:
            return super().process_object(obj)
        attr = {k: v if type(v) in _PLAIN or (type(v) is tuple and _PLAIN.issuperset(map(type, v))) else resolve_all(v)
                for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                attr[cs] = _decoded(getattr(obj, cs).name)
        text = obj.get_text()
        attr["text"] = normalize_unicode(self.pdf.unicode_norm, text) if self.pdf.unicode_norm is not None else text
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
        # pdfminer places objects relative to the MediaBox; pdfplumber moves them back (its #1181)
        mb_x0, mb_top = self.mediabox[:2]
        if "y0" in attr:
            attr["top"] = (self.height - attr["y1"]) + mb_top
            attr["bottom"] = (self.height - attr["y0"]) + mb_top
            attr["doctop"] = self.initial_doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr


def _decoded(name: Any) -> Any:
    """``resolve_and_decode`` of a colour space's name, once per name."""
    return _decoded_str(name) if type(name) is str else resolve_and_decode(name)


@functools.lru_cache(maxsize=64)
def _decoded_str(name: str) -> Any:
    return resolve_and_decode(name)
