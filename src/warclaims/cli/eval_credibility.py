"""`warclaims eval credibility`: the model against a text-only baseline, in the same run."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from warclaims.api import evaluation
from warclaims.api.records import E, WarclaimsError
from warclaims.cli.common import console, fail

HELP = """Measure the credibility model and a text-only TF-IDF + logistic-regression baseline.

Reports accuracy, F1 of the credible class and ROC AUC for both, on a test file or by
stratified k-fold cross-validation of the training file, with "always credible" as the
floor. The model's L2 strength is chosen by an inner CV on the training folds alone and the
evidence shifts are fixed (nothing is tuned on test folds); labels are only used to fit on
training folds.

Examples:

    warclaims eval credibility --train data/fakes/fakes-dev.csv --cv 5 --json
    warclaims eval credibility --train train.csv --test test.csv
"""


def register(eval_app: typer.Typer) -> None:
    """Add ``eval credibility``."""

    @eval_app.command("credibility", help=HELP)
    def eval_cmd(
        train: str = typer.Option(..., "--train", metavar="TRAIN.csv"),
        test: str | None = typer.Option(None, "--test", metavar="TEST.csv"),
        cv: int | None = typer.Option(None, "--cv", min=2, max=20, help="Stratified k-fold CV on --train."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        if (test is None) == (cv is None):
            raise fail(WarclaimsError(E.W902, option="--test/--cv", reason="give exactly one of --test or --cv"), 2)
        try:
            report = evaluation.evaluate_credibility(train, test=test, cv=cv)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps(report.to_dict()) + "\n")
            return

        how = f"{cv}-fold CV on {report.n_train}" if cv else f"train {report.n_train}, test {report.n_test}"
        table = Table(title=f"credibility ({how})")
        for col in ("", "accuracy", "F1 (credible)", "ROC AUC"):
            table.add_column(col)
        rows = [("model", report.model), ("baseline (text TF-IDF + LR)", report.baseline)]
        if report.majority is not None:
            rows.append(("always credible", report.majority))
        for name, s in rows:
            table.add_row(name, f"{s.accuracy:.3f}", f"{s.f1:.3f}", f"{s.auc:.3f}")
        console().print(table)
