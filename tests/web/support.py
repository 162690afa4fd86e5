"""Helpers of the web tests: paging through a list, the catalogue's error shape, the app served by
uvicorn on a loopback port (in a thread) for tests that need real HTTP rather than a TestClient, and
a loopback page server for the server-side fetch (also used by tests/reliability/test_web_fetch.py)."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from warclaims.models import Article, ArticleExtraction

from .webdata import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
"""The bearer header of the token the ``app`` fixture is configured with."""
PAGE = b"<html><body><article><p>INTERNAL SECRET: 4 people were killed in Homs.</p></article></body></html>"
"""What :func:`page_server` serves: a page a server-side fetch must never reach on an internal address."""


def all_rows(client, path: str, **params) -> list[dict]:
    """Return every row of a paginated list, following ``next``."""
    rows, cursor = [], None
    for _ in range(100):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = client.get(path, params=query).json()
        assert body["ok"] is True
        rows.extend(body["rows"])
        cursor = body["next"]
        if cursor is None:
            return rows
    raise AssertionError("pagination did not end")


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    """Assert the catalogue error shape; return the error object."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    assert body["error"]["code"] == code
    if field is not None:
        assert repr(field) in body["error"]["message"]
    return body["error"]


def incident_id(client) -> str:
    """Return the id of the ARA News example's incident (the Deir ez-Zor military airport strike)."""
    return client.get("/api/incidents", params={"q": "Deir ez-Zor military airport"}).json()["rows"][0]["id"]


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty_extractor(article: Article) -> ArticleExtraction:
    """Return an extraction with no incident (for tests about the web's guards, not extraction)."""
    return ArticleExtraction(article_id=article.id, extractor_version="reliability-empty")


@contextlib.contextmanager
def serve_app(app: Any, *, lifespan: str = "auto") -> Iterator[str]:
    """Serve ``app`` on a free loopback port with uvicorn in a thread; yield its base URL, stop it after."""
    uvicorn = pytest.importorskip("uvicorn")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan=lifespan))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@contextlib.contextmanager
def live_server(**config_fields: Any) -> Iterator[str]:
    """Serve an app built from ``WebConfig(**config_fields)`` (no extraction unless given); yield its URL."""
    pytest.importorskip("fastapi")
    from warclaims.web.app import WebConfig, create_app

    config_fields.setdefault("extractor", empty_extractor)
    with serve_app(create_app(config=WebConfig(**config_fields))) as base:
        yield base


@contextlib.contextmanager
def page_server(host: str = "127.0.0.1", redirect_to: str | None = None) -> Iterator[tuple[str, list[str]]]:
    """Serve PAGE (or a 302 to ``redirect_to``) on ``host``; yield its base URL and the paths requested."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            hits.append(self.path)
            if redirect_to:
                self.send_response(302)
                self.send_header("Location", redirect_to)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
