"""warclaims.link.text: MinHash similarity of report leads, on real lead sentences."""

from __future__ import annotations

from warclaims.link.text import SignatureCache, signature, similarity, tokens

SOHR = "An air strike killed 20 civilians in Khan Shaykhun in Idlib on Tuesday, the Syrian Observatory said."
SOHR_AGAIN = "An air strike killed 20 civilians in Khan Shaykhun in Idlib province on Tuesday, the Observatory said."
SANA = "The army said terrorists were killed when it struck a weapons depot near Hama."


def test_tokens_are_content_words_and_pairs():
    toks = tokens("The strike killed 20 civilians in Idlib")
    assert toks == {"strike", "killed", "20", "civilians", "idlib",
                    "strike killed", "killed 20", "20 civilians", "civilians idlib"}  # "in" dropped: pairs skip it
    assert tokens("it was said that the") == set()


def test_close_leads_are_similar_and_unrelated_ones_are_not():
    same = similarity(signature(SOHR), signature(SOHR))
    close = similarity(signature(SOHR), signature(SOHR_AGAIN))
    far = similarity(signature(SOHR), signature(SANA))
    assert same == 1.0 and 0.4 < close < 1.0 and far < 0.2
    assert signature("the said") is None and similarity(signature(SOHR), None) is None


def test_the_cache_computes_a_signature_once_per_report():
    cache = SignatureCache()
    first = cache.get("ahram#0", SOHR)
    assert cache.get("ahram#0", SANA) is first  # the report's lead was signed already
    assert similarity(cache.get("sana#0", SANA), signature(SANA)) == 1.0
