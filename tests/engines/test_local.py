"""The local engine, the Parquet layout, `warclaims batch` / `warclaims load`, and the stage glue."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from engines_corpus import write_corpus


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    """Run `warclaims batch` (local engine, 1 worker) on the small corpus; return OUT_DIR."""
    from warclaims.cli.app import build_app

    tmp = tmp_path_factory.mktemp("local")
    corpus = write_corpus(tmp)
    out = tmp / "out"
    result = CliRunner().invoke(build_app(), ["batch", str(corpus), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output  # the corpus has one malformed JSON line
    assert "local:" in result.output
    return out


def test_batch_writes_every_dataset_with_its_schema(batch_out: Path) -> None:
    import pyarrow.dataset as ds

    from warclaims.engines import layout

    for name in layout.DATASETS:
        table = ds.dataset(str(batch_out / name), format="parquet").to_table()
        assert table.schema.equals(layout.arrow_schema(name)), name
    articles = layout.read_rows(batch_out, "articles")
    assert len({a["content_hash"] for a in articles}) == len(articles)
    keys = {i["incident_key"] for i in layout.read_rows(batch_out, "incidents")}
    assert {c["incident_key"] for c in layout.read_rows(batch_out, "claims")} <= keys
    assert {link["incident_key"] for link in layout.read_rows(batch_out, "links")} == keys
    linked = {link["linked_id"] for link in layout.read_rows(batch_out, "links")}
    assert {row["linked_id"] for row in layout.read_rows(batch_out, "ledger")} == linked


def test_quotes_are_exact_substrings_of_the_article_text(batch_out: Path) -> None:
    from warclaims.engines import layout

    texts = {a["id"]: a["text"] for a in layout.read_rows(batch_out, "articles")}
    claims = [c for c in layout.read_rows(batch_out, "claims") if c["quote_start"] is not None]
    assert claims
    for c in claims:
        assert texts[c["article_id"]][c["quote_start"] : c["quote_end"]] == c["quote"]


def test_duplicates_keep_one_article_and_the_latest_revision() -> None:
    from warclaims.engines.stages import dedupe_articles
    from warclaims.models import Article

    arts = [
        Article(id="b", text="same", content_hash="h1", source_ref="f#row=2"),
        Article(id="a", text="same", content_hash="h1", source_ref="f#row=9"),
        Article(id="c", text="old", content_hash="h2", source_ref="f#row=3"),
        Article(id="c", text="new", content_hash="h3", source_ref="f#row=4"),
    ]
    kept = dedupe_articles(arts)
    assert [(a.id, a.content_hash, a.revision) for a in kept] == [("a", "h1", 1), ("c", "h3", 2)]


def test_two_workers_give_the_same_output_as_one(tmp_path: Path, batch_out: Path) -> None:
    from warclaims.engines import layout
    from warclaims.engines.local import run_local

    report = run_local([str(batch_out.parent / "corpus")], tmp_path / "out2", workers=2)
    assert report.workers == 2 and report.articles > 0
    for name in ("incidents", "claims", "links", "ledger"):
        assert layout.read_rows(tmp_path / "out2", name) == layout.read_rows(batch_out, name), name


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


def test_unknown_engine_and_format_are_catalogue_errors(tmp_path: Path) -> None:
    from warclaims.cli.app import build_app

    runner = CliRunner()
    bad_engine = runner.invoke(build_app(), ["batch", "x.csv", "-o", str(tmp_path), "--engine", "dask"])
    assert bad_engine.exit_code == 1 and "W902" in bad_engine.output
    bad_format = runner.invoke(build_app(), ["batch", "x.csv", "-o", str(tmp_path), "--format", "docx"])
    assert bad_format.exit_code == 1 and "W902" in bad_format.output
    no_out = runner.invoke(build_app(), ["load", str(tmp_path / "nothing")])
    assert no_out.exit_code == 1 and "W113" in no_out.output


def test_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    from warclaims.engines.batch import run_batch
    from warclaims.errors import WarclaimsError

    for name in ("pyspark", "pyspark.sql"):  # None in sys.modules: the import fails as if not installed
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(WarclaimsError) as info:
        run_batch([str(tmp_path)], tmp_path / "out", engine="spark")
    assert info.value.code.value == "W901" and "'spark'" in str(info.value)
