"""Credibility of stored articles: verdicts computed and saved; models trained, loaded, explained."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from assess.support import empty_extractor

from warclaims import api
from warclaims.api import assessment, extraction
from warclaims.assess import corpus
from warclaims.errors import E, WarclaimsError
from warclaims.models import ArticleExtraction, incident_from_dict

from .conftest import EXAMPLE, FAKES

EXAMPLE_GOLD = Path(EXAMPLE).with_suffix(".gold.json")


def _store_example_with_its_gold_extraction(db: str) -> str:
    """Store the ARA News example with its gold extraction; return its id."""
    (article,) = extraction.read_source(EXAMPLE, published=extraction.parse_published("2016-09-18"),
                                        failures=[])
    gold = json.loads(EXAMPLE_GOLD.read_text(encoding="utf-8"))
    incident = incident_from_dict(gold["incident"])
    api.store_processed([(article, ArticleExtraction(article_id=article.id, incidents=[incident],
                                                     extractor_version="gold"))], db)
    return article.id


def test_assess_computes_saves_and_returns_a_verdict_per_article(db):
    article_id = _store_example_with_its_gold_extraction(db)
    (verdict,) = assessment.assess([article_id], db)
    assert verdict.article_id == article_id and 0.0 <= verdict.score <= 1.0
    assert any(r.text.startswith("no other source reports this incident") for r in verdict.reasons)
    assert api.stored_credibility(article_id, db).score == verdict.score
    assert [v.article_id for v in assessment.assess(None, db)] == [article_id]  # every processed article
    with pytest.raises(WarclaimsError) as info:
        list(assessment.assess(["no-such-article"], db))
    assert info.value.code is E.W302


def test_a_trained_model_is_written_loaded_and_explained(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "default_extractor", lambda: empty_extractor)  # the plumbing, not spaCy
    labelled = tmp_path / "small.csv"
    with open(FAKES, newline="", encoding="utf-8") as src, \
            labelled.open("w", newline="", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(list(reader)[:80])
    out = tmp_path / "model.json"
    trained = assessment.train_model(str(labelled), str(out))
    loaded = assessment.load_model(str(out))
    assert loaded.info["n_train"] == trained.info["n_train"] == 80
    assert loaded.info["seed"] == assessment.SEED
    note = assessment.learning_note(loaded.info)
    assert note.startswith("learned signal: ") and "base rate" in note
    assert assessment.learning_note({}) == "this model file records no inner-CV summary"
    assert assessment.load_model().info["n_train"] > 80  # the packaged model
