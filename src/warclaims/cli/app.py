"""The Typer application; commands are discovered from the modules of ``warclaims.cli``.

Each command module defines ``register(app: typer.Typer) -> None``. Discovery keeps
this file unchanged when a command is added and keeps imports lazy: a command's
heavy dependencies are imported inside the command function, not at module import.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

import warclaims.cli as cli_pkg
from warclaims import __version__

_NOT_COMMANDS = {"app", "common"}
# eval_* modules register under the `eval` group (see cli/eval.py), not at top level.
_SUBGROUP_PREFIXES = ("eval_",)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"warclaims {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    """Return the CLI application with every command module registered."""
    app = typer.Typer(
        name="warclaims",
        help="Turn conflict news into a cross-checked ledger of casualty claims.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version_callback, is_eager=True, help="Show the version and exit."
        ),
    ) -> None:
        """warclaims: extract, link, reconcile and assess casualty claims in news articles."""

    for info in sorted(pkgutil.iter_modules(cli_pkg.__path__), key=lambda m: m.name):
        if info.name in _NOT_COMMANDS or info.name.startswith(("_",) + _SUBGROUP_PREFIXES):
            continue
        module = importlib.import_module(f"warclaims.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
    return app


def main() -> None:
    """Entry point of the ``warclaims`` console script."""
    build_app()()


if __name__ == "__main__":
    main()
