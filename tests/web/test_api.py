"""The REST API routes (web/api.py) over a store filled from real data (FA-KES dev rows with gold, the ARA
News example): lists, filters, records, export, check, ingest and the write token."""

from __future__ import annotations

import csv
import http.server
import io
import json
import threading

import httpx
import pytest

from .support import AUTH, all_rows, assert_error, live_server
from .webdata import EXAMPLE_TXT, TOKEN, gold_extractor

pytest.importorskip("fastapi")

WRITE_TEXT = "Shelling killed 3 people in Daraa on Tuesday, activists said. Reliability case one, first text."
"""An article checked with ``store: true`` over real HTTP (the write guards of /api/check)."""


def article_count(base: str) -> int:
    """Return how many articles the server at ``base`` lists."""
    return len(httpx.get(f"{base}/api/articles", params={"limit": 500}).json()["rows"])


# --- incidents -----------------------------------------------------------------------------


def test_incident_list_shape_and_order(client):
    body = client.get("/api/incidents", params={"limit": 5}).json()
    assert body["ok"] is True and len(body["rows"]) == 5 and body["next"]
    row = body["rows"][0]
    for key in ("id", "date", "event_type", "admin1", "place", "perpetrator", "killed", "outlets", "contested"):
        assert key in row
    dates = [r["date"] for r in body["rows"]]
    assert dates == sorted(dates, reverse=True)


def test_cursor_pagination_covers_every_incident_once(client, filled_store):
    rows = all_rows(client, "/api/incidents", limit=7)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert len(ids) == filled_store["incidents"]
    reports = sum(1 for r in filled_store["records"].values() if r.get("incident")) + 1  # + hostile
    assert 0 < len(ids) <= reports


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"admin1": "Idlib"}, lambda r: r["admin1"] == "Idlib"),
        ({"admin1": "idlib"}, lambda r: r["admin1"] == "Idlib"),
        ({"type": "airstrike"}, lambda r: r["event_type"] == "airstrike"),
        ({"perpetrator": "russia"}, lambda r: r["perpetrator"] == "russia"),
        ({"outlet": "ahram"}, lambda r: "ahram" in r["outlets"]),
        ({"from": "2017-04-01", "to": "2017-04-30"}, lambda r: "2017-04-01" <= r["date"] <= "2017-04-30"),
        ({"contested": "true"}, lambda r: r["contested"] is True),
        ({"contested": "false"}, lambda r: r["contested"] is False),
        ({"q": "Douma"}, lambda r: "Douma" in (r["place"] or "") or "Douma" in (r["title"] or "")),
    ],
)
def test_incident_filters(client, params, check):
    rows = all_rows(client, "/api/incidents", **params)
    assert rows, f"no rows for {params}"
    assert all(check(r) for r in rows)
    total = len(all_rows(client, "/api/incidents"))
    assert len(rows) < total


@pytest.mark.parametrize(
    ("params", "threaded"),
    [
        ({"admin1": "Idlib", "limit": 5}, False),  # one index in sort order: on the event loop
        ({"type": "airstrike", "from": "2017-01-01"}, False),  # one index and a period: on the loop
        ({"q": "Douma"}, True),  # a place substring: every row is read, in a thread
        ({"outlet": "ahram"}, True),  # through links and articles: in a thread
        ({"contested": "true"}, True),  # no index: in a thread
        ({"admin1": "Idlib", "type": "airstrike"}, True),  # one index, the other tested row by row
    ],
)
def test_bounded_reads_run_on_the_loop_and_scans_in_threads(client, monkeypatch, params, threaded):
    import threading

    from warclaims.web import service

    where: list[str] = []

    def recorded(name):
        real = getattr(service, name)

        def call(*args, **kwargs):
            where.append(threading.current_thread().name)
            return real(*args, **kwargs)

        monkeypatch.setattr(service, name, call)

    recorded("list_incidents")
    recorded("get_incident")
    rows = client.get("/api/incidents", params=params).json()["rows"]
    detail = client.get(f"/api/incidents/{rows[0]['id']}")
    assert detail.status_code == 200 and detail.json()["id"] == rows[0]["id"]
    in_worker = ["AnyIO worker" in name for name in where]
    assert in_worker == [threaded, False]  # one incident is a bounded read
    assert client.app.state.read_slots.borrowed_tokens == 0  # SQLite: the read threads stay unused


def test_reads_go_to_threads_while_the_server_is_still_loading(client, monkeypatch):
    # At start-up `serve` loads the reference records in the background: a read that would
    # need them must not block the event loop waiting for that load.
    import threading

    from warclaims.web import service

    where: list[str] = []
    real = service.get_incident
    monkeypatch.setattr(service, "get_incident",
                        lambda *a: where.append(threading.current_thread().name) or real(*a))
    row = client.get("/api/incidents", params={"limit": 1}).json()["rows"][0]
    # Set and put back by hand: monkeypatch would delete it at the end (starlette's State keeps
    # attributes in a dict of its own, not in the instance __dict__ monkeypatch restores).
    done, client.app.state.warmed = client.app.state.warmed, threading.Event()  # not loaded yet
    try:
        assert client.get(f"/api/incidents/{row['id']}").status_code == 200
    finally:
        client.app.state.warmed = done
    assert len(where) == 1 and "AnyIO worker" in where[0]


def test_filters_combine(client):
    rows = all_rows(client, "/api/incidents", admin1="Idlib", type="airstrike")
    assert rows and all(r["admin1"] == "Idlib" and r["event_type"] == "airstrike" for r in rows)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "yesterday"}, "from"),
        ({"to": "2017-13-01"}, "to"),
        ({"type": "picnic"}, "type"),
        ({"perpetrator": "martians"}, "perpetrator"),
        ({"contested": "maybe"}, "contested"),
        ({"cursor": "not-a-cursor!"}, "cursor"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"from": "2017-05-01", "to": "2017-04-01"}, "from"),
    ],
)
def test_incident_list_malformed_input_is_422_naming_the_field(client, params, field):
    assert_error(client.get("/api/incidents", params=params), 422, "W604", field)


def test_incident_detail(client):
    rows = all_rows(client, "/api/incidents", q="Deir ez-Zor military airport")
    assert len(rows) == 1
    body = client.get(f"/api/incidents/{rows[0]['id']}").json()
    assert body["ok"] is True
    assert body["ledger"]["killed"]["best"] == 60 and body["ledger"]["killed"]["low"] == 60
    assert [c["claimant"] for c in body["claims"]] == ["officials", "the Russian army", "local activists in Deir ez-Zor"]
    # the activists' "dozens of ISIS militants" are other victims: kept, shown, left out of the estimate
    assert body["claims"][2]["status"] == "different_victims"
    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    for quote in body["quotes"]:
        start, end = quote["span"]
        assert quote["quote"] in text and end - start == len(quote["quote"])
    assert "contradictions" in body


def test_contested_incident_lists_its_contradiction(client):
    row = next(r for r in all_rows(client, "/api/incidents", q="Douma"))
    body = client.get(f"/api/incidents/{row['id']}").json()
    assert body["contested"] is True
    assert body["ledger"]["killed"]["low"] == 7
    kinds = [c["kind"] for c in body["contradictions"]]
    assert "figures" in kinds
    side_claims = [n for c in body["contradictions"] for side in c["sides"] for n in side["claims"]]
    assert set(side_claims) <= {c["id"] for c in body["claims"]}


def test_unknown_incident_is_404(client):
    assert_error(client.get("/api/incidents/999999"), 404, "W303")
    assert_error(client.get("/api/incidents/abc"), 404, "W303")


def test_timeline_and_map(client):
    days = client.get("/api/timeline", params={"admin1": "Aleppo"}).json()
    assert days["ok"] and days["rows"]
    assert all(d["low"] <= d["best"] <= d["high"] for d in days["rows"])
    assert [d["date"] for d in days["rows"]] == sorted(d["date"] for d in days["rows"])
    assert all(d["incidents"] > 0 for d in days["rows"])  # only days with incidents: gaps are not filled in
    incidents = client.get("/api/incidents", params={"admin1": "Aleppo", "limit": 500}).json()["rows"]
    dated = [r for r in incidents if r["date"]]
    assert sum(d["contested"] for d in days["rows"]) == sum(1 for r in dated if r["contested"])
    injured = [next((v for v in (r["injured"]["best"], r["injured"]["low"], r["injured"]["high"]) if v is not None), 0)
               for r in dated]
    assert sum(d["injured"] for d in days["rows"]) == sum(injured) > 0
    geo = client.get("/api/map", params={"admin1": "Aleppo"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 35 < lon < 43 and 32 < lat < 38


# --- articles and outlets ------------------------------------------------------------------


def test_article_list_and_pagination(client, filled_store):
    rows = all_rows(client, "/api/articles", limit=11)
    assert {r["id"] for r in rows} == set(filled_store["articles"])
    assert "text" not in rows[0]
    ahram = all_rows(client, "/api/articles", outlet="ahram")
    assert ahram and all(r["outlet"] == "ahram" for r in ahram)
    found = all_rows(client, "/api/articles", q="Deir ez-Zor military airport")
    assert [r["id"] for r in found] == ["ara-news-deir-ez-zor-2016-09"]


def test_article_detail(client):
    body = client.get("/api/articles/ara-news-deir-ez-zor-2016-09").json()
    assert body["ok"] is True
    assert body["article"]["outlet"] == "ARA News" and body["article"]["text"].startswith(
        EXAMPLE_TXT.read_text(encoding="utf-8").strip()[:40]
    )
    assert len(body["claims"]) == 3 and len(body["incidents"]) == 1
    cred = body["credibility"]
    assert cred is not None, "the packaged credibility model scores every article"
    assert cred["article_id"] == "ara-news-deir-ez-zor-2016-09" and cred["reasons"]
    assert_error(client.get("/api/articles/no-such-article"), 404, "W302")


def test_outlets(client):
    body = client.get("/api/outlets").json()
    assert body["ok"] is True and body["next"] is None
    by_name = {r["outlet"]: r for r in body["rows"]}
    assert by_name["ARA News"]["claims"] == 3
    for row in body["rows"]:
        assert row["inside"] <= row["with_figure"] <= row["claims"]
        assert row["inside_share"] is None or 0 <= row["inside_share"] <= 1


# --- export --------------------------------------------------------------------------------


def test_export_csv(client):
    r = client.get("/api/export", params={"format": "csv", "admin1": "Idlib"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(row["admin1"] == "Idlib" for row in rows)
    assert len(rows) == len(all_rows(client, "/api/incidents", admin1="Idlib"))


def test_export_geojson(client):
    r = client.get("/api/export", params={"format": "geojson"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    data = json.loads(r.text)
    assert data["type"] == "FeatureCollection" and data["features"]


def test_export_bad_format_is_422(client):
    assert_error(client.get("/api/export", params={"format": "xlsx"}), 422, "W604", "format")


# --- check ---------------------------------------------------------------------------------


def test_check_text_finds_matches_and_agreement(client):
    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    before = client.get("/api/articles", params={"limit": 500}).json()["rows"]
    body = client.post("/api/check", json={"text": text + "\nChecked copy.", "title": "copy"}).json()
    assert body["ok"] is True and body["stored"] is None
    incident = body["incidents"][0]
    assert incident["admin1"] == "Deir ez-Zor"
    assert incident["matches"], "the stored incident should match"
    verdicts = [v for a in incident["agreement"] for v in a["with"].values()]
    assert "inside" in verdicts
    after = client.get("/api/articles", params={"limit": 500}).json()["rows"]
    assert len(after) == len(before), "check must not store without store=true"
    cred = body["credibility"]
    assert cred is not None, "the packaged credibility model scores a checked article"
    assert cred["label"] in ("credible", "doubtful", "unverifiable") and 0 <= cred["score"] <= 1


def test_check_html(client):
    html = "<html><head><title>Strike</title></head><body><article><p>" + "<p>".join(
        EXAMPLE_TXT.read_text(encoding="utf-8").split("\n")) + "</article></body></html>"
    body = client.post("/api/check", json={"html": html}).json()
    assert body["ok"] is True and body["article"]["text"]


def test_check_url_from_loopback_server(filled_store, tmp_path):
    """The positive fetch path, with a test-only address policy that lets the guarded fetch reach loopback."""
    import ipaddress

    from fastapi.testclient import TestClient

    from warclaims.web.app import WebConfig, create_app

    config = WebConfig(db_url=filled_store["url"], api_token=TOKEN, extractor=gold_extractor(filled_store["records"]),
                       allow_fetch=True, fetch_allowed=lambda ip: ip == ipaddress.ip_address("127.0.0.1"))
    page = tmp_path / "article.html"
    page.write_text("<html><head><title>Deir ez-Zor strike</title></head><body><article>"
                    + "".join(f"<p>{line}</p>" for line in EXAMPLE_TXT.read_text(encoding="utf-8").splitlines()
                              if line.strip()) + "</article></body></html>", encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/article.html"
        with TestClient(create_app(config=config)) as client:
            body = client.post("/api/check", json={"url": url}).json()
    finally:
        server.shutdown()
        server.server_close()
    assert body["ok"] is True, body
    assert body["incidents"] and body["incidents"][0]["admin1"] == "Deir ez-Zor"


def test_check_store_true_stores(client):
    text = "Shelling killed 3 people in Daraa on Tuesday, activists said. A unique sentence 7f3a."
    body = client.post("/api/check", json={"text": text, "store": True},
                       headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert body["stored"] and body["stored"]["article_id"]
    assert client.get(f"/api/articles/{body['stored']['article_id']}").status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"),
        ({"text": "a", "url": "http://example.invalid/"}, "text"),
        ({"url": "ftp://example.invalid/x"}, "url"),
        ({"text": "   "}, "text"),
        ({"text": "x", "published": "last week"}, "published"),
        ({"text": "x", "store": "perhaps"}, "store"),
    ],
)
def test_check_malformed_is_422(client, payload, field):
    assert_error(client.post("/api/check", json=payload), 422, "W604", field)


# --- ingest and the write token ----------------------------------------------------------


def test_ingest_requires_token(client):
    payload = {"articles": [{"text": "Two people were killed in Homs."}], "process": False}
    err = assert_error(client.post("/api/ingest", json=payload), 401, "W602")
    assert err["message"]
    assert_error(client.post("/api/ingest", json=payload, headers={"Authorization": "Bearer wrong"}), 401, "W602")
    assert_error(client.post("/api/ingest", json=payload, headers={"Authorization": f"Basic {TOKEN}"}), 401, "W602")


def test_ingest_without_configured_token_is_403(filled_store):
    from fastapi.testclient import TestClient

    from warclaims.web.app import WebConfig, create_app

    app = create_app(config=WebConfig(db_url=filled_store["url"], api_token=None))
    with TestClient(app) as c:
        r = c.post("/api/ingest", json={"articles": [{"text": "x"}]}, headers=AUTH)
    assert_error(r, 403, "W603")


def test_ingest_with_token_stores_and_reports_duplicates(client):
    article = {"text": "A car bomb killed 4 people in Azaz, Aleppo, on Friday. Ingest test 91c2.",
               "title": "Azaz car bomb", "outlet": "test-outlet", "published": "2017-05-05", "id": "ingest-test-1"}
    r = client.post("/api/ingest", json={"articles": [article], "process": False}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["ingested"] == 1 and r.json()["article_ids"] == ["ingest-test-1"]
    again = client.post("/api/ingest", json={"articles": [article], "process": False}, headers=AUTH).json()
    assert again["duplicates"] == 1 and again["ingested"] == 0
    assert client.get("/api/articles/ingest-test-1").json()["article"]["outlet"] == "test-outlet"


def test_ingest_malformed_is_422(client):
    assert_error(client.post("/api/ingest", json={"articles": []}, headers=AUTH), 422, "W604", "articles")
    assert_error(client.post("/api/ingest", json={"articles": [{"text": "x", "published": "soon"}]}, headers=AUTH),
                 422, "W604", "articles.0.published")


def test_case1_check_store_without_configured_token_is_refused(sqlite_url):
    with live_server(db_url=sqlite_url, api_token=None) as base:
        r = httpx.post(f"{base}/api/check", json={"text": WRITE_TEXT, "store": True}, timeout=30)
        assert r.status_code == 403 and r.json()["error"]["code"] == "W603"
        assert article_count(base) == 0
        # a check that does not store still works without any token
        assert httpx.post(f"{base}/api/check", json={"text": WRITE_TEXT}, timeout=30).json()["ok"] is True


def test_case1_check_store_needs_the_ingest_token(sqlite_url):
    with live_server(db_url=sqlite_url, api_token=TOKEN) as base:
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            r = httpx.post(f"{base}/api/check", json={"text": WRITE_TEXT, "store": True}, headers=headers,
                           timeout=30)
            assert r.status_code == 401 and r.json()["error"]["code"] == "W602"
        assert article_count(base) == 0
        r = httpx.post(f"{base}/api/check", json={"text": WRITE_TEXT, "store": True}, headers=AUTH, timeout=30)
        assert r.status_code == 200 and r.json()["stored"]["duplicate"] is False
        assert article_count(base) == 1


# --- with the real extraction pipeline; reference records -----------------------------


@pytest.mark.slow
def test_check_with_the_real_extraction_pipeline(filled_store):
    """The default extractor (warclaims.extract.pipeline) behind POST /api/check, no stand-in."""
    pytest.importorskip("warclaims.extract.pipeline")
    from fastapi.testclient import TestClient

    from warclaims.web.app import WebConfig, create_app

    app = create_app(config=WebConfig(db_url=filled_store["url"]))
    with TestClient(app) as c:
        body = c.post("/api/check", json={"text": EXAMPLE_TXT.read_text(encoding="utf-8"),
                                          "published": "2016-09-18", "outlet": "ARA News"}).json()
    assert body["ok"] is True, body
    assert body["incidents"], "the pipeline should find the airport strike"
    main = body["incidents"][0]
    assert main["admin1"] == "Deir ez-Zor"
    assert any(c["killed"] and c["killed"]["low"] == 60 for c in main["claims"])
    assert main["matches"], "and match it to the stored incident"


@pytest.mark.slow
def test_ingest_with_processing_extracts_and_links(tmp_path):
    """POST /api/ingest with process=true runs the real pipeline and links the new incident."""
    pytest.importorskip("warclaims.extract.pipeline")
    from fastapi.testclient import TestClient

    from warclaims.web.app import WebConfig, create_app

    app = create_app(config=WebConfig(db_url=f"sqlite:///{tmp_path / 'w.db'}", api_token=TOKEN))
    article = {"text": EXAMPLE_TXT.read_text(encoding="utf-8"), "outlet": "ARA News", "published": "2016-09-18",
               "id": "ara-1"}
    with TestClient(app) as c:
        r = c.post("/api/ingest", json={"articles": [article], "process": True}, headers=AUTH)
        assert r.status_code == 201, r.text
        assert r.json()["processed"]["processed"] == 1 and r.json()["linked"]["incidents"] >= 1
        # The linking api.process did, not a second pass that finds nothing left to link.
        assert r.json()["linked"]["reports"] > 0 and r.json()["linked"]["created"] >= 1
        rows = c.get("/api/incidents").json()["rows"]
    assert rows and rows[0]["admin1"] == "Deir ez-Zor"


def test_incident_detail_shows_the_matched_reference_records(client):
    rows = all_rows(client, "/api/incidents", q="Deir ez-Zor military airport")
    ref = client.get(f"/api/incidents/{rows[0]['id']}").json()["reference"]
    ids = [m["record_id"] for m in ref["matched"]]
    assert ids[0] == "227936" and "227953" in ids  # bundled UCDP GED, no import step
    top = ref["matched"][0]
    assert (top["place"], top["low"], top["best"], top["high"]) == ("Jabal Thurdah", 90, 90, 90)
    assert top["headline"] == "Coalition airstrikes kill and wound 200 soldiers in regime forces"
    assert top["side_a"] == "Government of Iraq" and top["side_b"] == "IS" and top["source"]
    assert {"day_offset", "distance_km", "agreeing", "strength"} <= set(top)
    verdicts = {c["claimant"]: c["verdict"] for c in ref["claims"]}
    assert verdicts["officials"] == "consistent"  # "at least 60" against 90
    assert verdicts["local activists in Deir ez-Zor"] == "not compared"  # other victims
    assert ref["summary"].startswith("UCDP GED 227936 records 90 deaths at Jabal Thurdah on 2016-09-17")


def test_export_csv_carries_the_reference_columns(client):
    r = client.get("/api/export", params={"format": "csv", "admin1": "Deir ez-Zor"})
    rows = {row["location"]: row for row in csv.DictReader(io.StringIO(r.text))}
    airport = rows["Deir ez-Zor military airport"]
    assert airport["reference_ids"].startswith("ucdp-ged 227936")
    # the ledger's reconciled range is 60-60 (the Russian army's exact 60 closes it): under GED's 90
    assert airport["fatalities_high"] == "60"
    assert airport["reference_low"] == "90" and airport["reference_verdict"] == "below"


def test_reference_map_layer_follows_period_and_governorate(client):
    body = client.get("/api/reference/map", params={"from": "2016-09-17", "to": "2016-09-17",
                                                    "admin1": "Deir ez-Zor"}).json()
    assert body["ok"] is True and body["period"] == {"from": "2016-09-17", "to": "2016-09-17"}
    ids = [f["properties"]["record_id"] for f in body["features"]]
    assert ids[0] == "227936"  # largest first
    assert all(f["properties"]["admin1"] == "Deir ez-Zor" for f in body["features"])
    assert all(f["properties"]["date"] == "2016-09-17" for f in body["features"])
    lon, lat = body["features"][0]["geometry"]["coordinates"]
    assert (round(lat, 3), round(lon, 3)) == (35.257, 40.115)
    wider = client.get("/api/reference/map", params={"from": "2016-09-17", "to": "2016-09-17"}).json()
    assert wider["total"] > body["total"]  # all governorates
    bad = client.get("/api/reference/map", params={"from": "2016-09-17", "to": "2016-09-16"})
    assert bad.status_code == 422  # the incident filters' own check
    nothing = client.get("/api/reference/map", params={"from": "2030-01-01", "to": "2030-01-02"}).json()
    assert nothing["features"] == [] and nothing["total"] == 0


def test_overview_has_the_reference_layer_toggle(client):
    html = client.get("/").text
    assert 'id="reference-layer"' in html and "UCDP GED" in html
