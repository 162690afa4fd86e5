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


def test_a_path_is_opened_as_a_migrated_store_and_an_engine_is_passed_through(tmp_path):
    import sqlalchemy as sa

    from warclaims.api._db import engine_for

    with engine_for(str(tmp_path / "fresh.db")) as engine:
        assert "articles" in sa.inspect(engine).get_table_names()
        with engine_for(engine) as same:
            assert same is engine


def test_progress_is_reported_only_to_a_given_callback():
    from warclaims.api._db import notify

    seen: list = []
    notify(lambda *a: seen.append(a), "ingest", 3, None)
    notify(None, "ingest", 4, 10)
    assert seen == [("ingest", 3, None)]
