"""`warclaims reference import` / `list`: reference records loaded row by row, bad rows named; the
bundled set listed on a fresh store."""

from __future__ import annotations

import json
import time

from typer.testing import CliRunner

from warclaims.cli.app import build_app
from warclaims.store import open_store
from warclaims.store.credibility import count_reference_records

# Three UCDP GED rows: one good, one with a bad date, one with a negative count.
GED = """id,date_start,date_end,country,adm_1,where_coordinates,latitude,longitude,type_of_violence,best,low,high,side_a,side_b
101,2016-09-17,2016-09-17,Syria,Dayr Az Zawr governorate,Dayr az Zawr airport,35.285,40.176,1,62,60,83,USA,Government of Syria
103,2016-13-40,2016-09-18,Syria,Hama governorate,Hama,35.13,36.75,1,2,2,2,Government of Syria,IS
104,2016-09-18,2016-09-18,Syria,Homs governorate,Homs,34.73,36.72,1,-3,0,3,Government of Syria,IS
"""


def test_cli_reference_import_loads_good_rows_and_names_bad_ones(tmp_path, db_url):
    path = tmp_path / "ged.csv"
    path.write_text(GED, encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["reference", "import", str(path), "--format", "ucdp-ged",
                                              "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["imported"] == 1
    assert any("row 2" in e and "bad date" in e for e in summary["errors"])
    assert any("row 3" in e and "negative count" in e for e in summary["errors"])
    eng = open_store(db_url)
    assert count_reference_records(eng) == 1
    eng.dispose()


def test_cli_reference_import_unknown_column(tmp_path, db_url):
    path = tmp_path / "vdc.csv"
    path.write_text("day,killed\n2016-09-17,3\n", encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["reference", "import", str(path), "--map", "date_of_death=date",
                                              "--db", db_url])
    assert result.exit_code == 1
    assert "W501" in result.output and "date_of_death" in result.output


def test_reference_list_shows_the_bundled_set_without_an_import(tmp_path):
    db = f"sqlite:///{tmp_path / 'w.db'}"
    start = time.perf_counter()
    result = CliRunner().invoke(build_app(), ["reference", "list", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - start < 10
    rows = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert len(rows) == 1
    assert rows[0] | {"content_hash": None} == {
        "dataset": "ucdp-ged", "source": "UCDP GED Syria (Uppsala Conflict Data Program)", "licence": "CC BY 4.0",
        "release": "19.1", "period_start": "2016-01-01", "period_end": "2019-12-01", "records": 16566,
        "content_hash": None, "bundled": True, "in_use": True, "replaced_by": None}
