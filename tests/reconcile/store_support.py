"""A store filled with the gold-dev articles (FA-KES text) and their gold incidents as extractions."""

from __future__ import annotations

import csv
import datetime as dt

import sqlalchemy as sa

from warclaims.link.evaluate import read_gold
from warclaims.models import Article, ArticleExtraction, incident_from_dict

from .support import GOLD, ROOT

FAKES_DEV = ROOT / "data" / "fakes" / "fakes-dev.csv"


def gold_articles_and_extractions() -> list[tuple[Article, ArticleExtraction]]:
    """Return (Article from the FA-KES row, extraction = its gold incident) for gold-dev articles."""
    lines = {line["id"]: line for line in read_gold(GOLD)}
    out = []
    with FAKES_DEV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            line = lines.pop(row["unit_id"], None)
            if line is None:
                continue
            month, day, year = (int(x) for x in row["date"].split("/"))
            article = Article(
                id=row["unit_id"],
                title=row["article_title"],
                text=row["article_content"],
                outlet=line["source"],
                published=dt.date.fromisoformat(line["published"])
                if line["published"]
                else dt.date(year, month, day),
            )
            incidents = [incident_from_dict(line["incident"])] if line.get("incident") else []
            out.append((article, ArticleExtraction(article_id=article.id, incidents=incidents)))
    return out


def fill(engine: sa.Engine, pairs: list[tuple[Article, ArticleExtraction]]) -> list[str]:
    """Store the articles and their extractions; return the ids stored (text duplicates are skipped)."""
    from warclaims.store.articles import add_articles
    from warclaims.store.extractions import save_extraction

    result = add_articles(engine, [a for a, _ in pairs])
    stored = set(result.ingested)
    ids = []
    for article, extraction in pairs:
        if article.id in stored:
            save_extraction(engine, extraction)
            ids.append(article.id)
    return ids
