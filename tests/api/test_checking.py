"""Articles submitted one by one: read from text or HTML (a URL only with a fetcher), stored and
extracted on request, assessed against the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from warclaims import api
from warclaims.api.checking import (
    MATCH_WINDOW_DAYS,
    FetchRefused,
    SubmittedArticle,
    check_article,
    claim_agreement,
    credibility_of,
    ingest_submitted,
    to_article,
)
from warclaims.errors import E, WarclaimsError

from .conftest import EXAMPLE

HTML = """<html><head><title>Strike on Idlib</title></head><body><nav>Home | World</nav>
<article><h1>Strike on Idlib</h1><p>An airstrike on a market in Idlib killed 12 civilians on Saturday,
the civil defence said.</p><p>Rescuers were still searching the rubble in the evening.</p></article>
<footer>Copyright</footer></body></html>"""


def _code(sub: SubmittedArticle, **kw) -> E:
    with pytest.raises(WarclaimsError) as info:
        to_article(sub, source_ref="api:check", **kw)
    return info.value.code


def test_text_submission_keeps_what_the_submitter_gave():
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    article = to_article(SubmittedArticle(text=text, title="Deir ez-Zor strikes", outlet="ARA News",
                                          published=dt.date(2016, 9, 18)), source_ref="api:check")
    assert article.text.strip() == text.strip() and article.content_hash
    assert (article.title, article.outlet, article.published) == ("Deir ez-Zor strikes", "ARA News",
                                                                   dt.date(2016, 9, 18))
    assert article.source_ref == "api:check"


def test_html_submission_is_reduced_to_its_main_text():
    article = to_article(SubmittedArticle(html=HTML), source_ref="api:check")
    assert "killed 12 civilians" in article.text
    assert "Home | World" not in article.text and "Copyright" not in article.text


def test_bad_submissions_are_coded():
    assert _code(SubmittedArticle()) is E.W604  # none of text, html, url
    assert _code(SubmittedArticle(text="x", html="<p>x</p>")) is E.W604  # two of them
    assert _code(SubmittedArticle(url="ftp://example.org/a")) is E.W604
    assert _code(SubmittedArticle(url="https://example.org/a")) is E.W608  # no fetcher: fetching is off

    def refusing(url):
        raise FetchRefused("private address")

    assert _code(SubmittedArticle(url="https://10.0.0.1/a"), fetcher=refusing) is E.W609
    with pytest.raises(WarclaimsError) as info:
        to_article(SubmittedArticle(text="   "), source_ref="api:check")
    assert info.value.code is E.W604 and "[W103]" in info.value.message


def test_submitted_articles_are_stored_extracted_and_linked(db, stub_pipeline):
    engine = api.open_db(db)
    try:
        subs = [SubmittedArticle(text=Path(EXAMPLE).read_text(encoding="utf-8"), id="ara-1"),
                SubmittedArticle(html=HTML, id="idlib-1")]
        report = ingest_submitted(engine, subs, process=True)
        assert (report["ingested"], report["duplicates"]) == (2, 0)
        assert report["processed"]["processed"] == 2 and report["processed"]["failed"] == 0
        assert report["linked"]["reports"] == 2
        again = ingest_submitted(engine, subs[:1], process=False)
        assert (again["ingested"], again["duplicates"], again["article_ids"]) == (0, 1, [])
        assert "processed" not in again
    finally:
        engine.dispose()


def test_credibility_is_computed_for_an_unstored_check_and_read_back_once_stored(db, stub_pipeline):
    engine = api.open_db(db)
    try:
        article = to_article(SubmittedArticle(html=HTML), source_ref="api:check")
        extraction = stub_pipeline.extract_article(article)
        computed = credibility_of(engine, article, extraction)
        assert 0.0 <= computed["score"] <= 1.0 and computed["reasons"]
        ingest_submitted(engine, [SubmittedArticle(html=HTML)], process=True)
        (stored,) = api.articles(engine)
        saved = credibility_of(engine, stored, None, is_stored=True)
        assert saved["article_id"] == stored.id and saved["label"] in ("credible", "doubtful", "unverifiable")
    finally:
        engine.dispose()


def test_claim_agreement_places_a_claim_in_a_ledger_range():
    assert claim_agreement({"low": 60, "high": None}, {"low": 24, "high": 91}) == "inside"
    assert claim_agreement({"low": None, "high": 100}, {"low": 24, "high": 91}) == "outside"
    assert claim_agreement({"low": 5, "high": 5}, {"low": None, "high": None}) == "unknown"
    assert claim_agreement(None, {"low": 1, "high": 2}) == "unknown"


def test_check_article_matches_stored_incidents_of_its_governorate_and_days(db):
    engine = api.open_db(db)
    try:
        text = Path(EXAMPLE).read_text(encoding="utf-8")
        sub = SubmittedArticle(text=text, published=dt.date(2016, 9, 18), outlet="aranews")
        first_check = check_article(engine, sub, extractor=api.extract_article, store=True)
        assert first_check.matches == [[] for _ in first_check.extraction.incidents]  # an empty store
        assert first_check.stored["article_id"] and api.count_articles(engine) == 1
        api.relink(engine)
        # another outlet's report of the same strike matches the stored incident; nothing is stored
        other = SubmittedArticle(text=("At least 62 Syrian soldiers were killed on Saturday when coalition jets "
                                       "struck army positions near Deir ez-Zor airport, the Russian army said."),
                                 published=dt.date(2016, 9, 18), outlet="tass")
        checked = check_article(engine, other, extractor=api.extract_article, store=False)
        incident = checked.extraction.incidents[0]
        assert (incident.admin1, incident.date) == ("Deir ez-Zor", dt.date(2016, 9, 17))
        assert checked.matches[0]
        for summary in checked.matches[0]:
            assert summary.admin1 == "Deir ez-Zor" and abs((summary.date - incident.date).days) <= MATCH_WINDOW_DAYS
        assert checked.stored is None and api.count_articles(engine) == 1
        assert checked.credibility is None or 0.0 <= checked.credibility["score"] <= 1.0
    finally:
        engine.dispose()
