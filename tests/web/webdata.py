"""Data of the web tests: a store filled from real data (helpers used by conftest and the tests).

The store holds the FA-KES development articles that have gold annotations
(``data/fakes/fakes-dev.csv`` rows, ``tests/data/gold-dev-v1.jsonl``), the ARA News example
(``data/examples``) and one hostile article whose text carries ``<script>`` and
``<img onerror>``. Extractions are the gold annotations (quote spans located in the
stored text), so tests do not depend on the NLP pipeline's accuracy or speed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from warclaims.models import Article, ArticleExtraction, incident_from_dict

ROOT = Path(__file__).resolve().parents[2]
FAKES = ROOT / "data" / "fakes" / "fakes-dev.csv"
GOLD = ROOT / "tests" / "data" / "gold-dev-v1.jsonl"  # a frozen fixture: tests/data/README.md
EXAMPLE_TXT = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt"
EXAMPLE_GOLD = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json"
TOKEN = "test-token-0123456789"
HOSTILE_ID = "hostile-1"
HOSTILE_TEXT = (
    "Shelling hit Douma in Rif Dimashq on Monday. <script>window.__xss = 1; alert('xss')</script> "
    "Activists said 7 people were killed. <img src=x onerror=\"window.__xss = 2; alert('img')\"> "
    "The Syrian Observatory for Human Rights said at least 19 people were killed in the shelling."
)


EXAMPLE_POINT = {"latitude": 35.2854, "longitude": 40.1759, "geo_precision": "point"}
"""Where ``warclaims extract`` places the ARA News example ("Deir ez-Zor military airport")."""


def gold_records() -> dict[str, dict]:
    """Return the gold annotations by article id (FA-KES dev and the ARA News example)."""
    records = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            records[rec["id"]] = rec
    example = json.loads(EXAMPLE_GOLD.read_text(encoding="utf-8"))
    # The gold file has no coordinates; the extractor places the airport from the gazetteer, a point
    # (what reference matching needs to tie the incident to GED's Jabal Thurdah, 6 km away).
    example["incident"] |= EXAMPLE_POINT
    records[example["id"]] = example
    return records


def extraction_from_gold(article: Article, record: dict) -> ArticleExtraction:
    """Return the gold incident of ``record`` as the extraction of ``article`` (quote spans located)."""
    if not record.get("incident"):
        return ArticleExtraction(article_id=article.id, extractor_version="gold")
    incident = incident_from_dict(record["incident"])
    incident.article_id = article.id
    for claim in incident.claims:
        pos = article.text.find(claim.quote) if claim.quote else -1
        claim.quote_span = (pos, pos + len(claim.quote)) if pos >= 0 else None
    return ArticleExtraction(article_id=article.id, incidents=[incident], extractor_version="gold")


def hostile_article() -> Article:
    """Return the article whose text carries markup that must stay inert."""
    return Article(id=HOSTILE_ID, text=HOSTILE_TEXT, title="Shelling <b>in</b> Douma <script>x()</script>",
                   outlet="<i>evil</i> outlet", published=dt.date(2017, 4, 10), content_hash="")


def hostile_extraction(article: Article) -> ArticleExtraction:
    """Return a two-claim extraction of the hostile article (figures 7 and at least 19: contested)."""
    rec = {"incident": {
        "event_type": "shelling", "date": "2017-04-10", "admin1": "Rif Dimashq", "place": "Douma <script>",
        "perpetrator": "syrian_government", "victims": "civilians", "killed": {"low": 7, "high": 19},
        "claims": [
            {"claimant": "Activists <img src=x onerror=alert(1)>", "claimant_type": "activist_local",
             "killed": {"low": 7, "high": 7}, "quote": "Activists said 7 people were killed."},
            {"claimant": "the Syrian Observatory for Human Rights", "claimant_type": "monitor_ngo",
             "killed": {"low": 19, "high": None},
             "quote": "The Syrian Observatory for Human Rights said at least 19 people were killed in the shelling."},
        ]}}
    return extraction_from_gold(article, rec)


def gold_extractor(records: dict[str, dict]):
    """Return an ``extract_article`` stand-in: the gold incident of the article whose quotes the text contains."""

    def extract(article: Article) -> ArticleExtraction:
        """Return the gold extraction matching ``article`` (empty when none matches)."""
        for rec in records.values():
            inc = rec.get("incident") or {}
            quotes = [c["quote"] for c in inc.get("claims") or [] if c.get("quote")]
            if quotes and all(q in article.text for q in quotes):
                return extraction_from_gold(article, rec)
        return ArticleExtraction(article_id=article.id, extractor_version="gold")

    return extract


def fill_store(url: str) -> dict:
    """Fill the store at ``url`` from real data; return what the tests need to know about it."""
    from warclaims import api
    from warclaims.ingest import read_inputs
    from warclaims.ingest.normalize import make_article
    from warclaims.store import open_store
    from warclaims.store.articles import add_articles
    from warclaims.store.extractions import save_extractions
    from warclaims.store.ledger import relink

    records = gold_records()
    engine = open_store(url)
    items = [a for a in read_inputs([str(FAKES)], "fakes") if isinstance(a, Article) and a.id in records]
    example = make_article(text=EXAMPLE_TXT.read_text(encoding="utf-8"), source_ref=str(EXAMPLE_TXT),
                           dataset_id="ara-news-deir-ez-zor-2016-09", title="US-led coalition strikes Deir ez-Zor airport",
                           outlet="ARA News", published="2016-09-18")
    hostile = hostile_article()
    add_articles(engine, [*items, example, hostile])
    stored = {a.id: a for a in api.articles(engine, limit=None)}
    extractions = [extraction_from_gold(stored[aid], records[aid]) for aid in stored if aid in records]
    extractions.append(hostile_extraction(stored[HOSTILE_ID]))
    save_extractions(engine, extractions)
    run = relink(engine)
    engine.dispose()
    return {"articles": stored, "records": records, "url": url, "incidents": run.incidents}


def verdict_of(article_id: str) -> tuple[float, str]:
    """Return a fixed (score, label) for an article: spread over 0-1 by its id, labelled by score."""
    import hashlib

    score = int(hashlib.sha1(article_id.encode()).hexdigest()[:4], 16) % 100 / 100
    return score, "credible" if score >= 0.6 else "doubtful" if score < 0.3 else "unverifiable"


def store_with_verdicts(filled: dict, path: Path) -> str:
    """Copy the filled SQLite store to ``path``, store a credibility verdict (:func:`verdict_of`) for
    every article, and return the copy's URL (the session store stays unassessed)."""
    import shutil

    from warclaims.assess.records import Credibility
    from warclaims.store import open_store
    from warclaims.store.credibility import save_credibility

    shutil.copyfile(filled["url"].removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    engine = open_store(url)
    try:
        for article_id in filled["articles"]:
            score, label = verdict_of(article_id)
            save_credibility(engine, Credibility(article_id=article_id, score=score, label=label,
                                                 model_version="test"))
    finally:
        engine.dispose()
    return url
