"""`warclaims errors`: list the items that failed to ingest or extract."""

from __future__ import annotations

import typer

from warclaims.api import queries
from warclaims.api.records import WarclaimsError
from warclaims.cli.common import DbOption, JsonOption, console, fail, print_json_lines
from warclaims.cli.ingest import failure_line

HELP = """List stored failures: items that could not be ingested (W1xx) or extracted (W2xx), and warnings: files skipped, encodings guessed, columns not mapped, texts cut.

Example:

    warclaims errors --json
"""


def register(app: typer.Typer) -> None:
    """Add the ``errors`` command."""

    @app.command("errors", help=HELP)
    def errors_cmd(
        run: str | None = typer.Option(None, "--run", help="Only the failures of this ingest run id."),
        limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="At most N failures."),
        db: str | None = DbOption,
        json_out: bool = JsonOption,
    ) -> None:
        try:
            rows = queries.errors(db, run_id=run, limit=limit)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            print_json_lines(rows)
            return
        out = console()
        for f in rows:
            created = f.created.isoformat(timespec="seconds") if f.created else ""
            out.print(f"{failure_line(f)} ({created})", markup=False, highlight=False, soft_wrap=True)
        out.print(f"{len(rows)} error(s)", highlight=False)
