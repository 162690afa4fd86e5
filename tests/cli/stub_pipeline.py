"""A stand-in for ``warclaims.extract.pipeline`` (same two functions), importable by worker processes.

One incident per article, one claim per "killed N" / "N people killed" phrase with its
exact span; an article containing "POISON" raises, to test failure isolation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from warclaims.models import Article, ArticleExtraction, Claim, Incident, Interval

_KILLED = re.compile(r"(\d+) (?:people|civilians|persons) (?:were )?killed|killed (\d+)")


def extract_article(article: Article) -> ArticleExtraction:
    """Return the stub extraction of one article."""
    if "POISON" in article.text:
        raise ValueError("stub cannot read this article")
    claims = []
    for m in _KILLED.finditer(article.text):
        n = int(m.group(1) or m.group(2))
        claims.append(
            Claim(
                claimant=article.outlet or "outlet",
                claimant_type="news_outlet",
                killed=Interval(low=n, high=n),
                quote=m.group(0),
                quote_span=m.span(),
                article_id=article.id,
            )
        )
    incident = Incident(
        event_type="airstrike",
        admin1="Idlib",
        claims=claims,
        article_id=article.id,
        killed=claims[0].killed if claims else None,
    )
    return ArticleExtraction(article_id=article.id, incidents=[incident], extractor_version="stub-1")


def extract_articles(articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleExtraction]:
    """Return the stub extractions, in input order."""
    for article in articles:
        yield extract_article(article)
