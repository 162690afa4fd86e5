"""The store on a real PostgreSQL server: migrations, ingestion, and two concurrent writers."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
FAKES = ROOT / "data" / "fakes" / "fakes-dev.csv"

# A child process: ingest FA-KES rows [start, end) (reversed when asked) into the store at url.
_WORKER = textwrap.dedent(
    """
    import csv, json, sys, time
    from warclaims.ingest.normalize import make_article
    from warclaims.models import Article
    from warclaims.store import add_articles, open_store

    url, path, start, end, reverse, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1", float(sys.argv[6])
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[start:end]
    if reverse:
        rows.reverse()
    arts = [make_article(text=r["article_content"], title=r["article_title"], dataset_id=r["unit_id"],
                         outlet=r["source"], published=r["date"], source_ref=f"{path}#row={i}") for i, r in enumerate(rows)]
    arts = [a for a in arts if isinstance(a, Article)]
    engine = open_store(url)
    while time.time() < go:  # both writers start at the same instant
        time.sleep(0.005)
    res = add_articles(engine, arts, batch_size=10)
    print(json.dumps({"n": len(arts), "stored": res.stored, "dups": len(res.duplicates)}))
    """
)


def _fakes_rows() -> list[dict[str, str]]:
    with FAKES.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _articles(rows: list[dict[str, str]]):
    from warclaims.ingest.normalize import make_article
    from warclaims.models import Article

    arts = [
        make_article(text=r["article_content"], title=r["article_title"], dataset_id=r["unit_id"],
                     outlet=r["source"], published=r["date"], source_ref=f"fakes#row={i}")
        for i, r in enumerate(rows)
    ]
    return [a for a in arts if isinstance(a, Article)]


def test_migrations_reach_head_on_postgres(pg_url: str) -> None:
    from warclaims.store import current_revision, head_revision, open_store

    engine = open_store(pg_url)
    try:
        assert engine.dialect.name == "postgresql"
        assert current_revision(engine) == head_revision()
        tables = set(sa.inspect(engine).get_table_names())
        assert {"articles", "ingest_errors", "alembic_version"} <= tables
    finally:
        engine.dispose()


def test_ingest_into_postgres_is_idempotent(pg_url: str) -> None:
    from warclaims.store import add_articles, count_articles, get_article, open_store

    arts = _articles(_fakes_rows()[:60])
    engine = open_store(pg_url)
    try:
        first = add_articles(engine, arts)
        again = add_articles(engine, arts)
        assert first.stored > 0 and again.stored == 0
        assert len(again.duplicates) == len(arts)
        assert count_articles(engine) == len({a.id for a in arts})
        stored = get_article(engine, arts[0].id)
        assert stored is not None and stored.text == arts[0].text
    finally:
        engine.dispose()


def _spawn(url: str, start: int, end: int, reverse: bool, go: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.environ.get("WARCLAIMS_TEST_SRC", str(ROOT / "src"))}
    args = [sys.executable, "-c", _WORKER, url, str(FAKES), str(start), str(end), "1" if reverse else "0", str(go)]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.slow
def test_two_processes_ingesting_overlapping_sets_lose_and_duplicate_nothing(pg_url: str) -> None:
    import json
    import time

    from warclaims.store import open_store

    rows = _fakes_rows()
    expected = {a.content_hash for a in _articles(rows)}
    open_store(pg_url).dispose()  # migrated once, as `warclaims db upgrade` would
    go = time.time() + 6.0
    procs = [_spawn(pg_url, 0, 450, False, go), _spawn(pg_url, 150, len(rows), True, go)]
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err[-3000:]
    reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            rows_db = conn.execute(sa.text("SELECT id, revision, content_hash, is_latest FROM articles")).all()
    finally:
        engine.dispose()
    hashes = [r.content_hash for r in rows_db]
    assert len(hashes) == len(set(hashes)), "an article text was stored twice"
    assert set(hashes) == expected, "an article was lost"
    assert sum(r["stored"] for r in reports) == len(rows_db)
    assert all(r["stored"] + r["dups"] == r["n"] for r in reports)
    latest: dict[str, int] = {}
    for r in rows_db:
        latest[r.id] = latest.get(r.id, 0) + int(bool(r.is_latest))
    assert set(latest.values()) == {1}, "each article id must have exactly one latest revision"


@pytest.mark.slow
def test_two_processes_opening_a_fresh_postgres_store_both_succeed(pg_url: str) -> None:
    """Two first opens at once must both end with a migrated store (no duplicate-table error)."""
    import time

    code = textwrap.dedent(
        """
        import sys, time
        from warclaims.store import open_store
        go = float(sys.argv[2])
        while time.time() < go:
            time.sleep(0.002)
        open_store(sys.argv[1]).dispose()
        """
    )
    env = {**os.environ, "PYTHONPATH": os.environ.get("WARCLAIMS_TEST_SRC", str(ROOT / "src"))}
    go = time.time() + 5.0
    procs = [
        subprocess.Popen([sys.executable, "-c", code, pg_url, str(go)], stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], "\n".join(e[-2000:] for e in errs)
