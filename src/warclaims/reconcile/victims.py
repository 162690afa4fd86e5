"""Who a casualty figure counts: the victim group named next to it.

``victim_group("... also killed dozens of ISIS militants")`` is ``"isis"``; the group is
read from the claim's ``victims_text`` when the extractor gave one, else from the words
nearest after the figure in the quote (so "the Russian army said that 60 Syrian regime's
forces were killed" gives ``government_forces``, not the claimant's army).
"""

from __future__ import annotations

import re

# Named armed sides: two different ones are different victims, not a contradiction.
ARMED_SIDES = frozenset({"isis", "hts_nusra", "government_forces", "opposition_rebels", "kurdish_forces"})

_GROUP_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "isis",
        r"(?<!anti-)\b(?:isis|isil|daesh|islamic state)(?:'s|’s)?\s+(?:militants?|fighters?|members?|"
        r"jihadists?|terrorists?|gunmen|ranks|elements|commanders?)\b"
        r"|\b(?:militants?|fighters?|members?|jihadists?) (?:of|from) (?:the )?"
        r"(?:isis|isil|daesh|islamic state)\b",
    ),
    (
        "hts_nusra",
        r"\b(?:nusra|al-nusra|hts|tahrir al-sham|fateh al-sham)(?: front)?\s+(?:militants?|fighters?|"
        r"members?|jihadists?|terrorists?)\b",
    ),
    ("kurdish_forces", r"\b(?:ypg|ypj|sdf|kurdish)\s+(?:fighters?|militia(?:men)?|forces|members?|troops)\b"),
    (
        "government_forces",
        r"\b(?:soldiers?|troops|servicem[ae]n|(?:syrian|regime|government|assad)(?:'s|’s)? "
        r"(?:army|forces|troops|soldiers)|"
        r"pro-(?:government|regime|assad) (?:forces|fighters|militia(?:men)?|gunmen)|"
        r"regime(?:'s|’s)? forces|government forces|army (?:personnel|officers?))\b",
    ),
    (
        "opposition_rebels",
        r"\b(?:rebels|rebel (?:fighters?|gunmen|troops)|opposition fighters?|insurgents?|fsa fighters?|"
        r"free syrian army fighters?)\b",
    ),
    ("fighters", r"\b(?:terrorists?|militants?|gunmen|jihadists?|fighters?|combatants?)\b"),
    (
        "civilians",
        r"\b(?:civilians?|children|child|women|residents?|villagers?|worshippers?|students?|"
        r"famil(?:y|ies)|displaced|patients?|passengers?|shoppers?)\b",
    ),
)
_COMPILED = tuple((group, re.compile(pattern, re.IGNORECASE)) for group, pattern in _GROUP_PATTERNS)
_FIGURE = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores|hundreds|"
    r"several|a number of|a few|tens)\b",
    re.IGNORECASE,
)
_ALSO = re.compile(r"\b(?:also|as well as|in addition|besides)\b", re.IGNORECASE)


def _matches(text: str) -> list[tuple[int, str]]:
    """Return ``(position, group)`` of every group mention, specific groups before generic ones."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for group, pattern in _COMPILED:
        for m in pattern.finditer(text):
            # A generic word inside a specific mention ("ISIS militants") is not a second mention.
            if any(s <= m.start() < e for s, e in taken):
                continue
            found.append((m.start(), group))
            taken.append((m.start(), m.end()))
    return sorted(found)


def victim_group(text: str | None) -> str | None:
    """Return the victim group named nearest after the first figure in ``text`` (None when none is named)."""
    if not text:
        return None
    mentions = _matches(text)
    if not mentions:
        return None
    figure = _FIGURE.search(text)
    start = figure.start() if figure else 0
    after = [group for pos, group in mentions if pos >= start]
    return after[0] if after else mentions[-1][1]


def category(group: str | None) -> str:
    """Return the victim category (``civilians``, ``combatants``, ``unknown``) of a group."""
    if group is None:
        return "unknown"
    return "civilians" if group == "civilians" else "combatants"


def says_also(text: str | None) -> bool:
    """Return True when the quote adds victims to others ("also killed", "as well as")."""
    return bool(text and _ALSO.search(text))
