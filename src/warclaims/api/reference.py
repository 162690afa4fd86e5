"""Reference sets (independent casualty records): imported into the store and listed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warclaims.api._db import engine_for
from warclaims.assess.bundled import BUNDLED_DATASET, ReferenceSetInfo, bundled_info
from warclaims.assess.matching import record_headline
from warclaims.assess.reference import default_dataset, file_hash, read_reference
from warclaims.errors import WarclaimsError
from warclaims.geo.places import governorate
from warclaims.models import IngestFailure
from warclaims.services.assess import records_between
from warclaims.store import articles as article_store
from warclaims.store import credibility as credibility_store

if TYPE_CHECKING:
    import sqlalchemy as sa


def import_reference(path: str, fmt: str, info: Any, records: Sequence[Any], skipped: Sequence[IngestFailure],
                     db: str | sa.Engine | None = None):
    """Store a read reference file's records as the reference set ``info`` (a
    :class:`warclaims.assess.bundled.ReferenceSetInfo`) and record its ``skipped`` rows (listed by
    :func:`errors`); return the store's import outcome (stored, action, dataset, message)."""
    with engine_for(db) as engine:
        outcome = credibility_store.import_reference_set(engine, info, fmt, path, list(records))
        article_store.record_failures(engine, list(skipped))
        return outcome


def reference_sets(db: str | sa.Engine | None = None) -> list[Any]:
    """Return the imported reference sets (:class:`warclaims.assess.bundled.ReferenceSetInfo`)."""
    with engine_for(db) as engine:
        return credibility_store.list_reference_sets(engine)


def skipped_row(err: WarclaimsError, path: str) -> IngestFailure:
    """Return the stored form of a skipped reference row (listed by `warclaims errors`)."""
    ref = f"{path}#row={err.fields.get('row')}"
    return IngestFailure(source_ref=ref, code=err.code.value, message=err.message)


def import_reference_file(path: str, fmt: str, mapping: dict[str, str], dataset: str | None,
                          source: str | None, licence: str | None, release: str | None, db: str | None):
    """Read one reference file (:func:`warclaims.assess.reference.read_reference`) and store it as a
    reference set named ``dataset`` (default: after the format and file); its skipped rows are
    recorded as failures. Return ``(read result, import outcome)``."""
    result = read_reference(path, fmt, mapping, dataset)
    name = dataset or default_dataset(fmt, Path(path))
    records = result.records
    info = ReferenceSetInfo(
        dataset=name, source=source or ("UCDP GED" if fmt == "ucdp-ged" else fmt), licence=licence or "",
        release=release or "", records=len(records), content_hash=file_hash(path), bundled=False,
        period_start=min((r.date for r in records), default=None),
        period_end=max((r.date_end or r.date for r in records), default=None))
    skipped = [skipped_row(err, path) for err in result.errors]  # listed by `warclaims errors`
    return result, import_reference(path, fmt, info, records, skipped, db)


def reference_set_rows(db: str | None) -> list[dict]:
    """Return the reference sets as dicts: the bundled one first (marked replaced when an import
    supersedes it), then the imported ones."""
    imported = reference_sets(db)
    bundled = bundled_info()
    replaced = next((s.dataset for s in imported if s.dataset == BUNDLED_DATASET), None)
    rows = [bundled.to_dict() | {"in_use": replaced is None, "replaced_by": replaced and f"imported {replaced}"}]
    return rows + [s.to_dict() for s in imported]


def reference_events(first: dt.date, last: dt.date, *, admin1: str | None = None,
                     db: str | sa.Engine | None = None) -> list[tuple[Any, str]]:
    """Return the positioned records of the reference set in use (bundled UCDP GED or an imported
    set) dated from ``first`` to ``last``, in governorate ``admin1`` when given (any spelling the
    gazetteer knows), largest best estimate first, each with its one-line headline."""
    wanted = governorate(admin1) if admin1 else None
    with engine_for(db) as engine:
        records = [r for r in records_between(engine, first, last)
                   if r.latitude is not None and r.longitude is not None
                   and (wanted is None or r.admin1 == wanted)]
    records.sort(key=lambda r: (-(r.deaths_best or 0), r.date, r.record_id))
    return [(r, record_headline(r)) for r in records]
