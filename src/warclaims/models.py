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

The dataclasses are the one definition of each record's fields: :class:`IncidentFacts` holds
an incident's facts (:data:`INCIDENT_FACTS`), :class:`Claim` a claim's (:data:`CLAIM_FIELDS`).
Flat rows (the store's tables, the batch Parquet datasets, incident summaries) go through one
codec, :func:`to_row` / :func:`from_row` with :func:`row_columns`, which spreads an interval
over ``NAME_low``/``NAME_high`` and a span over ``STEM_start``/``STEM_end``
(``tests/test_field_lists.py`` reports a module that spells the lists out instead).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
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


@dataclass(frozen=True, slots=True)
class _FlatField:
    """How one record field lies in a flat row."""

    name: str
    kind: str
    """``part`` (a nested record: one column per part), ``span`` (``STEM_start``/``STEM_end``),
    ``children`` (a list of records: not in the row), ``json`` (a list or dict) or ``scalar``."""
    type: Any
    """The field's type without None (the nested record's class for a part)."""
    columns: tuple[tuple[str, Any], ...]
    """The field's (column, scalar type) pairs, in order."""
    parts: tuple[str, ...]
    """The field names of a part's record (``low``, ``high``); empty for other kinds."""
    cast: Callable[[Any], Any] | None
    """Turns a scalar's non-None cell into its type (None: taken as it is)."""
    optional: bool
    has_default: bool


@functools.cache
def _flat_fields(cls: type) -> tuple[_FlatField, ...]:
    """Return how each field of a record class lies in a flat row, in definition order."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        kind, tp = _kind(hints[f.name])
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        out.append(_FlatField(name=f.name, kind=kind, type=tp, columns=_columns_of(f.name, kind, tp),
                              parts=field_names(tp) if kind == "part" else (),
                              cast=_cast_of(tp) if kind == "scalar" else None,
                              optional=type(None) in typing.get_args(hints[f.name]), has_default=has_default))
    return tuple(out)


def _kind(tp: Any) -> tuple[str, Any]:
    """Return (kind, type) of a field's type annotation (see :class:`_FlatField`)."""
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


def _columns_of(name: str, kind: str, tp: Any) -> tuple[tuple[str, Any], ...]:
    """Return the (column, scalar type or ``json``) pairs of one field."""
    if kind == "part":
        parts = typing.get_type_hints(tp)
        return tuple((f"{name}_{sub}", _kind(parts[sub])[1]) for sub in field_names(tp))
    if kind == "span":
        stem = name.removesuffix("_span")
        return ((f"{stem}_start", int), (f"{stem}_end", int))
    if kind == "children":
        return ()
    return ((name, "json" if kind == "json" else tp),)


def row_columns(cls: type, names: typing.Iterable[str] | None = None) -> dict[str, str]:
    """Return ``{column: portable type}`` of the flat rows of ``cls`` (only the fields ``names``,
    in definition order); types are ``string``, ``int``, ``float``, ``bool``, ``date`` and
    ``json`` (a list or dict value)."""
    wanted = None if names is None else set(names)
    return {
        column: ctype if isinstance(ctype, str) else _PORTABLE_TYPES[ctype]
        for ff in _flat_fields(cls) if wanted is None or ff.name in wanted
        for column, ctype in ff.columns
    }


def to_row(record: Any, names: typing.Iterable[str] | None = None) -> dict[str, Any]:
    """Return the flat row of a record (only the fields ``names``, in definition order): parts and
    spans spread over their columns, lists and dicts copied (spans in them as lists), child
    records left out."""
    wanted = None if names is None else set(names)
    row: dict[str, Any] = {}
    for name, write in _writers(type(record)):
        if wanted is None or name in wanted:
            write(getattr(record, name), row)
    return row


def from_row(cls: type, row: typing.Mapping[str, Any], **given: Any) -> Any:
    """Return the record ``cls`` of a flat row (the inverse of :func:`to_row`); ``given`` fields
    are taken as they are (child records, a renamed column).

    A column the row lacks, or a None or empty value (or NaN, as pandas reads a missing number)
    in a field that is not optional, takes the field's default; numbers and dates are coerced
    to the field's type.
    """
    if type(row) is not dict:
        row = dict(row)  # a database row's mapping answers .get() far slower than a dict, per field
    return _row_reader(cls, None, tuple(given))(row, given)


def from_rows(cls: type, rows: typing.Iterable[typing.Sequence[Any]], columns: typing.Sequence[str]) -> list[Any]:
    """Return the records ``cls`` of tuple rows (a query's result rows) whose columns are
    ``columns``, in order: read as :func:`from_row` reads each row's mapping, by position."""
    read = row_reader(cls, columns)
    return [read(row, None) for row in rows]


def row_reader(cls: type, columns: typing.Sequence[str],
               given: typing.Iterable[str] = ()) -> Callable[[typing.Sequence[Any], dict[str, Any] | None], Any]:
    """Return ``read(row, values)``: the record ``cls`` of a tuple row whose columns are ``columns``
    (read as :func:`from_row` reads a mapping), with the fields named in ``given`` taken from
    ``values`` instead. Made once per query, it reads each of its rows without a lookup by name."""
    return _row_reader(cls, tuple(columns), tuple(given))


_ABSENT = object()
"""A cell the row lacks, as a generated reader sees it: the field takes its default."""

_Writer = Callable[[Any, dict[str, Any]], None]


@functools.cache
def _writers(cls: type) -> tuple[tuple[str, _Writer], ...]:
    """Return the (field, writer) pairs of a record class's flat rows: made once per class, so a
    row costs one call per field (rows are written by the thousand)."""
    return tuple((ff.name, _writer(ff)) for ff in _flat_fields(cls) if ff.kind != "children")


@functools.lru_cache(maxsize=512)
def _row_reader(cls: type, columns: tuple[str, ...] | None = None,
                given: tuple[str, ...] = ()) -> Callable[[Any, dict[str, Any] | None], Any]:
    """Return one function ``read(row, given)`` that reads a whole record of ``cls`` from a row, as
    :func:`from_row`: from a dict row, or (``columns`` given) from a tuple row with those
    columns in order; the fields named in ``given`` are not read but taken from ``given``.

    Written out as Python source and compiled once per class and column order (as
    :mod:`dataclasses` writes ``__init__``): each cell, and the parts of an Estimate or a
    span, is read inline rather than by a call per field, which is what the incident list
    and the API pay per row.
    """
    position = None if columns is None else {c: i for i, c in enumerate(columns)}

    def cell(column: str, default: str) -> str:
        if position is None:
            return f"get({column!r}, {default})"
        return f"row[{position[column]}]" if column in position else default

    space: dict[str, Any] = {"ABSENT": _ABSENT, "make": cls}
    lines = ["def read(row, given):", *(["    get = row.get"] if position is None else []), "    v = {}"]
    for i, ff in enumerate(ff for ff in _flat_fields(cls) if ff.kind != "children" and ff.name not in given):
        name = repr(ff.name)
        if ff.kind in ("part", "span"):
            tps = (int, int) if ff.kind == "span" else tuple(tp for _, tp in ff.columns)
            cells = []
            for j, ((column, _), tp) in enumerate(zip(ff.columns, tps, strict=True)):
                space[f"t{i}_{j}"] = tp
                lines.append(f"    c{j} = {cell(column, 'None')}")  # then as _number: NaN is missing
                lines.append(f"    c{j} = None if c{j} is None or c{j} != c{j} else t{i}_{j}(c{j})")
                cells.append(f"c{j}")
            if ff.kind == "span":
                lines.append(f"    v[{name}] = None if c0 is None or c1 is None else (c0, c1)")
                continue
            space[f"m{i}"] = ff.type
            made = f"m{i}(" + ", ".join(f"{sub}={c}" for sub, c in zip(ff.parts, cells, strict=True)) + ")"
            none_test = " and ".join(f"{c} is None" for c in cells)
            lines.append(f"    v[{name}] = None if {none_test} else {made}" if ff.optional
                         else f"    v[{name}] = {made}")
            continue
        if position is not None and ff.name not in position:
            continue  # a column the query does not select: the field takes its default
        cast = functools.partial(_json_value, tp=ff.type) if ff.kind == "json" else ff.cast
        defaulted = not ff.optional and ff.has_default  # None or "" there means "not stated"
        lines.append(f"    x = {cell(ff.name, 'ABSENT')}")
        if cast is None and not defaulted:  # a cell taken as it is
            lines.append(f"    if x is not ABSENT: v[{name}] = x")
            continue
        space[f"r{i}"] = cast
        lines.append("    if x is not ABSENT:")
        if cast is not None:
            lines.append(f"        if x is not None: x = r{i}(x)")
        lines.append(f"        if not (x is None or x == ''): v[{name}] = x" if defaulted
                     else f"        v[{name}] = x")
    if given:
        lines.append("    v.update(given)")
    lines.append("    return make(**v)")
    exec("\n".join(lines), space)  # noqa: S102 - source built above from the class's own field names
    return space["read"]


def _writer(ff: _FlatField) -> _Writer:
    """Return the function that writes one field's value into a row's columns."""
    columns = tuple(column for column, _ in ff.columns)
    if ff.kind == "part":
        pairs = tuple(zip(columns, ff.parts, strict=True))

        def write_part(value: Any, row: dict[str, Any]) -> None:
            for column, sub in pairs:
                row[column] = None if value is None else getattr(value, sub)
        return write_part
    if ff.kind == "span":
        start, end = columns

        def write_span(value: Any, row: dict[str, Any]) -> None:
            row[start], row[end] = value if value is not None else (None, None)
        return write_span
    (name,) = columns

    def write_json(value: Any, row: dict[str, Any]) -> None:
        row[name] = _json_cell(value)

    def write_scalar(value: Any, row: dict[str, Any]) -> None:
        row[name] = value
    return write_json if ff.kind == "json" else write_scalar


def from_dict(cls: type, data: typing.Mapping[str, Any], **given: Any) -> Any:
    """Return the record ``cls`` of its JSON form (:func:`to_dict`: parts as ``{"low": L, "high": H}``,
    spans as ``[start, end]``), read as the flat row it spreads to (:func:`from_row`)."""
    row = dict(data)
    for ff in _flat_fields(cls):
        value = data.get(ff.name)
        if ff.kind == "part" and isinstance(value, dict):
            row.update({column: value.get(sub) for (column, _), sub in zip(ff.columns, ff.parts, strict=True)})
        elif ff.kind == "span" and value:
            (start, _), (end, _) = ff.columns
            row[start], row[end] = value
    return from_row(cls, row, **given)


def _number(value: Any, tp: type) -> Any:
    """Return a numeric cell as ``tp``; None for None or NaN (pandas' missing number)."""
    if value is None or value != value:
        return None
    return tp(value)


def _cast_of(tp: Any) -> Callable[[Any], Any] | None:
    """Return the function that turns a non-None cell into ``tp`` (None: taken as it is)."""
    if tp is dt.date:
        return parse_date
    if tp in (int, float):
        return functools.partial(_number, tp=tp)
    if tp is bool:
        return bool
    return None


def _json_cell(value: Any) -> Any:
    """Return a list or dict field's cell: a copy, tuple values (spans) as lists."""
    if isinstance(value, dict):
        return {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
    return list(value)


def _json_value(value: Any, tp: Any) -> Any:
    """Return a list or dict cell as the field's type (a dict of spans with tuple spans)."""
    if value is None:
        return None
    if typing.get_origin(tp) is dict:
        spans = typing.get_origin(typing.get_args(tp)[1]) is tuple
        return {k: tuple(v) if spans else v for k, v in value.items()}
    return list(value)
