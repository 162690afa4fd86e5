"""`warclaims extract`: extract incidents and casualty claims from files or stdin (no database)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import typer

from warclaims.cli.common import console, err_console, fail
from warclaims.errors import E, WarclaimsError
from warclaims.models import format_interval

HELP = """Extract incidents and casualty claims from articles and print them (nothing is stored).

FILE_OR_- is a file, folder or URL read like `warclaims ingest` does, or `-` for plain text on stdin.
Prints the incidents with their claims (claimant, figures, exact quote), or with --json one JSON
Lines object per article: {"id", "incidents": [...]} in the keys of data/gold/SCHEMA.md plus
latitude, longitude, geo_precision, confidence and spans.

Example:

    warclaims extract data/examples/ara-news-deir-ez-zor-2016-09.txt --published 2016-09-18
"""


def _parse_published(value: str | None):
    """Return the --published date, raising W902 when it is not YYYY-MM-DD."""
    from warclaims.models import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise WarclaimsError(E.W902, option="--published", reason=f"{value!r} is not YYYY-MM-DD") from exc


def _stdin_article(published):
    """Return the Article read from stdin as plain text."""
    from warclaims.ingest.normalize import normalize_text
    from warclaims.models import Article

    return Article(id="stdin", text=normalize_text(sys.stdin.read()), published=published, source_ref="-")


def read_articles(source: str, fmt: str | None, published, failures: list) -> Iterator:
    """Yield the Articles of a source (stdin for ``-``), collecting IngestFailures in ``failures``."""
    if source == "-":
        yield _stdin_article(published)
        return
    from warclaims.ingest import read_inputs
    from warclaims.models import IngestFailure

    for item in read_inputs([source], fmt=fmt):
        if isinstance(item, IngestFailure):
            failures.append(item)
            continue
        if published is not None:
            item.published = published
        yield item



def print_extraction(out, article_id: str, extraction) -> None:
    """Print one article's incidents (fields, then claims with claimant and quote) with rich."""
    from rich.table import Table

    out.rule(f"article {article_id}")
    if not extraction.incidents:
        out.print("no incident found", style="dim")
    for incident in extraction.incidents:
        fields = Table(show_header=False, box=None, title=f"incident {incident.index}", title_justify="left")
        for name in ("event_type", "date", "admin1", "place", "perpetrator", "perpetrator_text", "victims"):
            fields.add_row(name, str(getattr(incident, name) if getattr(incident, name) is not None else "-"))
        fields.add_row("killed", format_interval(incident.killed))
        fields.add_row("injured", format_interval(incident.injured))
        out.print(fields)
        out.print(f"claims ({len(incident.claims)})", style="bold")
        for claim in incident.claims:
            out.print(
                f"  • {claim.claimant or '-'} ({claim.claimant_type}): "
                f"killed {format_interval(claim.killed)}, injured {format_interval(claim.injured)}",
                markup=False, highlight=False,
            )
            out.print(f"    “{claim.quote}”", markup=False, highlight=False, style="dim")


def _print_failures(failures: list) -> None:
    """Print one line per input that could not be read."""
    stderr = err_console()
    for failure in failures:
        stderr.print(f"{failure.code} {failure.message}", markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command."""

    @app.command("extract", help=HELP)
    def extract_cmd(
        source: str = typer.Argument(
            ..., metavar="FILE_OR_-", help="File, folder or URL; - for text on stdin."
        ),
        fmt: str | None = typer.Option(None, "--format", "-f", help="Input format (default: detected)."),
        published: str | None = typer.Option(
            None, "--published", metavar="YYYY-MM-DD", help="Publication date (resolves 'on Saturday')."
        ),
        json_out: bool = typer.Option(False, "--json", help="Print JSON Lines, one object per article."),
    ) -> None:
        from warclaims.cli.common import print_json_lines
        from warclaims.extract.pipeline import extract_articles_lenient, extraction_json

        failures: list = []
        try:
            articles = read_articles(source, fmt, _parse_published(published), failures)
            extractions = extract_articles_lenient(articles)  # a failed article: W201 logged, run goes on
            if json_out:
                count = print_json_lines(extraction_json(e) for e in extractions)
            else:
                out = console()
                count = 0
                for extraction in extractions:
                    print_extraction(out, extraction.article_id, extraction)
                    count += 1
        except WarclaimsError as err:
            raise fail(err) from err
        _print_failures(failures)
        if failures and not count:
            raise typer.Exit(1)
