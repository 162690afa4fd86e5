"""Event type of an incident from keyword patterns (``patterns/events.json``).

In one stretch of text the pattern with the highest weight wins, so "suicide bomber" beats
"bombing" and "chemical attack by warplanes" is a chemical attack. Callers pass the stretches
in order of preference (focus sentence, title, lead) and the first that matches decides.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

EVENTS_VERSION = "events-v1"
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")


@dataclass(slots=True, kw_only=True)
class EventMatch:
    """An event-type keyword found in text: the type, its weight and its char span."""

    event_type: str
    weight: int
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _load() -> dict:
    """Return the parsed ``patterns/events.json``."""
    path = resources.files("warclaims.extract").joinpath("patterns", "events.json")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def load_event_patterns() -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    """Return the compiled (event type, weight, regex) rules, highest weight first."""
    rules = [(p.get("as", p["type"]), int(p["weight"]), re.compile(p["regex"], re.I))
             for p in _load()["patterns"]]
    return tuple(sorted(rules, key=lambda rule: -rule[1]))


@functools.lru_cache(maxsize=1)
def _hidden_pattern() -> re.Pattern[str]:
    """Return one regex of the spans whose keywords type no event here: a recalled earlier
    attack ("background") and weapons named as no attack ("not_an_attack": seized, destroyed,
    a programme)."""
    data = _load()
    return re.compile(f"(?:{data['background']})|(?:{data['not_an_attack']})", re.I)


def event_matches(text: str) -> list[EventMatch]:
    """Return every event keyword in ``text`` with its type and weight, in text order."""
    text = _APOSTROPHES.sub("'", text).replace("\xa0", " ")
    hidden = [m.span() for m in _hidden_pattern().finditer(text)]
    found = []
    for event_type, weight, regex in load_event_patterns():
        for match in regex.finditer(text):
            if any(s <= match.start() < e for s, e in hidden):
                continue
            found.append(EventMatch(event_type=event_type, weight=weight, start=match.start(), end=match.end()))
    return sorted(found, key=lambda m: m.start)


def classify_event(text: str) -> EventMatch | None:
    """Return the winning event keyword of ``text`` (highest weight, then earliest), or None."""
    matches = event_matches(text)
    if not matches:
        return None
    return max(matches, key=lambda m: (m.weight, -m.start))


def read_event_type(
    parts: list[tuple[str, int]], classify: Callable[[str], EventMatch | None] = classify_event
) -> tuple[str, tuple[int, int] | None]:
    """Return (event type, char span) from the first of ``parts`` that names an event.

    ``parts`` are (text, offset of text in the document) in order of preference; a part with
    offset -1 (the title) yields no span. Returns ("other", None) when none matches.
    ``classify`` is ``classify_event`` or a memoised equivalent (one article's parts repeat).
    """
    for n, (text, offset) in enumerate(parts):
        match = classify(text)
        if match is not None:
            match, offset = _refined(match, offset, parts[n + 1:], classify)
            span = (offset + match.start, offset + match.end) if offset >= 0 else None
            return match.event_type, span
    return "other", None


_REFINEMENTS = {"bombing": "suicide_bombing"}
"""A type a later part may refine: a blast another sentence tells was set off by a suicide
bomber is a suicide bombing ("An explosion hit the checkpoint. Its driver blew himself up")."""


def _refined(match: EventMatch, offset: int, later: list[tuple[str, int]], classify) -> tuple[EventMatch, int]:
    """Return the first match, or a later part's when it names the refined kind of the same event."""
    finer = _REFINEMENTS.get(match.event_type)
    if finer is None:
        return match, offset
    for text, later_offset in later:
        other = classify(text)
        if other is not None and other.event_type == finer:
            return other, later_offset
    return match, offset
