"""/api/events, /alerts.atom and the overview's "Latest changes" panel over events recorded from real articles."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from warclaims import api  # noqa: E402
from warclaims.ingest.normalize import make_article  # noqa: E402
from warclaims.services.watch import record_changes  # noqa: E402
from warclaims.store import watch as ws  # noqa: E402
from warclaims.store.clock import utcnow  # noqa: E402
from warclaims.store.engine import open_store  # noqa: E402
from warclaims.web.app import WebConfig, create_app  # noqa: E402

TEXTS = [
    ("Ahram Online", dt.date(2017, 4, 8), "Strike kills 15 including 4 children in Idlib",
     "An air strike killed 15 civilians including four children in the village of Urum al-Joz in Syria's "
     "northwestern province of Idlib on Saturday, the Syrian Observatory for Human Rights said. The monitoring "
     "group said the strike was suspected to have been carried out by Russian planes."),
    ("Al-Araby", dt.date(2017, 4, 9), "Idlib strike toll rises to 21",
     "The death toll from an air strike on the village of Urum al-Joz in Idlib province on Saturday has risen "
     "to 21 civilians, the Syrian Observatory for Human Rights said on Sunday. Rescue workers were still "
     "searching the rubble."),
    ("ARA News", dt.date(2016, 9, 18), "Dozens of Syrian soldiers killed in coalition strikes near Deir ez-Zor",
     "At least 60 Syrian army soldiers were killed and about 100 more were injured in airstrikes by the "
     "anti-ISIS coalition in Syria's eastern Deir ez-Zor province, officials said on Sunday. The US-led "
     "coalition conducted four airstrikes on the Deir ez-Zor military airport."),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('events') / 'w.db'}"
    engine = open_store(url)
    record_changes(engine)  # the first diff: an empty store observed
    for n, (outlet, day, title, text) in enumerate(TEXTS):
        article = make_article(text=text, title=title, url=f"https://news.example/{n}", outlet=outlet,
                               published=day, source_ref=f"test#{n}")
        api.ingest_items([article], db=engine)
        record_changes(engine)
    with engine.begin() as conn:  # an event whose text must be escaped everywhere
        ws.insert_events(conn, [{"key": "x" * 64, "kind": "new_report", "at": utcnow(), "incident_id": None,
                                 "article_ids": ["a<b>"], "admin1": "Aleppo", "summary": "<script>alert(1)</script> & co",
                                 "before": None, "after": None, "incident": {}}])
    engine.dispose()
    with TestClient(create_app(config=WebConfig(db_url=url))) as c:
        yield c


def kinds(rows):
    return [r["kind"] for r in rows]


def test_events_newest_first_with_filters_and_cursor(client):
    body = client.get("/api/events").json()
    assert body["ok"] is True and body["next"] is None
    assert kinds(body["rows"]) == ["new_report", "new_incident", "toll_revised", "new_report", "new_incident"]
    idlib = client.get("/api/events", params={"admin1": "idlib"}).json()["rows"]
    assert kinds(idlib) == ["toll_revised", "new_report", "new_incident"]
    assert client.get("/api/events", params={"kind": "new_incident"}).json()["rows"][0]["admin1"] == "Deir ez-Zor"
    page1 = client.get("/api/events", params={"limit": 2}).json()
    page2 = client.get("/api/events", params={"limit": 2, "cursor": page1["next"]}).json()
    page3 = client.get("/api/events", params={"limit": 2, "cursor": page2["next"]}).json()
    assert [r["id"] for r in page1["rows"] + page2["rows"] + page3["rows"]] == [5, 4, 3, 2, 1]
    assert page3["next"] is None
    incident = idlib[0]["incident_id"]
    assert len(client.get("/api/events", params={"incident": incident}).json()["rows"]) == 3


def test_events_since(client):
    assert len(client.get("/api/events", params={"since": "2000-01-01"}).json()["rows"]) == 5
    newest = client.get("/api/events", params={"limit": 1}).json()["rows"][0]["at"]
    assert [r["id"] for r in client.get("/api/events", params={"since": newest}).json()["rows"]] == [5]
    assert client.get("/api/events", params={"since": "2999-01-01T00:00:00+00:00"}).json()["rows"] == []


def test_events_rule_filter(client):
    rows = client.get("/api/events", params={"rule": "killed>=20"}).json()["rows"]
    assert [(r["kind"], r["incident"]["killed"]) for r in rows] == [
        ("new_incident", 60), ("toll_revised", 21), ("new_report", 21)]
    paged = client.get("/api/events", params={"rule": "killed>=20", "limit": 1}).json()
    assert len(paged["rows"]) == 1 and paged["next"] == str(rows[0]["id"])


@pytest.mark.parametrize("params,field", [({"kind": "explosion"}, "kind"), ({"since": "yesterday"}, "since"),
                                          ({"rule": "colour=red"}, "rule"), ({"cursor": "abc"}, "cursor")])
def test_bad_event_queries_are_w604(client, params, field):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422 and response.json()["error"]["code"] == "W604"
    assert repr(field) in response.json()["error"]["message"]


def test_alerts_atom_parses_and_escapes(client):
    import feedparser

    response = client.get("/alerts.atom", params={"admin1": "Idlib"})
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10" and not feed.bozo
    assert [e.tags[0].term for e in feed.entries] == ["toll_revised", "new_report", "new_incident"]
    assert feed.entries[0].title.startswith("Toll revised for airstrike in Urum al-Joz (Idlib)")
    toll = client.get("/api/events", params={"kind": "toll_revised"}).json()["rows"][0]
    assert feed.entries[0].link == "http://testserver/incidents/" + toll["incident_id"]
    assert feed.entries[0].id == f"http://testserver/api/events#event-{toll['id']}"
    everything = client.get("/alerts.atom").text
    assert "<script>" not in everything and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in everything


def test_overview_panel_lists_escaped_changes(client):
    html = client.get("/").text
    assert 'id="changes"' in html and "/static/changes.js" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html and "<script>alert(1)" not in html
    assert html.count('<li data-id="') == 5
    assert client.get("/index.json").json()["changes"][0]["id"] == 5
    assert client.get("/static/changes.js").status_code == 200
