"""Articles submitted one by one (the dashboard's check, ``POST /api/ingest``): read from the
text, HTML or URL given, extracted, assessed against the store, and stored when asked.

The extraction pipeline and the credibility model load on first use (spaCy and scikit-learn take
seconds to import), or ahead of the first check with :func:`warm_up`; importing this module
loads neither.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warclaims.api import processing
from warclaims.api.admin import store_articles
from warclaims.api.extraction import extract_article, warm_up_worker
from warclaims.api.queries import stored_credibility
from warclaims.assess.bundled import bundled_index
from warclaims.assess.features import AssessInput
from warclaims.assess.model import load_model
from warclaims.assess.score import assess
from warclaims.errors import E, WarclaimsError
from warclaims.ingest.fetched import parse_fetched
from warclaims.ingest.html import extract_html
from warclaims.ingest.normalize import make_article
from warclaims.ingest.url import FetchRefused, fetch_guarded, is_public_address, is_url
from warclaims.models import Article, ArticleExtraction, IngestFailure, to_dict
from warclaims.services.assess import assess_stored, incident_peers, stored_references

if TYPE_CHECKING:
    import sqlalchemy as sa

log = logging.getLogger("warclaims.web")

__all__ = ["Fetcher", "FetchRefused", "SubmittedArticle", "credibility_of", "default_extractor",
           "fetch_guarded", "ingest_submitted", "is_public_address", "to_article", "warm_up"]


@dataclass(slots=True, kw_only=True)
class SubmittedArticle:
    """An article sent to /api/check or /api/ingest: exactly one of text, html or url."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    id: str | None = None


Fetcher = Callable[[str], Any]
"""``fetch(url) -> Fetched`` of server-side fetches (raises FetchRefused); None: fetching is off."""


def warm_up() -> None:
    """Load what a first check would otherwise wait seconds for: the extraction pipeline
    (spaCy, gazetteer, rules), the credibility model (scikit-learn) and the bundled UCDP GED
    reference records. A failure is left for the check that needs the part, which reports
    it with its code."""
    warm_up_worker()  # suppresses its own failure
    for load in (load_model, bundled_index):
        try:
            load()
        except Exception:  # noqa: BLE001 - reported again, coded, by the check that needs it
            log.warning("warm-up: %s failed", load.__name__, exc_info=True)


def default_extractor() -> Callable[[Article], ArticleExtraction]:
    """Return the extraction pipeline's ``extract_article`` (imported on first use)."""
    return extract_article


def to_article(sub: SubmittedArticle, *, source_ref: str, fetcher: Fetcher | None = None) -> Article:
    """Return the Article of a submission (text, HTML or fetched URL); raise the ingest error.

    A URL is fetched only with a ``fetcher`` (the server's ``--allow-fetch``); without one it is
    refused with W608.
    """
    given = [name for name in ("text", "html", "url") if getattr(sub, name)]
    if len(given) != 1:
        raise WarclaimsError(E.W604, field="text", reason="give exactly one of text, html or url")
    if sub.url:
        item = _fetch_url(sub.url, fetcher)
    elif sub.html:
        item = extract_html(sub.html, source_ref=source_ref)
    else:
        item = make_article(text=sub.text or "", title=sub.title, source_ref=source_ref, dataset_id=sub.id,
                            outlet=sub.outlet, published=sub.published)
    if isinstance(item, IngestFailure):
        raise _failure_error(item)
    item.title = sub.title or item.title
    item.outlet = sub.outlet or item.outlet
    item.published = sub.published or item.published
    return item


def _fetch_url(url: str, fetcher: Fetcher | None) -> Article | IngestFailure:
    """Return the Article at ``url`` fetched by ``fetcher``; raise W608 (off) or the one generic W609."""
    if not is_url(url):
        raise WarclaimsError(E.W604, field="url", reason="must start with http:// or https://")
    if fetcher is None:
        raise WarclaimsError(E.W608)
    try:
        fetched = fetcher(url)
    except FetchRefused as exc:
        # The reason (refused address, closed port, timeout...) stays in the server log: telling
        # the requester would let them map the server's network.
        log.warning("server-side fetch of %r refused or failed: %s", url, exc)
        raise WarclaimsError(E.W609) from None
    for item in parse_fetched(fetched, url):
        return item
    raise WarclaimsError(E.W108, item=url)


def _failure_error(failure: IngestFailure) -> WarclaimsError:
    """Return a 422 error naming the field for an ingest failure of a submitted article."""
    return WarclaimsError(E.W604, field="text", reason=f"[{failure.code}] {failure.message}")


def credibility_of(engine: sa.Engine, article: Article, extraction: ArticleExtraction | None,
                   match_id: str | None = None, *, is_stored: bool = False) -> dict[str, Any] | None:
    """Return the article's credibility as a dict: the stored verdict, else one computed now; None if unavailable.

    A verdict computed now (for an article being checked) takes as peers the reports of
    ``match_id``, the stored incident it matches, and the loaded reference records.
    """
    found = stored_credibility(article.id, engine)
    if found is not None:
        return to_dict(found)
    try:
        if is_stored:
            return to_dict(next(assess_stored(engine, [article.id], save=False)))
        peers = incident_peers(engine, match_id, article.id) if match_id is not None else []
        data = AssessInput(article=article, extraction=extraction, peers=peers,
                           references=stored_references(engine, extraction))
        return to_dict(assess(data))
    except WarclaimsError as err:  # e.g. no trained model (W502): the rest of the result still stands
        log.warning("credibility not computed: %s", err)
        return None


def ingest_submitted(engine: sa.Engine, subs: list[SubmittedArticle], *, process: bool,
                     fetcher: Fetcher | None = None) -> dict[str, Any]:
    """Store submitted articles (and extract and link them when ``process``); return counts and ids."""
    articles = [to_article(s, source_ref=s.url or f"api:ingest#{n}", fetcher=fetcher) for n, s in enumerate(subs)]
    result = store_articles(articles, engine)
    report = {
        "ingested": len(result.ingested),
        "revisions": len(result.revisions),
        "duplicates": len(result.duplicates),
        "article_ids": result.ingested + [aid for aid, _ in result.revisions],
    }
    if process:
        # resume=False: a request does not take on work other runs left (a whole loaded store to assess).
        # processing.process links what it extracted; its report says what that linking did.
        processed = processing.process(engine, resume=False)
        report["processed"] = {"processed": processed.processed, "incidents": processed.incidents,
                               "claims": processed.claims, "failed": processed.failed}
        report["linked"] = {"reports": processed.linked_reports, "incidents": processed.incidents_total,
                            "created": processed.linked_created, "updated": processed.linked_updated}
    return report
