"""Case 2: server-side fetches are off by default; when on, loopback/private/link-local/multicast
addresses are refused (redirects included) with one generic error that reveals nothing."""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import threading
from collections.abc import Iterator

import httpx
import pytest

from reliability_support import free_port, live_server
from warclaims.ingest.url import FetchRefused, fetch_guarded, is_public_address

PAGE = b"<html><body><article><p>INTERNAL SECRET: 4 people were killed in Homs.</p></article></body></html>"


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


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250", "::1", "fe80::1",
                                     "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"])
def test_case2_internal_addresses_are_not_public(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_case2_public_addresses_are_public(address):
    assert is_public_address(ipaddress.ip_address(address))


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


def test_case2_redirect_to_a_refused_address_is_not_followed():
    first_only = ipaddress.ip_address("127.0.0.1")
    with page_server("127.0.0.2") as (inner, inner_hits), \
            page_server("127.0.0.1", redirect_to=inner + "/secret") as (outer, outer_hits):
        with pytest.raises(FetchRefused, match="refused address"):
            fetch_guarded(outer + "/start", allowed=lambda ip: ip == first_only)
        assert outer_hits == ["/start"] and inner_hits == [], "the redirect to a refused address was followed"
        # control: where both addresses are allowed, the same redirect is followed to the page
        fetched = fetch_guarded(outer + "/again", allowed=lambda ip: ip.is_loopback)
        assert b"SECRET" in fetched.body and inner_hits == ["/secret"] and fetched.url == inner + "/secret"


def test_case2_guarded_fetch_pins_the_checked_address_and_keeps_the_host_name():
    with page_server() as (url, hits):
        fetched = fetch_guarded(url.replace("127.0.0.1", "localhost") + "/p",
                                allowed=lambda ip: ip == ipaddress.ip_address("127.0.0.1") or ip.is_loopback)
    assert b"SECRET" in fetched.body and hits == ["/p"]
