"""`warclaims relink`: the stored reports linked into incidents, then listed and shown."""

from __future__ import annotations

import json


def test_relink_then_list_and_show(run, gold_db):
    out = run("relink", "--db", gold_db, "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["reports"] == 58
    out = run("incidents", "--db", gold_db, "--admin1", "Idlib", "--type", "chemical_attack", "--json")
    assert out.exit_code == 0, out.output
    (row,) = [json.loads(line) for line in out.output.splitlines()]
    assert row["n_reports"] == 7 and row["contested"] is True
    shown = run("incident", row["id"], "--db", gold_db)
    assert shown.exit_code == 0, shown.output
    assert "Claims" in shown.output and "Contradictions" in shown.output and "figures" in shown.output
    as_json = json.loads(run("incident", row["id"], "--db", gold_db, "--json").output)
    assert len(as_json["articles"]) == 7 and as_json["claims"][0]["quote"]
