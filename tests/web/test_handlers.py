"""The exception handlers (web/handlers.py): every failure leaves the app in the catalogue's one error
shape, JSON on API paths and JSON twins, the page template on HTML pages: validation errors W604
naming the field, unknown paths W605, wrong methods W606, anything unexpected W701 (500, logged,
with only the exception's type in the answer)."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from .support import assert_error

pytest.importorskip("fastapi")


def test_check_invalid_json_is_422(client):
    r = client.post("/api/check", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_error(r, 422, "W604")


def test_unknown_api_path_and_method(client):
    assert_error(client.get("/api/nothing-here"), 404, "W605")
    assert_error(client.delete("/api/incidents"), 405, "W606")


def test_overview_bad_filter_is_html_422(client):
    r = client.get("/", params={"from": "someday"})
    assert r.status_code == 422 and "W604" in r.text and "text/html" in r.headers["content-type"]


def test_unknown_page_and_records_are_html_404(client):
    for path in ("/no-such-page", "/incidents/inc-nope", "/articles/nope"):
        r = client.get(path)
        assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert client.get("/incidents/inc-nope.json").json()["error"]["code"] == "W303"
    assert client.get("/articles/nope.json").json()["error"]["code"] == "W302"


def test_unexpected_failure_is_w701_naming_only_the_exception_type(tmp_path, caplog):
    # A real fault, not a stand-in: the store loses its articles table under the running app.
    from fastapi.testclient import TestClient

    from warclaims.web.app import create_app

    path = tmp_path / "broken.db"
    with TestClient(create_app(f"sqlite:///{path}"), raise_server_exceptions=False) as c:
        assert c.get("/api/articles").json() == {"ok": True, "rows": [], "next": None}
        with sqlite3.connect(path) as con:
            con.execute("DROP TABLE articles")
        with caplog.at_level(logging.ERROR, logger="warclaims.web"):
            api = c.get("/api/articles")
            page = c.get("/articles")
    err = assert_error(api, 500, "W701")
    assert err["message"] == "web engine failed: OperationalError"  # no SQL, no table name
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "W701" in page.text and "no such table" not in page.text and "SELECT" not in page.text
    logged = [r for r in caplog.records if r.name == "warclaims.web"]
    assert [r.getMessage() for r in logged] == ["unhandled error on GET /api/articles",
                                                "unhandled error on GET /articles"]
    assert all(r.exc_info and "no such table" in str(r.exc_info[1]) for r in logged)  # the detail is logged
