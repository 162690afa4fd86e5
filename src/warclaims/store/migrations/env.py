"""Alembic environment: runs on the connection handed over by warclaims.store.engine.

``warclaims.store.engine.alembic_config`` builds the Config in code and passes a live
connection in ``config.attributes["connection"]``; a URL in ``sqlalchemy.url`` is used
otherwise (e.g. ``command.revision(alembic_config(url="sqlite:///dev.db"), "msg", rev_id="0003",
autogenerate=True)`` when writing a new migration).
"""

from __future__ import annotations

import contextlib
import importlib

import sqlalchemy as sa
from alembic import context

from warclaims.store.schema import metadata

# Stages that define their tables on the same metadata in their own modules (0003, 0004):
# imported so autogenerate compares against every table, not only those of schema.py.
for _name in ("warclaims.store.ledger", "warclaims.store.credibility", "warclaims.store.watch"):
    with contextlib.suppress(ImportError):
        importlib.import_module(_name)

config = context.config


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url"), poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def run_migrations_offline() -> None:
    """Emit the migration SQL for the configured URL without a database."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
