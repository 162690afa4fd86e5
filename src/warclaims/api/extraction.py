"""Extraction without a store: articles read from files, URLs or stdin and extracted
(``warclaims extract``), and the chunk extraction the pipeline runs in worker processes and
the batch engines run in their tasks.

Nothing here imports the store (SQLAlchemy): a cold ``warclaims extract`` stays fast.
"""

from __future__ import annotations

import contextlib
import importlib

from warclaims.errors import E, WarclaimsError
from warclaims.models import Article, ArticleExtraction, IngestFailure

EXTRACT_BATCH = 16
"""Articles a worker extracts in one spaCy batch (``nlp.pipe``)."""
PIPELINE = "warclaims.extract.pipeline"
"""The module providing ``extract_articles`` and ``extract_article`` (the extract contract)."""


Outcome = tuple[str, "ArticleExtraction | None", "IngestFailure | None"]


def warm_up_worker(pipeline: str = PIPELINE) -> None:
    """Load the extraction pipeline (spaCy) once in a worker process; returns None."""
    with contextlib.suppress(Exception):  # a failure here shows up again, per article, later
        warm = Article(id="warm-up", text="Two people were killed in Aleppo on Monday.")
        importlib.import_module(pipeline).extract_article(warm)


def _failure(article: Article, exc: Exception) -> IngestFailure:
    """Return the W2xx failure recorded for an article whose extraction raised ``exc``."""
    if isinstance(exc, WarclaimsError):
        err = exc
    else:
        err = WarclaimsError(E.W201, item=article.id, reason=f"{type(exc).__name__}: {exc}")
    return IngestFailure(source_ref=article.id, code=err.code.value, message=" ".join(err.message.split()))


def extract_chunk(
    articles: list[Article], batch_size: int = EXTRACT_BATCH, pipeline: str = PIPELINE
) -> list[Outcome]:
    """Return ``(article_id, extraction, None)`` or ``(article_id, None, failure)`` per article.

    Runs the batch through the pipeline; if the batch fails, each article is retried
    alone so one bad article does not fail its neighbours.
    """
    module = importlib.import_module(pipeline)
    extract_articles, extract_article = module.extract_articles, module.extract_article
    try:
        results = list(extract_articles(articles, batch_size=batch_size))
        if len(results) == len(articles):
            return [(a.id, r, None) for a, r in zip(articles, results, strict=True)]
    except Exception:  # noqa: BLE001 - fall back to one article at a time to isolate the culprit
        pass
    outcomes: list[Outcome] = []
    for article in articles:
        try:
            outcomes.append((article.id, extract_article(article), None))
        except Exception as exc:  # noqa: BLE001 - recorded as W201 for this article only
            outcomes.append((article.id, None, _failure(article, exc)))
    return outcomes

