"""Case 4: /api/check work is bounded: size (413), concurrency (429) and time (503)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from reliability_support import TOKEN, empty_extractor, live_server

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


def test_case4_four_big_checks_are_refused_quickly_with_413(sqlite_url):
    big = "Shelling killed 3 people in Daraa. " * 130_000  # about 4.4 MB, as in the report
    with live_server(db_url=sqlite_url) as base:
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            replies = list(pool.map(lambda _: httpx.post(f"{base}/api/check", json={"text": big}, timeout=60),
                                    range(4)))
        elapsed = time.monotonic() - started
    assert [r.status_code for r in replies] == [413] * 4
    assert {r.json()["error"]["code"] for r in replies} == {"W202"}
    assert elapsed < 20, f"four refusals took {elapsed:.1f} s"


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
