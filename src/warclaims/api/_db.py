"""What the api modules share: the store opened for one call, and progress callbacks."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import sqlalchemy as sa

from warclaims.store.engine import open_store

ProgressCallback = Callable[[str, int, "int | None"], None]
"""``progress(stage, done, total)``: called as items are handled; ``total`` None when unknown."""


@contextlib.contextmanager
def engine_for(db: str | sa.Engine | None) -> Iterator[sa.Engine]:
    """Yield an Engine for ``db``: the one given, or a freshly opened one disposed afterwards."""
    if isinstance(db, sa.Engine):
        yield db
        return
    engine = open_store(db)
    try:
        yield engine
    finally:
        engine.dispose()


def notify(progress: ProgressCallback | None, stage: str, done: int, total: int | None) -> None:
    """Call ``progress(stage, done, total)`` when a callback was given."""
    if progress is not None:
        progress(stage, done, total)

