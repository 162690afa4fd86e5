"""The watch cycle end to end: a changing feed on loopback, real extraction, events, stdout and webhook alerts."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import sqlalchemy as sa

from watchdata import ARTICLE_A, ARTICLE_B, ARTICLE_C, rss
from warclaims.store import watch as ws
from warclaims.store.articles import list_errors
from warclaims.store.engine import open_store
from warclaims.store.schema import articles
from warclaims.reconcile.rules import parse_rule
from warclaims.watch.alerts import Alerter, StdoutSink, WebhookSender
from warclaims.watch.loop import Watcher, backoff_seconds
from warclaims.watch.sources import Source

INTERVAL = 600


def kinds(engine) -> list[str]:
    """Return the kinds of the stored events, oldest first."""
    return [e["kind"] for e in reversed(ws.list_events(engine, limit=500).rows)]


def article_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()


@pytest.fixture
def store(sqlite_url):
    engine = open_store(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_store(db_url):
    """A store on SQLite and on PostgreSQL (tests/pg.py)."""
    engine = open_store(db_url)
    yield engine
    engine.dispose()


def test_changing_feeds_give_exact_events_and_alerts(feeds, hook, db_store):
    store = db_store
    feeds.set("/ahram.rss", rss("Ahram Online", [ARTICLE_A]))
    feeds.set("/araby.rss", rss("Al-Araby", []))
    out = io.StringIO()
    recorded: list[tuple[str, str]] = []
    sender = WebhookSender(lambda url, code, fields: recorded.append((url, code.value)), retries=(0.1,))
    alerter = Alerter(
        rules=[parse_rule("admin1=Idlib,killed>=10"), parse_rule("contested", webhook=hook.url)],
        stdout=StdoutSink(out),
        webhooks=sender,
    )
    sources = [Source(source=feeds.url("/ahram.rss"), interval_s=INTERVAL),
               Source(source=feeds.url("/araby.rss"), interval_s=INTERVAL)]
    watcher = Watcher(store, sources, alerter=alerter)
    assert watcher.recover() == 0

    c1 = watcher.cycle(force=True)
    assert (c1.polled, c1.new_items, c1.ingested, c1.events, c1.alerts) == (2, 1, 1, 1, 1)
    assert kinds(store) == ["new_incident"]
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["alert"] == "admin1=Idlib,killed>=10"
    assert first["event"]["kind"] == "new_incident" and first["event"]["admin1"] == "Idlib"
    assert first["event"]["after"]["killed"] == {"best": 15, "low": 15, "high": 15}
    assert first["event"]["incident"]["outlets"] == ["Ahram Online"]

    # Unchanged feeds: conditional requests answered 304, nothing read or ingested.
    c2 = watcher.cycle(force=True)
    assert (c2.polled, c2.not_modified, c2.new_items, c2.events) == (2, 2, 0, 0)
    assert feeds.statuses("/ahram.rss") == [200, 304] and feeds.statuses("/araby.rss") == [200, 304]
    assert feeds.headers[-1].get("If-None-Match", "").startswith('"')
    assert article_count(store) == 1

    # A later article revises SOHR's toll; the first source starts failing. From here the cycles
    # run on a clock: a source is polled when its interval (or back-off) is over.
    t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=INTERVAL + 1)
    feeds.set("/araby.rss", rss("Al-Araby", [ARTICLE_B]))
    feeds.set("/ahram.rss", b"upstream down", status=500, content_type="text/plain")
    c3 = watcher.cycle(now=t)
    assert (c3.polled, c3.failed, c3.new_items, c3.ingested) == (2, 1, 1, 1)
    assert kinds(store) == ["new_incident", "new_report", "toll_revised"]
    revised = ws.list_events(store, kind="toll_revised").rows[0]
    assert revised["before"]["killed"]["best"] == 15 and revised["after"]["killed"]["best"] == 21
    assert revised["after"]["revised_by"] == ["the Syrian Observatory for Human Rights"]
    assert "15 -> 21" in revised["summary"]
    ahram = ws.get_source(store, feeds.url("/ahram.rss"))
    assert (ahram.failures, ahram.last_error_code, ahram.items_seen) == (1, "W110", 1)
    assert "HTTP 500" in ahram.last_error
    assert ahram.last_poll == t and ahram.next_poll == t + dt.timedelta(seconds=INTERVAL)
    assert any(e.code == "W110" and e.source_ref == feeds.url("/ahram.rss") for e in list_errors(store))

    # A state agency's figure contradicts the monitor: the incident becomes contested.
    t += dt.timedelta(seconds=INTERVAL + 1)
    feeds.set("/araby.rss", rss("Al-Araby", [ARTICLE_B, ARTICLE_C]))
    c4 = watcher.cycle(now=t)
    assert (c4.polled, c4.new_items, c4.failed) == (2, 1, 1)
    assert kinds(store) == ["new_incident", "new_report", "toll_revised",
                            "new_report", "toll_revised", "became_contested"]
    contested = ws.list_events(store, kind="became_contested").rows[0]
    figures = next(c for c in contested["after"]["contradictions"] if c["kind"] == "figures")
    assert sorted(s["value"] for s in figures["sides"]) == ["21", "3"]
    ahram = ws.get_source(store, feeds.url("/ahram.rss"))
    assert ahram.failures == 2
    assert ahram.next_poll - ahram.last_poll == dt.timedelta(seconds=backoff_seconds(INTERVAL, 2)) \
        == dt.timedelta(seconds=2 * INTERVAL)

    # One interval later the failing source is still backing off (even when forced, as --once does).
    t += dt.timedelta(seconds=INTERVAL + 1)
    feeds.set("/ahram.rss", rss("Ahram Online", [ARTICLE_A]))
    c5 = watcher.cycle(now=t, force=True)
    assert (c5.polled, c5.not_modified, c5.failed) == (1, 1, 0)
    assert feeds.statuses("/ahram.rss")[-1] == 500
    # After its back-off the source is polled again: its stored ETag gets a 304 and the failures reset.
    t += dt.timedelta(seconds=INTERVAL)
    c6 = watcher.cycle(now=t)
    assert (c6.polled, c6.failed, c6.new_items, c6.events) == (2, 0, 0, 0)
    assert feeds.statuses("/ahram.rss")[-1] == 304
    assert ws.get_source(store, feeds.url("/ahram.rss")).failures == 0

    sender.close(wait=10)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(a["alert"], a["event"]["kind"]) for a in lines] == [
        ("admin1=Idlib,killed>=10", "new_incident"),
        ("admin1=Idlib,killed>=10", "new_report"),
        ("admin1=Idlib,killed>=10", "toll_revised"),
        ("contested", "new_report"),
        ("contested", "toll_revised"),
        ("contested", "became_contested"),
    ]
    assert [(a["alert"], a["event"]["kind"]) for a in hook.received] == [
        ("contested", "new_report"), ("contested", "toll_revised"), ("contested", "became_contested")
    ]
    assert recorded == []
    watcher.close()


def test_a_restarted_watcher_alerts_only_what_it_has_not(feeds, store):
    feeds.set("/ahram.rss", rss("Ahram Online", [ARTICLE_A]))
    source = Source(source=feeds.url("/ahram.rss"), interval_s=INTERVAL)
    out = io.StringIO()
    first = Watcher(store, [source], alerter=Alerter(rules=[parse_rule("all")], stdout=StdoutSink(out)))
    first.recover()
    first.cycle(force=True)
    assert len(out.getvalue().splitlines()) == 1
    second = Watcher(store, [source], alerter=Alerter(rules=[parse_rule("all")], stdout=StdoutSink(out)))
    second.recover()
    assert second.cycle(force=True).alerts == 0
    assert len(out.getvalue().splitlines()) == 1
    # Another watcher name starts from the newest event, not the history.
    other = Watcher(store, [source], name="other", alerter=Alerter(rules=[parse_rule("all")], stdout=StdoutSink(out)))
    other.recover()
    assert len(out.getvalue().splitlines()) == 1
