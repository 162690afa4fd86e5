"""The claims view (/claims, its JSON twin, /api/claims), facet counts and downloads of a view,
over the filled SQLite store; counts are checked against direct SQL over the store file."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .support import all_rows, incident_id
from .webdata import HOSTILE_ID

pytest.importorskip("fastapi")

DIRECT = """
SELECT c.id, c.claimant, c.claimant_type, a.outlet, a.id AS article_id, c.blames, c.quote,
       l.id AS incident, l.admin1, l.event_type, l.perpetrator, l.date
FROM claims c
JOIN article_incidents i ON i.id = c.incident_id
JOIN articles a ON a.id = i.article_id AND a.revision = i.revision AND a.is_latest
JOIN incident_links k ON k.article_incident_id = i.id
JOIN linked_incidents l ON l.id = k.incident_id
"""


def direct_claims(filled_store) -> list[dict]:
    """Return every linked claim of the store, read with plain SQL (not the web code's query)."""
    import sqlalchemy as sa

    engine = sa.create_engine(filled_store["url"])
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text(DIRECT))]
    finally:
        engine.dispose()


def matches(row: dict, **filters) -> bool:
    """Return True when a direct row passes the given claim-view filters (the page's meaning)."""
    from warclaims.web.outlet_names import canonical_outlet

    for name, value in filters.items():
        if name == "claimant" and value.lower() not in row["claimant"].lower():
            return False
        if name == "outlet" and canonical_outlet(row["outlet"]) != canonical_outlet(value):
            return False
        if name == "blames" and (row["blames"] or "none") != value:
            return False
        if name in ("claimant_type", "incident", "admin1", "perpetrator") and row[name] != value:
            return False
        if name == "type" and row["event_type"] != value:
            return False
    return True


def all_claims(client, params: dict) -> list[dict]:
    """Return every claim of a view, following the ``next`` cursors of /api/claims."""
    rows, cursor = [], None
    while True:
        body = client.get("/api/claims", params={**params, "limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        assert body["ok"] is True, body
        rows += body["rows"]
        cursor = body["next"]
        if cursor is None:
            return rows


def test_claims_page_and_json_twin(client, filled_store):
    html = client.get("/claims")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    a, b = client.get("/claims.json").json(), client.get("/claims?format=json").json()
    assert a == b and a["ok"] is True
    assert a["total"] == len(direct_claims(filled_store)) > 50
    assert len(a["rows"]) == 50 and a["next"]
    row = a["rows"][0]
    assert set(row) >= {"claimant", "claimant_type", "killed", "injured", "quote", "blames", "article", "incident", "status"}
    assert row["article"]["outlet_name"] and row["incident"]["id"]
    assert f'/incidents/{row["incident"]["id"]}' in html.text
    assert html.text.count('<q class="claim-quote">') == 50
    assert "This page as JSON" in html.text and 'href="/claims.json"' in html.text


def test_claims_json_twin_keeps_the_query(client):
    html = client.get("/claims", params={"admin1": "Idlib"}).text
    assert 'href="/claims.json?admin1=Idlib"' in html


def test_each_claim_shows_its_quote_beside_its_figure_and_status(client):
    iid = incident_id(client)
    body = client.get("/claims.json", params={"incident": iid}).json()
    by_claimant = {r["claimant"]: r for r in body["rows"]}
    assert set(by_claimant) == {"officials", "the Russian army", "local activists in Deir ez-Zor"}
    activists = by_claimant["local activists in Deir ez-Zor"]
    assert activists["status"] == "different_victims" and "different victims" in activists["note"]
    assert by_claimant["officials"]["status"] == "counted"
    html = client.get("/claims", params={"incident": iid}).text
    row = html[html.index('id="claim-%d"' % activists["id"]):]
    row = row[:row.index("</tr>")]
    assert "at least 24" in row and "ISIS militants" in row and "different victims" in row
    assert row.index('class="num best figure"') < row.index('<q class="claim-quote">')
    # the quote in its article's text on the incident page: that page's anchor of the same claim
    incident = client.get(f"/api/incidents/{iid}").json()
    index = next(c["id"] for c in incident["claims"] if c["claimant"] == "local activists in Deir ez-Zor")
    assert activists["ledger_index"] == index
    assert f'href="/incidents/{iid}#claim-{index}"' in row
    assert f'id="claim-{index}"' in client.get(f"/incidents/{iid}").text


@pytest.mark.parametrize("params", [
    {"claimant": "observatory"},
    {"claimant_type": "monitor_ngo"},
    {"outlet": "etilaf"},
    {"outlet": "Syrian Coalition"},  # an alias of etilaf: the same claims
    {"blames": "none"},
    {"blames": "us_led_coalition"},
    {"admin1": "Idlib", "claimant_type": "news_outlet"},
    {"type": "airstrike", "perpetrator": "russia"},
])
def test_claim_filters_match_a_direct_count(client, filled_store, params):
    expected = [r for r in direct_claims(filled_store) if matches(r, **params)]
    assert expected, params
    rows = all_claims(client, params)
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in expected)
    assert client.get("/claims.json", params=params).json()["total"] == len(expected)


def test_incident_filter_and_pagination_cover_every_claim_once(client, filled_store):
    iid = incident_id(client)
    assert sorted(r["id"] for r in all_claims(client, {"incident": iid})) == sorted(
        r["id"] for r in direct_claims(filled_store) if r["incident"] == iid)
    everything = all_claims(client, {})
    assert len({r["id"] for r in everything}) == len(everything) == len(direct_claims(filled_store))


@pytest.mark.parametrize(("params", "field"), [
    ({"claimant_type": "wizard"}, "claimant_type"),
    ({"blames": "aliens"}, "blames"),
    ({"claimant": "x" * 201}, "claimant"),
    ({"cursor": "!!"}, "cursor"),
    ({"from": "2017-02-30"}, "from"),
])
def test_bad_claim_filters_are_422_naming_the_field(client, params, field):
    for path in ("/api/claims", "/claims.json"):
        r = client.get(path, params=params)
        assert r.status_code == 422 and r.json()["error"]["code"] == "W604", (path, r.text)
        assert field in r.json()["error"]["message"]
    assert client.get("/claims", params=params).status_code == 422


def test_claims_page_escapes_article_text(client):
    iid = client.get("/api/incidents", params={"q": "Douma"}).json()["rows"][0]["id"]
    html = client.get("/claims", params={"incident": iid}).text
    assert "<img src=x" not in html and "<i>evil</i>" not in html and "Douma <script>" not in html
    assert "Activists &lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;i&gt;evil&lt;/i&gt; outlet" in html
    assert f'href="/articles/{HOSTILE_ID}"' in html
    # a filter value is echoed escaped too
    html = client.get("/claims", params={"claimant": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in html and "&#34;&gt;&lt;script&gt;alert(1)" in html


# --- facets ----------------------------------------------------------------------------------------


def test_claim_facets_count_what_choosing_the_value_shows(client, filled_store):
    base = {"type": "airstrike"}
    facets = client.get("/claims.json", params=base).json()["facets"]
    direct = direct_claims(filled_store)
    param = {"admin1": "admin1", "event_type": "type", "perpetrator": "perpetrator", "outlet": "outlet",
             "claimant_type": "claimant_type", "blames": "blames"}
    for name, values in facets.items():
        assert values, name
        for v in values:
            params = {**base, param[name]: v["value"]}
            assert v["count"] == sum(1 for r in direct if matches(r, **params)), (name, v)
    # the facet of an active filter still lists the other values (its own filter is left out)
    chosen = client.get("/claims.json", params={**base, "admin1": "Idlib"}).json()["facets"]
    assert chosen["admin1"] == facets["admin1"] and len(chosen["admin1"]) > 1
    assert sum(v["count"] for v in chosen["event_type"]) == sum(
        1 for r in direct if matches(r, admin1="Idlib"))


# --- share and download --------------------------------------------------------------------------


def claim_keys(rows) -> list[tuple]:
    """Return (incident, article, claimant, quote) of API claim rows, in order."""
    return [(r["incident"]["id"], r["article"]["id"], r["claimant"], r["quote"]) for r in rows]


@pytest.mark.parametrize("params", [{}, {"admin1": "Idlib"}, {"outlet": "ahram", "type": "airstrike"},
                                    {"claimant_type": "monitor_ngo"}])
def test_claim_download_is_exactly_the_views_rows_in_order(client, params):
    rows = all_claims(client, params)
    assert rows
    view = claim_keys(rows)
    jsonl = client.get("/api/export", params={**params, "format": "jsonl", "level": "claim"})
    assert jsonl.status_code == 200 and jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert 'filename="warclaims-claims.jsonl"' in jsonl.headers["content-disposition"]
    records = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [(r["incident_id"], r["article_id"], r["claimant"], r["quote"]) for r in records] == view
    assert [r["status"] for r in records] == [r["status"] for r in rows]
    body = client.get("/api/export", params={**params, "format": "csv", "level": "claim"}).text
    table = list(csv.DictReader(io.StringIO(body, newline="")))
    assert [(r["event_id"], r["article_id"], r["claimant"], r["quote"]) for r in table] == view
    geo = client.get("/api/export", params={**params, "format": "geojson", "level": "claim"}).json()
    assert [(f["properties"]["event_id"], f["properties"]["claimant"]) for f in geo["features"]] == [
        (k[0], k[2]) for k in view]


@pytest.mark.parametrize("params", [{}, {"admin1": "Idlib"}, {"outlet": "Syrian Coalition"}])
def test_incident_download_of_the_overview_is_its_incidents(client, params):
    ids = [r["id"] for r in all_rows(client, "/api/incidents", limit=500, **params)]
    for fmt in ("jsonl", "geojson", "csv"):
        r = client.get("/api/export", params={**params, "format": fmt, "level": "incident"})
        assert r.status_code == 200
        if fmt == "jsonl":
            got = [json.loads(line)["incident_id"] for line in r.text.splitlines()]
        elif fmt == "geojson":
            got = [f["id"] for f in r.json()["features"]]
        else:
            got = [row["event_id"] for row in csv.DictReader(io.StringIO(r.text, newline=""))]
        assert got == ids, fmt


def test_incident_download_of_a_claims_view_is_its_claims_incidents(client):
    params = {"claimant": "observatory"}
    ids = list(dict.fromkeys(r["incident"]["id"] for r in all_claims(client, params)))
    r = client.get("/api/export", params={**params, "format": "jsonl", "level": "incident"})
    assert [json.loads(line)["incident_id"] for line in r.text.splitlines()] == ids and ids


def test_bad_export_level_is_422(client):
    r = client.get("/api/export", params={"format": "csv", "level": "article"})
    assert r.status_code == 422 and "level" in r.json()["error"]["message"]


def test_views_link_their_share_url_claims_and_downloads(client):
    html = client.get("/", params={"admin1": "Idlib", "type": "airstrike"}).text
    assert 'id="share-link" href="/?admin1=Idlib&amp;type=airstrike"' in html
    assert 'id="view-claims" href="/claims?admin1=Idlib&amp;type=airstrike"' in html
    for level in ("incident", "claim"):
        for fmt in ("csv", "geojson", "jsonl"):
            assert f'href="/api/export?format={fmt}&amp;level={level}&amp;admin1=Idlib&amp;type=airstrike"' in html
    html = client.get("/claims", params={"claimant_type": "monitor_ngo", "outlet": "ahram"}).text
    assert 'id="share-link" href="/claims?claimant_type=monitor_ngo&amp;outlet=ahram"' in html
    assert '<option value="monitor_ngo" selected>' in html and '<option value="ahram" selected>' in html
    assert 'href="/api/export?format=csv&amp;level=claim&amp;claimant_type=monitor_ngo&amp;outlet=ahram"' in html


@pytest.mark.postgres
def test_claims_view_facets_downloads_and_outlets_on_postgresql(pg_url, monkeypatch):
    from fastapi.testclient import TestClient

    from warclaims.web import service
    from warclaims.web.api import READ_THREADS
    from warclaims.web.app import create_app
    from .webdata import fill_store

    store = fill_store(pg_url)
    direct = direct_claims(store)
    with TestClient(create_app(pg_url)) as client:
        assert client.get("/claims.json").json()["total"] == len(direct)
        params = {"type": "airstrike", "claimant_type": "monitor_ngo"}
        rows = all_claims(client, params)
        assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in direct if matches(r, **params))
        facets = client.get("/claims.json", params={"type": "airstrike"}).json()["facets"]
        for key in ("outlet", "blames"):
            for v in facets[key]:
                assert v["count"] == sum(1 for r in direct if matches(r, type="airstrike", **{key: v["value"]})), v
        jsonl = client.get("/api/export", params={**params, "format": "jsonl", "level": "claim"}).text
        assert [(r["incident_id"], r["article_id"], r["claimant"], r["quote"])
                for r in map(json.loads, jsonl.splitlines())] == claim_keys(rows)
        overview = client.get("/index.json", params={"admin1": "Idlib"}).json()["facets"]
        for v in overview["event_type"]:
            chosen = all_rows(client, "/api/incidents", limit=500, admin1="Idlib", type=v["value"])
            assert v["count"] == len(chosen)
        ara = {r["outlet"]: r for r in client.get("/outlets.json").json()["rows"]}["ARA News"]
        assert (ara["compared"], ara["different_victims"], ara["inside_share"]) == (2, 1, 1.0)
        assert client.get("/claims").status_code == 200 and client.get("/outlets").status_code == 200
        # A server database's bounded reads run holding one of the read threads' slots (SQLite's
        # run on the event loop), a scan in the default pool without one.
        slots = client.app.state.read_slots
        held = []
        for name in ("list_incidents", "get_incident"):
            real = getattr(service, name)
            monkeypatch.setattr(service, name,
                                lambda *a, real=real: held.append(slots.borrowed_tokens) or real(*a))
        first = client.get("/api/incidents", params={"limit": 1}).json()["rows"][0]
        assert client.get(f"/api/incidents/{first['id']}").json()["id"] == first["id"]
        assert client.get("/api/incidents", params={"q": "Douma"}).status_code == 200
        assert held == [1, 1, 0] and slots.total_tokens == READ_THREADS
