"""Fixtures for the tests of ``warclaims.api``: a fresh SQLite file, data paths, a stub extractor."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

# The same stand-in extractor as the CLI tests (tests/ is on sys.path; tests/cli is a package).
from cli.stub_pipeline import extract_article as _stub_extract

REPO = Path(__file__).resolve().parents[2]
FAKES = str(REPO / "data" / "fakes" / "fakes-dev.csv")
EXAMPLE = str(REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt")
STUB = "cli.stub_pipeline"  # the stub's import name, for worker processes (``pipeline=STUB``)


@pytest.fixture
def stub_pipeline(monkeypatch):
    """Install a stub ``warclaims.extract.pipeline`` (the contract's two functions) for one test."""
    module = types.ModuleType("warclaims.extract.pipeline")
    module.extract_article = _stub_extract

    def extract_articles(articles, *, batch_size=16):
        for article in articles:
            yield _stub_extract(article)

    module.extract_articles = extract_articles
    monkeypatch.setitem(sys.modules, "warclaims.extract.pipeline", module)
    return module


@pytest.fixture
def db(tmp_path) -> str:
    """Return a fresh SQLite file path."""
    return str(tmp_path / "api.db")
