"""The Typer application; commands are discovered from the modules of ``warclaims.cli``.

Each command module defines ``register(app: typer.Typer) -> None``. Discovery keeps
this file unchanged when a command is added and keeps imports lazy: only the invoked command's
module is imported (:func:`build_app`), and this module reaches the store only through
``warclaims.api``'s lazily resolved names, when a database error must be reported.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys

import typer

import warclaims.cli as cli_pkg
from warclaims import __version__, api
from warclaims.api.records import E, WarclaimsError
from warclaims.cli.common import fail

_NOT_COMMANDS = {"app", "common"}
# eval_* modules register under the `eval` group (see cli/eval.py), not at top level.
_SUBGROUP_PREFIXES = ("eval_",)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"warclaims {__version__}")
        raise typer.Exit()


def build_app(command: str | None = None) -> typer.Typer:
    """Return the CLI application with every command module registered.

    With ``command`` (the first argument of a command line), only the module of that name
    is imported when it registers that command: a cold ``warclaims extract`` does not import
    the thirty other command modules. Otherwise (an unknown name, help) all are registered.
    """
    if command:
        app = _new_app()
        module = _command_module(command)
        if module is not None and hasattr(module, "register"):
            module.register(app)
            if command in _command_names(app):
                return app
    app = _new_app()
    for info in sorted(pkgutil.iter_modules(cli_pkg.__path__), key=lambda m: m.name):
        if info.name in _NOT_COMMANDS or info.name.startswith(("_",) + _SUBGROUP_PREFIXES):
            continue
        module = importlib.import_module(f"warclaims.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
    return app


def _new_app() -> typer.Typer:
    """Return the Typer application with its root options and no command."""
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

    return app


def _command_module(command: str):
    """Return the command module named like ``command`` ("errors" -> errors_cmd too), or None."""
    for name in (command.replace("-", "_"), command.replace("-", "_") + "_cmd"):
        if name in _NOT_COMMANDS or name.startswith(("_",) + _SUBGROUP_PREFIXES):
            continue
        if importlib.util.find_spec(f"warclaims.cli.{name}") is not None:
            return importlib.import_module(f"warclaims.cli.{name}")
    return None


def _command_names(app: typer.Typer) -> set[str]:
    """Return the names of the commands and groups registered on ``app``."""
    names = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    return names | {g.name or g.typer_instance.info.name for g in app.registered_groups}


def _command_arg() -> str | None:
    """Return the command named on this process's command line (its first argument), if any."""
    first = sys.argv[1] if len(sys.argv) > 1 else ""
    return first if first and not first.startswith("-") else None


def main() -> None:
    """Entry point of the ``warclaims`` console script.

    A database error no command foresaw (a store that turns out read-only or corrupt when
    written) ends with W301 naming the store, not a traceback.
    """
    try:
        build_app(_command_arg())()
    except Exception as exc:
        err = _as_store_error(exc)
        if err is None:
            raise
        raise SystemExit(fail(err).exit_code) from exc


def _as_store_error(exc: BaseException):
    """Return the W301 error for a SQLAlchemy database error, None for anything else."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None or not isinstance(exc, sa_exc.DBAPIError):
        return None
    return WarclaimsError(E.W301, url=api.last_store_url(), reason=str(exc.orig).splitlines()[0])


if __name__ == "__main__":
    main()
