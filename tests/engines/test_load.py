"""warclaims.engines.load: `warclaims load` fills the store once, and `load_outputs` in bounded memory
(tiny buckets store exactly what one big bucket stores)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engines_corpus import write_corpus

# Columns set from the clock at load time: they differ between any two loads.
CLOCK_COLUMNS = {"ingested_at", "created", "processed_at", "updated_at", "linked_at"}
TABLES = ("articles", "article_incidents", "claims", "processed_articles", "ingest_errors",
          "linked_incidents", "incident_links")


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    """Run the local engine (1 worker) on the engine test corpus; return OUT_DIR."""
    from warclaims.engines.local import run_local

    tmp = tmp_path_factory.mktemp("load-buckets")
    out = tmp / "out"
    run_local([str(write_corpus(tmp))], out, workers=1)
    return out


def store_contents(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of the loaded tables (clock columns left out), sorted, per table."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        meta = sa.MetaData()
        meta.reflect(engine, only=list(TABLES))
        out = {}
        with engine.connect() as conn:
            for name in TABLES:
                table = meta.tables[name]
                cols = [c for c in table.columns if c.name not in CLOCK_COLUMNS]
                rows = conn.execute(sa.select(*cols)).all()
                out[name] = sorted((tuple(map(repr, r)) for r in rows))
        return out
    finally:
        engine.dispose()


def load(out_dir: Path, tmp_path: Path, name: str, **kwargs: Any):
    """Load ``out_dir`` into a fresh SQLite store; return (LoadReport, store contents, progress calls)."""
    from warclaims.engines.load import load_outputs

    url = f"sqlite:///{tmp_path / (name + '.db')}"
    calls: list[tuple[str, int, int | None]] = []
    report = load_outputs(out_dir, url, progress=lambda *a: calls.append(a), tmp_dir=tmp_path, **kwargs)
    return report, store_contents(url), calls


@pytest.mark.parametrize("bucket_rows", [1, 7, 40])
def test_tiny_buckets_store_what_one_bucket_stores(batch_out: Path, tmp_path: Path, bucket_rows: int) -> None:
    from warclaims.engines import layout

    whole, expected, _ = load(batch_out, tmp_path, "whole", bucket_rows=10**9)
    parted, got, calls = load(batch_out, tmp_path, f"b{bucket_rows}", bucket_rows=bucket_rows)
    assert expected["articles"] and expected["article_incidents"] and expected["claims"]
    assert expected["incident_links"] and expected["ingest_errors"]
    assert parted == whole
    assert got == expected
    assert whole.articles == len(layout.read_rows(batch_out, "articles"))
    assert whole.links == len(layout.read_rows(batch_out, "links"))
    stages = {c[0] for c in calls}
    assert {"partition", "articles", "links"} <= stages
    assert calls[[c[0] for c in calls].index("articles")] != ("articles", 0, 0)
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".warclaims-load-")] == []  # cleaned up


def test_loading_twice_in_buckets_stores_nothing_new(batch_out: Path, tmp_path: Path) -> None:
    from warclaims.engines.load import load_outputs

    url = f"sqlite:///{tmp_path / 'twice.db'}"
    first = load_outputs(batch_out, url, bucket_rows=5, tmp_dir=tmp_path)
    again = load_outputs(batch_out, url, bucket_rows=5, tmp_dir=tmp_path)
    assert first.articles > 0 and again.articles == 0
    assert again.duplicates == first.articles + first.duplicates


def test_order_sensitive_identity_rules_survive_partitioning(batch_out: Path, tmp_path: Path) -> None:
    """Same URL under other ids (revisions) and the same text under other ids (duplicates) depend on order."""
    import shutil

    from warclaims.engines import layout

    out = tmp_path / "out"
    shutil.copytree(batch_out, out)
    rows = layout.read_rows(out, "articles")
    extra = []
    for n, row in enumerate(rows):
        # a new id for the same URL with new text (a revision) and a new id for the same text (a duplicate)
        extra.append({**row, "id": f"{row['id']}~rev{n}", "text": row["text"] + " Updated.",
                      "content_hash": f"{row['content_hash']}-u", "url": row["url"] or f"https://x.test/{n}"})
        extra.append({**row, "id": f"0dup{n}"})
    layout.write_rows(out, "articles", rows + extra)
    whole, expected, _ = load(out, tmp_path, "whole", bucket_rows=10**9)
    parted, got, _ = load(out, tmp_path, "parted", bucket_rows=3)
    assert whole.duplicates >= len(rows)
    assert parted == whole
    assert got == expected


def test_an_unsplittable_bucket_is_loaded_whole(tmp_path: Path) -> None:
    """One article with more incident rows than a bucket holds cannot be split; it is loaded in one piece."""
    from warclaims.engines import layout
    from warclaims.engines.load import ARTICLE_KEYS, _ranges, _source_part

    layout.write_rows(tmp_path, "articles", [{"id": "a", "revision": 1, "text": "t", "content_hash": "h"}])
    layout.write_rows(tmp_path, "incidents", [{"incident_key": f"a#{i}", "article_id": "a", "index": i}
                                              for i in range(20)])
    source = _source_part(tmp_path, ARTICLE_KEYS)
    parts = list(_ranges(source, ARTICLE_KEYS, 2, lambda: tmp_path))
    assert len(parts) == 1 and parts[0].total == 21


def test_cli_default_matches_the_engine() -> None:
    from warclaims.cli import load as cli_load
    from warclaims.engines import load as engine_load

    assert cli_load.BUCKET_ROWS == engine_load.BUCKET_ROWS
