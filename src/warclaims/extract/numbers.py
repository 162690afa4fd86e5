"""Casualty quantities in text: "at least 60", "about 100", "dozens", "sixty-two", "a child".

:func:`find_quantities` scans a text for quantity expressions and returns each with its
character span and :class:`~warclaims.models.Interval`; :func:`parse_quantity` reads one
phrase. Vague words and modifiers follow data/gold/SCHEMA.md ("more than N" is N+1..open,
"dozens" 24..open, ...). Expressions that are numbers but not counts of people (years,
ages, "Resolution 2254", "12.7 mm", times, percentages) are skipped. The word lists live
in ``patterns/casualties.json``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from text_to_num import text2num

from warclaims.models import Interval

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million"
).split()
_WORD = r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
_WORDNUM = rf"{_WORD}(?:(?:\s*-\s*|\s+and\s+(?={_WORD})|\s+){_WORD})*"
_DIGITS = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?!\d|[.,]\d)"
_NUM = rf"(?:{_DIGITS}|\b{_WORDNUM}\b)"


@functools.lru_cache(maxsize=8)
def load_patterns(name: str = "casualties.json") -> dict[str, Any]:
    """Return the parsed JSON pattern file ``extract/patterns/<name>`` (cached)."""
    path = resources.files("warclaims.extract").joinpath("patterns", name)
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(slots=True, kw_only=True)
class Quantity:
    """One quantity expression found in a text, with its character span."""

    start: int
    end: int
    text: str
    interval: Interval
    vague: bool = False
    single: bool = False
    """True for "a child", "a man": a count of one read from an article."""


@dataclass(slots=True, kw_only=True)
class _Grammar:
    """The compiled regexes of the quantity grammar (built once from the data file)."""

    numeric: re.Pattern[str]
    vague: list[tuple[re.Pattern[str], re.Pattern[str], Interval]]
    """Per vague quantity: its pattern without the modifier prefix (a cheap test: no match of
    it, no match of the whole), the whole pattern, and its interval."""
    any_vague: re.Pattern[str]
    """The vague quantities' patterns without modifiers as one alternation (no match of it, no
    vague quantity: most sentences have none)."""
    single: re.Pattern[str]
    modifier_kind: dict[str, str]
    bad_after: re.Pattern[str]
    bad_before: re.Pattern[str]


@functools.lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    """Return the compiled quantity grammar."""
    data = load_patterns()
    kinds = {phrase: kind for kind, phrases in data["modifiers"].items() for phrase in phrases}
    mods = "|".join(sorted(kinds, key=len, reverse=True))
    numeric = re.compile(
        rf"(?:\b(?P<mod>{mods})\s+)?(?P<between>between\s+)?(?P<a>{_NUM})"
        rf"(?:\s*(?P<sep>to|-|–|or|and)\s*(?P<b>{_NUM}))?(?P<more>\s+or more\b|\+|-plus\b)?",
        re.IGNORECASE,
    )
    vague = [
        (
            re.compile(v["regex"], re.IGNORECASE),
            re.compile(rf"(?:\b(?P<mod>{mods})\s+)?{v['regex']}", re.IGNORECASE),
            Interval(low=v["low"], high=v["high"]),
        )
        for v in data["vague_quantities"]
    ]
    any_vague = re.compile("|".join(f"(?:{v['regex']})" for v in data["vague_quantities"]), re.IGNORECASE)
    nouns = "|".join(sorted(data["single_person_nouns"], key=len, reverse=True))
    single = re.compile(
        rf"\b(?:an?|one|his|her|another)\s+"
        rf"(?:(?:young|little|elderly|pregnant|local|syrian|[a-z0-9]+-year-old)\s+)?(?:{nouns})\b",
        re.IGNORECASE,
    )
    return _Grammar(
        numeric=numeric,
        vague=vague,
        any_vague=any_vague,
        single=single,
        modifier_kind={k.lower().replace("\\", ""): v for k, v in kinds.items()},
        bad_after=re.compile(data["not_casualty_after"], re.IGNORECASE),
        bad_before=re.compile(data["not_casualty_before"], re.IGNORECASE),
    )


def number_value(text: str) -> int | None:
    """Return the integer a numeral ("1,200", "sixty-two", "one hundred and five") stands for, else None."""
    clean = text.strip().lower()
    if re.fullmatch(r"[\d,]+", clean):
        return int(clean.replace(",", ""))
    words = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", clean))
    try:
        return int(text2num(words, "en"))
    except (ValueError, TypeError, AssertionError):
        first = re.split(r"[\s-]+", words)[0]
        try:
            return int(text2num(first, "en"))
        except (ValueError, TypeError, AssertionError):
            return None


def _apply_modifier(kind: str | None, low: int, high: int) -> Interval:
    """Return the interval a modifier kind makes of the figure low..high."""
    if kind == "at_least":
        return Interval(low=low, high=None)
    if kind == "more_than":
        return Interval(low=low + 1, high=None)
    if kind == "up_to":
        return Interval(low=None, high=high)
    if kind == "less_than":
        return Interval(low=None, high=max(high - 1, 0))
    return Interval(low=low, high=high)


def _modifier_kind(g: _Grammar, mod: str) -> str | None:
    """Return the kind ("at_least", "more_than" ...) of a modifier as written, spacing folded."""
    return g.modifier_kind.get(re.sub(r"\s+", " ", mod))


def _modified(g: _Grammar, m: re.Match[str], interval: Interval) -> Interval:
    """Return a closed vague figure under its modifier ("more than a dozen" is 13..open, "up
    to a dozen" ..12); an open one ("at least dozens") stays as it is."""
    mod = (m.group("mod") or "").lower()
    if not mod or interval.low is None or interval.high is None:
        return interval
    return _apply_modifier(_modifier_kind(g, mod), interval.low, interval.high)


def _is_not_a_count(text: str, start: int, end: int, raw: str) -> bool:
    """Return True when the numeral at start..end is a year, age, time, calibre, id or percentage."""
    g = _grammar()
    if g.bad_after.match(text, end) or g.bad_before.search(text[max(0, start - 20) : start]):
        return True
    digits = raw.replace(",", "")
    if digits.isdigit():
        value = int(digits)
        if value == 0:
            return True  # prose says "no one"; a bare "0" is page furniture ("short URL 0 612")
        if len(digits) == 4 and "," not in raw and (1900 <= value <= 2100 or digits.startswith("0")):
            return True  # a year, or a time such as "0914"
        after_at = text[max(0, start - 3) : start].lower() == "at "
        if len(digits) == 4 and value % 100 < 60 and value < 2400 and after_at:
            return True  # a time of day: "at 1459"
        if start > 0 and (text[start - 1].isalpha() or text[start - 1] in ".-/:"):
            return True  # part of a name or code ("T4", "F-16", "12.7")
    return end < len(text) and text[end].isalpha()  # "3rd", "7th", "1st"


def _numeric_quantity(text: str, m: re.Match[str]) -> Quantity | None:
    """Return the Quantity of one match of the numeric grammar, or None when it is not a count."""
    g = _grammar()
    a = number_value(m.group("a"))
    if a is None or _is_not_a_count(text, m.start("a"), m.end("a"), m.group("a")):
        return None
    low = high = a
    end = m.end("a")
    sep = (m.group("sep") or "").lower()
    b = number_value(m.group("b")) if m.group("b") else None
    ranged = b is not None and b > a and (sep != "and" or m.group("between"))
    if ranged and not _is_not_a_count(text, m.start("b"), m.end("b"), m.group("b")):
        high, end = b, m.end("b")
    mod = (m.group("mod") or "").lower()
    interval = _apply_modifier(_modifier_kind(g, mod), low, high)
    if m.group("more") and not ranged:
        interval, end = Interval(low=low, high=None), m.end("more")
    start = m.start("mod") if mod else m.start("a")
    return Quantity(start=start, end=end, text=text[start:end], interval=interval)


def find_quantities(text: str) -> list[Quantity]:
    """Return every casualty-like quantity in ``text``, in order, without overlaps."""
    g = _grammar()
    found: list[Quantity] = []
    for m in g.numeric.finditer(text):
        q = _numeric_quantity(text, m)
        if q is not None:
            found.append(q)
    # A vague pattern's optional modifier prefix makes it slow to scan (an alternation tried
    # at every position); its core is fast, and the whole cannot match where the core does not.
    vague = g.vague if g.any_vague.search(text) else []
    for core, pattern, interval in vague:
        if core.search(text) is None:
            continue
        for m in pattern.finditer(text):
            found.append(
                Quantity(start=m.start(), end=m.end(), text=m.group(0), interval=_modified(g, m, interval), vague=True)
            )
    for m in g.single.finditer(text):
        found.append(
            Quantity(
                start=m.start(), end=m.end(), text=m.group(0), interval=Interval(low=1, high=1), single=True
            )
        )
    return _without_overlaps(found)


def _without_overlaps(found: list[Quantity]) -> list[Quantity]:
    """Return the quantities sorted by start, keeping the longest where two overlap."""
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    kept: list[Quantity] = []
    for q in found:
        if kept and q.start < kept[-1].end:
            continue
        kept.append(q)
    return kept


def parse_quantity(text: str) -> Interval | None:
    """Return the Interval of the first quantity in a phrase ("at least 60" -> 60..None), or None."""
    found = find_quantities(text)
    return found[0].interval if found else None
