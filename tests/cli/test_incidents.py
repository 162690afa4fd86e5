"""`warclaims incidents`: the incident list with its filters (place, type, outlet, contested, dates)."""

from __future__ import annotations

import json


def test_incidents_contested_and_outlet_filters(run, gold_db):
    run("relink", "--db", gold_db)
    rows = [
        json.loads(x)
        for x in run(
            "incidents", "--db", gold_db, "--contested", "--outlet", "ahram", "--json"
        ).output.splitlines()
    ]
    assert rows and all(r["contested"] and "ahram" in r["outlets"] for r in rows)
    table = run("incidents", "--db", gold_db, "--from", "2017-04-01", "--to", "2017-04-30")
    assert table.exit_code == 0 and "Khan" in table.output


def test_bad_date_is_w902(run, gold_db):
    out = run("incidents", "--db", gold_db, "--from", "April")
    assert out.exit_code == 1 and "W902" in out.output
