"""`warclaims eval extract`: accuracy of the extractor against gold annotations."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from warclaims.api import evaluation
from warclaims.api.records import WarclaimsError
from warclaims.cli.common import console, fail

HELP = """Measure extraction accuracy against gold annotations (data/gold/SCHEMA.md).

Figures are given for the gold's `tune` split (rules are tuned on it), its `check` split
(unseen while tuning: a gap between the two is a defect) and all gold articles.
Per-field accuracy of the main incident over gold articles with an incident, incident detection on
gold-null articles, claim precision/recall/F1 (equal killed and injured, overlapping quote), and for
an FA-KES corpus the agreement of the predicted governorate with FA-KES `location` over all rows.

Example:

    warclaims eval extract --gold data/gold/gold-dev.jsonl --corpus data/fakes/fakes-dev.csv
"""


def _rows(ev) -> list[tuple[str, str]]:
    """Return the (measure, value) rows of one ExtractEvaluation."""
    rows = [("gold articles (with incident)", f"{ev.articles} ({ev.with_incident})")]
    rows += [(f"{name} accuracy", f"{value:.3f}") for name, value in ev.field_accuracy.items()]
    rows += [
        ("incident found (gold incident)", _fmt(ev.incident_recall)),
        ("no incident (gold null)", _fmt(ev.null_detection_accuracy)),
        ("claims gold / predicted / matched", f"{ev.claims_gold} / {ev.claims_predicted} / {ev.claims_matched}"),
        ("claim precision / recall / F1",
         f"{ev.claim_precision:.3f} / {ev.claim_recall:.3f} / {ev.claim_f1:.3f}"),
        ("claimant right (matched claims)", _fmt(ev.claimant_right)),
        ("blames right (matched claims)", _fmt(ev.blames_right)),
    ]
    if ev.fakes_rows:
        rows.append((f"FA-KES admin1 agreement ({ev.fakes_rows} rows)", _fmt(ev.fakes_admin1_agreement)))
    if ev.missing_articles:
        rows.append(("gold ids missing from corpus", str(len(ev.missing_articles))))
    return rows


def print_evaluation(evaluations: dict) -> None:
    """Print the ExtractEvaluation of each split (``tune``, ``check``, ``all``) side by side."""
    names = list(evaluations)
    table = Table("measure", *names, title="extraction vs gold (tune rules on 'tune'; 'check' is unseen)",
                  title_justify="left")
    columns = [dict(_rows(evaluations[name])) for name in names]
    measures = list(dict.fromkeys(m for col in columns for m in col))
    for measure in measures:
        table.add_row(measure, *(col.get(measure, "") for col in columns))
    console().print(table)


def _fmt(value: float | None) -> str:
    """Return a ratio with 3 decimals, or "n/a"."""
    return "n/a" if value is None else f"{value:.3f}"


def register(eval_app: typer.Typer) -> None:
    """Add ``eval extract`` to the eval group."""

    @eval_app.command("extract", help=HELP)
    def eval_extract_cmd(
        gold: str = typer.Option(..., "--gold", metavar="GOLD.jsonl", help="Gold annotations (JSON Lines)."),
        corpus: str = typer.Option(..., "--corpus", metavar="CORPUS", help="The articles (e.g. FA-KES CSV)."),
        fmt: str | None = typer.Option(None, "--format", "-f", help="Corpus format (default: detected)."),
        json_out: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    ) -> None:
        try:
            evaluations = evaluation.evaluate_extraction(gold, corpus, fmt=fmt)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            data = {name: ev.to_dict() for name, ev in evaluations.items()}
            typer.echo(json.dumps(data, ensure_ascii=False))
        else:
            print_evaluation(evaluations)
