"""`warclaims process`: resumable extraction, failure isolation, the real pipeline with worker processes."""

from __future__ import annotations

import importlib.util
import json

import pytest

from warclaims import api

from .conftest import EXAMPLE, FAKES


def _ingest_fakes(run, db: str) -> None:
    assert run("ingest", FAKES, "--format", "fakes", "--no-process", "--db", db).exit_code == 0


def test_process_is_resumable(run, db, stub_pipeline):
    _ingest_fakes(run, db)
    first = run("process", "--limit", "5", "--db", db)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("processed 5 (")
    rest = run("process", "--db", db, "--json")
    assert json.loads(rest.stdout)["processed"] == 599
    again = run("process", "--db", db)
    assert again.stdout.startswith("processed 0 (0 incidents, 0 claims), failed 0")


def test_failing_article_is_listed_and_exits_1(run, db, tmp_path, stub_pipeline):
    poison = tmp_path / "poison.txt"
    poison.write_text("Shelling in Homs.\n\nPOISON: 4 people were killed in shelling of Homs on Friday.\n")
    run("ingest", EXAMPLE, str(poison), "--no-process", "--db", db)
    result = run("process", "--db", db)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("W201 ") and "stub cannot read this article" in lines[0]
    assert lines[-1].startswith("processed 1 (")
    errors = [json.loads(x) for x in run("errors", "--db", db, "--json").stdout.splitlines()]
    assert [e["code"] for e in errors] == ["W201"]


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("warclaims.extract.pipeline") is None,
    reason="extract pipeline (issue 3) not there yet",
)
def test_real_pipeline_with_two_workers(run, db):
    run("ingest", EXAMPLE, "--no-process", "--db", db)
    run("ingest", FAKES, "--format", "fakes", "--no-process", "--db", db)
    result = run("process", "--workers", "2", "--limit", "40", "--db", db, "--json")
    report = json.loads(result.stdout)
    assert report["processed"] + report["failed"] == 40
    assert result.exit_code == (0 if report["failed"] == 0 else 1)
    stored = list(api.extractions(db))
    assert len(stored) == report["processed"]
    texts = {a.id: a.text for a in api.articles(db, limit=None)}
    for extraction in stored:
        for incident in extraction.incidents:
            for claim in incident.claims:
                if claim.quote_span:
                    start, end = claim.quote_span
                    assert texts[extraction.article_id][start:end] == claim.quote
