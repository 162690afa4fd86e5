"""`warclaims incident`: one linked incident with its claims, the matched reference records and each
claim's verdict (the ARA News example against the bundled UCDP GED set); unknown ids."""

from __future__ import annotations

import json


def test_incident_shows_reference_records_and_verdicts(run, db, seeded):
    result = run("incident", "--most-reported", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    ref = json.loads(result.stdout)["reference"]
    assert ref["matched"][0]["record_id"] == "227936"
    assert {c["claimant"]: c["verdict"] for c in ref["claims"]}["officials"] == "consistent"
    text = run("incident", "--most-reported", "--db", db).stdout
    assert "Reference records" in text and "227936" in text and "Jabal Thurdah" in text
    assert "consistent: UCDP GED 227936 records 90 deaths at Jabal Thurdah on 2016-09-17" in text


def test_unknown_incident_is_w303(run, gold_db):
    run("relink", "--db", gold_db)
    out = run("incident", "inc-000000000000", "--db", gold_db)
    assert out.exit_code == 1 and "W303" in out.output
