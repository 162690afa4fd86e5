"""``warclaims serve``: the REST API and dashboard with uvicorn (needs the ``web`` extra)."""

from __future__ import annotations

import errno
import os
import socket

import typer

from warclaims._lazy import require
from warclaims.api.admin import resolve_db_url
from warclaims.api.records import E, WarclaimsError
from warclaims.cli.common import DbOption, fail


def can_listen(host: str, port: int) -> OSError | None:
    """Return None when a TCP socket can be bound to ``host:port`` now, else the bind error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # Same option as uvicorn, so a port in TIME_WAIT is not reported busy.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        return exc
    return None


def next_free_port(host: str, port: int, *, tries: int = 20) -> int | None:
    """Return the first port after ``port`` (at most ``tries`` on) that ``host`` can listen on, or None."""
    return next((p for p in range(port + 1, min(port + 1 + tries, 65536)) if can_listen(host, p) is None), None)


def check_port_free(host: str, port: int) -> None:
    """Raise W902 naming ``--port`` when ``host:port`` cannot be listened on (in use), with a free
    port to pass instead when one is near; naming ``--host`` when ``host`` is no address here."""
    exc = can_listen(host, port)
    if exc is None:
        return
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        # not a port matter: no other port would do on an address this machine does not have
        raise WarclaimsError(E.W902, option="--host",
                             reason=f"cannot listen on {host} ({exc.strerror or exc}); "
                                    f"give an address of this machine with --host (default 127.0.0.1)")
    free = next_free_port(host, port)
    hint = f"e.g. --port {free}" if free else "a free one"
    raise WarclaimsError(E.W902, option="--port",
                         reason=f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                                f"choose another port with --port ({hint})")


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    db: str | None = DbOption,
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level."),
    allow_fetch: bool = typer.Option(False, "--allow-fetch",
                                     help="Let /check and the API fetch a URL they are given (public addresses only)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Server processes (uvicorn workers); each holds its own extraction pipeline "
                                     "(~400 MB). More than 1 serves concurrent readers on more cores."),
) -> None:
    """Serve the REST API (/api, OpenAPI UI at /docs) and the dashboard (/) on HOST:PORT.

    The server fetches no URL unless started with --allow-fetch; it then refuses any URL whose
    host resolves to a loopback, private, link-local or multicast address (redirects included).

    The extraction pipeline (spaCy model, gazetteer), the credibility model and the reference
    records load in the background from start-up, so the first check does not wait for them.

    Example: warclaims serve --db warclaims.db --port 8000
    """
    try:
        uvicorn = require("uvicorn", "web", feature="serve")
        # the dashboard's module imports fastapi: loaded here, never when the CLI starts
        web_app = require("warclaims.web.app", "web", feature="serve")
    except WarclaimsError as err:
        raise fail(err) from err
    try:
        check_port_free(host, port)
        config = web_app.config_from_env(db, allow_fetch=allow_fetch)
        config.preload_extraction = True  # the first check must not wait for spaCy to load
        app = web_app.create_app(db, config=config)
    except WarclaimsError as err:
        raise fail(err) from err
    typer.echo(f"warclaims dashboard: http://{host}:{port}/  (API: http://{host}:{port}/api, docs: /docs)")
    if workers > 1:
        _run_workers(uvicorn, app, db, workers, host=host, port=port, log_level=log_level, allow_fetch=allow_fetch)
        return
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)


def _run_workers(uvicorn, app, db: str | None, workers: int, *, host: str, port: int, log_level: str,
                 allow_fetch: bool) -> None:
    """Serve with ``workers`` uvicorn processes, each building the app from the environment
    (:func:`warclaims.web.app.served_app`): the store this process opened, the fetch flag."""
    web_app = require("warclaims.web.app", "web", feature="serve")  # loaded already by serve()
    os.environ["WARCLAIMS_DB"] = resolve_db_url(db)
    os.environ[web_app.SERVE_ALLOW_FETCH_ENV] = "1" if allow_fetch else "0"
    app.state.engine.dispose()  # this process only supervises; each worker opens its own engine
    uvicorn.run("warclaims.web.app:served_app", factory=True, workers=workers, host=host, port=port,
                log_level=log_level, proxy_headers=False, server_header=False)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the CLI; returns None."""
    app.command("serve")(serve)
