"""What ``warclaims watch`` keeps in the store: sources, items seen, change events, observed state.

Tables (migration ``0007``):

* ``watch_sources``: one row per watched source: validators for conditional requests
  (ETag, Last-Modified), last success / error, consecutive failures, items seen, next poll.
* ``watch_items``: one row per item of a source already ingested (feed entry, listing
  link, directory file), so a restarted watcher neither skips nor re-fetches items.
* ``change_events``: what changed in the ledger (``new_incident``, ``new_report``,
  ``toll_revised``, ``became_contested``, ``contradiction_added``, ``credibility_changed``),
  each with the incident, the articles, a one-line summary and before/after values.
* ``observed_incidents``: the state of each incident as of the last diff. Events are the
  difference between this and the store's current ledger, written in the same transaction
  that updates it, so an interrupted watcher finds the same differences again on restart.
* ``watch_cursors``: per-watcher position in ``change_events`` (alerts sent so far) and the
  row ``__diff__`` that serialises diffs between watchers (its update takes a row lock).

Public API: :func:`source_states`, :func:`get_source`, :func:`save_source`,
:func:`seen_keys`, :func:`mark_seen`, :func:`diff_transaction` (with :func:`observed`,
:func:`save_observed`, :func:`insert_events`, :func:`changed_incident_ids`),
:func:`list_events`, :func:`events_after`, :func:`get_cursor`, :func:`set_cursor`,
:func:`unassessed_article_ids`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from warclaims._lazy import require
from warclaims.errors import E, WarclaimsError
from warclaims.reconcile import reconcile
from warclaims.store.clock import utcnow
from warclaims.store.credibility import credibility as CR
from warclaims.store.ledger import _incidents_with_links
from warclaims.store.ledger import incident_links as K
from warclaims.store.ledger import linked_incidents as L
from warclaims.store.schema import HASH_LEN, ID_LEN, metadata
from warclaims.store.schema import articles as A
from warclaims.store.schema import processed_articles as P

SOURCE_LEN = 500
DIFF_ROW = "__diff__"
MAX_EVENTS_LIMIT = 500

watch_sources = sa.Table(
    "watch_sources",
    metadata,
    sa.Column("source", sa.String(SOURCE_LEN), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=True),
    sa.Column("outlet", sa.String(200), nullable=True),
    sa.Column("interval_s", sa.Integer, nullable=False),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("last_poll", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_success", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_error_code", sa.String(8), nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("items_seen", sa.Integer, nullable=False, default=0),
    sa.Column("next_poll", sa.DateTime(timezone=True), nullable=True),
)
"""One row per watched source (a feed or listing URL, or a directory path)."""

watch_items = sa.Table(
    "watch_items",
    metadata,
    sa.Column("source", sa.String(SOURCE_LEN), primary_key=True),
    sa.Column("item_hash", sa.String(HASH_LEN), primary_key=True),
    sa.Column("item", sa.Text, nullable=False),
    sa.Column("article_id", sa.String(ID_LEN), nullable=True),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)
"""Items of a source already ingested (``item``: entry id, link or file path and version)."""

change_events = sa.Table(
    "change_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(HASH_LEN), nullable=False, unique=True),
    sa.Column("kind", sa.String(30), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("incident_id", sa.String(40), nullable=True, index=True),
    sa.Column("article_ids", sa.JSON, nullable=False),
    sa.Column("admin1", sa.String(60), nullable=True, index=True),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Column("incident", sa.JSON, nullable=False),
)
"""Ledger changes, oldest first (``incident``: the incident's place, type and toll after it)."""

observed_incidents = sa.Table(
    "observed_incidents",
    metadata,
    sa.Column("incident_id", sa.String(40), primary_key=True),
    sa.Column("state", sa.JSON, nullable=False),
    sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
)
"""Each incident's state as of the last diff (the 'before' of the next one)."""

watch_cursors = sa.Table(
    "watch_cursors",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("last_event_id", sa.Integer, nullable=False, default=0),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
)
"""Alert position per watcher name; the ``__diff__`` row: lock and time of the last diff."""

alert_outbox = sa.Table(
    "alert_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("watcher", sa.String(200), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("state", sa.String(10), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
    sa.UniqueConstraint("watcher", "url", "event_id", name="uq_alert_outbox_delivery"),
)
"""Webhook deliveries (``pending``, ``delivered``, ``failed``): a restarted watcher sends what was pending."""

S = watch_sources
W = watch_items
EV = change_events
O = observed_incidents
CU = watch_cursors


# --- sources -------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class SourceState:
    """The stored state of one watched source."""

    source: str
    kind: str | None = None
    outlet: str | None = None
    interval_s: int = 900
    etag: str | None = None
    last_modified: str | None = None
    last_poll: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_error_at: dt.datetime | None = None
    last_error_code: str | None = None
    last_error: str | None = None
    failures: int = 0
    items_seen: int = 0
    next_poll: dt.datetime | None = None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """Return ``value`` in UTC with its zone (SQLite gives back naive datetimes)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.timezone.utc)


def _state(r: Any) -> SourceState:
    values = {c.name: getattr(r, c.name) for c in S.columns}
    for name in ("last_poll", "last_success", "last_error_at", "next_poll"):
        values[name] = _aware(values[name])
    return SourceState(**values)


def source_states(engine: sa.Engine) -> list[SourceState]:
    """Return every watched source's state, by source."""
    with engine.connect() as conn:
        return [_state(r) for r in conn.execute(sa.select(S).order_by(S.c.source))]


def get_source(engine: sa.Engine, source: str) -> SourceState | None:
    """Return the stored state of ``source``, or None when it was never polled."""
    with engine.connect() as conn:
        r = conn.execute(sa.select(S).where(S.c.source == source)).first()
    return _state(r) if r is not None else None


def save_source(engine: sa.Engine, state: SourceState) -> None:
    """Insert or replace the stored state of ``state.source``."""
    row = {c.name: getattr(state, c.name) for c in S.columns}
    with engine.begin() as conn:
        updated = conn.execute(S.update().where(S.c.source == state.source).values(**row)).rowcount
        if not updated:
            with _tolerate_race(conn):
                conn.execute(S.insert().values(**row))


@contextlib.contextmanager
def _tolerate_race(conn: sa.Connection) -> Iterator[None]:
    """Ignore a unique violation (another watcher inserted the same row first) inside a savepoint."""
    try:
        with conn.begin_nested():
            yield
    except sa.exc.IntegrityError:
        pass


# --- items ---------------------------------------------------------------------------


def item_hash(item: str) -> str:
    """Return the key under which an item of a source is stored (SHA-256 of its identifier)."""
    return hashlib.sha256(item.encode("utf-8")).hexdigest()


def seen_keys(engine: sa.Engine, source: str, items: Iterable[str]) -> set[str]:
    """Return those of ``items`` (identifiers) already ingested from ``source``."""
    by_hash = {item_hash(i): i for i in items}
    found: set[str] = set()
    hashes = list(by_hash)
    with engine.connect() as conn:
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            q = sa.select(W.c.item_hash).where(W.c.source == source, W.c.item_hash.in_(chunk))
            found.update(by_hash[h] for h in conn.execute(q).scalars())
    return found


def mark_seen(engine: sa.Engine, source: str, items: dict[str, str | None]) -> int:
    """Record ``items`` ({identifier: article id or None}) as ingested from ``source``; return the count."""
    now = utcnow()
    added = 0
    with engine.begin() as conn:
        for item, article_id in items.items():
            with _tolerate_race(conn):
                conn.execute(W.insert().values(source=source, item_hash=item_hash(item), item=item,
                                               article_id=article_id, seen_at=now))
                added += 1
    return added


# --- diffing -------------------------------------------------------------------------


@contextlib.contextmanager
def diff_transaction(engine: sa.Engine) -> Iterator[tuple[sa.Connection, dt.datetime | None]]:
    """Yield ``(conn, time of the previous diff or None)`` inside one transaction holding the diff lock.

    The first statement updates the ``__diff__`` row: on PostgreSQL that row lock makes a
    second watcher wait until this diff commits (then it sees its result); on SQLite it
    takes the database write lock. So two watchers never turn one change into two events.
    """
    now = utcnow()
    with engine.begin() as conn:
        lock = CU.update().where(CU.c.name == DIFF_ROW).values(last_event_id=CU.c.last_event_id + 1)
        if not conn.execute(lock).rowcount:
            with _tolerate_race(conn):
                conn.execute(CU.insert().values(name=DIFF_ROW, last_event_id=0, updated_at=None))
            conn.execute(lock)
        # Read under the lock: another watcher may have diffed while this one waited.
        previous = conn.execute(sa.select(CU.c.updated_at).where(CU.c.name == DIFF_ROW)).scalar()
        yield conn, _aware(previous)
        conn.execute(CU.update().where(CU.c.name == DIFF_ROW).values(updated_at=now))


def changed_incident_ids(conn: sa.Connection, since: dt.datetime | None) -> list[str]:
    """Return incidents that may differ from their observed state.

    Those updated or re-assessed since ``since``, and those never observed.

    ``since`` is moved back a minute so that clocks of several watchers may differ a little.
    """
    never = sa.select(L.c.id).where(L.c.id.not_in(sa.select(O.c.incident_id)))
    ids = set(conn.execute(never).scalars())
    if since is not None:
        since = since - dt.timedelta(minutes=1)
        ids.update(conn.execute(sa.select(L.c.id).where(L.c.updated_at >= since)).scalars())
        reassessed = (
            sa.select(K.c.incident_id)
            .join(CR, CR.c.article_id == K.c.article_id)
            .where(CR.c.assessed_at >= since)
            .distinct()
        )
        ids.update(conn.execute(reassessed).scalars())
    return sorted(ids)


def all_incident_ids(conn: sa.Connection) -> list[str]:
    """Return the id of every stored incident."""
    return list(conn.execute(sa.select(L.c.id).order_by(L.c.id)).scalars())


def credibility_of(conn: sa.Connection, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return ``{article id: {"label", "score"}}`` of the assessed latest revisions of ``article_ids``."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        q = (
            sa.select(CR.c.article_id, CR.c.label, CR.c.score)
            .join(A, sa.and_(A.c.id == CR.c.article_id, A.c.revision == CR.c.revision, A.c.is_latest))
            .where(CR.c.article_id.in_(ids[start : start + 500]))
        )
        for r in conn.execute(q):
            out[r.article_id] = {"label": r.label, "score": round(float(r.score), 3)}
    return out


def observed(conn: sa.Connection, incident_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Return the observed state of each of ``incident_ids`` that has one."""
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(incident_ids), 500):
        q = sa.select(O).where(O.c.incident_id.in_(incident_ids[start : start + 500]))
        for r in conn.execute(q):
            out[r.incident_id] = {**r.state, "_observed_at": _aware(r.observed_at).isoformat()}
    return out


def save_observed(conn: sa.Connection, states: dict[str, dict[str, Any] | None]) -> None:
    """Replace the observed state of each incident (None: the incident is gone, forget it)."""
    now = utcnow()
    ids = list(states)
    for start in range(0, len(ids), 500):
        conn.execute(O.delete().where(O.c.incident_id.in_(ids[start : start + 500])))
    rows = [{"incident_id": cid, "state": s, "observed_at": now}
            for cid, s in states.items() if s is not None]
    for start in range(0, len(rows), 500):
        conn.execute(O.insert(), rows[start : start + 500])


def forget_removed(conn: sa.Connection) -> int:
    """Drop observed states of incidents no longer stored (merged or re-linked away); return how many."""
    return conn.execute(O.delete().where(O.c.incident_id.not_in(sa.select(L.c.id)))).rowcount or 0


def insert_events(conn: sa.Connection, events: list[dict[str, Any]]) -> int:
    """Insert events (``change_events`` rows without ``id``), skipping known keys; return the count."""
    added = 0
    for event in events:
        with _tolerate_race(conn):
            conn.execute(EV.insert().values(**event))
            added += 1
    return added


# --- reading events ------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class EventPage:
    """A page of events (newest first) and the cursor of the next (older) page."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    next: str | None = None


def event_dict(r: Any) -> dict[str, Any]:
    """Return a stored event as a JSON-ready dict."""
    return {
        "id": r.id,
        "kind": r.kind,
        "at": _aware(r.at).isoformat(),
        "incident_id": r.incident_id,
        "article_ids": list(r.article_ids or []),
        "admin1": r.admin1,
        "summary": r.summary,
        "before": r.before,
        "after": r.after,
        "incident": r.incident or {},
    }


def _event_filters(
    *, kind: str | None = None, incident_id: str | None = None, admin1: str | None = None,
    since: dt.datetime | None = None, article_id: str | None = None,
) -> list[sa.ColumnElement[bool]]:
    cond: list[sa.ColumnElement[bool]] = []
    if kind:
        cond.append(EV.c.kind.in_([k.strip() for k in kind.split(",") if k.strip()]))
    if incident_id:
        cond.append(EV.c.incident_id == incident_id)
    if admin1:
        cond.append(sa.func.lower(EV.c.admin1) == admin1.lower())
    if since is not None:
        cond.append(EV.c.at >= since)
    if article_id:
        # JSON arrays are text on SQLite and json on PostgreSQL: compare their text form.
        cond.append(sa.cast(EV.c.article_ids, sa.Text).like(f'%"{article_id}"%'))
    return cond


def list_events(
    engine: sa.Engine, *, cursor: str | None = None, limit: int = 50, **filters: Any
) -> EventPage:
    """Return one page of events, newest first; ``cursor`` is the ``next`` of the previous page.

    Filters: ``kind`` (comma-separated kinds), ``incident_id``, ``admin1``, ``since``
    (datetime), ``article_id``. ``limit`` is capped at MAX_EVENTS_LIMIT.
    """
    limit = max(1, min(int(limit), MAX_EVENTS_LIMIT))
    cond = _event_filters(**filters)
    if cursor:
        if not cursor.isdigit():
            raise WarclaimsError(E.W604, field="cursor", reason="not a cursor returned by /api/events")
        cond.append(EV.c.id < int(cursor))
    q = sa.select(EV).where(*cond).order_by(EV.c.id.desc()).limit(limit + 1)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return EventPage(rows=[event_dict(r) for r in rows], next=str(rows[-1].id) if more else None)


def events_after(engine: sa.Engine, last_id: int, limit: int = 1000) -> list[dict[str, Any]]:
    """Return events with an id above ``last_id``, oldest first (what a watcher has not alerted yet)."""
    q = sa.select(EV).where(EV.c.id > last_id).order_by(EV.c.id).limit(limit)
    with engine.connect() as conn:
        return [event_dict(r) for r in conn.execute(q)]


def last_event_id(engine: sa.Engine) -> int:
    """Return the id of the newest event, 0 when there is none."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(EV.c.id))).scalar() or 0)


def get_cursor(engine: sa.Engine, name: str) -> int | None:
    """Return the last event id alerted by watcher ``name``, None when it never ran."""
    with engine.connect() as conn:
        return conn.execute(sa.select(CU.c.last_event_id).where(CU.c.name == name)).scalar()


def set_cursor(engine: sa.Engine, name: str, last_id: int) -> None:
    """Store that watcher ``name`` has alerted every event up to ``last_id``."""
    with engine.begin() as conn:
        if not conn.execute(CU.update().where(CU.c.name == name).values(last_event_id=last_id,
                                                                         updated_at=utcnow())).rowcount:
            conn.execute(CU.insert().values(name=name, last_event_id=last_id, updated_at=utcnow()))


def unassessed_article_ids(engine: sa.Engine) -> list[str]:
    """Return latest article revisions extracted without error but with no credibility verdict.

    A watcher killed between linking and assessing leaves such articles; it assesses them on restart.
    """
    q = (
        sa.select(A.c.id)
        .join(P, sa.and_(P.c.article_id == A.c.id, P.c.revision == A.c.revision))
        .outerjoin(CR, sa.and_(CR.c.article_id == A.c.id, CR.c.revision == A.c.revision))
        .where(A.c.is_latest, P.c.error_code.is_(None), CR.c.article_id.is_(None))
        .order_by(A.c.id)
    )
    with engine.connect() as conn:
        return list(conn.execute(q).scalars())


def ledgers_of(conn: sa.Connection, incident_ids: list[str]) -> dict[str, Any]:
    """Return ``{incident id: Ledger}`` of the stored incidents among ``incident_ids`` (reconciled now)."""
    out: dict[str, Any] = {}
    for start in range(0, len(incident_ids), 500):
        for inc in _incidents_with_links(conn, incident_ids[start : start + 500]):
            out[inc.id] = reconcile(inc)
    return out


PROCESS_LOCK_KEY = 0x77617463  # "watc": the PostgreSQL advisory lock of the watchers' write phase


@contextlib.contextmanager
def write_lock(engine: sa.Engine) -> Iterator[None]:
    """Hold the store's watch lock: one watcher at a time stores, extracts, links and diffs.

    Extraction and linking were written for one writer (two processes extracting the same
    new article would both replace its incidents); watchers on different sources share a
    store, so their write phases take turns. PostgreSQL: a session advisory lock on a
    connection of its own; SQLite: an exclusive ``flock`` on ``<database>.watch-lock``
    beside the file (the database's own lock cannot be held across the stage's transactions).
    """
    backend = engine.url.get_backend_name()
    if backend == "postgresql":
        with engine.connect() as conn:
            conn.execute(sa.select(sa.func.pg_advisory_lock(PROCESS_LOCK_KEY)))
            conn.commit()  # the session lock stays; no transaction is left open meanwhile
            try:
                yield
            finally:
                conn.execute(sa.select(sa.func.pg_advisory_unlock(PROCESS_LOCK_KEY)))
                conn.commit()
        return
    database = engine.url.database
    if backend != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    fcntl = require("fcntl")  # POSIX only: loaded where used, so the store imports on any platform
    with open(f"{database}.watch-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- webhook outbox ------------------------------------------------------------------


class StoreOutbox:
    """The webhook deliveries of watcher ``name``, kept in ``alert_outbox``.

    The outbox of :class:`warclaims.watch.alerts.WebhookSender` under ``warclaims watch``.

    A delivery is stored before it is attempted and marked when it succeeds or fails for
    good, so deliveries pending when a watcher is killed are sent by the next one; the
    same event is stored once per webhook however often it is dispatched.
    """

    def __init__(self, engine: sa.Engine, name: str, maxsize: int) -> None:
        self.engine = engine
        self.name = name
        self.maxsize = maxsize

    def _mine(self) -> sa.ColumnElement[bool]:
        return sa.and_(alert_outbox.c.watcher == self.name, alert_outbox.c.state == "pending")

    def pending(self) -> int:
        """Return how many deliveries wait."""
        with self.engine.connect() as conn:
            q = sa.select(sa.func.count()).select_from(alert_outbox).where(self._mine())
            return conn.execute(q).scalar_one()

    def add(self, url: str, payload: dict[str, Any]) -> bool:
        """Store one pending delivery (once per event and URL); return False when ``maxsize`` wait already."""
        if self.pending() >= self.maxsize:
            return False
        row = {"watcher": self.name, "url": url, "event_id": int(payload["event"]["id"]), "payload": payload,
               "state": "pending", "attempts": 0, "created": utcnow()}
        with self.engine.begin() as conn, _tolerate_race(conn):
            conn.execute(alert_outbox.insert().values(**row))
        return True

    def take(self, limit: int) -> list[tuple[int, str, dict[str, Any]]]:
        """Return up to ``limit`` pending deliveries, oldest first, as ``(id, url, payload)``."""
        q = sa.select(alert_outbox.c.id, alert_outbox.c.url, alert_outbox.c.payload).where(self._mine())
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(alert_outbox.c.id).limit(limit))
            return [(r.id, r.url, r.payload) for r in rows]

    def finish(self, job: int, delivered: bool, attempts: int, reason: str | None) -> None:
        """Mark a delivery delivered or failed (after ``attempts``, for ``reason``)."""
        values = {"state": "delivered" if delivered else "failed", "attempts": attempts,
                  "last_error": reason, "done_at": utcnow()}
        with self.engine.begin() as conn:
            conn.execute(alert_outbox.update().where(alert_outbox.c.id == job).values(**values))
