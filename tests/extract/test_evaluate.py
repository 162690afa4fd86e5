"""Scoring of extractions against gold (evaluate.py), without running the extractor."""

from __future__ import annotations

import json

import pytest

from warclaims.errors import WarclaimsError
from warclaims.extract.evaluate import match_claims, normalise_place, place_matches, read_gold, score
from warclaims.models import Article, ArticleExtraction, Claim, Incident, Interval


def test_read_gold_dedupes_repeated_ids(tmp_path):
    # data/gold/gold-dev.jsonl repeats two ids (e.g. 1926479296)
    line = json.dumps({"id": "1", "incident": None})
    path = tmp_path / "g.jsonl"
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    assert [g.id for g in read_gold(path)] == ["1"]


def test_read_gold_bad_line_is_w204(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(WarclaimsError) as err:
        read_gold(path)
    assert err.value.code.value == "W204"


@pytest.mark.parametrize(
    ("gold", "pred"),
    [("Urum al-Joz", "urum al joz"), ("Khan Sheikhoun", "Khan Sheikhoun"), ("al-Rashideen", "Rashideen"),
     ("Deir ez-Zor military airport", "Deir ez-Zor military airport"), ("Aleppo province", "Aleppo")],
)
def test_place_normalisation(gold, pred):
    assert place_matches(gold, pred)


def test_different_places_do_not_match():
    assert not place_matches("Douma", "Eastern Ghouta")
    # Regression (review): containment was on raw substrings, so al-Shaar matched Deir Sharqi.
    assert not place_matches("Deir Sharqi", "al-Shaar")
    assert place_matches("eastern Aleppo", "Aleppo")
    assert normalise_place("Ḥamā") == "hama"


def _claim(k, quote_span):
    return Claim(claimant="x", claimant_type="other", killed=Interval(low=k, high=k), quote_span=quote_span)


def test_claims_match_one_to_one():
    text = "A killed 5. B killed 5."
    gold = [Claim(claimant="a", claimant_type="other", killed=Interval(low=5, high=5), quote="A killed 5.")]
    predicted = [_claim(5, (0, 11)), _claim(5, (0, 11))]
    assert match_claims(gold, predicted, text) == 1
    assert match_claims(gold, [_claim(6, (0, 11))], text) == 0
    assert match_claims(gold, [_claim(5, (12, 23))], text) == 0


def test_score_fields_and_fakes_agreement():
    text = "An air strike killed 5 people in Idlib."
    gold_incident = Incident(event_type="airstrike", admin1="Idlib", killed=Interval(low=5, high=5),
                             claims=[Claim(claimant="o", claimant_type="news_outlet", killed=Interval(low=5, high=5),
                                           quote=text)])
    from warclaims.extract.evaluate import GoldArticle

    gold = [GoldArticle(id="1", incident=gold_incident), GoldArticle(id="2", incident=None)]
    corpus = {
        "1": Article(id="1", text=text, metadata={"location": "idlib"}),
        "2": Article(id="2", text="Talks in Geneva.", metadata={"location": "damascus"}),
    }
    predicted = Incident(event_type="airstrike", admin1="Idlib", killed=Interval(low=5, high=5),
                         claims=[_claim(5, (0, len(text)))])
    extractions = {"1": ArticleExtraction(article_id="1", incidents=[predicted]),
                   "2": ArticleExtraction(article_id="2")}
    ev = score(gold, corpus, extractions)
    assert ev.field_accuracy["event_type"] == 1.0 and ev.field_accuracy["killed"] == 1.0
    assert ev.field_accuracy["injured"] == 1.0  # both null
    assert ev.null_detection_accuracy == 1.0
    assert ev.claim_f1 == 1.0
    assert (ev.fakes_rows, ev.fakes_admin1_agreement) == (2, 0.5)


def test_fakes_agreement_falls_back_to_article_governorate():
    # FA-KES 1923102855 ("Syrian regime bombs Kurdish fighters for second day", location hasakeh):
    # no casualty figure, so no incident; the article-level governorate of its lead counts
    from warclaims.extract.evaluate import fakes_admin1_agreement

    articles = [
        Article(id="1", text="Warplanes bombed Kurdish positions in Hassakeh.", metadata={"location": "hasakeh"}),
        Article(id="2", text="An air strike killed 5 people in Idlib.", metadata={"location": "aleppo"}),
    ]
    incident = Incident(event_type="airstrike", admin1="Idlib")
    extractions = {"1": ArticleExtraction(article_id="1"),
                   "2": ArticleExtraction(article_id="2", incidents=[incident])}
    assert fakes_admin1_agreement(articles, extractions) == (2, 0.0)
    # the incident's governorate wins over the article's; the article's fills in for no incident
    governorates = {"1": "Hasakah", "2": "Aleppo"}
    assert fakes_admin1_agreement(articles, extractions, governorates) == (2, 0.5)
