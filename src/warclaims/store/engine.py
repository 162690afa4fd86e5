"""Opening the store: engine creation, SQLite pragmas and Alembic migrations run from code.

The Alembic configuration is built in code with ``script_location`` pointing into this
package, so no ``alembic.ini`` is needed at run time. :func:`open_store` migrates a
database to head the first time it is opened.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from warclaims._lazy import require
from warclaims.config import resolve_db_url
from warclaims.errors import E, WarclaimsError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> str:
    """Return ``url`` with a bare ``postgresql://`` mapped to the installed psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _is_memory_sqlite(url: sa.URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _set_sqlite_pragmas(dbapi_conn, _record) -> None:
    """Enable WAL (concurrent readers while one process writes), foreign keys and a busy wait."""
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    _use_wal(cursor)
    # NORMAL is durable across application crashes in WAL mode and much faster than FULL.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _use_wal(cursor) -> None:
    """Put the database in WAL mode, waiting up to the busy timeout while another process holds it.

    Switching a new file from the rollback journal to WAL needs the whole database, and
    SQLite answers "database is locked" at once, without its busy wait, while another
    connection is writing in rollback mode: several processes opening one new store at the
    same moment hit exactly that. A database already in WAL mode is left alone.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


_opened: list[str] = []
"""The (password-free) URL of the store this process opened last: named by errors raised later."""


def last_opened_url() -> str:
    """Return the URL of the store this process opened last ("the store" when none)."""
    return _opened[-1] if _opened else "the store"


def _check_sqlite_folder(url: sa.URL) -> None:
    """Raise W301 when a SQLite file's folder does not exist: a typo must not create an empty store."""
    path = url.database or ""
    if path.startswith("file:"):  # a SQLite URI (``?mode=ro&uri=true``): SQLite checks it
        return
    folder = Path(path).expanduser().parent
    if not folder.is_dir():
        raise WarclaimsError(E.W301, url=_safe(url),
                             reason=f"folder {str(folder)!r} does not exist (create it first, or check the path)")


def create_engine(db: str | None = None) -> sa.Engine:
    """Return an Engine for ``db`` (resolved with config.resolve_db_url), not yet migrated."""
    url = sa.make_url(normalise_url(resolve_db_url(db)))
    kwargs: dict[str, object] = {}
    if url.get_backend_name() == "sqlite":
        if _is_memory_sqlite(url):
            # One shared connection, else every checkout would see a different empty database.
            kwargs["poolclass"] = sa.pool.StaticPool
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            _check_sqlite_folder(url)
    try:
        engine = sa.create_engine(url, **kwargs)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise WarclaimsError(E.W301, url=_safe(url), reason=str(exc)) from exc
    if url.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", _set_sqlite_pragmas)
    _opened.append(_safe(url))
    return engine


def _safe(url: sa.URL | str) -> str:
    """Return the URL as text with any password hidden."""
    if isinstance(url, str):
        try:
            url = sa.make_url(url)
        except sa.exc.ArgumentError:
            return url
    return url.render_as_string(hide_password=True)


def alembic_config(connection: sa.Connection | None = None, url: str | None = None) -> Config:
    """Return an Alembic Config for the packaged migrations, bound to ``connection`` if given."""
    cfg = require("alembic.config").Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """Return the newest revision id of the packaged migrations (e.g. ``"0002"``)."""
    return require("alembic.script").ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    """Return the database's Alembic revision, or None for an empty database."""
    with engine.connect() as conn:
        return require("alembic.runtime.migration").MigrationContext.configure(conn).get_current_revision()


# Any constant: the key of the PostgreSQL advisory lock that serialises migrations.
_PG_MIGRATION_LOCK = 0x5741_52434C
# Keys of the locks that serialise read-then-write steps between processes (see serialize_writers).
WRITER_LOCKS = {"articles": 0x5743_0001, "extract": 0x5743_0002, "link": 0x5743_0003, "assess": 0x5743_0004}


def serialize_writers(conn: sa.Connection, step: str) -> None:
    """Make the transaction of ``conn`` wait for, then exclude, every other process doing ``step``.

    Steps that read the store, decide, then write (plan an article batch, attach unlinked
    reports, replace a verdict) are not safe side by side in several processes: two would
    decide on the same snapshot and collide. PostgreSQL takes a transaction-level advisory
    lock; SQLite has one writer at a time, so a write that changes nothing, as the first
    statement, takes the database's write lock now (waiting out ``busy_timeout``) instead of
    failing later on a stale snapshot. Call it first in the transaction; returns None.
    """
    name = conn.dialect.name
    if name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCKS[step]})
    elif name == "sqlite":
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0")


def _sqlite_migration_engine(url: sa.URL) -> sa.Engine:
    """Return an engine whose transactions are real ``BEGIN IMMEDIATE`` ones, foreign keys off.

    pysqlite does not put DDL inside a transaction by itself, so two processes opening a new
    file at once would both create the tables. Here the whole migration is one transaction
    holding SQLite's write lock: the second process waits, then finds the schema at head.
    Foreign keys are off because Alembic's batch mode recreates tables, and with them on,
    dropping the old copy of a parent table would cascade-delete its children's rows.
    """
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = OFF")
        _use_wal(cursor)
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _run_command(engine: sa.Engine, name: str, target: str) -> None:
    """Run the Alembic command ``name`` to ``target`` in one transaction holding a migration lock."""
    command = require("alembic.command")
    url = engine.url
    own = url.get_backend_name() == "sqlite" and not _is_memory_sqlite(url)
    runner = _sqlite_migration_engine(url) if own else engine
    try:
        with runner.begin() as conn:
            if url.get_backend_name() == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            getattr(command, name)(alembic_config(conn), target)
    finally:
        if own:
            runner.dispose()


def migrate(engine: sa.Engine, target: str = "head") -> None:
    """Upgrade the database behind ``engine`` to ``target`` (default: head); returns None.

    Safe when several processes open the same new database at once: migrations run under
    a lock (SQLite write lock, PostgreSQL advisory lock) and a late comer finds them done.
    """
    try:
        _run_command(engine, "upgrade", target)
    except sa.exc.DatabaseError as exc:
        raise WarclaimsError(E.W304, url=_safe(engine.url), reason=str(exc.orig)) from exc


def _check_known(engine: sa.Engine, current: str | None) -> None:
    """Raise W304 when the database is at a revision this version of warclaims does not know."""
    if current is None:
        return
    script = require("alembic.script").ScriptDirectory.from_config(alembic_config())
    try:
        script.get_revision(current)
    except Exception as exc:  # alembic raises several types for an unknown revision
        raise WarclaimsError(
            E.W304, url=_safe(engine.url), reason=f"unknown revision {current!r} (newer warclaims?)"
        ) from exc


def open_store(url: str | None = None) -> sa.Engine:
    """Return an Engine for the store at ``url``, migrated to head (created when missing).

    ``url`` is a SQLAlchemy URL or a SQLite file path; None means ``$WARCLAIMS_DB`` or
    ``./warclaims.db``. Raises W301 when the database cannot be opened and W304 when its
    schema is newer than this version knows.
    """
    engine = create_engine(url)
    try:
        current = current_revision(engine)
        _check_known(engine, current)
        if current != head_revision():
            migrate(engine)
    except sa.exc.DBAPIError as exc:  # cannot connect, not a database (corrupt file), read-only at migration
        engine.dispose()
        raise WarclaimsError(E.W301, url=_safe(engine.url), reason=str(exc.orig)) from exc
    except WarclaimsError:
        engine.dispose()
        raise
    return engine


def upgrade(url: str | None = None, target: str = "head") -> tuple[str | None, str | None]:
    """Migrate the store at ``url`` to ``target``; return (revision before, revision after)."""
    engine = create_engine(url)
    try:
        before = current_revision(engine)
        _check_known(engine, before)
        migrate(engine, target)
        return before, current_revision(engine)
    except sa.exc.DBAPIError as exc:
        raise WarclaimsError(E.W301, url=_safe(engine.url), reason=str(exc.orig)) from exc
    finally:
        engine.dispose()


def downgrade(url: str | None = None, target: str = "base") -> str | None:
    """Migrate the store at ``url`` down to ``target``; return the revision after."""
    engine = create_engine(url)
    try:
        _run_command(engine, "downgrade", target)
        return current_revision(engine)
    finally:
        engine.dispose()
