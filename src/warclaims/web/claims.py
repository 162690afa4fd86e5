"""Claims as a first-class view: every stored claim with its figure, quote, source and incident.

One SQL query (claims of latest article revisions, joined to their linked incident) lists,
counts, facets and downloads the claims that match the incident filters of the overview
(period, governorate, event type, perpetrator, contested, place) and the claim filters
(claimant, claimant type, outlet of the claim's article, incident, blamed party). Facet counts
run that query with every filter but the facet's own, so a count is the number of rows the
view shows when that value is chosen.

Each row's status in its incident's ledger (counted, superseded, different victims...) is
read from the reconciled ledgers of the page's incidents, and a claim-level download writes the
ledgers' claims that the query selects, through :mod:`warclaims.export`, in the view's order.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from warclaims.errors import E, WarclaimsError
from warclaims.models import Interval
from warclaims.reconcile import Ledger, LedgerClaim
from warclaims.store import ledger as store_ledger
from warclaims.store.ledger import incident_links as K
from warclaims.store.ledger import linked_incidents as L
from warclaims.store.schema import article_incidents as I
from warclaims.store.schema import articles as A
from warclaims.store.schema import claims as C
from warclaims.web import incidents as inc
from warclaims.web.incidents import IncidentFilters, Page

NO_BLAME = "none"
"""The ``blames`` filter value of claims that name no one responsible."""
LEDGER_CHUNK = 200
"""Incidents reconciled at a time by a claim-level download."""


@dataclass(slots=True, kw_only=True)
class ClaimFilters:
    """Filters of the claims view beyond the incident filters (all optional, combined with AND)."""

    claimant: str | None = None
    """Words in the claimant's name (case-insensitive)."""
    claimant_type: str | None = None
    outlet: str | None = None
    """The outlet of the claim's own article (any of its names)."""
    incident: str | None = None
    blames: str | None = None
    """A perpetrator category, or :data:`NO_BLAME`."""

    def has_claim_filter(self) -> bool:
        """Return True when a filter only claims have is set (claimant, claimant type, incident, blames)."""
        return any((self.claimant, self.claimant_type, self.incident, self.blames))

    def to_query(self) -> dict[str, str]:
        """Return the filters as URL query parameters, empty ones left out."""
        pairs = {"claimant": self.claimant, "claimant_type": self.claimant_type, "outlet": self.outlet,
                 "incident": self.incident, "blames": self.blames}
        return {k: v for k, v in pairs.items() if v}


@dataclass(slots=True, kw_only=True)
class ClaimView:
    """The filters of one claims view: the incident filters (their ``outlet`` unused) and the claim filters."""

    incidents: IncidentFilters
    claims: ClaimFilters

    def to_query(self) -> dict[str, str]:
        """Return the view as URL query parameters (the claims page's and the download's)."""
        return {**dataclasses.replace(self.incidents, outlet=None).to_query(), **self.claims.to_query()}

    def without(self, name: str) -> ClaimView:
        """Return the view with the filter ``name`` (a field of either filter set) cleared."""
        if name in ClaimFilters.__dataclass_fields__:
            return ClaimView(incidents=self.incidents, claims=dataclasses.replace(self.claims, **{name: None}))
        return ClaimView(incidents=dataclasses.replace(self.incidents, **{name: None}), claims=self.claims)


def _joined() -> Any:
    """Return claims joined to their article (its revision), its article incident and linked incident."""
    return (
        C.join(I, I.c.id == C.c.incident_id)
        .join(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision))
        .join(K, K.c.article_incident_id == I.c.id)
        .join(L, L.c.id == K.c.incident_id)
    )


def conditions(view: ClaimView) -> list[sa.ColumnElement[bool]]:
    """Return the SQL conditions of a claims view (over :func:`_joined`)."""
    from warclaims.web.outlet_names import stored_names

    incident_filters = dataclasses.replace(view.incidents, outlet=None)
    cond: list[sa.ColumnElement[bool]] = [A.c.is_latest, *inc._conditions(incident_filters)]  # noqa: SLF001
    f = view.claims
    if f.claimant:
        cond.append(C.c.claimant.ilike(f"%{f.claimant}%"))
    if f.claimant_type:
        cond.append(C.c.claimant_type == f.claimant_type)
    if f.outlet:
        cond.append(sa.func.lower(A.c.outlet).in_([o.lower() for o in stored_names(f.outlet)]))
    if f.incident:
        cond.append(L.c.id == f.incident)
    if f.blames == NO_BLAME:
        cond.append(C.c.blames.is_(None))
    elif f.blames:
        cond.append(C.c.blames == f.blames)
    return cond


def _order() -> list[Any]:
    """Return the view's order: newest incident first, then its claims in ledger order
    (publication date, article, incident index, position), so a download follows the page."""
    return [L.c.sort_key.desc(), sa.case((A.c.published.is_(None), 1), else_=0), A.c.published, A.c.id,
            I.c.idx, C.c.position, C.c.id]


def _columns() -> list[Any]:
    return [C.c.id, C.c.claimant, C.c.claimant_type, C.c.killed_low, C.c.killed_high, C.c.injured_low,
            C.c.injured_high, C.c.quote, C.c.quote_start, C.c.blames, C.c.victims,
            A.c.id.label("article_id"), A.c.title, A.c.outlet, A.c.published,
            L.c.id.label("incident_id"), L.c.date, L.c.event_type, L.c.admin1, L.c.place, L.c.perpetrator,
            L.c.contested]


def _interval(low: int | None, high: int | None) -> dict[str, int | None] | None:
    return None if low is None and high is None else {"low": low, "high": high}


def claim_row(r: Any) -> dict[str, Any]:
    """Return the JSON row of a claim of the view."""
    from warclaims.web.outlet_names import display_name

    return {
        "id": r.id,
        "claimant": r.claimant,
        "claimant_type": r.claimant_type,
        "killed": _interval(r.killed_low, r.killed_high),
        "injured": _interval(r.injured_low, r.injured_high),
        "quote": r.quote,
        "quote_start": r.quote_start,
        "blames": r.blames,
        "victims": r.victims,
        "article": {"id": r.article_id, "title": r.title, "outlet": r.outlet,
                    "outlet_name": display_name(r.outlet) or None,
                    "published": r.published.isoformat() if r.published else None},
        "incident": {"id": r.incident_id, "date": inc._iso(r.date), "event_type": r.event_type,  # noqa: SLF001
                     "admin1": r.admin1, "place": r.place, "perpetrator": r.perpetrator,
                     "contested": bool(r.contested)},
        "status": None,
        "note": None,
        "ledger_index": None,
    }


def _offset(cursor: str | None) -> int:
    """Return the row offset of a cursor (the claims view pages by offset); raise W604 when malformed."""
    if not cursor:
        return 0
    values = inc.decode_cursor(cursor)
    if len(values) != 1 or not isinstance(values[0], int) or values[0] < 0:
        raise WarclaimsError(E.W604, field="cursor", reason="malformed cursor")
    return values[0]


def list_claims(engine: sa.Engine, view: ClaimView, *, cursor: str | None = None, limit: int = 50) -> Page:
    """Return one page of the view's claims (with their ledger status) and the next cursor."""
    offset = _offset(cursor)
    limit = max(1, min(limit, inc.MAX_LIMIT))
    q = sa.select(*_columns()).select_from(_joined()).where(*conditions(view)).order_by(*_order())
    with engine.connect() as conn:
        found = conn.execute(q.offset(offset).limit(limit + 1)).all()
    rows = [claim_row(r) for r in found[:limit]]
    _add_status(engine, rows)
    nxt = inc.encode_cursor([offset + limit]) if len(found) > limit else None
    return Page(rows=rows, next=nxt)


def count_claims(engine: sa.Engine, view: ClaimView) -> int:
    """Return the number of claims in the view (all pages)."""
    q = sa.select(sa.func.count()).select_from(_joined()).where(*conditions(view))
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


CLAIM_FACETS = ("admin1", "event_type", "perpetrator", "outlet", "claimant_type", "blames")
"""The facets of the claims view, each a filter of :class:`ClaimView`."""


def _facet_expr(name: str) -> Any:
    from warclaims.web.outlet_names import canonical_sql

    return {"admin1": L.c.admin1, "event_type": L.c.event_type, "perpetrator": L.c.perpetrator,
            "outlet": canonical_sql(A.c.outlet), "claimant_type": C.c.claimant_type,
            "blames": sa.func.coalesce(C.c.blames, NO_BLAME)}[name]


def facets(engine: sa.Engine, view: ClaimView) -> dict[str, list[dict[str, Any]]]:
    """Return per facet the number of the view's claims for each value, with every other filter
    applied (the facet's own cleared), largest first: ``{"outlet": [{"value", "count"}], ...}``."""
    out: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for name in CLAIM_FACETS:
            expr = _facet_expr(name).label("value")
            q = (sa.select(expr, sa.func.count().label("n")).select_from(_joined())
                 .where(*conditions(view.without(name))).group_by(expr))
            out[name] = inc.facet_list(conn.execute(q))
    return out


# --- statuses and downloads: the claims as their incidents' ledgers hold them ----------------


def _key(incident_id: str, article_id: str, claimant: str, claimant_type: str, quote: str,
         killed: tuple[int | None, int | None], injured: tuple[int | None, int | None],
         blames: str | None) -> tuple[Any, ...]:
    """Return what identifies a stored claim among its incident's ledger claims (identical claims
    of one article are interchangeable: every filter treats them alike)."""
    return (incident_id, article_id, claimant, claimant_type, quote or "", killed, injured, blames)


def _row_key(r: Any) -> tuple[Any, ...]:
    return _key(r.incident_id, r.article_id, r.claimant, r.claimant_type, r.quote,
                (r.killed_low, r.killed_high), (r.injured_low, r.injured_high), r.blames)


def _bounds(iv: Interval | None) -> tuple[int | None, int | None]:
    return (iv.low, iv.high) if iv is not None else (None, None)


def _ledger_key(ledger: Ledger, c: LedgerClaim) -> tuple[Any, ...]:
    return _key(ledger.incident_id, c.article_id, c.claimant, c.claimant_type, c.quote, _bounds(c.killed),
                _bounds(c.injured), c.blames)


def _add_status(engine: sa.Engine, rows: list[dict[str, Any]]) -> None:
    """Set each row's ``status``, ``note`` and ``ledger_index`` (its place in the ledger's claims)
    from its incident's reconciled ledger; returns None."""
    ids = list(dict.fromkeys(r["incident"]["id"] for r in rows))
    if not ids:
        return
    statuses: dict[tuple[Any, ...], list[LedgerClaim]] = defaultdict(list)
    for ledger in store_ledger.iter_ledgers(engine, within=ids):
        for c in ledger.claims:
            statuses[_ledger_key(ledger, c)].append(c)
    for row in rows:
        key = _key(row["incident"]["id"], row["article"]["id"], row["claimant"], row["claimant_type"], row["quote"],
                   _pair(row["killed"]), _pair(row["injured"]), row["blames"])
        if statuses.get(key):
            found = statuses[key].pop(0)
            row["status"], row["note"] = found.status, found.note or None
            row["ledger_index"] = found.index  # the incident page's anchor: #claim-<index>


def _pair(iv: dict[str, int | None] | None) -> tuple[int | None, int | None]:
    return (iv["low"], iv["high"]) if iv else (None, None)


def view_incidents(view: ClaimView) -> sa.Select:
    """Return the select of the ids of the incidents with a claim in the view."""
    return sa.select(L.c.id).select_from(_joined()).where(*conditions(view)).distinct()


def iter_view_claims(engine: sa.Engine, view: ClaimView) -> Iterator[tuple[Ledger, LedgerClaim]]:
    """Yield ``(ledger, claim)`` for every claim of the view (all pages), in the view's order: the
    ledgers of the view's incidents, newest first, each keeping only the claims the view selects."""
    within = view_incidents(view)
    chunk: list[Ledger] = []
    for ledger in store_ledger.iter_ledgers(engine, within=within):
        chunk.append(ledger)
        if len(chunk) >= LEDGER_CHUNK:
            yield from _selected(engine, view, chunk)
            chunk = []
    yield from _selected(engine, view, chunk)


def _selected(engine: sa.Engine, view: ClaimView, ledgers: list[Ledger]) -> Iterator[tuple[Ledger, LedgerClaim]]:
    """Yield the claims of ``ledgers`` that the view's query selects (as many of each as it does)."""
    if not ledgers:
        return
    ids = [ledger.incident_id for ledger in ledgers]
    key_cols = [C.c.claimant, C.c.claimant_type, C.c.quote, C.c.killed_low, C.c.killed_high, C.c.injured_low,
                C.c.injured_high, C.c.blames, A.c.id.label("article_id"), L.c.id.label("incident_id")]
    q = sa.select(*key_cols).select_from(_joined()).where(*conditions(view), L.c.id.in_(ids))
    with engine.connect() as conn:
        wanted = Counter(_row_key(r) for r in conn.execute(q))
    for ledger in ledgers:
        for c in ledger.claims:
            key = _ledger_key(ledger, c)
            if wanted[key] > 0:
                wanted[key] -= 1
                yield ledger, c
