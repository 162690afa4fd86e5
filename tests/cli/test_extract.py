"""`warclaims extract`: one article or stdin, JSON or readable output, coded failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = str(REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt")


@pytest.fixture(scope="module")
def run():
    from warclaims.cli.app import build_app

    app = build_app()
    runner = CliRunner()
    return lambda *args, input=None: runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_extract_example_json(run):
    """Acceptance: the example article with --published gives its gold incident and three claims."""
    result = run("extract", EXAMPLE, "--published", "2016-09-18", "--json")
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.strip().splitlines()[0])
    incident = line["incidents"][0]
    assert (incident["event_type"], incident["date"], incident["admin1"]) == ("airstrike", "2016-09-17", "Deir ez-Zor")
    assert incident["killed"] == {"low": 60, "high": None} and incident["injured"] == {"low": 100, "high": 100}
    claims = [(c["claimant"], c["claimant_type"], c["killed"], c["injured"]) for c in incident["claims"]]
    assert claims == [
        ("officials", "other", {"low": 60, "high": None}, {"low": 100, "high": 100}),
        ("the Russian army", "military", {"low": 60, "high": 60}, {"low": 100, "high": 100}),
        ("local activists in Deir ez-Zor", "activist_local", {"low": 24, "high": None}, None),
    ]


def test_extract_readable_output(run):
    result = run("extract", EXAMPLE, "--published", "2016-09-18")
    assert result.exit_code == 0
    assert "the Russian army (military): killed 60, injured 100" in result.stdout


def test_extract_stdin(run):
    text = "Two people were killed and five others injured when shells hit Aleppo, a police source told SANA."
    result = run("extract", "-", "--json", input=text)
    incident = json.loads(result.stdout)["incidents"][0]
    assert incident["claims"][0]["claimant"] == "a police source"
    assert incident["killed"] == {"low": 2, "high": 2}


def test_extract_bad_published_is_w902(run):
    result = run("extract", EXAMPLE, "--published", "18/09/2016")
    assert result.exit_code == 1
    assert "W902" in result.output


def test_extract_missing_file_fails(run, tmp_path):
    result = run("extract", str(tmp_path / "nope.txt"), "--json")
    assert result.exit_code == 1
