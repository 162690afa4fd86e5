"""A fast stand-in for ``warclaims.extract.pipeline`` for the concurrent-writers test (the same functions).

One incident per article: the governorate named in the text, the publication day as its date,
one claim "killed N". The concurrency test is about the store, not about NLP speed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from warclaims.models import Article, ArticleExtraction, Claim, Incident, Interval

_KILLED = re.compile(r"killed (\d+)")
_PLACES = ("Aleppo", "Idlib", "Homs", "Hama", "Daraa")


def extract_article(article: Article) -> ArticleExtraction:
    """Return the stub extraction of one article."""
    m = _KILLED.search(article.text)
    n = int(m.group(1)) if m else 1
    claim = Claim(claimant=article.outlet or "outlet", claimant_type="news_outlet", killed=Interval(low=n, high=n),
                  quote=m.group(0) if m else "", quote_span=m.span() if m else None, article_id=article.id)
    admin1 = next((p for p in _PLACES if p in article.text), None)
    incident = Incident(event_type="airstrike", admin1=admin1, place=admin1, date=article.published,
                        claims=[claim], article_id=article.id, killed=claim.killed)
    return ArticleExtraction(article_id=article.id, incidents=[incident], extractor_version="concurrency-stub")


def extract_articles(articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleExtraction]:
    """Return the stub extractions, in input order."""
    for article in articles:
        yield extract_article(article)


def extract_articles_lenient(articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleExtraction]:
    """Return the stub extractions (the stub never fails, so lenient is the same)."""
    return extract_articles(articles, batch_size=batch_size)
