"""Linked incidents in the store: relinking, incremental attachment, listing and the ledger.

Tables (migration ``0003``, defined in :mod:`warclaims.store.schema`): ``linked_incidents``
(one row per cross-article incident, with its reconciled *summary* materialised for
filtering and paging) and ``incident_links`` (one row per article incident: the incident
it belongs to, the pair score and the features that linked it).

The full ledger (claims with statuses, contradictions with the claims behind them) is
computed on read by :func:`get_incident` from the stored article incidents and claims, so
it always reflects the current extractions and reconciliation policy; the summary columns
are recomputed whenever an incident gains or loses a report (:func:`relink`,
:func:`attach_new`).

Public API (stable; used by the CLI, the REST API and the web app):

* :func:`relink(engine)` -> :class:`LinkRun`: link every stored report afresh.
* :func:`attach_new(engine)` -> :class:`LinkRun`: attach reports not linked yet (run after
  ``warclaims process``), refresh incidents that lost reports (re-extracted articles).
* :func:`list_incidents(engine, *, date_from, date_to, admin1, event_type, perpetrator,
  outlet, contested, q, cursor, limit)` -> :class:`IncidentPage`.
* :func:`get_incident(engine, incident_id)` -> :class:`~warclaims.reconcile.Ledger` (W303 when unknown).
* :func:`iter_ledgers(engine, **filters)` -> the Ledger of every matching incident (exports).
* :func:`incidents_of_article(engine, article_id)` -> incident ids of an article's incidents.
* :func:`save_links(engine, links)`: store links computed by the batch engines.
"""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from warclaims.errors import E, WarclaimsError
from warclaims.link import Link, LinkedIncident, Linker, Report, lead_of, link_reports
from warclaims.link.cluster import STRICT_MIN_TOLL, link_order, region_governorates, region_of
from warclaims.link.features import DATE_WINDOW_DAYS, NO_DATE_LOOKBACK_DAYS, publication_dated
from warclaims.link.records import linked_from_rows
from warclaims.models import INCIDENT_FACTS, Incident, field_names, from_rows, to_row
from warclaims.reconcile import Estimate, Ledger, reconcile
from warclaims.store.clock import utcnow
from warclaims.store.engine import serialize_writers
from warclaims.store.extractions import claims_by_incident, incident_reader
from warclaims.store.schema import incident_links, linked_incidents
from warclaims.store.schema import article_incidents as I
from warclaims.store.schema import articles as A
from warclaims.store.schema import claims as C

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_CHUNK = 500

SORT_KEY_AFTER_SEPARATOR = "}"
"""A character after ``|`` (the sort key's separator): ``DATE + "}"`` sorts after every key of DATE."""
UNDATED = "0000-00-00"
"""The date part of an undated incident's sort key (sorts before every real date)."""
UNDATED_SORT_KEY_BOUND = f"{UNDATED}{SORT_KEY_AFTER_SEPARATOR}"
"""Every dated incident's sort key is at or above this; every undated one below."""

L = linked_incidents
K = incident_links

LEDGER_FACTS = tuple(name for name in INCIDENT_FACTS if name in field_names(Ledger))
"""The incident facts a ledger reconciles (all but ``perpetrator_text``): the summary row's facts."""


@dataclass(slots=True, kw_only=True)
class LinkRun:
    """The outcome of :func:`relink` or :func:`attach_new`."""

    reports: int = 0
    """Reports linked in this run."""
    incidents: int = 0
    """Incidents in the store after the run."""
    created: int = 0
    updated: int = 0
    removed: int = 0
    seconds: float = 0.0


@dataclass(slots=True, kw_only=True)
class IncidentSummary:
    """One row of the incident list: the reconciled summary of a linked incident."""

    id: str
    event_type: str
    date: dt.date | None
    date_precision: str | None
    admin1: str | None
    place: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    perpetrator: str
    victims: str
    killed: Estimate
    injured: Estimate
    n_reports: int
    n_claimants: int
    n_outlets: int
    outlets: list[str] = field(default_factory=list)
    first_report: dt.date | None = None
    contested: bool = False
    contradictions: list[str] = field(default_factory=list)
    """Kinds of contradiction (``figures``, ``perpetrator``, ...)."""
    flags: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class IncidentPage:
    """One page of incidents and the cursor of the next page (None on the last)."""

    rows: list[IncidentSummary]
    next: str | None = None


# --- loading reports -------------------------------------------------------------------


def _report(r: Any, incident: Incident) -> Report:
    return Report(
        article_id=r.article_id,
        incident=incident,
        outlet=r.outlet,
        published=r.published,
        lead=lead_of(incident, r.title),
        incident_row_id=r.id,
    )


def _report_select() -> sa.Select:
    """Select article incidents of latest article revisions, with outlet, publication date and title."""
    return (
        sa.select(I, A.c.outlet, A.c.published, A.c.title)
        .join(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision))
        .where(A.c.is_latest)
    )


def _load_reports(conn: sa.Connection, where: sa.ColumnElement[bool] | None = None) -> list[Report]:
    """Return the reports matching ``where`` with their claims, in (article, index) order."""
    q = _report_select().order_by(I.c.article_id, I.c.idx)
    if where is not None:
        q = q.where(where)
    result = conn.execute(q)
    read_incident, rows = incident_reader(result.keys()), result.all()
    reports: list[Report] = []
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        ids = [r.id for r in chunk]
        claims = claims_by_incident(
            conn.execute(sa.select(C).where(C.c.incident_id.in_(ids)).order_by(C.c.incident_id, C.c.position))
        )
        reports.extend(_report(r, read_incident(r, claims.get(r.id, []))) for r in chunk)
    return reports


def _incidents_with_links(conn: sa.Connection, incident_ids: Iterable[str]) -> list[LinkedIncident]:
    """Return the stored incidents ``incident_ids`` with their member reports and links."""
    ids = list(dict.fromkeys(incident_ids))
    out: list[LinkedIncident] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        heads = {
            r.id: r for r in conn.execute(sa.select(L.c.id, L.c.medoid, L.c.flags).where(L.c.id.in_(chunk)))
        }
        links = conn.execute(
            sa.select(K).where(K.c.incident_id.in_(chunk)).order_by(K.c.incident_id, K.c.position)
        ).all()
        reports = {
            r.incident_row_id: r
            for r in _load_reports(conn, I.c.id.in_([k.article_incident_id for k in links]))
        }
        members: dict[str, LinkedIncident] = {}
        for k in links:
            report = reports.get(k.article_incident_id)
            if report is None:
                continue  # an older revision's incident: its article was re-extracted
            head = heads[k.incident_id]
            inc = members.setdefault(
                k.incident_id,
                LinkedIncident(id=k.incident_id, medoid=head.medoid, flags=list(head.flags or [])),
            )
            inc.reports.append(report)
            inc.links.append(
                Link(
                    report_key=k.report_key,
                    incident_id=k.incident_id,
                    score=k.score,
                    features=dict(k.features or {}),
                    matched=k.matched,
                    flags=list(k.flags or []),
                )
            )
        for cid in chunk:
            inc = members.get(cid)
            if inc is None:
                continue
            if inc.medoid not in {r.key for r in inc.reports}:
                inc.medoid = inc.reports[0].key  # the medoid's article was re-extracted
            out.append(inc)
    return out


# --- writing ---------------------------------------------------------------------------


def _summary_row(incident: LinkedIncident, ledger: Ledger) -> dict[str, Any]:
    """Return the ``linked_incidents`` row of an incident and its ledger (its facts and counts flat)."""
    date = ledger.date.isoformat() if ledger.date else UNDATED
    return {
        "id": incident.id,
        "medoid": incident.medoid,
        "n_reports": len(incident.reports),
        "sort_key": f"{date}|{incident.id}",
        **to_row(ledger, [*LEDGER_FACTS, "n_claimants", "n_outlets", "outlets", "first_report", "flags"]),
        "contested": ledger.contested,
        "contradictions": [c.kind for c in ledger.contradictions],
        "updated_at": utcnow(),
    }


def _link_rows(incident: LinkedIncident) -> list[dict[str, Any]]:
    by_key = {r.key: r for r in incident.reports}
    now = utcnow()
    return [
        {
            "article_incident_id": by_key[link.report_key].incident_row_id,
            "incident_id": incident.id,
            "article_id": by_key[link.report_key].article_id,
            "report_key": link.report_key,
            "score": link.score,
            "features": dict(link.features),
            "matched": link.matched,
            "flags": list(link.flags),
            "position": n,
            "linked_at": now,
        }
        for n, link in enumerate(incident.links)
    ]


def _write_incidents(conn: sa.Connection, incidents: list[LinkedIncident]) -> None:
    """Replace the stored rows (summary and links) of ``incidents``."""
    ids = [inc.id for inc in incidents]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(K.delete().where(K.c.incident_id.in_(chunk)))
        conn.execute(L.delete().where(L.c.id.in_(chunk)))
    _insert_incidents(conn, incidents)


def _insert_incidents(conn: sa.Connection, incidents: list[LinkedIncident]) -> None:
    """Insert the summary and link rows of ``incidents`` (none of them stored yet)."""
    summaries = [_summary_row(inc, reconcile(inc)) for inc in incidents]
    links = [row for inc in incidents for row in _link_rows(inc)]
    for start in range(0, len(summaries), _CHUNK):
        conn.execute(L.insert(), summaries[start : start + _CHUNK])
    for start in range(0, len(links), _CHUNK):
        conn.execute(K.insert(), links[start : start + _CHUNK])


def relink(engine: sa.Engine) -> LinkRun:
    """Link every stored report afresh, replacing all incidents and links; return the LinkRun."""
    t0 = time.perf_counter()
    with engine.begin() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(L)).scalar_one()
        reports = _load_reports(conn)
        incidents = link_reports(reports)
        conn.execute(K.delete())
        conn.execute(L.delete())
        _insert_incidents(conn, incidents)
    return LinkRun(
        reports=len(reports),
        incidents=len(incidents),
        created=len(incidents),
        removed=before,
        seconds=round(time.perf_counter() - t0, 3),
    )


def stale_incident_ids(conn: sa.Connection) -> list[str]:
    """Return incidents whose stored report count no longer matches their links (reports removed)."""
    counts = sa.select(K.c.incident_id, sa.func.count().label("n")).group_by(K.c.incident_id).subquery()
    q = (
        sa.select(L.c.id)
        .outerjoin(counts, counts.c.incident_id == L.c.id)
        .where(sa.func.coalesce(counts.c.n, 0) != L.c.n_reports)
    )
    return list(conn.execute(q).scalars())


def _equal_or_null(column: sa.ColumnElement[Any], value: int | None) -> sa.ColumnElement[bool]:
    """Return ``column = value``, or ``column IS NULL`` for None (an open end of a figure)."""
    return column.is_(None) if value is None else column == value


def _neighbour_ids(conn: sa.Connection, reports: list[Report]) -> list[str]:
    """Return ids of stored incidents with a member in the blocking window of any of ``reports``."""
    days = [r.incident.date or r.published for r in reports]
    days = [d for d in days if d is not None]
    if not days:
        return []
    loose = [r.incident.date or r.published for r in reports if r.incident.date is None or publication_dated(r)]
    earliest = min([min(days) - dt.timedelta(days=DATE_WINDOW_DAYS)]
                   + [d - dt.timedelta(days=NO_DATE_LOOKBACK_DAYS) for d in loose if d is not None])
    regions = {region_of(r) for r in reports}
    admin1s = [g for region in regions for g in region_governorates(region)]
    window = dt.timedelta(days=DATE_WINDOW_DAYS)
    lo, hi = earliest, max(days) + window
    place = I.c.admin1.in_(admin1s) if admin1s else sa.false()
    if any(not region_governorates(region) for region in regions):
        # A report naming no governorate links only to a report of the same toll (see
        # cluster._strict_ok), so only those are loaded from the other regions.
        tolls = {(r.incident.killed.low, r.incident.killed.high) for r in reports
                 if not region_governorates(region_of(r)) and r.incident.killed is not None
                 and (r.incident.killed.point or 0) >= STRICT_MIN_TOLL}
        same_toll = sa.or_(sa.false(), *(sa.and_(_equal_or_null(I.c.killed_low, low), _equal_or_null(I.c.killed_high, high))
                                          for low, high in sorted(tolls, key=str)))
        place = sa.or_(place, I.c.admin1.is_(None), same_toll)
    when = sa.or_(I.c.date.between(lo, hi), sa.and_(I.c.date.is_(None), A.c.published.between(lo, hi)))
    q = (
        sa.select(K.c.incident_id)
        .join(I, I.c.id == K.c.article_incident_id)
        .join(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision))
        .where(place, when)
        .distinct()
    )
    return list(conn.execute(q).scalars())


def attach_new(engine: sa.Engine) -> LinkRun:
    """Attach every stored report that has no link yet to existing incidents (or found new ones).

    Only incidents in the new reports' blocking windows are loaded, so the cost grows with
    the new reports, not with the store. Incidents that lost reports (their articles were
    re-extracted) get their summary recomputed; incidents left with none are removed.
    Returns the LinkRun.
    """
    t0 = time.perf_counter()
    with engine.begin() as conn:
        serialize_writers(conn, "link")  # two linkers must not attach the same report twice
        linked = sa.select(K.c.article_incident_id)
        new_reports = _load_reports(conn, I.c.id.not_in(linked))
        stale = stale_incident_ids(conn)
        neighbours = _incidents_with_links(conn, [*_neighbour_ids(conn, new_reports), *stale])
        # An incident whose every report was removed (its article re-extracted) goes first: its
        # report, attached again, then founds it anew under the same id instead of being renamed
        # and dropped with the empty husk.
        loaded = {inc.id for inc in neighbours if inc.reports}
        emptied = [cid for cid in stale if cid not in loaded]
        if emptied:
            conn.execute(L.delete().where(L.c.id.in_(emptied)))
        neighbours = [inc for inc in neighbours if inc.id in loaded]
        linker = Linker()
        for inc in neighbours:
            linker.restore(inc)
        before = {inc.id: len(inc.reports) for inc in neighbours}
        touched = {cid for cid in stale}
        for report in sorted(new_reports, key=link_order):
            touched.add(_unique_found(conn, linker, report, before))
        incidents = {inc.id: inc for inc in linker.incidents}
        live = [incidents[cid] for cid in touched if cid in incidents and incidents[cid].reports]
        gone = [cid for cid in stale if cid not in incidents]
        if gone:
            conn.execute(L.delete().where(L.c.id.in_(gone)))
        gone = sorted(set(gone) | {cid for cid in emptied if cid not in incidents})
        _write_incidents(conn, live)
        total = conn.execute(sa.select(sa.func.count()).select_from(L)).scalar_one()
    created = sum(1 for inc in live if inc.id not in before)
    return LinkRun(
        reports=len(new_reports),
        incidents=total,
        created=created,
        updated=len(live) - created,
        removed=len(gone),
        seconds=round(time.perf_counter() - t0, 3),
    )


def _unique_found(conn: sa.Connection, linker: Linker, report: Report, restored: dict[str, int]) -> str:
    """Attach ``report``; when it founds an incident whose id is already stored elsewhere, re-key it."""
    link = linker.add(report)
    if link.matched is not None or link.incident_id in restored:
        return link.incident_id
    exists = conn.execute(sa.select(L.c.id).where(L.c.id == link.incident_id)).first()
    if exists is None:
        return link.incident_id
    # The founding key was used before (an article re-extracted): keep the stored incident.
    inc = next(i for i in linker.incidents if i.id == link.incident_id)
    n = 2
    while conn.execute(sa.select(L.c.id).where(L.c.id == f"{inc.id}-{n}")).first() is not None:
        n += 1
    linker.rename(inc.id, f"{inc.id}-{n}")
    return f"{inc.id}-{n}"


def save_links(engine: sa.Engine, links: Iterable[dict[str, Any]]) -> int:
    """Store links computed by the batch engines (:func:`warclaims.link.records.link_rows`); return the count.

    Ledger summaries are recomputed here from the stored claims (a ledger is derived data).
    Incidents are written a slice at a time, each reading only its own members' reports.
    """
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in links:
        groups[str(row["linked_id"])].append(row)
    items = list(groups.items())
    saved = 0
    with engine.begin() as conn:
        for start in range(0, len(items), _CHUNK):
            saved += _save_link_slice(conn, items[start : start + _CHUNK])
    return saved


def _save_link_slice(conn: sa.Connection, items: list[tuple[str, list[dict[str, Any]]]]) -> int:
    """Replace the stored links of the reports in ``items`` by those incidents; return the links stored."""
    article_ids = sorted({str(row["incident_key"]).rsplit("#", 1)[0] for _, rows in items for row in rows})
    reports = {r.key: r for r in _reports_of_articles(conn, article_ids)}
    incidents = [inc for cid, rows in items
                 if (inc := linked_from_rows(cid, rows, lambda row: reports.get(row["incident_key"])))]
    row_ids = [r.incident_row_id for inc in incidents for r in inc.reports]
    for start in range(0, len(row_ids), _CHUNK):
        conn.execute(K.delete().where(K.c.article_incident_id.in_(row_ids[start : start + _CHUNK])))
    _write_incidents(conn, incidents)
    return sum(len(inc.links) for inc in incidents)


def _reports_of_articles(conn: sa.Connection, article_ids: list[str]) -> list[Report]:
    """Return the stored reports of the latest revisions of ``article_ids``."""
    out: list[Report] = []
    for start in range(0, len(article_ids), _CHUNK):
        out.extend(_load_reports(conn, I.c.article_id.in_(article_ids[start : start + _CHUNK])))
    return out


# --- reading ---------------------------------------------------------------------------


def _encode_cursor(sort_key: str) -> str:
    return base64.urlsafe_b64encode(sort_key.encode("utf-8")).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise WarclaimsError(
            E.W902, option="cursor", reason="not a cursor returned by list_incidents"
        ) from exc


def _filters(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    admin1: str | None = None,
    event_type: str | None = None,
    perpetrator: str | None = None,
    outlet: str | list[str] | None = None,
    contested: bool | None = None,
    q: str | None = None,
    within: sa.Select | list[str] | None = None,
) -> list[sa.ColumnElement[bool]]:
    """Return the SQL conditions of the incident filters (all combined with AND); ``outlet`` may be
    a list of the names one outlet is stored under (any of them matches); ``within`` keeps the
    incidents whose id it lists or selects (e.g. those with a claim matching a claim filter)."""
    cond: list[sa.ColumnElement[bool]] = []
    if within is not None:
        cond.append(L.c.id.in_(within))
    # Dates are compared on sort_key ("DATE|ID", undated "0000-00-00|ID", written only by
    # _summary_row), which means the same as date >= FROM / date <= TO (an undated incident falls
    # before any real date): the newest-first scan of its index then reads just the period's
    # newest rows. With the date column as well, PostgreSQL took the two ranges for independent,
    # under-estimated the period 20-fold and sorted all of it.
    if date_from is not None or date_to is not None:  # either bound leaves undated incidents out
        cond.append(L.c.sort_key >= (date_from.isoformat() if date_from else UNDATED_SORT_KEY_BOUND))
    if date_to is not None:
        cond.append(L.c.sort_key < f"{date_to.isoformat()}{SORT_KEY_AFTER_SEPARATOR}")
    if admin1:
        cond.append(sa.func.lower(L.c.admin1) == admin1.lower())
    if event_type:
        cond.append(L.c.event_type == event_type)
    if perpetrator:
        cond.append(L.c.perpetrator == perpetrator)
    if contested is not None:
        cond.append(L.c.contested == contested)  # ``IS true`` cannot use an index on PostgreSQL
    if outlet:
        # An uncorrelated IN subquery is computed once; a correlated EXISTS made SQLite walk the
        # articles once per incident (seconds per request on a 100k store).
        cond.append(
            L.c.id.in_(
                sa.select(K.c.incident_id)
                .join(A, sa.and_(A.c.id == K.c.article_id, A.c.is_latest))
                .where(sa.func.lower(A.c.outlet).in_([o.lower() for o in ([outlet] if isinstance(outlet, str) else outlet)]))
            )
        )
    if q:
        cond.append(L.c.place.ilike(f"%{q}%"))
    return cond


def list_incidents(
    engine: sa.Engine,
    *,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    **filters: Any,
) -> IncidentPage:
    """Return one page of incident summaries, newest first, and the cursor of the next page.

    Filters (keyword, all optional): ``date_from``, ``date_to``, ``admin1``, ``event_type``,
    ``perpetrator``, ``outlet`` (any reporting outlet), ``contested`` (bool), ``q`` (place
    substring), ``within`` (incident ids, or a select of them). ``limit`` is capped at MAX_LIMIT.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    cond = _filters(**filters)
    if cursor:
        cond.append(L.c.sort_key < _decode_cursor(cursor))
    q = sa.select(L).where(*cond).order_by(L.c.sort_key.desc()).limit(limit + 1)
    with engine.connect() as conn:
        result = conn.execute(q)
        columns, rows = tuple(result.keys()), result.all()
    more = len(rows) > limit
    rows = rows[:limit]
    return IncidentPage(
        rows=from_rows(IncidentSummary, rows, columns), next=_encode_cursor(rows[-1].sort_key) if more else None
    )


def get_linked_incident(engine: sa.Engine, incident_id: str) -> LinkedIncident:
    """Return a stored incident with its reports and links; raise W303 when unknown."""
    with engine.connect() as conn:
        found = _incidents_with_links(conn, [incident_id])
    if not found:
        raise WarclaimsError(E.W303, item=incident_id)
    return found[0]


def get_incident(engine: sa.Engine, incident_id: str) -> Ledger:
    """Return the Ledger of a stored incident (computed now from its reports); raise W303 when unknown."""
    with engine.connect() as conn:
        found = _incidents_with_links(conn, [incident_id])
    if not found:
        raise WarclaimsError(E.W303, item=incident_id)
    return reconcile(found[0])


def iter_ledgers(engine: sa.Engine, **filters: Any) -> Iterator[Ledger]:
    """Yield the Ledger of every incident matching the filters of :func:`list_incidents`, newest first."""
    q = sa.select(L.c.id).where(*_filters(**filters)).order_by(L.c.sort_key.desc())
    with engine.connect() as conn:
        ids = list(conn.execute(q).scalars())
        for start in range(0, len(ids), _CHUNK):
            incidents = {inc.id: inc for inc in _incidents_with_links(conn, ids[start : start + _CHUNK])}
            for cid in ids[start : start + _CHUNK]:
                if cid in incidents:
                    yield reconcile(incidents[cid])


def iter_linked_incidents(engine: sa.Engine) -> Iterator[tuple[LinkedIncident, Ledger]]:
    """Yield (linked incident with its reports, its ledger) for every stored incident."""
    with engine.connect() as conn:
        ids = list(conn.execute(sa.select(L.c.id).order_by(L.c.id)).scalars())
        for start in range(0, len(ids), _CHUNK):
            for incident in _incidents_with_links(conn, ids[start : start + _CHUNK]):
                yield incident, reconcile(incident)


def count_incidents(engine: sa.Engine) -> int:
    """Return the number of linked incidents in the store."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(L)).scalar_one())


def most_reported_incident(engine: sa.Engine) -> str | None:
    """Return the id of the incident with the most reports (then outlets, then earliest), or None."""
    with engine.connect() as conn:
        return conn.execute(
            sa.select(L.c.id).order_by(L.c.n_reports.desc(), L.c.n_outlets.desc(), L.c.id).limit(1)
        ).scalar()


def incidents_of_article(engine: sa.Engine, article_id: str) -> list[str]:
    """Return the ids of the linked incidents an article's incidents belong to (by incident index)."""
    q = (
        sa.select(K.c.incident_id)
        .join(I, I.c.id == K.c.article_incident_id)
        .where(K.c.article_id == article_id)
        .order_by(I.c.idx)
    )
    with engine.connect() as conn:
        return list(dict.fromkeys(conn.execute(q).scalars()))
