"""Linked incidents shaped for the web (web/incidents.py): filters and cursors of the incident list, the
overview's facet counts (what choosing a value shows, an outlet's aliases merged), and the outlets'
statistics: per-outlet agreement with the ledger ranges (different-victims claims kept apart) and the
credibility distribution of each outlet's articles."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from warclaims.errors import WarclaimsError
from warclaims.web.incidents import IncidentFilters, decode_cursor, encode_cursor, list_incidents

from .support import all_rows
from .webdata import store_with_verdicts, verdict_of

pytest.importorskip("fastapi")


# --- filters and cursors of the incident list -----------------------------------------------


def test_cursor_round_trips_and_a_malformed_one_is_w604_naming_cursor():
    values = ["2017-04-04", 86, "inc-12"]
    cursor = encode_cursor(values)
    assert "=" not in cursor and decode_cursor(cursor) == values
    not_a_list = base64.urlsafe_b64encode(b'{"after": 3}').decode()
    for bad in ("not-a-cursor!", not_a_list, cursor[:-3]):
        with pytest.raises(WarclaimsError) as caught:
            decode_cursor(bad)
        assert caught.value.code.name == "W604" and caught.value.fields["field"] == "cursor", bad


def test_filters_as_query_leave_empty_ones_out():
    filters = IncidentFilters(date_from=dt.date(2017, 4, 1), admin1="Idlib", contested=False, q="")
    assert filters.to_query() == {"from": "2017-04-01", "admin1": "Idlib", "contested": "false"}
    assert IncidentFilters().to_query() == {}


def test_list_pages_cover_an_outlet_under_any_of_its_names_once(filled_store):
    from warclaims.store import open_store

    engine = open_store(filled_store["url"])
    try:
        pages, cursor = [], None
        while True:
            page = list_incidents(engine, IncidentFilters(outlet="Ahram Online"), cursor=cursor, limit=3)
            pages.append(page.rows)
            cursor = page.next
            if cursor is None:
                break
        ids = [r["id"] for rows in pages for r in rows]
        assert len(pages) > 1 and len(ids) == len(set(ids))
        assert all("ahram" in r["outlets"] for rows in pages for r in rows)
        by_code = list_incidents(engine, IncidentFilters(outlet="ahram"), limit=500).rows
        assert ids == [r["id"] for r in by_code]  # the display name finds what the stored code finds
        with pytest.raises(WarclaimsError) as caught:
            list_incidents(engine, IncidentFilters(), cursor="not-a-cursor!")
        assert caught.value.code.name == "W604"
    finally:
        engine.dispose()


# --- facet counts of the overview (facets) ---------------------------------------------------


def test_overview_facets_count_what_choosing_the_value_shows(client):
    base = {"contested": "false"}
    facets = client.get("/index.json", params=base).json()["facets"]
    assert set(facets) == {"admin1", "event_type", "perpetrator", "outlet"}
    param = {"admin1": "admin1", "event_type": "type", "perpetrator": "perpetrator", "outlet": "outlet"}
    for name, values in facets.items():
        assert values, name
        for v in values:
            chosen = all_rows(client, "/api/incidents", limit=500, **{**base, param[name]: v["value"]})
            assert v["count"] == len(chosen), (name, v)
    html = client.get("/", params={**base, "admin1": "Idlib"}).text
    idlib = next(v["count"] for v in facets["admin1"] if v["value"] == "Idlib")
    assert f'<option value="Idlib" selected>Idlib ({idlib})</option>' in html
    from warclaims.models import ADMIN1_SYRIA

    counts = {v["value"]: v["count"] for v in facets["admin1"]}
    for g in ADMIN1_SYRIA:
        if g != "Idlib":
            assert f'<option value="{g}">{g} ({counts.get(g, 0)})</option>' in html


def test_overview_outlet_facet_merges_aliases_against_a_direct_count(client, filled_store):
    import sqlalchemy as sa

    from warclaims.web.outlet_names import canonical_outlet

    engine = sa.create_engine(filled_store["url"])
    with engine.connect() as conn:
        pairs = conn.execute(sa.text(
            "SELECT DISTINCT a.outlet, k.incident_id FROM incident_links k JOIN articles a "
            "ON a.id = k.article_id AND a.is_latest")).all()
    engine.dispose()
    expected: dict[str, set] = {}
    for outlet, iid in pairs:
        if outlet:
            expected.setdefault(canonical_outlet(outlet), set()).add(iid)
    facet = {v["value"]: v["count"] for v in client.get("/index.json").json()["facets"]["outlet"]}
    assert facet == {k: len(v) for k, v in expected.items()}
    assert "Syrian Coalition" not in facet and facet["etilaf"] > 0


# --- the outlets' statistics (outlet_stats) -------------------------------------------------


def ledger_claims(client) -> list[tuple[dict, dict]]:
    """Return (ledger estimate, claim) of every claim of every incident, read through the incident API."""
    out, cursor = [], None
    while True:
        body = client.get("/api/incidents", params={"limit": 500, **({"cursor": cursor} if cursor else {})}).json()
        for row in body["rows"]:
            incident = client.get(f"/api/incidents/{row['id']}").json()
            out += [(incident["ledger"]["killed"], claim) for claim in incident["claims"]]
        cursor = body["next"]
        if cursor is None:
            return out


def test_different_victims_claims_are_kept_apart_not_counted_outside(client):
    rows = {r["outlet"]: r for r in client.get("/outlets.json").json()["rows"]}
    ara = rows["ARA News"]
    # officials and the Russian army: 60 killed soldiers (the ledger's 60); local activists: at least
    # 24 ISIS militants, other victims: apart, so the outlet is not wrongly "outside" once in three
    assert (ara["claims"], ara["with_figure"], ara["compared"], ara["inside"]) == (3, 3, 2, 2)
    assert ara["different_victims"] == 1 and ara["inside_share"] == 1.0
    html = client.get("/outlets").text
    assert "Different victims" in html and "100 %" in html


def test_outlet_counts_match_the_ledgers_of_the_incident_api(client):
    from warclaims.web.outlet_names import canonical_outlet

    expected: dict[str, dict[str, int]] = {}
    for killed, claim in ledger_claims(client):
        s = expected.setdefault(canonical_outlet(claim["outlet"]), {"claims": 0, "compared": 0, "inside": 0,
                                                                    "different_victims": 0})
        s["claims"] += 1
        s["different_victims"] += claim["status"] == "different_victims"
        point = (claim["killed"] or {}).get("low")
        point = point if point is not None else (claim["killed"] or {}).get("high")
        if claim["status"] in ("counted", "superseded") and point is not None and (
                killed["low"] is not None or killed["high"] is not None):
            s["compared"] += 1
            s["inside"] += (killed["low"] is None or point >= killed["low"]) and (
                killed["high"] is None or point <= killed["high"])
    rows = client.get("/api/outlets").json()["rows"]
    got = {r["outlet"]: {k: r[k] for k in ("claims", "compared", "inside", "different_victims")}
           for r in rows if r["claims"]}
    assert got == expected
    for r in rows:
        assert r["inside"] <= r["compared"] <= r["with_figure"] <= r["claims"]
        assert r["inside_share"] == (r["inside"] / r["compared"] if r["compared"] else None)


def test_outlet_credibility_distribution_counts_its_articles_verdicts(filled_store, tmp_path):
    import sqlalchemy as sa
    from fastapi.testclient import TestClient

    from warclaims.web.app import create_app
    from warclaims.web.outlet_names import canonical_outlet

    url = store_with_verdicts(filled_store, tmp_path / "assessed.db")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        direct = conn.execute(sa.text(
            "SELECT a.outlet, c.label, c.score FROM credibility c JOIN articles a "
            "ON a.id = c.article_id AND a.revision = c.revision WHERE a.is_latest")).all()
    engine.dispose()
    expected: dict[str, dict] = {}
    for outlet, label, score in direct:
        d = expected.setdefault(canonical_outlet(outlet), {"labels": {}, "histogram": [0] * 10, "scores": []})
        d["labels"][label] = d["labels"].get(label, 0) + 1
        d["histogram"][min(9, int(score * 10))] += 1
        d["scores"].append(score)
    with TestClient(create_app(url)) as client:
        rows = {r["outlet"]: r for r in client.get("/outlets.json").json()["rows"]}
        html = client.get("/outlets").text
    assert set(expected) == {o for o, r in rows.items() if r["credibility"]}
    for outlet, d in expected.items():
        cred = rows[outlet]["credibility"]
        assert {k: v for k, v in cred["labels"].items() if v} == d["labels"], outlet
        assert cred["histogram"] == d["histogram"] and cred["assessed"] == len(d["scores"])
        assert cred["mean_score"] == round(sum(d["scores"]) / len(d["scores"]), 3)
    ara_score, ara_label = verdict_of("ara-news-deir-ez-zor-2016-09")
    assert rows["ARA News"]["credibility"]["labels"][ara_label] == 1
    assert 'class="histogram"' in html and "not assessed" not in html


def test_outlet_counts_follow_a_newly_linked_article(filled_store, tmp_path):
    import dataclasses

    from fastapi.testclient import TestClient

    from warclaims.store import open_store
    from warclaims.store.articles import add_articles
    from warclaims.store.extractions import save_extractions
    from warclaims.store.ledger import attach_new
    from warclaims.web.app import create_app
    from .webdata import extraction_from_gold

    url = store_with_verdicts(filled_store, tmp_path / "grown.db")
    with TestClient(create_app(url)) as client:
        before = {r["outlet"]: r for r in client.get("/outlets.json").json()["rows"]}["ARA News"]
        # the same report again under another id: three more ARA News claims once linked
        ara = filled_store["articles"]["ara-news-deir-ez-zor-2016-09"]
        article = dataclasses.replace(ara, id="ara-news-again", text=ara.text + "\n\n(Republished.)",
                                      url=None, content_hash="")
        engine = open_store(url)
        try:
            result = add_articles(engine, [article], revise=False)
            assert result.ingested == ["ara-news-again"], result
            save_extractions(engine, [extraction_from_gold(article, filled_store["records"]["ara-news-deir-ez-zor-2016-09"])])
            attach_new(engine)
        finally:
            engine.dispose()
        after = {r["outlet"]: r for r in client.get("/outlets.json").json()["rows"]}["ARA News"]
    assert after["articles"] == before["articles"] + 1
    assert after["claims"] == before["claims"] + 3 and after["different_victims"] == before["different_victims"] + 1
