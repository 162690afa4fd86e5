"""Evaluation of the credibility model against the text-only baseline, in one run.

Either a fixed train/test split or stratified k-fold cross-validation on the training
file. The model's one hyperparameter is chosen by an inner CV inside ``fit`` (training folds
only) and the evidence shifts are fixed in :mod:`warclaims.assess.score`, so no test fold is
ever used to choose anything; labels are only passed to ``fit`` on training folds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from warclaims._lazy import require
from warclaims.assess.corpus import Extractor, LabelledCorpus, build_inputs
from warclaims.assess.features import AssessInput, collect_signals, model_item, model_text
from warclaims.assess.model import SEED, baseline_pipeline, fit_model, predict_proba
from warclaims.assess.score import shifted_score, signal_map


@dataclass(slots=True, kw_only=True)
class Scores:
    """Accuracy, F1 of the credible class and ROC AUC."""

    accuracy: float
    f1: float
    auc: float

    def to_dict(self) -> dict[str, float]:
        """Return ``{"accuracy", "f1", "auc"}`` rounded to 4 places."""
        return {"accuracy": round(self.accuracy, 4), "f1": round(self.f1, 4), "auc": round(self.auc, 4)}


@dataclass(slots=True, kw_only=True)
class EvalReport:
    """The evaluation of model and baseline on the same folds."""

    model: Scores
    baseline: Scores
    n_train: int
    n_test: int
    folds: int | None = None
    majority: Scores | None = None
    """Always answering "credible": the floor any useful model must clear."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object printed by ``warclaims eval credibility --json``."""
        out: dict[str, Any] = {"model": self.model.to_dict(), "baseline": self.baseline.to_dict(),
                               "n_train": self.n_train, "n_test": self.n_test}
        if self.majority is not None:
            out["majority"] = self.majority.to_dict()
        if self.folds:
            out["folds"] = self.folds
        return out


def score(labels: np.ndarray, proba: np.ndarray, threshold: float | np.ndarray = 0.5) -> Scores:
    """Return the Scores of probabilities ``proba`` against 0/1 ``labels`` (credible when ``proba >= threshold``)."""
    metrics = require("sklearn.metrics")
    pred = (proba >= threshold).astype(int)
    return Scores(accuracy=float(metrics.accuracy_score(labels, pred)),
                  f1=float(metrics.f1_score(labels, pred, pos_label=1)),
                  auc=float(metrics.roc_auc_score(labels, proba)))


def always_credible(labels: np.ndarray) -> Scores:
    """Return the scores of answering "credible" (probability 1) for every article."""
    return score(labels, np.ones(len(labels)))


def _prepare(inputs: list[AssessInput]) -> tuple[list[dict], list[dict]]:
    """Return the model items and the signal maps of each input (signals computed once)."""
    signals = [collect_signals(x) for x in inputs]
    return [model_item(x, s) for x, s in zip(inputs, signals, strict=True)], [signal_map(s) for s in signals]


def _fit_predict(items: list[dict], maps: list[dict], texts: list[str], y: np.ndarray, train: np.ndarray,
                 test: np.ndarray, seed: int) -> tuple[np.ndarray, float, np.ndarray]:
    """Return the test items' final scores, the fitted model's threshold, and the baseline's probabilities."""
    bundle = fit_model([items[i] for i in train], y[train].tolist(), seed)
    raw = predict_proba(bundle, [items[i] for i in test])
    # Scored exactly as `warclaims assess` scores: model probability plus the fixed evidence shifts.
    p_model = np.array([shifted_score(float(p), maps[i]) for p, i in zip(raw, test, strict=True)])
    base = baseline_pipeline(seed).fit([texts[i] for i in train], y[train])
    p_base = base.predict_proba([texts[i] for i in test])[:, 1]
    return p_model, bundle.threshold, p_base


def cross_validate(corpus: LabelledCorpus, folds: int = 5, seed: int = SEED, extractor: Extractor | None = None,
                   cache_dir: str | None = None, inputs: list[AssessInput] | None = None) -> EvalReport:
    """Return the out-of-fold scores of model and baseline (stratified ``folds``-fold CV).

    ``inputs`` (from :func:`build_inputs` on ``corpus.articles``) skips the extraction.
    """
    StratifiedKFold = require("sklearn.model_selection").StratifiedKFold  # noqa: N806 (sklearn's class)
    items, maps = _prepare(inputs if inputs is not None else build_inputs(corpus.articles, extractor, cache_dir))
    texts = [model_text(a) for a in corpus.articles]
    y = np.asarray(corpus.labels)
    p_model, cut, p_base = np.zeros(len(y)), np.zeros(len(y)), np.zeros(len(y))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(texts, y):
        p_model[test], cut[test], p_base[test] = _fit_predict(items, maps, texts, y, train, test, seed)
    # Each fold's model labels with its own threshold, as `warclaims assess` would.
    return EvalReport(model=score(y, p_model, cut), baseline=score(y, p_base), n_train=len(y), n_test=len(y),
                      folds=folds, majority=always_credible(y))


def train_test(train: LabelledCorpus, test: LabelledCorpus, seed: int = SEED, extractor: Extractor | None = None,
               cache_dir: str | None = None) -> EvalReport:
    """Return the scores of model and baseline trained on ``train`` and measured on ``test``.

    Peers (other reports of the same incident) are found over both files' texts, never labels.
    """
    articles = train.articles + test.articles
    items, maps = _prepare(build_inputs(articles, extractor, cache_dir))
    texts = [model_text(a) for a in articles]
    y = np.asarray(train.labels + test.labels)
    tr = np.arange(len(train.labels))
    te = np.arange(len(train.labels), len(articles))
    p_model, cut, p_base = _fit_predict(items, maps, texts, y, tr, te, seed)
    return EvalReport(model=score(y[te], p_model, cut), baseline=score(y[te], p_base), n_train=len(tr), n_test=len(te),
                      majority=always_credible(y[te]))
