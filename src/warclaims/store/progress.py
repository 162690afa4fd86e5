"""Per-article pipeline progress, read from what each stage writes, and the checks of `warclaims doctor`.

Each stage leaves a durable trace per article revision in the same transaction as its
result, so progress cannot disagree with the data:

* **extract**: a ``processed_articles`` marker (with ``error_code`` when extraction failed);
* **link** (and reconcile): an ``incident_links`` row for each of the revision's incidents,
  written with the incident's reconciled summary in ``linked_incidents``;
* **assess**: a ``credibility`` row for the revision.

A run killed between stages leaves revisions extracted but not linked, or linked but not
assessed; :func:`stage_counts` finds them, and ``ingest``/``process`` finish them. The
remaining checks find states no crash should leave (rows orphaned by a write without
foreign keys, incident summaries that do not match their links) for ``warclaims doctor``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from warclaims.store.credibility import credibility as CR
from warclaims.store.ledger import incident_links as K
from warclaims.store.ledger import linked_incidents as L
from warclaims.store.ledger import stale_incident_ids
from warclaims.store.schema import article_incidents as I
from warclaims.store.schema import articles as A
from warclaims.store.schema import claims as C
from warclaims.store.schema import processed_articles as P


@dataclass(slots=True, kw_only=True)
class StageCounts:
    """How many latest article revisions each stage still has to handle, and inconsistencies found."""

    articles: int = 0
    """Latest article revisions in the store."""
    awaiting_extraction: int = 0
    extraction_failed: int = 0
    unlinked_reports: int = 0
    """Incidents of extracted latest revisions with no link to a cross-source incident."""
    unassessed: int = 0
    """Extracted latest revisions (extraction not failed) with no credibility verdict."""
    stale_incidents: int = 0
    """Cross-source incidents whose summary counts another number of reports than their links."""
    orphans: dict[str, int] = field(default_factory=dict)
    """Rows pointing at rows that do not exist (claims, links, markers), by kind."""

    @property
    def unfinished(self) -> bool:
        """Return True when a stage has work left that a crash (or --no-process) left behind."""
        return bool(self.awaiting_extraction or self.unlinked_reports or self.unassessed or self.stale_incidents)

    @property
    def consistent(self) -> bool:
        """Return True when nothing is left unfinished and no row is orphaned."""
        return not self.unfinished and not any(self.orphans.values())


def _latest_extracted() -> sa.Select:
    """Select (id, revision) of latest revisions whose extraction succeeded."""
    return (sa.select(A.c.id, A.c.revision)
            .join(P, sa.and_(P.c.article_id == A.c.id, P.c.revision == A.c.revision))
            .where(A.c.is_latest, P.c.error_code.is_(None)))


def _unlinked_reports() -> sa.Select:
    """Select the article incidents of latest revisions that have no link."""
    return (sa.select(I.c.id)
            .join(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision))
            .outerjoin(K, K.c.article_incident_id == I.c.id)
            .where(A.c.is_latest, K.c.article_incident_id.is_(None)))


def unassessed_article_ids(conn: sa.Connection) -> list[str]:
    """Return the ids of extracted latest revisions with no credibility verdict, sorted."""
    done = _latest_extracted().subquery()
    q = (sa.select(done.c.id)
         .outerjoin(CR, sa.and_(CR.c.article_id == done.c.id, CR.c.revision == done.c.revision))
         .where(CR.c.article_id.is_(None))
         .order_by(done.c.id))
    return list(conn.execute(q).scalars())


def _count(conn: sa.Connection, q: sa.Select) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar_one())


def _orphan_queries() -> dict[str, sa.Select]:
    """Return, by kind, selects of rows whose parent row is missing."""
    return {
        "claims without their incident": sa.select(C.c.id).outerjoin(I, I.c.id == C.c.incident_id)
        .where(I.c.id.is_(None)),
        "links without their report": sa.select(K.c.article_incident_id)
        .outerjoin(I, I.c.id == K.c.article_incident_id).where(I.c.id.is_(None)),
        "links without their incident": sa.select(K.c.article_incident_id)
        .outerjoin(L, L.c.id == K.c.incident_id).where(L.c.id.is_(None)),
        "links to superseded revisions": sa.select(K.c.article_incident_id)
        .join(I, I.c.id == K.c.article_incident_id)
        .join(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision)).where(~A.c.is_latest),
        "incident rows without their article": sa.select(I.c.id)
        .outerjoin(A, sa.and_(A.c.id == I.c.article_id, A.c.revision == I.c.revision)).where(A.c.id.is_(None)),
    }


def stage_counts(engine: sa.Engine) -> StageCounts:
    """Return what each stage has left to do and the orphaned rows, read in one transaction."""
    latest = sa.select(A.c.id).where(A.c.is_latest)
    marked = sa.and_(P.c.article_id == A.c.id, P.c.revision == A.c.revision)
    with engine.connect() as conn:
        return StageCounts(
            articles=_count(conn, latest),
            awaiting_extraction=_count(conn, latest.outerjoin(P, marked).where(P.c.article_id.is_(None))),
            extraction_failed=_count(conn, latest.join(P, marked).where(P.c.error_code.is_not(None))),
            unlinked_reports=_count(conn, _unlinked_reports()),
            unassessed=len(unassessed_article_ids(conn)),
            stale_incidents=len(stale_incident_ids(conn)),
            orphans={kind: _count(conn, q) for kind, q in _orphan_queries().items()},
        )


def delete_orphans(engine: sa.Engine) -> dict[str, int]:
    """Delete the orphaned rows :func:`stage_counts` reports (links to superseded revisions included).

    Returns how many rows of each kind were deleted. Linking afterwards re-attaches the
    reports whose links were removed and recomputes the incidents that lost reports.
    """
    deleted: dict[str, int] = {}
    with engine.begin() as conn:
        for kind, q in _orphan_queries().items():
            ids = list(conn.execute(q).scalars())
            if not ids:
                continue
            table, column = _ORPHAN_TABLES[kind]
            for start in range(0, len(ids), 500):
                conn.execute(table.delete().where(column.in_(ids[start:start + 500])))
            deleted[kind] = len(ids)
    return deleted


_ORPHAN_TABLES = {
    "claims without their incident": (C, C.c.id),
    "links without their report": (K, K.c.article_incident_id),
    "links without their incident": (K, K.c.article_incident_id),
    "links to superseded revisions": (K, K.c.article_incident_id),
    "incident rows without their article": (I, I.c.id),
}
