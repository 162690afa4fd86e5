"""Stage code shared by both engines: records <-> output rows, de-duplication, extraction.

Each function works on plain Python records and rows, so the local engine calls it in
worker processes and the Spark engine calls it inside ``mapInPandas`` / ``applyInPandas``.
Extraction, linking and reconciliation themselves live in their stages
(:mod:`warclaims.extract`, :mod:`warclaims.link`, :mod:`warclaims.reconcile`); this module
only adapts their records to the Parquet layout of :mod:`warclaims.engines.layout`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from warclaims.api import extract_chunk
from warclaims.engines.layout import dumps
from warclaims.models import (
    Article,
    ArticleExtraction,
    Claim,
    Incident,
    IngestFailure,
    from_row,
    incident_from_dict,
    parse_date,
    to_row,
)

EXTRACT_BATCH = 16


# --- articles -------------------------------------------------------------------------


def article_row(article: Article) -> dict[str, Any]:
    """Return the ``articles`` row of an Article (metadata as JSON text)."""
    return {
        "id": article.id, "revision": article.revision, "url": article.url, "outlet": article.outlet,
        "published": article.published, "title": article.title, "text": article.text,
        "language": article.language, "content_hash": article.content_hash,
        "source_ref": article.source_ref, "metadata": dumps(article.metadata or {}),
    }


def row_article(row: dict[str, Any]) -> Article:
    """Return the Article of an ``articles`` row."""
    meta = row.get("metadata")
    return Article(
        id=row["id"], revision=int(row.get("revision") or 1), url=row.get("url"), outlet=row.get("outlet"),
        published=parse_date(row.get("published")), title=row.get("title"), text=row["text"],
        language=row.get("language"), content_hash=row.get("content_hash") or "",
        source_ref=row.get("source_ref") or "", metadata=json.loads(meta) if meta else {},
    )


def failure_row(failure: IngestFailure, stage: str) -> dict[str, Any]:
    """Return the ``errors`` row of a failure met at ``stage`` (``ingest`` or ``extract``)."""
    return {"source_ref": failure.source_ref, "code": str(getattr(failure.code, "value", failure.code)),
            "message": failure.message, "stage": stage}


def split_items(items: Iterable[Article | IngestFailure]) -> tuple[list[Article], list[IngestFailure]]:
    """Return (articles, failures) of a stream of ingest items."""
    articles: list[Article] = []
    failures: list[IngestFailure] = []
    for item in items:
        (articles if isinstance(item, Article) else failures).append(item)
    return articles, failures


def dedupe_articles(articles: Sequence[Article]) -> list[Article]:
    """Return the articles to process: one per content hash, the latest revision per id.

    The rule both engines apply: of articles with the same ``content_hash`` the one with the
    smallest ``(id, source_ref)`` is kept; of texts that share an id, the last in
    ``(source_ref, content_hash)`` order is the one processed, with ``revision`` = how many
    texts the id has (as the store numbers revisions). Output is sorted by id.
    """
    best: dict[str, Article] = {}
    for art in articles:
        cur = best.get(art.content_hash)
        if cur is None or (art.id, art.source_ref) < (cur.id, cur.source_ref):
            best[art.content_hash] = art
    by_id: dict[str, list[Article]] = {}
    for art in best.values():
        by_id.setdefault(art.id, []).append(art)
    kept: list[Article] = []
    for aid in sorted(by_id):
        texts = sorted(by_id[aid], key=lambda a: (a.source_ref, a.content_hash))
        latest = texts[-1]
        latest.revision = len(texts)
        kept.append(latest)
    return kept


# --- extraction -----------------------------------------------------------------------


def extract_rows(articles: list[Article]) -> list[dict[str, Any]]:
    """Return one ``extraction`` row per article: ``{article_id, revision, extraction, code, message}``.

    ``extraction`` is the ArticleExtraction as JSON text (None on failure, with the W2xx
    ``code`` and ``message`` set instead). Extraction is the shared chunk code of
    :func:`warclaims.api.extract_chunk` (the batch, then one article at a time on error).
    """
    revisions = {a.id: a.revision for a in articles}
    rows = []
    for aid, extraction, failure in extract_chunk(articles, EXTRACT_BATCH):
        if extraction is not None:
            extraction.article_id = aid
            rows.append({"article_id": aid, "revision": revisions[aid], "extraction": dumps(extraction),
                         "code": None, "message": None})
        else:
            rows.append({"article_id": aid, "revision": revisions[aid], "extraction": None,
                         "code": failure.code, "message": failure.message})
    return rows


def extraction_from_json(text: str) -> ArticleExtraction:
    """Return the ArticleExtraction of its JSON text."""
    data = json.loads(text)
    return ArticleExtraction(
        article_id=data["article_id"],
        incidents=[incident_from_dict(i) for i in data.get("incidents") or []],
        extractor_version=data.get("extractor_version") or "",
    )


def incident_key(article_id: str, revision: int, index: int) -> str:
    """Return the batch-wide key of an article incident: ``ARTICLE_ID#INDEX`` (the link stage's report key).

    A batch processes one revision per article id, so the revision is not part of the key.
    """
    del revision
    return f"{article_id}#{index}"


def incident_row(inc: Incident, article_id: str, revision: int, version: str) -> dict[str, Any]:
    """Return the ``incidents`` row of one article incident (the record's flat row, spans as JSON text)."""
    row = to_row(inc)
    return {**row, "incident_key": incident_key(article_id, revision, inc.index), "article_id": article_id,
            "revision": revision, "spans": dumps(row["spans"]), "extractor_version": version}


def claim_row(claim: Claim, key: str, article_id: str, position: int) -> dict[str, Any]:
    """Return the ``claims`` row of one claim of the incident ``key`` (groups as JSON text)."""
    row = to_row(claim)
    return {**row, "incident_key": key, "article_id": article_id, "position": position,
            "groups": dumps(row["groups"])}


def flatten_extraction(row: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (incident rows, claim rows) of one ``extraction`` row (both empty on failure)."""
    if not row.get("extraction"):
        return [], []
    ex = extraction_from_json(row["extraction"])
    aid, rev = row["article_id"], int(row["revision"])
    incidents, claims = [], []
    for inc in ex.incidents:
        irow = incident_row(inc, aid, rev, ex.extractor_version)
        incidents.append(irow)
        claims.extend(claim_row(c, irow["incident_key"], aid, pos) for pos, c in enumerate(inc.claims))
    return incidents, claims


def extraction_failure_row(row: dict[str, Any]) -> dict[str, Any] | None:
    """Return the ``errors`` row of a failed extraction row, None when it succeeded."""
    if row.get("code") is None:
        return None
    return {"source_ref": row["article_id"], "code": row["code"], "message": row["message"], "stage": "extract"}


def row_incident(row: dict[str, Any], claims: Iterable[dict[str, Any]] = ()) -> Incident:
    """Return the Incident of an ``incidents`` row with its ``claims`` rows (in position order)."""
    return from_row(
        Incident, row, spans={k: tuple(v) for k, v in json.loads(row.get("spans") or "{}").items()},
        claims=[row_claim(c) for c in sorted(claims, key=lambda c: c["position"])],
    )


def row_claim(row: dict[str, Any]) -> Claim:
    """Return the Claim of a ``claims`` row."""
    return from_row(Claim, row, groups=json.loads(row.get("groups") or "[]"))


def extraction_of(incidents: list[dict[str, Any]], claims: list[dict[str, Any]]) -> ArticleExtraction:
    """Return the ArticleExtraction of one article's incident rows and claim rows."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        by_key.setdefault(c["incident_key"], []).append(c)
    ordered = sorted(incidents, key=lambda r: r["index"])
    return ArticleExtraction(
        article_id=ordered[0]["article_id"] if ordered else "",
        incidents=[row_incident(r, by_key.get(r["incident_key"], [])) for r in ordered],
        extractor_version=ordered[0]["extractor_version"] if ordered else "",
    )


def chunked(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    """Yield consecutive lists of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
