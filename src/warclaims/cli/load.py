"""`warclaims load`: store the Parquet output of `warclaims batch` in a database."""

from __future__ import annotations

import json
import sys

import typer

from warclaims.cli.common import DbOption, console, fail
from warclaims.errors import E, WarclaimsError

HELP = """Load OUT_DIR (written by `warclaims batch`) into the store: articles, incidents, claims, failures, links and ledgers.

Articles go through the same identity rules as `ingest` (duplicates are not stored twice), so loading a folder twice stores nothing new. Works with SQLite and PostgreSQL.

Example:

    warclaims load out/ --db postgresql+psycopg://warclaims@127.0.0.1/warclaims
"""


def register(app: typer.Typer) -> None:
    """Add the ``load`` command."""

    @app.command("load", help=HELP)
    def load_cmd(
        out_dir: str = typer.Argument(..., metavar="OUT_DIR", help="Folder written by `warclaims batch`."),
        db: str | None = DbOption,
        json_out: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
    ) -> None:
        from pathlib import Path

        from warclaims.engines.load import load_outputs
        from warclaims.models import to_dict

        try:
            if not (Path(out_dir) / "articles").is_dir():
                raise WarclaimsError(E.W113, item=f"{out_dir}/articles")
            report = load_outputs(out_dir, db)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps(to_dict(report), ensure_ascii=False) + "\n")
            return
        out = console()
        for note in report.notes:
            out.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)
        out.print(
            f"loaded {report.articles} articles ({report.duplicates} already stored), "
            f"{report.extractions} extractions, {report.failures} failures, {report.links} links",
            markup=False, highlight=False,
        )
