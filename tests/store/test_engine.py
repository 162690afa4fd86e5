"""Opening the store: migrations from empty to head, round trips, SQLite pragmas, errors."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import sqlalchemy as sa

from warclaims.errors import E, WarclaimsError
from warclaims.store import current_revision, downgrade, head_revision, open_store, upgrade
from warclaims.store.engine import create_engine, normalise_url
from warclaims.store.schema import metadata

OWN_TABLES = {"articles", "ingest_errors", "article_incidents", "claims", "processed_articles"}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_empty_database_is_migrated_to_head_on_open(db_url):
    engine = open_store(db_url)
    try:
        assert current_revision(engine) == head_revision()
        assert OWN_TABLES <= _tables(db_url)
    finally:
        engine.dispose()


def test_upgrade_reports_before_and_after(db_url):
    assert upgrade(db_url) == (None, head_revision())
    assert upgrade(db_url) == (head_revision(), head_revision())


def test_downgrade_to_base_and_upgrade_again_round_trips(db_url):
    upgrade(db_url)
    assert downgrade(db_url, "base") is None
    assert not (OWN_TABLES & _tables(db_url))
    assert upgrade(db_url, "0001") == (None, "0001")
    assert {"articles", "ingest_errors"} <= _tables(db_url)
    assert "claims" not in _tables(db_url)
    assert upgrade(db_url)[1] == head_revision()
    assert OWN_TABLES <= _tables(db_url)


def test_migrations_match_the_schema_module(db_url):
    """Autogenerate finds no difference between the migrated database and schema.py."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = open_store(db_url)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    finally:
        engine.dispose()

    def table_of(diff) -> str | None:
        item = diff[0] if isinstance(diff, list) else diff
        for part in item[1:]:
            name = getattr(part, "name", None) if not isinstance(part, str) else None
            table = getattr(part, "table", None)
            if table is not None:
                return table.name
            if name in OWN_TABLES:
                return name
        return item[2] if len(item) > 2 and isinstance(item[2], str) else None

    # Other stages' tables (0003, 0004) may be defined on the same metadata: only ours count.
    ours = [d for d in diffs if table_of(d) in OWN_TABLES]
    assert ours == []


def test_sqlite_file_uses_wal_foreign_keys_and_busy_timeout(tmp_path):
    engine = open_store(str(tmp_path / "plain-path.db"))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    finally:
        engine.dispose()
    assert (tmp_path / "plain-path.db").exists()


def test_opening_waits_while_another_process_writes_a_new_file_in_rollback_mode(tmp_path):
    # Another process (here a raw sqlite3 connection) is writing the new file with the
    # rollback journal; switching to WAL is refused at once ("database is locked") until it
    # commits. Three `ingest` runs starting on one new store hit this in CI.
    path = tmp_path / "race.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE other_tool (x INTEGER)")
    done = threading.Timer(0.5, lambda: writer.execute("COMMIT"))
    done.start()
    try:
        engine = open_store(str(path))
    finally:
        done.join()
        writer.close()
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("SELECT count(*) FROM other_tool").scalar() == 0
    finally:
        engine.dispose()


def test_in_memory_sqlite_keeps_its_schema_across_connections():
    engine = open_store("sqlite://")
    try:
        assert "articles" in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_env_variable_names_the_default_database(tmp_path, monkeypatch):
    monkeypatch.setenv("WARCLAIMS_DB", str(tmp_path / "from-env.db"))
    engine = open_store(None)
    engine.dispose()
    assert (tmp_path / "from-env.db").exists()


def test_unknown_newer_revision_asks_for_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    upgrade(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(WarclaimsError) as info:
        open_store(url)
    assert info.value.code is E.W304


def test_unopenable_database_is_w301(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(WarclaimsError) as info:
        open_store(f"sqlite:///{blocker}/sub/x.db")
    assert info.value.code is E.W301


def test_bare_postgresql_url_uses_psycopg3():
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
