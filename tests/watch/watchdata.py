"""Data and servers of the watch tests: a real feed server whose documents change, a webhook receiver, real articles.

The articles are adapted from the Ahram Online / Al-Araby Idlib reports in ``data/sample``:
the first gives 15 killed (SOHR), a later one SOHR's revised 21, a third the Syrian state
agency's 3 "terrorists" (a contradiction); the pipeline extracts and links them for real.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pytest

ARTICLE_A = {
    "id": "ahram-idlib-1",
    "title": "Strike kills 15 including 4 children in Idlib",
    "link": "https://english.ahram.org.eg/news/idlib-strike-15",
    "date": "Sat, 08 Apr 2017 09:30:00 +0000",
    "text": (
        "An air strike killed 15 civilians including four children in the village of Urum al-Joz in "
        "Syria's northwestern province of Idlib on Saturday, the Syrian Observatory for Human Rights said. "
        "The monitoring group said the strike was suspected to have been carried out by Russian planes."
    ),
}
ARTICLE_B = {
    "id": "araby-idlib-2",
    "title": "Idlib strike toll rises to 21",
    "link": "https://english.alaraby.co.uk/news/idlib-toll-21",
    "date": "Sun, 09 Apr 2017 08:00:00 +0000",
    "text": (
        "The death toll from an air strike on the village of Urum al-Joz in Idlib province on Saturday "
        "has risen to 21 civilians, the Syrian Observatory for Human Rights said on Sunday. Rescue workers "
        "were still searching the rubble."
    ),
}
ARTICLE_C = {
    "id": "sana-idlib-3",
    "title": "Army strikes depot in Idlib",
    "link": "https://sana.sy/en/idlib-depot",
    "date": "Sun, 09 Apr 2017 10:00:00 +0000",
    "text": (
        "Syrian state news agency SANA said on Sunday that 3 terrorists were killed when the army struck "
        "a weapons depot in the village of Urum al-Joz in Idlib province on Saturday."
    ),
}


def rss(title: str, items: list[dict]) -> bytes:
    """Return an RSS 2.0 document with ``items`` (full text in content:encoded)."""
    entries = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
        f"<guid isPermaLink=\"false\">{escape(i['id'])}</guid><pubDate>{i['date']}</pubDate>"
        f"<description>{escape(i['text'][:80])}</description>"
        f"<content:encoded><![CDATA[<p>{i['text']}</p>]]></content:encoded></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>https://example.org/</link><description>news</description>"
        f"{entries}</channel></rss>"
    ).encode("utf-8")


@dataclass(slots=True, kw_only=True)
class Doc:
    """What the server answers on one path: a body with ETag/Last-Modified, an error, or a redirect."""

    body: bytes = b""
    content_type: str = "application/rss+xml"
    status: int = 200
    redirect: str | None = None
    validators: bool = True
    modified: str = field(default_factory=lambda: email.utils.formatdate(time.time(), usegmt=True))


@dataclass(slots=True, kw_only=True)
class FeedServer:
    """A real HTTP server on 127.0.0.1; set ``docs[path]`` between polls. Logs (path, status) per request."""

    base: str = ""
    docs: dict[str, Doc] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path``."""
        return self.base + path

    def set(self, path: str, body: bytes, **kw) -> None:
        """Serve ``body`` at ``path`` from now on (a new Last-Modified, so the ETag changes with the body)."""
        self.docs[path] = Doc(body=body, **kw)

    def statuses(self, path: str) -> list[int]:
        """Return the statuses answered on ``path``, in order."""
        return [s for p, s in self.log if p == path]


def _feed_handler(state: FeedServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.headers.append(dict(self.headers))
            doc = state.docs.get(self.path)
            if doc is None:
                return self._answer(404, b"not found", "text/plain")
            if doc.redirect:
                state.log.append((self.path, 302))
                self.send_response(302)
                self.send_header("Location", doc.redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha256(doc.body).hexdigest()[:16] + '"'
            # RFC 9110: If-None-Match, when sent, decides; If-Modified-Since only without it.
            match = self.headers.get("If-None-Match")
            fresh = match == etag if match is not None else self.headers.get("If-Modified-Since") == doc.modified
            if doc.validators and doc.status == 200 and fresh:
                state.log.append((self.path, 304))
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            extra = {"ETag": etag, "Last-Modified": doc.modified} if doc.validators and doc.status == 200 else {}
            self._answer(doc.status, doc.body, doc.content_type, extra)

        def _answer(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
            state.log.append((self.path, status))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@dataclass(slots=True, kw_only=True)
class Hook:
    """A webhook receiver on 127.0.0.1: answers ``statuses`` in turn (then 200); ``hang`` seconds before each answer."""

    base: str = ""
    received: list[dict] = field(default_factory=list)
    attempts: int = 0
    statuses: list[int] = field(default_factory=list)
    hang: float = 0.0
    arrived: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        """Return the URL to POST to."""
        return self.base + "/hook"


def _hook_handler(state: Hook) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.attempts += 1
            if state.hang:
                time.sleep(state.hang)
            status = state.statuses.pop(0) if state.statuses else 200
            if status == 200:
                state.received.append(json.loads(body))
                state.arrived.set()
            try:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def _serve(handler) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    """Yield a running FeedServer (no documents yet)."""
    state = FeedServer()
    for base in _serve(_feed_handler(state)):
        state.base = base
        yield state


@pytest.fixture
def hook() -> Iterator[Hook]:
    """Yield a running webhook receiver."""
    state = Hook()
    for base in _serve(_hook_handler(state)):
        state.base = base
        yield state


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """Return the URL of a fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'watch.db'}"
