"""warclaims.store.progress: what each stage has left, read from what the stages wrote, and orphans.

The store holds gold-dev articles (FA-KES text) with their gold incidents as extractions, as
tests/reconcile does; one article's extraction failed and one was never extracted.
"""

from __future__ import annotations

import dataclasses

import pytest
from reconcile.store_support import gold_articles_and_extractions  # shared with tests/reconcile

from warclaims.models import Article
from warclaims.store.articles import add_articles
from warclaims.store.extractions import record_extraction_failure, save_extraction
from warclaims.store.ledger import relink
from warclaims.store.progress import delete_orphans, stage_counts, unassessed_article_ids


@pytest.fixture
def staged(engine):
    """Six gold articles stored: four extracted, one failed (W201), one never extracted; not linked."""
    pairs = gold_articles_and_extractions()[:6]
    assert add_articles(engine, [a for a, _ in pairs]).ingested
    for _, extraction in pairs[:4]:
        save_extraction(engine, extraction)
    record_extraction_failure(engine, pairs[4][0].id, 1, code="W201", message="extractor raised ValueError")
    return engine, [a.id for a, _ in pairs], sum(len(e.incidents) for _, e in pairs[:4])


def test_counts_follow_each_stage(staged):
    engine, ids, n_incidents = staged
    counts = stage_counts(engine)
    assert (counts.articles, counts.awaiting_extraction, counts.extraction_failed) == (6, 1, 1)
    assert counts.unlinked_reports == n_incidents > 0
    assert counts.unassessed == 4 and counts.unfinished and not counts.consistent
    with engine.connect() as conn:
        assert unassessed_article_ids(conn) == sorted(ids[:4])
    relink(engine)
    linked = stage_counts(engine)
    assert linked.unlinked_reports == 0 and linked.stale_incidents == 0
    assert not any(linked.orphans.values())


def test_a_revised_article_leaves_links_to_its_old_revision_until_deleted(staged):
    engine, ids, _ = staged
    relink(engine)
    revised = add_articles(engine, [Article(id=ids[0], text="Activists said 12 people were killed in an air strike "
                                                          "on a market in Douma on Monday.")])
    assert revised.revisions == [(ids[0], 2)]
    counts = stage_counts(engine)
    assert counts.orphans["links to superseded revisions"] > 0
    assert counts.awaiting_extraction == 2  # the new revision waits for extraction
    deleted = delete_orphans(engine)
    assert deleted == {k: v for k, v in counts.orphans.items() if v}
    assert not any(stage_counts(engine).orphans.values())
    assert delete_orphans(engine) == {}  # nothing left to delete


def test_stage_counts_of_an_empty_store_are_consistent(engine):
    counts = stage_counts(engine)
    assert dataclasses.astuple(counts)[:6] == (0, 0, 0, 0, 0, 0)
    assert counts.consistent
