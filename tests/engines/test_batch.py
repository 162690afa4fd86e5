"""warclaims.engines.batch: choosing an engine and a format; unknown ones and a missing extra are
catalogue errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner


def test_unknown_engine_and_format_are_catalogue_errors(tmp_path: Path) -> None:
    from warclaims.cli.app import build_app

    runner = CliRunner()
    bad_engine = runner.invoke(build_app(), ["batch", "x.csv", "-o", str(tmp_path), "--engine", "dask"])
    assert bad_engine.exit_code == 1 and "W902" in bad_engine.output
    bad_format = runner.invoke(build_app(), ["batch", "x.csv", "-o", str(tmp_path), "--format", "docx"])
    assert bad_format.exit_code == 1 and "W902" in bad_format.output
    no_out = runner.invoke(build_app(), ["load", str(tmp_path / "nothing")])
    assert no_out.exit_code == 1 and "W113" in no_out.output


def test_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    from warclaims.engines.batch import run_batch
    from warclaims.errors import WarclaimsError

    for name in ("pyspark", "pyspark.sql"):  # None in sys.modules: the import fails as if not installed
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(WarclaimsError) as info:
        run_batch([str(tmp_path)], tmp_path / "out", engine="spark")
    assert info.value.code.value == "W901" and "'spark'" in str(info.value)
