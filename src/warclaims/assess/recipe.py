"""The credibility model's fixed feature recipe and seed, below both the model
(:mod:`warclaims.assess.model`, which fits it) and the model file reader
(:mod:`warclaims.assess.model_file`, which rebuilds it from a file), so neither imports the other
for it."""

from __future__ import annotations

from typing import Any

from warclaims._lazy import require

SEED = 20190601
"""The random seed of training, cross-validation and the bootstrap intervals."""
TEXT_WEIGHT = 0.3
"""The text block's share in the model: text alone does not beat chance on FA-KES."""


def _rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x["row"] for x in items]


def _texts(items: list[dict[str, Any]]) -> list[str]:
    return [x["text"] for x in items]


def model_features():
    """Return the unfitted feature union: scaled signal features + down-weighted TF-IDF."""
    feature_extraction, pipeline = require("sklearn.feature_extraction"), require("sklearn.pipeline")
    preprocessing, text_features = require("sklearn.preprocessing"), require("sklearn.feature_extraction.text")
    signals = pipeline.Pipeline([("select", preprocessing.FunctionTransformer(_rows)),
                                 ("vec", feature_extraction.DictVectorizer()),
                                 ("scale", preprocessing.StandardScaler(with_mean=False))])
    text = pipeline.Pipeline([("select", preprocessing.FunctionTransformer(_texts)),
                              ("tfidf", text_features.TfidfVectorizer(sublinear_tf=True, min_df=3, max_features=3000,
                                                                      stop_words="english"))])
    return pipeline.FeatureUnion([("signals", signals), ("text", text)], transformer_weights={"signals": 1.0, "text": TEXT_WEIGHT})
