"""The credibility model's parameters as plain JSON, and the checked way back to a pipeline.

A pickle (joblib) file runs code while it is read, so a crafted "model" could do anything
before a version check. This module writes only the fitted numbers and vocabularies of the
fixed pipeline of :func:`warclaims.assess.model.model_features` + logistic regression, and
rebuilds that pipeline from them after checking every field's type, length and finiteness.
Nothing in the file names a class or a function: the recipe lives in the code.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from warclaims._lazy import require
from warclaims.assess.recipe import SEED, model_features


class ModelFileError(ValueError):
    """A model file whose parameters do not have the expected layout."""


def _blocks(pipeline: Any) -> tuple[Any, Any, Any, Any]:
    """Return the fitted DictVectorizer, StandardScaler, TfidfVectorizer and classifier of ``pipeline``."""
    blocks = dict(pipeline.named_steps["features"].transformer_list)
    signals = blocks["signals"].named_steps
    return signals["vec"], signals["scale"], blocks["text"].named_steps["tfidf"], pipeline.named_steps["clf"]


def _floats(values: Any) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def bundle_to_json(pipeline: Any, feature_means: np.ndarray) -> dict[str, Any]:
    """Return the JSON-ready parameters of a fitted credibility pipeline and its feature means."""
    vec, scale, tfidf, clf = _blocks(pipeline)
    terms = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.__getitem__)
    return {
        "signals": {"names": list(vec.feature_names_), "scale": _floats(scale.scale_), "mean": _floats(scale.mean_),
                    "var": _floats(scale.var_), "n_samples_seen": int(np.max(scale.n_samples_seen_))},
        "text": {"terms": terms, "idf": _floats(tfidf.idf_)},
        "clf": {"coef": _floats(clf.coef_), "intercept": _floats(clf.intercept_), "C": float(clf.C),
                "classes": [int(c) for c in clf.classes_]},
        "feature_means": _floats(feature_means),
    }


def _number_list(section: dict[str, Any], key: str, length: int | None = None) -> np.ndarray:
    values = section.get(key)
    if not isinstance(values, list) or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        raise ModelFileError(f"{key!r} must be a list of numbers")
    if not all(math.isfinite(v) for v in values):
        raise ModelFileError(f"{key!r} holds a value that is not finite")
    if length is not None and len(values) != length:
        raise ModelFileError(f"{key!r} has {len(values)} values, expected {length}")
    return np.asarray(values, dtype=np.float64)


def _string_list(section: dict[str, Any], key: str) -> list[str]:
    values = section.get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ModelFileError(f"{key!r} must be a list of strings")
    if len(set(values)) != len(values):
        raise ModelFileError(f"{key!r} holds duplicates")
    return values


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    section = data.get(key)
    if not isinstance(section, dict):
        raise ModelFileError(f"{key!r} must be an object")
    return section


def pipeline_from_json(data: dict[str, Any]) -> tuple[Any, np.ndarray]:
    """Return ``(fitted pipeline, feature means)`` rebuilt from checked parameters; raise ModelFileError."""
    LogisticRegression = require("sklearn.linear_model").LogisticRegression  # noqa: N806 (sklearn's classes)
    Pipeline = require("sklearn.pipeline").Pipeline  # noqa: N806
    signals, text, clf_data = _section(data, "signals"), _section(data, "text"), _section(data, "clf")
    names, terms = _string_list(signals, "names"), _string_list(text, "terms")
    width = len(names) + len(terms)
    features = model_features()
    blocks = dict(features.transformer_list)
    _set_signals(blocks["signals"].named_steps, signals, names)
    _set_text(blocks["text"].named_steps["tfidf"], text, terms)
    if clf_data.get("classes") != [0, 1]:
        raise ModelFileError("'classes' must be [0, 1]")
    clf = LogisticRegression(C=float(clf_data.get("C", 1.0)), max_iter=5000, random_state=SEED)
    clf.coef_ = _number_list(clf_data, "coef", width).reshape(1, width)
    clf.intercept_ = _number_list(clf_data, "intercept", 1)
    clf.classes_ = np.array([0, 1])
    clf.n_features_in_ = width
    means = _number_list(data, "feature_means", width)
    return Pipeline([("features", features), ("clf", clf)]), means


def _set_signals(steps: dict[str, Any], signals: dict[str, Any], names: list[str]) -> None:
    """Put the fitted DictVectorizer and StandardScaler state on ``steps``; returns None."""
    n = len(names)
    vec, scale = steps["vec"], steps["scale"]
    vec.feature_names_ = names
    vec.vocabulary_ = {name: i for i, name in enumerate(names)}
    scale.scale_ = _number_list(signals, "scale", n)
    if np.any(scale.scale_ <= 0):
        raise ModelFileError("'scale' must be positive")
    scale.mean_ = _number_list(signals, "mean", n)
    scale.var_ = _number_list(signals, "var", n)
    seen = signals.get("n_samples_seen")
    if not isinstance(seen, int) or isinstance(seen, bool) or seen < 1:
        raise ModelFileError("'n_samples_seen' must be a positive integer")
    scale.n_samples_seen_ = seen
    scale.n_features_in_ = n


def _set_text(tfidf: Any, text: dict[str, Any], terms: list[str]) -> None:
    """Put the fitted TF-IDF vocabulary and IDF weights on ``tfidf``; returns None."""
    tfidf.vocabulary_ = {term: i for i, term in enumerate(terms)}
    tfidf.fixed_vocabulary_ = False
    tfidf.idf_ = _number_list(text, "idf", len(terms))
