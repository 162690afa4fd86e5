"""`warclaims relink`: link every stored report into incidents afresh."""

from __future__ import annotations

import json
import sys

import typer

from warclaims.api.admin import relink
from warclaims.api.records import WarclaimsError, to_dict
from warclaims.cli.common import DbOption, console, fail

HELP = """Link all stored article incidents into cross-article incidents from scratch.

Every ledger summary is recomputed. `warclaims relink --new` only attaches reports not
linked yet (what runs after `warclaims process`); a full relink rebuilds everything.

Example:

    warclaims relink --db warclaims.db
"""


def register(app: typer.Typer) -> None:
    """Add the ``relink`` command."""

    @app.command("relink", help=HELP)
    def relink_cmd(
        db: str | None = DbOption,
        new_only: bool = typer.Option(
            False, "--new", help="Only attach reports not linked yet (incremental)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Print the outcome as one JSON object."),
    ) -> None:
        try:
            run = relink(db, new_only=new_only)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps(to_dict(run)) + "\n")
            return
        console().print(
            f"linked {run.reports} report(s) into {run.incidents} incident(s) "
            f"({run.created} new, {run.updated} updated, {run.removed} removed) in {run.seconds:.2f} s",
            highlight=False,
        )
