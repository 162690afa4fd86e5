"""`warclaims serve`: it serves on loopback (one or more workers), preloads the pipeline, and fails
coded without the web extra or on a port or address it cannot listen on."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner

from warclaims.cli.app import build_app


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def filled_store(gold_db) -> dict:
    """Return ``{"url": ...}`` of a SQLite store holding the gold reports, linked into incidents."""
    from warclaims import api

    assert api.relink(gold_db).incidents >= 2
    return {"url": f"sqlite:///{gold_db}"}


def test_serve_without_web_extra_fails_with_w901(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    result = CliRunner().invoke(build_app(), ["serve", "--db", "unused.db"])
    assert result.exit_code == 1
    assert "W901" in result.output and "'web'" in result.output


def test_serve_starts_uvicorn_on_loopback(tmp_path, filled_store):
    pytest.importorskip("uvicorn")
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


def test_serve_workers_start_that_many_processes_over_one_store(tmp_path, filled_store):
    # Two uvicorn worker processes, each building the app from the environment (served_app):
    # both answer from the same store, the token still guards writes, and all stop on SIGTERM.
    pytest.importorskip("uvicorn")
    port = free_port()
    env = {**os.environ, "WARCLAIMS_API_TOKEN": "abc"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "warclaims", "serve", "--port", str(port), "--db",
                                 filled_store["url"], "--workers", "2", "--log-level", "info"],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while log.read_text().count("Application startup complete") < 2:
            assert time.monotonic() < deadline and proc.poll() is None, f"workers did not start: {log.read_text()}"
            time.sleep(0.3)
        with httpx.Client(timeout=30) as client:
            pages = [client.get(f"http://127.0.0.1:{port}/api/incidents", params={"limit": 2}) for _ in range(6)]
            denied = client.post(f"http://127.0.0.1:{port}/api/ingest", json={"articles": [{"text": "x"}]},
                                 headers={"Authorization": "Bearer nope"})
        assert all(r.status_code == 200 and len(r.json()["rows"]) == 2 for r in pages)
        assert len({r.text for r in pages}) == 1  # the same store behind every worker
        assert denied.status_code == 401
        started = {line.split("[")[1].split("]")[0] for line in log.read_text().splitlines()
                   if "Started server process" in line}
        assert len(started) == 2  # two worker processes with their own pids
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert log.read_text().count("Finished server process") == 2


def test_serve_preloads_the_extraction_pipeline(monkeypatch, tmp_path):
    pytest.importorskip("uvicorn")
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.setdefault("app", app))
    result = CliRunner().invoke(build_app(), ["serve", "--db", str(tmp_path / "s.db"), "--port", str(free_port())])
    assert result.exit_code == 0, result.output
    assert served["app"].state.config.preload_extraction


def test_serve_on_a_busy_port_fails_with_w902_before_printing_the_url(filled_store):
    # A real listening socket holds the port: serve must say so (coded, naming --port and a free
    # port to use instead), exit 1, print no dashboard URL and no uvicorn traceback.
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "warclaims", "serve", "--port", str(port), "--db",
                               filled_store["url"], "--log-level", "warning"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert "http://" not in proc.stdout and "dashboard" not in proc.stdout
        assert "Traceback" not in proc.stderr and "address already in use" not in proc.stderr
        assert f"[W902] invalid option --port: cannot listen on 127.0.0.1:{port}" in proc.stderr
        hint = proc.stderr.split("e.g. --port ")[1].split(")")[0]
        suggested = int(hint)
        assert suggested != port
        with socket.socket() as other:  # the port suggested is free indeed
            other.bind(("127.0.0.1", suggested))


def test_serve_on_an_address_not_of_this_machine_names_host(tmp_path):
    # 192.0.2.1 (TEST-NET-1) is on no interface here: binding fails at once, no traffic is sent
    result = CliRunner().invoke(build_app(), ["serve", "--db", str(tmp_path / "s.db"), "--host", "192.0.2.1",
                                              "--port", "8000"])
    assert result.exit_code == 1
    assert "[W902] invalid option --host: cannot listen on 192.0.2.1" in result.output
    assert "dashboard" not in result.output and "--port (" not in result.output
