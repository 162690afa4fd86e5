"""The Python API facade: ingest (with and without processing), process, listings, errors."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from warclaims import api
from warclaims.errors import E, WarclaimsError

REPO = Path(__file__).resolve().parents[1]
FAKES = str(REPO / "data" / "fakes" / "fakes-dev.csv")
EXAMPLE = str(REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt")
# The same stand-in extractor as the CLI tests (tests/cli/stub_pipeline.py).
from cli.stub_pipeline import extract_article as _stub_extract  # noqa: E402


@pytest.fixture
def stub_pipeline(monkeypatch):
    """Install a stub ``warclaims.extract.pipeline`` (the contract's two functions) for one test."""
    module = types.ModuleType("warclaims.extract.pipeline")
    module.extract_article = _stub_extract

    def extract_articles(articles, *, batch_size=16):
        for article in articles:
            yield _stub_extract(article)

    module.extract_articles = extract_articles
    monkeypatch.setitem(sys.modules, "warclaims.extract.pipeline", module)
    return module


@pytest.fixture
def db(tmp_path) -> str:
    """Return a fresh SQLite file path."""
    return str(tmp_path / "api.db")


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


def test_unknown_article_raises_w302(db):
    with pytest.raises(WarclaimsError) as info:
        api.article("nope", db)
    assert info.value.code is E.W302


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


def test_engine_can_be_passed_and_stays_open(tmp_path):
    from warclaims.store import open_store

    engine = open_store(str(tmp_path / "shared.db"))
    api.ingest([EXAMPLE], db=engine, process=False)
    assert [a.outlet for a in api.articles(engine)] == [api.articles(engine)[0].outlet]
    assert len(api.articles(engine, search="Deir ez-Zor")) == 1
    engine.dispose()


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

    def failing_on_homs(ctx, members, article, index):
        if "Homs" in article.text:
            raise ValueError("stage bug on this article")
        return real_incident(ctx, members, article, index)

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


def test_every_public_name_resolves_to_its_use_case_module():
    # warclaims.api.NAME (what the docs, tests and engines call) keeps working for every name.
    import importlib

    for name in api.__all__:
        submodule = importlib.import_module(f"warclaims.api.{api._SUBMODULE_OF[name]}")
        assert getattr(api, name) is getattr(submodule, name), name
    assert api.ingest.__module__ == "warclaims.api.processing"
    assert api.incident_page.__module__ == "warclaims.api.queries"


def test_read_source_dates_the_articles_and_collects_what_cannot_be_read(tmp_path):
    from warclaims.api import extraction

    failures: list = []
    published = extraction.parse_published("2016-09-18")
    (found,) = extraction.read_source(EXAMPLE, published=published, failures=failures)
    assert found.published.isoformat() == "2016-09-18" and "Deir ez-Zor" in found.text
    assert list(extraction.read_source(str(tmp_path / "missing.txt"), failures=failures)) == []
    assert [f.code for f in failures] == ["W113"]  # no such input
    with pytest.raises(WarclaimsError) as info:
        extraction.parse_published("18/09/2016")
    assert info.value.code is E.W902


def test_reference_events_are_the_bundled_records_of_the_period_largest_first(db):
    from datetime import date

    from warclaims.api import reference

    events = reference.reference_events(date(2016, 9, 1), date(2016, 9, 30), admin1="Deir ez-Zor", db=db)
    assert events, "the bundled UCDP GED set has Deir ez-Zor events in September 2016"
    best = [record.deaths_best or 0 for record, _ in events]
    assert best == sorted(best, reverse=True)
    assert all(record.admin1 == "Deir ez-Zor" for record, _ in events)
    assert all(headline for _, headline in events)
