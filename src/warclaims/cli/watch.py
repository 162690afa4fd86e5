"""`warclaims watch` and `warclaims sources`: live monitoring of feeds, listings and directories."""

from __future__ import annotations

import sys
from typing import Any

import typer
from rich.table import Table

from warclaims.api.admin import open_db, record_failure, webhook_outbox
from warclaims.api.records import E, IngestFailure, WarclaimsError
from warclaims.cli.common import DbOption, JsonOption, console, fail, print_json_lines
from warclaims.api.alerts import parse_rule, rule_from_table
from warclaims.watch.alerts import QUEUE_SIZE, Alerter, StdoutSink, WebhookSender
from warclaims.watch.loop import Watcher, check_sources, opened, status_rows
from warclaims.watch.sources import load_sources_file, parse_interval, sources_from_args

HELP = """Watch RSS/Atom feeds, article listing pages and local directories; ingest new items as `ingest` does, record what changed in the ledger and alert on it.

Each cycle polls the sources that are due (conditional requests: an unchanged feed costs one 304), stores, extracts, links and assesses new items, records change events (new_incident, new_report, toll_revised, became_contested, contradiction_added, credibility_changed) and sends the events matching --alert rules to stdout as JSON Lines and to webhooks. One summary line per cycle goes to stderr. A failing source is retried later with a doubling back-off; `warclaims sources` shows each source's state.

Rules: conditions joined by commas, all must hold; several --alert: any. Fields: admin1, place, type, perpetrator, outlet, kind (=new_incident|toll_revised...), killed/injured (=, !=, <, <=, >, >=), contested; or `all`.

Examples:

    warclaims watch https://example.org/syria.rss --every 15m --alert 'admin1=Idlib' --alert 'killed>=10'
    warclaims watch --sources sources.toml --once          # one cycle (cron)
"""


def _record_webhook_failure(engine: Any):
    """Return the callback that records a webhook failure (W803/W804) in the store and on stderr."""

    def record(url: str, code: E, fields: dict[str, Any]) -> None:
        err = WarclaimsError(code, item=url, **fields)
        sys.stderr.write(f"{err}\n")
        record_failure(IngestFailure(source_ref=url, code=code.value, message=err.message), engine)

    return record


def build_alerter(engine: Any, rules_text: list[str], webhook: str | None, tables: list[dict[str, Any]],
                  name: str = "default") -> Any:
    """Return the Alerter of the command-line rules (sent to ``webhook`` too) and the sources file's tables.

    Webhook deliveries wait in the store's outbox of watcher ``name``: those a killed watcher
    left pending are sent by the next one.
    """
    rules = [parse_rule(text, webhook) for text in rules_text]
    if webhook and not rules:
        rules.append(parse_rule("all", webhook))
    rules += [rule_from_table(t) for t in tables]
    outbox = webhook_outbox(engine, name, QUEUE_SIZE)
    # A watcher restarted without webhooks still sends what its previous run left pending.
    needed = any(r.webhook for r in rules) or outbox.pending()
    sender = WebhookSender(_record_webhook_failure(engine), outbox=outbox) if needed else None
    return Alerter(rules=rules, stdout=StdoutSink() if rules else None, webhooks=sender)


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _print_status(rows: list[dict[str, Any]], json_out: bool) -> None:
    if json_out:
        print_json_lines(rows)
        return

    table = Table("source", "kind", "last success", "last error", "failures", "items seen", "next poll")
    for r in rows:
        error = f"{r['last_error_code']} {r['last_error']}" if r["last_error_code"] else ""
        table.add_row(r["source"], r["kind"] or "", str(r["last_success"] or ""), error,
                      str(r["failures"]), str(r["items_seen"]), str(r["next_poll"] or ""))
    console().print(table)


def _status(db: str | None, json_out: bool) -> None:
    engine = open_db(db)
    try:
        _print_status(status_rows(engine), json_out)
    finally:
        engine.dispose()


def register(app: typer.Typer) -> None:
    """Add the ``watch`` and ``sources`` commands."""

    @app.command("watch", help=HELP)
    def watch_cmd(
        sources: list[str] = typer.Argument(
            None, metavar="[SOURCE]...", help="Feed or listing URLs, directories."
        ),
        every: str = typer.Option("15m", "--every", help="Poll interval: 30s, 15m, 2h, 1d."),
        once: bool = typer.Option(
            False, "--once", help="Run one cycle over every source, then exit (cron, tests)."
        ),
        cycles: int | None = typer.Option(None, "--cycles", min=1, help="Stop after this many cycles."),
        sources_file: str | None = typer.Option(
            None, "--sources", help="TOML file of [[source]] and [[alert]] tables."
        ),
        alert: list[str] = typer.Option(
            [], "--alert", metavar="RULE", help="Alert rule, e.g. 'admin1=Idlib,killed>=10'."
        ),
        webhook: str | None = typer.Option(
            None, "--webhook", metavar="URL", help="POST the --alert matches here."
        ),
        name: str = typer.Option("default", "--name", help="This watcher's name (its own alert position)."),
        status: bool = typer.Option(
            False, "--status", help="Show the sources' state and exit (as `sources`)."
        ),
        workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction worker processes."),
        db: str | None = DbOption,
        json_out: bool = JsonOption,
    ) -> None:
        if status:
            _status(db, json_out)
            return
        try:
            _watch(sources or [], every, once, cycles, sources_file, alert, webhook, name, workers, db)
        except WarclaimsError as err:
            raise fail(err) from err
        except KeyboardInterrupt:
            _say("stopped")
            raise typer.Exit(130) from None

    @app.command("sources", help="Show each watched source: last success, last error, items seen, next poll.")
    def sources_cmd(db: str | None = DbOption, json_out: bool = JsonOption) -> None:
        _status(db, json_out)


def _watch(args: list[str], every: str, once: bool, cycles: int | None, sources_file: str | None,
           alert: list[str], webhook: str | None, name: str, workers: int, db: str | None) -> None:
    interval = parse_interval(every)
    loaded = load_sources_file(sources_file, interval) if sources_file else None
    sources = sources_from_args(args, interval) + (loaded.sources if loaded else [])
    check_sources(sources)
    engine = open_db(db)
    alerter = build_alerter(engine, alert, webhook, loaded.alerts if loaded else [], name)
    try:
        watcher = Watcher(engine, sources, alerter=alerter, name=name, workers=workers, say=_say)
        with opened(watcher):
            watcher.run(once=once, cycles=cycles)
    finally:
        if alerter.webhooks is not None:
            alerter.webhooks.close(wait=30.0 if once or cycles else 5.0)
        engine.dispose()
