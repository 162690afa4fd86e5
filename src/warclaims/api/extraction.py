"""Extraction without a store: articles read from files, URLs or stdin and extracted
(``warclaims extract``), and the chunk extraction the pipeline runs in worker processes and
the batch engines run in their tasks.

Nothing here imports the store (SQLAlchemy), and the extraction pipeline (spaCy, half a second
to import) is the module named by ``PIPELINE``, loaded on first use (:func:`pipeline_module`) like
the ``pipeline`` argument of :func:`warclaims.api.process`: a cold ``warclaims extract`` pays
for nothing else, and ``warclaims --help`` or the web app's start for none of it.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.ingest import FORMATS, read_inputs
from warclaims.ingest.mapping import parse_mapping
from warclaims.ingest.normalize import normalize_text
from warclaims.models import Article, ArticleExtraction, IngestFailure, parse_date

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


def pipeline_module(pipeline: str = PIPELINE) -> ModuleType:
    """Return the extraction pipeline module (imported on first use: it loads spaCy)."""
    return importlib.import_module(pipeline)


def extract_articles(articles: Iterable[Article], *, pipeline: str = PIPELINE) -> Iterator[ArticleExtraction]:
    """Yield the extraction of each article, in order; an article whose extraction fails is logged
    (W201) and skipped, and the run goes on."""
    return pipeline_module(pipeline).extract_articles_lenient(articles)


def extract_article(article: Article, *, pipeline: str = PIPELINE) -> ArticleExtraction:
    """Return the extraction of one article (raises what the pipeline raises)."""
    return pipeline_module(pipeline).extract_article(article)


def extraction_json(extraction: ArticleExtraction) -> dict[str, Any]:
    """Return an extraction as ``warclaims extract --json`` prints it: ``{"id", "incidents": [...]}``
    in the keys of data/gold/SCHEMA.md plus coordinates, confidence and spans."""
    return pipeline_module().extraction_json(extraction)


def parse_published(value: str | None, option: str = "--published"):
    """Return the date ``value`` (YYYY-MM-DD; None stays None), raising W902 naming ``option`` otherwise."""
    try:
        return parse_date(value)
    except ValueError as exc:
        raise WarclaimsError(E.W902, option=option, reason=f"{value!r} is not YYYY-MM-DD") from exc


def read_source(source: str, fmt: str | None = None, *, published: Any = None,
                failures: list[IngestFailure]) -> Iterator[Article]:
    """Yield the Articles of ``source`` (a file, folder or URL read like ``warclaims ingest`` does, or
    ``-`` for plain text on stdin), with ``published`` as their date when given; what cannot be
    read is appended to ``failures``."""
    if source == "-":
        text = normalize_text(sys.stdin.read())
        yield Article(id="stdin", text=text, published=published, source_ref="-")
        return
    for item in read_inputs([source], fmt=fmt):
        if isinstance(item, IngestFailure):
            failures.append(item)
            continue
        if published is not None:
            item.published = published
        yield item
