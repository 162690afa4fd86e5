"""Case 15 (store): a corrupt or read-only database gives W301, not a traceback; a typo'd folder is not created."""

from __future__ import annotations

import os

from reliability_support import REPO, run_cli

ARTICLE = str(REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt")


def _assert_w301(result, *words: str) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "[W301]" in out and "Traceback" not in out, out
    assert len(out.strip().splitlines()) <= 3, out
    for word in words:
        assert word in out, out


def test_case15_corrupt_database_file_is_w301(tmp_path):
    db = tmp_path / "corrupt.db"
    db.write_bytes(os.urandom(20_000))
    _assert_w301(run_cli("ingest", ARTICLE, "--db", str(db), "--no-process"), "file is not a database")
    _assert_w301(run_cli("errors", "--db", str(db)), "file is not a database")


def test_case15_read_only_database_is_w301_for_writes_and_readable(tmp_path):
    db = tmp_path / "w.db"
    assert run_cli("ingest", ARTICLE, "--db", str(db), "--no-process").returncode == 0
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"  # read-only even for root, unlike chmod
    other = tmp_path / "other.txt"
    other.write_text("An air strike killed 4 people in Hama on Friday, activists said.", encoding="utf-8")
    _assert_w301(run_cli("ingest", str(other), "--db", read_only, "--no-process"), "readonly database")
    listed = run_cli("articles", "--db", read_only)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr


def test_case15_db_in_a_missing_folder_is_refused_not_created(tmp_path):
    typo = tmp_path / "no-such-folder" / "w.db"
    _assert_w301(run_cli("errors", "--db", str(typo)), "does not exist")
    assert not typo.parent.exists(), "the folder of a mistyped --db was created"
