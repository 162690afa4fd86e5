"""The claims and outlets pages in real headless Chromium (as test_browser.py, with the browser and
server fixtures of browser_support.py) over a copy of the filled store whose articles carry
credibility verdicts: no overflow at 390 and 1400 px, the figure and quote visible, two clicks
from the overview to a claim's quote, filters kept in the URL and a download of exactly the view."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from .browser_support import Watch, browser, server, shot, wait_overview  # noqa: F401 - fixtures by name
from .webdata import TOKEN, gold_extractor, store_with_verdicts

pytestmark = pytest.mark.browser
WIDTHS = (390, 1400)
README_SHOTS = {"claims-incident": "claims", "outlets": "outlets"}
"""Pages whose 1400 px screenshot is also the README's (docs/screenshots/<name>.png)."""


@pytest.fixture(scope="module")
def app(filled_store, tmp_path_factory):
    """Return the app over a copy of the filled store with a credibility verdict on every article
    (overrides conftest's ``app`` for this module's ``server``)."""
    pytest.importorskip("fastapi")
    from warclaims.web.app import WebConfig, create_app

    url = store_with_verdicts(filled_store, tmp_path_factory.mktemp("assessed") / "warclaims.db")
    return create_app(config=WebConfig(db_url=url, api_token=TOKEN, extractor=gold_extractor(filled_store["records"])))


def new_page(browser, server: str, width: int):
    """Return (context, page, watch) at ``width`` px (a touch phone below 500)."""
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone,
                                  locale="en-GB")
    pg = context.new_page()
    return context, pg, Watch(pg, server)


def ara_incident(server: str) -> str:
    """Return the id of the ARA News example's incident (three claims, one about different victims)."""
    return httpx.get(server + "/api/incidents", params={"q": "Deir ez-Zor military airport"}).json()["rows"][0]["id"]


def assert_inside(pg, locator, width: int, what: str) -> None:
    """Assert the element is visible and lies within the viewport's width."""
    assert locator.is_visible(), what
    box = locator.bounding_box()
    assert box and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width, (what, box)


def assert_no_overflow(pg, name: str, width: int) -> None:
    """Assert neither the page nor any table scrolls sideways."""
    sizes = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"{name} at {width} px: scrollWidth {sizes[0]} > viewport {sizes[1]}"
    wide = pg.evaluate("[...document.querySelectorAll('.table-wrap, table')]"
                       ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)")
    assert wide == [], f"{name} at {width} px: {wide}"


@pytest.mark.parametrize("width", WIDTHS)
def test_claims_and_outlets_pages_fit_with_the_figure_visible(browser, server, width):
    context, pg, watch = new_page(browser, server, width)
    pages = {"claims": "/claims", "claims-incident": f"/claims?incident={ara_incident(server)}",
             "outlets": "/outlets"}
    for name, path in pages.items():
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
        assert_no_overflow(pg, name, width)
        if name.startswith("claims"):
            rows = pg.locator("table.claims-list tbody tr")
            assert rows.count() > 0
            for i in range(min(5, rows.count())):
                assert_inside(pg, rows.nth(i).locator("td.figure"), width, f"{name} row {i} figure")
                assert_inside(pg, rows.nth(i).locator("q.claim-quote"), width, f"{name} row {i} quote")
        else:
            rows = pg.locator("table.outlets tbody tr")
            assert rows.count() > 5
            assert_inside(pg, rows.first.locator("td.best"), width, "outlet share")
            assert_inside(pg, rows.first.locator(".histogram"), width, "credibility histogram")
        readme = README_SHOTS.get(name) if width == 1400 else None  # a short page for the README
        shot(pg, readme or f"{name}-{width}", docs=readme is not None)
    watch.assert_clean()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_two_clicks_from_the_overview_to_a_claims_quote(browser, server, width):
    context, pg, watch = new_page(browser, server, width)
    # overview -> the claims of the (filtered) view: quotes beside figures, one click
    pg.goto(server + "/?admin1=Idlib")
    wait_overview(pg)
    pg.click("#view-claims")
    pg.wait_for_url("**/claims?admin1=Idlib")
    quote = pg.locator("table.claims-list tbody tr q.claim-quote").first
    assert_inside(pg, quote, width, "first quote")
    api = httpx.get(server + "/api/claims", params={"admin1": "Idlib", "limit": 1}).json()["rows"][0]
    assert quote.inner_text() == api["quote"]
    places = pg.locator("table.claims-list tbody tr td[data-label=Incident]").all_inner_texts()
    assert places and all("Idlib" in p for p in places)
    # overview -> an incident: its claims table shows each quote beside its figure, one click
    pg.goto(server + "/")
    wait_overview(pg)
    pg.locator("table.incidents tbody tr a").first.click()
    pg.wait_for_url("**/incidents/**")
    assert_inside(pg, pg.locator("table.claims tbody tr q.claim-quote").first, width, "incident quote")
    watch.assert_clean()
    context.close()


def test_claims_filters_live_in_the_url_and_download_exactly_the_view(browser, server):
    context, pg, watch = new_page(browser, server, 1400)
    pg.goto(server + "/claims?claimant_type=monitor_ngo")
    assert pg.input_value("#f-claimant-type") == "monitor_ngo"  # restored from the address
    option = pg.locator("#f-outlet option[value=ahram]").inner_text()
    pg.select_option("#f-outlet", "ahram")
    pg.click("#apply-filters")
    pg.wait_for_url("**/claims?claimant_type=monitor_ngo&outlet=ahram**")
    assert pg.input_value("#f-claimant-type") == "monitor_ngo" and pg.input_value("#f-outlet") == "ahram"
    params = {"claimant_type": "monitor_ngo", "outlet": "ahram"}
    total = httpx.get(server + "/claims.json", params=params).json()["total"]
    assert total > 0 and pg.locator("#claims-total strong").inner_text() == str(total)
    assert option.endswith(f"({total})")  # the facet count announced what the filter now shows
    shown = pg.locator("table.claims-list tbody tr q.claim-quote").all_inner_texts()
    href = pg.get_attribute("a.download[data-level=claim][data-format=csv]", "href")
    body = httpx.get(server + href).text
    assert [r["quote"] for r in csv.DictReader(io.StringIO(body, newline=""))] == shown
    assert pg.get_attribute("#share-link", "href") == "/claims?claimant_type=monitor_ngo&outlet=ahram"
    watch.assert_clean()
    context.close()


def test_hostile_article_is_inert_on_the_claims_page(browser, server):
    context, pg, watch = new_page(browser, server, 1400)
    iid = httpx.get(server + "/api/incidents", params={"q": "Douma"}).json()["rows"][0]["id"]
    pg.goto(server + f"/claims?incident={iid}")
    pg.wait_for_load_state("networkidle")
    assert pg.evaluate("typeof window.__xss") == "undefined"
    assert pg.locator("main script").count() == 0 and pg.locator("main img").count() == 0
    assert "Activists <img src=x onerror=alert(1)>" in pg.locator("table.claims-list").inner_text()
    watch.assert_clean()
    context.close()


def test_overview_facet_counts_in_the_browser(browser, server):
    context, pg, watch = new_page(browser, server, 1400)
    pg.goto(server + "/?type=airstrike")
    wait_overview(pg)
    for name, param in (("admin1", "admin1"), ("perpetrator", "perpetrator"), ("outlet", "outlet")):
        options = pg.locator(f"form.filters select[name={name}] option:not([value=''])")
        for i in range(options.count()):
            value = options.nth(i).get_attribute("value")
            rows = httpx.get(server + "/api/incidents", params={"type": "airstrike", param: value, "limit": 500}).json()
            assert options.nth(i).inner_text().endswith(f"({len(rows['rows'])})"), (name, value)
    # choosing a value shows as many incidents as its count said
    label = pg.locator("form.filters select[name=admin1] option[value=Idlib]").inner_text()
    pg.select_option("#f-admin1", "Idlib")
    pg.click("#apply-filters")
    pg.wait_for_url("**/?admin1=Idlib&type=airstrike")  # only the filters set: a clean address
    wait_overview(pg)
    assert label.endswith(f"({pg.locator('table.incidents tbody tr').count()})")
    watch.assert_clean()
    context.close()
