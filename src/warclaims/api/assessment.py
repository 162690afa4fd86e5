"""Credibility assessment of stored articles."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from warclaims.api._db import engine_for
from warclaims.assess import model
from warclaims.assess.model import SEED
from warclaims.assess.train import train
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


def train_model(csv: str, out: str, *, seed: int | None = None, cv_folds: int = 0) -> Any:
    """Train the credibility model on the labelled articles of ``csv`` (FA-KES columns), write it to
    ``out`` (JSON: parameters only) and return its :class:`warclaims.assess.model.ModelBundle`;
    ``seed`` None is the packaged model's, ``cv_folds`` > 0 also records k-fold CV metrics."""
    return train(csv, out, seed=SEED if seed is None else seed, cv_folds=cv_folds)


def load_model(path: str | None = None) -> Any:
    """Return the credibility model read from ``path`` (None: the packaged one), with its
    provenance ``info``."""
    return model.load_model(path)


def learning_note(info: dict[str, Any]) -> str:
    """Return the note on what a trained model learned from, as ``warclaims credibility train``
    prints it."""
    return model.learning_note(info)
