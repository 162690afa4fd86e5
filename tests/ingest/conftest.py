"""Shared fixtures of the ingest tests: repository paths, real data, a local HTTP server."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest


@dataclass(slots=True, kw_only=True)
class Route:
    """What the test server answers for one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    redirect: str | None = None
    chunks: int = 1
    chunk_delay: float = 0.0


@dataclass(slots=True, kw_only=True)
class LocalServer:
    """A real HTTP server on 127.0.0.1 with programmable routes; records request headers."""

    base: str
    routes: dict[str, Route]
    seen_headers: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path`` on this server."""
        return self.base + path


def _handler(server_state: LocalServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server_state.seen_headers.append(dict(self.headers))
            route = server_state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.redirect:
                self.send_response(302)
                self.send_header("Location", route.redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.chunks == 1:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                for _ in range(route.chunks):  # chunks > 1: an undeclared, oversized body
                    self.wfile.write(route.body)
                    self.wfile.flush()
                    time.sleep(route.chunk_delay)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client hung up at its size cap, as intended

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

    return Handler


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """Start a threaded HTTP server on 127.0.0.1 (random port); stop it after the test."""
    state = LocalServer(base="", routes={})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def free_port() -> Callable[[], int]:
    """Return a function giving a 127.0.0.1 port with nothing listening on it."""
    import socket

    def pick() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    return pick
