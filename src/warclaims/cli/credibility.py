"""`warclaims credibility train`: train the credibility model on a labelled FA-KES-layout CSV."""

from __future__ import annotations

import json
import sys

import typer

from warclaims.api import assessment
from warclaims.api.records import WarclaimsError
from warclaims.cli.common import console, fail

HELP = """Train the credibility model on a labelled CSV (FA-KES layout: labels 1 credible, 0 fake).

Reproducible: fixed seed; the L2 strength is chosen by inner cross-validation on CSV
alone, and the output says whether the labels taught the model anything beyond the base
rate. The model file records the data's sha256,
library versions and training date. Extraction of ~600 articles takes about a minute.

Example:

    warclaims credibility train data/fakes/fakes-dev.csv -o credibility.json
"""


def register(app: typer.Typer) -> None:
    """Add the ``credibility`` command group with ``train``."""
    group = typer.Typer(help="Train and inspect the credibility model.", no_args_is_help=True)

    @group.command("train", help=HELP)
    def train_cmd(
        csv: str = typer.Argument(..., metavar="CSV", help="Labelled articles (FA-KES columns)."),
        out: str = typer.Option(..., "--out", "-o", metavar="MODEL", help="Where to write the model file (JSON: parameters only, never code)."),
        seed: int | None = typer.Option(None, "--seed", help="Random seed (default: the packaged model's)."),
        cv: int = typer.Option(0, "--cv", min=0, max=20, help="Also record k-fold CV metrics in the file (0: no)."),
        json_out: bool = typer.Option(False, "--json", help="Print the model's provenance as JSON."),
    ) -> None:
        try:
            bundle = assessment.train_model(csv, out, seed=seed, cv_folds=cv)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps(bundle.info, default=str) + "\n")
            return
        info = bundle.info
        console().print(f"wrote {out}: {info['n_train']} articles ({info['n_credible']} credible), "
                        f"data sha256 {info['data_sha256'][:16]}..., seed {info['seed']}", highlight=False)
        console().print(assessment.learning_note(info), highlight=False)

    @group.command("info", help="Show the provenance recorded in a model file (default: the packaged model).")
    def info_cmd(model: str | None = typer.Argument(None, metavar="[MODEL]")) -> None:
        try:
            bundle = assessment.load_model(model)
        except WarclaimsError as err:
            raise fail(err) from err
        sys.stdout.write(json.dumps(bundle.info, default=str, indent=2) + "\n")

    app.add_typer(group, name="credibility")
