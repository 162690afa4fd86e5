"""`warclaims eval credibility`: model and text baseline in one run, CV or train/test."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from .support import empty_extractor
from warclaims.assess import corpus
from warclaims.assess.corpus import read_labelled
from warclaims.assess.evaluate import cross_validate, train_test
from warclaims.cli.app import build_app


@pytest.fixture
def no_spacy(monkeypatch):
    """Replace the extract stage with an empty extractor (these tests check the plumbing)."""
    monkeypatch.setattr(corpus, "default_extractor", lambda: empty_extractor)


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


def test_cli_json_prints_one_object(small_fakes, no_spacy):
    result = CliRunner().invoke(build_app(), ["eval", "credibility", "--train", str(small_fakes), "--cv", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip())
    assert set(data["model"]) == {"accuracy", "f1", "auc"} and set(data["baseline"]) == {"accuracy", "f1", "auc"}
    assert data["n_train"] == 80


def test_cli_needs_test_or_cv(small_fakes):
    result = CliRunner().invoke(build_app(), ["eval", "credibility", "--train", str(small_fakes)])
    assert result.exit_code == 2
    assert "W902" in result.output


def test_cli_unlabelled_file_is_refused(tmp_path, no_spacy):
    path = tmp_path / "nolabels.csv"
    path.write_text("unit_id,article_title,article_content,source,date,location,labels\n"
                    "1,t,Ten civilians killed in Raqqa,sana,11/21/2016,raqqa,\n", encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["eval", "credibility", "--train", str(path), "--cv", "2"])
    assert result.exit_code == 1
    assert "W501" in result.output and "labels" in result.output


def test_always_credible_floor_is_reported(small_fakes, fakes_rows):
    report = cross_validate(read_labelled(small_fakes), folds=3, extractor=empty_extractor)
    share = sum(int(r["labels"]) for r in fakes_rows[:80]) / 80
    floor = report.to_dict()["majority"]
    assert floor["accuracy"] == round(share, 4) and floor["auc"] == 0.5
    assert floor["f1"] == round(2 * share / (1 + share), 4)
