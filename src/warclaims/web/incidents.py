"""Linked incidents for the web layer: :mod:`warclaims.store.ledger` turned into the API's JSON rows.

Listing, the full ledger and exports come from the ledger store module; this module adds
only what it lacks for the dashboard: killed per day (timeline), the map's points, the
incidents of an article as rows, and per-outlet agreement with the ledger ranges. Those
read the ``linked_incidents`` summary table with the store's own filter conditions, so a
filter means the same in every view.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from warclaims.errors import E, WarclaimsError
from warclaims.models import to_dict
from warclaims.store import ledger as store_ledger
from warclaims.store.ledger import incident_links as K
from warclaims.store.ledger import linked_incidents as L
from warclaims.store.schema import article_incidents as I
from warclaims.store.schema import articles as A
from warclaims.store.schema import claims as C

MAX_LIMIT = store_ledger.MAX_LIMIT
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

    def kwargs(self) -> dict[str, Any]:
        """Return the filters as keyword arguments of :func:`warclaims.store.ledger.list_incidents`
        (an outlet as every name it is stored under: its code, display name and aliases)."""
        from warclaims.web.outlet_names import stored_names

        return {
            "date_from": self.date_from, "date_to": self.date_to, "admin1": self.admin1,
            "event_type": self.event_type, "perpetrator": self.perpetrator,
            "outlet": stored_names(self.outlet) if self.outlet else None,
            "contested": self.contested, "q": self.q,
        }


@dataclass(slots=True, kw_only=True)
class Page:
    """One page of rows and the cursor of the next page (None on the last)."""

    rows: list[dict[str, Any]]
    next: str | None = None


def encode_cursor(values: list[Any]) -> str:
    """Return an opaque URL-safe cursor for ``values``."""
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """Return the values of ``cursor``; raise W604 (field ``cursor``) when malformed."""
    try:
        values = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor") from exc
    if not isinstance(values, list):
        raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor")
    return values


def best_of(low: int | None, high: int | None) -> int | None:
    """Return one representative figure of an interval: low, else high."""
    return low if low is not None else high


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def _estimate(best: Any, low: Any, high: Any) -> dict[str, int | None]:
    return {"best": best, "low": low, "high": high}


def summary_row(s: Any) -> dict[str, Any]:
    """Return the API row of an incident summary (an IncidentSummary or a ``linked_incidents`` row)."""
    killed = s.killed if hasattr(s, "killed") else None
    injured = s.injured if hasattr(s, "injured") else None
    return {
        "id": s.id,
        "date": _iso(s.date),
        "date_precision": s.date_precision,
        "event_type": s.event_type,
        "admin1": s.admin1,
        "place": s.place,
        "latitude": s.latitude,
        "longitude": s.longitude,
        "geo_precision": s.geo_precision,
        "perpetrator": s.perpetrator,
        "victims": s.victims,
        "killed": _estimate(killed.best, killed.low, killed.high) if killed is not None
        else _estimate(s.killed_best, s.killed_low, s.killed_high),
        "injured": _estimate(injured.best, injured.low, injured.high) if injured is not None
        else _estimate(s.injured_best, s.injured_low, s.injured_high),
        "reports": s.n_reports,
        "claimants": s.n_claimants,
        "outlets": list(s.outlets or []),
        "first_report": _iso(s.first_report),
        "contested": bool(s.contested),
        "contradictions": list(s.contradictions or []),
        "flags": list(s.flags or []),
    }


def list_incidents(
    engine: sa.Engine, filters: IncidentFilters, *, cursor: str | None = None, limit: int = 50
) -> Page:
    """Return one page of linked incidents matching ``filters``, newest first, with the next cursor."""
    try:
        page = store_ledger.list_incidents(engine, cursor=cursor, limit=limit, **filters.kwargs())
    except WarclaimsError as err:
        if err.code is E.W902 and err.fields.get("option") == "cursor":
            raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor") from err
        raise
    return Page(rows=[summary_row(s) for s in page.rows], next=page.next)


def _conditions(filters: IncidentFilters) -> list[sa.ColumnElement[bool]]:
    """Return the store's SQL conditions of ``filters`` (the very ones the list uses)."""
    return store_ledger._filters(**filters.kwargs())  # noqa: SLF001 - one definition of each filter


INCIDENT_FACETS = ("admin1", "event_type", "perpetrator", "outlet")
"""The facets of the overview, each a field of :class:`IncidentFilters`."""


def facet_list(result: Any) -> list[dict[str, Any]]:
    """Return ``(value, n)`` rows as ``[{"value", "count"}]``, largest count first (no empty value)."""
    rows = [{"value": value, "count": int(n)} for value, n in result if value is not None and n]
    rows.sort(key=lambda r: (-r["count"], str(r["value"]).lower()))
    return rows


def _facet_query(name: str, filters: IncidentFilters) -> sa.Select:
    """Return the count of incidents per value of facet ``name`` under ``filters`` less that facet's own."""
    from warclaims.web.outlet_names import canonical_sql

    cond = _conditions(dataclasses.replace(filters, **{name: None}))
    if name == "outlet":  # an incident counts once per outlet, whichever of its names its articles carry
        value = canonical_sql(A.c.outlet).label("value")
        return (sa.select(value, sa.func.count(sa.distinct(L.c.id)))
                .select_from(L.join(K, K.c.incident_id == L.c.id)
                             .join(A, sa.and_(A.c.id == K.c.article_id, A.c.is_latest)))
                .where(*cond).group_by(value))
    column = {"admin1": L.c.admin1, "event_type": L.c.event_type, "perpetrator": L.c.perpetrator}[name]
    return sa.select(column, sa.func.count()).where(*cond).group_by(column)


def facets(engine: sa.Engine, filters: IncidentFilters) -> dict[str, list[dict[str, Any]]]:
    """Return per facet (governorate, event type, perpetrator, outlet) the number of incidents of each
    value, computed with the list's own filter conditions, all but the facet's own applied: a
    value's count is what the list holds when that value is chosen with the other filters."""
    with engine.connect() as conn:
        return {name: facet_list(conn.execute(_facet_query(name, filters))) for name in INCIDENT_FACETS}


def rows_by_id(engine: sa.Engine, ids: list[str]) -> list[dict[str, Any]]:
    """Return the summary rows of the given incident ids, in the order given (unknown ids skipped)."""
    if not ids:
        return []
    with engine.connect() as conn:
        found = {r.id: summary_row(r) for r in conn.execute(sa.select(L).where(L.c.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def map_points(engine: sa.Engine, filters: IncidentFilters, *, limit: int = MAP_LIMIT) -> list[dict[str, Any]]:
    """Return up to ``limit`` incident rows for the map, largest best-killed first."""
    q = (
        sa.select(L).where(*_conditions(filters))
        .order_by(sa.func.coalesce(L.c.killed_best, 0).desc(), L.c.sort_key.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [summary_row(r) for r in conn.execute(q)]


def timeline(engine: sa.Engine, filters: IncidentFilters) -> list[dict[str, Any]]:
    """Return killed and injured per day, only days with incidents, in date order:
    ``[{"date", "best", "low", "high", "injured", "incidents", "contested"}]`` (``contested``
    counts the day's incidents whose claims disagree). Days without incidents are left out,
    never filled with guesses: the chart draws them as empty."""
    best = sa.func.coalesce(L.c.killed_best, L.c.killed_low, L.c.killed_high, 0)
    injured = sa.func.coalesce(L.c.injured_best, L.c.injured_low, L.c.injured_high, 0)
    q = (
        sa.select(
            L.c.date.label("day"),
            sa.func.sum(best).label("best"),
            sa.func.sum(sa.func.coalesce(L.c.killed_low, best)).label("low"),
            sa.func.sum(sa.func.coalesce(L.c.killed_high, best)).label("high"),
            sa.func.sum(injured).label("injured"),
            sa.func.count().label("n"),
            sa.func.sum(sa.case((L.c.contested, 1), else_=0)).label("contested"),
        )
        .where(*_conditions(filters), L.c.date.is_not(None))
        .group_by(L.c.date)
        .order_by(L.c.date)
    )
    with engine.connect() as conn:
        return [
            {"date": _iso(r.day), "best": int(r.best), "low": int(min(r.low, r.best)),
             "high": int(max(r.high, r.best)), "injured": int(r.injured), "incidents": int(r.n),
             "contested": int(r.contested or 0)}
            for r in conn.execute(q)
        ]


def _claim_dict(c: Any) -> dict[str, Any]:
    data = to_dict(c)
    data["id"] = c.index
    return data


def get_incident(engine: sa.Engine, incident_id: str) -> dict[str, Any]:
    """Return the incident: summary fields, ledger, claims, quotes, contradictions, links and the
    reference check (matched records, verdict per claim); W303 when unknown."""
    from warclaims.services.assess import reference_check

    ledger = store_ledger.get_incident(engine, incident_id)
    claims = [_claim_dict(c) for c in ledger.claims]
    return {
        "id": ledger.incident_id,
        "date": _iso(ledger.date),
        "date_precision": ledger.date_precision,
        "event_type": ledger.event_type,
        "admin1": ledger.admin1,
        "place": ledger.place,
        "latitude": ledger.latitude,
        "longitude": ledger.longitude,
        "geo_precision": ledger.geo_precision,
        "perpetrator": ledger.perpetrator,
        "victims": ledger.victims,
        "victim_group": ledger.victim_group,
        "contested": ledger.contested,
        "outlets": list(ledger.outlets),
        "articles": list(ledger.articles),
        "ledger": {
            "killed": to_dict(ledger.killed),
            "injured": to_dict(ledger.injured),
            "claimants": ledger.n_claimants,
            "outlets": ledger.n_outlets,
            "first_report": _iso(ledger.first_report),
            "flags": list(ledger.flags),
        },
        "claims": claims,
        "quotes": [
            {"claim": c["id"], "article_id": c["article_id"], "claimant": c["claimant"], "quote": c["quote"],
             "span": c["quote_span"]}
            for c in claims if c["quote"]
        ],
        "contradictions": to_dict(ledger.contradictions),
        "links": to_dict(ledger.links),
        "reference": reference_check(engine, ledger),
    }


def incidents_of_article(engine: sa.Engine, article_id: str) -> list[dict[str, Any]]:
    """Return the summary rows of the linked incidents an article reports, in article order."""
    return rows_by_id(engine, store_ledger.incidents_of_article(engine, article_id))


def _inside(point: int | None, low: int | None, high: int | None) -> bool | None:
    """Return whether ``point`` lies in [low, high] (open ends unbounded); None when unknown."""
    if point is None or (low is None and high is None):
        return None
    return (low is None or point >= low) and (high is None or point <= high)


def outlet_names(engine: sa.Engine) -> list[str]:
    """Return the distinct outlets of stored articles (aliases as one, by code), sorted by display
    name (the filter dropdown's options)."""
    from warclaims.web.outlet_names import canonical_outlet, display_name

    q = sa.select(A.c.outlet).where(A.c.is_latest, A.c.outlet.is_not(None)).distinct()
    with engine.connect() as conn:
        codes = {canonical_outlet(o) for (o,) in conn.execute(q) if o}
    return sorted(codes, key=lambda c: (display_name(c).lower(), c))


HISTOGRAM_BINS = 10
"""Bins of the per-outlet credibility score histogram (scores 0-1; the last bin holds 1.0)."""


def _empty_outlet() -> dict[str, int]:
    return {"claims": 0, "with_figure": 0, "compared": 0, "inside": 0, "different_victims": 0, "absurd": 0}


def _claim_counts(ledgers: Any) -> dict[str | None, dict[str, int]]:
    """Return per outlet (aliases merged) its claims in the incidents' ledgers and how their killed
    figures compare with the ledger range. A claim the ledger keeps apart (``different_victims``:
    other victims than the incident's main ones; ``absurd``) is counted as such, never compared:
    it is neither inside nor outside the range of victims it does not count."""
    from warclaims.reconcile.ledger import ABSURD, COUNTED, DIFFERENT_VICTIMS, SUPERSEDED
    from warclaims.web.outlet_names import canonical_outlet

    stats: dict[str | None, dict[str, int]] = defaultdict(_empty_outlet)
    for ledger in ledgers:
        low, high = ledger.killed.low, ledger.killed.high
        for c in ledger.claims:
            s = stats[canonical_outlet(c.outlet)]
            s["claims"] += 1
            point = c.killed.point if c.killed is not None else None
            s["with_figure"] += int(point is not None)
            s["different_victims"] += int(c.status == DIFFERENT_VICTIMS)
            s["absurd"] += int(c.status == ABSURD)
            verdict = _inside(point, low, high) if c.status in (COUNTED, SUPERSEDED) else None
            if verdict is not None:
                s["compared"] += 1
                s["inside"] += int(verdict)
    return stats


_LEDGER_COUNTS: dict[tuple[Any, ...], dict[str | None, dict[str, int]]] = {}


def _ledger_state(engine: sa.Engine) -> tuple[Any, ...]:
    """Return what changes whenever any incident's ledger may: the counts of incidents, links,
    article incidents and claims (a re-extraction adds or removes rows) and the latest update."""
    def count(table: sa.Table) -> Any:
        return sa.select(sa.func.count()).select_from(table).scalar_subquery()

    with engine.connect() as conn:
        state = conn.execute(sa.select(count(L), sa.select(sa.func.max(L.c.updated_at)).scalar_subquery(),
                                       count(K), count(I), count(C))).one()
    return (str(engine.url), *(str(v) for v in state))


def _cached_claim_counts(engine: sa.Engine) -> dict[str | None, dict[str, int]]:
    """Return :func:`_claim_counts` over every stored ledger, reconciled once per ledger state (the
    outlets page would otherwise reconcile the whole store on every load)."""
    state = _ledger_state(engine)
    if state not in _LEDGER_COUNTS:
        _LEDGER_COUNTS.clear()
        _LEDGER_COUNTS[state] = _claim_counts(store_ledger.iter_ledgers(engine))
    return _LEDGER_COUNTS[state]


def _credibility_by_outlet(engine: sa.Engine) -> dict[str | None, dict[str, Any]]:
    """Return per outlet the distribution of its articles' stored credibility verdicts: count per
    label, a score histogram (:data:`HISTOGRAM_BINS` bins over 0-1) and the mean score."""
    from warclaims.assess.records import LABELS
    from warclaims.store.credibility import outlet_verdicts
    from warclaims.web.outlet_names import canonical_outlet

    out: dict[str | None, dict[str, Any]] = {}
    for outlet, label, score in outlet_verdicts(engine):
        d = out.setdefault(canonical_outlet(outlet), {"assessed": 0, "labels": dict.fromkeys(LABELS, 0),
                                                      "histogram": [0] * HISTOGRAM_BINS, "total": 0.0})
        d["assessed"] += 1
        d["labels"][label] = d["labels"].get(label, 0) + 1
        d["histogram"][min(HISTOGRAM_BINS - 1, max(0, int(score * HISTOGRAM_BINS)))] += 1
        d["total"] += score
    for d in out.values():
        d["mean_score"] = round(d.pop("total") / d["assessed"], 3)
    return out


def outlet_stats(engine: sa.Engine) -> list[dict[str, Any]]:
    """Return per outlet (aliases merged): articles; claims in the incidents' ledgers, those with a
    killed figure, those compared with the ledger range (claims about the incident's main victims)
    and inside it, with the share inside; claims about different victims and absurd figures, kept
    apart; and the credibility distribution of its assessed articles (None when none is assessed)."""
    from warclaims.web.outlet_names import canonical_outlet, display_name

    counts_q = sa.select(A.c.outlet, sa.func.count()).where(A.c.is_latest).group_by(A.c.outlet)
    articles_by_outlet: dict[str | None, int] = defaultdict(int)
    with engine.connect() as conn:
        for o, n in conn.execute(counts_q):
            articles_by_outlet[canonical_outlet(o)] += int(n)
    stats = _cached_claim_counts(engine)
    credibility = _credibility_by_outlet(engine)
    rows = []
    for outlet in set(articles_by_outlet) | set(stats):
        s = stats.get(outlet) or _empty_outlet()
        share = s["inside"] / s["compared"] if s["compared"] else None
        rows.append({"outlet": outlet, "name": display_name(outlet) or None,
                     "articles": articles_by_outlet.get(outlet, 0), **s, "inside_share": share,
                     "credibility": credibility.get(outlet)})
    rows.sort(key=lambda r: (-r["claims"], -r["articles"], r["outlet"] or ""))
    return rows
