"""Restart safety: `warclaims watch` killed with SIGKILL mid-cycle, then restarted, loses and repeats nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from watchdata import ARTICLE_A, ARTICLE_B, rss
from warclaims.store import watch as ws
from warclaims.store.engine import open_store
from warclaims.store.schema import articles

SRC = str(Path(__file__).resolve().parents[2] / "src")


def watch_cmd(url: str, db: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "warclaims", "watch", url, "--db", db, "--alert", "all", *extra]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


def run_until(cmd: list[str], marker: str, timeout: float = 120) -> tuple[str, list[str]]:
    """Start ``cmd``, SIGKILL it as soon as a stderr line contains ``marker``; return (stdout, stderr lines)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    lines: list[str] = []
    stage = 0
    try:
        for line in proc.stderr:
            lines.append(line.rstrip())
            if stage == 0 and line.startswith("cycle 1:"):
                stage = 1
                yield_point.set()  # the test now changes the feed
            elif stage == 1 and marker in line:
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        watchdog.cancel()
        out = proc.stdout.read()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, lines
    return out, lines


yield_point = threading.Event()


def counts(db: str) -> tuple[int, int, list[str]]:
    engine = open_store(db)
    try:
        with engine.connect() as conn:
            n_articles = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
            n_items = conn.execute(sa.select(sa.func.count()).select_from(ws.watch_items)).scalar_one()
        kinds = [e["kind"] for e in reversed(ws.list_events(engine, limit=500).rows)]
    finally:
        engine.dispose()
    return n_articles, n_items, kinds


@pytest.mark.parametrize("marker", ["new item(s)", "stored 1 new article"])
def test_kill_9_mid_cycle_then_restart(feeds, tmp_path, marker):
    db = str(tmp_path / "watch.db")
    url = feeds.url("/feed.rss")
    feeds.set("/feed.rss", rss("Ahram Online", [ARTICLE_A]))
    yield_point.clear()

    def change_feed() -> None:
        yield_point.wait(120)
        feeds.set("/feed.rss", rss("Ahram Online", [ARTICLE_A, ARTICLE_B]))

    changer = threading.Thread(target=change_feed, daemon=True)
    changer.start()
    first_out, first_err = run_until(watch_cmd(url, db, "--every", "1s"), marker)
    changer.join(5)
    assert any(marker in line for line in first_err)
    killed_at = counts(db)
    if marker == "new item(s)":  # killed before the new item was extracted: not seen, no event yet
        assert killed_at[1:] == (1, ["new_incident"])
    else:  # killed after the article was stored and extracted
        assert killed_at[0] == 2

    done = subprocess.run(watch_cmd(url, db, "--once"), capture_output=True, text=True, env=env(), timeout=180)
    assert done.returncode == 0, done.stderr
    alerts = [json.loads(line)["event"] for line in (first_out + done.stdout).splitlines()]
    n_articles, n_items, kinds = counts(db)
    assert (n_articles, n_items) == (2, 2)
    assert kinds == ["new_incident", "new_report", "toll_revised"]
    # Each event alerted exactly once over the two runs.
    assert sorted(a["id"] for a in alerts) == [1, 2, 3]
    again = subprocess.run(watch_cmd(url, db, "--once"), capture_output=True, text=True, env=env(), timeout=180)
    assert again.returncode == 0 and again.stdout == ""
    assert counts(db) == (2, 2, kinds)


def test_webhook_delivery_pending_at_kill_is_sent_after_restart(feeds, hook, tmp_path):
    db = str(tmp_path / "watch.db")
    url = feeds.url("/feed.rss")
    feeds.set("/feed.rss", rss("Ahram Online", [ARTICLE_A]))
    hook.statuses = [500] * 50  # the receiver is down while the first watcher runs
    cmd = watch_cmd(url, db, "--every", "1s", "--webhook", hook.url)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    try:
        for line in proc.stderr:
            if line.startswith("cycle 1:"):
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        watchdog.cancel()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL and hook.received == []
    engine = open_store(db)
    with engine.connect() as conn:
        states = conn.execute(sa.select(ws.alert_outbox.c.state, ws.alert_outbox.c.event_id)).all()
    assert [tuple(s) for s in states] == [("pending", 1)]

    hook.statuses = []  # the receiver is back
    done = subprocess.run(watch_cmd(url, db, "--once", "--webhook", hook.url), capture_output=True, text=True,
                          env=env(), timeout=180)
    assert done.returncode == 0, done.stderr
    assert [(r["event"]["id"], r["event"]["kind"]) for r in hook.received] == [(1, "new_incident")]
    with engine.connect() as conn:
        states = conn.execute(sa.select(ws.alert_outbox.c.state, ws.alert_outbox.c.attempts)).all()
    engine.dispose()
    assert [s[0] for s in states] == ["delivered"]
