"""The app `warclaims serve` runs: preloaded at start-up, a check builds nothing again."""

from __future__ import annotations

import pytest

from webdata import EXAMPLE_TXT


def test_preloaded_app_checks_without_loading_the_model(tmp_path):
    # `serve` loads the extraction pipeline, the credibility model and the bundled reference
    # records at start-up (seconds each): a check afterwards reuses them, builds none.
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from warclaims.assess.bundled import bundled_index
    from warclaims.assess.model import _packaged_model
    from warclaims.extract.pipeline import build_nlp
    from warclaims.web.app import WebConfig, create_app

    loaders = (build_nlp, _packaged_model, bundled_index)
    for loader in loaders:
        loader.cache_clear()  # as in a fresh server process
    app = create_app(config=WebConfig(db_url=f"sqlite:///{tmp_path / 'w.db'}", preload_extraction=True))
    assert [f.cache_info().currsize for f in loaders] == [0, 0, 0]  # creating the app loads nothing yet
    with TestClient(app) as client:
        assert app.state.warmed.wait(timeout=120)  # loading in the background since start-up
        loaded = [f.cache_info() for f in loaders]
        assert [(i.currsize, i.misses) for i in loaded] == [(1, 1)] * 3  # loaded during start-up
        text = EXAMPLE_TXT.read_text(encoding="utf-8")
        body = client.post("/api/check", json={"text": text, "published": "2016-09-18"}).json()
        assert body["ok"] and body["incidents"] and body["credibility"], body
        after = [f.cache_info() for f in loaders]
        assert [i.misses for i in after] == [1, 1, 1]  # nothing built again
        assert all(a.hits > b.hits for a, b in zip(after, loaded))  # and all of it used
