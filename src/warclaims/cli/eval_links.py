"""`warclaims eval links`: pairwise linking accuracy over gold incident groups."""

from __future__ import annotations

import json
import sys

import typer

from warclaims.api import evaluation
from warclaims.api.records import E, WarclaimsError, to_dict
from warclaims.cli.common import console, fail

HELP = """Measure cross-article linking: pairwise precision, recall and F1 over gold articles.

Articles sharing `incident_group` in the gold file report the same incident; the others
are singletons. Incidents are extracted from the corpus texts (--corpus, any format
`warclaims ingest` reads) with the extraction pipeline, or taken from the gold file itself
with --use-gold-incidents (isolates linking quality). Also reports how often the
reconciled best estimate equals a figure of a gold claim. Gold lines are deduplicated by id.
Figures are given for the gold's `tune` and `check` splits (each linked on its own) and all.
Among gold articles only; `warclaims eval corpus` links the whole corpus.

Examples:

    warclaims eval links --gold data/gold/gold-dev.jsonl --corpus data/fakes/fakes-dev.csv
    warclaims eval links --gold data/gold/gold-dev.jsonl --use-gold-incidents --json
"""


def register(eval_app: typer.Typer) -> None:
    """Add ``eval links``."""

    @eval_app.command("links", help=HELP)
    def eval_links_cmd(
        gold: str = typer.Option(
            ..., "--gold", metavar="GOLD.jsonl", help="Gold annotations (data/gold format)."
        ),
        corpus: str | None = typer.Option(
            None, "--corpus", metavar="CORPUS", help="The gold articles' texts."
        ),
        use_gold_incidents: bool = typer.Option(
            False, "--use-gold-incidents", help="Link the gold incidents themselves instead of extracting."
        ),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        if not use_gold_incidents and corpus is None:
            raise fail(
                WarclaimsError(E.W902, option="--corpus", reason="give --corpus, or --use-gold-incidents"), 2
            )
        try:
            results = evaluation.evaluate_links(gold, None if use_gold_incidents else corpus)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps({name: to_dict(r) for name, r in results.items()}) + "\n")
            return
        for name, result in results.items():
            _print_result(name, result)


def _print_result(split: str, result) -> None:
    """Print one split's linking figures."""
    p = result.pairwise
    out = console()
    out.print(
        f"{split}: linking ({result.source}, {p.articles} gold articles, {result.incidents} incidents): "
        f"precision {p.precision:.3f}, recall {p.recall:.3f}, F1 {p.f1:.3f} "
        f"({p.correct_pairs}/{p.predicted_pairs} predicted pairs correct, {p.true_pairs} gold pairs)",
        highlight=False,
    )
    out.print(
        "best estimate equals a gold claim figure: "
        f"{result.best_equals_gold_claim}/{result.best_checked} "
        f"({result.best_equals_rate:.1%})",
        highlight=False,
    )
    if result.missing_articles:
        out.print(
            f"{len(result.missing_articles)} gold article(s) without a report: "
            + ", ".join(result.missing_articles[:10]),
            highlight=False,
        )
