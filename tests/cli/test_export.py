"""`warclaims export`: the ledgers of the matching incidents written to a file."""

from __future__ import annotations

import csv


def test_export_csv_with_filter(run, gold_db, tmp_path):
    run("relink", "--db", gold_db)
    path = tmp_path / "aleppo.csv"
    out = run("export", "--format", "csv", "-o", str(path), "--admin1", "Aleppo", "--db", gold_db)
    assert out.exit_code == 0, out.output
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["admin1"] for r in rows} == {"Aleppo"}
