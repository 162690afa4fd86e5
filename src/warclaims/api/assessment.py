"""Credibility assessment of stored articles."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from warclaims.api._db import engine_for
from warclaims.services.assess import assess_stored

if TYPE_CHECKING:
    import sqlalchemy as sa


def assess(article_ids: Sequence[str] | None, db: str | sa.Engine | None = None, *,
           bundle: Any = None) -> Iterator[Any]:
    """Yield the stored :class:`warclaims.assess.records.Credibility` verdict computed now (and
    saved) for each of ``article_ids`` (None: every processed article), with the model ``bundle``
    (None: the packaged one)."""
    with engine_for(db) as engine:
        yield from assess_stored(engine, article_ids, bundle=bundle)

