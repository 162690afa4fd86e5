"""``warclaims serve``: the REST API and dashboard with uvicorn (needs the ``web`` extra)."""

from __future__ import annotations

import typer

from warclaims.cli.common import DbOption, fail
from warclaims.errors import WarclaimsError, missing_extra


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    db: str | None = DbOption,
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level."),
) -> None:
    """Serve the REST API (/api, OpenAPI UI at /docs) and the dashboard (/) on HOST:PORT.

    Example: warclaims serve --db warclaims.db --port 8000
    """
    try:
        import uvicorn

        from warclaims.web.app import create_app
    except ImportError as exc:
        raise fail(missing_extra("serve", "web", exc)) from exc
    try:
        app = create_app(db)
    except WarclaimsError as err:
        raise fail(err) from err
    typer.echo(f"warclaims dashboard: http://{host}:{port}/  (API: http://{host}:{port}/api, docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the CLI; returns None."""
    app.command("serve")(serve)
