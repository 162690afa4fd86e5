"""`warclaims incidents`: list linked incidents with their reconciled figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer
from rich.table import Table

from warclaims.api.queries import incident_page
from warclaims.api.records import E, WarclaimsError
from warclaims.cli.common import DbOption, JsonOption, console, fail, print_json_lines

HELP = """List linked (cross-article) incidents, newest first, with the reconciled killed figures.

Run `warclaims relink` (or `warclaims process`, which attaches new reports) first.

Example:

    warclaims incidents --from 2017-04-01 --to 2017-04-30 --admin1 Idlib --contested
"""

FROM_HELP = "Only incidents on or after this day (YYYY-MM-DD)."
TO_HELP = "Only incidents on or before this day (YYYY-MM-DD)."


def parse_day(value: str | None, option: str) -> dt.date | None:
    """Return the date of a ``YYYY-MM-DD`` option value; raise W902 when malformed."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise WarclaimsError(E.W902, option=option, reason=f"{value!r} is not a YYYY-MM-DD date") from exc


def make_filters(
    date_from: str | None,
    date_to: str | None,
    admin1: str | None,
    event_type: str | None,
    perpetrator: str | None,
    outlet: str | None,
    contested: bool | None,
) -> dict[str, Any]:
    """Return the keyword filters of :func:`warclaims.store.ledger.list_incidents` (unset ones left out)."""
    filters = {
        "date_from": parse_day(date_from, "--from"),
        "date_to": parse_day(date_to, "--to"),
        "admin1": admin1,
        "event_type": event_type,
        "perpetrator": perpetrator,
        "outlet": outlet,
        "contested": contested,
    }
    return {k: v for k, v in filters.items() if v is not None}


def estimate_text(best: int | None, low: int | None, high: int | None) -> str:
    """Return ``best (low-high)`` or ``best`` or ``-``."""
    if best is None:
        return "-"
    return str(best) if low == high == best else f"{best} ({low}-{high})"


def register(app: typer.Typer) -> None:
    """Add the ``incidents`` command."""

    @app.command("incidents", help=HELP)
    def incidents_cmd(
        date_from: str | None = typer.Option(None, "--from", help=FROM_HELP),
        date_to: str | None = typer.Option(None, "--to", help=TO_HELP),
        admin1: str | None = typer.Option(None, "--admin1", help="Only this governorate (e.g. Idlib)."),
        event_type: str | None = typer.Option(None, "--type", help="Only this event type (e.g. airstrike)."),
        perpetrator: str | None = typer.Option(
            None, "--perpetrator", help="Only this perpetrator (e.g. russia)."
        ),
        outlet: str | None = typer.Option(None, "--outlet", help="Only incidents reported by this outlet."),
        contested: bool | None = typer.Option(
            None,
            "--contested/--uncontested",
            help="Only incidents whose sources contradict each other (or not).",
        ),
        limit: int = typer.Option(50, "--limit", "-n", min=1, max=500, help="At most N incidents per page."),
        cursor: str | None = typer.Option(
            None, "--cursor", help="Cursor of the next page (printed after a page)."
        ),
        db: str | None = DbOption,
        json_out: bool = JsonOption,
    ) -> None:
        try:
            filters = make_filters(date_from, date_to, admin1, event_type, perpetrator, outlet, contested)
            page = incident_page(db, cursor=cursor, limit=limit, **filters)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            print_json_lines(page.rows)
            return

        table = Table(show_edge=False, pad_edge=False)
        for name in (
            "id",
            "date",
            "type",
            "admin1",
            "place",
            "perpetrator",
            "killed",
            "claimants",
            "outlets",
            "contested",
        ):
            table.add_column(name, overflow="fold" if name == "place" else "ellipsis")
        for r in page.rows:
            table.add_row(
                r.id,
                str(r.date or ""),
                r.event_type,
                r.admin1 or "",
                r.place or "",
                r.perpetrator,
                estimate_text(r.killed.best, r.killed.low, r.killed.high),
                str(r.n_claimants),
                str(r.n_outlets),
                ", ".join(r.contradictions) if r.contested else "",
            )
        out = console()
        out.print(table)
        out.print(f"{len(page.rows)} incident(s)", highlight=False)
        if page.next:
            out.print(f"next page: --cursor {page.next}", highlight=False)
