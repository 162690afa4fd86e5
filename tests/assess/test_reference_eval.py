"""`warclaims eval reference`: match counts, verdicts by label and AUCs with bootstrap intervals."""

from __future__ import annotations

import datetime as dt

import numpy as np

from warclaims.assess.corpus import LabelledCorpus
from warclaims.assess.features import AssessInput
from warclaims.assess.reference_eval import auc_with_interval, evaluate_reference, in_period, write_rows
from warclaims.models import Article, ArticleExtraction, Claim, Incident, Interval


def test_auc_with_interval():
    y = np.array([0, 0, 1, 1, 0, 1, 0, 1])
    perfect = auc_with_interval(y, y.astype(float))
    assert perfect["auc"] == 1.0 and perfect["low"] == 1.0 and perfect["n"] == 8 and perfect["n_credible"] == 4
    flat = auc_with_interval(y, np.zeros(8))
    assert flat["auc"] == 0.5
    assert auc_with_interval(np.array([1, 1]), np.zeros(2))["auc"] is None  # one class: no AUC


def _article(n: int, year: int) -> Article:
    return Article(id=f"a{n}", text=f"Article {n} about strikes on Jabal Thurdah, word{n % 7} and more words here.",
                   published=dt.date(year, 9, 18), outlet=f"outlet{n % 3}")


def _airport(killed: int) -> Incident:
    figure = Interval(low=killed, high=killed)
    return Incident(event_type="airstrike", date=dt.date(2016, 9, 17), date_precision="day", admin1="Deir ez-Zor",
                    place="Deir ez-Zor military airport", latitude=35.2854, longitude=40.1759, geo_precision="point",
                    perpetrator="us_led_coalition", victims="combatants", killed=figure,
                    claims=[Claim(claimant="SOHR", claimant_type="monitor_ngo", killed=figure)])


def test_in_period_keeps_the_years_asked():
    corpus = LabelledCorpus(articles=[_article(1, 2015), _article(2, 2016), _article(3, 2018), _article(4, 2019)],
                            labels=[1, 0, 1, 0], sha256="", path="x")
    assert [a.id for a in in_period(corpus, 2016, 2018).articles] == ["a2", "a3"]


def test_evaluate_reference_counts_matches_and_scores(tmp_path):
    # 10 credible articles agree with GED's 90; 10 fake ones claim 400 (above); 4 have no incident.
    articles = [_article(n, 2016) for n in range(24)]
    labels = [1] * 10 + [0] * 10 + [1, 0, 1, 0]
    extractions = [ArticleExtraction(article_id=a.id, incidents=[_airport(90 if n < 10 else 400)] if n < 20 else [])
                   for n, a in enumerate(articles)]
    inputs = [AssessInput(article=a, extraction=e, peers=[]) for a, e in zip(articles, extractions, strict=True)]
    corpus = LabelledCorpus(articles=articles, labels=labels, sha256="", path="x")
    report = evaluate_reference(corpus, inputs, folds=2)
    assert report.counts["articles"] == 24 and report.counts["with_incident"] == 20
    assert report.counts["matched"] == report.counts["cited"] == report.counts["cited_strong"] == 20
    assert report.counts["compared"] == 20
    assert report.verdicts_by_label["credible"] == {"consistent": 10, "no record": 2}
    assert report.verdicts_by_label["fake"] == {"above": 10, "no record": 2}
    assert report.auc["signal_compared"]["auc"] == 1.0 and report.auc["signal_compared"]["n"] == 20
    assert report.auc["full_score_with_reference"]["auc"] > report.auc["full_score_without_reference"]["auc"]
    assert write_rows(report.rows, tmp_path / "rows.csv") == 24
    assert "227936" in (tmp_path / "rows.csv").read_text("utf-8")
