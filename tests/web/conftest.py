"""Fixtures of the web tests: the store filled from real data (see webdata.py), and the app over it."""

from __future__ import annotations

import pytest

from .webdata import TOKEN, fill_store, gold_extractor


@pytest.fixture(scope="session")
def filled_store(tmp_path_factory) -> dict:
    """Return the info of a SQLite store filled once per session from real data."""
    path = tmp_path_factory.mktemp("webstore") / "warclaims.db"
    return fill_store(f"sqlite:///{path}")


@pytest.fixture(scope="session")
def app(filled_store):
    """Return the app over the filled store, with a token and the gold extractor."""
    pytest.importorskip("fastapi")
    from warclaims.web.app import WebConfig, create_app

    config = WebConfig(db_url=filled_store["url"], api_token=TOKEN,
                       extractor=gold_extractor(filled_store["records"]))
    return create_app(config=config)


@pytest.fixture(scope="session")
def client(app):
    """Return a TestClient of the app."""
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """Return the URL of a fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'warclaims.db'}"
