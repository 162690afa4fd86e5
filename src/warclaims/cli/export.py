"""`warclaims export`: write the reconciled ledger as CSV, GeoJSON, JSON Lines or Parquet."""

from __future__ import annotations

import typer

from warclaims.api.export import export_incidents
from warclaims.api.records import E, WarclaimsError
from warclaims.cli.common import DbOption, console, fail
from warclaims.cli.incidents import FROM_HELP, TO_HELP, make_filters

HELP = """Export linked incidents with their reconciled figures.

csv: ACLED-like columns (event_id, event_date, ..., fatalities_best/low/high, ..., notes);
geojson: RFC 7946 points; jsonl: one incident per line with its claims and quotes;
parquet: the same nested records (needs the `parquet` extra).

Example:

    warclaims export --format csv -o ledger.csv --admin1 Aleppo --from 2016-01-01
"""


def register(app: typer.Typer) -> None:
    """Add the ``export`` command."""

    @app.command("export", help=HELP)
    def export_cmd(
        fmt: str = typer.Option(..., "--format", "-f", help="csv, geojson, jsonl or parquet."),
        output: str = typer.Option(..., "--output", "-o", help="File to write."),
        date_from: str | None = typer.Option(None, "--from", help=FROM_HELP),
        date_to: str | None = typer.Option(None, "--to", help=TO_HELP),
        admin1: str | None = typer.Option(None, "--admin1", help="Only this governorate."),
        event_type: str | None = typer.Option(None, "--type", help="Only this event type."),
        perpetrator: str | None = typer.Option(None, "--perpetrator", help="Only this perpetrator."),
        outlet: str | None = typer.Option(None, "--outlet", help="Only incidents reported by this outlet."),
        contested: bool | None = typer.Option(
            None, "--contested/--uncontested", help="Only contested (or not)."
        ),
        db: str | None = DbOption,
    ) -> None:
        try:
            filters = make_filters(date_from, date_to, admin1, event_type, perpetrator, outlet, contested)
            n = export_incidents(fmt.lower(), output, db, **filters)
        except WarclaimsError as err:
            raise fail(err) from err
        except OSError as err:
            raise fail(WarclaimsError(E.W101, item=output, reason=str(err))) from err
        console().print(f"wrote {n} incident(s) to {output}", highlight=False)
