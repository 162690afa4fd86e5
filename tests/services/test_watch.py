"""warclaims.services.watch: change events recorded by diffing stored incidents, the watcher's
alert position, assessing what a killed watcher left, and its sources' state.

The store holds real Idlib reports (Ahram Online, then Al-Araby's revised toll) with their
incidents stored as extractions and linked, as the watcher's write phase leaves them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from warclaims.models import Article, ArticleExtraction, Claim, Incident, Interval
from warclaims.services.watch import (
    assess_unassessed,
    mark_seen,
    new_events,
    record_changes,
    save_source_state,
    seen_items,
    source_state,
    source_states,
)
from warclaims.store import add_articles, open_store, save_extraction
from warclaims.store import watch as ws
from warclaims.store.credibility import get_credibility
from warclaims.store.ledger import attach_new

SOHR = "the Syrian Observatory for Human Rights"
REPORTS = {
    "ahram-idlib-1": ("Ahram Online", dt.date(2017, 4, 8), 15,
                      "An air strike killed 15 civilians including four children in the village of Urum al-Joz in "
                      "Idlib on Saturday, the Syrian Observatory for Human Rights said."),
    "araby-idlib-2": ("Al-Araby", dt.date(2017, 4, 9), 21,
                      "The death toll from an air strike on the village of Urum al-Joz in Idlib province on "
                      "Saturday has risen to 21 civilians, the Syrian Observatory for Human Rights said on Sunday."),
}


def store_report(engine, article_id: str) -> None:
    """Store one report with its incident (as extracted) and link it, without assessing it."""
    outlet, published, killed, text = REPORTS[article_id]
    toll = Interval(low=killed, high=killed)
    claim = Claim(claimant=SOHR, claimant_type="monitor_ngo", killed=toll, victims="civilians",
                  quote=text.split(", the Syrian")[0])
    incident = Incident(event_type="airstrike", date=dt.date(2017, 4, 8), date_precision="day", admin1="Idlib",
                        place="Urum al-Joz", perpetrator="unknown", victims="civilians", killed=toll,
                        claims=[claim], index=0)
    add_articles(engine, [Article(id=article_id, text=text, outlet=outlet, published=published)])
    save_extraction(engine, ArticleExtraction(article_id=article_id, incidents=[incident]))
    attach_new(engine)


@pytest.fixture
def engine(tmp_path):
    eng = open_store(str(tmp_path / "watch.db"))
    yield eng
    eng.dispose()


def test_the_first_diff_observes_and_later_changes_are_events_once(engine):
    store_report(engine, "ahram-idlib-1")
    assert record_changes(engine) == 0  # a watcher started on a full store announces no history
    store_report(engine, "araby-idlib-2")
    added = record_changes(engine)
    kinds = {e["kind"] for e in ws.list_events(engine).rows}
    assert added == len(ws.list_events(engine).rows) > 0
    assert {"new_report", "toll_revised"} <= kinds
    revised = ws.list_events(engine, kind="toll_revised").rows[0]
    assert revised["admin1"] == "Idlib" and "21" in revised["summary"]
    assert record_changes(engine) == 0  # nothing changed since


def test_a_new_watcher_alerts_from_now_on_and_each_batch_once(engine):
    store_report(engine, "ahram-idlib-1")
    record_changes(engine)
    assert list(new_events(engine, "desk")) == []  # its position is set to the newest event
    store_report(engine, "araby-idlib-2")
    record_changes(engine)
    batches = list(new_events(engine, "desk"))
    assert [e["id"] for batch in batches for e in batch] == [e["id"] for e in ws.events_after(engine, 0)]
    assert list(new_events(engine, "desk")) == []  # the position moved past them


def test_articles_linked_but_not_assessed_are_assessed(engine):
    store_report(engine, "ahram-idlib-1")
    store_report(engine, "araby-idlib-2")
    assert get_credibility(engine, "ahram-idlib-1") is None
    assert assess_unassessed(engine) == 2
    verdict = get_credibility(engine, "araby-idlib-2")
    assert verdict is not None and 0.0 <= verdict.score <= 1.0 and verdict.reasons
    assert assess_unassessed(engine) == 0


def test_source_state_and_seen_items(engine):
    feed = "https://english.ahram.org.eg/rss/Syria.rss"
    state = source_state(engine, feed)
    assert state.source == feed and state.failures == 0 and state.last_poll is None  # never polled
    state.etag, state.items_seen = '"5f3a"', 1
    save_source_state(engine, state)
    assert [(s.source, s.etag, s.items_seen) for s in source_states(engine)] == [(feed, '"5f3a"', 1)]
    link = "https://english.ahram.org.eg/News/264191.aspx"
    assert seen_items(engine, feed, [link]) == set()
    assert mark_seen(engine, feed, {link: "ahram-idlib-1"}) == 1
    assert seen_items(engine, feed, [link]) == {link}
