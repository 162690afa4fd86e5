"""`warclaims eval ...`: evaluation commands, one sub-module per stage (``eval_*.py``).

Each ``warclaims.cli.eval_<name>`` module defines ``register(eval_app)`` and adds
its subcommand (``extract``, ``links``, ``credibility``) to the group.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

import warclaims.cli as cli_pkg


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command group with every ``eval_*`` subcommand module."""
    eval_app = typer.Typer(help="Measure accuracy against gold annotations and labelled data.", no_args_is_help=True)
    for info in sorted(pkgutil.iter_modules(cli_pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("eval_"):
            importlib.import_module(f"warclaims.cli.{info.name}").register(eval_app)
    app.add_typer(eval_app, name="eval")
