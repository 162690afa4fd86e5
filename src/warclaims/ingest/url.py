"""Fetching one URL with httpx: timeout, streamed size cap, project User-Agent, redirects followed.

This module only fetches bytes (:class:`Fetched`); :mod:`warclaims.ingest.fetched` hands them
to the reader their content type calls for. Nothing is fetched at import time.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import urljoin

from warclaims._lazy import require
from warclaims.config import user_agent
from warclaims.errors import E, WarclaimsError
from warclaims.ingest.base import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from warclaims.ingest.normalize import one_line

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_REDIRECTS = 10
log = logging.getLogger("warclaims.ingest.url")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(slots=True, kw_only=True)
class Fetched:
    """A fetched response body with what the reader needs to interpret it."""

    url: str
    """The final URL, after redirects."""
    content_type: str
    charset: str | None
    body: bytes
    status: int = 200
    """304 when a conditional request (``headers``) found the resource unchanged (``body`` empty)."""
    etag: str | None = None
    last_modified: str | None = None


def _httpx() -> ModuleType:
    """Return httpx, imported on first use: it takes about 110 ms and most commands never fetch."""
    return require("httpx")


def is_url(value: str) -> bool:
    """Return True for an ``http://`` or ``https://`` URL."""
    return value.lower().startswith(("http://", "https://"))


def http_client(timeout: float = DEFAULT_TIMEOUT) -> Any:
    """Return an httpx Client with the project User-Agent, the timeout and the redirect limit.

    A caller fetching many URLs (``warclaims watch``) keeps one open: building a client
    (its TLS context) costs more CPU than a conditional request answered 304.
    """
    httpx = _httpx()

    headers = {
        "User-Agent": user_agent(),
        "Accept": "text/html, application/xhtml+xml, application/rss+xml, */*;q=0.5",
    }
    return httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS, headers=headers)


def fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    headers: dict[str, str] | None = None,
    client: Any = None,
) -> Fetched:
    """Return the body of ``url``; raise W115 (timeout), W111 (over ``max_bytes``) or W110 (other).

    ``headers`` are added to the request (``If-None-Match`` / ``If-Modified-Since``: a 304
    answer is returned with ``status`` 304 and no body); ``client`` is an open
    :func:`http_client` to reuse (one is made and closed otherwise).
    """
    httpx = _httpx()

    deadline = time.monotonic() + timeout
    try:
        with contextlib.ExitStack() as stack:
            if client is None:
                client = stack.enter_context(http_client(timeout))
            response = stack.enter_context(client.stream("GET", url, headers=headers or {}))
            return _read_response(response, url, max_bytes, deadline=deadline)
    except httpx.TimeoutException:
        raise WarclaimsError(E.W115, item=url, timeout=timeout) from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise WarclaimsError(E.W110, item=url, reason=_http_reason(exc)) from None


class FetchRefused(Exception):
    """A server-side fetch refused or failed; the reason is logged, never shown to the requester."""


def is_public_address(ip: IPAddress) -> bool:
    """Return True for a globally routable unicast address (not loopback, private, link-local, multicast...)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and not ip.is_reserved and not ip.is_unspecified


def resolve_allowed(host: str, port: int, allowed: Callable[[IPAddress], bool]) -> str:
    """Return an address of ``host`` to connect to; raise FetchRefused when any of its addresses is not allowed.

    Every address the name resolves to must pass: a name that resolves to a public and a
    private address at once is refused rather than raced.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchRefused(f"cannot resolve {host!r}: {exc}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    refused = [str(ip) for ip in addresses if not allowed(ip)]
    if not addresses or refused:
        raise FetchRefused(f"{host!r} resolves to refused address(es) {refused}")
    return str(addresses[0])


def fetch_guarded(url: str, *, allowed: Callable[[IPAddress], bool] = is_public_address,
                  max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """Return the body of ``url`` fetched for a remote requester; raise FetchRefused on any failure.

    Each hop (the URL, then every redirect) is resolved here, refused unless every address
    passes ``allowed`` (public unicast by default), and connected to *that* address (the name
    goes in the Host header and TLS SNI), so a DNS answer cannot change between the check and
    the connection. Proxies from the environment are ignored for the same reason.
    """
    httpx = _httpx()

    deadline = time.monotonic() + timeout
    headers = {"User-Agent": user_agent(), "Accept": "text/html, application/xhtml+xml, application/rss+xml, */*;q=0.5"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                response = client.send(_pinned_request(client, url, headers, allowed), stream=True)
                try:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    fetched = _read_response(response, url, max_bytes, deadline=deadline)
                    return Fetched(url=url, content_type=fetched.content_type, charset=fetched.charset,
                                   body=fetched.body)
                finally:
                    response.close()
            raise FetchRefused(f"more than {MAX_REDIRECTS} redirects")
    except (httpx.HTTPError, httpx.InvalidURL, WarclaimsError, ValueError) as exc:
        raise FetchRefused(f"{type(exc).__name__}: {one_line(exc)}") from None


def _pinned_request(client: Any, url: str, headers: dict[str, str], allowed: Callable[[IPAddress], bool]) -> Any:
    """Return the request for ``url`` addressed to its checked IP, keeping the name for Host and SNI."""
    httpx = _httpx()

    target = httpx.URL(url)
    if target.scheme not in ("http", "https") or not target.host:
        raise FetchRefused(f"not an http(s) URL: {url!r}")
    port = target.port or (443 if target.scheme == "https" else 80)
    address = resolve_allowed(target.host, port, allowed)
    host_header = target.host if target.port is None else f"{target.host}:{target.port}"
    return client.build_request("GET", target.copy_with(host=address), headers={**headers, "Host": host_header},
                                extensions={"sni_hostname": target.host})


def _http_reason(exc: Exception) -> str:
    httpx = _httpx()

    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {one_line(exc) or 'connection refused'}"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"more than {MAX_REDIRECTS} redirects"
    return f"{type(exc).__name__}: {one_line(exc)}"


def _read_response(response: Any, url: str, max_bytes: int, *, deadline: float) -> Fetched:
    if response.status_code == 304:
        return Fetched(url=str(response.url), content_type="", charset=None, body=b"", status=304,
                       etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"))
    if response.status_code >= 400:
        raise WarclaimsError(E.W110, item=url, reason=f"HTTP {response.status_code} {response.reason_phrase}")
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise WarclaimsError(E.W111, item=url, limit=max_bytes)
    chunks: list[bytes] = []
    size = 0
    # Stream so a huge or endless body is cut at the cap instead of filling memory; httpx's
    # timeout is per read, so a server dripping bytes slowly is stopped by the deadline.
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise WarclaimsError(E.W111, item=url, limit=max_bytes)
        if time.monotonic() > deadline:
            raise httpx_timeout()
        chunks.append(chunk)
    mime = response.headers.get("Content-Type", "").partition(";")[0]
    return Fetched(
        url=str(response.url),
        content_type=mime.strip().lower(),
        charset=response.charset_encoding,
        body=b"".join(chunks),
        status=response.status_code,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
    )


def httpx_timeout() -> Exception:
    """Return the httpx timeout exception raised when the whole download outlasts the timeout."""
    httpx = _httpx()

    return httpx.ReadTimeout("download took longer than the timeout")
