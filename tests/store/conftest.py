"""Fixtures for store tests: FA-KES rows as Articles and a fresh store.

The store is opened on ``db_url`` of tests/conftest.py: a SQLite file and, where a
PostgreSQL server can be started, a fresh PostgreSQL database.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from warclaims.models import Article

REPO = Path(__file__).resolve().parents[2]
FAKES_DEV = REPO / "data" / "fakes" / "fakes-dev.csv"


def fakes_rows() -> list[dict[str, str]]:
    """Return the rows of the bundled FA-KES dev CSV."""
    with FAKES_DEV.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def row_article(row: dict[str, str], n: int) -> Article:
    """Return an Article built from one FA-KES row (as the fakes reader would, minus normalisation)."""
    month, day, year = (int(x) for x in row["date"].split("/"))
    return Article(
        id=row["unit_id"],
        title=row["article_title"],
        text=row["article_content"],
        outlet=row["source"],
        published=dt.date(year, month, day),
        source_ref=f"{FAKES_DEV}#row={n}",
        metadata={"location": row["location"], "labels": row["labels"]},
    )


@pytest.fixture(scope="session")
def fakes_articles() -> list[Article]:
    """Return all 617 FA-KES dev rows as Articles (fresh objects: tests may mutate copies)."""
    return [row_article(r, n) for n, r in enumerate(fakes_rows(), start=1)]


@pytest.fixture
def engine(db_url: str):
    """Return an Engine on a fresh store migrated to head; disposed after the test."""
    from warclaims.store import open_store

    eng = open_store(db_url)
    yield eng
    eng.dispose()
