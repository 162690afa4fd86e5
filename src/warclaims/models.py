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
        return self.low if self.low is not None else self.high

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
class Incident:
    """One violent event as reported by one article (schema of gold/SCHEMA.md)."""

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
    span = data.get("quote_span")
    cspan = data.get("claimant_span")
    return Claim(
        claimant=data.get("claimant") or "",
        claimant_type=data.get("claimant_type") or "other",
        killed=Interval.from_dict(data.get("killed")),
        injured=Interval.from_dict(data.get("injured")),
        quote=data.get("quote") or "",
        quote_span=tuple(span) if span else None,
        claimant_span=tuple(cspan) if cspan else None,
        victims=data.get("victims") or "unknown",
        victims_text=data.get("victims_text"),
        groups=list(data.get("groups") or []),
        supersedes_earlier=bool(data.get("supersedes_earlier", False)),
        blames=data.get("blames"),
        confidence=float(data.get("confidence", 1.0)),
        article_id=data.get("article_id"),
    )


def incident_from_dict(data: dict[str, Any]) -> Incident:
    """Return an Incident from its schema/JSON form (the gold format included)."""
    return Incident(
        event_type=data.get("event_type") or "other",
        date=parse_date(data.get("date")),
        date_precision=data.get("date_precision"),
        admin1=data.get("admin1"),
        place=data.get("place"),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        geo_precision=data.get("geo_precision"),
        country=data.get("country", "Syria"),
        perpetrator=data.get("perpetrator") or "unknown",
        perpetrator_text=data.get("perpetrator_text"),
        victims=data.get("victims") or "unknown",
        killed=Interval.from_dict(data.get("killed")),
        injured=Interval.from_dict(data.get("injured")),
        claims=[claim_from_dict(c) for c in data.get("claims") or []],
        spans={k: tuple(v) for k, v in (data.get("spans") or {}).items()},
        confidence=float(data.get("confidence", 1.0)),
        article_id=data.get("article_id"),
        index=int(data.get("index", 0)),
    )
