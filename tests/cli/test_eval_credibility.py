"""`warclaims eval credibility`: model and text baseline in one run, CV or train/test."""

from __future__ import annotations

import json

import pytest
from assess.support import empty_extractor
from typer.testing import CliRunner

from warclaims.assess import corpus
from warclaims.cli.app import build_app


@pytest.fixture
def no_spacy(monkeypatch):
    """Replace the extract stage with an empty extractor (these tests check the plumbing)."""
    monkeypatch.setattr(corpus, "default_extractor", lambda: empty_extractor)


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
