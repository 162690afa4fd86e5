"""`warclaims ingest` through CliRunner: summary, failures, exit codes, JSON report."""

from __future__ import annotations

import json

from .conftest import EXAMPLE, FAKES


def test_ingest_fakes_dev_reports_duplicates_and_exits_0(run, db):
    result = run("ingest", FAKES, "--format", "fakes", "--no-process", "--db", db)
    assert result.exit_code == 0, result.output
    assert "ingested 604, duplicates 12, revisions 1, failed 0" in result.stdout
    again = run("ingest", FAKES, "--format", "fakes", "--no-process", "--db", db)
    assert again.exit_code == 0  # duplicates are not failures
    assert "ingested 0, duplicates 617, revisions 0, failed 0" in again.stdout


def test_one_line_per_failure_and_exit_1(run, db, tmp_path):
    missing = str(tmp_path / "gone.txt")
    result = run("ingest", missing, EXAMPLE, "--no-process", "--db", db)
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("W113 ") and missing in lines[0]
    assert lines[-1] == "ingested 1, duplicates 0, revisions 0, failed 1"


def test_unknown_format_fails_each_input(run, db):
    result = run("ingest", EXAMPLE, "--format", "docx", "--no-process", "--db", db)
    assert result.exit_code == 1
    assert result.stdout.startswith("W112 ")


def test_json_report_parses(run, db, tmp_path):
    result = run("ingest", EXAMPLE, str(tmp_path / "nope.html"), "--no-process", "--json", "--db", db)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["ingested"], report["failed"], report["ok"]) == (1, 1, False)
    assert report["failures"][0]["code"] == "W113"


def test_ingest_processes_by_default(run, db, stub_pipeline):
    result = run("ingest", EXAMPLE, "--db", db)
    assert result.exit_code == 0, result.output
    assert "ingested 1" in result.stdout and "processed 1 (1 incidents" in result.stdout


def test_help_has_an_example(run):
    result = run("ingest", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "warclaims ingest data/fakes/fakes-dev.csv" in result.stdout


def test_column_mapping_for_a_plain_csv(run, db, tmp_path):
    data = tmp_path / "wire.csv"
    data.write_text(
        "story,headline,body\n"
        'w1,Strike on Saraqib,"Activists said regime forces bombed the town of Saraqib in rural Idlib."\n',
        encoding="utf-8",
    )
    result = run(
        "ingest",
        str(data),
        "--map",
        "story=id",
        "--map",
        "headline=title",
        "--map",
        "body=text",
        "--no-process",
        "--db",
        db,
    )
    assert result.exit_code == 0, result.output
    shown = run("show", "w1", "--db", db, "--json").stdout
    assert '"title": "Strike on Saraqib"' in shown


def test_malformed_mapping_is_w902(run, db):
    result = run("ingest", EXAMPLE, "--map", "nofield", "--db", db)
    assert result.exit_code == 1 and "W902" in result.stderr
