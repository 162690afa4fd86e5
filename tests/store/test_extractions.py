"""Persisting extractions: incidents and claims round-trip, replacement, failures, iteration."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from warclaims.errors import E, WarclaimsError
from warclaims.models import ArticleExtraction, Incident, Interval, incident_from_dict
from warclaims.store.articles import add_articles, count_unprocessed
from warclaims.store.extractions import (
    iter_extractions,
    load_extraction,
    processing_state,
    record_extraction_failure,
    save_extraction,
)
from warclaims.store.schema import article_incidents, claims

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold" / "gold-dev.jsonl"


def _gold_by_id() -> dict[str, dict]:
    with GOLD.open(encoding="utf-8") as fh:
        return {rec["id"]: rec for rec in map(json.loads, fh)}


def _gold_extraction(article) -> ArticleExtraction:
    """Return the gold incident of a FA-KES article as an extraction, with quote spans found in its text."""
    incident = incident_from_dict(_gold_by_id()[article.id]["incident"])
    incident.article_id = article.id
    for claim in incident.claims:
        start = article.text.find(claim.quote)
        claim.quote_span = (start, start + len(claim.quote)) if start >= 0 else None
        claim.article_id = article.id
    place = incident.place and article.text.find(incident.place)
    if place is not None and place >= 0:
        incident.spans = {"place": (place, place + len(incident.place))}
    return ArticleExtraction(article_id=article.id, incidents=[incident], extractor_version="gold")


@pytest.fixture
def gold_article(engine, fakes_articles):
    """Return the first FA-KES article that has a gold annotation with claims, stored."""
    gold = _gold_by_id()
    article = next(a for a in fakes_articles if a.id in gold and gold[a.id]["incident"]["claims"])
    add_articles(engine, [dataclasses.replace(article)])
    return article


def test_extraction_round_trips_incidents_and_claims(engine, gold_article):
    extraction = _gold_extraction(gold_article)
    second = Incident(
        event_type="shelling", killed=Interval(low=None, high=30), index=1, article_id=gold_article.id
    )
    extraction.incidents.append(second)
    assert save_extraction(engine, extraction) == 1
    loaded = load_extraction(engine, gold_article.id)
    assert loaded == extraction
    main = loaded.incidents[0]
    assert main.claims and main.claims[0].quote_span is not None
    start, end = main.claims[0].quote_span
    assert gold_article.text[start:end] == main.claims[0].quote
    assert loaded.incidents[1].killed == Interval(low=None, high=30)
    assert processing_state(engine, gold_article.id)["incidents"] == 2


def test_saving_again_replaces_the_previous_extraction(engine, gold_article):
    save_extraction(engine, _gold_extraction(gold_article))
    save_extraction(
        engine, ArticleExtraction(article_id=gold_article.id, incidents=[], extractor_version="v2")
    )
    loaded = load_extraction(engine, gold_article.id)
    assert loaded.incidents == [] and loaded.extractor_version == "v2"
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(claims)).scalar_one() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(article_incidents)).scalar_one() == 0


def test_unknown_article_is_w302(engine):
    with pytest.raises(WarclaimsError) as info:
        save_extraction(engine, ArticleExtraction(article_id="nope"))
    assert info.value.code is E.W302
    assert load_extraction(engine, "nope") is None


def test_failure_marks_processed_without_extraction(engine, gold_article):
    record_extraction_failure(engine, gold_article.id, 1, code="W202", message="text too long")
    assert count_unprocessed(engine) == 0
    assert load_extraction(engine, gold_article.id) is None
    assert processing_state(engine, gold_article.id)["error_code"] == "W202"


def test_iter_extractions_yields_latest_revisions_only(engine, fakes_articles):
    gold = _gold_by_id()
    chosen = [dataclasses.replace(a) for a in fakes_articles if a.id in gold][:5]
    add_articles(engine, chosen)
    for article in chosen:
        save_extraction(engine, _gold_extraction(article))
    # A new revision of the first article: its old extraction is no longer current.
    add_articles(engine, [dataclasses.replace(chosen[0], text=chosen[0].text + " Updated.", content_hash="")])
    found = list(iter_extractions(engine, chunk_size=2))
    assert sorted(e.article_id for e in found) == sorted(a.id for a in chosen[1:])
    assert all(
        e.incidents[0].claims == _gold_extraction(a).incidents[0].claims
        for e, a in zip(
            sorted(found, key=lambda e: e.article_id), sorted(chosen[1:], key=lambda a: a.id), strict=True
        )
    )
