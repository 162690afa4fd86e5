"""`warclaims doctor`: the store's unfinished stages counted, and finished with --repair."""

from __future__ import annotations

import json

from .conftest import EXAMPLE


def test_empty_store_is_consistent(run, db):
    result = run("doctor", "--db", db)
    assert result.exit_code == 0, result.output
    assert "awaiting extraction: 0" in result.stdout and "  consistent" in result.stdout


def test_unprocessed_article_is_reported_then_repaired(run, db, stub_pipeline):
    assert run("ingest", EXAMPLE, "--no-process", "--db", db).exit_code == 0
    found = run("doctor", "--db", db)
    assert found.exit_code == 1
    assert "awaiting extraction: 1" in found.stdout and "NOT consistent" in found.stdout
    repaired = run("doctor", "--repair", "--db", db, "--json")
    assert repaired.exit_code == 0, repaired.output
    report = json.loads(repaired.stdout)
    assert report["ok"] is True and report["processed"]["processed"] == 1
    assert report["before"]["awaiting_extraction"] == 1 and report["after"]["awaiting_extraction"] == 0
    assert run("doctor", "--db", db).exit_code == 0
