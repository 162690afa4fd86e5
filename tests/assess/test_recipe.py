"""warclaims.assess.recipe: the unfitted feature union reads signal rows and text, text down-weighted."""

from __future__ import annotations

import numpy as np

from warclaims.assess.recipe import TEXT_WEIGHT, model_features

TEXTS = [
    "An air strike killed 20 civilians in Khan Shaykhun in Idlib, the Syrian Observatory said.",
    "Activists said 25 people were killed by an air strike in Khan Shaykhun on Tuesday.",
    "The army said terrorists killed 3 people in Khan Shaykhun; SANA reported 4 dead.",
    "Shelling killed 12 civilians in Douma, activists said, blaming government forces.",
]


def _items():
    return [{"row": {"log_killed": float(np.log1p(k)), "outlet": o}, "text": t}
            for k, o, t in zip([20, 25, 3, 12], ["ahram", "ahram", "sana", "enab"], TEXTS, strict=True)]


def test_feature_union_has_signal_and_text_columns():
    features = model_features()
    matrix = features.fit_transform(_items())
    signals = features.transformer_list[0][1]
    text = features.transformer_list[1][1]
    n_signal = len(signals.named_steps["vec"].feature_names_)
    assert signals.named_steps["vec"].feature_names_ == ["log_killed", "outlet=ahram", "outlet=enab", "outlet=sana"]
    assert "killed" in text.named_steps["tfidf"].vocabulary_  # in 3+ texts (min_df=3)
    assert "douma" not in text.named_steps["tfidf"].vocabulary_  # in one text only
    assert matrix.shape == (4, n_signal + len(text.named_steps["tfidf"].vocabulary_))
    dense = matrix.toarray()
    norms = np.linalg.norm(dense[:, n_signal:], axis=1)
    assert np.allclose(norms, TEXT_WEIGHT)  # each row's TF-IDF block is unit length, times the weight


def test_two_unfitted_unions_are_independent():
    first, second = model_features(), model_features()
    first.fit(_items())
    assert not hasattr(second.transformer_list[1][1].named_steps["tfidf"], "vocabulary_")
