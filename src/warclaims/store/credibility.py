"""Storing credibility verdicts and reference casualty records (Alembic revision ``0004``).

Tables (defined in :mod:`warclaims.store.schema`):

* ``credibility``: one verdict per article revision (score, label, reasons, signals);
* ``reference_records``: casualty records imported from UCDP GED, ACLED or mapped CSV,
  unique by (dataset, record_id) so a re-import replaces rather than duplicates;
* ``reference_sets`` (``0006``): one row per imported dataset with its content hash, source,
  licence and period (:func:`import_reference_set`, :func:`list_reference_sets`).

Readers for the CLI and web: :func:`get_credibility` (an article's latest verdict),
:func:`list_credibility`, :func:`outlet_verdicts` (outlet, label and score of each assessed article), :func:`reference_candidates` (records near a date and place).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from warclaims.assess.bundled import ReferenceSetInfo
from warclaims.assess.records import Credibility, Reason, ReferenceRecord, Signal
from warclaims.errors import E, WarclaimsError
from warclaims.store.clock import utcnow
from warclaims.store.engine import serialize_writers
from warclaims.store.ledger import incident_links as K
from warclaims.store.schema import articles, credibility, reference_records, reference_sets

MAX_REFERENCE_WINDOW_DAYS = 31
"""Longest date span a record may cover and still be found by :func:`reference_candidates`."""


def _highest_revision(conn: sa.Connection, article_id: str) -> int | None:
    """Return the highest stored revision number of the article, None when it is not stored."""
    q = sa.select(sa.func.max(articles.c.revision)).where(articles.c.id == article_id)
    return conn.execute(q).scalar()


def _cred_row(cred: Credibility, revision: int) -> dict[str, Any]:
    return {
        "article_id": cred.article_id,
        "revision": revision,
        "score": float(cred.score),
        "label": cred.label,
        "reasons": [{"text": r.text, "effect": r.effect, "signal": r.signal} for r in cred.reasons],
        "signals": [{"name": s.name, "value": s.value, "group": s.group, "evidence": s.evidence}
                    for s in cred.signals],
        "model_version": cred.model_version or "",
        "assessed_at": cred.assessed_at or utcnow(),
    }


def save_credibility(engine: sa.Engine, cred: Credibility, *, revision: int | None = None) -> int:
    """Store (replace) the verdict for the article's latest revision (or ``revision``); return the revision.

    Raises W302 when the article is not stored.
    """
    with engine.begin() as conn:
        serialize_writers(conn, "assess")  # delete-then-insert of one key by two processes would collide
        rev = revision if revision is not None else _highest_revision(conn, cred.article_id)
        if rev is None:
            raise WarclaimsError(E.W302, item=cred.article_id)
        conn.execute(sa.delete(credibility).where(credibility.c.article_id == cred.article_id,
                                                  credibility.c.revision == rev))
        conn.execute(sa.insert(credibility), [_cred_row(cred, rev)])
    return rev


def _row_cred(r: Any) -> Credibility:
    assessed = r.assessed_at
    if assessed is not None and assessed.tzinfo is None:  # SQLite drops the zone: stored as UTC
        assessed = assessed.replace(tzinfo=dt.UTC)
    return Credibility(
        article_id=r.article_id, score=r.score, label=r.label,
        reasons=[Reason(**x) for x in r.reasons or []], signals=[Signal(**x) for x in r.signals or []],
        model_version=r.model_version, assessed_at=assessed,
    )


def get_credibility(engine: sa.Engine, article_id: str) -> Credibility | None:
    """Return the verdict on the article's latest revision, or None when that revision is not assessed.

    An older revision's verdict is not returned: it judged a text the article no longer has.
    """
    q = (sa.select(credibility)
         .join(articles, sa.and_(articles.c.id == credibility.c.article_id,
                                 articles.c.revision == credibility.c.revision))
         .where(credibility.c.article_id == article_id, articles.c.is_latest))
    with engine.connect() as conn:
        row = conn.execute(q).first()
    return _row_cred(row) if row is not None else None


def list_credibility(engine: sa.Engine, *, label: str | None = None, limit: int | None = None) -> list[Credibility]:
    """Return stored verdicts (lowest score first), optionally only those with ``label``."""
    q = sa.select(credibility).order_by(credibility.c.score, credibility.c.article_id)
    if label:
        q = q.where(credibility.c.label == label)
    if limit is not None:
        q = q.limit(limit)
    with engine.connect() as conn:
        return [_row_cred(r) for r in conn.execute(q)]


def outlet_verdicts(engine: sa.Engine) -> list[tuple[str | None, str, float]]:
    """Return ``(outlet, label, score)`` of every assessed article's latest revision (verdicts on
    older revisions left out), for per-outlet credibility distributions."""
    q = (sa.select(articles.c.outlet, credibility.c.label, credibility.c.score)
         .join(articles, sa.and_(articles.c.id == credibility.c.article_id,
                                 articles.c.revision == credibility.c.revision))
         .where(articles.c.is_latest))
    with engine.connect() as conn:
        return [(r.outlet, r.label, float(r.score)) for r in conn.execute(q)]


def _ref_row(rec: ReferenceRecord, now: dt.datetime) -> dict[str, Any]:
    return {
        "dataset": rec.dataset, "record_id": rec.record_id, "date": rec.date, "date_end": rec.date_end,
        "country": rec.country, "admin1": rec.admin1, "place": rec.place, "latitude": rec.latitude,
        "longitude": rec.longitude, "event_type": rec.event_type, "deaths_best": rec.deaths_best,
        "deaths_low": rec.deaths_low, "deaths_high": rec.deaths_high, "actor1": rec.actor1, "actor2": rec.actor2,
        "source_ref": rec.source_ref, "extra": rec.extra, "imported_at": now,
    }


def save_reference_records(engine: sa.Engine, records: Iterable[ReferenceRecord], *, batch_size: int = 500) -> int:
    """Store reference records, replacing any with the same (dataset, record_id); return how many."""
    now = utcnow()
    rows = {(r.dataset, r.record_id): _ref_row(r, now) for r in records}  # last one of a repeated id wins
    values = list(rows.values())
    T = reference_records
    with engine.begin() as conn:
        for start in range(0, len(values), batch_size):
            batch = values[start : start + batch_size]
            for dataset in {v["dataset"] for v in batch}:
                ids = [v["record_id"] for v in batch if v["dataset"] == dataset]
                conn.execute(sa.delete(T).where(T.c.dataset == dataset, T.c.record_id.in_(ids)))
            conn.execute(sa.insert(T), batch)
    return len(values)


def _row_ref(r: Any) -> ReferenceRecord:
    return ReferenceRecord(
        dataset=r.dataset, record_id=r.record_id, date=r.date, date_end=r.date_end, country=r.country,
        admin1=r.admin1, place=r.place, latitude=r.latitude, longitude=r.longitude, event_type=r.event_type,
        deaths_best=r.deaths_best, deaths_low=r.deaths_low, deaths_high=r.deaths_high, actor1=r.actor1,
        actor2=r.actor2, source_ref=r.source_ref, extra=r.extra or {},
    )


def reference_candidates(engine: sa.Engine, date: dt.date, *, window_days: int = 1) -> list[ReferenceRecord]:
    """Return records whose dates come within ``window_days`` of ``date`` (place is matched by the caller)."""
    T = reference_records
    lo = date - dt.timedelta(days=window_days + MAX_REFERENCE_WINDOW_DAYS)
    hi = date + dt.timedelta(days=window_days)
    q = sa.select(T).where(T.c.date >= lo, T.c.date <= hi).order_by(T.c.date, T.c.id)
    with engine.connect() as conn:
        rows = [_row_ref(r) for r in conn.execute(q)]
    return [r for r in rows if (r.date_end or r.date) >= date - dt.timedelta(days=window_days)]


def count_reference_records(engine: sa.Engine, dataset: str | None = None) -> int:
    """Return how many reference records are stored (in ``dataset`` when given)."""
    q = sa.select(sa.func.count()).select_from(reference_records)
    if dataset:
        q = q.where(reference_records.c.dataset == dataset)
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def has_reference_records(engine: sa.Engine) -> bool:
    """Return whether any reference record is stored (one indexed probe, not a count of them all)."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.literal(1)).select_from(reference_records).limit(1)).first() is not None


@dataclass(slots=True, kw_only=True)
class ImportOutcome:
    """What :func:`import_reference_set` did: ``imported``, ``unchanged`` or ``replaced``, and the message."""

    action: str
    dataset: str
    stored: int
    message: str


def import_reference_set(engine: sa.Engine, info: ReferenceSetInfo, fmt: str, path: str,
                         records: list[ReferenceRecord]) -> ImportOutcome:
    """Store one reference set: skip it when a set with the same content hash is stored, replace
    the records of a stored set of the same dataset name (another release), else add it."""
    S = reference_sets
    with engine.connect() as conn:
        same = conn.execute(sa.select(S.c.dataset).where(S.c.content_hash == info.content_hash)).first()
        old = conn.execute(sa.select(S).where(S.c.dataset == info.dataset)).first()
    if same is not None:
        return ImportOutcome(action="unchanged", dataset=same.dataset, stored=0,
                             message=f"{path}: same content as dataset {same.dataset!r}, already imported; nothing changed")
    with engine.begin() as conn:
        conn.execute(sa.delete(reference_records).where(reference_records.c.dataset == info.dataset))
        conn.execute(sa.delete(S).where(S.c.dataset == info.dataset))
        conn.execute(sa.insert(S), [{
            "dataset": info.dataset, "format": fmt, "source": info.source, "licence": info.licence,
            "release": info.release, "content_hash": info.content_hash, "period_start": info.period_start,
            "period_end": info.period_end, "records": len(records), "path": path, "imported_at": utcnow()}])
    stored = save_reference_records(engine, records)
    if old is not None:
        return ImportOutcome(action="replaced", dataset=info.dataset, stored=stored, message=(
            f"{path}: replaced the {old.records} record(s) of dataset {info.dataset!r} "
            f"(release {old.release}, {old.path}) with {stored}"))
    return ImportOutcome(action="imported", dataset=info.dataset, stored=stored,
                         message=f"{path}: imported {stored} record(s) as dataset {info.dataset!r}")


def list_reference_sets(engine: sa.Engine) -> list[ReferenceSetInfo]:
    """Return the imported reference sets, by dataset name."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(reference_sets).order_by(reference_sets.c.dataset)).all()
    return [ReferenceSetInfo(dataset=r.dataset, source=r.source, licence=r.licence, release=r.release,
                             period_start=r.period_start, period_end=r.period_end, records=r.records,
                             content_hash=r.content_hash, bundled=False) for r in rows]


def has_dataset(engine: sa.Engine, dataset: str) -> bool:
    """Return True when records of ``dataset`` are stored (e.g. an imported ``ucdp-ged`` release)."""
    return count_reference_records(engine, dataset) > 0


def reference_window(engine: sa.Engine, first: dt.date, last: dt.date) -> list[ReferenceRecord]:
    """Return the stored records touching any day from ``first`` to ``last``."""
    T = reference_records
    q = (sa.select(T).where(T.c.date >= first - dt.timedelta(days=MAX_REFERENCE_WINDOW_DAYS), T.c.date <= last)
         .order_by(T.c.date, T.c.id))
    with engine.connect() as conn:
        rows = [_row_ref(r) for r in conn.execute(q)]
    return [r for r in rows if (r.date_end or r.date) >= first]


def report_credibility(engine: sa.Engine, incident_ids: list[str], *, chunk: int = 500) -> dict[str, tuple[int, int]]:
    """Return {incident id: (reports judged credible, reports assessed)} from the latest
    credibility verdict of each article linked to the incidents (ids without a verdict absent)."""
    latest = (sa.select(credibility.c.article_id, sa.func.max(credibility.c.revision).label("revision"))
              .group_by(credibility.c.article_id).subquery())
    CR = credibility
    out: dict[str, tuple[int, int]] = {}
    with engine.connect() as conn:
        for start in range(0, len(incident_ids), chunk):
            ids = incident_ids[start:start + chunk]
            # one verdict per (incident, article), however many of the article's reports link there
            links = sa.select(K.c.incident_id, K.c.article_id).where(K.c.incident_id.in_(ids)).distinct().subquery()
            q = (sa.select(links.c.incident_id,
                           sa.func.sum(sa.case((CR.c.label == "credible", 1), else_=0)).label("credible"),
                           sa.func.count().label("assessed"))
                 .select_from(links.join(latest, latest.c.article_id == links.c.article_id)
                              .join(CR, (CR.c.article_id == latest.c.article_id) & (CR.c.revision == latest.c.revision)))
                 .group_by(links.c.incident_id))
            out.update({r.incident_id: (int(r.credible or 0), int(r.assessed)) for r in conn.execute(q)})
    return out
