"""Case 5: kill -9 during `ingest`, run the same command again: every stage is finished and the
store equals a clean run's (incidents, links, claims, ledgers, scores). Real subprocesses, real SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from reliability_support import REPO, run_cli

CORPUS = str(REPO / "data" / "sample")


def _url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


def _plain(row) -> tuple:
    """Return a row as a tuple with floats rounded (the same score computed twice may differ in the last bit)."""
    return tuple(round(v, 6) if isinstance(v, float) else v for v in row)


def snapshot(db: str) -> dict[str, list]:
    """Return the store's incidents, links, claims and verdicts, without timestamps, sorted."""
    engine = sa.create_engine(_url(db))
    queries = {
        "incidents": "SELECT id, n_reports, killed_best, killed_low, killed_high, injured_best, injured_low, "
                     "injured_high, contested, flags, contradictions FROM linked_incidents",
        "links": "SELECT i.article_id, i.\"index\", k.incident_id, k.score FROM incident_links k "
                 "JOIN article_incidents i ON i.id = k.article_incident_id",
        "claims": "SELECT article_id, position, claimant, killed_low, killed_high, injured_low, injured_high "
                  "FROM claims",
        "reports": "SELECT article_id, revision, \"index\", event_type, date, admin1 FROM article_incidents",
        "scores": "SELECT article_id, revision, score, label FROM credibility",
        "articles": "SELECT id, revision, content_hash FROM articles",
    }
    try:
        with engine.connect() as conn:
            return {name: sorted((_plain(r) for r in conn.exec_driver_sql(q)), key=repr) for name, q in queries.items()}
    finally:
        engine.dispose()


def _ingest_cmd(db: str) -> list[str]:
    return [sys.executable, "-m", "warclaims", "ingest", CORPUS, "--db", db]


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("WARCLAIMS_DB", None)
    return env


def _count(db: str, sql: str) -> int:
    engine = sa.create_engine(_url(db))
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(sql).scalar_one())
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):  # tables not created yet
        return -1
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    """Return the snapshot and duration of one uninterrupted ingest of the corpus."""
    db = str(tmp_path_factory.mktemp("clean") / "clean.db")
    started = time.monotonic()
    result = run_cli("ingest", CORPUS, "--db", db, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"snapshot": snapshot(db), "seconds": time.monotonic() - started}


def _rerun_and_compare(db: str, clean: dict) -> str:
    again = run_cli("ingest", CORPUS, "--db", db, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    assert snapshot(db) == clean["snapshot"], "the resumed store differs from a clean run's"
    doctor = run_cli("doctor", "--db", db)
    assert doctor.returncode == 0 and "consistent" in doctor.stdout, doctor.stdout
    return again.stdout


def _kill_between_extraction_and_linking(db: str) -> None:
    """Run ingest and SIGKILL it once every article is extracted and nothing is linked yet."""
    proc = subprocess.Popen(_ingest_cmd(db), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    try:
        # Wait until every article is extracted and nothing is linked yet: the window of the report.
        while _count(db, "SELECT count(*) FROM processed_articles") < 39 or \
                _count(db, "SELECT count(*) FROM incident_links") != 0:
            assert proc.poll() is None, "ingest ended before the kill window"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def test_case5_kill_between_extraction_and_linking_then_rerun_links_and_assesses(tmp_path, clean):
    db = str(tmp_path / "w.db")
    _kill_between_extraction_and_linking(db)
    doctor = run_cli("doctor", "--db", db)
    assert doctor.returncode == 1 and "reports not linked to an incident: 0" not in doctor.stdout, doctor.stdout
    out = _rerun_and_compare(db, clean)
    assert "processed 0" in out and "resumed unfinished work of an earlier run: linked" in out, out
    assert "assessed 39 article(s)" in out, out


@pytest.mark.postgres
def test_case5_kill_between_extraction_and_linking_on_postgresql(pg_server):
    clean_url, url = pg_server.create_database(), pg_server.create_database()
    try:
        assert run_cli("ingest", CORPUS, "--db", clean_url, timeout=600).returncode == 0
        _kill_between_extraction_and_linking(url)
        out = _rerun_and_compare(url, {"snapshot": snapshot(clean_url)})
        assert "resumed unfinished work of an earlier run: linked" in out, out
    finally:
        for u in (clean_url, url):
            pg_server.drop_database(u.rsplit("/", 1)[1])


@pytest.mark.parametrize("point", range(5))
def test_case5_kill_at_a_random_point_then_rerun_equals_a_clean_run(tmp_path, clean, point):
    db = str(tmp_path / "w.db")
    delay = random.Random(20261207 + point).uniform(0.1, 0.95) * clean["seconds"]
    proc = subprocess.Popen(_ingest_cmd(db), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    _rerun_and_compare(db, clean)


def test_case5_doctor_repairs_orphans_and_unfinished_stages(tmp_path, clean):
    db = str(tmp_path / "w.db")
    assert run_cli("ingest", CORPUS, "--db", db, timeout=600).returncode == 0
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:  # what a crash or a hand edit could leave: no verdicts, a lost link, an orphan
        conn.exec_driver_sql("DELETE FROM credibility WHERE article_id IN "
                             "(SELECT article_id FROM credibility ORDER BY article_id LIMIT 3)")
        conn.exec_driver_sql("DELETE FROM incident_links WHERE article_incident_id = "
                             "(SELECT min(article_incident_id) FROM incident_links)")
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.exec_driver_sql("INSERT INTO claims (incident_id, article_id, position, claimant, claimant_type, quote, "
                             "victims, groups, supersedes_earlier, confidence) "
                             "VALUES (999999, 'ghost', 0, 'x', 'unknown', '', 'unknown', '[]', 0, 1.0)")
    engine.dispose()
    found = run_cli("doctor", "--db", db)
    assert found.returncode == 1, found.stdout
    for line in ("extracted articles not assessed: 3", "reports not linked to an incident: 1",
                 "claims without their incident: 1", "NOT consistent"):
        assert line in found.stdout, found.stdout
    fixed = run_cli("doctor", "--db", db, "--repair", timeout=600)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "deleted 1 claims without their incident" in fixed.stdout
    assert snapshot(db) == clean["snapshot"]
