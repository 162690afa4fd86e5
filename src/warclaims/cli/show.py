"""`warclaims show`: one stored article with its incidents and claims."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from warclaims.api import queries
from warclaims.api.records import WarclaimsError, format_interval, to_dict
from warclaims.cli.common import DbOption, JsonOption, console, fail

HELP = """Show one stored article: metadata, text, and its incidents and claims when extracted.

Example:

    warclaims show 1914947532 --json
"""


def _print_detail(detail) -> None:
    out = console()
    a = detail.article
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column(overflow="fold")
    for name, value in (
        ("id", a.id),
        ("revision", f"{a.revision} (of {', '.join(map(str, detail.revisions))})"),
        ("title", a.title),
        ("outlet", a.outlet),
        ("published", a.published),
        ("url", a.url),
        ("language", a.language),
        ("source", a.source_ref),
        ("hash", a.content_hash),
        ("metadata", json.dumps(a.metadata, ensure_ascii=False, default=str) if a.metadata else None),
    ):
        meta.add_row(name, "" if value is None else str(value))
    out.print(meta)
    out.print()
    out.print(a.text, markup=False, highlight=False)
    out.print()
    _print_credibility(out, detail.credibility)
    state = detail.processed
    if state is None:
        out.print("not processed yet: run `warclaims process`", highlight=False)
        return
    if state.get("error_code"):
        out.print(
            f"extraction failed: {state['error_code']} {state.get('error_message') or ''}", markup=False
        )
        return
    incidents = detail.extraction.incidents if detail.extraction else []
    out.print(
        f"{len(incidents)} incident(s), extractor {state.get('extractor_version') or '?'}", highlight=False
    )
    checks = {check["index"]: check for check in detail.reference}
    for inc in incidents:
        where = ", ".join(x for x in (inc.place, inc.admin1, inc.country) if x)
        out.print(
            f"#{inc.index} {inc.event_type} {inc.date or '?'} {where or '?'}; perpetrator {inc.perpetrator}; "
            f"killed {format_interval(inc.killed)}, injured {format_interval(inc.injured)} ({inc.victims})",
            markup=False,
            highlight=False,
        )
        for c in inc.claims:
            out.print(
                f"    {c.claimant} [{c.claimant_type}]: "
                f"killed {format_interval(c.killed)}, injured {format_interval(c.injured)}"
                f'{" (update)" if c.supersedes_earlier else ""} - "{c.quote}"',
                markup=False,
                highlight=False,
            )
        _print_reference(out, checks.get(inc.index))


def _print_reference(out, check) -> None:
    """Print an incident's matched reference records and its claims' verdicts; returns None."""
    if check is None:
        return
    out.print(f"    reference: {check['summary']}", markup=False, highlight=False, soft_wrap=True)
    for m in check["matched"]:
        distance = "" if m["distance_km"] is None else f", {m['distance_km']} km"
        out.print(f"      {m['dataset']} {m['record_id']} {m['date']} {m['place'] or m['admin1'] or '?'}: "
                  f"{m['side_a']} / {m['side_b']}, low/best/high {m['low']}/{m['best']}/{m['high']} "
                  f"({m['strength']}{distance}, {m['day_offset']} day(s) off, confidence {m['confidence']:.2f}) "
                  f"{m['headline'] or ''}",
                  markup=False, highlight=False, soft_wrap=True)
    for claim in check["claims"]:
        out.print(f"      {claim['verdict']}: {claim['claimant']} {claim['killed']}", markup=False, highlight=False)


def _print_credibility(out, cred) -> None:
    """Print the credibility score, label and the reasons that moved it most; returns None."""
    if cred is None:
        out.print("credibility: not assessed yet (run `warclaims assess --all`)", highlight=False)
        return
    out.print(f"credibility: {cred.score:.2f} ({cred.label})", markup=False, highlight=False)
    for reason in cred.reasons:
        sign = "+" if reason.effect >= 0 else "-"
        out.print(f"  {sign} {reason.text}", markup=False, highlight=False)
    out.print()


def register(app: typer.Typer) -> None:
    """Add the ``show`` command."""

    @app.command("show", help=HELP)
    def show_cmd(
        article_id: str = typer.Argument(
            ..., metavar="ARTICLE_ID", help="The article id (see `warclaims articles`)."
        ),
        revision: int | None = typer.Option(
            None, "--revision", "-r", min=1, help="A given revision (default: latest)."
        ),
        db: str | None = DbOption,
        json_out: bool = JsonOption,
    ) -> None:
        try:
            detail = queries.article(article_id, db, revision=revision)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps(to_dict(detail), ensure_ascii=False, default=str) + "\n")
            return
        _print_detail(detail)
