"""`warclaims ingest`: read files, directories or URLs into the store, then extract them."""

from __future__ import annotations

from contextlib import contextmanager

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from warclaims.api import processing
from warclaims.api.extraction import FORMATS, parse_mapping
from warclaims.api.records import WarclaimsError, to_dict
from warclaims.cli.common import DbOption, console, err_console, fail, print_json_lines

HELP = """Read articles from files, directories or URLs into the store, then extract, link and assess them.

Formats: text, html, csv, jsonl, fakes, warc, feed, url, dir (detected when --format is not given). Duplicates (same text already stored) are skipped and counted; changed text at a stored id or URL becomes a new revision. One line per failed item, then a summary. Exits 0 when no item failed, 1 otherwise (duplicates are not failures).

Example:

    warclaims ingest data/fakes/fakes-dev.csv --format fakes --no-process
"""


@contextmanager
def progress_bar(enabled: bool = True):
    """Yield a ``progress(stage, done, total)`` callback drawing a rich progress bar on stderr."""
    stderr = err_console()
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        # No bar when stderr is not a terminal (pipes, CI logs): the summary says it all.
        disable=not (enabled and stderr.is_terminal),
    )
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            label = _STAGE_LABELS.get(stage, stage)
            tasks[stage] = bar.add_task(label, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update


def failure_line(failure) -> str:
    """Return ``CODE item: reason`` for a failure, not repeating the item when the message starts with it."""
    message = failure.message
    if message.startswith(failure.source_ref):
        return f"{failure.code} {message}"
    return f"{failure.code} {failure.source_ref}: {message}"


_RESUMED_WORDS = {"extract": "extracted {n} article(s)", "link": "linked {n} report(s)",
                  "reconcile": "reconciled {n} incident(s)", "assess": "assessed {n} article(s)"}


def resumed_line(processed) -> str | None:
    """Return the line saying what this run finished for an earlier, interrupted one (None when nothing)."""
    done = [_RESUMED_WORDS[stage].format(n=n) for stage, n in (processed.resumed or {}).items() if n]
    if not done:
        return None
    return "resumed unfinished work of an earlier run: " + ", ".join(done)


_STAGE_LABELS = {"ingest": "reading", "process": "extracting", "link": "linking", "assess": "assessing"}


def _print_report(report) -> None:
    """Print one line per failure, then the closing summary."""
    out = console()
    processed = report.processed
    for failure in [*report.failures, *(processed.failures if processed is not None else [])]:
        out.print(failure_line(failure), markup=False, highlight=False, soft_wrap=True)
    for warning in [*report.warnings, *(processed.warnings if processed is not None else [])]:
        out.print(f"warning {failure_line(warning)}", markup=False, highlight=False, soft_wrap=True)
    summary = (
        f"ingested {report.ingested}, duplicates {report.duplicates}, "
        f"revisions {report.revisions}, failed {report.failed}"
    )
    if report.corrected:
        summary += f", corrected {report.corrected} (same text, new date/title/outlet/URL: extracted again)"
    if report.warnings:
        summary += f", warnings {len(report.warnings)} (kept in `warclaims errors`)"
    if processed is not None:
        summary += (
            f"; processed {processed.processed} ({processed.incidents} incidents, "
            f"{processed.claims} claims), extraction failed {processed.failed}"
        )
        if processed.processed:
            summary += (
                f"; linked {processed.linked_reports} reports into {processed.incidents_total} incidents, "
                f"assessed {processed.assessed}"
            )
    out.print(summary, markup=False, highlight=False, soft_wrap=True)
    if processed is not None and (line := resumed_line(processed)):
        out.print(line, markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the ``ingest`` command."""

    @app.command("ingest", help=HELP)
    def ingest_cmd(
        inputs: list[str] = typer.Argument(
            ..., metavar="PATH_OR_URL...", help="Files, directories or http(s) URLs."
        ),
        fmt: str | None = typer.Option(
            None, "--format", "-f", help=f"Input format: {', '.join(FORMATS)} (default: detected per input)."
        ),
        columns: list[str] = typer.Option(
            [],
            "--map",
            metavar="COLUMN=FIELD",
            help="CSV/JSONL column to Article field, e.g. headline=title.",
        ),
        db: str | None = DbOption,
        no_process: bool = typer.Option(
            False, "--no-process", help="Only store the articles; extract later."
        ),
        workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction worker processes."),
        json_out: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
    ) -> None:
        try:
            mapping = parse_mapping(columns)
            with progress_bar(enabled=not json_out) as progress:
                report = processing.ingest(
                    inputs,
                    db=db,
                    fmt=fmt,
                    process=not no_process,
                    workers=workers,
                    progress=progress,
                    mapping=mapping,
                )
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            data = to_dict(report)
            data["ok"] = report.ok
            print_json_lines([data])
        else:
            _print_report(report)
        raise typer.Exit(0 if report.ok else 1)
