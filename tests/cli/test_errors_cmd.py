"""`warclaims errors`: stored failures as lines or JSON Lines."""

from __future__ import annotations

import json

from .conftest import EXAMPLE


def test_errors_lists_failures_of_every_run(run, db, tmp_path):
    run("ingest", str(tmp_path / "a.txt"), "--no-process", "--db", db)
    run("ingest", EXAMPLE, "--format", "nonsense", "--no-process", "--db", db)
    rows = [json.loads(line) for line in run("errors", "--db", db, "--json").stdout.splitlines()]
    assert [r["code"] for r in rows] == ["W113", "W112"]
    assert all(r["message"] and r["created"] for r in rows)
    text = run("errors", "--db", db).stdout
    assert text.splitlines()[0].startswith("W113 ") and "2 error(s)" in text
