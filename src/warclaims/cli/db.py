"""`warclaims db ...`: database maintenance (schema migrations)."""

from __future__ import annotations

import typer

from warclaims.api.admin import schema_revisions, upgrade_db
from warclaims.api.records import WarclaimsError
from warclaims.cli.common import DbOption, console, fail


def register(app: typer.Typer) -> None:
    """Add the ``db`` command group (``upgrade``, ``current``)."""
    db_app = typer.Typer(help="Database maintenance: schema migrations.", no_args_is_help=True)

    @db_app.command(
        "upgrade",
        help="Migrate the database to the newest schema (created when missing).\n\n"
        "Example:\n\n    warclaims db upgrade --db postgresql://user@host/warclaims",
    )
    def upgrade_cmd(db: str | None = DbOption) -> None:
        try:
            before, after = upgrade_db(db)
        except WarclaimsError as err:
            raise fail(err) from err
        console().print(f"schema {before or 'empty'} -> {after}", highlight=False)

    @db_app.command(
        "current",
        help="Print the database's schema revision and the newest one.\n\n"
        "Example:\n\n    warclaims db current",
    )
    def current_cmd(db: str | None = DbOption) -> None:
        try:
            current, head = schema_revisions(db)
        except WarclaimsError as err:
            raise fail(err) from err
        console().print(f"current {current or 'empty'}, head {head}", highlight=False)

    app.add_typer(db_app, name="db")
