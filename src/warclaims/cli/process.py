"""`warclaims process`: extract incidents and claims from stored articles not yet processed."""

from __future__ import annotations

import typer

from warclaims.api import processing
from warclaims.api.records import WarclaimsError
from warclaims.cli.common import DbOption, console, fail, print_json_lines
from warclaims.cli.ingest import failure_line, progress_bar, resumed_line

HELP = """Extract incidents and casualty claims from every stored article not yet processed.

Resumable: results are saved as they come, so an interrupted run continues where it stopped. With --workers N, N worker processes each load spaCy once. Exits 1 when some article could not be extracted (listed with its code), else 0.

Example:

    warclaims process --workers 2 --db warclaims.db
"""


def register(app: typer.Typer) -> None:
    """Add the ``process`` command."""

    @app.command("process", help=HELP)
    def process_cmd(
        db: str | None = DbOption,
        workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction worker processes."),
        limit: int | None = typer.Option(None, "--limit", min=1, help="Process at most N articles."),
        json_out: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
    ) -> None:
        try:
            with progress_bar(enabled=not json_out) as progress:
                report = processing.process(db, workers=workers, progress=progress, limit=limit)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            print_json_lines([report])
        else:
            out = console()
            for failure in report.failures:
                out.print(failure_line(failure), markup=False, highlight=False, soft_wrap=True)
            for warning in report.warnings:
                out.print(f"warning {failure_line(warning)}", markup=False, highlight=False, soft_wrap=True)
            out.print(
                f"processed {report.processed} ({report.incidents} incidents, {report.claims} claims), "
                f"failed {report.failed}; linked {report.linked_reports} reports into "
                f"{report.incidents_total} incidents, assessed {report.assessed}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
            if line := resumed_line(report):
                out.print(line, markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(0 if report.ok else 1)
