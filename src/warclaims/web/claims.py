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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warclaims.api import queries
from warclaims.api.queries import Ledger, LedgerClaim
from warclaims.api.records import E, WarclaimsError
from warclaims.web import incidents as inc
from warclaims.web.incidents import IncidentFilters, Page
from warclaims.web.outlet_names import display_name, outlet_codes, stored_names

if TYPE_CHECKING:
    import sqlalchemy as sa

NO_BLAME = "none"
"""The ``blames`` filter value (and facet value) of claims that name no one responsible."""


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

    def filters(self) -> dict[str, Any]:
        """Return the view as the claim and incident filters of :func:`warclaims.api.claim_rows`
        (the outlet as every name the claim's article may carry it under)."""
        f = self.claims
        return {**dataclasses.replace(self.incidents, outlet=None).kwargs(),
                "claimant": f.claimant, "claimant_type": f.claimant_type,
                "article_outlet": stored_names(f.outlet) if f.outlet else None, "incident_id": f.incident,
                "blames": None if f.blames == NO_BLAME else f.blames, "unblamed": f.blames == NO_BLAME}


def _interval(low: int | None, high: int | None) -> dict[str, int | None] | None:
    return None if low is None and high is None else {"low": low, "high": high}


def claim_row(r: Any, found: LedgerClaim | None = None) -> dict[str, Any]:
    """Return the JSON row of a claim of the view with its ``status``, ``note`` and ``ledger_index``
    (its place in the ledger's claims, the incident page's anchor ``#claim-<index>``) from
    ``found``, its claim in its incident's reconciled ledger."""
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
        "status": found.status if found else None,
        "note": (found.note or None) if found else None,
        "ledger_index": found.index if found else None,
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
    found = queries.claim_rows(engine, offset=offset, limit=limit + 1, **view.filters())
    rows = [claim_row(r, ledger_claim) for r, ledger_claim in found[:limit]]
    nxt = inc.encode_cursor([offset + limit]) if len(found) > limit else None
    return Page(rows=rows, next=nxt)


def count_claims(engine: sa.Engine, view: ClaimView) -> int:
    """Return the number of claims in the view (all pages)."""
    return queries.count_claims(engine, **view.filters())


CLAIM_FACETS = ("admin1", "event_type", "perpetrator", "outlet", "claimant_type", "blames")
"""The facets of the claims view, each a filter of :class:`ClaimView`."""


def facets(engine: sa.Engine, view: ClaimView) -> dict[str, list[dict[str, Any]]]:
    """Return per facet the number of the view's claims for each value, with every other filter
    applied (the facet's own cleared), largest first: ``{"outlet": [{"value", "count"}], ...}``;
    claims that name no one responsible count under the ``blames`` value :data:`NO_BLAME`."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name in CLAIM_FACETS:
        counts = queries.claim_facet(engine, name, outlet_codes=outlet_codes(), **view.without(name).filters())
        if name == "blames":
            counts = [(NO_BLAME if value is None else value, n) for value, n in counts]
        out[name] = inc.facet_list(counts)
    return out


def iter_view_claims(engine: sa.Engine, view: ClaimView) -> Iterator[tuple[Ledger, LedgerClaim]]:
    """Yield ``(ledger, claim)`` for every claim of the view (all pages), in the view's order: the
    ledgers of the view's incidents, newest first, each keeping only the claims the view selects."""
    return queries.view_claims(engine, **view.filters())


def view_ledgers(engine: sa.Engine, view: ClaimView) -> Iterator[Ledger]:
    """Yield the ledgers of the incidents with a claim in the view, newest first."""
    return queries.view_ledgers(engine, **view.filters())
