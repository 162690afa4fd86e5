"""`warclaims show`: metadata, text, incidents and claims; unknown ids."""

from __future__ import annotations

import json

from .conftest import FAKES


def test_show_unprocessed_article(run, db):
    run("ingest", FAKES, "--format", "fakes", "--no-process", "--db", db)
    result = run("show", "1914947532", "--db", db)
    assert result.exit_code == 0
    assert "Homs governor says U.S. attack caused deaths" in result.stdout
    assert "not processed yet" in result.stdout


def test_show_json_includes_extraction_after_processing(run, db, stub_pipeline):
    run("ingest", FAKES, "--format", "fakes", "--db", db)
    result = run("show", "1923102878", "--db", db, "--json")
    detail = json.loads(result.stdout)
    assert detail["article"]["outlet"] == "alaraby"
    claims = detail["extraction"]["incidents"][0]["claims"]
    assert claims and claims[0]["killed"] == {"low": 18, "high": 18}
    start, end = claims[0]["quote_span"]
    assert detail["article"]["text"][start:end] == claims[0]["quote"]
    text = run("show", "1923102878", "--db", db).stdout
    assert "1 incident(s)" in text and "killed 18" in text


def test_show_revision_and_unknown_id(run, db):
    run("ingest", FAKES, "--format", "fakes", "--no-process", "--db", db)
    latest = json.loads(run("show", "1926479112", "--db", db, "--json").stdout)
    first = json.loads(run("show", "1926479112", "--revision", "1", "--db", db, "--json").stdout)
    assert latest["revisions"] == [1, 2] and latest["article"]["revision"] == 2
    assert first["article"]["text"] != latest["article"]["text"]
    missing = run("show", "no-such-article", "--db", db)
    assert missing.exit_code == 1
    assert "W302" in missing.stderr


def test_show_prints_the_reference_check_of_each_incident(run, db, seeded):
    detail = json.loads(run("show", seeded, "--db", db, "--json").stdout)
    check = detail["reference"][0]
    assert check["matched"][0]["record_id"] == "227936"
    assert {c["claimant"]: c["verdict"] for c in check["claims"]} == {
        "officials": "consistent", "the Russian army": "below", "local activists in Deir ez-Zor": "consistent"}
    text = run("show", seeded, "--db", db).stdout
    assert "reference: UCDP GED 227936 records 90 deaths at Jabal Thurdah" in text
    assert "consistent: officials 60+" in text
