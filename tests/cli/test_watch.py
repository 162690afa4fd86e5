"""`warclaims watch` and `warclaims sources` on the command line, with a sources file and a webhook."""

from __future__ import annotations

import json

import pytest

# The watch tests' feed server, webhook receiver and articles (tests/watch is not a package: a
# namespace import from tests/, which is on sys.path). The fixtures are used by name below.
from watch.watchdata import ARTICLE_A, ARTICLE_B, feeds, hook, rss  # noqa: F401


def test_sources_file_alert_tables_and_webhook(run, feeds, hook, tmp_path):
    feeds.set("/ahram.rss", rss("Ahram Online", [ARTICLE_A]))
    feeds.set("/araby.rss", rss("Al-Araby", [ARTICLE_B]))
    sources = tmp_path / "sources.toml"
    sources.write_text(f'''
every = "10m"

[[source]]
url = "{feeds.url('/ahram.rss')}"
outlet = "Ahram"

[[source]]
url = "{feeds.url('/araby.rss')}"
every = "1h"

[[alert]]
admin1 = "Idlib"
killed = ">=20"
webhook = "{hook.url}"
''', encoding="utf-8")
    db = str(tmp_path / "w.db")
    first = run("watch", "--sources", str(sources), "--db", db, "--once")
    assert first.exit_code == 0, first.output
    # Both articles arrive in one cycle: one new incident whose toll is already 21 (>= 20).
    alerts = [json.loads(line) for line in first.stdout.splitlines()]
    assert [(a["alert"], a["event"]["kind"], a["event"]["incident"]["killed"]) for a in alerts] == [
        ("admin1=Idlib,killed>=20", "new_incident", 21)]
    assert [r["event"]["kind"] for r in hook.received] == ["new_incident"]
    assert sorted(alerts[0]["event"]["incident"]["outlets"]) == ["Ahram", "Al-Araby"]
    assert "cycle 1: polled 2 source(s) (0 not modified, 0 failed), 2 new item(s): ingested 2" in first.stderr

    second = run("watch", "--sources", str(sources), "--db", db, "--once")
    assert second.exit_code == 0 and second.stdout == ""
    assert "(2 not modified, 0 failed), 0 new item(s)" in second.stderr

    status = run("sources", "--db", db, "--json")
    rows = {r["source"].rsplit("/", 1)[1]: r for r in map(json.loads, status.stdout.splitlines())}
    assert {k: (r["kind"], r["items_seen"], r["interval_s"], r["failures"]) for k, r in rows.items()} == {
        "ahram.rss": ("feed", 1, 600, 0), "araby.rss": ("feed", 1, 3600, 0)}
    assert run("watch", "--status", "--db", db, "--json").stdout == status.stdout


@pytest.mark.parametrize("args,code", [
    (["watch", "--once"], "W902"),
    (["watch", "not-a-dir-or-url", "--once"], "W902"),
    (["watch", "http://127.0.0.1:9/x", "--every", "soon"], "W902"),
    (["watch", "http://127.0.0.1:9/x", "--alert", "killed>=many"], "W805"),
])
def test_bad_arguments_are_coded(run, tmp_path, args, code):
    result = run(*args, "--db", str(tmp_path / "w.db"))
    assert result.exit_code == 1 and f"[{code}]" in result.stderr


def test_bad_sources_file_is_w806(run, tmp_path):
    bad = tmp_path / "s.toml"
    bad.write_text('[[source]]\nurl = "http://x/feed"\ncolour = "red"\n', encoding="utf-8")
    result = run("watch", "--sources", str(bad), "--db", str(tmp_path / "w.db"))
    assert result.exit_code == 1 and "[W806]" in result.stderr and "colour" in result.stderr
