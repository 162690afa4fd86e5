"""Training, saving and loading the credibility model: reproducibility and W502 refusals."""

from __future__ import annotations

import json
import numpy as np
import pytest

from .support import empty_extractor
from warclaims.assess import model as M
from warclaims.assess.corpus import file_sha256, read_labelled
from warclaims.assess.train import train
from warclaims.errors import WarclaimsError


@pytest.fixture
def trained(tmp_path, small_fakes):
    path = tmp_path / "model.json"
    bundle = train(small_fakes, path, extractor=empty_extractor)
    return path, bundle


def test_training_records_provenance(trained, small_fakes):
    path, bundle = trained
    info = M.load_model(path).info
    assert info["data_sha256"] == file_sha256(small_fakes)
    assert info["n_train"] == 80 and info["seed"] == M.SEED
    assert info["versions"]["scikit-learn"] == M.versions()["scikit-learn"]
    assert info["extractor_version"] == "test-empty"


def test_training_is_reproducible(tmp_path, small_fakes, trained):
    _, first = trained
    second = train(small_fakes, tmp_path / "again.json", extractor=empty_extractor)
    a = first.pipeline.named_steps["clf"].coef_
    b = second.pipeline.named_steps["clf"].coef_
    assert np.array_equal(a, b)


def test_model_from_another_scikit_learn_is_refused(trained, tmp_path):
    path, _ = trained
    data = json.loads(path.read_text())
    data["versions"]["scikit-learn"] = "0.24.2"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    with pytest.raises(WarclaimsError) as exc:
        M.load_model(old)
    assert exc.value.code.value == "W502"
    assert "scikit-learn 0.24.2" in str(exc.value)
    assert "retrain with `warclaims credibility train`" in str(exc.value)


def test_model_of_another_format_or_garbage_is_refused(trained, tmp_path):
    path, _ = trained
    data = json.loads(path.read_text())
    data["format"] = M.MODEL_FORMAT + 1
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data))
    with pytest.raises(WarclaimsError, match="W502.*model format"):
        M.load_model(newer)
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"not a model")
    with pytest.raises(WarclaimsError, match="W502.*cannot be read"):
        M.load_model(junk)
    with pytest.raises(WarclaimsError, match="W502.*no such file"):
        M.load_model(tmp_path / "missing.json")


def test_packaged_model_loads_and_is_small():
    path = M.packaged_model_path()
    assert path.is_file(), "train it: python scripts/train_credibility.py"
    assert path.stat().st_size < 2_000_000
    bundle = M.load_model()
    assert bundle.info["n_train"] == 617
    assert bundle.info["data_file"] == "fakes-dev.csv"


def test_labels_never_reach_the_features(small_fakes):
    from warclaims.assess.corpus import build_inputs
    from warclaims.assess.features import model_item

    corpus = read_labelled(small_fakes)
    items = [model_item(x) for x in build_inputs(corpus.articles, empty_extractor)]
    for item in items:
        assert not any("label" in key for key in item["row"])


def _items(rows: list[dict[str, str]]) -> list[dict]:
    return [{"row": {"outlet": r["source"]}, "text": f"{r['article_title']}\n{r['article_content']}"} for r in rows]


def test_inner_cv_learns_a_label_the_text_carries(fakes_rows):
    # A label the wording does carry (does the article name Aleppo?): the inner CV keeps weights.
    rows = fakes_rows[:240]
    labels = [int("aleppo" in r["article_content"].lower()) for r in rows]
    bundle = M.fit_model(_items(rows), labels)
    assert bundle.info["learned"] is True
    assert bundle.info["inner_cv_log_loss"] < bundle.info["base_rate_log_loss"] - M.MIN_GAIN
    assert bundle.info["C"] > min(M.C_GRID)
    assert M.learning_note(bundle.info).startswith("learned signal: yes")


def test_inner_cv_falls_back_to_the_base_rate_on_labels_the_text_does_not_carry(fakes_rows):
    # Labels shuffled away from their articles: nothing to learn, so the strongest penalty wins
    # and every probability sits at the base rate instead of fitting noise.
    rows = fakes_rows[:240]
    labels = np.random.default_rng(7).permutation([int(r["labels"]) for r in rows]).tolist()
    bundle = M.fit_model(_items(rows), labels)
    assert bundle.info["learned"] is False and bundle.info["C"] < 0.05
    proba = M.predict_proba(bundle, _items(rows))
    assert np.ptp(proba) < 0.1 and abs(proba.mean() - np.mean(labels)) < 0.02
    assert "nothing beyond the base rate" in M.learning_note(bundle.info)


def test_packaged_model_labels_by_what_it_learned():
    # The shipped file must be consistent with its own inner-CV summary: a model that learned
    # nothing labels at its base rate, one that learned labels at 0.5.
    bundle = M.load_model()
    info = bundle.info
    assert info["learned"] == (info["base_rate_log_loss"] - info["inner_cv_log_loss"] >= M.MIN_GAIN)
    assert bundle.threshold == (0.5 if info["learned"] else info["base_rate"])
    assert info["C"] in M.C_GRID
