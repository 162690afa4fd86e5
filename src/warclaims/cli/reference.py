"""`warclaims reference import`: load reference casualty records (UCDP GED, ACLED, CSV)."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from warclaims.api import reference
from warclaims.api.extraction import parse_mapping
from warclaims.api.records import WarclaimsError
from warclaims.cli.common import JSON_HELP, DbOption, console, err_console, fail, print_json_lines

HELP = """Import casualty records to check articles against (date, place, deaths best/low/high, actors).

Formats: ucdp-ged (GED CSV columns), acled (ACLED export columns), csv (columns named like the
fields, or mapped with --map). Fields: record_id, date, date_end, country, admin1, place,
latitude, longitude, event_type, deaths_best, deaths_low, deaths_high, actor1, actor2.
Rows with a bad date, a negative or non-numeric count, coordinates outside the country or a
repeated id are reported by row number (W501); the good rows load. Importing the same content
again changes nothing; a file imported under a stored dataset name (every GED file is
`ucdp-ged` unless --dataset says otherwise) replaces that dataset's records, with a message,
so a newer GED release replaces the older one (and the bundled set) instead of doubling it.

Examples:

    warclaims reference import ged231-syria.csv.gz --format ucdp-ged --release 23.1
    warclaims reference import vdc.csv --format csv --map day=date,governorate=admin1,killed=deaths_best
"""


LIST_HELP = """List the reference sets in use: the bundled UCDP GED Syria set (no import needed)
and every imported set, with source, licence, period and record count.

An imported `ucdp-ged` set replaces the bundled one (one GED release is used at a time).

Example:

    warclaims reference list
"""


def register(app: typer.Typer) -> None:
    """Add the ``reference`` command group with ``import`` and ``list``."""
    group = typer.Typer(help="Reference casualty datasets.", no_args_is_help=True)

    @group.command("import", help=HELP)
    def import_cmd(
        path: str = typer.Argument(..., metavar="FILE"),
        fmt: str = typer.Option("csv", "--format", "-f", help="ucdp-ged, acled or csv."),
        mapping: list[str] = typer.Option([], "--map", help="col=field pairs, comma-separated or repeated."),
        dataset: str | None = typer.Option(None, "--dataset", help="Dataset name (default: ucdp-ged for GED files, else FORMAT:FILENAME)."),
        source: str | None = typer.Option(None, "--source", help="Who produced the data (shown by `reference list`)."),
        licence: str | None = typer.Option(None, "--licence", help="The data's licence (shown by `reference list`)."),
        release: str | None = typer.Option(None, "--release", help="Release or version of the data."),
        db: str | None = DbOption,
        json_out: bool = typer.Option(False, "--json", help="Print a JSON summary."),
    ) -> None:
        try:
            result, outcome = reference.import_reference_file(
                path, fmt, parse_mapping(mapping) or {}, dataset, source, licence, release, db)
        except WarclaimsError as err:
            raise fail(err) from err
        for err in result.errors:
            err_console().print(f"[yellow]skipped[/yellow] {err}", highlight=False, soft_wrap=True)
        if json_out:
            sys.stdout.write(json.dumps({"imported": outcome.stored, "action": outcome.action,
                                         "dataset": outcome.dataset, "message": outcome.message,
                                         "errors": [str(e) for e in result.errors],
                                         "ignored_columns": result.ignored_columns}) + "\n")
        else:
            console().print(f"{outcome.message}; {len(result.errors)} error(s)", highlight=False, markup=False)
            if result.ignored_columns and fmt == "ucdp-ged":  # GED's other 27 columns: named by the codebook
                console().print(f"kept {len(result.ignored_columns)} other GED column(s) as extras",
                                highlight=False, markup=False)
            elif result.ignored_columns:
                console().print(f"ignored column(s), kept as extras: {', '.join(result.ignored_columns)}",
                                highlight=False, markup=False)
        if result.errors and not result.records:
            raise typer.Exit(1)

    @group.command("list", help=LIST_HELP)
    def list_cmd(
        db: str | None = DbOption,
        json_out: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        try:
            rows = reference.reference_set_rows(db)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            print_json_lines(rows)
            return
        table = Table(title="Reference sets")
        for name in ("dataset", "source", "licence", "release", "period", "records", "in use"):
            table.add_column(name, overflow="fold")
        for row in rows:
            kind = " (bundled)" if row["bundled"] else ""
            table.add_row(row["dataset"] + kind, row["source"], row["licence"], row["release"],
                          f"{row['period_start'] or '?'} to {row['period_end'] or '?'}", f"{row['records']:,}",
                          "yes" if row["in_use"] else f"no: {row['replaced_by']}")
        console().print(table)

    app.add_typer(group, name="reference")
