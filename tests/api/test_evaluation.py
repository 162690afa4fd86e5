"""Evaluation against gold annotations: extraction, linking (per gold split) and the credibility model."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from assess.support import empty_extractor

from warclaims.api import evaluation
from warclaims.assess import corpus as labelled_corpus

from .conftest import EXAMPLE, FAKES, REPO

GOLD_DEV = REPO / "data" / "gold" / "gold-dev.jsonl"  # 168 FA-KES dev articles, split tune / check


def test_links_of_the_gold_incidents_are_scored_per_split():
    results = evaluation.evaluate_links(str(GOLD_DEV))
    assert set(results) == {"tune", "check", "all"}
    articles = {name: r.pairwise.articles for name, r in results.items()}
    assert articles["tune"] + articles["check"] == articles["all"] > 0
    assert results["all"].pairwise.f1 >= 0.85, results["all"]


def test_extraction_of_the_gold_article_is_scored_on_its_text_in_the_corpus(tmp_path):
    gold_line = json.loads(Path(EXAMPLE).with_suffix(".gold.json").read_text(encoding="utf-8"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(gold_line) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    other = {"id": "other-1", "text": "An airstrike on Idlib killed 12 civilians on Saturday.",
             "published": "2016-09-17"}
    mine = {"id": gold_line["id"], "text": Path(EXAMPLE).read_text(encoding="utf-8"),
            "published": "2016-09-18"}
    corpus.write_text(json.dumps(other) + "\n" + json.dumps(mine) + "\n", encoding="utf-8")
    results = evaluation.evaluate_extraction(str(gold), str(corpus))
    assert set(results) == {"all"}  # the gold line has no split
    scores = results["all"]
    assert scores.articles == 1 and scores.missing_articles == []
    assert scores.field_accuracy["killed"] == 1.0 and scores.claim_recall == 1.0


def _labelled(path: Path, rows: list[dict]) -> str:
    """Write FA-KES rows to ``path``; return it."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def test_credibility_is_cross_validated_or_scored_on_a_test_file(tmp_path, monkeypatch):
    monkeypatch.setattr(labelled_corpus, "default_extractor", lambda: empty_extractor)  # plumbing, not spaCy
    with open(FAKES, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    train, test = _labelled(tmp_path / "train.csv", rows[:60]), _labelled(tmp_path / "test.csv", rows[60:90])
    folded = evaluation.evaluate_credibility(train, cv=3).to_dict()
    assert folded["n_train"] == folded["n_test"] == 60
    assert set(folded["model"]) == set(folded["baseline"]) == {"accuracy", "f1", "auc"}
    held_out = evaluation.evaluate_credibility(train, test=test).to_dict()
    assert (held_out["n_train"], held_out["n_test"]) == (60, 30)
