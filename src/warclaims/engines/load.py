"""Loading a batch output folder (see :mod:`warclaims.engines.layout`) into a store.

Articles go through the store's own :func:`~warclaims.store.add_articles` (so identity
rules, duplicates and revisions are the store's), then each article's incidents and
claims are saved for the revision the store gave it, failures are recorded, and links
are handed to the link stage's store module (``save_links``), which recomputes the ledgers.
Loading the same folder twice stores nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warclaims.engines import layout, stages

LOAD_BATCH = 500


@dataclass(slots=True, kw_only=True)
class LoadReport:
    """What :func:`load_outputs` stored."""

    articles: int = 0
    """New articles and new revisions stored."""
    duplicates: int = 0
    extractions: int = 0
    failures: int = 0
    links: int = 0
    notes: list[str] = field(default_factory=list)


def _stored_revisions(result, batch) -> dict[str, tuple[str, int]]:
    """Return ``{incoming id: (stored id, stored revision)}`` from an AddResult."""
    where: dict[str, tuple[str, int]] = {aid: (aid, 1) for aid in result.ingested}
    for aid, rev in result.revisions:
        where[aid] = (aid, rev)
    for dup in result.duplicates:
        where[dup.article_id] = (dup.existing_id, dup.existing_revision)
    for art in batch:  # a new revision found by URL is stored under the existing id
        where.setdefault(art.id, (art.id, art.revision))
    return where


def _by_article(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["article_id"], []).append(row)
    return out


def load_outputs(out_dir: str | Path, db: str | None = None) -> LoadReport:
    """Load the datasets under ``out_dir`` into the store at ``db``; return the LoadReport."""
    from warclaims.store import add_articles, open_store, record_failures
    from warclaims.store.extractions import record_extraction_failure, save_extractions

    report = LoadReport()
    engine = open_store(db)
    try:
        incidents = _by_article(layout.read_rows(out_dir, "incidents"))
        claims = _by_article(layout.read_rows(out_dir, "claims"))
        errors = layout.read_rows(out_dir, "errors")
        failed = {e["source_ref"]: e for e in errors if e["stage"] == "extract"}
        articles = [stages.row_article(r) for r in layout.read_rows(out_dir, "articles")]
        for batch in stages.chunked(articles, LOAD_BATCH):
            result = add_articles(engine, batch)
            report.articles += result.stored
            report.duplicates += len(result.duplicates)
            where = _stored_revisions(result, batch)
            todo = []
            for art in batch:
                sid, rev = where[art.id]
                if art.id in failed:
                    err = failed[art.id]
                    record_extraction_failure(engine, sid, rev, code=err["code"], message=err["message"])
                    continue
                ex = stages.extraction_of(incidents.get(art.id, []), claims.get(art.id, []))
                ex.article_id = sid
                todo.append((ex, rev))
            report.extractions += save_extractions(engine, todo)
        report.failures = record_failures(engine, [_failure(e) for e in errors if e["stage"] == "ingest"])
        report.links = _save_links(engine, out_dir, report)
    finally:
        engine.dispose()
    return report


def _failure(row: dict[str, Any]):
    from warclaims.models import IngestFailure

    return IngestFailure(source_ref=row["source_ref"], code=row["code"], message=row["message"])


def _save_links(engine, out_dir: str | Path, report: LoadReport) -> int:
    """Store the links with the link stage's store module (ledgers are recomputed from claims); return the count."""
    from warclaims.store.ledger import save_links

    links = layout.read_rows(out_dir, "links")
    return save_links(engine, links) if links else 0