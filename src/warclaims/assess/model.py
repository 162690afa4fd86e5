"""The credibility model: a logistic regression over signals, metadata and text, and its file.

The one hyperparameter, the L2 strength, is chosen by an inner cross-validation on the
training data alone (log-loss), so no test fold can leak into it. Where the training labels
carry no learnable signal (FA-KES: see MODEL_CARD.md) the inner CV picks the strongest
regularisation and the model falls back to the base rate instead of fitting noise.

The model file is JSON, never a pickle: reading a model must not be able to run code. It
holds the fitted parameters (vocabularies, scaler, IDF weights, coefficients) and what the
model was trained from: data sha256, library versions, seed, date, metrics. :func:`load_model`
checks the whole layout (types, lengths, finite numbers) before rebuilding the pipeline from
the fixed recipe of :func:`~warclaims.assess.recipe.model_features`, and refuses a file written by another model format
or scikit-learn version (W502) instead of risking silent mispredictions.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import platform
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from warclaims import __version__
from warclaims._lazy import require
from warclaims.assess.model_file import ModelFileError, bundle_to_json, pipeline_from_json
from warclaims.assess.recipe import SEED, model_features
from warclaims.errors import E, WarclaimsError

MODEL_FORMAT = 5
"""Bump when the feature set or bundle layout changes: old files are then refused (W502)."""
C_GRID = tuple(float(c) for c in np.logspace(-4, 1, 11))
"""L2 strengths the inner CV chooses from, from "base rate only" (1e-4) to weak (10)."""
INNER_FOLDS = 5
MIN_GAIN = 0.005
"""Log-loss (nats) the chosen model must gain over the base rate for its signal to count as learned."""
C_BASELINE = 1.0
PACKAGED_MODEL = "credibility-model.json"
MAX_MODEL_BYTES = 50 * 1024 * 1024
"""A model file larger than this is refused before it is parsed."""


def _inner_cv_classifier(seed: int):
    """Return a logistic regression whose L2 strength is chosen by stratified inner CV (log-loss)."""
    linear_model, model_selection = require("sklearn.linear_model"), require("sklearn.model_selection")
    folds = model_selection.StratifiedKFold(INNER_FOLDS, shuffle=True, random_state=seed)
    return linear_model.LogisticRegressionCV(Cs=list(C_GRID), l1_ratios=(0.0,), cv=folds, scoring="neg_log_loss",
                                             max_iter=5000, random_state=seed, use_legacy_attributes=False)


def baseline_pipeline(seed: int = SEED):
    """Return the unfitted text-only baseline: TF-IDF (1-2 grams) + logistic regression."""
    text, linear_model = require("sklearn.feature_extraction.text"), require("sklearn.linear_model")
    return require("sklearn.pipeline").Pipeline([
        ("tfidf", text.TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))),
        ("clf", linear_model.LogisticRegression(C=C_BASELINE, max_iter=5000, random_state=seed))])


@dataclass(slots=True, kw_only=True)
class ModelBundle:
    """A fitted model with the provenance recorded in its file."""

    pipeline: Any
    feature_means: np.ndarray
    threshold: float = 0.5
    info: dict[str, Any] = field(default_factory=dict)
    group_index: tuple[list[str], np.ndarray] | None = field(default=None, repr=False, compare=False)
    """Feature-group names and each feature's group (derived from ``pipeline`` on first use)."""


def versions() -> dict[str, str]:
    """Return the versions the model depends on (recorded in, and checked against, the file)."""
    return {"warclaims": __version__, "scikit-learn": require("sklearn").__version__, "numpy": np.__version__,
            "python": platform.python_version()}


def fit_model(items: list[dict[str, Any]], labels: list[int], seed: int = SEED) -> ModelBundle:
    """Return a ModelBundle fitted on ``items`` (``{"row", "text"}`` dicts) and 0/1 labels."""
    LogisticRegression = require("sklearn.linear_model").LogisticRegression  # noqa: N806 (sklearn's classes)
    Pipeline = require("sklearn.pipeline").Pipeline  # noqa: N806
    features = model_features()
    matrix = features.fit_transform(items)
    summary = learning_summary(_inner_cv_classifier(seed).fit(matrix, labels), labels)
    # Refit at the chosen strength: the CV object keeps every fold's path (a 16x larger file).
    clf = LogisticRegression(C=summary["C"], max_iter=5000, random_state=seed).fit(matrix, labels)
    means = np.asarray(matrix.mean(axis=0)).ravel()
    info = {"seed": seed, "format": MODEL_FORMAT} | summary
    # A model that learned nothing answers the base rate: "credible" then needs net evidence for it.
    threshold = 0.5 if summary["learned"] else summary["base_rate"]
    return ModelBundle(pipeline=Pipeline([("features", features), ("clf", clf)]), feature_means=means,
                       threshold=threshold, info=info)


def learning_summary(clf: Any, labels: list[int]) -> dict[str, Any]:
    """Return the chosen L2 strength, its inner-CV log-loss, the base rate's, and whether it learned.

    ``learned`` is False when the best model predicts held-out training folds no better than
    the share of credible articles does: its weights are then noise, and reasons say so.
    """
    share = float(np.mean(labels))
    base = -(share * np.log(share) + (1 - share) * np.log(1 - share)) if 0 < share < 1 else 0.0
    best = float(-np.max(np.mean(clf.scores_, axis=0)))
    return {"C": float(np.ravel(clf.C_)[0]), "inner_cv_log_loss": round(best, 4),
            "base_rate_log_loss": round(float(base), 4), "base_rate": round(share, 4),
            "learned": bool(base - best >= MIN_GAIN)}


def learning_note(info: dict[str, Any]) -> str:
    """Return one plain sentence saying whether the model learned anything beyond the base rate."""
    if "learned" not in info:
        return "this model file records no inner-CV summary"
    figures = (f"inner-CV log-loss {info['inner_cv_log_loss']} against {info['base_rate_log_loss']} for the "
               f"base rate; L2 strength C={info['C']:g}")
    if info["learned"]:
        return f"learned signal: yes ({figures})"
    return (f"learned signal: none; the labels taught the model nothing beyond the base rate of "
            f"{info['base_rate']:.0%} credible, so scores rest on the evidence shifts and sourcing priors ({figures})")


def predict_proba(bundle: ModelBundle, items: list[dict[str, Any]]) -> np.ndarray:
    """Return P(credible) for each item."""
    return bundle.pipeline.predict_proba(items)[:, 1]


def score_item(bundle: ModelBundle, item: dict[str, Any]) -> tuple[float, dict[str, float]]:
    """Return ``(P(credible), contributions)`` of one item, transforming its features once."""
    features = bundle.pipeline.named_steps["features"]
    clf = bundle.pipeline.named_steps["clf"]
    matrix = features.transform([item])
    p = float(clf.predict_proba(matrix)[0, 1])
    x = np.asarray(matrix.todense()).ravel()
    push = clf.coef_.ravel() * (x - bundle.feature_means)
    names, index = _feature_groups(bundle)
    sums = np.bincount(index, weights=push, minlength=len(names))
    return p, {name: float(v) for name, v in zip(names, sums, strict=True)}


def _feature_groups(bundle: ModelBundle) -> tuple[list[str], np.ndarray]:
    """Return the group names and each transformed feature's group index (kept on the bundle)."""
    if bundle.group_index is None:
        groups = [feature_group(n) for n in feature_names(bundle)]
        names = list(dict.fromkeys(groups))
        position = {g: i for i, g in enumerate(names)}
        bundle.group_index = (names, np.array([position[g] for g in groups], dtype=np.int64))
    return bundle.group_index


def feature_names(bundle: ModelBundle) -> list[str]:
    """Return the names of the transformed features, ``signals__...`` then ``text__...``."""
    blocks = dict(bundle.pipeline.named_steps["features"].transformer_list)
    names = [f"signals__{n}" for n in blocks["signals"].named_steps["vec"].get_feature_names_out()]
    return names + [f"text__{n}" for n in blocks["text"].named_steps["tfidf"].get_feature_names_out()]


def feature_group(name: str) -> str:
    """Return the group of a transformed feature name (``signals__outlet=sana`` -> ``outlet``)."""
    block, _, rest = name.partition("__")
    if block == "text":
        return "text"
    rest = rest.split("=", 1)[0]
    return rest.removesuffix("_missing")


def save_model(bundle: ModelBundle, path: str | Path) -> None:
    """Write the bundle to ``path`` as JSON (parameters, versions, format); returns None."""
    data = {"format": MODEL_FORMAT, "versions": versions(), "threshold": bundle.threshold,
            "info": bundle.info} | bundle_to_json(bundle.pipeline, bundle.feature_means)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # allow_nan=False: a NaN weight would make a file the loader refuses anyway.
    Path(path).write_text(json.dumps(data, allow_nan=False, sort_keys=True), encoding="utf-8")


def packaged_model_path() -> Path:
    """Return the path of the model file shipped in the package."""
    return Path(str(resources.files("warclaims.assess").joinpath("data", PACKAGED_MODEL)))


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def load_model(path: str | Path | None = None) -> ModelBundle:
    """Return the bundle at ``path`` (default: the packaged model); raise W502 when incompatible.

    The packaged model is read once per process (about a second and tens of MB each time).
    """
    if path is None:
        return _packaged_model()
    return _read_model(Path(path))


@functools.lru_cache(maxsize=1)
def _packaged_model() -> ModelBundle:
    return _read_model(packaged_model_path())


def _read_model(path: Path) -> ModelBundle:
    """Return the bundle in the file at ``path``; raise W502 when missing, malformed or incompatible."""
    item = str(path)
    if not path.is_file():
        raise WarclaimsError(E.W502, item=item, reason="no such file")
    if path.stat().st_size > MAX_MODEL_BYTES:
        raise WarclaimsError(E.W502, item=item, reason=f"larger than {MAX_MODEL_BYTES} bytes")
    try:
        data = json.loads(path.read_bytes())
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # JSON only: a pickle is refused here
        raise WarclaimsError(E.W502, item=item, reason=f"cannot be read: not a JSON model file ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise WarclaimsError(E.W502, item=item, reason=f"model format {found!r}, this version reads {MODEL_FORMAT}")
    written = data.get("versions", {}).get("scikit-learn", "?") if isinstance(data.get("versions"), dict) else "?"
    here = versions()["scikit-learn"]
    if _minor(str(written)) != _minor(here):
        raise WarclaimsError(E.W502, item=item, reason=f"written with scikit-learn {written}, installed {here}")
    try:
        pipeline, means = pipeline_from_json(data)
        threshold = float(data.get("threshold", 0.5))
        if not 0.0 <= threshold <= 1.0 or not isinstance(data.get("info", {}), dict):
            raise ModelFileError("threshold outside [0, 1] or info not an object")
    except (ModelFileError, TypeError, ValueError) as exc:
        raise WarclaimsError(E.W502, item=item, reason=f"invalid model parameters: {exc}") from None
    return ModelBundle(pipeline=pipeline, feature_means=means, threshold=threshold,
                       info=data.get("info", {}) | {"versions": data["versions"]})


def today() -> str:
    """Return today's date (UTC) as ISO text, recorded as the training date."""
    return dt.datetime.now(dt.UTC).date().isoformat()
