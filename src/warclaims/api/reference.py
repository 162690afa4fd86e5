"""Reference sets (independent casualty records): imported into the store and listed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from warclaims.api._db import engine_for
from warclaims.models import IngestFailure
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

