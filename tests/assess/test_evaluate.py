"""Evaluating the credibility model: model and text baseline in one run, CV or train/test."""

from __future__ import annotations

from .support import empty_extractor
from warclaims.assess.corpus import read_labelled
from warclaims.assess.evaluate import cross_validate, train_test


def test_cross_validation_scores_model_and_baseline(small_fakes):
    report = cross_validate(read_labelled(small_fakes), folds=3, extractor=empty_extractor)
    out = report.to_dict()
    assert set(out) >= {"model", "baseline", "n_train", "n_test"}
    for block in ("model", "baseline"):
        assert set(out[block]) == {"accuracy", "f1", "auc"}
        assert all(0.0 <= v <= 1.0 for v in out[block].values())
    assert out["n_train"] == out["n_test"] == 80


def test_cross_validation_is_deterministic(small_fakes):
    c = read_labelled(small_fakes)
    assert cross_validate(c, 3, extractor=empty_extractor).to_dict() == cross_validate(c, 3, extractor=empty_extractor).to_dict()


def test_train_test_split(tmp_path, small_fakes, fakes_rows):
    import csv

    test_csv = tmp_path / "test.csv"
    with test_csv.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(fakes_rows[0]))
        w.writeheader()
        w.writerows(fakes_rows[80:120])
    report = train_test(read_labelled(small_fakes), read_labelled(test_csv), extractor=empty_extractor)
    assert (report.n_train, report.n_test) == (80, 40)


def test_always_credible_floor_is_reported(small_fakes, fakes_rows):
    report = cross_validate(read_labelled(small_fakes), folds=3, extractor=empty_extractor)
    share = sum(int(r["labels"]) for r in fakes_rows[:80]) / 80
    floor = report.to_dict()["majority"]
    assert floor["accuracy"] == round(share, 4) and floor["auc"] == 0.5
    assert floor["f1"] == round(2 * share / (1 + share), 4)
