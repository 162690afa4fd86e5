"""`warclaims assess`: score the credibility of stored articles, with the reasons."""

from __future__ import annotations

import typer

from warclaims.api import assessment
from warclaims.api.records import E, WarclaimsError
from warclaims.cli.common import DbOption, console, fail, print_json_lines

HELP = """Score stored articles' credibility in [0, 1] with a label and the reasons that moved it.

Verdicts are stored (shown by `warclaims show` and the web app). Articles must be processed
(`warclaims process`) first; peers are the other stored reports of the same incident, and
reference records are the bundled UCDP GED Syria set (no import needed) or an imported
release, plus any other imported set (`warclaims reference list`, docs/reference.md).

Examples:

    warclaims assess 1914947532
    warclaims assess --all --json
"""


def _print(cred) -> None:
    out = console()
    out.print(f"[bold]{cred.article_id}[/bold]  score {cred.score:.2f}  {cred.label}", highlight=False)
    for r in cred.reasons:
        sign = "+" if r.effect > 0 else "-" if r.effect < 0 else " "
        out.print(f"  {sign} {r.text}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``assess`` command."""

    @app.command("assess", help=HELP)
    def assess_cmd(
        article_id: str | None = typer.Argument(None, metavar="[ARTICLE_ID]", help="One article id."),
        all_: bool = typer.Option(False, "--all", help="Assess every processed article."),
        model: str | None = typer.Option(None, "--model", metavar="MODEL", help="A model file (default: packaged)."),
        db: str | None = DbOption,
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object per article."),
    ) -> None:
        if (article_id is None) == (not all_):
            raise fail(WarclaimsError(E.W902, option="ARTICLE_ID/--all", reason="give one article id or --all"), 2)
        try:
            bundle = assessment.load_model(model)
            verdicts = assessment.assess(None if all_ else [article_id], db, bundle=bundle)
            if json_out:
                print_json_lines(verdicts)
            else:
                for cred in verdicts:
                    _print(cred)
        except WarclaimsError as err:
            raise fail(err) from err
