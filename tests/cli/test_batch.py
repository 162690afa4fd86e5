"""`warclaims batch`: the whole pipeline over a corpus into Parquet datasets; coded refusals."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_batch_writes_every_dataset_and_reports_in_json(batch_out: Path) -> None:
    from warclaims.engines import layout

    report = json.loads((batch_out.parent / "report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "local" and report["workers"] == 1
    assert report["articles"] == 14 and report["failures"] == 1  # 8 CSV rows, 6 JSON copies, one bad line
    assert report["claims"] == len(layout.read_rows(batch_out, "claims"))
    governorates = {r["admin1"] for r in layout.read_rows(batch_out, "incidents")}
    # a task per linking region (Damascus and Rif Dimashq are one): few reports, no time buckets
    assert 1 <= report["link_tasks"] <= len(governorates) and report["relinked_regions"] == []
    for name in layout.DATASETS:
        assert (batch_out / name).is_dir(), name
    (error,) = layout.read_rows(batch_out, "errors")
    assert error["code"] == "W106" and "more.jsonl" in error["source_ref"]
