"""Scores stored articles with the (trained) credibility model: the services of `warclaims assess`."""

from __future__ import annotations

from warclaims.models import ArticleExtraction
from warclaims.store import add_articles, open_store, save_extraction


def test_article_without_incident_is_assessed_without_relinking_the_store(tmp_path, monkeypatch, fakes_rows):
    # Regression (review): an unlinked article made assess_stored link every stored report,
    # even when the article had no incident to link; web pages did this on every view.
    from warclaims.services import assess as service
    from warclaims.models import Article

    row = fakes_rows[0]  # Homs governor: deaths, no figure, no incident extracted
    art = Article(id=row["unit_id"], text=row["article_content"], title=row["article_title"], outlet="nna")
    eng = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    add_articles(eng, [art])
    save_extraction(eng, ArticleExtraction(article_id=art.id, extractor_version="test"))

    def relink_everything(engine):
        raise AssertionError("the whole store was relinked")

    monkeypatch.setattr(service, "stored_peers", relink_everything)
    (cred,) = service.assess_stored(eng, [art.id], save=False)
    assert cred.label == "unverifiable"
    eng.dispose()
