"""Read-only queries over the store: articles, failures, extractions, incidents and their
ledgers, claims, outlets, credibility verdicts and watch events, as the CLI and the dashboard
show them.

Incident filters are the keywords of :func:`warclaims.store.ledger.list_incidents`; claim
filters add those of :data:`warclaims.store.claims.CLAIM_FILTERS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warclaims.api._db import engine_for
from warclaims.assess.records import LABELS
from warclaims.errors import E, WarclaimsError
from warclaims.geo.places import governorate
from warclaims.models import Article, ArticleExtraction, IngestFailure
from warclaims.reconcile import Ledger, LedgerClaim
from warclaims.reconcile.changes import EVENT_KINDS
from warclaims.reconcile.ledger import ABSURD, COUNTED, DIFFERENT_VICTIMS, ESTIMATE_PARTS, SUPERSEDED
from warclaims.services.assess import incident_reference, reference_check
from warclaims.store import articles as article_store
from warclaims.store import claims as claim_store
from warclaims.store import credibility as credibility_store
from warclaims.store import extractions as extraction_store
from warclaims.store import incidents as incident_store
from warclaims.store import ledger as ledger_store
from warclaims.store import watch as watch_store

if TYPE_CHECKING:
    import sqlalchemy as sa


@dataclass(slots=True, kw_only=True)
class ArticleDetail:
    """One stored article with its revisions, processing state and extraction (if any)."""

    article: Article
    revisions: list[int] = field(default_factory=list)
    processed: dict[str, Any] | None = None
    """The processed marker: revision, extractor_version, processed_at, incidents, error_code/message."""
    extraction: ArticleExtraction | None = None
    credibility: Any | None = None
    reference: list[dict[str, Any]] = field(default_factory=list)
    """Per incident (in extraction order): the matched reference records and each claim's verdict."""
    """The stored :class:`warclaims.assess.records.Credibility` verdict, when assessed."""


def articles(
    db: str | sa.Engine | None = None,
    *,
    search: str | None = None,
    outlet: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[Article]:
    """Return stored articles (latest revisions), newest first, filtered by text search and outlet."""
    with engine_for(db) as engine:
        return article_store.list_articles(engine, search=search, outlet=outlet, limit=limit, offset=offset)


def count_articles(
    db: str | sa.Engine | None = None, *, search: str | None = None, outlet: str | None = None
) -> int:
    """Return how many stored articles match the filters of :func:`articles`."""
    with engine_for(db) as engine:
        return article_store.count_articles(engine, search=search, outlet=outlet)


def article(
    article_id: str, db: str | sa.Engine | None = None, *, revision: int | None = None
) -> ArticleDetail:
    """Return the article with its revisions, processing state and extraction; raises W302 when unknown."""
    with engine_for(db) as engine:
        found = article_store.get_article(engine, article_id, revision)
        if found is None:
            raise WarclaimsError(E.W302, item=article_id)
        state = extraction_store.processing_state(engine, article_id)
        extraction = None
        if state is not None and state["revision"] == found.revision and state["error_code"] is None:
            extraction = extraction_store.load_extraction(engine, article_id)
        return ArticleDetail(
            article=found,
            revisions=article_store.article_revisions(engine, article_id),
            processed=state,
            extraction=extraction,
            credibility=credibility_store.get_credibility(engine, article_id),
            reference=[incident_reference(engine, inc, f"{found.title or ''}\n{found.text}")
                       for inc in (extraction.incidents if extraction else [])],
        )


def errors(
    db: str | sa.Engine | None = None, *, run_id: str | None = None, limit: int | None = None
) -> list[IngestFailure]:
    """Return stored ingest and extraction failures, oldest first (optionally one run's only)."""
    with engine_for(db) as engine:
        return article_store.list_errors(engine, run_id=run_id, limit=limit)


def extractions(db: str | sa.Engine | None = None) -> Iterable[ArticleExtraction]:
    """Return the stored extractions of every article's latest revision, as a list by article id."""
    with engine_for(db) as engine:
        return list(extraction_store.iter_extractions(engine))


def incident_page(db: str | sa.Engine | None = None, *, cursor: str | None = None, limit: int = 50,
                  **filters: Any):
    """Return one :class:`warclaims.store.ledger.IncidentPage` of incident summaries matching the
    incident filters, newest first, with the next cursor (W902 for a malformed cursor)."""
    with engine_for(db) as engine:
        return ledger_store.list_incidents(engine, cursor=cursor, limit=limit, **filters)


def incident(incident_id: str, db: str | sa.Engine | None = None):
    """Return the reconciled :class:`warclaims.reconcile.Ledger` of a stored incident; W303 when unknown."""
    with engine_for(db) as engine:
        return ledger_store.get_incident(engine, incident_id)


def ledgers(db: str | sa.Engine | None = None, **filters: Any) -> Iterator[Any]:
    """Yield the reconciled ledger of every incident matching the incident filters, newest first."""
    with engine_for(db) as engine:
        yield from ledger_store.iter_ledgers(engine, **filters)


def incident_ids_of_article(article_id: str, db: str | sa.Engine | None = None) -> list[str]:
    """Return the ids of the linked incidents an article reports, in the article's order."""
    with engine_for(db) as engine:
        return ledger_store.incidents_of_article(engine, article_id)


def incident_rows(db: str | sa.Engine | None, ids: list[str]) -> list[Any]:
    """Return the incident summary rows of the given ids, in the order given (unknown ids skipped)."""
    with engine_for(db) as engine:
        return incident_store.incident_rows(engine, ids)


def incident_facet(db: str | sa.Engine | None, name: str, *, outlet_codes: dict[str, str],
                   **filters: Any) -> list[tuple[Any, int]]:
    """Return ``(value, incidents)`` of an overview facet under the incident filters
    (:func:`warclaims.store.incidents.incident_facet`)."""
    with engine_for(db) as engine:
        return incident_store.incident_facet(engine, name, outlet_codes=outlet_codes, **filters)


def map_incidents(db: str | sa.Engine | None = None, *, limit: int, **filters: Any) -> list[Any]:
    """Return up to ``limit`` incident summary rows matching the filters, largest best-killed first."""
    with engine_for(db) as engine:
        return incident_store.map_rows(engine, limit=limit, **filters)


def killed_per_day(db: str | sa.Engine | None = None, **filters: Any) -> list[Any]:
    """Return killed and injured summed per day of the incidents matching the filters
    (:func:`warclaims.store.incidents.killed_per_day`)."""
    with engine_for(db) as engine:
        return incident_store.killed_per_day(engine, **filters)


def report_credibility(db: str | sa.Engine | None, incident_ids: list[str]) -> dict[str, tuple[int, int]]:
    """Return {incident id: (reports judged credible, reports assessed)} from the stored verdicts."""
    with engine_for(db) as engine:
        return credibility_store.report_credibility(engine, incident_ids)


def article_outlets(db: str | sa.Engine | None = None) -> list[str]:
    """Return the distinct outlet values of stored articles (latest revisions)."""
    with engine_for(db) as engine:
        return incident_store.article_outlets(engine)


def articles_per_outlet(db: str | sa.Engine | None = None) -> list[tuple[str | None, int]]:
    """Return ``(stored outlet value, articles)`` over the stored articles' latest revisions."""
    with engine_for(db) as engine:
        return incident_store.articles_per_outlet(engine)


def outlet_verdicts(db: str | sa.Engine | None = None) -> list[tuple[str | None, str, float]]:
    """Return ``(outlet, label, score)`` of the stored credibility verdict of every assessed article."""
    with engine_for(db) as engine:
        return credibility_store.outlet_verdicts(engine)


def ledger_state(db: str | sa.Engine | None = None) -> tuple[str, ...]:
    """Return a value that changes whenever any incident's ledger may (to cache what is computed over them)."""
    with engine_for(db) as engine:
        return incident_store.ledger_state(engine)


def claim_rows(db: str | sa.Engine | None = None, *, offset: int = 0, limit: int | None = None,
               **filters: Any) -> list[Any]:
    """Return the claims matching the claim and incident filters, in the claims view's order, each
    with its claim in its incident's ledger (``(row, ledger claim or None)``)."""
    with engine_for(db) as engine:
        found = claim_store.claim_rows(engine, offset=offset, limit=limit, **filters)
        return list(zip(found, claim_store.ledger_claims_of(engine, found), strict=True))


def count_claims(db: str | sa.Engine | None = None, **filters: Any) -> int:
    """Return how many claims match the claim and incident filters."""
    with engine_for(db) as engine:
        return claim_store.count_claims(engine, **filters)


def claim_facet(db: str | sa.Engine | None, name: str, *, outlet_codes: dict[str, str],
                **filters: Any) -> list[tuple[Any, int]]:
    """Return ``(value, claims)`` of a claims view facet under the filters
    (:func:`warclaims.store.claims.claim_facet`)."""
    with engine_for(db) as engine:
        return claim_store.claim_facet(engine, name, outlet_codes=outlet_codes, **filters)


def view_claims(db: str | sa.Engine | None = None, **filters: Any) -> Iterator[tuple[Any, Any]]:
    """Yield ``(ledger, ledger claim)`` of every claim matching the claim and incident filters, in
    the claims view's order."""
    with engine_for(db) as engine:
        yield from claim_store.iter_view_claims(engine, **filters)


def view_ledgers(db: str | sa.Engine | None = None, **filters: Any) -> Iterator[Any]:
    """Yield the ledgers of the incidents with a claim matching the claim and incident filters, newest first."""
    with engine_for(db) as engine:
        yield from ledger_store.iter_ledgers(engine, within=claim_store.view_incidents(**filters))


def stored_article(article_id: str, db: str | sa.Engine | None = None, *,
                   revision: int | None = None) -> Article | None:
    """Return a stored article (its latest revision, or ``revision``), None when unknown."""
    with engine_for(db) as engine:
        return article_store.get_article(engine, article_id, revision)


def stored_credibility(article_id: str, db: str | sa.Engine | None = None):
    """Return the stored :class:`warclaims.assess.records.Credibility` verdict of an article's
    latest assessed revision, None when it was never assessed."""
    with engine_for(db) as engine:
        return credibility_store.get_credibility(engine, article_id)


def watch_events(db: str | sa.Engine | None = None, *, cursor: str | None = None, limit: int = 50,
                 **filters: Any):
    """Return one page of the change events ``warclaims watch`` recorded, newest first, matching
    the filters of :func:`warclaims.store.watch.list_events` (rows and next cursor)."""
    with engine_for(db) as engine:
        return watch_store.list_events(engine, cursor=cursor, limit=limit, **filters)


def checked_incident(incident_id: str | None, db: str | sa.Engine | None = None, *,
                     most_reported: bool = False) -> tuple[Any, dict[str, Any]]:
    """Return ``(ledger, reference check)`` of a stored incident, or with ``most_reported`` of the
    one reported by the most articles; W303 when unknown (or the store has no incidents)."""
    with engine_for(db) as engine:
        if most_reported:
            incident_id = ledger_store.most_reported_incident(engine)
            if incident_id is None:
                raise WarclaimsError(E.W303, item="(the store has no incidents)")
        ledger = ledger_store.get_incident(engine, incident_id)
        return ledger, reference_check(engine, ledger)


# Names of the records and vocabularies the queries return, for their callers (defined in the stages).
__all__ = ["ABSURD", "COUNTED", "DIFFERENT_VICTIMS", "ESTIMATE_PARTS", "EVENT_KINDS", "LABELS", "SUPERSEDED",
           "ArticleDetail", "Ledger", "LedgerClaim", "article", "article_outlets", "articles", "articles_per_outlet",
           "checked_incident", "claim_facet", "claim_rows", "count_articles", "count_claims", "errors",
           "extractions", "governorate", "incident", "incident_facet", "incident_ids_of_article",
           "incident_page", "incident_rows", "killed_per_day", "ledger_state", "ledgers", "map_incidents",
           "outlet_verdicts", "report_credibility", "stored_article", "stored_credibility", "view_claims",
           "view_ledgers", "watch_events"]
