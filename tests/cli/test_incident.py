"""`warclaims incident ID` and `warclaims show`: the matched reference records and each claim's
verdict, on the ARA News example (gold extraction) against the bundled UCDP GED set."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from .conftest import REPO

GOLD = REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json"


@pytest.fixture
def seeded(db):
    """Store the ARA News example with its gold extraction, linked; return its article id."""
    from warclaims.models import Article, ArticleExtraction, incident_from_dict
    from warclaims.store import add_articles, open_store, save_extraction
    from warclaims.store.ledger import relink

    gold = json.loads(GOLD.read_text("utf-8"))
    article = Article(id=gold["id"], text=(REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt")
                      .read_text("utf-8"), outlet="ARA News", published=dt.date(2016, 9, 18))
    inc = incident_from_dict(gold["incident"])
    inc.article_id = gold["id"]
    # The gold file has no coordinates; the extractor places the airport from the gazetteer, a point.
    inc.latitude, inc.longitude, inc.geo_precision = 35.2854, 40.1759, "point"
    engine = open_store(db)
    add_articles(engine, [article])
    save_extraction(engine, ArticleExtraction(article_id=gold["id"], incidents=[inc], extractor_version="gold"))
    relink(engine)
    engine.dispose()
    return gold["id"]


def test_incident_shows_reference_records_and_verdicts(run, db, seeded):
    result = run("incident", "--most-reported", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    ref = json.loads(result.stdout)["reference"]
    assert ref["matched"][0]["record_id"] == "227936"
    assert {c["claimant"]: c["verdict"] for c in ref["claims"]}["officials"] == "consistent"
    text = run("incident", "--most-reported", "--db", db).stdout
    assert "Reference records" in text and "227936" in text and "Jabal Thurdah" in text
    assert "consistent: UCDP GED 227936 records 90 deaths at Jabal Thurdah on 2016-09-17" in text


def test_show_prints_the_reference_check_of_each_incident(run, db, seeded):
    detail = json.loads(run("show", seeded, "--db", db, "--json").stdout)
    check = detail["reference"][0]
    assert check["matched"][0]["record_id"] == "227936"
    assert {c["claimant"]: c["verdict"] for c in check["claims"]} == {
        "officials": "consistent", "the Russian army": "below", "local activists in Deir ez-Zor": "consistent"}
    text = run("show", seeded, "--db", db).stdout
    assert "reference: UCDP GED 227936 records 90 deaths at Jabal Thurdah" in text
    assert "consistent: officials 60+" in text
