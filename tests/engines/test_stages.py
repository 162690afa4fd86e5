"""warclaims.engines.stages: the glue both engines share, on the ARA News Deir ez-Zor example:
article rows, extraction rows flattened into incident and claim rows and rebuilt, de-duplication."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from warclaims.engines.layout import dumps
from warclaims.engines.stages import (
    article_row,
    chunked,
    extraction_failure_row,
    extraction_of,
    failure_row,
    flatten_extraction,
    row_article,
    split_items,
)
from warclaims.models import Article, ArticleExtraction, IngestFailure, incident_from_dict, to_dict

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
ARA_ID = "ara-news-deir-ez-zor-2016-09"


def _ara() -> tuple[Article, ArticleExtraction]:
    """Return the ARA News article and its gold extraction."""
    gold = json.loads((EXAMPLES / f"{ARA_ID}.gold.json").read_text("utf-8"))
    inc = incident_from_dict(gold["incident"])
    inc.article_id = ARA_ID
    for claim in inc.claims:  # as the extractor sets them
        claim.article_id = ARA_ID
    article = Article(id=ARA_ID, text=(EXAMPLES / f"{ARA_ID}.txt").read_text("utf-8"), outlet="ARA News",
                      published=dt.date(2016, 9, 18), metadata={"section": "Syria"}, revision=2)
    return article, ArticleExtraction(article_id=ARA_ID, incidents=[inc], extractor_version="gold")


def test_duplicates_keep_one_article_and_the_latest_revision() -> None:
    from warclaims.engines.stages import dedupe_articles
    from warclaims.models import Article

    arts = [
        Article(id="b", text="same", content_hash="h1", source_ref="f#row=2"),
        Article(id="a", text="same", content_hash="h1", source_ref="f#row=9"),
        Article(id="c", text="old", content_hash="h2", source_ref="f#row=3"),
        Article(id="c", text="new", content_hash="h3", source_ref="f#row=4"),
    ]
    kept = dedupe_articles(arts)
    assert [(a.id, a.content_hash, a.revision) for a in kept] == [("a", "h1", 1), ("c", "h3", 2)]


def test_article_row_round_trip():
    article, _ = _ara()
    row = article_row(article)
    assert row["metadata"] == '{"section":"Syria"}' and row["revision"] == 2
    back = row_article(row)
    assert (back.id, back.revision, back.published, back.metadata, back.text) == (
        ARA_ID, 2, dt.date(2016, 9, 18), {"section": "Syria"}, article.text)


def test_extraction_row_flattens_into_rows_and_back():
    _, extraction = _ara()
    row = {"article_id": ARA_ID, "revision": 2, "extraction": dumps(extraction), "code": None, "message": None}
    incidents, claims = flatten_extraction(row)
    assert [i["incident_key"] for i in incidents] == [f"{ARA_ID}#0"]
    assert incidents[0]["revision"] == 2 and incidents[0]["extractor_version"] == "gold"
    assert len(claims) == len(extraction.incidents[0].claims) > 0
    assert {c["incident_key"] for c in claims} == {f"{ARA_ID}#0"}
    rebuilt = extraction_of(incidents, list(reversed(claims)))  # claims come back in position order
    assert to_dict(rebuilt) == to_dict(extraction)
    assert extraction_failure_row(row) is None


def test_a_failed_extraction_row_is_an_error_row():
    row = {"article_id": ARA_ID, "revision": 1, "extraction": None, "code": "W201",
           "message": "extractor raised ValueError"}
    assert flatten_extraction(row) == ([], [])
    assert extraction_failure_row(row) == {"source_ref": ARA_ID, "code": "W201",
                                           "message": "extractor raised ValueError", "stage": "extract"}


def test_split_items_failure_rows_and_chunks():
    article, _ = _ara()
    failure = IngestFailure(source_ref="feed.jsonl#line=3", code="W104", message="not JSON")
    articles, failures = split_items([article, failure])
    assert articles == [article] and failures == [failure]
    assert failure_row(failure, "ingest") == {"source_ref": "feed.jsonl#line=3", "code": "W104",
                                              "message": "not JSON", "stage": "ingest"}
    assert list(chunked(list(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
