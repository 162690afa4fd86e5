"""`warclaims doctor`: report (and with --repair, fix) unfinished or inconsistent pipeline state."""

from __future__ import annotations

import typer

from warclaims.api import processing
from warclaims.api.records import WarclaimsError, to_dict
from warclaims.cli.common import DbOption, JsonOption, console, fail, print_json_lines
from warclaims.cli.ingest import resumed_line

HELP = """Check the store: articles awaiting extraction, reports not linked, incident summaries out of
date, extracted articles not assessed, and rows whose parent row is missing. Exits 0 when the
store is consistent, 1 otherwise. --repair deletes the orphaned rows and finishes every stage
(extract, link, reconcile, assess), as a re-run of `ingest` or `process` would.

Example:

    warclaims doctor --db warclaims.db --repair
"""

_LABELS = (
    ("articles", "latest article revisions"),
    ("awaiting_extraction", "awaiting extraction"),
    ("extraction_failed", "extraction failed (see `warclaims errors`)"),
    ("unlinked_reports", "reports not linked to an incident"),
    ("stale_incidents", "incident summaries out of date"),
    ("unassessed", "extracted articles not assessed"),
)


def _print_counts(title: str, counts) -> None:
    """Print one line per stage count and per kind of orphaned row."""
    out = console()
    out.print(title, highlight=False)
    for name, label in _LABELS:
        out.print(f"  {label}: {getattr(counts, name)}", highlight=False)
    for kind, n in counts.orphans.items():
        if n:
            out.print(f"  {kind}: {n}", highlight=False)
    out.print(f"  {'consistent' if counts.consistent else 'NOT consistent'}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``doctor`` command."""

    @app.command("doctor", help=HELP)
    def doctor_cmd(
        repair: bool = typer.Option(False, "--repair", help="Delete orphaned rows and finish every stage."),
        workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction worker processes (--repair)."),
        db: str | None = DbOption,
        json_out: bool = JsonOption,
    ) -> None:
        try:
            report = processing.doctor(db, repair=repair, workers=workers)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            print_json_lines([{**to_dict(report), "ok": report.ok}])
        else:
            _print_counts("store:", report.before)
            for kind, n in report.deleted.items():
                console().print(f"deleted {n} {kind}", highlight=False)
            if report.processed is not None:
                p = report.processed
                console().print(f"processed {p.processed}, linked {p.linked_reports} reports, assessed {p.assessed}"
                                + (f"; {line}" if (line := resumed_line(p)) else ""), highlight=False)
            if report.after is not None:
                _print_counts("after repair:", report.after)
        raise typer.Exit(0 if report.ok else 1)
