"""Recording change events: diff the observed state of changed incidents against their ledgers.

:func:`record_changes` runs in one transaction holding the diff lock (see
:func:`warclaims.store.watch.diff_transaction`): it reads the incidents changed since the
last diff, reconciles them, compares them with their observed state, inserts the events
and stores the new states. A watcher killed before the commit leaves the old states, so the
next diff finds the same changes (nothing skipped); after the commit the states are new, so
nothing is found twice (nothing duplicated).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from warclaims.watch.changes import diff_states, event_key, incident_context, incident_state

if TYPE_CHECKING:
    import sqlalchemy as sa


def record_changes(engine: sa.Engine) -> int:
    """Store the change events of every incident changed since the last diff; return how many were stored.

    The very first diff on a store records the existing incidents as observed without
    events (a watcher started on a full store does not announce its whole history).
    """
    from warclaims.store.clock import utcnow
    from warclaims.store import watch as ws

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
