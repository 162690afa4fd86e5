"""What the routes call: a thin layer over warclaims.api for one Engine.

Each function returns JSON-ready dicts (the API's shapes). Incidents come from the ledger
store (through :mod:`warclaims.web.incidents`), exports from :mod:`warclaims.api.export`,
submitted articles are read, assessed and stored by :mod:`warclaims.api.checking` (which loads
the extraction pipeline and the credibility model when first called, not when the app starts).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from warclaims.api import queries, reference
from warclaims.api import export as export_api
from warclaims.api import checking
from warclaims.api.checking import Extractor, Fetcher, SubmittedArticle, credibility_of
from warclaims.api.queries import report_credibility
from warclaims.api.records import Article, E, WarclaimsError, to_dict
from warclaims.web import claims as claims_view
from warclaims.web import incidents as inc
from warclaims.web.claims import ClaimView
from warclaims.web.geo import credibility_class, location_of, position_of
from warclaims.web.incidents import IncidentFilters, Page
from warclaims.web.text import Mark, find_span, segments

if TYPE_CHECKING:
    import sqlalchemy as sa

log = logging.getLogger("warclaims.web")
EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
                  "jsonl": "application/x-ndjson; charset=utf-8"}
"""The formats of /api/export and their media types."""
EXPORT_LEVELS = ("incident", "claim")
"""What one row of a download is: an incident (its ledger) or a claim."""


# --- incidents -----------------------------------------------------------------------------


def list_incidents(engine: sa.Engine, filters: IncidentFilters, cursor: str | None, limit: int) -> Page:
    """Return one page of incidents matching ``filters`` (rows and next cursor)."""
    return inc.list_incidents(engine, filters, cursor=cursor, limit=limit)


def get_incident(engine: sa.Engine, incident_id: str) -> dict[str, Any]:
    """Return one incident with ledger, claims, quotes, contradictions; raise W303 when unknown."""
    return inc.get_incident(engine, incident_id)


def timeline(engine: sa.Engine, filters: IncidentFilters) -> list[dict[str, Any]]:
    """Return killed per day (best, low, high) for the incidents matching ``filters``."""
    return inc.timeline(engine, filters)


def incident_facets(engine: sa.Engine, filters: IncidentFilters) -> dict[str, list[dict[str, Any]]]:
    """Return the overview's facet counts (incidents per governorate, event type, perpetrator, outlet)."""
    return inc.facets(engine, filters)


# --- claims --------------------------------------------------------------------------------


def list_claims(engine: sa.Engine, view: ClaimView, cursor: str | None, limit: int) -> Page:
    """Return one page of the claims matching ``view`` (with their status in the ledger)."""
    return claims_view.list_claims(engine, view, cursor=cursor, limit=limit)


def count_claims(engine: sa.Engine, view: ClaimView) -> int:
    """Return how many claims match ``view``."""
    return claims_view.count_claims(engine, view)


def claim_facets(engine: sa.Engine, view: ClaimView) -> dict[str, list[dict[str, Any]]]:
    """Return the claims view's facet counts (claims per governorate, event type, perpetrator,
    outlet, claimant type, blamed party)."""
    return claims_view.facets(engine, view)


def map_features(engine: sa.Engine, filters: IncidentFilters) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection of the incidents matching ``filters`` that have a
    position, each with how precise it is (``location``, ``approximate``) and its reports'
    credibility (``credibility`` class, ``credible_reports`` of ``assessed_reports``)."""
    rows = inc.map_points(engine, filters)
    verdicts = report_credibility(engine, [row["id"] for row in rows])
    features = []
    for row in rows:
        pos = position_of(row)
        if pos is None:
            continue
        props = {k: row[k] for k in ("id", "date", "event_type", "admin1", "place", "perpetrator", "contested")}
        props["killed"] = row["killed"]["best"]
        props["injured"] = row["injured"]["best"]
        props["approximate"] = pos[2]
        props["location"] = location_of(row)
        credible, assessed = verdicts.get(row["id"], (0, 0))
        props.update(credibility=credibility_class(credible, assessed), credible_reports=credible,
                     assessed_reports=assessed)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [pos[1], pos[0]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


REFERENCE_MAP_LIMIT = 3000
"""Most reference events the overview's layer shows (largest best estimate first)."""


def reference_map(engine: sa.Engine, filters: IncidentFilters) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection of the reference events in use (bundled UCDP GED or an
    imported set) for the filtered period and governorate: the ``from``/``to`` filters, else the
    span of the filtered incidents' dates; largest first, at most :data:`REFERENCE_MAP_LIMIT`."""
    first, last = filters.date_from, filters.date_to
    if first is None or last is None:
        days = [dt.date.fromisoformat(r["date"]) for r in inc.timeline(engine, filters)]
        first = first or (min(days) if days else None)
        last = last or (max(days) if days else None)
    if first is None or last is None or first > last:
        return {"type": "FeatureCollection", "features": [], "period": None}
    records = reference.reference_events(first, last, admin1=filters.admin1, db=engine)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]},
                 "properties": {"dataset": r.dataset, "record_id": r.record_id, "date": r.date.isoformat(),
                                "place": r.place, "admin1": r.admin1, "side_a": r.actor1, "side_b": r.actor2,
                                "low": r.deaths_low, "best": r.deaths_best, "high": r.deaths_high,
                                "headline": headline}}
                for r, headline in records[:REFERENCE_MAP_LIMIT]]
    return {"type": "FeatureCollection", "features": features, "total": len(records),
            "period": {"from": first.isoformat(), "to": last.isoformat()}}


def incident_articles(engine: sa.Engine, incident: dict[str, Any]) -> list[dict[str, Any]]:
    """Return each article behind the incident's claims with its text cut into highlighted segments."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for claim in incident["claims"]:
        by_article.setdefault(claim["article_id"], []).append(claim)
    for article_id in incident.get("articles") or []:
        by_article.setdefault(article_id, [])
    out = []
    for article_id, claims in by_article.items():
        article = queries.stored_article(article_id, engine)
        if article is None:
            continue
        marks = []
        for claim in claims:
            span = find_span(article.text, claim["quote"], claim["quote_span"])
            if span:
                marks.append(Mark(start=span[0], end=span[1], kind="quote", label=claim["claimant"],
                                  anchor=f"claim-{claim['id']}"))
        out.append({"article": article_summary(article), "segments": segments(article.text, marks)})
    return out


# --- articles ------------------------------------------------------------------------------


def article_summary(article: Article) -> dict[str, Any]:
    """Return the list-row form of an article (no text)."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "revision": article.revision,
        "language": article.language,
    }


def list_articles(engine: sa.Engine, *, q: str | None, outlet: str | None, cursor: str | None,
                  limit: int) -> Page:
    """Return one page of stored articles (newest first); the cursor is an offset."""
    offset = 0
    if cursor:
        values = inc.decode_cursor(cursor)
        if len(values) != 1 or not isinstance(values[0], int) or values[0] < 0:
            raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor")
        offset = values[0]
    limit = max(1, min(limit, inc.MAX_LIMIT))
    found = queries.articles(engine, search=q, outlet=outlet, limit=limit + 1, offset=offset)
    rows = [article_summary(a) for a in found[:limit]]
    nxt = inc.encode_cursor([offset + limit]) if len(found) > limit else None
    return Page(rows=rows, next=nxt)


def get_article(engine: sa.Engine, article_id: str) -> dict[str, Any]:
    """Return the article with text segments, its incidents, claims and credibility; raise W302."""
    detail = queries.article(article_id, engine)
    article = detail.article
    extraction = detail.extraction
    marks = []
    claims = []
    for n, incident in enumerate(extraction.incidents if extraction else []):
        for m, claim in enumerate(incident.claims):
            span = find_span(article.text, claim.quote, claim.quote_span)
            anchor = f"claim-{n}-{m}"
            if span:
                marks.append(Mark(start=span[0], end=span[1], kind="quote", label=claim.claimant, anchor=anchor))
            claims.append({"incident": n, "anchor": anchor, **to_dict(claim)})
    return {
        "article": {**article_summary(article), "text": article.text, "metadata": to_dict(article.metadata)},
        "revisions": detail.revisions,
        "incidents": inc.incidents_of_article(engine, article.id),
        "extraction": to_dict(extraction) if extraction else None,
        "claims": claims,
        "credibility": credibility_of(engine, article, extraction, is_stored=True),
        "segments": segments(article.text, marks),
    }


def outlets(engine: sa.Engine) -> list[dict[str, Any]]:
    """Return per outlet its article and claim counts and the share of figures inside the ledger range."""
    return inc.outlet_stats(engine)


def outlet_names(engine: sa.Engine) -> list[str]:
    """Return the distinct outlet names of stored articles, sorted."""
    return inc.outlet_names(engine)


# --- export --------------------------------------------------------------------------------


SPOOL_MEMORY = 8 * 1024 * 1024
"""Bytes of an export held in memory before it spills to a temporary file."""
SPOOL_BLOCK = 64 * 1024


def export(engine: sa.Engine, fmt: str, view: ClaimView, level: str = "incident") -> tuple[str, Iterator[bytes]]:
    """Return ``(media type, body blocks)`` of a filtered view as CSV, GeoJSON or JSON Lines.

    ``level="incident"``: one row per incident. Without a claim filter (the overview) these are
    the incidents of ``view.incidents`` and the body is byte for byte the file ``warclaims
    export`` writes for the same format and filters; with one (the claims page), the incidents
    of the view's claims. ``level="claim"``: one row per claim of the view (the claims page's
    rows, every page), each with its incident's id, date and place. Both are written by
    :mod:`warclaims.export`.

    The body is written in full (in memory up to :data:`SPOOL_MEMORY`, then in a temporary
    file) before the response starts, so a store error becomes an error response instead of a
    truncated download, and the database connection is released before a slow client reads.
    Raises W604 for a format other than :data:`EXPORT_FORMATS` or a level other than :data:`EXPORT_LEVELS`.
    """
    if fmt not in EXPORT_FORMATS:
        raise WarclaimsError(E.W604, field="format", reason=f"choose one of {', '.join(EXPORT_FORMATS)}")
    if level not in EXPORT_LEVELS:
        raise WarclaimsError(E.W604, field="level", reason=f"choose one of {', '.join(EXPORT_LEVELS)}")
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY, mode="w+b")
    try:
        for chunk in _export_chunks(engine, fmt, view, level):
            spool.write(chunk.encode("utf-8"))
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return EXPORT_FORMATS[fmt], _blocks(spool)


def _export_chunks(engine: sa.Engine, fmt: str, view: ClaimView, level: str) -> Iterator[str]:
    """Return the text chunks of a download (see :func:`export`)."""
    if level == "claim":
        return export_api.claim_text(fmt, claims_view.iter_view_claims(engine, view))
    if view.claims.has_claim_filter():
        ledgers = claims_view.view_ledgers(engine, view)
    else:
        ledgers = queries.ledgers(engine, **view.incidents.kwargs())
    return export_api.ledger_text(fmt, ledgers, engine)


def _blocks(spool: Any) -> Iterator[bytes]:
    """Yield the spooled body in blocks, closing (and deleting) the spool at the end."""
    with spool:
        while block := spool.read(SPOOL_BLOCK):
            yield block


# --- check and ingest ----------------------------------------------------------------------


def check(engine: sa.Engine, sub: SubmittedArticle, *, extractor: Extractor, store: bool,
          fetcher: Fetcher | None = None, cancelled: threading.Event | None = None) -> dict[str, Any]:
    """Return the JSON of :func:`warclaims.api.checking.check_article`: the extraction of a
    submitted article, its matching stored incidents (as the list's rows), where each claim
    falls in their ledgers, its credibility, and the text's segments with the quotes marked."""
    checked = checking.check_article(engine, sub, extractor=extractor, store=store, fetcher=fetcher,
                                     cancelled=cancelled)
    article, extraction = checked.article, checked.extraction
    incidents = []
    for n, (incident, found) in enumerate(zip(extraction.incidents, checked.matches, strict=True)):
        matches = [inc.summary_row(summary) for summary in found]
        agreement = [
            {"claim": m, "claimant": claim.claimant,
             "with": {row["id"]: checking.claim_agreement(to_dict(claim.killed), row["killed"]) for row in matches}}
            for m, claim in enumerate(incident.claims)
        ]
        incidents.append({"index": n, **to_dict(incident), "matches": matches, "agreement": agreement})
    marks = [
        Mark(start=s[0], end=s[1], kind="quote", label=c.claimant, anchor=f"claim-{n}-{m}")
        for n, i in enumerate(extraction.incidents) for m, c in enumerate(i.claims)
        if (s := find_span(article.text, c.quote, c.quote_span))
    ]
    return {
        "article": {**article_summary(article), "text": article.text},
        "incidents": incidents,
        "credibility": checked.credibility,
        "stored": checked.stored,
        "segments": segments(article.text, marks),
    }
