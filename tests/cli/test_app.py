"""The CLI application: a command line imports only the module of the command it names."""

from __future__ import annotations

import subprocess
import sys

import pytest

from warclaims.cli.app import _command_names, build_app


def test_named_command_registers_only_its_module():
    assert _command_names(build_app("extract")) == {"extract"}
    assert _command_names(build_app("errors")) == {"errors"}  # module errors_cmd


@pytest.mark.parametrize("command", [None, "no-such-command", "upgrade"])
def test_unknown_or_missing_command_registers_them_all(command):
    names = _command_names(build_app(command))
    assert {"extract", "serve", "process", "ingest", "eval"} <= names


def test_extract_command_line_imports_no_other_command_module():
    # `warclaims extract` must not pay for the imports of serve, batch, eval, ...
    code = ("import sys\n"
            "sys.argv = ['warclaims', 'extract', '--help']\n"
            "from warclaims.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('warclaims.cli.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "['warclaims.cli.app', 'warclaims.cli.common', 'warclaims.cli.extract']"


def test_extract_command_line_loads_neither_the_store_nor_the_web_framework():
    # The CLI imports only warclaims.api's submodules, and `extract` only the store-free one.
    code = ("import sys\n"
            "sys.argv = ['warclaims', 'extract', '--help']\n"
            "from warclaims.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'spacy', 'warclaims.store') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
