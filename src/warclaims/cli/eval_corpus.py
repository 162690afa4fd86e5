"""`warclaims eval corpus`: the ledger judged on a whole corpus, as users see it."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from warclaims.api.evaluation import evaluate_corpus
from warclaims.api.records import WarclaimsError
from warclaims.cli.common import console, fail
from warclaims.cli.eval_extract import print_evaluation
from warclaims.cli.ingest import progress_bar

HELP = """Ingest a whole corpus into a temporary store (extract, link, reconcile, assess, exactly as
`warclaims ingest`) and judge the gold articles inside it, per gold split (tune, check, all):

- extraction of the gold articles (as `eval extract`, read back from the store);
- linking: pairwise precision / recall / F1 among gold articles after linking the WHOLE corpus;
  gold groups split over more than one incident (and over more than two), incidents merging
  more than one gold group;
- ledgers: for each gold group, whether its incident's low..high meets every gold figure and
  whether its best estimate lies within them; groups whose dead enter the best estimate of more
  than one incident (counted twice).

Example:

    warclaims eval corpus --gold data/gold/gold-dev.jsonl --corpus data/fakes/fakes-dev.csv
"""


def _linking_rows(linking: dict) -> list[tuple[str, list[str]]]:
    """Return (measure, value per split) rows of the corpus linking figures."""

    def each(fn):
        return [fn(scores) for scores in linking.values()]

    return [
        ("gold articles with an incident", each(lambda s: str(s.articles))),
        ("pairwise precision / recall / F1", each(
            lambda s: f"{s.pairwise.precision:.3f} / {s.pairwise.recall:.3f} / {s.pairwise.f1:.3f}")),
        ("pairs gold / predicted / correct", each(
            lambda s: f"{s.pairwise.true_pairs} / {s.pairwise.predicted_pairs} / {s.pairwise.correct_pairs}")),
        ("groups (with 2+ articles)", each(lambda s: f"{s.groups} ({s.multi_article_groups})")),
        ("groups split / over 2 incidents", each(
            lambda s: f"{len(s.split_groups)} / {len(s.over_limit_groups)}")),
        ("incidents merging 2+ gold groups", each(lambda s: str(len(s.merged_incidents)))),
        ("ledger low..high meets gold figures", each(
            lambda s: f"{s.range_contains_gold}/{s.ledgers_checked}")),
        ("ledger best within gold figures", each(lambda s: f"{s.best_within_gold}/{s.ledgers_checked}")),
        ("groups counted twice (killed)", each(lambda s: str(len(s.double_counted)))),
    ]


def print_corpus_evaluation(result) -> None:
    """Print a CorpusEvaluation: the extraction table, then the linking and ledger table."""
    out = console()
    out.print(f"corpus: {result.corpus_articles} articles stored, {result.failed} failed, "
              f"{result.incidents} linked incidents ({result.seconds} s); "
              f"{len(result.incidents_lost_coordinates)} incident(s) without the coordinates their "
              f"reports have", highlight=False)
    print_evaluation(result.extraction)
    table = Table("measure", *result.linking, title="linking and ledgers on the whole corpus",
                  title_justify="left")
    for measure, values in _linking_rows(result.linking):
        table.add_row(measure, *values)
    out.print(table)
    for name, scores in result.linking.items():
        if name != "all" and (scores.over_limit_groups or scores.merged_incidents or scores.double_counted):
            out.print(f"{name}: over 2 incidents {scores.over_limit_groups}; merged {scores.merged_incidents}; "
                      f"counted twice {scores.double_counted}", highlight=False)


def register(eval_app: typer.Typer) -> None:
    """Add ``eval corpus`` to the eval group."""

    @eval_app.command("corpus", help=HELP)
    def eval_corpus_cmd(
        gold: str = typer.Option(..., "--gold", metavar="GOLD.jsonl", help="Gold annotations (JSON Lines)."),
        corpus: list[str] = typer.Option(..., "--corpus", metavar="CORPUS", help="The whole corpus (any input)."),
        fmt: str | None = typer.Option(None, "--format", "-f", help="Corpus format (default: detected)."),
        workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction worker processes."),
        json_out: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    ) -> None:
        try:
            with progress_bar(enabled=not json_out) as progress:
                result = evaluate_corpus(gold, corpus, fmt=fmt, workers=workers, progress=progress)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            data = result.to_dict()
            data["extraction"] = {name: ev.to_dict() for name, ev in result.extraction.items()}
            typer.echo(json.dumps(data, ensure_ascii=False))
        else:
            print_corpus_evaluation(result)
