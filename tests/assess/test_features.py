"""warclaims.assess.features: the signals and the model input of one article, on the ARA News
Deir ez-Zor example and its gold extraction."""

from __future__ import annotations

import math

from warclaims.assess.features import (
    SHIFT_ONLY,
    AssessInput,
    categorical_features,
    collect_signals,
    extraction_signals,
    feature_row,
    model_item,
)
from warclaims.models import ArticleExtraction


def _by_name(signals):
    return {s.name: s for s in signals}


def test_extraction_signals_read_the_gold_incident(example_article, example_extraction):
    sig = _by_name(extraction_signals(example_article, example_extraction))
    assert sig["has_incident"].value == 1.0
    assert sig["log_killed"].value == math.log1p(60) and sig["log_killed"].evidence == "toll of 60 killed"
    assert sig["open_ended"].value == 1.0  # "at least 60"
    assert sig["has_place"].evidence == "place named: Deir ez-Zor military airport"
    assert sig["log_words"].value > math.log(300)


def test_no_extraction_gives_missing_tolls(example_article):
    sig = _by_name(extraction_signals(example_article, ArticleExtraction(article_id=example_article.id)))
    assert sig["has_incident"].value == 0.0 and sig["log_killed"].value is None
    assert sig["log_killed"].evidence == "no death toll" and sig["incidents"].value == 0.0


def test_reference_signals_only_when_a_reference_set_is_loaded(example_article, example_extraction):
    without = collect_signals(AssessInput(article=example_article, extraction=example_extraction))
    with_refs = collect_signals(AssessInput(article=example_article, extraction=example_extraction, references=[]))
    assert {s.group for s in without} == {"ledger", "sourcing", "text"}
    assert [s.name for s in with_refs if s.group == "reference"] == ["ref_matched", "ref_outside"]
    assert _by_name(without)["only_source"].value == 1.0  # no peers given


def test_model_row_drops_reference_and_shift_only_signals(example_article, example_extraction):
    data = AssessInput(article=example_article, extraction=example_extraction, references=[])
    signals = collect_signals(data)
    row = feature_row(signals, categorical_features(data))
    assert row["outlet"] == "ara news" and row["perpetrator"] == "us_led_coalition"
    assert row["log_killed"] == math.log1p(60) and row["log_killed_missing"] == 0.0
    assert not any(name.startswith("ref_") for name in row)
    assert not set(SHIFT_ONLY) & set(row)
    item = model_item(data, signals)
    assert item["row"] == row and item["text"].startswith(example_article.title)
    assert "Deir ez-Zor" in item["text"]
