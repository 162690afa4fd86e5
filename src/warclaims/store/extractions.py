"""Persisting extraction results: article incidents, their claims, and the processed marker.

An article's extraction belongs to one revision (by default its latest). Saving an
extraction replaces whatever was stored for that article before, for every revision,
so a re-run or a new revision never leaves stale incidents behind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from warclaims.errors import E, WarclaimsError
from warclaims.models import ArticleExtraction, Claim, Incident, row_reader, to_row
from warclaims.store.clock import utcnow
from warclaims.store.engine import serialize_writers
from warclaims.store.schema import article_incidents as I
from warclaims.store.schema import articles as A
from warclaims.store.schema import claims as C
from warclaims.store.schema import processed_articles as P

_LOAD_CHUNK = 200


def _incident_row(
    inc: Incident, article_id: str, revision: int, version: str, position: int
) -> dict[str, Any]:
    """Return the ``article_incidents`` row of an incident (the record's flat row, ``index`` as ``idx``)."""
    row = to_row(inc)
    del row["index"]
    return {
        **row,
        "article_id": article_id,
        "revision": revision,
        "idx": inc.index if inc.index is not None else position,
        "extractor_version": version,
    }


def _claim_row(claim: Claim, incident_id: int, article_id: str, position: int) -> dict[str, Any]:
    """Return the ``claims`` row of one claim of the incident row ``incident_id``."""
    return {**to_row(claim), "incident_id": incident_id, "article_id": article_id, "position": position,
            "quote": claim.quote or ""}


def _latest_revision_or_w302(conn: sa.Connection, article_id: str) -> int:
    """Return the article's latest stored revision (its ``is_latest`` row); raise W302 when not stored."""
    rev = conn.execute(sa.select(A.c.revision).where(A.c.id == article_id, A.c.is_latest)).scalar()
    if rev is None:
        raise WarclaimsError(E.W302, item=article_id)
    return int(rev)


def clear_extraction(conn: sa.Connection, article_id: str) -> None:
    """Delete every stored incident, claim and processed marker of the article (it is extracted again)."""
    # Explicit deletes rather than relying on ON DELETE CASCADE, which SQLite only honours
    # on connections with foreign keys on.
    conn.execute(C.delete().where(C.c.article_id == article_id))
    conn.execute(I.delete().where(I.c.article_id == article_id))
    conn.execute(P.delete().where(P.c.article_id == article_id))


def _save(conn: sa.Connection, extraction: ArticleExtraction, revision: int | None) -> int:
    article_id = extraction.article_id
    revision = revision if revision is not None else _latest_revision_or_w302(conn, article_id)
    clear_extraction(conn, article_id)
    version = extraction.extractor_version or ""
    incidents = extraction.incidents
    if incidents:
        rows = [_incident_row(inc, article_id, revision, version, n) for n, inc in enumerate(incidents)]
        ids = conn.execute(I.insert().returning(I.c.id, sort_by_parameter_order=True), rows).scalars().all()
        claim_rows = [
            _claim_row(claim, incident_id, article_id, pos)
            for incident_id, inc in zip(ids, incidents, strict=True)
            for pos, claim in enumerate(inc.claims)
        ]
        if claim_rows:
            conn.execute(C.insert(), claim_rows)
    conn.execute(
        P.insert().values(
            article_id=article_id,
            revision=revision,
            extractor_version=version,
            processed_at=utcnow(),
            incidents=len(incidents),
        )
    )
    return revision


def save_extraction(engine: sa.Engine, extraction: ArticleExtraction, *, revision: int | None = None) -> int:
    """Store ``extraction`` for its article (latest revision unless ``revision``); return the revision.

    Replaces the article's previously stored incidents and claims. Raises W302 when the
    article is not stored.
    """
    with engine.begin() as conn:
        return _save(conn, extraction, revision)


def save_extractions(
    engine: sa.Engine, extractions: Iterable[ArticleExtraction | tuple[ArticleExtraction, int | None]]
) -> int:
    """Store several extractions in one transaction; return how many.

    Items are extractions or ``(extraction, revision)`` pairs.
    """
    n = 0
    with engine.begin() as conn:
        for item in extractions:
            extraction, revision = item if isinstance(item, tuple) else (item, None)
            _save(conn, extraction, revision)
            n += 1
    return n


def save_new_extractions(engine: sa.Engine, extractions: Iterable[tuple[ArticleExtraction, int]]) -> list[str]:
    """Store ``(extraction, revision)`` pairs whose revision has no processed marker yet; return their ids.

    A revision another process extracted meanwhile is skipped, not replaced: with several
    ``ingest`` or ``process`` runs at once, each revision is stored once and no link made
    to the first copy's incidents is cut by a second copy.
    """
    saved = []
    with engine.begin() as conn:
        serialize_writers(conn, "extract")
        for extraction, revision in extractions:
            if not _is_processed(conn, extraction.article_id, revision):
                _save(conn, extraction, revision)
                saved.append(extraction.article_id)
    return saved


def _is_processed(conn: sa.Connection, article_id: str, revision: int | None) -> bool:
    """Return True when the revision (latest when None) already has a processed marker."""
    revision = revision if revision is not None else _latest_revision_or_w302(conn, article_id)
    q = sa.select(P.c.article_id).where(P.c.article_id == article_id, P.c.revision == revision)
    return conn.execute(q).first() is not None


def record_extraction_failure(
    engine: sa.Engine, article_id: str, revision: int, *, code: str, message: str, extractor_version: str = ""
) -> None:
    """Mark an article revision as processed with an error so resumed runs skip it; returns None.

    Does nothing when another process stored the revision's extraction meanwhile.
    """
    with engine.begin() as conn:
        serialize_writers(conn, "extract")
        if _is_processed(conn, article_id, revision):
            return
        clear_extraction(conn, article_id)
        conn.execute(
            P.insert().values(
                article_id=article_id,
                revision=revision,
                extractor_version=extractor_version,
                processed_at=utcnow(),
                incidents=0,
                error_code=str(getattr(code, "value", code)),
                error_message=message,
            )
        )


def claims_by_incident(result: sa.Result) -> dict[int, list[Claim]]:
    """Return the Claims of a query's ``claims`` rows by their incident row id, in row order."""
    read = row_reader(Claim, tuple(result.keys()))
    claims: dict[int, list[Claim]] = defaultdict(list)
    for r in result:
        claims[r.incident_id].append(read(r, None))
    return claims


def incident_reader(columns: Iterable[str]) -> Callable[[Any, list[Claim]], Incident]:
    """Return ``read(row, claims)``: the Incident of an ``article_incidents`` row of a query whose
    columns are ``columns``, with its claims."""
    read = row_reader(Incident, tuple(columns), ("claims", "index"))
    return lambda r, claims: read(r, {"claims": claims, "index": r.idx})


def _load_many(conn: sa.Connection, markers: list[Any]) -> list[ArticleExtraction]:
    """Return the extractions of the given processed markers, in their order."""
    ids = [m.article_id for m in markers]
    inc_result = conn.execute(sa.select(I).where(I.c.article_id.in_(ids)).order_by(I.c.article_id, I.c.idx))
    read_incident, inc_rows = incident_reader(inc_result.keys()), inc_result.all()
    claims = claims_by_incident(
        conn.execute(sa.select(C).where(C.c.article_id.in_(ids)).order_by(C.c.incident_id, C.c.position))
    )
    by_article: dict[tuple[str, int], list[Incident]] = defaultdict(list)
    for r in inc_rows:
        by_article[(r.article_id, r.revision)].append(read_incident(r, claims.get(r.id, [])))
    return [
        ArticleExtraction(
            article_id=m.article_id,
            incidents=by_article.get((m.article_id, m.revision), []),
            extractor_version=m.extractor_version,
        )
        for m in markers
    ]


def load_extraction(engine: sa.Engine, article_id: str) -> ArticleExtraction | None:
    """Return the stored extraction of the article, or None when it was never (successfully) processed."""
    q = (
        sa.select(P)
        .where(P.c.article_id == article_id, P.c.error_code.is_(None))
        .order_by(P.c.revision.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        marker = conn.execute(q).first()
        return _load_many(conn, [marker])[0] if marker is not None else None


def processing_state(engine: sa.Engine, article_id: str) -> dict[str, Any] | None:
    """Return the processed marker of the article (revision, version, time, error), or None."""
    q = sa.select(P).where(P.c.article_id == article_id).order_by(P.c.revision.desc()).limit(1)
    with engine.connect() as conn:
        row = conn.execute(q).first()
    return dict(row._mapping) if row is not None else None


def iter_extractions(engine: sa.Engine, *, chunk_size: int = _LOAD_CHUNK) -> Iterator[ArticleExtraction]:
    """Yield the stored extraction of every article's latest revision, by article id."""
    q = (
        sa.select(P.c.article_id, P.c.revision, P.c.extractor_version)
        .join(A, sa.and_(A.c.id == P.c.article_id, A.c.revision == P.c.revision))
        .where(A.c.is_latest, P.c.error_code.is_(None))
        .order_by(P.c.article_id)
    )
    with engine.connect() as conn:
        markers = conn.execute(q).all()
        for start in range(0, len(markers), chunk_size):
            yield from _load_many(conn, markers[start : start + chunk_size])
