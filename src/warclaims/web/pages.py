"""Server-rendered dashboard pages (Jinja2, autoescaped), each with a JSON twin.

Every page ``/path`` answers JSON at ``/path.json`` and at ``/path?format=json`` with the
data the page shows. Article text is only ever printed through autoescaped segments
(:mod:`warclaims.web.text`), never as markup.
"""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from warclaims.api import checking
from warclaims.api.queries import report_credibility
from warclaims.api.records import (
    ADMIN1_SYRIA,
    CLAIMANT_TYPES,
    EVENT_TYPES,
    PERPETRATORS,
    E,
    WarclaimsError,
    to_dict,
)
from warclaims.web import service
from warclaims.web.api import (
    _date_param,
    engine_of,
    page_body,
    parse_claim_view,
    parse_filters,
    plain,
    run_check,
)
from warclaims.web.claims import NO_BLAME
from warclaims.web.events import latest_changes
from warclaims.web.formatting import FILTERS
from warclaims.web.geo import credibility_class, location_of, position_of
from warclaims.web.paths import STATIC_DIR, TEMPLATES_DIR

router = APIRouter(include_in_schema=False)
OVERVIEW_ROWS = 25
CLAIM_ROWS = 50
EVENT_COLOURS = {
    "airstrike": "#d62728",
    "shelling": "#ff7f0e",
    "bombing": "#8c564b",
    "suicide_bombing": "#e377c2",
    "armed_clash": "#1f77b4",
    "chemical_attack": "#bcbd22",
    "massacre_execution": "#7b2d8e",
    "shooting": "#17becf",
    "abduction_detention": "#2ca02c",
    "other": "#7f7f7f",
}


@functools.cache
def templates() -> Any:
    """Return the Jinja2Templates of the dashboard (autoescape on, people-friendly filters)."""
    tpl = Jinja2Templates(directory=str(TEMPLATES_DIR))
    tpl.env.autoescape = True
    tpl.env.filters.update(FILTERS)
    tpl.env.globals.update(event_colours=EVENT_COLOURS, event_types=EVENT_TYPES, perpetrators=PERPETRATORS,
                           governorates=ADMIN1_SYRIA, claimant_types=CLAIMANT_TYPES, no_blame=NO_BLAME)
    return tpl


def json_wanted(request: Request, json_path: bool) -> bool:
    """Return True for the ``.json`` twin of a path or ``?format=json``."""
    return json_path or request.query_params.get("format") == "json"


def respond(request: Request, template: str, data: dict[str, Any], *, json_path: bool = False,
            extra: dict[str, Any] | None = None, status: int = 200) -> Any:
    """Return the page, or its JSON twin (``data`` with ``ok``), for ``request``."""
    if json_wanted(request, json_path):
        return JSONResponse({"ok": True, **plain(data)}, status_code=status)
    context = {"request": request, **data, **(extra or {})}
    return templates().TemplateResponse(request, template, context, status_code=status)


def render_error(request: Request, err: WarclaimsError, headers: dict[str, str] | None = None) -> HTMLResponse:
    """Return the HTML error page of a catalogue error."""
    context = {"request": request, "error": err.to_dict()["error"], "status": err.http_status}
    return templates().TemplateResponse(request, "error.html", context, status_code=err.http_status,
                                        headers=headers)


# --- overview ------------------------------------------------------------------------------


def overview_data(request: Request) -> dict[str, Any]:
    """Return the overview's data: filters, first incidents, next cursor, timeline, outlets."""
    engine = engine_of(request)
    filters = parse_filters(request.query_params)
    cursor = request.query_params.get("cursor") or None
    page = service.list_incidents(engine, filters, cursor, OVERVIEW_ROWS)
    series = service.timeline(engine, filters)
    return {
        "filters": filters.to_query(),
        "rows": page.rows,
        "next": page.next,
        "timeline": series,
        "totals": {"incidents": sum(d["incidents"] for d in series), "killed_best": sum(d["best"] for d in series),
                   "killed_low": sum(d["low"] for d in series), "killed_high": sum(d["high"] for d in series),
                   "injured_best": sum(d["injured"] for d in series)},
        "outlets": service.outlet_names(engine),
        "facets": service.incident_facets(engine, filters),
        "changes": latest_changes(engine),
    }


def facet_counts(facets: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, int]]:
    """Return facet rows as ``{facet: {value: count}}`` for the templates (absent values count 0)."""
    return {name: {r["value"]: r["count"] for r in rows} for name, rows in facets.items()}


@router.get("/index.json")
def overview_json(request: Request) -> Any:
    """Return the overview's JSON twin."""
    return respond(request, "overview.html", overview_data(request), json_path=True)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> Any:
    """Return the overview page: map, timeline and incident list, driven by the filters."""
    data = overview_data(request)
    query = data["filters"]
    return respond(request, "overview.html", data, extra={"query": query, "counts": facet_counts(data["facets"])})


# --- claims ------------------------------------------------------------------------------------


def claims_data(request: Request) -> dict[str, Any]:
    """Return the claims page's data: the view's filters, one page of claims, the next cursor,
    the total and the facet counts."""
    engine = engine_of(request)
    view = parse_claim_view(request.query_params)
    page = service.list_claims(engine, view, request.query_params.get("cursor") or None, CLAIM_ROWS)
    return {"filters": view.to_query(), "rows": page.rows, "next": page.next,
            "total": service.count_claims(engine, view), "facets": service.claim_facets(engine, view),
            "outlets": service.outlet_names(engine)}


@router.get("/claims.json")
def claims_json(request: Request) -> Any:
    """Return the claims page's JSON twin."""
    return respond(request, "claims.html", claims_data(request), json_path=True)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request) -> Any:
    """Return the claims page: every claim with its figure, quote, claimant, outlet, incident and blamed party."""
    data = claims_data(request)
    return respond(request, "claims.html", data,
                   extra={"query": data["filters"], "counts": facet_counts(data["facets"])})


# --- incidents and articles -------------------------------------------------------------------


def incident_data(request: Request, incident_id: str) -> dict[str, Any]:
    """Return the incident page's data (ledger, claims, quotes, contradictions, articles)."""
    engine = engine_of(request)
    incident = service.get_incident(engine, incident_id)
    credible, assessed = report_credibility(engine, [incident_id]).get(incident_id, (0, 0))
    return {"incident": incident, "articles": service.incident_articles(engine, incident),
            "position": position_of(incident), "location": location_of(incident),
            "credibility": credibility_class(credible, assessed)}


@router.get("/incidents/{incident_id}.json")
def incident_json(request: Request, incident_id: str) -> Any:
    """Return the incident page's JSON twin."""
    return respond(request, "incident.html", incident_data(request, incident_id), json_path=True)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> Any:
    """Return the incident page."""
    return respond(request, "incident.html", incident_data(request, incident_id))


def articles_data(request: Request) -> dict[str, Any]:
    """Return the article list's data (one page, newest first)."""
    params = request.query_params
    page = service.list_articles(engine_of(request), q=params.get("q") or None, outlet=params.get("outlet") or None,
                                 cursor=params.get("cursor") or None, limit=50)
    return {**page_body(page), "q": params.get("q") or "", "outlet": params.get("outlet") or ""}


@router.get("/articles.json")
def articles_json(request: Request) -> Any:
    """Return the article list's JSON twin."""
    return respond(request, "articles.html", articles_data(request), json_path=True)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request) -> Any:
    """Return the article list page."""
    return respond(request, "articles.html", articles_data(request))


@router.get("/articles/{article_id}.json")
def article_json(request: Request, article_id: str) -> Any:
    """Return the article page's JSON twin."""
    return respond(request, "article.html", service.get_article(engine_of(request), article_id), json_path=True)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Any:
    """Return the article page: text with claims highlighted, its incidents, credibility."""
    return respond(request, "article.html", service.get_article(engine_of(request), article_id))


# --- outlets and check -------------------------------------------------------------------------


@router.get("/outlets.json")
def outlets_json(request: Request) -> Any:
    """Return the outlet table's JSON twin."""
    return respond(request, "outlets.html", {"rows": service.outlets(engine_of(request))}, json_path=True)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> Any:
    """Return the outlet table page."""
    return respond(request, "outlets.html", {"rows": service.outlets(engine_of(request))})


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Return the dashboard's icon (an SVG) where a browser or client asks for /favicon.ico."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})


CHECK_FIELDS = {"text": "", "url": "", "title": "", "outlet": "", "published": ""}


@router.get("/check.json")
def check_form_json(request: Request) -> Any:
    """Return the check form's JSON twin: the fields it accepts."""
    return respond(request, "check.html", {"form": CHECK_FIELDS, "result": None}, json_path=True)


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> Any:
    """Return the check form page."""
    return respond(request, "check.html", {"form": CHECK_FIELDS, "result": None})


async def _check_submission(request: Request) -> tuple[dict[str, str], checking.SubmittedArticle]:
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in CHECK_FIELDS}
    text, url = values["text"], values["url"]
    if bool(text) == bool(url):
        raise WarclaimsError(E.W604, field="text", reason="paste the article's text or give its URL (one of them)")
    sub = checking.SubmittedArticle(
        text=text if text and not text.lstrip().startswith("<") else None,
        html=text if text.lstrip().startswith("<") else None,
        url=url or None, title=values["title"] or None, outlet=values["outlet"] or None,
        published=_date_param(values, "published"),
    )
    return values, sub


async def _check(request: Request, json_path: bool) -> Any:
    values, sub = await _check_submission(request)
    result = await run_check(request, sub, store=False)
    return respond(request, "check.html", {"form": values, "result": to_dict_result(result)}, json_path=json_path)


def to_dict_result(result: dict[str, Any]) -> dict[str, Any]:
    """Return the check result with records as dicts and the text segments kept for the template."""
    segments = result.get("segments")
    out = to_dict({k: v for k, v in result.items() if k != "segments"})
    out["segments"] = segments
    return out


@router.post("/check.json")
async def check_submit_json(request: Request) -> Any:
    """Return the JSON twin of a check form submission."""
    return await _check(request, True)


@router.post("/check", response_class=HTMLResponse)
async def check_submit(request: Request) -> Any:
    """Return the check page with the result of a pasted text (or HTML) or URL."""
    return await _check(request, False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Any:
    """Return the OpenAPI UI page (Swagger UI served from /static/vendor)."""
    return templates().TemplateResponse(request, "docs.html", {"request": request})
