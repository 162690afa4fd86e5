"""`warclaims credibility train` / `info`: a model written from a labelled file, its provenance shown."""

from __future__ import annotations

import json

from assess.support import empty_extractor
from typer.testing import CliRunner

from warclaims.assess import corpus
from warclaims.assess import model as M
from warclaims.assess.corpus import file_sha256
from warclaims.cli.app import build_app


def test_cli_train_writes_a_loadable_model(tmp_path, small_fakes, monkeypatch):
    monkeypatch.setattr(corpus, "default_extractor", lambda: empty_extractor)
    out = tmp_path / "m.json"
    result = CliRunner().invoke(build_app(), ["credibility", "train", str(small_fakes), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout.strip())
    assert info["data_sha256"] == file_sha256(small_fakes)
    assert M.load_model(out).info["n_train"] == 80
    shown = CliRunner().invoke(build_app(), ["credibility", "info", str(out)])
    assert shown.exit_code == 0 and '"seed"' in shown.stdout
