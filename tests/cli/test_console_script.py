"""The installed `warclaims` console script run as a real subprocess: exit codes, JSON, help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, FAKES

SCRIPT = Path(sys.executable).parent / "warclaims"
COMMANDS = [["ingest"], ["articles"], ["show"], ["errors"], ["process"], ["db", "upgrade"]]


def warclaims(*args: str, db: str) -> subprocess.CompletedProcess:
    """Run the console script with ``WARCLAIMS_DB=db``; return the finished process."""
    env = {**os.environ, "WARCLAIMS_DB": db, "COLUMNS": "200"}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def script() -> Path:
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed at {SCRIPT}")
    return SCRIPT


def test_ingest_exit_codes_and_json_listing(script, tmp_path):
    db = str(tmp_path / "script.db")
    ok = warclaims("ingest", FAKES, "--format", "fakes", "--no-process", db=db)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().splitlines()[-1] == "ingested 604, duplicates 12, revisions 1, failed 0"
    bad = warclaims("ingest", EXAMPLE, str(tmp_path / "missing.warc.gz"), "--no-process", db=db)
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[0].startswith("W113 ")
    listing = warclaims("articles", "--outlet", "reuters", "--json", db=db)
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert listing.returncode == 0 and rows and {r["outlet"] for r in rows} == {"reuters"}
    errors = [json.loads(line) for line in warclaims("errors", "--json", db=db).stdout.splitlines()]
    assert [e["code"] for e in errors] == ["W113"]
    missing = warclaims("show", "nope", db=db)
    assert missing.returncode == 1 and "[W302]" in missing.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_help_has_an_example(script, tmp_path, command):
    result = warclaims(*command, "--help", db=str(tmp_path / "unused.db"))
    assert result.returncode == 0
    assert "Example" in result.stdout and f"warclaims {' '.join(command)}" in result.stdout


def test_concurrent_ingests_into_one_new_sqlite_file(script, tmp_path):
    """Three processes create and fill the same new file at once: one migration, no lost or doubled rows."""
    db = str(tmp_path / "shared.db")
    env = {**os.environ, "WARCLAIMS_DB": db}
    cmd = [str(SCRIPT), "ingest", FAKES, "--format", "fakes", "--no-process", "--json"]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in outputs]
    reports = [json.loads(out) for out, _ in outputs]
    assert sum(r["ingested"] for r in reports) == 604
    assert sum(r["revisions"] for r in reports) == 1
    assert sum(r["duplicates"] for r in reports) == 3 * 617 - 605
    listing = warclaims("articles", "--limit", "0", "--json", db=db)
    assert len(listing.stdout.splitlines()) == 604
