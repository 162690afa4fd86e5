"""Fixtures of the assess tests: real FA-KES rows and the Deir ez-Zor example, no spaCy needed."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from warclaims.models import Article, ArticleExtraction, incident_from_dict

ROOT = Path(__file__).resolve().parents[2]
FAKES = ROOT / "data" / "fakes" / "fakes-dev.csv"
EXAMPLE = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt"
EXAMPLE_GOLD = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json"


@pytest.fixture
def fakes_rows() -> list[dict[str, str]]:
    """Return the rows of data/fakes/fakes-dev.csv."""
    with FAKES.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def small_fakes(tmp_path, fakes_rows) -> Path:
    """Return a FA-KES CSV of the first 80 dev rows (both labels present)."""
    path = tmp_path / "small.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(fakes_rows[0]))
        writer.writeheader()
        writer.writerows(fakes_rows[:80])
    return path


@pytest.fixture
def example_article() -> Article:
    """Return the ARA News Deir ez-Zor article (published 2016-09-18)."""
    return Article(id="ara-news-deir-ez-zor-2016-09", text=EXAMPLE.read_text("utf-8"), outlet="ARA News",
                   title="Dozens of Syrian soldiers killed in coalition strikes near Deir ez-Zor",
                   published=dt.date(2016, 9, 18))


@pytest.fixture
def example_extraction() -> ArticleExtraction:
    """Return the gold extraction of the Deir ez-Zor example."""
    gold = json.loads(EXAMPLE_GOLD.read_text("utf-8"))
    inc = incident_from_dict(gold["incident"])
    inc.article_id = gold["id"]
    return ArticleExtraction(article_id=gold["id"], incidents=[inc], extractor_version="gold")
