"""The REST API under ``/api``: thin routes over :mod:`warclaims.web.service`.

Lists answer ``{"ok": true, "rows": [...], "next": cursor|null}``; single records
``{"ok": true, ...}``; errors the catalogue's shape (see :mod:`warclaims.web.handlers`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hmac
from collections.abc import Mapping
from typing import Any

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from warclaims.api import checking
from warclaims.api.records import CLAIMANT_TYPES, EVENT_TYPES, PERPETRATORS, E, WarclaimsError, to_dict
from warclaims.web import service
from warclaims.web.claims import NO_BLAME, ClaimFilters, ClaimView
from warclaims.web.incidents import IncidentFilters, Page

router = APIRouter(prefix="/api", tags=["api"])
MAX_INGEST_ARTICLES = 1000
MAX_FILTER_CHARS = 200
"""The longest free-text filter value (claimant words, an incident id): longer is 422."""


def engine_of(request: Request) -> Any:
    """Return the app's store Engine."""
    return request.app.state.engine


def _date_param(params: Mapping[str, str], name: str) -> dt.date | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise WarclaimsError(E.W604, field=name, reason="expected a date YYYY-MM-DD") from None


def _choice_param(params: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str | None:
    value = (params.get(name) or "").strip()
    if value and value not in choices:
        raise WarclaimsError(E.W604, field=name, reason=f"choose one of {', '.join(choices)}")
    return value or None


def _bool_param(params: Mapping[str, str], name: str) -> bool | None:
    value = (params.get(name) or "").strip().lower()
    if not value or value == "any":
        return None
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise WarclaimsError(E.W604, field=name, reason="expected true or false")


def parse_filters(params: Mapping[str, str]) -> IncidentFilters:
    """Return the incident filters of query ``params`` (empty values ignored); raise W604 naming a bad one."""
    filters = IncidentFilters(
        date_from=_date_param(params, "from"),
        date_to=_date_param(params, "to"),
        admin1=(params.get("admin1") or "").strip() or None,
        event_type=_choice_param(params, "type", EVENT_TYPES),
        perpetrator=_choice_param(params, "perpetrator", PERPETRATORS),
        outlet=(params.get("outlet") or "").strip() or None,
        contested=_bool_param(params, "contested"),
        q=(params.get("q") or "").strip() or None,
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise WarclaimsError(E.W604, field="from", reason="must not be after 'to'")
    return filters


def _text_param(params: Mapping[str, str], name: str) -> str | None:
    value = (params.get(name) or "").strip()
    if len(value) > MAX_FILTER_CHARS:
        raise WarclaimsError(E.W604, field=name, reason=f"at most {MAX_FILTER_CHARS} characters")
    return value or None


def parse_claim_view(params: Mapping[str, str]) -> ClaimView:
    """Return the claims view of query ``params``: the incident filters and the claim filters
    (``claimant``, ``claimant_type``, ``outlet`` of the claim's article, ``incident``, ``blames``);
    raise W604 naming a bad one."""
    claims = ClaimFilters(
        claimant=_text_param(params, "claimant"),
        claimant_type=_choice_param(params, "claimant_type", CLAIMANT_TYPES),
        outlet=_text_param(params, "outlet"),
        incident=_text_param(params, "incident"),
        blames=_choice_param(params, "blames", (*PERPETRATORS, NO_BLAME)),
    )
    return ClaimView(incidents=parse_filters(params), claims=claims)


async def incident_filters(
    request: Request,
    date_from: str | None = Query(None, alias="from", description="first date, YYYY-MM-DD"),
    date_to: str | None = Query(None, alias="to", description="last date, YYYY-MM-DD"),
    admin1: str | None = Query(None, description="governorate, e.g. Aleppo"),
    type: str | None = Query(None, description=f"event type: {', '.join(EVENT_TYPES)}"),
    perpetrator: str | None = Query(None, description=f"one of {', '.join(PERPETRATORS)}"),
    outlet: str | None = Query(None, description="outlet name (case-insensitive)"),
    contested: str | None = Query(None, description="true: claims disagree; false: they agree"),
    q: str | None = Query(None, description="words in place, perpetrator or title"),
) -> IncidentFilters:
    """Return the incident filters of the request (parameters declared for OpenAPI)."""
    return parse_filters(request.query_params)


async def claim_view(
    request: Request,
    filters: IncidentFilters = Depends(incident_filters),
    claimant: str | None = Query(None, description="words in the claimant's name"),
    claimant_type: str | None = Query(None, description=f"one of {', '.join(CLAIMANT_TYPES)}"),
    incident: str | None = Query(None, description="an incident id"),
    blames: str | None = Query(None, description=f"whom the claimant blames: {', '.join(PERPETRATORS)} or none"),
) -> ClaimView:
    """Return the claims view of the request (parameters declared for OpenAPI; ``outlet`` is the
    outlet of the claim's own article)."""
    return parse_claim_view(request.query_params)


# Bounded store reads (one page read from an index in sort order, one incident) cost about 1 ms
# of CPU. Handed to the default thread pool (40 threads), at 8 requests in flight, threads
# wrestle for the GIL on every SQLite row step: the server spent 5.9 against 3.5 ms of CPU per
# request and p95 was 106 against 46 ms (bench/api.py's request mix, 10k incidents). So on
# SQLite, whose reads are CPU work in this process, they run on the event loop. A PostgreSQL
# read waits on another process: there they go to READ_THREADS threads (app.state.read_slots),
# enough for one request's wait to overlap another's work (on the event loop, p95 at 100k was
# 86-115 ms against 69-92 ms with two threads). Anything that may take long goes to the default
# pool, so that it never stalls the loop or queues the bounded reads: scans (see bounded_list),
# an article (its credibility may be assessed on the spot), and every read while the server is
# still loading the reference records at start-up. The parameter dependencies above are async
# because they only parse.
READ_THREADS = 2


def bounded_list(filters: IncidentFilters) -> bool:
    """Return whether a list page with ``filters`` is read from one index in sort order: at most one
    of the indexed equality filters (governorate, type, perpetrator: migration 0011) with or
    without a period. A place substring, an outlet, ``contested`` (no index) or two equality
    filters (one index, the other tested row by row) can walk most incidents for a rare value."""
    indexed = sum(v is not None for v in (filters.admin1, filters.event_type, filters.perpetrator))
    return indexed <= 1 and not (filters.q or filters.outlet or filters.contested is not None)


async def bounded_read(request: Request, fn: Any, *args: Any, bounded: bool = True) -> Any:
    """Return ``fn(engine, *args)`` over the request's store: a ``bounded`` read on the event loop
    (SQLite) or in the read threads (a server database), anything else in the default pool."""
    engine = engine_of(request)
    if not bounded or not request.app.state.warmed.is_set():
        return await run_in_threadpool(fn, engine, *args)
    if engine.dialect.name == "sqlite":
        return fn(engine, *args)
    read = functools.partial(fn, engine, *args)
    return await anyio.to_thread.run_sync(read, limiter=request.app.state.read_slots)


def page_body(page: Page) -> dict[str, Any]:
    """Return the list response body of a page."""
    return {"ok": True, "rows": page.rows, "next": page.next}


def ok(body: dict[str, Any], status: int = 200) -> JSONResponse:
    """Return ``body`` as JSON directly (rows are plain dicts: no response-model validation needed)."""
    return JSONResponse(body, status_code=status)


def plain(detail: dict[str, Any]) -> dict[str, Any]:
    """Return a service detail without its page-only parts (text segments), JSON-ready."""
    return to_dict({k: v for k, v in detail.items() if k != "segments"})


@router.get("/incidents", summary="List incidents (filtered, cursor-paginated)")
async def incidents(
    request: Request,
    filters: IncidentFilters = Depends(incident_filters),
    cursor: str | None = Query(None, description="the `next` of the previous page"),
    limit: int = Query(50, ge=1, le=500),
) -> JSONResponse:
    """Return one page of incidents, newest first."""
    page = await bounded_read(request, service.list_incidents, filters, cursor, limit,
                              bounded=bounded_list(filters))
    return ok(page_body(page))


@router.get("/incidents/{incident_id}", summary="One incident: ledger, claims, quotes, contradictions")
async def incident(request: Request, incident_id: str) -> JSONResponse:
    """Return one incident; 404 (W303) when unknown."""
    return ok({"ok": True, **await bounded_read(request, service.get_incident, incident_id)})


@router.get("/timeline", summary="Killed (best, low, high), injured and contested incidents per day "
            "of the filtered incidents (days with incidents only)")
def timeline(request: Request, filters: IncidentFilters = Depends(incident_filters)) -> JSONResponse:
    """Return the per-day series as rows (never paginated)."""
    return ok({"ok": True, "rows": service.timeline(engine_of(request), filters), "next": None})


@router.get("/map", summary="GeoJSON points of the filtered incidents")
def map_points(request: Request, filters: IncidentFilters = Depends(incident_filters)) -> JSONResponse:
    """Return a FeatureCollection (largest incidents first, capped). Each feature's properties: id,
    date, event_type, admin1, place, perpetrator, contested, killed, injured (best), ``location``
    (``point``: a village or town; ``city``: a city's centre; ``area``: a governorate's centre),
    ``approximate`` (not a point), ``credibility`` (``credible``/``doubtful``/``unassessed``: the
    majority of its reports' verdicts) with ``credible_reports`` of ``assessed_reports``."""
    return ok({"ok": True, **service.map_features(engine_of(request), filters)})


@router.get("/reference/map", summary="GeoJSON points of the reference events (UCDP GED) of the filtered period and governorate")
def reference_map(request: Request, filters: IncidentFilters = Depends(incident_filters)) -> JSONResponse:
    """Return a FeatureCollection of reference events (largest first, capped), for the overview's layer."""
    return ok({"ok": True, **service.reference_map(engine_of(request), filters)})


@router.get("/articles", summary="List stored articles")
def articles(
    request: Request,
    q: str | None = Query(None, description="words in title or text"),
    outlet: str | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=500),
) -> JSONResponse:
    """Return one page of articles, newest first."""
    page = service.list_articles(engine_of(request), q=q or None, outlet=outlet or None, cursor=cursor, limit=limit)
    return ok(page_body(page))


@router.get("/articles/{article_id}", summary="One article with text, incidents, claims, credibility")
def article(request: Request, article_id: str) -> JSONResponse:
    """Return one article; 404 (W302) when unknown."""
    return ok({"ok": True, **plain(service.get_article(engine_of(request), article_id))})


@router.get("/outlets", summary="Outlets: claims and how often their figures fall inside the ledger range")
def outlets(request: Request) -> JSONResponse:
    """Return every outlet's counts (never paginated)."""
    return ok({"ok": True, "rows": service.outlets(engine_of(request)), "next": None})


@router.get("/claims", summary="List claims: figure, quote, claimant, outlet, incident, blamed party (filtered, paginated)")
def claims(
    request: Request,
    view: ClaimView = Depends(claim_view),
    cursor: str | None = Query(None, description="the `next` of the previous page"),
    limit: int = Query(50, ge=1, le=500),
) -> JSONResponse:
    """Return one page of claims, newest incident first, each with its status in the ledger."""
    return ok(page_body(service.list_claims(engine_of(request), view, cursor, limit)))


@router.get("/export", summary="Download a filtered view as CSV, GeoJSON or JSON Lines, one incident or one claim a row")
def export(
    request: Request,
    format: str = Query("csv", description="csv, geojson or jsonl"),
    level: str = Query("incident", description="incident (one row per incident) or claim (one row per claim)"),
    view: ClaimView = Depends(claim_view),
) -> Response:
    """Return the export file as an attachment, streamed (incident level without claim filters: the
    bytes ``warclaims export`` writes)."""
    media_type, chunks = service.export(engine_of(request), format, view, level)
    name = f"warclaims-{'claims' if level == 'claim' else 'incidents'}.{format}"
    return StreamingResponse(chunks, media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


class ArticleIn(BaseModel):
    """An article given as exactly one of text, HTML or URL, with optional metadata."""

    text: str | None = Field(None, description="plain text")
    html: str | None = Field(None, description="an HTML page")
    url: str | None = Field(None, description="an http(s) URL to fetch")
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    id: str | None = Field(None, max_length=200)

    def submitted(self) -> checking.SubmittedArticle:
        """Return the service's form of this article."""
        return checking.SubmittedArticle(**self.model_dump(exclude={"store"}))


class CheckIn(ArticleIn):
    """A /api/check request: the article, and whether to store it."""

    store: bool = Field(False, description="store the article and its extraction")


class IngestIn(BaseModel):
    """A /api/ingest request."""

    articles: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_INGEST_ARTICLES)
    process: bool = Field(True, description="run extraction on the stored articles")


async def run_check(request: Request, sub: checking.SubmittedArticle, *, store: bool) -> dict[str, Any]:
    """Return service.check's result for ``sub``, run in a bounded slot (429 when busy, 503 past the timeout)."""
    configured = request.app.state.config.extractor
    warmed = getattr(request.app.state, "warmed", None)
    if warmed is not None and not warmed.is_set():  # start-up is still loading the pipeline
        await asyncio.to_thread(warmed.wait)
    # The default pipeline is imported (spaCy: seconds) in the worker thread, not on the event loop.
    extractor = configured or (lambda article: checking.default_extractor()(article))
    return await request.app.state.check_slots.run(
        service.check, engine=engine_of(request), sub=sub, extractor=extractor, store=store,
        fetcher=request.app.state.fetcher)


@router.post("/check", summary="Check an article: extraction, matching incidents, agreement, credibility")
async def check(request: Request, body: CheckIn) -> JSONResponse:
    """Return the check result; stores nothing unless ``store`` is true, which needs the bearer token."""
    if body.store:
        require_token(request)  # storing is writing: the same right as /api/ingest
    result = await run_check(request, body.submitted(), store=body.store)
    return ok({"ok": True, **plain(result)})


def require_token(request: Request) -> None:
    """Raise W603 when no token is configured, W602 when the bearer token is missing or wrong."""
    expected = request.app.state.config.api_token
    if not expected:
        raise WarclaimsError(E.W603)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise WarclaimsError(E.W602)


@router.post("/ingest", summary="Store articles (bearer token required)", dependencies=[Depends(require_token)])
def ingest(request: Request, body: IngestIn) -> JSONResponse:
    """Return counts of stored, revised and duplicate articles (and extraction when ``process``)."""
    app = request.app
    subs = [a.submitted() for a in body.articles]
    if body.process and app.state.config.extractor is None:
        checking.default_extractor()  # fail early (W201) rather than after storing
    report = checking.ingest_submitted(engine_of(request), subs, process=body.process,
                                       fetcher=app.state.fetcher)
    return ok({"ok": True, **report}, status=201)
