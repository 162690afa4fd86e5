"""`warclaims articles`: list stored articles."""

from __future__ import annotations

import typer
from rich.table import Table

from warclaims.api import queries
from warclaims.api.records import WarclaimsError, to_dict
from warclaims.cli.common import DbOption, JsonOption, console, fail, print_json_lines

HELP = """List stored articles (latest revision of each), newest publication first.

Example:

    warclaims articles --search Aleppo --outlet reuters --limit 20 --json
"""


def _row(article, with_text: bool) -> dict:
    """Return the JSON object of one article: every field, the text only when asked."""
    data = to_dict(article)
    data["chars"] = len(article.text)
    if not with_text:
        data.pop("text", None)
    return data


def register(app: typer.Typer) -> None:
    """Add the ``articles`` command."""

    @app.command("articles", help=HELP)
    def articles_cmd(
        search: str | None = typer.Option(
            None, "--search", "-s", help="Only articles whose title or text contains TEXT."
        ),
        outlet: str | None = typer.Option(
            None, "--outlet", help="Only articles of this outlet (e.g. reuters)."
        ),
        limit: int = typer.Option(50, "--limit", "-n", min=0, help="At most N articles (0: all)."),
        offset: int = typer.Option(0, "--offset", min=0, help="Skip the first N matches."),
        with_text: bool = typer.Option(False, "--text", help="Include the full text in --json output."),
        db: str | None = DbOption,
        json_out: bool = JsonOption,
    ) -> None:
        try:
            rows = queries.articles(db, search=search, outlet=outlet, limit=limit or None, offset=offset)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            print_json_lines(_row(a, with_text) for a in rows)
            return

        table = Table(show_edge=False, pad_edge=False)
        for name in ("id", "rev", "published", "outlet", "title"):
            table.add_column(name, overflow="fold" if name == "title" else "ellipsis")
        for a in rows:
            table.add_row(a.id, str(a.revision), str(a.published or ""), a.outlet or "", a.title or "")
        out = console()
        out.print(table)
        out.print(f"{len(rows)} article(s)", highlight=False)
