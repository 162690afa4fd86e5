"""`warclaims serve`: it serves on loopback, and fails with W901 without the web extra."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner

from warclaims.cli.app import build_app


def test_serve_without_web_extra_fails_with_w901(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    result = CliRunner().invoke(build_app(), ["serve", "--db", "unused.db"])
    assert result.exit_code == 1
    assert "W901" in result.output and "'web'" in result.output


def test_serve_starts_uvicorn_on_loopback(tmp_path, filled_store):
    pytest.importorskip("uvicorn")
    from test_web_browser import free_port

    port = free_port()
    env = {**os.environ, "WARCLAIMS_API_TOKEN": "abc"}
    proc = subprocess.Popen([sys.executable, "-m", "warclaims", "serve", "--port", str(port), "--db",
                             filled_store["url"], "--log-level", "warning"], env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/incidents", params={"limit": 2}, timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and len(r.json()["rows"]) == 2
        r = httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={"articles": [{"text": "x"}]},
                       headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=20)
