"""`warclaims process`: resumable extraction, failure isolation, worker processes, the real pipeline."""

from __future__ import annotations

import importlib.util
import json

import pytest

from warclaims import api
from warclaims.api import processing

from .conftest import EXAMPLE, FAKES

STUB = "cli.stub_pipeline"  # tests/ is on sys.path (tests/cli is a package), also in spawned workers


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


def test_worker_processes_store_the_same_as_one_process(tmp_path):
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    for db in (one, two):
        api.ingest([FAKES], db=db, fmt="fakes", process=False)
    api.process(one, limit=96, pipeline=STUB)
    report = api.process(two, limit=96, workers=2, batch_size=16, pipeline=STUB)
    assert report.processed == 96 and report.ok
    by_id = {e.article_id: e for e in api.extractions(one)}
    parallel = list(api.extractions(two))
    assert len(parallel) == 96
    assert all(by_id[e.article_id] == e for e in parallel)


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


def test_one_worker_pool_serves_every_page(tmp_path, monkeypatch):
    # Each page used to start its own pool (and reload spaCy in every worker); a run with
    # several pages must start one pool and store what one process stores.
    import concurrent.futures

    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    for db in (one, two):
        api.ingest([FAKES], db=db, fmt="fakes", process=False)
    monkeypatch.setattr(processing, "PROCESS_PAGE", 16)  # 48 articles: 3 pages of 2 chunks
    api.process(one, limit=48, batch_size=8, pipeline=STUB)
    pools = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def counting_pool(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    report = api.process(two, limit=48, workers=2, batch_size=8, pipeline=STUB)
    assert pools == [2]
    assert report.processed == 48 and report.ok
    by_id = {e.article_id: e for e in api.extractions(one)}
    parallel = list(api.extractions(two))
    assert len(parallel) == 48 and len(by_id) == 48
    assert all(by_id[e.article_id] == e for e in parallel)
    # A run with nothing to extract starts no pool.
    assert api.process(two, workers=2, batch_size=8, pipeline=STUB, limit=0).processed == 0
    assert pools == [2]
