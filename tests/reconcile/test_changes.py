"""warclaims.reconcile.changes: incident states and the events between them, on ledgers the pipeline builds from real reports."""

from __future__ import annotations

import datetime as dt

import pytest
from watch.watchdata import ARTICLE_A, ARTICLE_B, ARTICLE_C  # the watch tests' articles (tests/ is on sys.path)

from warclaims import api
from warclaims.ingest.normalize import make_article
from warclaims.reconcile.changes import diff_states, event_key, incident_state
from warclaims.store.engine import open_store
from warclaims.store.ledger import get_incident, list_incidents

OUTLETS = {"ahram-idlib-1": "Ahram Online", "araby-idlib-2": "Al-Araby", "sana-idlib-3": "SANA"}


def article(spec):
    day = dt.datetime.strptime(spec["date"], "%a, %d %b %Y %H:%M:%S %z").date()
    return make_article(text=spec["text"], title=spec["title"], url=spec["link"], outlet=OUTLETS[spec["id"]],
                        published=day, source_ref=spec["id"])


def ledger_after(engine, *specs):
    api.ingest_items([article(s) for s in specs], db=engine)
    rows = list_incidents(engine).rows
    assert len(rows) == 1
    return get_incident(engine, rows[0].id)


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory):
    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('changes') / 'c.db'}")
    first = ledger_after(engine, ARTICLE_A, ARTICLE_C)
    second = ledger_after(engine, ARTICLE_B)
    engine.dispose()
    return first, second


def test_state_of_a_contested_ledger(ledgers):
    first, _ = ledgers
    state = incident_state(first, {})
    assert state["admin1"] == "Idlib" and state["contested"] is True
    assert len(state["articles"]) == 2 and state["credibility"] == {}
    figures = next(c for c in state["contradictions"] if c["kind"] == "figures")
    assert sorted(s["value"] for s in figures["sides"]) == ["15", "3"]
    assert any("SANA" in claim for s in figures["sides"] for claim in s["claims"])


def test_a_further_report_adds_a_contradiction_and_revises_the_toll(ledgers):
    first, second = ledgers
    events = diff_states(second.incident_id, incident_state(first, {}), incident_state(second, {}))
    assert [e["kind"] for e in events] == ["new_report", "toll_revised", "contradiction_added"]
    added = events[2]["after"]["contradictions"]
    assert [c["kind"] for c in added] == ["figures"] and "3 to 21" in added[0]["detail"]
    assert events[1]["after"]["revised_by"] == ["the Syrian Observatory for Human Rights"]


def test_new_incident_and_no_change(ledgers):
    first, _ = ledgers
    state = incident_state(first, {})
    [new] = diff_states(first.incident_id, None, state)
    assert new["kind"] == "new_incident" and new["before"] is None and "Urum al-Joz" in new["summary"]
    assert diff_states(first.incident_id, state, incident_state(first, {})) == []


def test_credibility_label_change(ledgers):
    first, _ = ledgers
    aid = first.articles[0]
    before = incident_state(first, {aid: {"label": "credible", "score": 0.71}})
    after = incident_state(first, {aid: {"label": "doubtful", "score": 0.32}})
    [event] = diff_states(first.incident_id, before, after)
    assert event["kind"] == "credibility_changed" and event["article_ids"] == [aid]
    assert (event["before"]["label"], event["after"]["label"]) == ("credible", "doubtful")
    # A first verdict is not a change.
    assert diff_states(first.incident_id, incident_state(first, {}), after) == []


def test_event_keys_tie_an_event_to_its_observation(ledgers):
    first, _ = ledgers
    [new] = diff_states(first.incident_id, None, incident_state(first, {}))
    assert event_key(new, None) == event_key(dict(new), None)
    assert event_key(new, None) != event_key(new, "2026-12-07T00:00:00+00:00")
