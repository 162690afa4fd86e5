"""The limits of web/limits.py: the request body cap (413 W601, chunked uploads included), the security
headers, and the check slots that bound /api/check work in number (429 W610) and time (503 W611)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from .support import AUTH, assert_error, empty_extractor, live_server
from .webdata import TOKEN


# --- the body cap and the headers (BodyLimitMiddleware) ------------------------------------


def test_oversized_body_with_content_length_is_413(client):
    big = b"x" * (5 * 1024 * 1024 + 1)
    r = client.post("/api/check", content=big, headers={"Content-Type": "application/json"})
    assert_error(r, 413, "W601")


def test_oversized_chunked_body_without_content_length_is_413(client):
    def chunks():
        """Yield 6 MiB in 1 MiB chunks (sent chunked, without Content-Length)."""
        for _ in range(6):
            yield b"y" * (1024 * 1024)

    r = client.post("/api/ingest", content=chunks(), headers={"Content-Type": "application/json", **AUTH})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert_error(r, 413, "W601")


def test_body_just_under_limit_is_not_413(client):
    text = "Two people were killed in Homs. " * 1000
    r = client.post("/api/check", json={"text": text})
    assert r.status_code == 200


def test_security_headers(client):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


# --- the check slots (CheckSlots) over real HTTP -------------------------------------------


TEXT = "Shelling killed 3 people in Daraa on Tuesday, activists said."


class SlowExtractor:
    """An extractor that waits until released (or ``seconds``), counting the calls running at once."""

    def __init__(self, seconds: float = 30.0) -> None:
        self.seconds = seconds
        self.release = threading.Event()
        self.started = threading.Event()
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, article):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self.started.set()
        try:
            self.release.wait(self.seconds)
            return empty_extractor(article)
        finally:
            with self.lock:
                self.running -= 1


def test_case4_busy_checks_answer_429(sqlite_url):
    slow = SlowExtractor()
    with live_server(db_url=sqlite_url, extractor=slow, max_checks=1) as base:
        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(httpx.post, f"{base}/api/check", json={"text": TEXT}, timeout=60)
            assert slow.started.wait(20)
            r = httpx.post(f"{base}/api/check", json={"text": TEXT + " second"}, timeout=30)
            assert r.status_code == 429 and r.json()["error"]["code"] == "W610"
            r = httpx.post(f"{base}/check.json", data={"text": TEXT + " form"}, timeout=30)
            assert r.status_code == 429
            slow.release.set()
            assert first.result().status_code == 200
        # the slot is free again
        assert httpx.post(f"{base}/api/check", json={"text": TEXT + " third"}, timeout=30).status_code == 200
    assert slow.most == 1


def test_case4_slow_check_answers_503_and_stores_nothing(sqlite_url):
    slow = SlowExtractor(seconds=1.5)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with live_server(db_url=sqlite_url, api_token=TOKEN, extractor=slow, check_timeout=0.3) as base:
        r = httpx.post(f"{base}/api/check", json={"text": TEXT, "store": True}, headers=auth, timeout=30)
        assert r.status_code == 503 and r.json()["error"]["code"] == "W611"
        time.sleep(2.0)  # the extraction thread ends meanwhile: it must not store the article
        rows = httpx.get(f"{base}/api/articles").json()["rows"]
    assert rows == []
