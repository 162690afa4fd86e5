"""`warclaims extract`: extract incidents and casualty claims from files or stdin (no database)."""

from __future__ import annotations

import typer
from rich.table import Table

from warclaims.api import extraction
from warclaims.api.records import WarclaimsError, format_interval
from warclaims.cli.common import console, err_console, fail, print_json_lines

HELP = """Extract incidents and casualty claims from articles and print them (nothing is stored).

FILE_OR_- is a file, folder or URL read like `warclaims ingest` does, or `-` for plain text on stdin.
Prints the incidents with their claims (claimant, figures, exact quote), or with --json one JSON
Lines object per article: {"id", "incidents": [...]} in the keys of data/gold/SCHEMA.md plus
latitude, longitude, geo_precision, confidence and spans.

Example:

    warclaims extract data/examples/ara-news-deir-ez-zor-2016-09.txt --published 2016-09-18
"""


def print_extraction(out, article_id: str, result) -> None:
    """Print one article's incidents (fields, then claims with claimant and quote) with rich."""
    out.rule(f"article {article_id}")
    if not result.incidents:
        out.print("no incident found", style="dim")
    for incident in result.incidents:
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
        failures: list = []
        try:
            date = extraction.parse_published(published)
            articles = extraction.read_source(source, fmt, published=date, failures=failures)
            extractions = extraction.extract_articles(articles)  # a failed article: W201 logged, run goes on
            if json_out:
                count = print_json_lines(extraction.extraction_json(e) for e in extractions)
            else:
                out = console()
                count = 0
                for found in extractions:
                    print_extraction(out, found.article_id, found)
                    count += 1
        except WarclaimsError as err:
            raise fail(err) from err
        _print_failures(failures)
        if failures and not count:
            raise typer.Exit(1)
