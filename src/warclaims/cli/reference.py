"""`warclaims reference import`: load reference casualty records (UCDP GED, ACLED, CSV)."""

from __future__ import annotations

import json
import sys

import typer

from warclaims.cli.common import DbOption, console, err_console, fail, parse_mapping
from warclaims.errors import WarclaimsError
from warclaims.models import IngestFailure

HELP = """Import casualty records to check articles against (date, place, deaths best/low/high, actors).

Formats: ucdp-ged (GED CSV columns), acled (ACLED export columns), csv (columns named like the
fields, or mapped with --map). Fields: record_id, date, date_end, country, admin1, place,
latitude, longitude, event_type, deaths_best, deaths_low, deaths_high, actor1, actor2.
Rows with a bad date or a negative count are reported by row number (W501); the good rows load.

Examples:

    warclaims reference import ged231-syria.csv --format ucdp-ged
    warclaims reference import vdc.csv --format csv --map day=date,governorate=admin1,killed=deaths_best
"""


def skipped_row(err: WarclaimsError, path: str) -> IngestFailure:
    """Return the stored form of a skipped reference row (listed by `warclaims errors`)."""
    ref = f"{path}#row={err.fields.get('row')}"
    return IngestFailure(source_ref=ref, code=err.code.value, message=err.message)


def register(app: typer.Typer) -> None:
    """Add the ``reference`` command group with ``import``."""
    group = typer.Typer(help="Reference casualty datasets.", no_args_is_help=True)

    @group.command("import", help=HELP)
    def import_cmd(
        path: str = typer.Argument(..., metavar="FILE"),
        fmt: str = typer.Option("csv", "--format", "-f", help="ucdp-ged, acled or csv."),
        mapping: list[str] = typer.Option([], "--map", help="col=field pairs, comma-separated or repeated."),
        dataset: str | None = typer.Option(None, "--dataset", help="Dataset name (default: FORMAT:FILENAME)."),
        db: str | None = DbOption,
        json_out: bool = typer.Option(False, "--json", help="Print a JSON summary."),
    ) -> None:
        from warclaims.assess.reference import read_reference
        from warclaims.store import open_store
        from warclaims.store.articles import record_failures
        from warclaims.store.credibility import save_reference_records

        try:
            result = read_reference(path, fmt, parse_mapping(mapping) or {}, dataset)
            engine = open_store(db)
            try:
                stored = save_reference_records(engine, result.records)
                record_failures(engine, [skipped_row(err, path) for err in result.errors])  # `warclaims errors`
            finally:
                engine.dispose()
        except WarclaimsError as err:
            raise fail(err) from err
        for err in result.errors:
            err_console().print(f"[yellow]skipped[/yellow] {err}", highlight=False, soft_wrap=True)
        if json_out:
            sys.stdout.write(json.dumps({"imported": stored, "errors": [str(e) for e in result.errors],
                                         "ignored_columns": result.ignored_columns}) + "\n")
        else:
            console().print(f"imported {stored} record(s); {len(result.errors)} row(s) skipped", highlight=False)
            if result.ignored_columns:
                console().print(f"ignored column(s), kept as extras: {', '.join(result.ignored_columns)}",
                                highlight=False)
        if result.errors and not stored:
            raise typer.Exit(1)

    app.add_typer(group, name="reference")
