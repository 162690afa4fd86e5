"""Several watchers on different sources into one PostgreSQL store: no duplicate events."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from watchdata import ARTICLE_A, ARTICLE_B, ARTICLE_C, rss
from warclaims.store import watch as ws
from warclaims.store.engine import open_store

pytestmark = pytest.mark.postgres
SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_three_watchers_on_one_postgres_store(feeds, pg_url):
    feeds.set("/ahram.rss", rss("Ahram Online", [ARTICLE_A]))
    feeds.set("/araby.rss", rss("Al-Araby", [ARTICLE_B]))
    feeds.set("/sana.rss", rss("SANA", [ARTICLE_C]))
    engine = open_store(pg_url)  # migrate once before the watchers start
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = [
        subprocess.Popen([sys.executable, "-m", "warclaims", "watch", feeds.url(path), "--db", pg_url,
                          "--once", "--name", path, "--alert", "all"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for path in ("/ahram.rss", "/araby.rss", "/sana.rss")
    ]
    outs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], "\n".join(o[1][-3000:] for o in outs)
    events = list(reversed(ws.list_events(engine, limit=500).rows))
    engine.dispose()
    # Whatever the interleaving, each change is one event: one new_incident, one new_report per later
    # article, and no (kind, articles, after) twice.
    signature = Counter((e["kind"], tuple(e["article_ids"]), repr(e["after"])) for e in events)
    assert max(signature.values()) == 1, signature
    kinds = Counter(e["kind"] for e in events)
    assert kinds["new_incident"] == 1
    incident = events[0]["incident_id"]
    assert {e["incident_id"] for e in events} == {incident}
    mentioned = {a for e in events if e["kind"] in ("new_incident", "new_report") for a in e["article_ids"]}
    assert len(mentioned) == 3
    assert kinds["new_report"] == 3 - len(events[0]["article_ids"])
    # The final observed state is the ledger with all three reports, contested.
    assert events[-1]["incident"]["contested"] is True
