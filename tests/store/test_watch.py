"""warclaims.store.watch: the watcher's tables read and written directly (sources, seen items,
change events and their pages, alert cursors, the webhook outbox).

tests/watch drives these through the polling loop; here each function is checked on its own,
on a SQLite file and on the PostgreSQL fixture (``db_url``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from warclaims.errors import WarclaimsError
from warclaims.store import watch as ws

AHRAM = "https://english.ahram.org.eg/rss/Syria.rss"
SANA = "https://sana.sy/en/?feed=rss2"
MONDAY = dt.datetime(2017, 4, 3, 9, 30, tzinfo=dt.UTC)


def _event(n: int, kind: str, incident_id: str, admin1: str, article_ids: list[str]) -> dict:
    """Return a ``change_events`` row as the differ writes it (real headline wording)."""
    return {"key": ws.item_hash(f"{kind}|{incident_id}|{n}"), "kind": kind, "at": MONDAY + dt.timedelta(hours=n),
            "incident_id": incident_id, "article_ids": article_ids, "admin1": admin1,
            "summary": f"{kind.replace('_', ' ')}: air strike in Khan Shaykhun, Idlib ({n})",
            "before": None, "after": {"killed": 20 + n}, "incident": {"place": "Khan Shaykhun"}}


@pytest.fixture
def with_events(engine):
    """The store with five events of two incidents (Idlib, Aleppo), ids 1..5 oldest first."""
    rows = [_event(1, "new_incident", "inc-idlib", "Idlib", ["idlib-1"]),
            _event(2, "toll_revised", "inc-idlib", "Idlib", ["idlib-1", "idlib-2"]),
            _event(3, "new_incident", "inc-aleppo", "Aleppo", ["aleppo-1"]),
            _event(4, "became_contested", "inc-idlib", "Idlib", ["idlib-1", "idlib-2", "idlib-3"]),
            _event(5, "toll_revised", "inc-aleppo", "Aleppo", ["aleppo-1", "aleppo-2"])]
    with engine.begin() as conn:
        assert ws.insert_events(conn, rows) == 5
        assert ws.insert_events(conn, rows[:2]) == 0  # same keys: stored once
    return engine


def test_source_state_round_trip_keeps_time_zones(engine):
    assert ws.get_source(engine, AHRAM) is None
    state = ws.SourceState(source=AHRAM, kind="feed", outlet="Ahram Online", etag='"5f3a"',
                           last_poll=MONDAY, last_success=MONDAY, items_seen=3)
    ws.save_source(engine, state)
    state.failures, state.last_error_code = 1, "W110"
    ws.save_source(engine, state)  # replaces, no second row
    ws.save_source(engine, ws.SourceState(source=SANA, kind="feed"))
    got = ws.get_source(engine, AHRAM)
    assert (got.failures, got.last_error_code, got.etag, got.items_seen) == (1, "W110", '"5f3a"', 3)
    assert got.last_poll == MONDAY and got.last_poll.tzinfo is not None
    assert [s.source for s in ws.source_states(engine)] == sorted([AHRAM, SANA])


def test_items_are_seen_per_source_once(engine):
    links = ["https://english.ahram.org.eg/News/264191.aspx", "https://english.ahram.org.eg/News/264192.aspx"]
    assert ws.seen_keys(engine, AHRAM, links) == set()
    assert ws.mark_seen(engine, AHRAM, {links[0]: "idlib-1"}) == 1
    assert ws.mark_seen(engine, AHRAM, {links[0]: "idlib-1", links[1]: None}) == 1  # the first is known
    assert ws.seen_keys(engine, AHRAM, links + ["https://english.ahram.org.eg/News/1.aspx"]) == set(links)
    assert ws.seen_keys(engine, SANA, links) == set()  # another source has seen nothing
    assert ws.item_hash(links[0]) == ws.item_hash(links[0]) != ws.item_hash(links[1])


def test_event_pages_filters_and_cursor(with_events):
    engine = with_events
    first = ws.list_events(engine, limit=2)
    assert [e["kind"] for e in first.rows] == ["toll_revised", "became_contested"]  # newest first
    second = ws.list_events(engine, limit=2, cursor=first.next)
    third = ws.list_events(engine, limit=2, cursor=second.next)
    assert [e["id"] for e in first.rows + second.rows + third.rows] == [5, 4, 3, 2, 1] and third.next is None
    assert {e["incident_id"] for e in ws.list_events(engine, admin1="idlib").rows} == {"inc-idlib"}
    assert len(ws.list_events(engine, kind="new_incident,became_contested").rows) == 3
    assert [e["id"] for e in ws.list_events(engine, article_id="idlib-3").rows] == [4]
    assert [e["id"] for e in ws.list_events(engine, since=MONDAY + dt.timedelta(hours=4)).rows] == [5, 4]
    assert first.rows[0]["at"].startswith("2017-04-03T14:30:00")
    with pytest.raises(WarclaimsError) as exc:
        ws.list_events(engine, cursor="page-2")
    assert exc.value.code == "W604"


def test_events_after_and_alert_cursors(with_events):
    engine = with_events
    assert ws.last_event_id(engine) == 5
    assert [e["id"] for e in ws.events_after(engine, 3)] == [4, 5]
    assert ws.get_cursor(engine, "desk") is None
    ws.set_cursor(engine, "desk", 3)
    ws.set_cursor(engine, "desk", 4)
    assert ws.get_cursor(engine, "desk") == 4 and ws.get_cursor(engine, "night") is None


def test_outbox_stores_each_delivery_once_and_marks_it(engine):
    outbox = ws.StoreOutbox(engine, "desk", maxsize=2)
    payload = {"event": {"id": 7, "kind": "toll_revised"}}
    assert outbox.add("http://127.0.0.1:9/hook", payload)
    assert outbox.add("http://127.0.0.1:9/hook", payload)  # the same delivery is not stored twice
    assert outbox.pending() == 1
    assert outbox.add("http://127.0.0.1:9/other", payload)
    assert not outbox.add("http://127.0.0.1:9/third", payload)  # maxsize deliveries already wait
    assert ws.StoreOutbox(engine, "night", maxsize=2).pending() == 0  # another watcher's outbox
    taken = outbox.take(10)
    assert [(url, p["event"]["id"]) for _, url, p in taken] == [("http://127.0.0.1:9/hook", 7),
                                                                  ("http://127.0.0.1:9/other", 7)]
    outbox.finish(taken[0][0], delivered=True, attempts=1, reason=None)
    outbox.finish(taken[1][0], delivered=False, attempts=5, reason="HTTP 500")
    assert outbox.pending() == 0 and outbox.take(10) == []
