"""Change events over HTTP: ``/api/events`` (JSON, cursor-paginated) and ``/alerts.atom`` (an Atom feed).

Both take the same filters: ``kind`` (comma-separated), ``incident``, ``admin1``, ``article``,
``since`` (a date or ISO datetime) and ``rule`` (an alert rule as ``warclaims watch --alert``
takes it, e.g. ``killed>=10,contested``). Events are recorded by ``warclaims watch``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from warclaims.api import queries
from warclaims.api.queries import EVENT_KINDS
from warclaims.api.records import E, WarclaimsError
from warclaims.api.alerts import matches_any, parse_rule
from warclaims.web.api import engine_of

router = APIRouter(tags=["events"])
ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_ENTRIES = 50
SCAN_LIMIT = 5000
"""Most events examined for one page when a ``rule`` filters them (the next cursor goes on from there)."""
PANEL_ROWS = 8


def _since(value: str | None) -> dt.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise WarclaimsError(E.W604, field="since", reason="expected a date or ISO datetime") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _filters(params: Mapping[str, str]) -> dict[str, Any]:
    kind = (params.get("kind") or "").strip() or None
    for k in (kind or "").split(","):
        if k.strip() and k.strip() not in EVENT_KINDS:
            raise WarclaimsError(E.W604, field="kind", reason=f"choose from {', '.join(EVENT_KINDS)}")
    return {
        "kind": kind,
        "incident_id": (params.get("incident") or "").strip() or None,
        "admin1": (params.get("admin1") or "").strip() or None,
        "article_id": (params.get("article") or "").strip() or None,
        "since": _since(params.get("since")),
    }


def _rules(params: Mapping[str, str]) -> list[Any]:
    text = (params.get("rule") or "").strip()
    if not text:
        return []
    try:
        return [parse_rule(text)]
    except WarclaimsError as err:
        raise WarclaimsError(E.W604, field="rule", reason=err.message) from None


def find_events(
    engine: Any, params: Mapping[str, str], cursor: str | None, limit: int
) -> tuple[list[dict], str | None]:
    """Return up to ``limit`` events matching the query ``params`` (newest first) and the next cursor."""
    filters, rules = _filters(params), _rules(params)
    if not rules:
        page = queries.watch_events(engine, cursor=cursor, limit=limit, **filters)
        return page.rows, page.next
    rows: list[dict] = []
    scanned = 0
    while True:
        page = queries.watch_events(engine, cursor=cursor, limit=500, **filters)
        for event in page.rows:
            scanned += 1
            cursor = str(event["id"])
            if matches_any(rules, event):
                rows.append(event)
            if len(rows) == limit or scanned >= SCAN_LIMIT:
                return rows, cursor  # the next page goes on after the last event examined
        if page.next is None:
            return rows, None


def latest_changes(engine: Any, limit: int = PANEL_ROWS) -> list[dict[str, Any]]:
    """Return the newest events for the dashboard's "Latest changes" panel (none when watch never ran)."""
    return queries.watch_events(engine, limit=limit).rows


@router.get("/api/events", summary="Change events recorded by `warclaims watch` (filtered, cursor-paginated)")
def events(
    request: Request,
    kind: str | None = Query(None, description="event kinds, comma-separated"),
    incident: str | None = Query(None, description="incident id"),
    admin1: str | None = Query(None, description="governorate"),
    article: str | None = Query(None, description="article id"),
    since: str | None = Query(None, description="events at or after this date/datetime"),
    rule: str | None = Query(None, description="alert rule, e.g. killed>=10,contested"),
    cursor: str | None = Query(None, description="the `next` of the previous page"),
    limit: int = Query(50, ge=1, le=500),
) -> JSONResponse:
    """Return one page of events, newest first."""
    rows, nxt = find_events(engine_of(request), request.query_params, cursor, limit)
    return JSONResponse({"ok": True, "rows": rows, "next": nxt})


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    node.text = text
    return node


def atom_feed(events: list[dict[str, Any]], *, self_url: str, base_url: str) -> bytes:
    """Return the Atom document of ``events`` (newest first); every value is escaped by ElementTree."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _text(feed, "id", self_url)
    _text(feed, "title", "warclaims: ledger changes")
    _text(feed, "updated", events[0]["at"] if events else dt.datetime.now(dt.timezone.utc).isoformat())
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "self", "href": self_url})
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _text(author, "name", "warclaims watch")
    for event in events:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _text(entry, "id", f"{base_url.rstrip('/')}/api/events#event-{event['id']}")
        _text(entry, "title", event["summary"])
        _text(entry, "updated", event["at"])
        ET.SubElement(entry, f"{{{ATOM_NS}}}category", {"term": event["kind"]})
        if event["incident_id"]:
            href = f"{base_url.rstrip('/')}/incidents/{event['incident_id']}"
            ET.SubElement(entry, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": href})
        body = {k: event[k] for k in ("kind", "incident_id", "article_ids", "before", "after")}
        _text(entry, "content", json.dumps(body, ensure_ascii=False, default=str), type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


@router.get("/alerts.atom", summary="Change events as an Atom feed (same filters as /api/events)")
def alerts_atom(request: Request) -> Response:
    """Return the newest matching events as an Atom feed."""
    rows, _ = find_events(engine_of(request), request.query_params, None, ATOM_ENTRIES)
    body = atom_feed(rows, self_url=str(request.url), base_url=str(request.base_url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
