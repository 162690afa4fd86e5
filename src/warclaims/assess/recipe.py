"""The credibility model's fixed feature recipe and seed, below both the model
(:mod:`warclaims.assess.model`, which fits it) and the model file reader
(:mod:`warclaims.assess.model_file`, which rebuilds it from a file), so neither imports the other
for it."""

from __future__ import annotations

from typing import Any

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
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    signals = Pipeline([("select", FunctionTransformer(_rows)), ("vec", DictVectorizer()),
                        ("scale", StandardScaler(with_mean=False))])
    text = Pipeline([("select", FunctionTransformer(_texts)),
                     ("tfidf", TfidfVectorizer(sublinear_tf=True, min_df=3, max_features=3000, stop_words="english"))])
    return FeatureUnion([("signals", signals), ("text", text)], transformer_weights={"signals": 1.0, "text": TEXT_WEIGHT})
