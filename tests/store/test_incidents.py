"""The dashboard's incident queries (store/incidents.py, through warclaims.api) on a store of written reports."""

from __future__ import annotations

import pytest

from warclaims import api

from .storedata import REPORTS, fill


@pytest.fixture
def url(db_url):
    fill(db_url)
    return db_url


def all_rows(url, **filters):
    """Return every incident summary matching the filters, through the incident list."""
    return api.incident_page(url, limit=500, **filters).rows


def test_facets_count_the_incidents_the_list_holds(url):
    rows = all_rows(url)
    assert sum(n for _, n in api.incident_facet(url, "admin1", outlet_codes={})) == len(rows)
    by_type = dict(api.incident_facet(url, "event_type", outlet_codes={}, admin1="Idlib"))
    assert by_type == {"airstrike": len(all_rows(url, admin1="Idlib"))}


def test_outlet_facet_counts_an_incident_once_per_outlet(url):
    codes = {"ahram": "ahram", "ahram online": "ahram"}
    ahram_incidents = {i for aid in ("idlib-1", "idlib-2") for i in api.incident_ids_of_article(aid, url)}
    counts = dict(api.incident_facet(url, "outlet", outlet_codes=codes))
    assert counts["ahram"] == len(ahram_incidents)
    sana_incidents = {i for aid in ("idlib-3", "aleppo-1") for i in api.incident_ids_of_article(aid, url)}
    assert counts["SANA"] == len(sana_incidents)


def test_killed_per_day_sums_the_incidents_of_each_day(url):
    rows = all_rows(url)
    days = api.killed_per_day(url)
    assert [d.day for d in days] == sorted(d.day for d in days)
    assert sum(d.n for d in days) == len(rows)
    for d in days:
        same_day = [r for r in rows if r.date == d.day]
        assert d.best == sum(r.killed.best if r.killed.best is not None else (r.killed.low or 0) for r in same_day)


def test_incident_rows_keep_the_order_given_and_skip_unknown_ids(url):
    ids = [r.id for r in all_rows(url)]
    wanted = [*reversed(ids), "no-such-incident"]
    assert [r.id for r in api.incident_rows(url, wanted)] == list(reversed(ids))
    assert api.map_incidents(url, limit=1)[0].killed_best == max(r.killed.best or 0 for r in all_rows(url))


def test_outlets_of_articles_and_the_ledger_state(url):
    assert sorted(api.article_outlets(url)) == sorted({r[1] for r in REPORTS})
    assert dict(api.articles_per_outlet(url)) == {"ahram": 1, "Ahram Online": 1, "SANA": 2}
    before = api.ledger_state(url)
    assert api.ledger_state(url) == before
    api.relink(url)  # re-linking rewrites every incident's summary
    assert api.ledger_state(url) != before
