"""Options and output helpers shared by CLI commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from warclaims.api.records import WarclaimsError, to_dict

DB_HELP = "Database: SQLAlchemy URL or SQLite file path (default: $WARCLAIMS_DB or ./warclaims.db)."
JSON_HELP = "Print JSON Lines (one object per row) instead of a table."

DbOption = typer.Option(None, "--db", help=DB_HELP, envvar="WARCLAIMS_DB")
JsonOption = typer.Option(False, "--json", help=JSON_HELP)


def console():
    """Return the rich Console for stdout."""
    return Console()


def err_console():
    """Return the rich Console for stderr."""
    return Console(stderr=True)


def print_json_lines(rows: Iterable[Any]) -> int:
    """Write each row as one JSON line to stdout; return the number written."""
    n = 0
    for row in rows:
        sys.stdout.write(json.dumps(to_dict(row), ensure_ascii=False, default=str) + "\n")
        n += 1
    sys.stdout.flush()
    return n


def fail(err: WarclaimsError, exit_code: int = 1) -> typer.Exit:
    """Print a catalogue error on stderr and return the Exit to raise."""
    # Escape the message: it may contain [brackets] (e.g. "warclaims[web]") and article text.
    err_console().print(f"[red]error[/red] {escape(str(err))}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(exit_code)
