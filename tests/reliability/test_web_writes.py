"""Case 1: /api/check with ``store: true`` writes only with the token, and never replaces a stored article."""

from __future__ import annotations

import httpx

from reliability_support import TOKEN, live_server

TEXT = "Shelling killed 3 people in Daraa on Tuesday, activists said. Reliability case one, first text."
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _article_count(base: str) -> int:
    return len(httpx.get(f"{base}/api/articles", params={"limit": 500}).json()["rows"])


def test_case1_check_store_without_configured_token_is_refused(sqlite_url):
    with live_server(db_url=sqlite_url, api_token=None) as base:
        r = httpx.post(f"{base}/api/check", json={"text": TEXT, "store": True}, timeout=30)
        assert r.status_code == 403 and r.json()["error"]["code"] == "W603"
        assert _article_count(base) == 0
        # a check that does not store still works without any token
        assert httpx.post(f"{base}/api/check", json={"text": TEXT}, timeout=30).json()["ok"] is True


def test_case1_check_store_needs_the_ingest_token(sqlite_url):
    with live_server(db_url=sqlite_url, api_token=TOKEN) as base:
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            r = httpx.post(f"{base}/api/check", json={"text": TEXT, "store": True}, headers=headers, timeout=30)
            assert r.status_code == 401 and r.json()["error"]["code"] == "W602"
        assert _article_count(base) == 0
        r = httpx.post(f"{base}/api/check", json={"text": TEXT, "store": True}, headers=AUTH, timeout=30)
        assert r.status_code == 200 and r.json()["stored"]["duplicate"] is False
        assert _article_count(base) == 1


def test_case1_check_never_overwrites_an_existing_id(sqlite_url):
    with live_server(db_url=sqlite_url, api_token=TOKEN) as base:
        r = httpx.post(f"{base}/api/ingest", json={"articles": [{"text": TEXT, "id": "a-1"}], "process": False},
                       headers=AUTH, timeout=30)
        assert r.status_code == 201
        tampered = {"text": "TAMPERED: nobody was killed anywhere.", "id": "a-1", "store": True}
        r = httpx.post(f"{base}/api/check", json=tampered, headers=AUTH, timeout=30)
        assert r.status_code == 409 and r.json()["error"]["code"] == "W607"
        stored = httpx.get(f"{base}/api/articles/a-1").json()
        assert stored["article"]["text"] == TEXT and stored["article"]["revision"] == 1
        # the same text again is a harmless duplicate, not a refusal
        r = httpx.post(f"{base}/api/check", json={"text": TEXT, "id": "a-1", "store": True}, headers=AUTH, timeout=30)
        assert r.status_code == 200 and r.json()["stored"] == {"article_id": "a-1", "duplicate": True}
