"""Incident dates: date expressions in a sentence resolved against the publication date.

Relative words ("on Saturday", "Fridays blast", "yesterday", "two days ago") are resolved by
calendar arithmetic against the publication day (the most recent such weekday on or before
it: the behaviour of dateparser's RELATIVE_BASE with PREFER_DATES_FROM="past"); explicit days
("on 12 March", "March 12, 2016") by a small parser that takes the latest such day on or
before publication. Doing this by hand over a handful of candidate expressions keeps the cost
per article to a few regex passes, and it is exact for the forms news uses, so dateparser is
not called. Dates that follow a reporting verb ("officials said on Sunday") are marked as
report dates, which the caller uses only when no incident date is found. Patterns are in
``patterns/dates.json``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

DATES_VERSION = "dates-v1"
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")


@dataclass(slots=True, kw_only=True)
class DateMention:
    """A date expression: resolved date, precision, char span, and whether it dates a report."""

    date: dt.date | None
    precision: str | None
    start: int
    end: int
    text: str
    report: bool = False
    relative: bool = False


@dataclass(slots=True, kw_only=True)
class _Rules:
    """The compiled contents of ``patterns/dates.json``."""

    weekdays: dict[str, int]
    months: dict[str, int]
    month_name: str
    """The regex of a month's name or abbreviation ("(?:jan(?:uary)?|...)")."""
    relative_days: dict[str, int]
    number_words: dict[str, int]
    expression: re.Pattern[str]
    report_before: re.Pattern[str]
    range_words: re.Pattern[str]
    dateline: re.Pattern[str]
    straddling: re.Pattern[str]
    incident_verbs: frozenset[str]
    statement_verbs: frozenset[str]
    statement_nouns: frozenset[str]


def _fill(template: str, values: dict[str, str]) -> str:
    """Return ``template`` with each ``%NAME%`` placeholder replaced by its regex."""
    for key, value in values.items():
        template = template.replace(key, value)
    return template


@functools.lru_cache(maxsize=1)
def load_rules() -> _Rules:
    """Return the compiled date patterns of ``patterns/dates.json``."""
    path = resources.files("warclaims.extract").joinpath("patterns", "dates.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    month, weekdays = data["month_name"], "|".join(data["weekdays"])
    relative = "|".join(sorted(map(re.escape, data["relative_days"]), key=len, reverse=True))
    numbers = "|".join(data["number_words"]) + r"|\d{1,2}"
    fill = {"%MONTH%": month, "%WEEKDAYS%": weekdays, "%RELATIVE%": relative, "%NUMBERS%": numbers}
    expression = re.compile(_fill("|".join(data["expression"]), fill), re.I)
    dateline = re.compile(_fill(data["dateline"], fill), re.I)
    return _Rules(
        weekdays={name: i for i, name in enumerate(data["weekdays"])},
        months=data["months"],
        month_name=month,
        relative_days=data["relative_days"],
        number_words=data["number_words"],
        expression=expression,
        report_before=re.compile(data["report_before"], re.I),
        range_words=re.compile(data["range_words"], re.I),
        dateline=dateline,
        straddling=re.compile(data["straddling"], re.I),
        incident_verbs=frozenset(data["incident_verbs"]),
        statement_verbs=frozenset(data["statement_verbs"]),
        statement_nouns=frozenset(data["statement_nouns"]),
    )


def _month_number(name: str) -> int:
    """Return 1-12 for an English month name or abbreviation."""
    return load_rules().months[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """Return the date, or None when it does not exist (31 February)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _latest_on_or_before(base: dt.date, month: int, day: int) -> dt.date | None:
    """Return the most recent ``day month`` on or before ``base`` (a few days' slack after)."""
    for year in (base.year, base.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate and candidate <= base + dt.timedelta(days=2):
            return candidate
    return None


def read_dateline(text: str) -> dt.date | None:
    """Return the date of a dateline at the very start of ``text`` ("Fri 07 Apr 2017 ..."), or None."""
    found = dateline_match(text)
    return found[0] if found else None


DATELINE_SEARCH_CHARS = 400
"""How far into a text a dateline after the headline and standfirst is looked for."""
_WEEKDAY_DATE = re.compile(
    r"\b(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?P<d>\d{1,2})\s+"
    r"(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)


def dateline_match(text: str) -> tuple[dt.date, int] | None:
    """Return (date, end char) of a dateline at the start of ``text``, or None."""
    match = load_rules().dateline.match(text[:80])
    if not match:
        return None
    date = _dateline_date(match)
    return (date, match.end()) if date else None


def inner_dateline(text: str) -> tuple[dt.date, int, int] | None:
    """Return (date, start, end) of a dateline after the headline ("... Monitor AFP Wednesday
    22 Jun 2016 Air strikes ..."): a full date whose weekday is right, near the top of the
    text. A weekday that agrees with its day, month and year is how agencies date a story;
    an incident's date in the body is written without one or without the year."""
    for match in _WEEKDAY_DATE.finditer(text[:DATELINE_SEARCH_CHARS]):
        date = _safe_date(int(match["y"]), _month_number(match["m"]), int(match["d"]))
        if date is not None and date.strftime("%A").lower() == match["w"].lower():
            return date, match.start(), match.end()
    return None


def _dateline_date(match: re.Match[str]) -> dt.date | None:
    """Return the date of a matched dateline."""
    g = match.groupdict()
    if g["y1"]:
        return _safe_date(int(g["y1"]), _month_number(g["m1"]), int(g["d1"]))
    if g["y2"]:
        return _safe_date(int(g["y2"]), _month_number(g["m2"]), int(g["d2"]))
    if g["y3"]:
        return _safe_date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    return _safe_date(int(g["y4"]), int(g["m4"]), int(g["d4"]))


def _resolve(match: re.Match[str], base: dt.date) -> tuple[dt.date | None, str | None, bool]:
    """Return (date, precision, is_relative) for one matched expression."""
    rules = load_rules()
    g = match.groupdict()
    if g["dm"] or g["md"]:
        day, month, year = (g["d1"], g["m1"], g["y1"]) if g["dm"] else (g["d2"], g["m2"], g["y2"])
        if year:
            return _safe_date(int(year), _month_number(month), int(day)), "day", False
        return _latest_on_or_before(base, _month_number(month), int(day)), "day", False
    if g["wd"]:
        back = (base.weekday() - rules.weekdays[g["w"].lower()]) % 7
        if back == 0 and (g["wmod"] or "").lower() == "last":
            back = 7
        return base - dt.timedelta(days=back), "day", True
    if g["ago"]:
        n = g["n"].lower()
        days = rules.number_words.get(n) or int(n)
        return base - dt.timedelta(days=days), "day", True
    if g["rel"]:
        return base - dt.timedelta(days=rules.relative_days[g["rel"].lower()]), "day", True
    if g["week"]:
        return _week_month(g["week"].lower(), base), "month", True
    return _month_expression(g, base), "month", False


def _week_month(text: str, base: dt.date) -> dt.date | None:
    """Return the month of "this/last week" when the whole week lies in one month, else None."""
    end = base if "this" in text or "earlier" in text or "the weekend" in text \
        else base - dt.timedelta(days=base.weekday() + 1)
    start = end - dt.timedelta(days=end.weekday())
    if start.month != end.month:
        return None
    return end.replace(day=1)


def _month_expression(g: dict[str, str | None], base: dt.date) -> dt.date | None:
    """Return the first day of the month named by "this month", "last month" or "in March"."""
    if g["m3"]:
        month = _month_number(g["m3"])
        year = int(g["y3"]) if g["y3"] else (base.year if month <= base.month else base.year - 1)
        return dt.date(year, month, 1)
    if "last" in g["month"].lower():
        previous = base.replace(day=1) - dt.timedelta(days=1)
        return previous.replace(day=1)
    return base.replace(day=1)


def straddles_days(text: str) -> bool:
    """Return True when ``text`` gives a toll "in the past 24 hours", which spans two days."""
    return bool(load_rules().straddling.search(text))


def find_dates(text: str, base: dt.date | None, *, offset: int = 0) -> list[DateMention]:
    """Return the date expressions of ``text`` resolved against ``base``, in text order.

    Spans are shifted by ``offset`` (the text's position in the document). With no base date
    only expressions that carry their own year are resolved.
    """
    rules = load_rules()
    clean = _APOSTROPHES.sub(" ", text).replace("\xa0", " ")
    mentions = []
    for match in rules.expression.finditer(clean):
        if base is not None:
            date, precision, relative = _resolve(match, base)
        elif match.group("y1") or match.group("y2"):  # only a full date stands without a base
            date, precision, relative = _resolve(match, dt.date.max)
        else:
            date, precision, relative = None, None, True
        before = clean[max(0, match.start() - 50):match.start()]
        # "since March", "over the past week": a stretch of time, not the incident's day.
        is_range = not match.group("wd") and (
            bool(rules.range_words.search(before)) or match.group(0).lower().startswith("since"))
        mentions.append(
            DateMention(
                date=None if is_range else date,
                precision=None if is_range or date is None else precision,
                start=offset + match.start(),
                end=offset + match.end(),
                text=text[match.start():match.end()],
                report=bool(rules.report_before.search(before)),
                relative=relative,
            )
        )
    return mentions
