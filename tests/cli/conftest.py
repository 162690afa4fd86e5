"""Fixtures for CLI tests: the Typer app under CliRunner, a fresh database, data paths, a stub extractor."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The real FA-KES rows and the Deir ez-Zor example of the assess tests, for the commands that assess.
from assess.conftest import example_article, example_extraction, fakes_rows, small_fakes  # noqa: E402,F401

REPO = Path(__file__).resolve().parents[2]
FAKES = str(REPO / "data" / "fakes" / "fakes-dev.csv")
EXAMPLE = str(REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt")


@pytest.fixture(scope="session")
def app():
    """Return the warclaims Typer application with every command registered."""
    from warclaims.cli.app import build_app

    return build_app()


@pytest.fixture
def run(app, monkeypatch):
    """Return ``run(*args) -> Result``: invoke the CLI in-process (WARCLAIMS_DB unset)."""
    monkeypatch.delenv("WARCLAIMS_DB", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def db(tmp_path) -> str:
    """Return a fresh SQLite file path."""
    return str(tmp_path / "cli.db")


@pytest.fixture
def stub_pipeline(monkeypatch):
    """Install a stub ``warclaims.extract.pipeline`` honouring the extract contract, for one test."""
    from . import stub_pipeline as module

    monkeypatch.setitem(sys.modules, "warclaims.extract.pipeline", module)
    return module
