"""Ingest (with and without processing) and process: resumable, isolating failures, in worker processes."""

from __future__ import annotations

import pytest

from warclaims import api
from warclaims.api import processing

from .conftest import EXAMPLE, FAKES, STUB


def test_ingest_fakes_dev_without_processing(db):
    seen = []
    report = api.ingest([FAKES], db=db, fmt="fakes", process=False, progress=lambda *a: seen.append(a))
    assert (report.ingested, report.duplicates, report.revisions, report.failed) == (604, 12, 1, 0)
    assert report.ok and report.processed is None
    assert len(report.duplicate_items) == 12
    assert all(d.source_ref.startswith(FAKES) for d in report.duplicate_items)
    assert seen[-1] == ("ingest", 617, 617)
    assert api.count_articles(db) == 604
    again = api.ingest(FAKES, db=db, fmt="fakes", process=False)
    assert (again.ingested, again.duplicates, again.revisions) == (0, 617, 0)


def test_failures_are_reported_and_stored(db, tmp_path):
    missing = str(tmp_path / "missing.txt")
    report = api.ingest([missing, EXAMPLE], db=db, process=False)
    assert report.ingested == 1 and report.failed == 1 and not report.ok
    assert report.failures[0].code == "W113"
    stored = api.errors(db)
    assert [(e.code, e.source_ref) for e in stored] == [("W113", missing)]
    assert api.errors(db, run_id=report.run_id) == stored
    assert api.errors(db, run_id="other") == []


def test_process_is_resumable_and_stores_claims(db, stub_pipeline):
    api.ingest([FAKES], db=db, fmt="fakes", process=False)
    first = api.process(db, limit=20, batch_size=8)
    assert first.processed == 20 and first.ok
    rest = api.process(db)
    assert rest.processed == 604 - 20
    assert api.process(db).processed == 0
    detail = api.article("1923102878", db)  # "killed 18 people" (Urom al-Joz airstrike, alaraby)
    assert detail.extraction is not None and detail.processed["extractor_version"] == "stub-1"
    claims = detail.extraction.incidents[0].claims
    assert claims, "the stub finds at least one 'killed N' phrase"
    start, end = claims[0].quote_span
    assert detail.article.text[start:end] == claims[0].quote
    assert sum(len(e.incidents) for e in api.extractions(db)) == 604


def test_ingest_processes_by_default_and_isolates_a_failing_article(db, tmp_path, stub_pipeline):
    poison = tmp_path / "poison.txt"
    poison.write_text(
        "Shelling in Aleppo.\n\nPOISON: 3 people were killed in shelling of Aleppo on Monday.\n"
    )
    report = api.ingest([EXAMPLE, str(poison)], db=db)
    assert report.ingested == 2 and report.failed == 0
    assert report.processed.processed == 1 and report.processed.failed == 1
    assert report.processed.failures[0].code == "W201"
    assert not report.ok
    assert [e.code for e in api.errors(db)] == ["W201"]
    # The failed article is marked, so a later run does not retry it forever.
    assert api.process(db).processed == 0


def test_full_flow_on_each_database(db_url, stub_pipeline):
    """Ingest FA-KES dev and extract it on SQLite and (when available) PostgreSQL alike."""
    report = api.ingest([FAKES], db=db_url, fmt="fakes")
    assert (report.ingested, report.duplicates, report.revisions) == (604, 12, 1)
    assert report.processed.processed == 604 and report.ok
    detail = api.article("1926479112", db_url)
    assert detail.revisions == [1, 2] and detail.processed["revision"] == 2
    # FA-KES labels the two captures of this article differently; each revision keeps its own.
    labels = {api.article("1926479112", db_url, revision=r).article.metadata["labels"] for r in (1, 2)}
    assert labels == {0, 1} and detail.article.metadata["location"] == "idlib"
    assert len(api.articles(db_url, outlet="SANA", limit=None)) == api.count_articles(db_url, outlet="sana")
    assert api.ingest([FAKES], db=db_url, fmt="fakes").processed.processed == 0


@pytest.mark.slow
def test_a_real_extraction_failure_is_recorded_as_w201_and_the_batch_goes_on(db, tmp_path, monkeypatch):
    """The real pipeline on real text: a stage that raises on one article is recorded as W201
    (article id and reason) in the store, and the other article of the batch is extracted."""
    pipeline = pytest.importorskip("warclaims.extract.pipeline")
    real_incident = pipeline._incident

    def failing_on_homs(ctx, members, article, index, *rest):
        if "Homs" in article.text:
            raise ValueError("stage bug on this article")
        return real_incident(ctx, members, article, index, *rest)

    monkeypatch.setattr(pipeline, "_incident", failing_on_homs)
    other = tmp_path / "homs.txt"
    other.write_text("Shelling in Homs.\n\nFour people were killed in shelling of Homs on Friday, activists said.\n")
    report = api.ingest([EXAMPLE, str(other)], db=db)
    assert report.processed.processed == 1 and report.processed.failed == 1
    assert report.processed.incidents >= 1, "the good article of the batch is still extracted"
    errors = list(api.errors(db))
    assert [e.code for e in errors] == ["W201"]
    failed_id = report.processed.failures[0].source_ref
    assert failed_id in errors[0].message and "ValueError: stage bug on this article" in errors[0].message


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
