"""Shared pytest fixtures: a real PostgreSQL server and the ``db_url`` of each supported database.

* ``pg_server`` (session): a throw-away PostgreSQL server (see ``tests/pg.py``), stopped at the end;
  skipped with the reason when PostgreSQL is not installed (``scripts/setup_postgres.sh``).
* ``pg_url``: a fresh, empty PostgreSQL database for one test (``postgresql+psycopg://...``).
* ``db_url``: parametrised over ``sqlite`` (a file in ``tmp_path``) and ``postgresql``
  (a fresh database); the PostgreSQL case carries the ``postgres`` marker.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pg import PgServer, PgUnavailable, start_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Yield a running PostgreSQL server for the whole test session."""
    try:
        server = start_server()
    except PgUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """Yield the URL of a fresh, empty PostgreSQL database, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """Return a SQLAlchemy URL of an empty database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'warclaims.db'}"
    return request.getfixturevalue("pg_url")



@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under ``make test`` (WARCLAIMS_NO_SKIP=1) a skipped test fails: the Makefile installs
    every dependency the suite needs, so a skip means a broken setup, not an optional part."""
    import os

    outcome = yield
    report = outcome.get_result()
    if os.environ.get("WARCLAIMS_NO_SKIP") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under WARCLAIMS_NO_SKIP=1 (make test installs every dependency): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """The same rule for a whole module skipped at import (``pytest.importorskip``)."""
    import os

    outcome = yield
    report = outcome.get_result()
    if os.environ.get("WARCLAIMS_NO_SKIP") == "1" and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under WARCLAIMS_NO_SKIP=1 (make test installs every dependency): {reason}"
