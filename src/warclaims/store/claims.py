"""The claims view's queries: every stored claim with its article and linked incident.

One SQL query (claims of latest article revisions, joined to their linked incident) lists,
counts, facets and selects the claims that match the claim filters (:data:`CLAIM_FILTERS`:
claimant, claimant type, outlet of the claim's article, incident, blamed party) and the
incident filters of :func:`warclaims.store.ledger.list_incidents`.

A stored claim is found again among its incident's reconciled ledger claims by what identifies
it (:func:`ledger_claims_of`), so a listed row carries its ledger status and a claim-level
download writes the ledgers' claims the filters select (:func:`iter_view_claims`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from warclaims.models import Interval
from warclaims.reconcile import Ledger, LedgerClaim
from warclaims.store import ledger as store_ledger
from warclaims.store.ledger import incident_links as K
from warclaims.store.ledger import linked_incidents as L
from warclaims.store.incidents import outlet_code_sql
from warclaims.store.schema import article_incidents as I
from warclaims.store.schema import articles as A
from warclaims.store.schema import claims as C

LEDGER_CHUNK = 200
"""Incidents reconciled at a time by :func:`iter_view_claims`."""
CLAIM_FILTERS = ("claimant", "claimant_type", "article_outlet", "incident_id", "blames", "unblamed")
"""The claim filters (keyword, all optional): ``claimant`` (words in the claimant's name, any
case), ``claimant_type``, ``article_outlet`` (every name the outlet of the claim's own article may
be stored under), ``incident_id``, ``blames`` (a perpetrator category), ``unblamed`` (True: claims
that name no one responsible). Every other keyword is an incident filter of
:func:`warclaims.store.ledger.list_incidents` on the claim's incident."""


def _joined() -> Any:
    """Return claims joined to their article (its revision), its article incident and linked incident."""
    return (
        C.join(I, I.c.id == C.c.incident_id)
        .join(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision))
        .join(K, K.c.article_incident_id == I.c.id)
        .join(L, L.c.id == K.c.incident_id)
    )


def conditions(**filters: Any) -> list[sa.ColumnElement[bool]]:
    """Return the SQL conditions of the claim and incident filters (:data:`CLAIM_FILTERS`) over the claims' join."""
    claim = {name: filters.pop(name) for name in CLAIM_FILTERS if name in filters}
    cond: list[sa.ColumnElement[bool]] = [
        A.c.is_latest, *store_ledger._filters(**filters)]  # noqa: SLF001 - one definition of each filter
    if claim.get("claimant"):
        cond.append(C.c.claimant.ilike(f"%{claim['claimant']}%"))
    if claim.get("claimant_type"):
        cond.append(C.c.claimant_type == claim["claimant_type"])
    if claim.get("article_outlet"):
        cond.append(sa.func.lower(A.c.outlet).in_([o.lower() for o in claim["article_outlet"]]))
    if claim.get("incident_id"):
        cond.append(L.c.id == claim["incident_id"])
    if claim.get("unblamed"):
        cond.append(C.c.blames.is_(None))
    elif claim.get("blames"):
        cond.append(C.c.blames == claim["blames"])
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


def claim_rows(engine: sa.Engine, *, offset: int = 0, limit: int | None = None, **filters: Any) -> list[Any]:
    """Return the filters' claims in the view's order (``limit`` from ``offset``): rows with the
    claim's fields, its article's (``article_id``, title, outlet, published) and its linked
    incident's (``incident_id``, date, event type, admin1, place, perpetrator, contested)."""
    q = sa.select(*_columns()).select_from(_joined()).where(*conditions(**filters)).order_by(*_order())
    with engine.connect() as conn:
        return list(conn.execute(q.offset(offset).limit(limit)))


def count_claims(engine: sa.Engine, **filters: Any) -> int:
    """Return the number of claims the filters (:data:`CLAIM_FILTERS`) select."""
    q = sa.select(sa.func.count()).select_from(_joined()).where(*conditions(**filters))
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def _facet_expr(name: str, outlet_codes: Mapping[str, str]) -> Any:
    return {"admin1": L.c.admin1, "event_type": L.c.event_type, "perpetrator": L.c.perpetrator,
            "outlet": outlet_code_sql(A.c.outlet, outlet_codes), "claimant_type": C.c.claimant_type,
            "blames": C.c.blames}[name]


def claim_facet(engine: sa.Engine, name: str, *, outlet_codes: Mapping[str, str],
                **filters: Any) -> list[tuple[Any, int]]:
    """Return ``(value, claims)`` of facet ``name`` (admin1, event_type, perpetrator,
    outlet, claimant_type or blames) under the
    filters; outlets are grouped by their code in ``outlet_codes`` (lower-cased name -> code), and
    claims that name no one responsible have the ``blames`` value None."""
    expr = _facet_expr(name, outlet_codes).label("value")
    q = (sa.select(expr, sa.func.count().label("n")).select_from(_joined())
         .where(*conditions(**filters)).group_by(expr))
    with engine.connect() as conn:
        return [(value, int(n)) for value, n in conn.execute(q)]


# --- the claims as their incidents' ledgers hold them ---------------------------------------


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


def ledger_claims_of(engine: sa.Engine, rows: Sequence[Any]) -> list[LedgerClaim | None]:
    """Return for each row of :func:`claim_rows` its claim in its incident's reconciled ledger
    (status, note, index), None when the ledger holds none like it."""
    ids = list(dict.fromkeys(r.incident_id for r in rows))
    if not ids:
        return []
    found: dict[tuple[Any, ...], list[LedgerClaim]] = defaultdict(list)
    for ledger in store_ledger.iter_ledgers(engine, within=ids):
        for c in ledger.claims:
            found[_ledger_key(ledger, c)].append(c)
    out: list[LedgerClaim | None] = []
    for row in rows:
        same = found.get(_row_key(row))
        out.append(same.pop(0) if same else None)
    return out


def view_incidents(**filters: Any) -> sa.Select:
    """Return the select of the ids of the incidents with a claim the filters select."""
    return sa.select(L.c.id).select_from(_joined()).where(*conditions(**filters)).distinct()


def iter_view_claims(engine: sa.Engine, **filters: Any) -> Iterator[tuple[Ledger, LedgerClaim]]:
    """Yield ``(ledger, claim)`` for every claim the filters select, in the view's order: the
    ledgers of their incidents, newest first, each keeping only the claims the filters select."""
    chunk: list[Ledger] = []
    for ledger in store_ledger.iter_ledgers(engine, within=view_incidents(**filters)):
        chunk.append(ledger)
        if len(chunk) >= LEDGER_CHUNK:
            yield from _selected(engine, chunk, **filters)
            chunk = []
    yield from _selected(engine, chunk, **filters)


def _selected(engine: sa.Engine, ledgers: list[Ledger], **filters: Any) -> Iterator[tuple[Ledger, LedgerClaim]]:
    """Yield the claims of ``ledgers`` that the filters select (as many of each as it does)."""
    if not ledgers:
        return
    ids = [ledger.incident_id for ledger in ledgers]
    key_cols = [C.c.claimant, C.c.claimant_type, C.c.quote, C.c.killed_low, C.c.killed_high, C.c.injured_low,
                C.c.injured_high, C.c.blames, A.c.id.label("article_id"), L.c.id.label("incident_id")]
    q = sa.select(*key_cols).select_from(_joined()).where(*conditions(**filters), L.c.id.in_(ids))
    with engine.connect() as conn:
        wanted = Counter(_row_key(r) for r in conn.execute(q))
    for ledger in ledgers:
        for c in ledger.claims:
            key = _ledger_key(ledger, c)
            if wanted[key] > 0:
                wanted[key] -= 1
                yield ledger, c
