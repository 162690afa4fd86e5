"""Case 3: a model file is data. A crafted pickle is refused (W502) without running its code."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from reliability.reliability_support import run_cli  # the CLI in a subprocess, shared with tests/reliability
from warclaims.assess import model as M


class _Payload:
    """Unpickling this object would create the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_case3_crafted_pickle_model_never_runs_its_code(tmp_path):
    marker = tmp_path / "pwned"
    crafted = tmp_path / "model.joblib"
    crafted.write_bytes(pickle.dumps({"format": M.MODEL_FORMAT, "x": _Payload(marker)}))
    result = run_cli("credibility", "info", str(crafted))
    assert result.returncode == 1
    assert "W502" in result.stdout + result.stderr and "not a JSON model file" in result.stdout + result.stderr
    assert not marker.exists(), "loading a model file ran code"


def test_case3_packaged_model_is_json_and_checked(tmp_path):
    path = M.packaged_model_path()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == M.MODEL_FORMAT and path.suffix == ".json"
    bad = dict(data, clf=dict(data["clf"], coef=data["clf"]["coef"][:-1]))
    short = tmp_path / "short.json"
    short.write_text(json.dumps(bad))
    result = run_cli("credibility", "info", str(short))
    assert result.returncode == 1 and "W502" in result.stdout + result.stderr
    assert "'coef' has" in result.stdout + result.stderr
    nan = tmp_path / "nan.json"
    nan.write_text(json.dumps(dict(data, feature_means=[float("nan")] * len(data["feature_means"]))))
    result = run_cli("credibility", "info", str(nan))
    assert result.returncode == 1 and "not finite" in result.stdout + result.stderr


def test_case3_saved_model_round_trips_its_scores(tmp_path):
    bundle = M.load_model()
    out = tmp_path / "copy.json"
    M.save_model(bundle, out)
    again = M.load_model(out)
    items = [{"row": {"n_incidents": 2.0}, "text": "an air strike killed 12 civilians in Aleppo, activists said"}]
    assert M.predict_proba(bundle, items).tolist() == M.predict_proba(again, items).tolist()
    assert M.score_item(bundle, items[0]) == M.score_item(again, items[0])
