"""End-to-end tests in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)
against a real uvicorn server on 127.0.0.1 started by the test.

Screenshots are saved under artifacts/screenshots/ (git-ignored); the overview and an
incident page are also copied to docs/screenshots/ for the README when those are missing
or when WARCLAIMS_UPDATE_SCREENSHOTS=1 is set. The server, browser and watch are in browser_support.py.
"""

from __future__ import annotations

import time

import httpx
import pytest

from .browser_support import (  # noqa: F401 - browser and server are fixtures, used by name
    ARTIFACTS,
    Watch,
    browser,
    server,
    shot,
    wait_overview,
)
from .webdata import EXAMPLE_TXT, HOSTILE_TEXT, TOKEN

pytestmark = pytest.mark.browser

XSS_FLAG = "window.__xss"


@pytest.fixture
def page(browser, server):
    """Yield (page, watch) in a fresh laptop-sized context."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    pg = context.new_page()
    watch = Watch(pg, server)
    yield pg, watch
    context.close()


def test_overview_map_and_timeline(page, server):
    pg, watch = page
    pg.goto(server + "/")
    wait_overview(pg)
    points = int(pg.get_attribute("#map", "data-points"))
    assert points > 10
    assert pg.locator("#map path.leaflet-interactive").count() >= points
    bars = int(pg.get_attribute("#timeline", "data-bars"))
    assert 0 < bars <= int(pg.get_attribute("#timeline", "data-days"))
    assert pg.locator("#timeline svg rect.bar.killed").count() == bars
    assert pg.get_attribute("#timeline", "data-bin") in ("week", "month")  # years of data: not one bar a day
    assert pg.locator("table.incidents tbody tr").count() == 25
    shot(pg, "overview", docs=True)
    watch.assert_clean()


def test_filter_by_governorate_drives_list_map_and_timeline(page, server):
    pg, watch = page
    pg.goto(server + "/")
    wait_overview(pg)
    all_days = int(pg.get_attribute("#timeline", "data-days"))
    pg.select_option("#f-admin1", "Idlib")
    pg.click("#apply-filters")
    pg.wait_for_url("**admin1=Idlib**")
    wait_overview(pg)
    api = httpx.get(server + "/api/incidents", params={"admin1": "Idlib", "limit": 500}).json()["rows"]
    cells = pg.locator("table.incidents tbody tr td:nth-child(3)").all_inner_texts()
    assert cells and all("Idlib" in c for c in cells)
    assert len(cells) == min(len(api), 25)
    assert int(pg.get_attribute("#map", "data-points")) == len(api)
    assert int(pg.get_attribute("#timeline", "data-days")) < all_days
    assert pg.input_value("#f-admin1") == "Idlib"
    shot(pg, "overview-idlib")
    watch.assert_clean()


def test_timeline_bars_only_on_days_with_data(page, server):
    pg, watch = page
    pg.goto(server + "/?admin1=Idlib&from=2017-04-01&to=2017-04-30")
    wait_overview(pg)
    params = {"admin1": "Idlib", "from": "2017-04-01", "to": "2017-04-30"}
    days = httpx.get(server + "/api/timeline", params=params).json()["rows"]
    assert len(days) >= 3 and pg.get_attribute("#timeline", "data-bin") == "day"
    bars = pg.locator("#timeline a.bin")
    assert [bars.nth(i).get_attribute("data-start") for i in range(bars.count())] == [d["date"] for d in days]
    assert pg.locator("#timeline svg rect.bar.killed").count() == len(days)
    # nothing drawn across the empty days: no line, band or path joining the bars
    assert pg.locator("#timeline svg polyline, #timeline svg polygon, #timeline svg path").count() == 0
    assert pg.locator("#timeline svg rect.bar.injured").count() == sum(1 for d in days if d["injured"])
    assert pg.locator("#timeline svg .contested-mark").count() == sum(1 for d in days if d["contested"])
    assert "1 Apr 2017 – 30 Apr 2017" in pg.inner_text("#timeline-range")  # the filter's range, not the data's
    # the first and last labels of the x axis are the filter's bounds, readable size
    labels = pg.locator("#timeline svg .axis text").all_text_contents()
    assert "1 Apr 2017" in labels and "30 Apr 2017" in labels
    size = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('#timeline svg .axis text')).fontSize)")
    scale = pg.evaluate("(() => { const s = document.querySelector('#timeline svg');"
                        " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()")
    assert size * scale >= 11  # drawn at pixel size, not shrunk with the chart
    busiest = max(days, key=lambda d: d["best"])
    pg.locator(f"#timeline a.bin[data-start='{busiest['date']}']").click()
    pg.wait_for_url(f"**from={busiest['date']}&to={busiest['date']}**")
    wait_overview(pg)
    assert pg.input_value("input[name=admin1], #f-admin1") == "Idlib"
    cells = pg.locator("table.incidents tbody tr td:first-child").all_inner_texts()
    assert len(cells) == busiest["incidents"]
    shot(pg, "overview-bars")
    watch.assert_clean()


def test_timeline_is_redrawn_at_its_new_width(page, server):
    pg, watch = page
    pg.goto(server + "/")
    wait_overview(pg)
    wide = int(pg.get_attribute("#timeline svg", "width"))
    pg.set_viewport_size({"width": 390, "height": 844})
    deadline = time.monotonic() + 5  # the page's CSP forbids wait_for_function's eval: poll
    while int(pg.get_attribute("#timeline svg", "width")) >= 390 and time.monotonic() < deadline:
        pg.wait_for_timeout(100)
    assert int(pg.get_attribute("#timeline svg", "width")) < 390 < wide
    assert pg.locator("#timeline svg rect.bar.killed").count() == int(pg.get_attribute("#timeline", "data-bars"))
    watch.assert_clean()


def test_open_incident_and_see_quotes(page, server):
    pg, watch = page
    pg.goto(server + "/?q=Deir+ez-Zor+military+airport")
    pg.locator("table.incidents tbody tr a").first.click()
    pg.wait_for_url("**/incidents/**")
    pg.wait_for_selector("#map[data-basemap='loaded']", timeout=20_000)
    marks = pg.locator(".article-text mark.quote")
    assert marks.count() == 3
    assert "At least 60 Syrian army soldiers were killed" in marks.first.inner_text()
    assert pg.locator("#ledger-best").inner_text() == "60"
    assert pg.locator("table.claims tbody tr").count() == 3
    assert pg.locator("#map path.leaflet-interactive").count() == 1
    shot(pg, "incident", docs=True)
    pg.locator("table.claims a").nth(1).click()
    assert pg.evaluate("location.hash").startswith("#claim-")
    assert pg.evaluate("document.activeElement.tagName") in ("BODY", "A", "MARK")
    watch.assert_clean()


def test_check_an_article(page, server):
    pg, watch = page
    pg.goto(server + "/check")
    pg.fill("#c-text", EXAMPLE_TXT.read_text(encoding="utf-8"))
    pg.click("#check-submit")
    pg.wait_for_selector("#check-result")
    result = pg.locator("#check-result")
    assert "Deir ez-Zor" in result.inner_text()
    assert result.locator("table.incidents tbody tr").count() >= 1
    assert result.locator(".verdict-inside").count() >= 1
    assert result.locator("mark.quote").count() == 3
    shot(pg, "check")
    watch.assert_clean()


def test_check_shows_progress_and_date_hint(page, server):
    pg, watch = page
    pg.goto(server + "/check")
    assert pg.is_visible("#published-hint") and pg.is_hidden("#check-progress")
    pg.fill("#c-published", "2016-09-18")
    assert pg.is_hidden("#published-hint")
    pg.fill("#c-published", "")
    assert pg.is_visible("#published-hint")
    pg.fill("#c-text", EXAMPLE_TXT.read_text(encoding="utf-8"))
    # hold the submission in the page to see the state it shows while the server works
    pg.evaluate("document.querySelector('form.check').addEventListener('submit', e => e.preventDefault())")
    pg.click("#check-submit")
    assert pg.is_visible("#check-progress") and "Checking" in pg.inner_text("#check-progress")
    assert pg.inner_text("#check-submit") == "Checking…" and pg.is_disabled("#check-submit")
    assert pg.get_attribute("form.check", "aria-busy") == "true"
    pg.goto(server + "/check")
    pg.fill("#c-text", EXAMPLE_TXT.read_text(encoding="utf-8"))
    pg.click("#check-submit")
    pg.wait_for_selector("#check-result")
    assert pg.is_visible("#no-date-warning")
    claims = pg.locator(".incident-result ul.claim-list li").all_inner_texts()
    assert claims and all(", injured " in t for t in claims)
    watch.assert_clean()


def test_incident_claims_show_quotes_beside_figures(page, server):
    pg, watch = page
    iid = httpx.get(server + "/api/incidents", params={"q": "Deir ez-Zor military airport"}).json()["rows"][0]["id"]
    claims = httpx.get(server + f"/api/incidents/{iid}").json()["claims"]
    pg.goto(server + f"/incidents/{iid}")
    quotes = pg.locator("table.claims tbody tr q.claim-quote")
    assert quotes.count() == len(claims) == 3
    for i, claim in enumerate(claims):
        assert quotes.nth(i).is_visible() and quotes.nth(i).inner_text() == claim["quote"]
        row = pg.locator("table.claims tbody tr").nth(i).bounding_box()
        q = quotes.nth(i).bounding_box()
        assert row["y"] <= q["y"] < row["y"] + row["height"]  # in the claim's own row
    watch.assert_clean()


def hostile_incident_id(server: str) -> str:
    """Return the id of the incident of the hostile article."""
    return httpx.get(server + "/api/incidents", params={"q": "Douma"}).json()["rows"][0]["id"]


@pytest.mark.parametrize("where", ["article", "incident", "overview", "articles", "outlets", "check"])
def test_hostile_article_is_inert_everywhere(page, server, where):
    pg, watch = page
    if where == "check":
        pg.goto(server + "/check")
        pg.fill("#c-text", HOSTILE_TEXT)
        pg.click("#check-submit")
        pg.wait_for_selector("#check-result")
    else:
        path = {"article": "/articles/hostile-1", "incident": f"/incidents/{hostile_incident_id(server)}",
                "overview": "/?q=Douma", "articles": "/articles?q=Douma", "outlets": "/outlets"}[where]
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
    assert pg.evaluate(f"typeof {XSS_FLAG}") == "undefined"
    assert pg.locator("main script").count() == 0 or where == "incident"
    assert pg.locator("main img").count() == 0
    if where in ("article", "incident", "check"):
        text = pg.locator(".article-text").first.inner_text()
        assert "<script>window.__xss = 1;" in text and "<img src=x onerror=" in text
    shot(pg, f"hostile-{where}")
    watch.assert_clean()


def test_phone_layout_and_keyboard(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    watch = Watch(pg, server)
    pg.goto(server + "/")
    wait_overview(pg)
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.className") == "skip"
    pg.keyboard.press("Enter")
    assert pg.evaluate("location.hash") == "#main"
    for _ in range(3):
        pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.tagName") in ("INPUT", "SELECT", "A", "BUTTON")
    shot(pg, "overview-phone")
    watch.assert_clean()
    context.close()


def overflow_pages(server: str) -> dict[str, str]:
    """Return the pages measured for horizontal overflow: name -> path."""
    incident = httpx.get(server + "/api/incidents", params={"q": "Khan Shaykhun"}).json()["rows"][0]
    article = incident_article(server, incident["id"])
    return {"overview": "/", "incident": f"/incidents/{incident['id']}", "article": f"/articles/{article}",
            "outlets": "/outlets", "check": "/check", "articles": "/articles"}


def incident_article(server: str, incident_id: str) -> str:
    """Return the id of the first article reporting the incident."""
    return httpx.get(server + f"/api/incidents/{incident_id}").json()["articles"][0]


def page_at(browser, server: str, width: int):
    """Return (context, page, watch) of a fresh context ``width`` px wide (a touch phone below 500 px)."""
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone)
    pg = context.new_page()
    return context, pg, Watch(pg, server)


@pytest.mark.parametrize("width", [390, 1400])
def test_no_horizontal_overflow_on_any_page(browser, server, width):
    context, pg, watch = page_at(browser, server, width)
    for name, path in overflow_pages(server).items():
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
        if name == "overview":
            wait_overview(pg)
        sizes = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"{name} at {width} px: scrollWidth {sizes[0]} > viewport {sizes[1]}"
        # no table scrolls sideways inside its card either
        wide = pg.evaluate("[...document.querySelectorAll('.table-wrap, table')]"
                           ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)")
        assert wide == [], f"{name} at {width} px: {wide}"
        shot(pg, f"{name}-{width}")
    watch.assert_clean()
    context.close()


def test_ledger_best_figure_visible_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    watch = Watch(pg, server)
    incident = httpx.get(server + "/api/incidents", params={"q": "Khan Shaykhun"}).json()["rows"][0]
    pg.goto(server + f"/incidents/{incident['id']}")
    pg.wait_for_load_state("networkidle")
    best = pg.locator("#ledger-best")
    assert best.inner_text() == str(incident["killed"]["best"])
    box = best.bounding_box()
    assert box and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    pg.goto(server + "/")
    wait_overview(pg)
    chart = pg.locator("#timeline svg").bounding_box()
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 390
    for cell in pg.locator("table.incidents tbody tr td.best").all()[:5]:
        b = cell.bounding_box()
        assert b and b["width"] > 0 and b["x"] + b["width"] <= 390
    watch.assert_clean()
    context.close()


def test_real_server_refuses_unauthorised_and_oversized_posts(server):
    r = httpx.post(server + "/api/ingest", json={"articles": [{"text": "x"}]})
    assert r.status_code == 401 and r.json()["error"]["code"] == "W602"
    assert r.headers["www-authenticate"] == "Bearer"

    def chunks():
        """Yield 6 MiB in 1 MiB chunks (sent chunked, without Content-Length)."""
        for _ in range(6):
            yield b"z" * (1024 * 1024)

    r = httpx.post(server + "/api/ingest", content=chunks(),
                   headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "W601"
    r = httpx.post(server + "/api/check", content=b"x" * (5 * 1024 * 1024 + 10),
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_openapi_docs_render_offline(page, server):
    pg, watch = page
    pg.goto(server + "/docs")
    pg.wait_for_selector(".opblock", timeout=20_000)
    assert pg.locator(".opblock").count() >= 8
    assert "/api/incidents" in pg.locator("#swagger-ui").inner_text()
    shot(pg, "docs")
    watch.assert_clean()


def test_reference_layer_toggles_ged_events(page, server):
    pg, watch = page
    pg.goto(server + "/?admin1=Deir+ez-Zor&from=2016-09-17&to=2016-09-17")
    wait_overview(pg)
    assert pg.locator("path.reference-event").count() == 0  # off until asked for
    pg.check("#reference-layer")
    pg.wait_for_selector("#map[data-reference-points]", timeout=20_000)
    shown = int(pg.get_attribute("#map", "data-reference-points"))
    assert shown > 0 and pg.locator("path.reference-event").count() == shown
    assert "from 2016-09-17 to 2016-09-17" in pg.inner_text("#reference-count")
    pg.uncheck("#reference-layer")
    assert pg.locator("path.reference-event").count() == 0
    pg.check("#reference-layer")
    assert pg.locator("path.reference-event").count() == shown  # the same layer, not fetched twice
    watch.assert_clean()


@pytest.mark.parametrize("width", [390, 1400])
def test_overview_map_draws_governorates_places_and_marks_approximate_locations(browser, server, width):
    context, pg, watch = page_at(browser, server, width)
    pg.goto(server + "/")
    wait_overview(pg)
    # the governorates layer, from the shipped file, every outline drawn with an extent
    basemap = httpx.get(server + "/static/geo/syria-admin1.topo.json").json()
    governorates = len(basemap["objects"]["governorates"]["geometries"])
    assert int(pg.get_attribute("#map", "data-boundaries")) == governorates == 15  # 14 and the UNDOF zone
    assert pg.locator("#map path.governorate").count() == governorates
    areas = pg.evaluate("[...document.querySelectorAll('#map path.governorate')]"
                        ".map(p => { const b = p.getBBox(); return b.width * b.height; })")
    assert len(areas) == governorates and all(a > 0 for a in areas)
    labels = pg.locator("#map .place-label").all_inner_texts()
    assert int(pg.get_attribute("#map", "data-places")) == len(labels) >= 10
    assert {"Aleppo", "Damascus", "Homs", "Idlib", "Raqqa"} <= set(labels)
    # one marker per incident of /api/map, drawn by how precise its position is
    features = httpx.get(server + "/api/map").json()["features"]
    markers = pg.locator("#map path.incident-marker")
    assert markers.count() == len(features) == int(pg.get_attribute("#map", "data-points"))
    kinds = {k: sum(1 for f in features if f["properties"]["location"] == k) for k in ("point", "city", "area")}
    assert kinds["point"] > 0 and kinds["area"] > 0
    for kind, count in kinds.items():
        assert pg.locator(f"#map path.incident-marker.loc-{kind}").count() == count
    style = pg.evaluate("[...document.querySelectorAll('#map path.incident-marker')].map(p => [p.classList.contains("
                        "'loc-point'), p.getAttribute('stroke-dasharray'), parseFloat(p.getAttribute('fill-opacity'))])")
    for precise, dashes, fill in style:
        if precise:
            assert dashes is None and fill >= 0.5  # solid
        else:
            assert dashes and fill <= 0.3  # dashed, hollow or nearly
    assert pg.locator("#map path.incident-marker.contested").count() == sum(
        1 for f in features if f["properties"]["contested"])
    assert pg.locator("#map path.incident-marker.cred-unassessed").count() == sum(
        1 for f in features if f["properties"]["credibility"] == "unassessed")
    legend = pg.locator("ul.map-legend").all_inner_texts()
    assert any("governorate's centre" in t for t in legend) and any("Contested" in t for t in legend)
    assert pg.locator("ul.map-legend").first.is_visible()
    # no horizontal overflow, the map inside the viewport
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = pg.locator("#map").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    shot(pg, f"overview-map-{width}")
    pg.locator("#map").screenshot(path=str(ARTIFACTS / f"map-{width}.png"))  # the map alone, to look at
    # zoomed in, every place of the file is named
    for _ in range(4):
        pg.click("#map .leaflet-control-zoom-in")
        pg.wait_for_timeout(350)
    assert int(pg.get_attribute("#map", "data-places")) == len(basemap["objects"]["places"]["geometries"])
    watch.assert_clean()
    context.close()


def test_incident_map_draws_governorates_and_its_incident_as_located(page, server):
    pg, watch = page
    row = httpx.get(server + "/api/incidents", params={"q": "Khan Shaykhun"}).json()["rows"][0]
    feature = next(f for f in httpx.get(server + "/api/map").json()["features"] if f["properties"]["id"] == row["id"])
    pg.goto(server + f"/incidents/{row['id']}")
    pg.wait_for_selector("#map[data-basemap='loaded']", timeout=20_000)
    assert pg.locator("#map path.governorate").count() == int(pg.get_attribute("#map", "data-boundaries")) == 15
    assert int(pg.get_attribute("#map", "data-places")) >= 10
    kind = feature["properties"]["location"]
    marker = pg.locator(f"#map path.incident-marker.loc-{kind}.cred-{feature['properties']['credibility']}")
    assert marker.count() == 1 == pg.locator("#map path.incident-marker").count()
    assert ("contested" in marker.get_attribute("class")) is feature["properties"]["contested"]
    watch.assert_clean()
