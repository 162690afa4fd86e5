"""Dashboard pages (web/pages.py) over the filled store: rendering, JSON twins, filters kept, escaping,
quotes highlighted in the text, the check form."""

from __future__ import annotations

import re

import pytest

from .support import incident_id
from .webdata import HOSTILE_ID

pytest.importorskip("fastapi")


def hostile_incident(client) -> str:
    """Return the id of the incident of the hostile article."""
    return client.get("/api/incidents", params={"q": "Douma"}).json()["rows"][0]["id"]


@pytest.mark.parametrize("path", ["/", "/articles", "/outlets", "/check", "/docs"])
def test_pages_render(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<meta name="viewport"' in r.text
    assert "https://" not in re.sub(r'placeholder="https://"', "", r.text), "no external asset"


def test_every_page_has_a_json_twin(client):
    iid = incident_id(client)
    pairs = [("/index.json", "/?format=json"), ("/articles.json", "/articles?format=json"),
             ("/outlets.json", "/outlets?format=json"), (f"/incidents/{iid}.json", f"/incidents/{iid}?format=json"),
             ("/articles/ara-news-deir-ez-zor-2016-09.json", "/articles/ara-news-deir-ez-zor-2016-09?format=json"),
             ("/check.json", "/check?format=json")]
    for suffix, query in pairs:
        a, b = client.get(suffix), client.get(query)
        assert a.status_code == 200 and a.headers["content-type"].startswith("application/json"), suffix
        ja, jb = a.json(), b.json()
        for body in (ja, jb):  # a verdict computed on the fly carries its own time
            if isinstance(body.get("credibility"), dict):
                body["credibility"].pop("assessed_at", None)
        assert ja == jb and ja["ok"] is True
    assert client.get(f"/incidents/{iid}.json").json()["incident"]["id"] == iid


def test_overview_filters_are_applied_and_kept(client):
    html = client.get("/", params={"admin1": "Idlib", "type": "chemical_attack"}).text
    assert '<option value="Idlib" selected>' in html
    assert '<option value="chemical_attack" selected>' in html
    body = client.get("/index.json", params={"admin1": "Idlib"}).json()
    assert body["rows"] and all(r["admin1"] == "Idlib" for r in body["rows"])
    assert body["filters"] == {"admin1": "Idlib"}
    assert body["totals"]["incidents"] >= len(body["rows"])


def test_overview_empty_filter_values_are_ignored(client):
    r = client.get("/", params={"from": "", "to": "", "admin1": "", "type": "", "contested": ""})
    assert r.status_code == 200


def test_incident_page_highlights_quotes_in_text(client):
    html = client.get(f"/incidents/{incident_id(client)}").text
    marks = re.findall(r'<mark class="quote" id="claim-\d+"[^>]*>([^<]+)</mark>', html)
    assert len(marks) == 3
    assert any(m.startswith("At least 60 Syrian army soldiers were killed") for m in marks)


def test_incident_page_shows_whom_each_claimant_blames(client):
    iid = incident_id(client)
    claims = client.get(f"/api/incidents/{iid}").json()["claims"]
    assert [c["blames"] for c in claims] == ["us_led_coalition"] * 3  # the example's gold blames
    html = client.get(f"/incidents/{iid}").text
    assert '<th scope="col">Blames</th>' in html
    table = html[html.index('<table class="claims stack">'):]
    table = table[:table.index("</table>")]
    assert table.count('<td data-label="Blames">US-led coalition</td>') == 3


def test_article_page_shows_incidents_claims_and_text(client):
    html = client.get("/articles/ara-news-deir-ez-zor-2016-09").text
    assert "Incidents reported" in html and "Credibility" in html
    assert html.count('<mark class="quote"') == 3


@pytest.mark.parametrize("page", ["article", "incident", "overview", "articles", "check"])
def test_hostile_markup_is_escaped_server_side(client, page):
    if page == "check":
        from .webdata import HOSTILE_TEXT

        r = client.post("/check", data={"text": HOSTILE_TEXT})
    else:
        path = {"article": f"/articles/{HOSTILE_ID}", "incident": f"/incidents/{hostile_incident(client)}",
                "overview": "/?q=Douma", "articles": "/articles?q=Douma"}[page]
        r = client.get(path)
    assert r.status_code == 200
    html = r.text
    assert "<script>window.__xss" not in html and "<img src=x" not in html and "<b>in</b>" not in html
    assert "<i>evil</i>" not in html
    if page in ("article", "incident", "check"):
        assert "&lt;script&gt;window.__xss = 1;" in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all('src="/static/' in s or 'type="application/json"' in s for s in scripts), scripts


def test_incident_data_island_is_escaped(client):
    html = client.get(f"/incidents/{hostile_incident(client)}").text
    island = re.search(r'<script type="application/json" id="incident-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in island and "\\u003cscript\\u003e" in island


def test_check_form_post(client):
    from .webdata import EXAMPLE_TXT

    html = client.post("/check", data={"text": EXAMPLE_TXT.read_text(encoding="utf-8")}).text
    assert 'id="check-result"' in html and "Deir ez-Zor" in html
    assert client.post("/check", data={"text": ""}).status_code == 422
    body = client.post("/check.json", data={"text": EXAMPLE_TXT.read_text(encoding="utf-8")}).json()
    assert body["ok"] and body["result"]["incidents"]


def test_incident_page_shows_reference_records_next_to_the_ledger(client):
    html = client.get(f"/incidents/{incident_id(client)}").text
    section = html[html.index('id="reference"'):html.index('id="claims-h"')]  # after the ledger and its map
    assert "UCDP GED 227936" in section and "Jabal Thurdah" in section
    assert "Coalition airstrikes kill and wound 200 soldiers in regime forces" in section
    assert "90 / 90 / 90" in section
    assert re.search(r"officials</a> \(60\+\): <strong[^>]*>consistent</strong>", section)


def test_favicon_is_served_and_linked(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.startswith("<svg") and client.get("/static/favicon.svg").status_code == 200
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/outlets").text


def test_incident_claims_table_shows_each_quote_beside_its_figure(client):
    iid = hostile_incident(client)
    claims = client.get(f"/api/incidents/{iid}").json()["claims"]
    html = client.get(f"/incidents/{iid}").text
    table = html[html.index('<table class="claims stack">'):]
    table = table[:table.index("</table>")]
    rows = table.split("<tr class=")[1:]
    assert len(rows) == len(claims) == 2
    for row, claim in zip(rows, claims):
        killed = row[row.index('data-label="Killed"'):]
        quote = killed[killed.index('<q class="claim-quote">') + len('<q class="claim-quote">'):killed.index("</q>")]
        assert quote == claim["quote"].replace("<", "&lt;").replace(">", "&gt;")


def test_check_shows_injured_and_warns_without_a_publication_date(client):
    from .webdata import EXAMPLE_TXT

    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    undated = client.post("/check", data={"text": text}).text
    assert 'id="no-date-warning"' in undated and "Set “Published” above" in undated
    result = undated[undated.index('id="check-result"'):]
    claims = re.findall(r'<li><a href="#claim-0-\d+">[^<]*</a>: killed [^<]*</li>', result)
    assert claims and all(", injured " in c for c in claims)
    dated = client.post("/check", data={"text": text, "published": "2016-09-18"}).text
    assert 'id="no-date-warning"' not in dated
    assert 'id="published-hint" hidden' in dated and 'id="published-hint" hidden' not in undated


def test_incident_page_says_how_precise_its_map_position_is(client):
    rows = client.get("/api/map").json()["features"]
    seen = set()
    for feature in rows:
        kind = feature["properties"]["location"]
        if kind in seen:
            continue
        seen.add(kind)
        html = client.get(f"/incidents/{feature['properties']['id']}").text
        note = html[html.index('id="location-note"'):]
        note = note[:note.index("</p>")]
        expected = {"point": "village or town named", "city": "Approximate (dashed): the city's centre",
                    "area": "Approximate (hollow, dotted): the centre of"}[kind]
        assert expected in note, (kind, note)
    assert {"point", "area"} <= seen
