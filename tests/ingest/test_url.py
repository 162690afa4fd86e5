"""URLs through httpx against a real server on 127.0.0.1: pages, feeds, redirects and every fetch failure."""

from __future__ import annotations

import time

from warclaims.config import user_agent
from warclaims.ingest import detect_format, read_inputs
from warclaims.models import Article, IngestFailure

from .conftest import Route
from .support import ARA_HTML, ara_quotes


def test_html_page_by_url_follows_redirects_and_sends_the_project_user_agent(local_server):
    local_server.routes["/ara"] = Route(body=ARA_HTML.read_bytes())
    local_server.routes["/short/ara"] = Route(redirect=local_server.url("/ara"))
    url = local_server.url("/short/ara")
    assert detect_format(url) == "url"
    (article,) = list(read_inputs([url]))
    assert isinstance(article, Article)
    assert article.source_ref == url
    assert article.url.startswith("http://aranews.net/2016/09/")  # canonical link wins
    assert article.metadata["fetched_url"] == local_server.url("/ara")
    for quote in ara_quotes():
        assert quote in article.text
    assert "eighteen + 11" not in article.text
    assert all(h.get("User-Agent") == user_agent() for h in local_server.seen_headers)
    assert user_agent().startswith("warclaims/")


def _failure(items, index=0) -> IngestFailure:
    item = items[index]
    assert isinstance(item, IngestFailure), item
    assert "\n" not in item.message
    return item


def test_url_that_times_out_is_w115_within_the_timeout(local_server):
    local_server.routes["/slow"] = Route(body=b"<p>late</p>", delay=1.5)
    local_server.routes["/ara"] = Route(body=ARA_HTML.read_bytes())
    slow = local_server.url("/slow")
    start = time.monotonic()
    items = list(read_inputs([slow, local_server.url("/ara")], timeout=0.3))
    assert time.monotonic() - start < 1.4  # gave up at the timeout, did not wait for the body
    failure = _failure(items)
    assert (failure.code, failure.message) == ("W115", f"{slow}: URL timed out after 0.3 s")
    assert isinstance(items[1], Article)


def test_server_dripping_bytes_is_stopped_at_the_timeout(local_server):
    # Each chunk arrives within httpx's per-read timeout; only the whole-download deadline stops it.
    local_server.routes["/drip"] = Route(body=b"<p>x</p>\n", chunks=40, chunk_delay=0.05)
    drip = local_server.url("/drip")
    start = time.monotonic()
    failure = _failure(list(read_inputs([drip], timeout=0.5)))
    assert time.monotonic() - start < 1.5
    assert (failure.code, failure.message) == ("W115", f"{drip}: URL timed out after 0.5 s")


def test_refused_connection_is_w110(free_port):
    url = f"http://127.0.0.1:{free_port()}/article"
    failure = _failure(list(read_inputs([url], timeout=2)))
    assert failure.code == "W110"
    assert failure.message.startswith(f"{url}: URL fetch failed (cannot connect: ")


def test_body_over_the_size_cap_is_w111_declared_or_streamed(local_server):
    local_server.routes["/big"] = Route(body=b"<p>" + b"x" * 5000 + b"</p>")
    local_server.routes["/endless"] = Route(body=b"<p>" + b"y" * 4096 + b"</p>", chunks=50)
    big, endless = local_server.url("/big"), local_server.url("/endless")
    items = list(read_inputs([big, endless], max_bytes=4096))
    assert (_failure(items, 0).code, _failure(items, 0).message) == (
        "W111",
        f"{big}: larger than the size cap of 4096 bytes",
    )
    assert (_failure(items, 1).code, _failure(items, 1).message) == (
        "W111",
        f"{endless}: larger than the size cap of 4096 bytes",
    )


def test_http_error_status_and_unsupported_type_are_w110(local_server):
    local_server.routes["/logo.png"] = Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png")
    missing, image = local_server.url("/missing"), local_server.url("/logo.png")
    items = list(read_inputs([missing, image]))
    assert _failure(items, 0).message == f"{missing}: URL fetch failed (HTTP 404 Not Found)"
    assert _failure(items, 1).message == f"{image}: URL fetch failed (unsupported content type 'image/png')"
