"""warclaims.assess.lexicon: the word lists counted in real FA-KES text, as whole words."""

from __future__ import annotations

from warclaims.assess.lexicon import load_lexicon
from warclaims.assess.sourcing import lexicon_signals


def _by_name(signals):
    return {s.name: s for s in signals}


def test_lexicon_counts_words_of_a_fakes_article(fakes_rows):
    row = next(r for r in fakes_rows if "Horrific Massacres" in r["article_title"])
    text = row["article_title"] + " " + row["article_content"]
    counts = load_lexicon().count(text)
    assert counts["sensational"] >= 2  # "Horrific", "Massacres"
    assert counts["sectarian"] >= 1  # "Regime"
    sig = _by_name(lexicon_signals(text))
    assert sig["lex_sensational"].value > 0
    assert "horrific" in sig["lex_sensational"].evidence


def test_regime_does_not_match_inside_other_words():
    assert load_lexicon().count("a strict regimen of tests")["sectarian"] == 0
