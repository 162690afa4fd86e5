"""`warclaims eval extract`: accuracy of the extractor against gold annotations."""

from __future__ import annotations

import json

import typer

from warclaims.cli.common import console, fail
from warclaims.errors import WarclaimsError

HELP = """Measure extraction accuracy against gold annotations (data/gold/SCHEMA.md).

Per-field accuracy of the main incident over gold articles with an incident, incident detection on
gold-null articles, claim precision/recall/F1 (equal killed and injured, overlapping quote), and for
an FA-KES corpus the agreement of the predicted governorate with FA-KES `location` over all rows.

Example:

    warclaims eval extract --gold data/gold/gold-dev.jsonl --corpus data/fakes/fakes-dev.csv
"""


def print_evaluation(ev) -> None:
    """Print an ExtractEvaluation as a rich table."""
    from rich.table import Table

    table = Table("measure", "value", title="extraction vs gold", title_justify="left")
    table.add_row("gold articles (with incident)", f"{ev.articles} ({ev.with_incident})")
    for name, value in ev.field_accuracy.items():
        table.add_row(f"{name} accuracy", f"{value:.3f}")
    table.add_row("incident found (gold incident)", _fmt(ev.incident_recall))
    table.add_row("no incident (gold null)", _fmt(ev.null_detection_accuracy))
    counts = f"{ev.claims_gold} / {ev.claims_predicted} / {ev.claims_matched}"
    table.add_row("claims gold / predicted / matched", counts)
    prf = f"{ev.claim_precision:.3f} / {ev.claim_recall:.3f} / {ev.claim_f1:.3f}"
    table.add_row("claim precision / recall / F1", prf)
    if ev.fakes_rows:
        table.add_row(f"FA-KES admin1 agreement ({ev.fakes_rows} rows)", _fmt(ev.fakes_admin1_agreement))
    if ev.missing_articles:
        table.add_row("gold ids missing from corpus", str(len(ev.missing_articles)))
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
        from warclaims.extract.evaluate import evaluate_extraction, read_gold
        from warclaims.ingest import read_inputs
        from warclaims.models import Article

        try:
            gold_articles = read_gold(gold)
            articles = (a for a in read_inputs([corpus], fmt=fmt) if isinstance(a, Article))
            ev = evaluate_extraction(gold_articles, articles)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            data = ev.to_dict()
            typer.echo(json.dumps(data, ensure_ascii=False))
        else:
            print_evaluation(ev)
