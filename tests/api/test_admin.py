"""The store itself: schema revisions, articles stored as they are, checked articles, failures,
batches extracted elsewhere."""

from __future__ import annotations

import dataclasses

import pytest

from warclaims import api
from warclaims.api import extraction
from warclaims.errors import E, WarclaimsError
from warclaims.models import IngestFailure

from .conftest import EXAMPLE, FAKES


def _example():
    """Return the ARA News Deir ez-Zor article as read from its file."""
    (article,) = extraction.read_source(EXAMPLE, failures=[])
    return article


def _fakes(n: int):
    """Return the first ``n`` articles of the FA-KES dev file."""
    return list(extraction.read_source(FAKES, "fakes", failures=[]))[:n]


def test_upgrade_creates_the_schema_and_reports_the_revisions(tmp_path):
    db = str(tmp_path / "admin.db")
    before, after = api.upgrade_db(db)
    assert before is None and after is not None
    assert api.schema_revisions(db) == (after, after)
    assert api.upgrade_db(db) == (after, after)


def test_articles_are_stored_as_they_are_and_a_changed_text_is_refused_without_revise(db):
    articles = _fakes(3)
    first = api.store_articles(articles, db)
    assert first.stored == 3 and not first.duplicates
    assert len(api.store_articles(articles, db).duplicates) == 3
    changed = dataclasses.replace(articles[0], text=articles[0].text + " Updated toll.", content_hash="")
    refused = api.store_articles([changed], db, revise=False)
    assert refused.refused == [articles[0].id]
    assert api.count_articles(db) == 3 and api.article(articles[0].id, db).revisions == [1]


def test_a_checked_article_is_stored_once_with_its_extraction(db, stub_pipeline):
    article = _example()
    stored_id, duplicate = api.store_checked(article, stub_pipeline.extract_article(article), db)
    assert (stored_id, duplicate) == (article.id, False)
    assert api.article(stored_id, db).extraction is not None
    again = api.store_checked(article, stub_pipeline.extract_article(article), db)
    assert again == (article.id, True)
    other = dataclasses.replace(article, text="Shelling in Homs killed 4 people.", content_hash="")
    with pytest.raises(WarclaimsError) as info:
        api.store_checked(other, stub_pipeline.extract_article(other), db)
    assert info.value.code is E.W607


def test_a_batch_extracted_elsewhere_is_stored_with_its_extractions_and_failures(db, stub_pipeline):
    good, bad = _fakes(2)
    failure = IngestFailure(source_ref=bad.id, code="W201", message=f"{bad.id}: ValueError: stage bug")
    loaded = api.store_processed([(good, stub_pipeline.extract_article(good)), (bad, failure)], db)
    assert (loaded.stored, loaded.duplicates, loaded.extractions) == (2, 0, 1)
    assert [e.article_id for e in api.extractions(db)] == [good.id]
    marked = api.article(bad.id, db).processed
    assert (marked["error_code"], marked["error_message"]) == ("W201", failure.message)
    assert api.process(db).processed == 0, "both are marked processed: a later run retries neither"


def test_recorded_failures_are_listed_oldest_first(db):
    failures = [IngestFailure(source_ref=f"feed.xml#item={i}", code="W109", message="not a feed")
                for i in (1, 2)]
    assert api.record_failures(failures, db) == 2
    api.record_failure(IngestFailure(source_ref="page.html", code="W108", message="no main text"), db)
    assert [(e.code, e.source_ref) for e in api.errors(db)] == [
        ("W109", "feed.xml#item=1"), ("W109", "feed.xml#item=2"), ("W108", "page.html")]


def test_relink_makes_incidents_of_the_stored_reports(db, stub_pipeline):
    api.store_processed([(a, stub_pipeline.extract_article(a)) for a in _fakes(30)], db)
    first = api.relink(db)
    assert first.incidents > 0
    assert api.relink(db, new_only=True).reports == 0
