"""`warclaims load`: the Parquet output of `warclaims batch` stored in a database, idempotently."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner


def test_load_fills_the_store_and_is_idempotent(batch_out: Path, db_url: str) -> None:
    import sqlalchemy as sa

    from warclaims.cli.app import build_app
    from warclaims.engines import layout

    runner = CliRunner()
    first = runner.invoke(build_app(), ["load", str(batch_out), "--db", db_url])
    assert first.exit_code == 0, first.output
    again = runner.invoke(build_app(), ["load", str(batch_out), "--db", db_url, "--json"])
    assert again.exit_code == 0, again.output
    assert '"articles": 0' in again.output
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            def count(table: str) -> int:
                return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()

            assert count("articles") == len(layout.read_rows(batch_out, "articles"))
            assert count("article_incidents") == len(layout.read_rows(batch_out, "incidents"))
            assert count("claims") == len(layout.read_rows(batch_out, "claims"))
            assert count("incident_links") == len(layout.read_rows(batch_out, "links"))
            assert count("linked_incidents") == len(layout.read_rows(batch_out, "ledger"))
    finally:
        engine.dispose()
