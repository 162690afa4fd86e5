"""Storing articles: idempotent ingest, revisions, duplicates, listing, failures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import sqlalchemy as sa

from warclaims.models import IngestFailure
from warclaims.store.articles import (
    add_articles,
    article_revisions,
    count_articles,
    count_unprocessed,
    get_article,
    list_articles,
    list_errors,
    record_failure,
    record_failures,
    text_hash,
    unprocessed_articles,
)
from warclaims.store.schema import articles as T


def _copy(article, **changes):
    return dataclasses.replace(article, **changes)


def _rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(T)).scalar_one()


def test_same_content_twice_is_stored_once(engine, fakes_articles):
    first = fakes_articles[0]
    result = add_articles(engine, [_copy(first)])
    assert result.ingested == [first.id]
    again = add_articles(engine, [_copy(first), _copy(first, id="another-id", source_ref="elsewhere")])
    assert again.ingested == [] and again.revisions == []
    assert [d.existing_id for d in again.duplicates] == [first.id, first.id]
    assert again.duplicates[1].source_ref == "elsewhere"
    assert _rows(engine) == 1


def test_whitespace_only_difference_is_a_duplicate(engine, fakes_articles):
    first = fakes_articles[0]
    add_articles(engine, [_copy(first)])
    spaced = _copy(first, text=first.text.replace(". ", ".\n\n"), content_hash="")
    assert len(add_articles(engine, [spaced]).duplicates) == 1


def test_changed_text_at_same_id_becomes_revision_2(engine, fakes_articles):
    first = fakes_articles[0]
    add_articles(engine, [_copy(first)])
    changed = _copy(first, text=first.text + " Updated: the toll rose to 12.", content_hash="")
    result = add_articles(engine, [changed])
    assert result.revisions == [(first.id, 2)]
    assert get_article(engine, first.id).revision == 2
    assert get_article(engine, first.id).text.endswith("rose to 12.")
    assert get_article(engine, first.id, revision=1).text == first.text
    assert article_revisions(engine, first.id) == [1, 2]
    # Listings show only the latest revision.
    assert [a.revision for a in list_articles(engine) if a.id == first.id] == [2]


def test_changed_text_at_same_url_becomes_revision_under_the_stored_id(engine, fakes_articles):
    url = "https://www.reuters.com/article/us-mideast-crisis-syria-homs-idUSKBN17914B"
    first = _copy(fakes_articles[0], url=url)
    add_articles(engine, [first])
    recrawled = _copy(
        fakes_articles[0], id="crawl-2", url=url, text=first.text + " (corrected)", content_hash=""
    )
    result = add_articles(engine, [recrawled])
    assert result.revisions == [(first.id, 2)]
    stored = get_article(engine, first.id)
    assert stored.metadata["original_id"] == "crawl-2"
    assert get_article(engine, "crawl-2") is None


def test_revisions_within_one_batch_keep_one_latest(engine, fakes_articles):
    base = fakes_articles[1]
    versions = [_copy(base, text=base.text + f" v{n}", content_hash="") for n in range(3)]
    result = add_articles(engine, versions)
    assert result.ingested == [base.id]
    assert result.revisions == [(base.id, 2), (base.id, 3)]
    with engine.connect() as conn:
        latest = conn.execute(sa.select(T.c.revision).where(T.c.id == base.id, T.c.is_latest)).scalars().all()
    assert latest == [3]


def test_fakes_dev_is_stored_minus_exact_duplicates(engine, fakes_articles):
    """617 rows: 12 exact repeats are duplicates; id 1926479112 comes twice with changed text."""
    articles = [_copy(a) for a in fakes_articles]
    started = time.perf_counter()
    result = add_articles(engine, articles)
    elapsed = time.perf_counter() - started
    distinct_texts = len({text_hash(a.text) for a in fakes_articles})
    assert result.stored + len(result.duplicates) == 617
    assert result.stored == distinct_texts == 605
    assert len(result.duplicates) == 12
    assert result.revisions == [("1926479112", 2)]
    assert _rows(engine) == 605
    assert count_articles(engine) == 604
    assert elapsed < 30
    # Idempotent: the whole file again stores nothing.
    again = add_articles(engine, [_copy(a) for a in fakes_articles])
    assert again.stored == 0 and len(again.duplicates) == 617


def test_list_search_outlet_and_paging(engine, fakes_articles):
    add_articles(engine, [_copy(a) for a in fakes_articles[:120]])
    ahram = list_articles(engine, outlet="Ahram", limit=None)
    assert len(ahram) == 17 and all(a.outlet == "ahram" for a in ahram)
    homs = list_articles(engine, search="homs governor", limit=None)
    assert fakes_articles[0].id in {a.id for a in homs}
    assert all("homs governor" in (a.title + " " + a.text).lower() for a in homs)
    assert count_articles(engine, search="homs governor") == len(homs)
    page1 = list_articles(engine, limit=10)
    page2 = list_articles(engine, limit=10, offset=10)
    assert len(page1) == 10 and not {a.id for a in page1} & {a.id for a in page2}
    dates = [a.published for a in list_articles(engine, limit=None)]
    assert dates == sorted(dates, reverse=True)
    # LIKE wildcards in the search are literal.
    assert list_articles(engine, search="%") == []


def test_article_round_trips_every_field(engine, fakes_articles):
    original = _copy(fakes_articles[2], url="https://example.org/a", language="en")
    add_articles(engine, [original])
    stored = get_article(engine, original.id)
    assert stored.text == original.text
    assert stored.title == original.title
    assert stored.published == original.published
    assert stored.metadata == original.metadata
    assert stored.content_hash == text_hash(original.text)
    assert (stored.url, stored.language, stored.outlet) == ("https://example.org/a", "en", original.outlet)
    assert get_article(engine, "no-such-id") is None


def test_failures_are_recorded_and_listed_in_order(engine):
    record_failure(
        engine, IngestFailure(source_ref="data/x.csv#row=3", code="W105", message="malformed CSV row")
    )
    record_failures(
        engine,
        [
            IngestFailure(
                source_ref="missing.txt", code="W113", message="missing.txt: no such file or directory"
            )
        ],
        run_id="run-1",
    )
    errors = list_errors(engine)
    assert [(e.code, e.source_ref) for e in errors] == [("W105", "data/x.csv#row=3"), ("W113", "missing.txt")]
    assert isinstance(errors[0].created, dt.datetime)
    assert [e.code for e in list_errors(engine, run_id="run-1")] == ["W113"]


def test_unprocessed_lists_latest_revisions_not_yet_extracted(engine, fakes_articles):
    from warclaims.models import ArticleExtraction
    from warclaims.store.extractions import save_extraction

    add_articles(engine, [_copy(a) for a in fakes_articles[:5]])
    assert count_unprocessed(engine) == 5
    save_extraction(engine, ArticleExtraction(article_id=fakes_articles[0].id, extractor_version="t"))
    todo = unprocessed_articles(engine)
    assert fakes_articles[0].id not in {a.id for a in todo} and len(todo) == 4
    assert len(unprocessed_articles(engine, limit=2)) == 2
    # A new revision needs processing again.
    add_articles(engine, [_copy(fakes_articles[0], text=fakes_articles[0].text + " More.", content_hash="")])
    assert fakes_articles[0].id in {a.id for a in unprocessed_articles(engine)}
