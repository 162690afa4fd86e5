"""`warclaims incident ID`: the ledger of one linked incident, its claims and contradictions."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from warclaims.api.export import ledger_record
from warclaims.api.queries import checked_incident
from warclaims.api.records import E, WarclaimsError, format_interval
from warclaims.cli.common import DbOption, console, fail
from warclaims.cli.incidents import estimate_text

HELP = """Show the reconciled ledger of one incident, its claims and contradictions.

Every claim is listed (claimant, type, outlet, killed, injured, victims, date of report,
quote) with its status (counted, superseded, different victims, absurd), then the
contradictions with the claims behind each side, then the reference records it matches
(bundled UCDP GED or imported sets: id, date, place, sides, low/best/high, headline, source,
and the match evidence with its confidence) and each claim's verdict against the cited
record: consistent, above, below; ambiguous or uncertain when records match but none is
confident enough to cite; no record (see docs/reference.md).

Example:

    warclaims incident inc-3f2a9c1b7d10
    warclaims incident --most-reported
"""


def render_reference(check: dict) -> None:
    """Print the matched reference records and the verdict of each claim; returns None."""
    out = console()
    out.print(f"reference: {check['summary']}", highlight=False, markup=False, soft_wrap=True)
    if check["matched"]:
        table = Table(title="Reference records")
        for name in ("id", "date", "place", "side_a / side_b", "low/best/high", "match", "headline", "source"):
            table.add_column(name, overflow="fold")
        for m in check["matched"]:
            dates = m["date"] if m["date"] == m["date_end"] else f"{m['date']}..{m['date_end']}"
            distance = "" if m["distance_km"] is None else f"{m['distance_km']} km, "
            table.add_row(f"{m['dataset']} {m['record_id']}", dates, f"{m['place'] or ''}, {m['admin1'] or ''}",
                          f"{m['side_a'] or ''} / {m['side_b'] or ''}", f"{m['low']}/{m['best']}/{m['high']}",
                          f"{m['strength']}: {distance}{m['day_offset']} day(s) off; confidence "
                          f"{m['confidence']:.2f}; agree: {', '.join(m['agreeing'])}",
                          m["headline"] or "", m["source"] or "")
        out.print(table)
    for claim in check["claims"]:
        line = claim["text"] if claim["verdict"] == "not compared" else f"{claim['verdict']}: {claim['text']}"
        out.print(f"  #{claim['index']} {line}", highlight=False, markup=False, soft_wrap=True)


def render(ledger) -> None:
    """Print the ledger as rich tables on stdout; returns None."""

    out = console()
    out.print(
        f"[bold]{ledger.incident_id}[/bold]  {ledger.event_type} · {ledger.date or 'date unknown'} "
        f"({ledger.date_precision or '-'}) · {ledger.place or '-'}, {ledger.admin1 or '-'} "
        f"({ledger.geo_precision or '-'}) · perpetrator {ledger.perpetrator} · victims {ledger.victims}",
        highlight=False,
    )
    out.print(
        f"killed {estimate_text(ledger.killed.best, ledger.killed.low, ledger.killed.high)} · injured "
        f"{estimate_text(ledger.injured.best, ledger.injured.low, ledger.injured.high)} · "
        f"{ledger.n_claimants} claimant(s), {ledger.n_outlets} outlet(s), "
        f"first report {ledger.first_report or '-'}",
        highlight=False,
    )
    table = Table(title="Claims", show_lines=True)
    for name in (
        "#",
        "claimant",
        "type",
        "outlet",
        "killed",
        "injured",
        "victims",
        "blames",
        "reported",
        "status",
        "quote",
    ):
        table.add_column(name, overflow="fold")
    for c in ledger.claims:
        status = c.status + (f": {c.note}" if c.note else "")
        table.add_row(
            str(c.index),
            c.claimant,
            c.claimant_type,
            c.outlet or "",
            format_interval(c.killed),
            format_interval(c.injured),
            (c.victim_group or c.victims).replace("_", " "),
            (c.blames or "-").replace("_", " "),
            str(c.published or ""),
            status,
            c.quote,
        )
    out.print(table)
    if ledger.contradictions:
        ctable = Table(title="Contradictions", show_lines=True)
        for name in ("kind", "what disagrees", "sides (claims)"):
            ctable.add_column(name, overflow="fold")
        for contradiction in ledger.contradictions:  # one row per disagreement, every side in it
            sides = " vs ".join(
                f"{side.value.replace('_', ' ')} ({', '.join(f'#{i}' for i in side.claims)})"
                for side in contradiction.sides
            )
            ctable.add_row(contradiction.kind, contradiction.detail, sides)
        out.print(ctable)
    else:
        out.print("no contradictions", highlight=False)
    for flag in ledger.flags:
        out.print(f"flag: {flag}", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Add the ``incident`` command."""

    @app.command("incident", help=HELP)
    def incident_cmd(
        incident_id: str | None = typer.Argument(None, help="Incident id (from `warclaims incidents`)."),
        most_reported: bool = typer.Option(
            False, "--most-reported", help="Show the incident reported by the most articles instead."
        ),
        db: str | None = DbOption,
        json_out: bool = typer.Option(False, "--json", help="Print the ledger as one JSON object."),
    ) -> None:
        if incident_id is None and not most_reported:
            raise fail(WarclaimsError(E.W902, option="ID", reason="give an incident id or --most-reported"), 2)
        try:
            ledger, check = checked_incident(incident_id, db, most_reported=most_reported)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps(ledger_record(ledger, check), ensure_ascii=False, default=str) + "\n")
            return
        render(ledger)
        render_reference(check)
