"""Fixtures for the tests of ``warclaims.api``: fresh and linked SQLite files, data paths,
a stub extractor."""

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


@pytest.fixture
def linked_db(tmp_path) -> str:
    """Return a SQLite file holding the 58 reports of the gold linking fixture, linked into incidents."""
    from reconcile.store_support import fill, gold_articles_and_extractions

    from warclaims.store import open_store
    from warclaims.store.ledger import relink

    path = str(tmp_path / "linked.db")
    engine = open_store(path)
    fill(engine, gold_articles_and_extractions())
    relink(engine)
    engine.dispose()
    return path
