"""Linked incidents for the web layer: what :mod:`warclaims.api` returns turned into the API's JSON rows.

The list, the full ledger, facet counts, killed per day (timeline), the map's points and the
incidents of an article are queried through :mod:`warclaims.api` (the queries live in
:mod:`warclaims.store.ledger` and :mod:`warclaims.store.incidents`, with one definition of each
filter); this module shapes their rows and adds per-outlet agreement with the ledger ranges.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warclaims.api import queries
from warclaims.api.queries import ABSURD, COUNTED, DIFFERENT_VICTIMS, ESTIMATE_PARTS, LABELS, SUPERSEDED
from warclaims.api.records import INCIDENT_FACTS, E, WarclaimsError, first_known, to_dict
from warclaims.web.outlet_names import canonical_outlet, display_name, outlet_codes, stored_names

if TYPE_CHECKING:
    import sqlalchemy as sa

MAX_LIMIT = 500
"""The most rows of one page (the store's incident list caps its pages alike)."""
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
        """Return the filters as the incident filters of :mod:`warclaims.api` (those of
        :func:`warclaims.store.ledger.list_incidents`; an outlet as every name it is stored under:
        its code, display name and aliases)."""
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


best_of = first_known
"""One representative figure of an interval, ``best_of(low, high)``: low, else high."""


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


_LISTED_FACTS = tuple(
    name for name in INCIDENT_FACTS if name not in ("country", "perpetrator_text", "killed", "injured")
)
"""The incident facts of the API's incident rows, as they are (the figures come as estimates)."""


def _facts(s: Any) -> dict[str, Any]:
    """Return the listed facts of a summary, a ``linked_incidents`` row or a ledger: the date first."""
    facts = {name: getattr(s, name) for name in _LISTED_FACTS}
    return {"date": _iso(facts.pop("date")), "date_precision": facts.pop("date_precision"), **facts}


def _estimate(s: Any, measure: str) -> dict[str, int | None]:
    """Return the estimate ``measure`` (``killed``, ``injured``) of a summary or of a flat row."""
    estimate = getattr(s, measure, None)
    if estimate is not None:  # an Estimate's parts (read directly: the generic to_dict is slow per row)
        return {part: getattr(estimate, part) for part in ESTIMATE_PARTS}
    return {part: getattr(s, f"{measure}_{part}") for part in ESTIMATE_PARTS}


def summary_row(s: Any) -> dict[str, Any]:
    """Return the API row of an incident summary (an IncidentSummary or a ``linked_incidents`` row)."""
    return {
        "id": s.id,
        **_facts(s),
        "killed": _estimate(s, "killed"),
        "injured": _estimate(s, "injured"),
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
        page = queries.incident_page(engine, cursor=cursor, limit=limit, **filters.kwargs())
    except WarclaimsError as err:
        if err.code is E.W902 and err.fields.get("option") == "cursor":
            raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor") from err
        raise
    return Page(rows=[summary_row(s) for s in page.rows], next=page.next)


INCIDENT_FACETS = ("admin1", "event_type", "perpetrator", "outlet")
"""The facets of the overview, each a field of :class:`IncidentFilters`."""


def facet_list(result: Any) -> list[dict[str, Any]]:
    """Return ``(value, n)`` rows as ``[{"value", "count"}]``, largest count first (no empty value)."""
    rows = [{"value": value, "count": int(n)} for value, n in result if value is not None and n]
    rows.sort(key=lambda r: (-r["count"], str(r["value"]).lower()))
    return rows


def facets(engine: sa.Engine, filters: IncidentFilters) -> dict[str, list[dict[str, Any]]]:
    """Return per facet (governorate, event type, perpetrator, outlet) the number of incidents of each
    value, computed with the list's own filter conditions, all but the facet's own applied: a
    value's count is what the list holds when that value is chosen with the other filters."""
    return {name: facet_list(queries.incident_facet(engine, name, outlet_codes=outlet_codes(),
                                                **dataclasses.replace(filters, **{name: None}).kwargs()))
            for name in INCIDENT_FACETS}


def rows_by_id(engine: sa.Engine, ids: list[str]) -> list[dict[str, Any]]:
    """Return the summary rows of the given incident ids, in the order given (unknown ids skipped)."""
    return [summary_row(r) for r in queries.incident_rows(engine, ids)]


def map_points(engine: sa.Engine, filters: IncidentFilters, *, limit: int = MAP_LIMIT) -> list[dict[str, Any]]:
    """Return up to ``limit`` incident rows for the map, largest best-killed first."""
    return [summary_row(r) for r in queries.map_incidents(engine, limit=limit, **filters.kwargs())]


def timeline(engine: sa.Engine, filters: IncidentFilters) -> list[dict[str, Any]]:
    """Return killed and injured per day, only days with incidents, in date order:
    ``[{"date", "best", "low", "high", "injured", "incidents", "contested"}]`` (``contested``
    counts the day's incidents whose claims disagree). Days without incidents are left out,
    never filled with guesses: the chart draws them as empty."""
    return [
        {"date": _iso(r.day), "best": int(r.best), "low": int(min(r.low, r.best)),
         "high": int(max(r.high, r.best)), "injured": int(r.injured), "incidents": int(r.n),
         "contested": int(r.contested or 0)}
        for r in queries.killed_per_day(engine, **filters.kwargs())
    ]


def _claim_dict(c: Any) -> dict[str, Any]:
    data = to_dict(c)
    data["id"] = c.index
    return data


def get_incident(engine: sa.Engine, incident_id: str) -> dict[str, Any]:
    """Return the incident: summary fields, ledger, claims, quotes, contradictions, links and the
    reference check (matched records, verdict per claim); W303 when unknown."""
    ledger, reference = queries.checked_incident(incident_id, engine)
    claims = [_claim_dict(c) for c in ledger.claims]
    return {
        "id": ledger.incident_id,
        **_facts(ledger),
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
        "reference": reference,
    }


def incidents_of_article(engine: sa.Engine, article_id: str) -> list[dict[str, Any]]:
    """Return the summary rows of the linked incidents an article reports, in article order."""
    return rows_by_id(engine, queries.incident_ids_of_article(article_id, engine))


def _inside(point: int | None, low: int | None, high: int | None) -> bool | None:
    """Return whether ``point`` lies in [low, high] (open ends unbounded); None when unknown."""
    if point is None or (low is None and high is None):
        return None
    return (low is None or point >= low) and (high is None or point <= high)


def outlet_names(engine: sa.Engine) -> list[str]:
    """Return the distinct outlets of stored articles (aliases as one, by code), sorted by display
    name (the filter dropdown's options)."""
    codes = {canonical_outlet(o) for o in queries.article_outlets(engine)}
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


def _cached_claim_counts(engine: sa.Engine) -> dict[str | None, dict[str, int]]:
    """Return :func:`_claim_counts` over every stored ledger, reconciled once per ledger state (the
    outlets page would otherwise reconcile the whole store on every load)."""
    state = queries.ledger_state(engine)
    if state not in _LEDGER_COUNTS:
        _LEDGER_COUNTS.clear()
        _LEDGER_COUNTS[state] = _claim_counts(queries.ledgers(engine))
    return _LEDGER_COUNTS[state]


def _credibility_by_outlet(engine: sa.Engine) -> dict[str | None, dict[str, Any]]:
    """Return per outlet the distribution of its articles' stored credibility verdicts: count per
    label, a score histogram (:data:`HISTOGRAM_BINS` bins over 0-1) and the mean score."""
    out: dict[str | None, dict[str, Any]] = {}
    for outlet, label, score in queries.outlet_verdicts(engine):
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
    articles_by_outlet: dict[str | None, int] = defaultdict(int)
    for o, n in queries.articles_per_outlet(engine):
        articles_by_outlet[canonical_outlet(o)] += n
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
