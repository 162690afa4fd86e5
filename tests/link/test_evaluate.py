"""Pairwise evaluation of linking on gold-dev, from gold incidents and from extracted ones."""

from __future__ import annotations

import pytest

from warclaims.errors import WarclaimsError
from warclaims.link import LinkedIncident
from warclaims.link.evaluate import evaluate_links, pairwise_scores, read_gold
from warclaims.reconcile.evaluate import reconciled_best

from .conftest import GOLD
from .support import by_id


def test_gold_lines_are_deduplicated_by_id(gold_lines):
    raw = [line for line in GOLD.read_text().splitlines() if line.strip()]
    assert len(raw) == 168 and len(gold_lines) == 166  # two articles annotated twice (gold README)


def test_pairwise_counts_by_hand(truth, gold_reports):
    # Putting the two Urum al-Joz reports together and nothing else: 1 of the 276 gold pairs
    # (233 in tune, 43 in check: data/gold/README.md).
    pair = LinkedIncident(
        id="x", reports=[by_id(gold_reports, "1923102878"), by_id(gold_reports, "1923848140")]
    )
    scores = pairwise_scores(truth, [pair])
    assert (scores.correct_pairs, scores.predicted_pairs, scores.true_pairs) == (1, 1, 276)
    assert scores.precision == 1.0 and scores.recall == round(1 / 276, 4)


def test_gold_incident_evaluation(gold_lines, gold_reports):
    result = evaluate_links(gold_lines, gold_reports, source="gold-incidents", best_of=reconciled_best)
    assert result.pairwise.f1 >= 0.85
    assert result.best_equals_rate >= 0.9 and result.missing_articles == []


def test_missing_gold_file_is_w113(tmp_path):
    with pytest.raises(WarclaimsError) as info:
        read_gold(tmp_path / "nope.jsonl")
    assert info.value.code.value == "W113"


@pytest.mark.slow
def test_extracted_incidents_link_khan_sheikhoun_and_urum(gold_lines):
    """Extraction (H3's pipeline) then linking, on the articles of three gold groups."""
    pytest.importorskip("warclaims.extract.pipeline")
    from warclaims.api.evaluation import extracted_reports

    groups = {"khan-sheikhoun-chem-2017-04-04", "urum-al-joz-2017-04-08", "aleppo-mallah-battle-2016-06-29"}
    lines = [line for line in gold_lines if line.get("incident_group") in groups]
    try:
        reports = extracted_reports(lines, str(GOLD.parents[1] / "fakes" / "fakes-dev.csv"))
    except WarclaimsError as err:  # spaCy model not installed
        pytest.skip(str(err))
    result = evaluate_links(lines, reports, source="extracted", best_of=reconciled_best)
    assert result.pairwise.f1 >= 0.85, result
