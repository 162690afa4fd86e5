"""Typed records passed between pipeline stages.

The data's path through warclaims is::

    ingest/    -> Article
    extract/   -> ArticleExtraction (Incident + Claim, with character spans)
    link/      -> Link (article incident -> linked incident, with score and features)
    reconcile/ -> Ledger (best/low/high, contradictions)
    assess/    -> Credibility (score, label, reasons)

Every record is a plain dataclass with ``slots`` and keyword-only construction so
stages stay pure functions of their inputs and records serialise with
:func:`to_dict` / ``from_dict`` without any framework.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]
"""Character offsets ``(start, end)`` into ``Article.text`` (end exclusive)."""

EVENT_TYPES = (
    "airstrike",
    "shelling",
    "bombing",
    "suicide_bombing",
    "armed_clash",
    "chemical_attack",
    "massacre_execution",
    "shooting",
    "abduction_detention",
    "other",
)
PERPETRATORS = (
    "syrian_government",
    "russia",
    "us_led_coalition",
    "isis",
    "opposition_rebels",
    "hts_nusra",
    "kurdish_forces",
    "turkey",
    "israel",
    "iran_hezbollah",
    "unknown",
)
VICTIM_TYPES = ("civilians", "combatants", "mixed", "unknown")
CLAIMANT_TYPES = (
    "government",
    "military",
    "state_media",
    "monitor_ngo",
    "activist_local",
    "rebel_group",
    "international_org",
    "news_outlet",
    "other",
)
ADMIN1_SYRIA = (
    "Aleppo",
    "Damascus",
    "Rif Dimashq",
    "Idlib",
    "Deir ez-Zor",
    "Raqqa",
    "Homs",
    "Hasakah",
    "Hama",
    "Daraa",
    "Latakia",
    "Quneitra",
    "Tartus",
    "As-Suwayda",
)


@dataclass(slots=True, kw_only=True, frozen=True)
class Interval:
    """A casualty figure as a closed interval; ``None`` on either end means open.

    "at least 60" is ``Interval(low=60, high=None)``; "about 100" is
    ``Interval(low=100, high=100)``; "up to 30" is ``Interval(low=None, high=30)``.
    """

    low: int | None
    high: int | None

    @property
    def exact(self) -> bool:
        """Return True when both ends are known and equal."""
        return self.low is not None and self.low == self.high

    @property
    def point(self) -> int | None:
        """Return a single representative figure: low, else high, else None."""
        return first_known(self.low, self.high)

    def to_dict(self) -> dict[str, int | None]:
        """Return the schema form ``{"low": L, "high": H}``."""
        return {"low": self.low, "high": self.high}

    def __str__(self) -> str:
        """Return the figure as compact text: ``60``, ``60+``, ``up to 30``, ``10-15``, ``-``."""
        if self.low is None and self.high is None:
            return "-"
        if self.low is None:
            return f"up to {self.high}"
        if self.high is None:
            return f"{self.low}+"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Interval | None:
        """Return an Interval from ``{"low", "high"}``, or None for None."""
        if data is None:
            return None
        return cls(low=data.get("low"), high=data.get("high"))


@dataclass(slots=True, kw_only=True)
class Article:
    """One news article as ingested: the unit every later stage consumes."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None
    content_hash: str = ""
    source_ref: str = ""
    """Where it came from: ``path``, ``path#row=12``, ``file.warc.gz#offset=1234``, a URL."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Reader-specific extras, e.g. FA-KES ``location`` and ``labels``."""
    revision: int = 1


@dataclass(slots=True, kw_only=True)
class IngestFailure:
    """One input item that could not become an Article, with the catalogue code.

    With ``warning`` True it is not a failure but something recorded about an item that was
    read anyway or skipped on purpose (a guessed encoding, a cut text, an unknown file type).
    """

    source_ref: str
    code: str
    message: str
    created: dt.datetime | None = None
    warning: bool = False


@dataclass(slots=True, kw_only=True)
class Claim:
    """One casualty figure stated in an article, with who states it and where."""

    claimant: str
    claimant_type: str
    killed: Interval | None = None
    injured: Interval | None = None
    quote: str = ""
    quote_span: Span | None = None
    claimant_span: Span | None = None
    victims: str = "unknown"
    victims_text: str | None = None
    groups: list[dict[str, Any]] = field(default_factory=list)
    supersedes_earlier: bool = False
    """True for "the death toll rose to N": the claimant's newer figure."""
    blames: str | None = None
    """The perpetrator category (``PERPETRATORS``) this claimant's statement attributes the
    casualties to; ``unknown`` for an attacker that fits no category; None when it names no one."""
    confidence: float = 1.0
    article_id: str | None = None


@dataclass(slots=True, kw_only=True)
class IncidentFacts:
    """The facts of one violent event: what it was, when, where, by whom, to whom, how many.

    The one definition of an incident's facts (schema of gold/SCHEMA.md): an
    :class:`Incident` is these facts as one article reports them, and every flat form of
    them (store rows, Parquet columns, summaries) takes its field list from here
    (:data:`INCIDENT_FACTS`, :func:`row_columns`).
    """

    event_type: str = "other"
    date: dt.date | None = None
    date_precision: str | None = None
    admin1: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str | None = None
    """``point`` (village, airport), ``city``, ``admin1``, ``country``."""
    country: str | None = "Syria"
    perpetrator: str = "unknown"
    perpetrator_text: str | None = None
    victims: str = "unknown"
    killed: Interval | None = None
    injured: Interval | None = None


@dataclass(slots=True, kw_only=True)
class Incident(IncidentFacts):
    """One violent event as reported by one article: its facts, claims and where they were read."""

    claims: list[Claim] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    """Where each field was read from: ``{"place": (s, e), "date": (s, e), ...}``."""
    confidence: float = 1.0
    article_id: str | None = None
    index: int = 0
    """Position within the article: 0 is the main incident."""


@dataclass(slots=True, kw_only=True)
class ArticleExtraction:
    """The extraction result for one article."""

    article_id: str
    incidents: list[Incident] = field(default_factory=list)
    extractor_version: str = ""


def first_known(*values: Any) -> Any:
    """Return the first value that is not None (None when all are): ``first_known(low, high)``
    is an interval's representative figure, low else high."""
    return next((v for v in values if v is not None), None)


def format_interval(iv: Interval | None) -> str:
    """Return a figure as compact text (see :meth:`Interval.__str__`); ``-`` for None."""
    return "-" if iv is None else str(iv)


def to_dict(record: Any) -> Any:
    """Return a JSON-ready dict of a record (dates as ISO strings, spans as lists)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (dt.date, dt.datetime)):
        return record.isoformat()
    if isinstance(record, dict):
        return {str(k): to_dict(v) for k, v in record.items()}
    if isinstance(record, (list, tuple)):
        return [to_dict(v) for v in record]
    return record


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Return a date from ``YYYY-MM-DD`` (or a date), None for None/empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def claim_from_dict(data: dict[str, Any]) -> Claim:
    """Return a Claim from its schema/JSON form."""
    return from_dict(Claim, data, claimant=data.get("claimant") or "",
                     claimant_type=data.get("claimant_type") or "other")


def incident_from_dict(data: dict[str, Any]) -> Incident:
    """Return an Incident from its schema/JSON form (the gold format included)."""
    return from_dict(Incident, data, claims=[claim_from_dict(c) for c in data.get("claims") or []])


# --- the flat form: field lists and the one codec between records and flat rows ------------
#
# Store tables, Parquet datasets and summaries hold records as flat rows: a nested record
# field (an Interval, an Estimate) becomes one column per part (``killed_low``,
# ``killed_high``), a span ``quote_span`` becomes ``quote_start``/``quote_end``, lists and
# dicts stay one (JSON) value, and a list of child records (an incident's claims) is left to
# its own rows. Every flat form takes its columns from the record definitions through these
# functions, so a field is named once, in its dataclass.


def field_names(cls: type) -> tuple[str, ...]:
    """Return the field names of a record class, in definition order."""
    return tuple(f.name for f in dataclasses.fields(cls))


INCIDENT_FACTS = field_names(IncidentFacts)
"""The names of an incident's facts (``event_type`` ... ``injured``), in definition order."""
CLAIM_FIELDS = field_names(Claim)
"""The names of a claim's fields, in definition order."""

_PORTABLE_TYPES = {str: "string", int: "int", float: "float", bool: "bool", dt.date: "date"}


@functools.cache
def _flat_fields(cls: type) -> dict[str, tuple[str, Any, dataclasses.Field]]:
    """Return ``{field name: (kind, type, field)}`` of a record class; kind is ``part`` (a nested
    record, one column per part), ``span`` (two columns), ``children`` (a list of records: not
    in the row), ``json`` (a list or dict: one value) or ``scalar``."""
    hints = typing.get_type_hints(cls)
    return {f.name: (*_kind(hints[f.name]), f) for f in dataclasses.fields(cls)}


def _kind(tp: Any) -> tuple[str, Any]:
    """Return (kind, type) of a field's type annotation (see :func:`_flat_fields`)."""
    origin, args = typing.get_origin(tp), [a for a in typing.get_args(tp) if a is not type(None)]
    if origin in (types.UnionType, typing.Union):
        return _kind(args[0])  # ``X | None``: the kind of X
    if dataclasses.is_dataclass(tp):
        return "part", tp
    if origin is tuple:
        return "span", tp
    if origin is list and args and dataclasses.is_dataclass(args[0]):
        return "children", tp
    if origin in (list, dict):
        return "json", tp
    return "scalar", tp


def _columns_of(name: str, kind: str, tp: Any) -> list[tuple[str, str]]:
    """Return the (column, portable type) pairs of one field."""
    if kind == "part":
        parts = typing.get_type_hints(tp)
        return [(f"{name}_{sub}", _kind(parts[sub])[1]) for sub in field_names(tp)]
    if kind == "span":
        stem = name.removesuffix("_span")
        return [(f"{stem}_start", int), (f"{stem}_end", int)]
    if kind == "children":
        return []
    return [(name, "json" if kind == "json" else tp)]


def row_columns(cls: type, names: typing.Iterable[str] | None = None) -> dict[str, str]:
    """Return ``{column: portable type}`` of the flat rows of ``cls`` (only the fields ``names``,
    in definition order); types are ``string``, ``int``, ``float``, ``bool``, ``date`` and
    ``json`` (a list or dict value)."""
    wanted = None if names is None else set(names)
    out: dict[str, str] = {}
    for name, (kind, tp, _) in _flat_fields(cls).items():
        if wanted is None or name in wanted:
            for column, ctype in _columns_of(name, kind, tp):
                out[column] = ctype if isinstance(ctype, str) else _PORTABLE_TYPES[ctype]
    return out


def to_row(record: Any, names: typing.Iterable[str] | None = None) -> dict[str, Any]:
    """Return the flat row of a record (only the fields ``names``, in definition order): parts and
    spans spread over their columns, lists and dicts as JSON-ready values, child records left out."""
    wanted = None if names is None else set(names)
    row: dict[str, Any] = {}
    for name, (kind, tp, _) in _flat_fields(type(record)).items():
        if wanted is not None and name not in wanted:
            continue
        value = getattr(record, name)
        if kind == "part":
            for sub in field_names(tp):
                row[f"{name}_{sub}"] = None if value is None else getattr(value, sub)
        elif kind == "span":
            stem = name.removesuffix("_span")
            row[f"{stem}_start"], row[f"{stem}_end"] = value if value is not None else (None, None)
        elif kind == "json":
            row[name] = to_dict(value)
        elif kind == "scalar":
            row[name] = value
    return row


def from_row(cls: type, row: typing.Mapping[str, Any], **given: Any) -> Any:
    """Return the record ``cls`` of a flat row (the inverse of :func:`to_row`); ``given`` fields
    are taken as they are (child records, a renamed column).

    A column the row lacks, or a None (or NaN, as pandas reads a missing number) in a field
    that is not optional, takes the field's default; numbers and dates are coerced to the
    field's type.
    """
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, (kind, tp, f) in _flat_fields(cls).items():
        if name in given:
            values[name] = given[name]
            continue
        optional = type(None) in typing.get_args(hints[name])
        if kind == "part":
            parts = typing.get_type_hints(tp)
            cells = {sub: _scalar(row.get(f"{name}_{sub}"), _kind(parts[sub])[1]) for sub in field_names(tp)}
            value = None if optional and all(v is None for v in cells.values()) else tp(**cells)
        elif kind == "span":
            stem = name.removesuffix("_span")
            start, end = _scalar(row.get(f"{stem}_start"), int), _scalar(row.get(f"{stem}_end"), int)
            value = None if start is None or end is None else (start, end)
        elif kind == "children" or name not in row:
            continue  # the field's default
        elif kind == "json":
            value = _json_value(row[name], tp)
        else:
            value = _scalar(row[name], tp)
        if value in (None, "") and not optional and _has_default(f):
            continue  # a missing value of a field that always has one: its default
        values[name] = value
    return cls(**values)


def from_dict(cls: type, data: typing.Mapping[str, Any], **given: Any) -> Any:
    """Return the record ``cls`` of its JSON form (:func:`to_dict`: parts as ``{"low": L, "high": H}``,
    spans as ``[start, end]``), read as the flat row it spreads to (:func:`from_row`)."""
    row = dict(data)
    for name, (kind, tp, _) in _flat_fields(cls).items():
        value = data.get(name)
        if kind == "part" and isinstance(value, dict):
            row.update({f"{name}_{sub}": value.get(sub) for sub in field_names(tp)})
        elif kind == "span" and value:
            stem = name.removesuffix("_span")
            row[f"{stem}_start"], row[f"{stem}_end"] = value
    return from_row(cls, row, **given)


def _has_default(f: dataclasses.Field) -> bool:
    return f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING


def _scalar(value: Any, tp: Any) -> Any:
    """Return a flat cell as ``tp`` (None for None or NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if tp is dt.date:
        return parse_date(value)
    if tp in (int, float, bool):
        return tp(value)
    return value


def _json_value(value: Any, tp: Any) -> Any:
    """Return a list or dict cell as the field's type (a dict of spans with tuple spans)."""
    if value is None:
        return None
    if typing.get_origin(tp) is dict:
        spans = typing.get_origin(typing.get_args(tp)[1]) is tuple
        return {k: tuple(v) if spans else v for k, v in value.items()}
    return list(value)
