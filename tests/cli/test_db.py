"""`warclaims db upgrade` and `db current`."""

from __future__ import annotations

from warclaims.store import head_revision


def test_upgrade_creates_then_reports_current(run, db):
    first = run("db", "upgrade", "--db", db)
    assert first.exit_code == 0
    assert first.stdout.strip() == f"schema empty -> {head_revision()}"
    assert run("db", "upgrade", "--db", db).stdout.strip() == f"schema {head_revision()} -> {head_revision()}"
    assert (
        run("db", "current", "--db", db).stdout.strip()
        == f"current {head_revision()}, head {head_revision()}"
    )


def test_db_option_reads_environment(run, tmp_path, monkeypatch):
    monkeypatch.setenv("WARCLAIMS_DB", str(tmp_path / "env.db"))
    assert run("db", "upgrade").exit_code == 0
    assert (tmp_path / "env.db").exists()
