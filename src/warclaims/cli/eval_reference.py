"""`warclaims eval reference`: match rate of a labelled corpus against the reference data, and
whether agreement with it separates the labels (AUC with bootstrap intervals)."""

from __future__ import annotations

import json
import sys

import typer

from warclaims.api import evaluation
from warclaims.api.records import WarclaimsError
from warclaims.cli.common import console, fail

HELP = """Match a labelled corpus (FA-KES layout) against the bundled UCDP GED set and measure
how often an incident matches a record and whether agreement with GED separates the labels.

Reports counts (articles, incidents, matched by place / by governorate, compared), verdicts by
label, the ROC AUC of the reference signal alone and of the full score (out-of-fold, with and
without the reference signal), each with a bootstrap 95% interval. Labels only score.

Example:

    warclaims eval reference --train data/fakes/fakes-dev.csv --from 2016 --to 2018 --rows matches.csv
"""


def register(eval_app: typer.Typer) -> None:
    """Add ``eval reference``."""

    @eval_app.command("reference", help=HELP)
    def eval_cmd(
        train: str = typer.Option(..., "--train", metavar="LABELLED.csv"),
        first: int = typer.Option(2016, "--from", help="First publication year."),
        last: int = typer.Option(2018, "--to", help="Last publication year."),
        folds: int = typer.Option(5, "--cv", min=2, max=20, help="Folds of the out-of-fold full score."),
        rows: str | None = typer.Option(None, "--rows", metavar="FILE.csv", help="Write one row per article."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        try:
            report = evaluation.evaluate_reference(train, first=first, last=last, folds=folds, rows=rows)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps(report.to_dict()) + "\n")
            return
        out = console()
        out.print(json.dumps(report.to_dict(), indent=2), highlight=False, markup=False)
