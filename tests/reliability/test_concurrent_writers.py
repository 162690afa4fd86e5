"""Case 6: three `ingest` processes at once, 200 articles each (and 30 shared), on SQLite and PostgreSQL:
none crashes, no article is stored or extracted twice, every report is linked and every article assessed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from reliability_support import REPO

HERE = Path(__file__).resolve().parent
WRITERS = 3
PER_WRITER = 200
SHARED = 30
PLACES = ("Aleppo", "Idlib", "Homs", "Hama", "Daraa")
# Run the real CLI with the stub extractor in place of spaCy's pipeline.
LAUNCH = ("import sys, concurrency_stub; sys.modules['warclaims.extract.pipeline'] = concurrency_stub; "
          "from warclaims.cli.app import main; sys.argv = ['warclaims', *sys.argv[1:]]; main()")


def _article(key: str, n: int) -> dict:
    day = dt.date(2016, 9, 1) + dt.timedelta(days=n % 20)
    place = PLACES[n % len(PLACES)]
    outlet = ("SANA", "SOHR", "Reuters", "AFP")[n % 4]
    return {"id": key, "published": day.isoformat(), "outlet": outlet,
            "text": f"An air strike killed {n % 40 + 1} people in {place} on {day:%A}, {outlet} said. Ref {key}."}


def _corpus(folder: Path) -> list[Path]:
    shared = [_article(f"shared-{n}", n) for n in range(SHARED)]
    files = []
    for w in range(WRITERS):
        rows = [_article(f"w{w}-{n}", n + 7 * w) for n in range(PER_WRITER)] + shared
        path = folder / f"writer{w}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        files.append(path)
    return files


def _run_writers(db_url: str, files: list[Path]) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{HERE}"}
    env.pop("WARCLAIMS_DB", None)
    procs = [subprocess.Popen([sys.executable, "-c", LAUNCH, "ingest", str(f), "--db", db_url], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def _scalar(engine: sa.Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql(sql).scalar_one())


def _check_store(db_url: str, results: list[subprocess.CompletedProcess]) -> None:
    for r in results:
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stdout + r.stderr
    total = WRITERS * PER_WRITER + SHARED
    from warclaims.store.progress import stage_counts

    engine = sa.create_engine(db_url)
    try:
        assert _scalar(engine, "SELECT count(*) FROM articles") == total, "an article was stored twice or lost"
        assert _scalar(engine, "SELECT count(*) FROM processed_articles") == total
        assert _scalar(engine, "SELECT count(*) FROM article_incidents") == total, "an article was extracted twice"
        assert _scalar(engine, "SELECT count(*) FROM claims") == total
        assert _scalar(engine, "SELECT count(*) FROM incident_links") == total, "a report is not linked"
        assert _scalar(engine, "SELECT count(*) FROM credibility") == total, "an article is not assessed"
        counts = stage_counts(engine)
        assert counts.consistent, counts
        assert _scalar(engine, "SELECT sum(n_reports) FROM linked_incidents") == total
    finally:
        engine.dispose()
    stored = sum(int(r.stdout.split("ingested ")[1].split(",")[0]) for r in results)
    assert stored == total, "each article is reported stored by exactly one writer"


def test_case6_three_concurrent_ingests_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    _check_store(url, _run_writers(url, _corpus(tmp_path)))


@pytest.mark.postgres
def test_case6_three_concurrent_ingests_on_postgresql(tmp_path, pg_url):
    _check_store(pg_url, _run_writers(pg_url, _corpus(tmp_path)))
