"""Storing and reading articles and ingest errors.

Identity rules of :func:`add_articles`:

* same ``content_hash`` as a stored revision: a *duplicate*, not stored again; but when it
  has the same id and brings article fields (published, title, outlet, url) the stored row
  lacks or has otherwise, it is a *correction*: those fields are updated in place and the
  article's extraction and credibility are cleared so the next processing redoes them
  (a re-ingest with a date column mapped at last is not lost as a "duplicate");
* same ``id``, or same ``url`` as a stored article, with different text: a new *revision*
  of that article (revision = latest + 1; the stored id is kept);
* otherwise a new article at revision 1.

Rows are written in batches (one multi-row INSERT per batch) inside one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import sqlalchemy as sa

from warclaims.ingest.normalize import content_hash
from warclaims.models import Article, IngestFailure
from warclaims.store.schema import articles as T
from warclaims.store.schema import ingest_errors, processed_articles
from warclaims.store.clock import utcnow
from warclaims.store.credibility import credibility
from warclaims.store.engine import serialize_writers
from warclaims.store.extractions import clear_extraction

BATCH_SIZE = 500
_MAX_RETRIES = 3


@dataclass(slots=True, kw_only=True)
class Duplicate:
    """An incoming article whose text is already stored (same content hash)."""

    source_ref: str
    article_id: str
    """The incoming article's id."""
    existing_id: str
    existing_revision: int


@dataclass(slots=True, kw_only=True)
class AddResult:
    """What :func:`add_articles` did with each incoming article."""

    ingested: list[str] = field(default_factory=list)
    """Ids stored as new articles (revision 1)."""
    revisions: list[tuple[str, int]] = field(default_factory=list)
    """(id, revision) of new revisions of already stored articles."""
    duplicates: list[Duplicate] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Ids (or URLs' ids) already stored, not revised because revising was not allowed."""
    corrected: list[tuple[str, list[str]]] = field(default_factory=list)
    """(id, fields) of stored articles whose fields were corrected by a re-ingest of the same text."""

    def extend(self, other: AddResult) -> None:
        """Append the outcomes of ``other`` to this result."""
        self.ingested.extend(other.ingested)
        self.revisions.extend(other.revisions)
        self.duplicates.extend(other.duplicates)
        self.refused.extend(other.refused)
        self.corrected.extend(other.corrected)

    @property
    def stored(self) -> int:
        """Return how many rows were written (new articles plus new revisions)."""
        return len(self.ingested) + len(self.revisions)


def text_hash(text: str) -> str:
    """Return the content hash the readers give ``text`` (sha256 of normalised, collapsed text)."""
    return content_hash(text)


def _prepared(article: Article) -> Article:
    """Return the article with content_hash and id filled in when the reader left them empty."""
    if not article.content_hash:
        article.content_hash = text_hash(article.text)
    if not article.id:
        article.id = f"sha256-{article.content_hash[:16]}"
    return article


def _article_row(article: Article, article_id: str, revision: int, now: dt.datetime) -> dict[str, Any]:
    meta = dict(article.metadata or {})
    if article_id != article.id:  # a new revision found by URL under another id: keep the reader's id
        meta.setdefault("original_id", article.id)
    return {
        "id": article_id,
        "revision": revision,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published,
        "title": article.title,
        "text": article.text,
        "language": article.language,
        "content_hash": article.content_hash,
        "source_ref": article.source_ref or "",
        "meta": meta,
        "ingested_at": now,
        "is_latest": True,
    }


def row_to_article(row: Any) -> Article:
    """Return the Article of an ``articles`` row (a Row or mapping)."""
    m = row._mapping if hasattr(row, "_mapping") else row
    return Article(
        id=m["id"],
        revision=m["revision"],
        text=m["text"],
        title=m["title"],
        url=m["url"],
        outlet=m["outlet"],
        published=m["published"],
        language=m["language"],
        content_hash=m["content_hash"],
        source_ref=m["source_ref"],
        metadata=dict(m["meta"] or {}),
    )


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Yield lists of at most ``size`` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _known(conn: sa.Connection, batch: list[Article]):
    """Return what the store already holds for a batch.

    Three dicts: content hash -> (id, revision, correctable fields); id -> latest revision; URL -> id.
    """
    hashes = {a.content_hash for a in batch}
    known_hash = {
        r.content_hash: (r.id, r.revision, {f: getattr(r, f) for f in CORRECTABLE})
        for r in conn.execute(
            sa.select(T.c.content_hash, T.c.id, T.c.revision, *(T.c[f] for f in CORRECTABLE))
            .where(T.c.content_hash.in_(hashes))
        )
    }
    cond = T.c.id.in_({a.id for a in batch})
    urls = {a.url for a in batch if a.url}
    if urls:
        cond = sa.or_(cond, T.c.url.in_(urls))
    latest_by_id: dict[str, int] = {}
    id_by_url: dict[str, str] = {}
    for r in conn.execute(sa.select(T.c.id, T.c.revision, T.c.url).where(T.c.is_latest, cond)):
        latest_by_id[r.id] = r.revision
        if r.url:
            id_by_url.setdefault(r.url, r.id)
    return known_hash, latest_by_id, id_by_url


CORRECTABLE = ("published", "title", "outlet", "url")
"""Article fields a re-ingest of the same text may correct (see the module's identity rules)."""


def _corrections(art: Article, stored: dict[str, Any]) -> dict[str, Any]:
    """Return the fields ``art`` gives that differ from the stored row's (a given value never erased)."""
    return {f: getattr(art, f) for f in CORRECTABLE
            if getattr(art, f) is not None and getattr(art, f) != stored.get(f)}


def _plan_batch(conn: sa.Connection, batch: list[Article], now: dt.datetime, revise: bool = True):
    """Return (rows to insert, (id, old revision) rows to un-mark latest, AddResult) for a batch.

    Later articles of the batch see the earlier ones, so a batch may hold several
    revisions of one article, or the same text twice.
    """
    known_hash, latest_by_id, id_by_url = _known(conn, batch)
    inserts: list[dict[str, Any]] = []
    demote: list[dict[str, Any]] = []
    new_in_batch: dict[tuple[str, int], dict[str, Any]] = {}
    corrections: list[tuple[str, int, dict[str, Any]]] = []
    result = AddResult()
    for art in batch:
        if art.content_hash in known_hash:
            old_id, old_rev, stored = known_hash[art.content_hash]
            fix = _corrections(art, stored) if revise and old_id == art.id else {}
            if fix:
                corrections.append((old_id, old_rev, fix))
                stored.update(fix)
                result.corrected.append((old_id, sorted(fix)))
                continue
            result.duplicates.append(
                Duplicate(
                    source_ref=art.source_ref,
                    article_id=art.id,
                    existing_id=old_id,
                    existing_revision=old_rev,
                )
            )
            continue
        target = art.id if art.id in latest_by_id else id_by_url.get(art.url or "")
        if target and not revise:
            result.refused.append(target)
            continue
        revision = latest_by_id[target] + 1 if target else 1
        article_id = target or art.id
        if target:
            old = new_in_batch.get((target, revision - 1))
            if old is not None:  # the previous revision is in this very batch: insert it as not latest
                old["is_latest"] = False
            else:
                demote.append({"b_id": target, "b_rev": revision - 1})
            result.revisions.append((article_id, revision))
        else:
            result.ingested.append(article_id)
        row = _article_row(art, article_id, revision, now)
        inserts.append(row)
        new_in_batch[(article_id, revision)] = row
        known_hash[art.content_hash] = (article_id, revision, {f: row[f] for f in CORRECTABLE})
        latest_by_id[article_id] = revision
        if art.url:
            id_by_url.setdefault(art.url, article_id)
    return inserts, demote, corrections, result


def _write_batch(engine: sa.Engine, batch: list[Article], *, revise: bool = True) -> AddResult:
    """Plan and write one batch in one transaction; return its AddResult."""
    now = utcnow()
    with engine.begin() as conn:
        serialize_writers(conn, "articles")  # plan on what other writers committed, not a stale snapshot
        inserts, demote, corrections, result = _plan_batch(conn, batch, now, revise)
        if demote:
            conn.execute(
                T.update()
                .where(T.c.id == sa.bindparam("b_id"), T.c.revision == sa.bindparam("b_rev"))
                .values(is_latest=False),
                demote,
            )
        if inserts:
            conn.execute(T.insert(), inserts)
        for article_id, revision, fix in corrections:
            _apply_correction(conn, article_id, revision, fix)
    return result


def _apply_correction(conn: sa.Connection, article_id: str, revision: int, fix: dict[str, Any]) -> None:
    """Update corrected fields of a stored row and clear what was derived from the old ones; returns None."""
    # A row inserted in this very batch is not in the table yet when planned: it is updated here too.
    conn.execute(T.update().where(T.c.id == article_id, T.c.revision == revision).values(**fix))
    clear_extraction(conn, article_id)  # dates and places depend on `published`: extract again
    conn.execute(credibility.delete().where(credibility.c.article_id == article_id))


def add_articles(
    engine: sa.Engine, articles: Iterable[Article], *, batch_size: int = BATCH_SIZE, revise: bool = True
) -> AddResult:
    """Store ``articles`` in batches; return which were ingested, new revisions, or duplicates.

    With ``revise=False`` an article whose id or URL is already stored is not written at all
    (listed in ``refused``): the stored article is never replaced.

    Safe to call with the same input twice: the second call stores nothing and reports
    every article as a duplicate. A batch that collides with a concurrent writer
    (unique hash taken meanwhile, database locked) is planned again and retried.
    """
    total = AddResult()
    for batch in _chunks((_prepared(a) for a in articles), batch_size):
        for attempt in range(_MAX_RETRIES):
            try:
                total.extend(_write_batch(engine, batch, revise=revise))
                break
            except (sa.exc.IntegrityError, sa.exc.OperationalError):
                if attempt == _MAX_RETRIES - 1:
                    raise
    return total


def record_failures(
    engine: sa.Engine, failures: Iterable[IngestFailure], *, run_id: str | None = None
) -> int:
    """Store ingest failures (one multi-row INSERT); return how many were stored."""
    now = utcnow()
    rows = [
        {
            "run_id": run_id,
            "source_ref": f.source_ref,
            "code": str(getattr(f.code, "value", f.code)),
            "message": f.message,
            "created": f.created or now,
        }
        for f in failures
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(ingest_errors.insert(), rows)
    return len(rows)


def record_failure(engine: sa.Engine, failure: IngestFailure, *, run_id: str | None = None) -> None:
    """Store one ingest failure; returns None."""
    record_failures(engine, [failure], run_id=run_id)


def list_errors(
    engine: sa.Engine, *, run_id: str | None = None, limit: int | None = None, offset: int = 0
) -> list[IngestFailure]:
    """Return stored failures, oldest first, optionally only those of one run."""
    q = sa.select(ingest_errors).order_by(ingest_errors.c.id).offset(offset)
    if run_id is not None:
        q = q.where(ingest_errors.c.run_id == run_id)
    if limit is not None:
        q = q.limit(limit)
    with engine.connect() as conn:
        return [
            IngestFailure(source_ref=r.source_ref, code=r.code, message=r.message, created=r.created)
            for r in conn.execute(q)
        ]


def _filters(search: str | None, outlet: str | None) -> list[sa.ColumnElement[bool]]:
    conds: list[sa.ColumnElement[bool]] = [T.c.is_latest]
    if search:
        conds.append(
            sa.or_(T.c.title.icontains(search, autoescape=True), T.c.text.icontains(search, autoescape=True))
        )
    if outlet:
        conds.append(sa.func.lower(T.c.outlet) == outlet.lower())
    return conds


def list_articles(
    engine: sa.Engine,
    *,
    search: str | None = None,
    outlet: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[Article]:
    """Return the latest revision of stored articles, newest publication first.

    ``search`` matches title or text case-insensitively; ``outlet`` matches exactly
    (case-insensitive). ``limit=None`` returns all.
    """
    q = (
        sa.select(T)
        .where(*_filters(search, outlet))
        .order_by(T.c.published.desc().nulls_last(), T.c.id)
        .offset(offset)
    )
    if limit is not None:
        q = q.limit(limit)
    with engine.connect() as conn:
        return [row_to_article(r) for r in conn.execute(q)]


def count_articles(engine: sa.Engine, *, search: str | None = None, outlet: str | None = None) -> int:
    """Return how many articles (latest revisions) match the filters of :func:`list_articles`."""
    q = sa.select(sa.func.count()).select_from(T).where(*_filters(search, outlet))
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def get_article(engine: sa.Engine, article_id: str, revision: int | None = None) -> Article | None:
    """Return the article's latest revision (or ``revision``), or None when not stored."""
    q = sa.select(T).where(T.c.id == article_id)
    q = q.where(T.c.revision == revision) if revision is not None else q.where(T.c.is_latest)
    with engine.connect() as conn:
        row = conn.execute(q).first()
    return row_to_article(row) if row is not None else None


def article_revisions(engine: sa.Engine, article_id: str) -> list[int]:
    """Return the stored revision numbers of an article, oldest first (empty when unknown)."""
    q = sa.select(T.c.revision).where(T.c.id == article_id).order_by(T.c.revision)
    with engine.connect() as conn:
        return list(conn.execute(q).scalars())


def unprocessed_articles(engine: sa.Engine, limit: int | None = None) -> list[Article]:
    """Return latest article revisions that extraction has not handled yet, oldest ingested first."""
    P = processed_articles
    q = (
        sa.select(T)
        .outerjoin(P, sa.and_(P.c.article_id == T.c.id, P.c.revision == T.c.revision))
        .where(T.c.is_latest, P.c.article_id.is_(None))
        .order_by(T.c.ingested_at, T.c.id)
    )
    if limit is not None:
        q = q.limit(limit)
    with engine.connect() as conn:
        return [row_to_article(r) for r in conn.execute(q)]


def count_unprocessed(engine: sa.Engine) -> int:
    """Return how many latest article revisions still await extraction."""
    P = processed_articles
    q = (
        sa.select(sa.func.count())
        .select_from(T.outerjoin(P, sa.and_(P.c.article_id == T.c.id, P.c.revision == T.c.revision)))
        .where(T.c.is_latest, P.c.article_id.is_(None))
    )
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())
