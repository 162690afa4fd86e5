"""The app factory (web/app.py): what ``create_app`` mounts (API, pages, local docs and assets) over a
new or filled store, the settings read from the environment (``config_from_env``, ``served_app``),
server-side fetching off unless allowed and guarded when on (``fetcher_of``), and the preloading
of the extraction pipeline at start-up."""

from __future__ import annotations

import sqlite3

import httpx
import pytest

from .support import free_port, live_server, page_server
from .webdata import EXAMPLE_TXT

pytest.importorskip("fastapi")

from warclaims.web.app import (  # noqa: E402 - fastapi is the web extra
    SERVE_ALLOW_FETCH_ENV,
    TOKEN_ENV,
    config_from_env,
    fetcher_of,
    served_app,
)


def test_openapi_and_docs_served_locally(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/incidents", "/api/incidents/{incident_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/outlets", "/api/export", "/api/check", "/api/ingest"):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"from", "to", "admin1", "type", "perpetrator", "outlet", "contested", "q", "cursor", "limit"} <= params
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_vendor_assets_are_served(client):
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/topojson-client/topojson-client.min.js",
                 "/static/vendor/world-atlas/countries-50m.json", "/static/vendor/swagger-ui/swagger-ui-bundle.js"):
        assert client.get(path).status_code == 200, f"{path}: run scripts/build_web_assets.sh"


def test_empty_store_pages_and_api(tmp_path):
    from fastapi.testclient import TestClient

    from warclaims.web.app import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'empty.db'}")) as c:
        for path in ("/", "/articles", "/outlets", "/check", "/index.json"):
            assert c.get(path).status_code == 200, path
        assert c.get("/api/incidents").json() == {"ok": True, "rows": [], "next": None}
        assert c.get("/api/timeline").json()["rows"] == []
        assert c.get("/api/export", params={"format": "csv"}).text.startswith("event_id,")


def test_preloaded_app_checks_without_loading_the_model(tmp_path):
    # `serve` loads the extraction pipeline, the credibility model and the bundled reference
    # records at start-up (seconds each): a check afterwards reuses them, builds none.
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from warclaims.assess.bundled import _read_bundled_index
    from warclaims.assess.model import _packaged_model
    from warclaims.extract.pipeline import build_nlp
    from warclaims.web.app import WebConfig, create_app

    loaders = (build_nlp, _packaged_model, _read_bundled_index)
    for loader in loaders:
        loader.cache_clear()  # as in a fresh server process
    app = create_app(config=WebConfig(db_url=f"sqlite:///{tmp_path / 'w.db'}", preload_extraction=True))
    assert [f.cache_info().currsize for f in loaders] == [0, 0, 0]  # creating the app loads nothing yet
    with TestClient(app) as client:
        assert app.state.warmed.wait(timeout=120)  # loading in the background since start-up
        loaded = [f.cache_info() for f in loaders]
        assert [(i.currsize, i.misses) for i in loaded] == [(1, 1)] * 3  # loaded during start-up
        text = EXAMPLE_TXT.read_text(encoding="utf-8")
        body = client.post("/api/check", json={"text": text, "published": "2016-09-18"}).json()
        assert body["ok"] and body["incidents"] and body["credibility"], body
        after = [f.cache_info() for f in loaders]
        assert [i.misses for i in after] == [1, 1, 1]  # nothing built again
        assert all(a.hits > b.hits for a, b in zip(after, loaded))  # and all of it used


def test_case2_fetching_is_off_by_default(sqlite_url):
    with page_server() as (url, hits), live_server(db_url=sqlite_url) as base:
        r = httpx.post(f"{base}/api/check", json={"url": url + "/a"}, timeout=30)
        assert r.status_code == 403 and r.json()["error"]["code"] == "W608"
        r = httpx.post(f"{base}/check", data={"url": url + "/b"}, timeout=30)
        assert r.status_code == 403 and "W608" in r.text
    assert hits == [], "the server fetched a URL although fetching is off"


def test_case2_allowed_fetch_refuses_loopback_with_one_generic_error(sqlite_url):
    closed = f"http://127.0.0.1:{free_port()}/"
    with page_server() as (url, hits), live_server(db_url=sqlite_url, allow_fetch=True) as base:
        bodies = []
        for target in (url + "/open-port", closed, f"http://localhost:{url.rsplit(':', 1)[1]}/name",
                       "http://[::1]:9/", "http://169.254.169.254/latest/meta-data/", "http://no-such-host.invalid/"):
            r = httpx.post(f"{base}/api/check", json={"url": target}, timeout=30)
            assert r.status_code == 422, (target, r.text)
            bodies.append(r.json())
        r = httpx.post(f"{base}/check.json", data={"url": url + "/form"}, timeout=30)
        assert r.status_code == 422 and r.json()["error"]["code"] == "W609"
    assert all(b == bodies[0] for b in bodies), "errors differ: they would map the server's network"
    assert bodies[0]["error"]["code"] == "W609" and "SECRET" not in str(bodies)
    assert hits == [], "a loopback address was fetched"


def test_config_from_env_reads_the_token_and_fetching_is_off_unless_allowed(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "env-token-42")
    config = config_from_env("x.db", allow_fetch=True)
    assert (config.db_url, config.api_token, config.allow_fetch) == ("x.db", "env-token-42", True)
    assert callable(fetcher_of(config))
    assert fetcher_of(config_from_env("x.db")) is None  # fetching is off by default
    monkeypatch.setenv(TOKEN_ENV, "")
    assert config_from_env(None).api_token is None  # an empty token disables writing, it is no password


def test_served_app_is_built_from_the_environment(monkeypatch, tmp_path):
    # What `serve --workers N` runs in each worker process: the store, token and fetching of the
    # environment, the extraction pipeline preloaded at start-up.
    from fastapi.testclient import TestClient

    path = tmp_path / "served.db"
    monkeypatch.setenv("WARCLAIMS_DB", str(path))
    monkeypatch.setenv(TOKEN_ENV, "env-token-42")
    monkeypatch.setenv(SERVE_ALLOW_FETCH_ENV, "1")
    app = served_app()
    try:
        assert app.state.config.preload_extraction and app.state.fetcher is not None
        client = TestClient(app)  # not entered: no start-up, so the pipeline is not loaded here
        payload = {"articles": [{"text": "Shelling killed 3 people in Daraa.", "id": "served-1"}],
                   "process": False}
        wrong = client.post("/api/ingest", json=payload, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        r = client.post("/api/ingest", json=payload, headers={"Authorization": "Bearer env-token-42"})
        assert r.status_code == 201, r.text
    finally:
        app.state.engine.dispose()
    with sqlite3.connect(path) as con:
        # stored in the store of $WARCLAIMS_DB
        assert con.execute("SELECT id FROM articles").fetchall() == [("served-1",)]
    monkeypatch.delenv(SERVE_ALLOW_FETCH_ENV)
    quiet = served_app()
    assert quiet.state.fetcher is None
    quiet.state.engine.dispose()
