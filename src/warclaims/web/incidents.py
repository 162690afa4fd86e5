"""Read-only incident queries over the article-incident tables, for the web layer.

These are used while :mod:`warclaims.store.ledger` (linked, cross-article incidents) is
not installed: each stored article incident is then shown as one incident whose ledger
is the range of its own claims. When the ledger module is present,
:mod:`warclaims.web.service` calls it instead and this module is not used for listings.

Rows are plain JSON-ready dicts (the API's row shape); pagination is by keyset cursor.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from warclaims.errors import E, WarclaimsError
from warclaims.store.schema import article_incidents as I
from warclaims.store.schema import articles as A
from warclaims.store.schema import claims as C

MAX_LIMIT = 500
MAP_LIMIT = 5000


@dataclass(slots=True, kw_only=True)
class IncidentFilters:
    """Filters of the incident list, timeline, map and export (all optional, combined with AND)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    admin1: str | None = None
    event_type: str | None = None
    perpetrator: str | None = None
    outlet: str | None = None
    contested: bool | None = None
    q: str | None = None

    def to_query(self) -> dict[str, str]:
        """Return the filters as URL query parameters (the API's names), empty ones left out."""
        pairs = {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "admin1": self.admin1,
            "type": self.event_type,
            "perpetrator": self.perpetrator,
            "outlet": self.outlet,
            "contested": None if self.contested is None else str(self.contested).lower(),
            "q": self.q,
        }
        return {k: v for k, v in pairs.items() if v}


@dataclass(slots=True, kw_only=True)
class Page:
    """One page of rows and the cursor of the next page (None on the last)."""

    rows: list[dict[str, Any]]
    next: str | None = None


def encode_cursor(values: list[Any]) -> str:
    """Return an opaque URL-safe cursor for the keyset ``values``."""
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """Return the keyset values of ``cursor``; raise W604 (field ``cursor``) when malformed."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor") from exc
    if not isinstance(values, list):
        raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor")
    return values


def interval_dict(low: int | None, high: int | None) -> dict[str, int | None] | None:
    """Return ``{"low", "high"}`` or None when both ends are unknown."""
    return None if low is None and high is None else {"low": low, "high": high}


def best_of(low: int | None, high: int | None) -> int | None:
    """Return one representative figure of an interval: low, else high."""
    return low if low is not None else high


_SORT_DATE = sa.func.coalesce(I.c.date, A.c.published)


def _contested_expr() -> sa.ColumnElement[bool]:
    """Return a SQL condition: the incident's claims state different killed figures."""
    figure = sa.func.coalesce(C.c.killed_low, C.c.killed_high)
    distinct = sa.select(sa.func.count(sa.distinct(figure))).where(C.c.incident_id == I.c.id).scalar_subquery()
    return distinct > 1


def _conditions(f: IncidentFilters) -> list[sa.ColumnElement[bool]]:
    conds: list[sa.ColumnElement[bool]] = [A.c.is_latest]
    if f.date_from:
        conds.append(_SORT_DATE >= f.date_from)
    if f.date_to:
        conds.append(_SORT_DATE <= f.date_to)
    if f.admin1:
        conds.append(sa.func.lower(I.c.admin1) == f.admin1.lower())
    if f.event_type:
        conds.append(I.c.event_type == f.event_type)
    if f.perpetrator:
        conds.append(I.c.perpetrator == f.perpetrator)
    if f.outlet:
        conds.append(sa.func.lower(A.c.outlet) == f.outlet.lower())
    if f.contested is not None:
        conds.append(_contested_expr() if f.contested else sa.not_(_contested_expr()))
    if f.q:
        conds.append(
            sa.or_(
                I.c.place.icontains(f.q, autoescape=True),
                I.c.perpetrator_text.icontains(f.q, autoescape=True),
                A.c.title.icontains(f.q, autoescape=True),
            )
        )
    return conds


def _base_select() -> sa.Select:
    return sa.select(
        I, A.c.outlet, A.c.title, A.c.published, _SORT_DATE.label("sort_date"), _contested_expr().label("contested")
    ).select_from(I.join(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision)))


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def row_dict(r: Any) -> dict[str, Any]:
    """Return the API row of one article incident (joined with its article)."""
    day = _as_date(r.sort_date)
    low, high = r.killed_low, r.killed_high
    return {
        "id": str(r.id),
        "date": day.isoformat() if day else None,
        "event_type": r.event_type,
        "admin1": r.admin1,
        "place": r.place,
        "latitude": r.latitude,
        "longitude": r.longitude,
        "perpetrator": r.perpetrator,
        "victims": r.victims,
        "killed": {"best": best_of(low, high), "low": low, "high": high if high is not None else low},
        "injured": interval_dict(r.injured_low, r.injured_high),
        "outlets": [r.outlet] if r.outlet else [],
        "articles": [r.article_id],
        "title": r.title,
        "contested": bool(r.contested),
    }


def list_incidents(
    engine: sa.Engine, filters: IncidentFilters, *, cursor: str | None = None, limit: int = 50
) -> Page:
    """Return one page of incidents matching ``filters``, newest first, with the next cursor."""
    limit = max(1, min(limit, MAX_LIMIT))
    q = _base_select().where(*_conditions(filters))
    if cursor:
        values = decode_cursor(cursor)
        if len(values) != 2:
            raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor")
        day, last_id = values
        key_date = _as_date(day) if day else dt.date.min
        q = q.where(sa.tuple_(sa.func.coalesce(_SORT_DATE, dt.date.min), I.c.id) < (key_date, int(last_id)))
    q = q.order_by(sa.func.coalesce(_SORT_DATE, dt.date.min).desc(), I.c.id.desc()).limit(limit + 1)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    page = [row_dict(r) for r in rows[:limit]]
    nxt = encode_cursor([page[-1]["date"], int(page[-1]["id"])]) if len(rows) > limit else None
    return Page(rows=page, next=nxt)


def map_points(engine: sa.Engine, filters: IncidentFilters, *, limit: int = MAP_LIMIT) -> list[dict[str, Any]]:
    """Return up to ``limit`` incident rows for the map, largest best-killed first."""
    q = (
        _base_select()
        .where(*_conditions(filters))
        .order_by(sa.func.coalesce(I.c.killed_low, I.c.killed_high, 0).desc(), I.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [row_dict(r) for r in conn.execute(q)]


def timeline(engine: sa.Engine, filters: IncidentFilters) -> list[dict[str, Any]]:
    """Return killed per day: ``[{"date", "best", "low", "high", "incidents"}]`` in date order."""
    best = sa.func.coalesce(I.c.killed_low, I.c.killed_high, 0)
    high = sa.func.coalesce(I.c.killed_high, I.c.killed_low, 0)
    q = (
        sa.select(
            _SORT_DATE.label("day"),
            sa.func.sum(best).label("best"),
            sa.func.sum(best).label("low"),
            sa.func.sum(high).label("high"),
            sa.func.count().label("n"),
        )
        .select_from(I.join(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision)))
        .where(*_conditions(filters), _SORT_DATE.is_not(None))
        .group_by(_SORT_DATE)
        .order_by(_SORT_DATE)
    )
    with engine.connect() as conn:
        return [
            {"date": _as_date(r.day).isoformat(), "best": int(r.best), "low": int(r.low), "high": int(r.high),
             "incidents": int(r.n)}
            for r in conn.execute(q)
        ]


def _claim_dict(r: Any) -> dict[str, Any]:
    span = [r.quote_start, r.quote_end] if r.quote_start is not None and r.quote_end is not None else None
    return {
        "id": r.id,
        "article_id": r.article_id,
        "outlet": r.outlet,
        "title": r.title,
        "published": r.published.isoformat() if r.published else None,
        "claimant": r.claimant,
        "claimant_type": r.claimant_type,
        "killed": interval_dict(r.killed_low, r.killed_high),
        "injured": interval_dict(r.injured_low, r.injured_high),
        "victims": r.victims,
        "quote": r.quote,
        "quote_span": span,
        "supersedes_earlier": bool(r.supersedes_earlier),
        "confidence": r.confidence,
    }


def _ledger_of(claims: list[dict[str, Any]], row: dict[str, Any]) -> dict[str, Any]:
    """Return best/low/high killed of the incident from its claims (own figure when none)."""
    lows = [c["killed"]["low"] for c in claims if c["killed"] and c["killed"]["low"] is not None]
    highs = [c["killed"]["high"] or c["killed"]["low"] for c in claims if c["killed"]]
    points = [best_of(c["killed"]["low"], c["killed"]["high"]) for c in claims if c["killed"]]
    points = [p for p in points if p is not None]
    own = row["killed"]
    if not points:
        return {"killed": own, "injured": row["injured"], "claims": 0}
    highs = [h for h in highs if h is not None]
    killed = {
        "best": own["best"] if own["best"] is not None else int(statistics.median(points)),
        "low": min(lows) if lows else None,
        "high": max(highs) if highs else None,
    }
    return {"killed": killed, "injured": row["injured"], "claims": len(claims)}


def _contradictions(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return pairs of claims whose killed figures cannot both be true."""
    out: list[dict[str, Any]] = []
    with_fig = [c for c in claims if c["killed"]]
    for i, a in enumerate(with_fig):
        for b in with_fig[i + 1 :]:
            a_lo, a_hi = a["killed"]["low"], a["killed"]["high"]
            b_lo, b_hi = b["killed"]["low"], b["killed"]["high"]
            disjoint = (a_hi is not None and b_lo is not None and a_hi < b_lo) or (
                b_hi is not None and a_lo is not None and b_hi < a_lo
            )
            if disjoint:
                out.append({"field": "killed", "claims": [a["id"], b["id"]],
                            "values": [a["killed"], b["killed"]],
                            "claimants": [a["claimant"], b["claimant"]]})
    return out


def get_incident(engine: sa.Engine, incident_id: str) -> dict[str, Any]:
    """Return the incident with ledger, claims, quotes and contradictions; raise W303 when unknown."""
    try:
        key = int(incident_id)
    except ValueError:
        raise WarclaimsError(E.W303, item=incident_id) from None
    with engine.connect() as conn:
        row = conn.execute(_base_select().where(I.c.id == key)).first()
        if row is None:
            raise WarclaimsError(E.W303, item=incident_id)
        claim_rows = conn.execute(
            sa.select(C, A.c.outlet, A.c.title, A.c.published)
            .select_from(C.join(I, I.c.id == C.c.incident_id).join(
                A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision)))
            .where(C.c.incident_id == key)
            .order_by(C.c.position)
        ).all()
    incident = row_dict(row)
    claims = [_claim_dict(r) for r in claim_rows]
    incident["ledger"] = _ledger_of(claims, incident)
    incident["claims"] = claims
    incident["quotes"] = [
        {"claim": c["id"], "article_id": c["article_id"], "quote": c["quote"], "span": c["quote_span"]}
        for c in claims if c["quote"]
    ]
    incident["contradictions"] = _contradictions(claims)
    incident["spans"] = dict(row.spans or {})
    return incident


def incidents_of_article(engine: sa.Engine, article_id: str) -> list[dict[str, Any]]:
    """Return the incident rows reported by one article (its latest revision), in article order."""
    q = _base_select().where(I.c.article_id == article_id, A.c.is_latest).order_by(I.c.idx)
    with engine.connect() as conn:
        return [row_dict(r) for r in conn.execute(q)]


def outlet_stats(engine: sa.Engine) -> list[dict[str, Any]]:
    """Return per outlet: articles, claims, claims with a figure, and how many fall inside the ledger range.

    Without linked incidents the ledger range of an incident is the span of its claims'
    figures, so a claim is "inside" unless it contradicts another claim of its incident.
    """
    q = (
        sa.select(A.c.outlet, C.c.incident_id, C.c.id, C.c.killed_low, C.c.killed_high)
        .select_from(C.join(I, I.c.id == C.c.incident_id).join(
            A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision)))
        .where(A.c.is_latest)
    )
    counts_q = sa.select(A.c.outlet, sa.func.count()).where(A.c.is_latest).group_by(A.c.outlet)
    with engine.connect() as conn:
        claim_rows = conn.execute(q).all()
        articles_by_outlet = {o: n for o, n in conn.execute(counts_q)}
    by_incident: dict[int, list[Any]] = defaultdict(list)
    for r in claim_rows:
        by_incident[r.incident_id].append(r)
    stats: dict[str | None, dict[str, int]] = defaultdict(lambda: {"claims": 0, "with_figure": 0, "inside": 0})
    for rows in by_incident.values():
        lows = [r.killed_low for r in rows if r.killed_low is not None]
        highs = [r.killed_high if r.killed_high is not None else r.killed_low for r in rows]
        highs = [h for h in highs if h is not None]
        lo, hi = (min(lows) if lows else None), (max(highs) if highs else None)
        for r in rows:
            s = stats[r.outlet]
            s["claims"] += 1
            point = best_of(r.killed_low, r.killed_high)
            if point is None:
                continue
            s["with_figure"] += 1
            if (lo is None or point >= lo) and (hi is None or point <= hi):
                s["inside"] += 1
    outlets = set(articles_by_outlet) | set(stats)
    rows_out = []
    for outlet in outlets:
        s = stats.get(outlet, {"claims": 0, "with_figure": 0, "inside": 0})
        share = s["inside"] / s["with_figure"] if s["with_figure"] else None
        rows_out.append({"outlet": outlet, "articles": int(articles_by_outlet.get(outlet, 0)), **s,
                         "inside_share": share})
    rows_out.sort(key=lambda r: (-r["claims"], -r["articles"], r["outlet"] or ""))
    return rows_out
