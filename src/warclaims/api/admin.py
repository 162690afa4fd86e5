"""The store itself: opened, migrated, relinked; articles, failures and links written as they
are (a batch engine's output, a checked article, the watcher's failures and webhook outbox)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warclaims.api._db import engine_for
from warclaims.config import resolve_db_url
from warclaims.errors import E, WarclaimsError
from warclaims.models import Article, ArticleExtraction, IngestFailure
from warclaims.store import articles as article_store
from warclaims.store import extractions as extraction_store
from warclaims.store import ledger as ledger_store
from warclaims.store import watch as watch_store
from warclaims.store.engine import (
    create_engine,
    current_revision,
    head_revision,
    last_opened_url,
    open_store,
    upgrade,
)

if TYPE_CHECKING:
    import sqlalchemy as sa


def open_db(db: str | None = None) -> sa.Engine:
    """Return an Engine on the store at ``db`` (URL, SQLite path, or None: ``$WARCLAIMS_DB``, else
    ``./warclaims.db``), migrated to the current schema; the caller disposes of it."""
    return open_store(db)


def store_articles(articles: Sequence[Article], db: str | sa.Engine | None = None, *, revise: bool = True):
    """Store articles as they are (no failures recorded, nothing extracted) and return the
    store's :class:`warclaims.store.articles.AddResult` (ingested, revisions, duplicates,
    refused: a changed text of a stored article when ``revise`` is False)."""
    with engine_for(db) as engine:
        return article_store.add_articles(engine, list(articles), revise=revise)


def store_checked(article: Article, extraction: ArticleExtraction,
                  db: str | sa.Engine | None = None) -> tuple[str, bool]:
    """Store a checked article and the extraction made of it as a new article, never as a revision
    of a stored one; return ``(article id, duplicate)``, ``duplicate`` when its text was already
    stored (under that id; nothing written). Raise W607 when an article with its id or URL but
    another text is stored."""
    with engine_for(db) as engine:
        result = article_store.add_articles(engine, [article], revise=False)
        if result.duplicates:
            return result.duplicates[0].existing_id, True
        if result.refused:  # stored meanwhile (or same URL): the check must not replace it
            raise WarclaimsError(E.W607, item=result.refused[0])
        stored_id = result.ingested[0]
        extraction.article_id = stored_id
        extraction_store.save_extraction(engine, extraction)
        return stored_id, False


def last_store_url() -> str:
    """Return the URL (password hidden) of the store most recently opened, for error messages."""
    return last_opened_url()


def upgrade_db(db: str | None = None) -> tuple[str | None, str | None]:
    """Migrate the store at ``db`` to the newest schema (created when missing); return the schema
    revision before (None: empty) and after."""
    return upgrade(db)


def schema_revisions(db: str | None = None) -> tuple[str | None, str]:
    """Return the store's schema revision (None: empty) and the newest one, migrating nothing."""
    engine = create_engine(db)
    try:
        return current_revision(engine), head_revision()
    finally:
        engine.dispose()


def relink(db: str | sa.Engine | None = None, *, new_only: bool = False):
    """Link the stored reports into cross-source incidents and reconcile them: all of them again,
    or with ``new_only`` only the reports not linked yet; return the store's ``LinkRun`` counts."""
    with engine_for(db) as engine:
        return ledger_store.attach_new(engine) if new_only else ledger_store.relink(engine)


def record_failure(failure: IngestFailure, db: str | sa.Engine | None = None) -> None:
    """Store one failure (listed by :func:`errors`)."""
    with engine_for(db) as engine:
        article_store.record_failure(engine, failure)


def webhook_outbox(engine: sa.Engine, name: str, maxsize: int):
    """Return the stored outbox of watcher ``name``'s webhook deliveries (at most ``maxsize``
    pending), a :class:`warclaims.store.watch.StoreOutbox`."""
    return watch_store.StoreOutbox(engine, name, maxsize)


@dataclass(slots=True, kw_only=True)
class LoadedBatch:
    """What :func:`store_processed` stored of one batch."""

    stored: int = 0
    """New articles and new revisions stored."""
    duplicates: int = 0
    extractions: int = 0
    """Extractions saved (extraction failures are recorded, not counted)."""


def store_processed(items: Sequence[tuple[Article, ArticleExtraction | IngestFailure]],
                    db: str | sa.Engine | None = None) -> LoadedBatch:
    """Store articles extracted elsewhere (a batch engine) with their extraction, or their
    extraction failure (``code``, ``message``), each saved for the revision the store gave the
    article (its stored twin's for a duplicate); return the counts."""
    batch = [article for article, _ in items]
    with engine_for(db) as engine:
        result = article_store.add_articles(engine, batch)
        where = _stored_revisions(result, batch)
        todo = []
        for article, outcome in items:
            sid, rev = where[article.id]
            if isinstance(outcome, IngestFailure):
                extraction_store.record_extraction_failure(engine, sid, rev, code=outcome.code,
                                                           message=outcome.message)
                continue
            outcome.article_id = sid
            todo.append((outcome, rev))
        saved = extraction_store.save_extractions(engine, todo)
    return LoadedBatch(stored=result.stored, duplicates=len(result.duplicates), extractions=saved)


def _stored_revisions(result: Any, batch: list[Article]) -> dict[str, tuple[str, int]]:
    """Return ``{incoming id: (stored id, stored revision)}`` from an AddResult."""
    where: dict[str, tuple[str, int]] = {aid: (aid, 1) for aid in result.ingested}
    for aid, rev in result.revisions:
        where[aid] = (aid, rev)
    for dup in result.duplicates:
        where[dup.article_id] = (dup.existing_id, dup.existing_revision)
    for art in batch:  # a new revision found by URL is stored under the existing id
        where.setdefault(art.id, (art.id, art.revision))
    return where


def record_failures(failures: Iterable[IngestFailure], db: str | sa.Engine | None = None) -> int:
    """Store failures (listed by :func:`errors`); return how many."""
    with engine_for(db) as engine:
        return article_store.record_failures(engine, failures)


def save_links(rows: Sequence[dict[str, Any]], db: str | sa.Engine | None = None) -> int:
    """Store links computed elsewhere (every row of a linked incident in one call) and recompute
    the ledgers of their incidents; return how many were stored."""
    with engine_for(db) as engine:
        return ledger_store.save_links(engine, rows)


__all__ = ["LoadedBatch", "last_store_url", "open_db", "record_failure", "record_failures", "relink",
           "resolve_db_url", "save_links", "schema_revisions", "store_articles", "store_checked",
           "store_processed", "upgrade_db", "webhook_outbox"]
