"""Database arguments: a URL or path is opened and disposed of per call, a passed engine stays open."""

from __future__ import annotations

from warclaims import api

from .conftest import EXAMPLE


def test_engine_can_be_passed_and_stays_open(tmp_path):
    from warclaims.store import open_store

    engine = open_store(str(tmp_path / "shared.db"))
    api.ingest([EXAMPLE], db=engine, process=False)
    assert [a.outlet for a in api.articles(engine)] == [api.articles(engine)[0].outlet]
    assert len(api.articles(engine, search="Deir ez-Zor")) == 1
    engine.dispose()
