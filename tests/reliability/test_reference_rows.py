"""Case 14: a reference CSV with a 22-digit count or a short row keeps its good rows and names the bad ones."""

from __future__ import annotations

from typer.testing import CliRunner

from warclaims.cli.app import build_app


def test_case14_huge_count_and_short_row_are_skipped_with_w501(tmp_path):
    path = tmp_path / "vdc.csv"
    path.write_text("day,governorate,killed,place\n"
                    "2016-09-17,Deir ez-Zor,62,Tharda\n"
                    "2016-09-18,Aleppo,1234567890123456789012,Aleppo city\n"
                    "2016-09-19,Idlib\n"
                    "2016-09-20,Hama,inf,Hama city\n"
                    "2016-09-21,Homs,4,Homs city\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    result = runner.invoke(build_app(), ["reference", "import", str(path), "--format", "csv", "--db", db,
                                         "--map", "day=date,governorate=admin1,killed=deaths_best,place=place"])
    out = result.output
    assert result.exit_code == 0, out
    assert "Traceback" not in out and "OverflowError" not in out
    assert "imported 2 record(s)" in " ".join(out.split()) and "3 error(s)" in out
    assert "row 2" in out and "larger than" in out
    assert "row 3" in out and "short row" in out
    assert "row 4" in out and "not a finite number" in out
    listed = runner.invoke(build_app(), ["errors", "--db", db]).output
    assert listed.count("W501") == 3 and f"{path}#row=3" in listed
