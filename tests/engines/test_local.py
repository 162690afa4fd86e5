"""warclaims.engines.local: `warclaims batch` with the local engine writes each Parquet dataset,
quotes that are exact substrings, and the same rows with two workers as with one."""

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


def test_two_workers_give_the_same_output_as_one(tmp_path: Path, batch_out: Path) -> None:
    from warclaims.engines import layout
    from warclaims.engines.local import run_local

    report = run_local([str(batch_out.parent / "corpus")], tmp_path / "out2", workers=2)
    assert report.workers == 2 and report.articles > 0
    for name in ("incidents", "claims", "links", "ledger"):
        assert layout.read_rows(tmp_path / "out2", name) == layout.read_rows(batch_out, name), name
