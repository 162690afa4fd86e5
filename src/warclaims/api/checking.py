"""Articles submitted one by one (the dashboard's check, ``POST /api/ingest``): read from the
text, HTML or URL given, extracted, assessed against the store, and stored when asked.

The extraction pipeline and the credibility model load on first use (spaCy and scikit-learn take
seconds to import), or ahead of the first check with :func:`warm_up`; importing this module
loads neither.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warclaims.api import processing
from warclaims.api.admin import store_articles, store_checked
from warclaims.api.extraction import extract_article, warm_up_worker
from warclaims.api.queries import incident_page, stored_article, stored_credibility
from warclaims.assess.bundled import bundled_index
from warclaims.assess.features import AssessInput
from warclaims.assess.model import load_model
from warclaims.assess.score import assess
from warclaims.errors import E, WarclaimsError
from warclaims.ingest.fetched import parse_fetched
from warclaims.ingest.html import extract_html
from warclaims.ingest.normalize import make_article
from warclaims.ingest.url import FetchRefused, fetch_guarded, is_public_address, is_url
from warclaims.models import Article, ArticleExtraction, IngestFailure, first_known, to_dict
from warclaims.services.assess import assess_stored, incident_peers, stored_references

if TYPE_CHECKING:
    import sqlalchemy as sa

log = logging.getLogger("warclaims.web")

__all__ = ["CheckedArticle", "Extractor", "Fetcher", "FetchRefused", "SubmittedArticle", "check_article",
           "claim_agreement", "credibility_of", "default_extractor", "fetch_guarded", "ingest_submitted",
           "is_public_address", "matching_incidents", "to_article", "warm_up"]


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


# --- checking one submitted article against the store ---------------------------------------

Extractor = Callable[[Article], ArticleExtraction]
"""``extract(article) -> ArticleExtraction``: the extraction a check runs (the pipeline, or a stand-in)."""
MATCH_WINDOW_DAYS = 3
"""A stored incident this many days either side of a checked incident, in its governorate, may match."""
MATCHES_SHOWN = 5
MAX_CHECK_CHARS = 100_000
"""The longest article text a check extracts (the extraction pipeline's own cap): longer is W202."""
MARKUP_ALLOWANCE = 10
"""Submitted HTML may be this many times longer than its text cap (markup), and is refused unparsed beyond."""


@dataclass(slots=True, kw_only=True)
class CheckedArticle:
    """The result of checking one submitted article: its extraction, the stored incidents each
    extracted incident may be (``matches``, one list per incident), its credibility and, when
    it was stored, where."""

    article: Article
    extraction: ArticleExtraction
    matches: list[list[Any]] = field(default_factory=list)
    credibility: dict[str, Any] | None = None
    stored: dict[str, Any] | None = None


def matching_incidents(engine: sa.Engine, incident: Any) -> list[Any]:
    """Return the stored incident summaries in the same governorate within
    :data:`MATCH_WINDOW_DAYS` of ``incident``, same type and same day first."""
    if incident.date is None or incident.admin1 is None:
        return []
    window = dt.timedelta(days=MATCH_WINDOW_DAYS)
    page = incident_page(engine, limit=20, date_from=incident.date - window, date_to=incident.date + window,
                         admin1=incident.admin1)
    rows = sorted(page.rows, key=lambda r: (r.event_type != incident.event_type, r.date != incident.date))
    return rows[:MATCHES_SHOWN]


def claim_agreement(claim_killed: dict[str, Any] | None, ledger_killed: dict[str, Any] | None) -> str:
    """Return ``inside``, ``outside`` or ``unknown``: where a claim's killed figure (its low, else
    high) falls in a ledger's killed range (each a ``{"low", "high"}`` mapping)."""
    if not claim_killed or not ledger_killed:
        return "unknown"
    point = first_known(claim_killed.get("low"), claim_killed.get("high"))
    low, high = ledger_killed.get("low"), ledger_killed.get("high")
    if point is None or (low is None and high is None):
        return "unknown"
    if (low is None or point >= low) and (high is None or point <= high):
        return "inside"
    return "outside"


def check_article(engine: sa.Engine, sub: SubmittedArticle, *, extractor: Extractor, store: bool,
                  fetcher: Fetcher | None = None, cancelled: threading.Event | None = None) -> CheckedArticle:
    """Extract a submitted article, match each incident to stored ones and judge its credibility.

    Nothing is written unless ``store``; then the article and its extraction are stored as a
    new article, never as a revision of a stored one (W607). Text over :data:`MAX_CHECK_CHARS`
    is refused (W202). Nothing is stored once ``cancelled`` is set (the request timed out).
    """
    given = sub.text or sub.html or ""
    if len(given) > MAX_CHECK_CHARS * MARKUP_ALLOWANCE:  # refuse before parsing, not after
        raise WarclaimsError(E.W202, item="article", size=len(given), limit=MAX_CHECK_CHARS * MARKUP_ALLOWANCE)
    article = to_article(sub, source_ref=sub.url or "api:check", fetcher=fetcher)
    if len(article.text) > MAX_CHECK_CHARS:
        raise WarclaimsError(E.W202, item="article", size=len(article.text), limit=MAX_CHECK_CHARS)
    if store:
        _refuse_stored(engine, article)
    extraction = extractor(article)
    extraction.article_id = article.id
    matches = [matching_incidents(engine, incident) for incident in extraction.incidents]
    stored = None
    if store and not (cancelled is not None and cancelled.is_set()):
        stored_id, duplicate = store_checked(article, extraction, engine)
        stored = {"article_id": stored_id, "duplicate": duplicate}
    first_match = next((found[0].id for found in matches if found), None)
    return CheckedArticle(article=article, extraction=extraction, matches=matches,
                          credibility=credibility_of(engine, article, extraction, first_match), stored=stored)


def _refuse_stored(engine: sa.Engine, article: Article) -> None:
    """Raise W607 when an article with the id or URL of ``article`` is stored (a check never revises)."""
    found = stored_article(article.id, engine)
    if found is not None and found.content_hash != article.content_hash:  # same text: a harmless duplicate
        raise WarclaimsError(E.W607, item=article.id)
