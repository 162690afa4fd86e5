"""Helpers of the assess tests."""

from __future__ import annotations

from warclaims.models import ArticleExtraction


def empty_extractor(articles):
    """Yield an extraction with no incident per article (stands in for spaCy in fast tests)."""
    for a in articles:
        yield ArticleExtraction(article_id=a.id, incidents=[], extractor_version="test-empty")
