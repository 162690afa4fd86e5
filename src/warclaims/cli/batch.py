"""`warclaims batch`: the whole pipeline over a corpus, on the local engine or Apache Spark."""

from __future__ import annotations

import json
import sys

import typer

from warclaims.api.extraction import parse_mapping
from warclaims.api.records import WarclaimsError, to_dict
from warclaims.cli.common import console, fail
from warclaims.engines.batch import run_batch

HELP = """Run ingest, extraction, linking and reconciliation over INPUT... and write Parquet datasets.

OUT_DIR gets articles/, incidents/, claims/, links/, ledger/ and errors/ (one Parquet dataset each); load them into a store with `warclaims load OUT_DIR`. Inputs: files, folders, or (Spark) any Hadoop path such as hdfs://... or s3a://...; formats as for `ingest`, plus parquet. --engine local (default) uses N worker processes; --engine spark runs on --master (default local[N]) and needs the `spark` extra. Exits 1 when some input item failed (see OUT_DIR/errors), else 0.

Example:

    warclaims batch data/sample -o out/ --engine spark --workers 2
"""


def register(app: typer.Typer) -> None:
    """Add the ``batch`` command."""

    @app.command("batch", help=HELP)
    def batch_cmd(
        inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Files, folders or Hadoop paths."),
        out: str = typer.Option(..., "--out", "-o", metavar="OUT_DIR", help="Output folder (or Hadoop path)."),
        fmt: str | None = typer.Option(None, "--format", "-f", help="Input format (default: detected per input)."),
        engine: str = typer.Option("local", "--engine", "-e", help="local or spark."),
        master: str | None = typer.Option(None, "--master", help="Spark master URL (default local[WORKERS])."),
        workers: int | None = typer.Option(None, "--workers", "-w", min=1, help="Worker processes / Spark cores."),
        mapping: list[str] | None = typer.Option(None, "--map", help="Column mapping COLUMN=FIELD (repeatable)."),
        json_out: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
    ) -> None:
        try:
            report = run_batch(inputs, out, engine=engine, fmt=fmt, workers=workers, master=master,
                               mapping=parse_mapping(mapping))
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            data = {**to_dict(report), "articles_per_second": round(report.articles_per_second, 2)}
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            console().print(
                f"{report.engine}: {report.articles} articles ({report.duplicates} duplicates), "
                f"{report.incidents} incidents, {report.claims} claims, {report.linked_incidents} linked "
                f"incidents ({_link_tasks(report)}), {report.failures} failures in {report.seconds:.1f} s "
                f"({report.articles_per_second:.1f} articles/s) -> {report.out_dir}",
                markup=False, highlight=False, soft_wrap=True,
            )
        raise typer.Exit(1 if report.failures else 0)


def _link_tasks(report) -> str:
    """Return how the linking was split: "12 link tasks", and the regions linked whole when any."""
    whole = f"; linked whole: {', '.join(report.relinked_regions)}" if report.relinked_regions else ""
    return f"{report.link_tasks} link tasks{whole}"
