"""Article text cut into segments for highlighting, without ever building markup from text.

:func:`segments` splits the text at the given spans; templates print each segment's text
with Jinja autoescaping and wrap highlighted ones in ``<mark>``, so article text (which
may contain ``<script>``) is always shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True, kw_only=True)
class Mark:
    """A span of the text to highlight: ``kind`` is a CSS class, ``label`` a tooltip, ``anchor`` an id."""

    start: int
    end: int
    kind: str = "quote"
    label: str = ""
    anchor: str | None = None


@dataclass(slots=True, kw_only=True)
class Segment:
    """A piece of the text; ``mark`` is None for plain text."""

    text: str
    mark: Mark | None = None


def find_span(text: str, quote: str, span: Any = None) -> tuple[int, int] | None:
    """Return the quote's span in ``text``: the given span when it matches, else the first occurrence."""
    if span and len(span) == 2:
        start, end = int(span[0]), int(span[1])
        if 0 <= start < end <= len(text):
            return start, end
    if quote:
        pos = text.find(quote)
        if pos >= 0:
            return pos, pos + len(quote)
    return None


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Return ``text`` split into plain and marked segments; overlapping marks keep the earlier one."""
    out: list[Segment] = []
    pos = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        start, end = max(mark.start, pos), min(mark.end, len(text))
        if start >= end:
            continue
        if start > pos:
            out.append(Segment(text=text[pos:start]))
        out.append(Segment(text=text[start:end], mark=mark))
        pos = end
    if pos < len(text):
        out.append(Segment(text=text[pos:]))
    return out
