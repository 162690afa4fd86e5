"""Store-backed use cases of ``warclaims watch``: change events recorded by diffing the stored
incidents against their observed state, the watcher's alert position, its sources' state and
the items it has seen, and the watchers' write lock.

:func:`record_changes` runs in one transaction holding the diff lock (see
:func:`warclaims.store.watch.diff_transaction`): it reads the incidents changed since the
last diff, reconciles them, compares them with their observed state
(:mod:`warclaims.reconcile.changes`), inserts the events and stores the new states. A watcher
killed before the commit leaves the old states, so the next diff finds the same changes
(nothing skipped); after the commit the states are new, so nothing is found twice (nothing
duplicated).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from warclaims.reconcile.changes import diff_states, event_key, incident_context, incident_state
from warclaims.services.assess import assess_stored
from warclaims.store import watch as ws
from warclaims.store.clock import utcnow
from warclaims.store.watch import SourceState


def record_changes(engine: sa.Engine) -> int:
    """Store the change events of every incident changed since the last diff; return how many were stored.

    The very first diff on a store records the existing incidents as observed without
    events (a watcher started on a full store does not announce its whole history).
    """
    with ws.diff_transaction(engine) as (conn, previous):
        ws.forget_removed(conn)
        ids = ws.changed_incident_ids(conn, previous)
        if not ids:
            return 0
        ledgers = ws.ledgers_of(conn, ids)
        creds = ws.credibility_of(conn, [a for led in ledgers.values() for a in led.articles])
        states: dict[str, dict[str, Any] | None] = {
            cid: incident_state(ledgers[cid], creds) if cid in ledgers else None for cid in ids
        }
        before = ws.observed(conn, ids)
        events: list[dict[str, Any]] = []
        if previous is not None:
            now = utcnow()
            for cid in ids:
                after = states[cid]
                if after is None:
                    continue
                prior = before.get(cid)
                for event in diff_states(cid, _without_stamp(prior), after):
                    events.append(_row(event, after, prior, now))
        added = ws.insert_events(conn, events)
        ws.save_observed(conn, states)
    return added


def _without_stamp(state: dict[str, Any] | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {k: v for k, v in state.items() if k != "_observed_at"}


def _row(
    event: dict[str, Any], after: dict[str, Any], prior: dict[str, Any] | None, now: Any
) -> dict[str, Any]:
    """Return the ``change_events`` row of an event (its key ties it to the observation it departs from)."""
    return {
        **event,
        "key": event_key(event, prior.get("_observed_at") if prior else None),
        "at": now,
        "admin1": after["admin1"],
        "incident": incident_context(after),
    }


def assess_unassessed(engine: sa.Engine) -> int:
    """Assess (and save) the latest article revisions extracted without error but never assessed
    (what a watcher killed between linking and assessing leaves); return how many."""
    pending = ws.unassessed_article_ids(engine)
    if pending:
        for _ in assess_stored(engine, pending):
            pass
    return len(pending)


def new_events(engine: sa.Engine, name: str) -> Iterator[list[dict[str, Any]]]:
    """Yield the events after watcher ``name``'s alert position, a batch at a time, oldest first;
    the position moves past a batch when the next is asked for (so a batch whose handling
    raised is handed out again by the next run). A new watcher yields nothing: its position
    is set to the newest event (it alerts from now on, not the store's history)."""
    cursor = ws.get_cursor(engine, name)
    if cursor is None:
        ws.set_cursor(engine, name, ws.last_event_id(engine))
        return
    while events := ws.events_after(engine, cursor):
        yield events
        cursor = events[-1]["id"]
        ws.set_cursor(engine, name, cursor)


def write_lock(engine: sa.Engine) -> contextlib.AbstractContextManager[None]:
    """Return the store's watch lock (one watcher at a time stores, extracts, links and diffs)."""
    return ws.write_lock(engine)


def source_states(engine: sa.Engine) -> list[SourceState]:
    """Return the stored state of every watched source."""
    return ws.source_states(engine)


def source_state(engine: sa.Engine, source: str) -> SourceState:
    """Return the stored state of ``source``, or a new one when it was never polled."""
    return ws.get_source(engine, source) or SourceState(source=source)


def save_source_state(engine: sa.Engine, state: SourceState) -> None:
    """Store a source's state (replacing the stored one)."""
    ws.save_source(engine, state)


def seen_items(engine: sa.Engine, source: str, items: Iterable[str]) -> set[str]:
    """Return which of ``items`` (item keys) of ``source`` were already seen."""
    return ws.seen_keys(engine, source, items)


def mark_seen(engine: sa.Engine, source: str, items: dict[str, str | None]) -> int:
    """Mark ``items`` (item key -> stored article id or None) of ``source`` seen; return how many were new."""
    return ws.mark_seen(engine, source, items)
