"""Sourcing signals: attribution and claimant types, on real article text (the lexicon: test_lexicon.py)."""

from __future__ import annotations

from warclaims.assess.sourcing import is_named, sourcing_signals
from warclaims.models import Article, ArticleExtraction, Claim, Incident, Interval


def _by_name(signals):
    return {s.name: s for s in signals}


def test_attribution_share_and_claimant_types(fakes_rows):
    row = fakes_rows[1]  # "Death toll from Aleppo bomb attack at least 112" (SOHR, Civil Defence)
    art = Article(id=row["unit_id"], text=row["article_content"], title=row["article_title"], outlet="nna")
    claims = [
        Claim(claimant="the Syrian Observatory for Human Rights", claimant_type="monitor_ngo",
              killed=Interval(low=112, high=None)),
        Claim(claimant="nna", claimant_type="news_outlet", killed=Interval(low=100, high=None)),
    ]
    ext = ArticleExtraction(article_id=art.id, incidents=[Incident(claims=claims)])
    sig = _by_name(sourcing_signals(art, ext))
    assert sig["attributed_share"].value == 0.5
    assert "Syrian Observatory" in sig["attributed_share"].evidence
    assert sig["claimant_monitor_ngo"].value == 1.0
    assert sig["claimant_state_media"].value == 0.0
    assert sig["partisan_share"].value == 0.0


def test_unattributed_figure_is_not_named():
    claim = Claim(claimant="", claimant_type="news_outlet", killed=Interval(low=3, high=3))
    assert not is_named(claim, "sana")
    assert is_named(Claim(claimant="SANA", claimant_type="state_media"), "reuters")


def test_no_extraction_gives_unmeasured_share(fakes_rows):
    row = fakes_rows[0]
    sig = _by_name(sourcing_signals(Article(id="x", text=row["article_content"]), None))
    assert sig["attributed_share"].value is None
    assert sig["figures"].value == 0.0


def test_own_staff_anonymous_sources_and_untyped_claimants_are_not_named():
    # Regression (review of FA-KES dev): "A missile" and "Sputnik correspondent" counted as named sources.
    assert not is_named(Claim(claimant="Sputnik correspondent", claimant_type="news_outlet"), "sputnik")
    assert not is_named(Claim(claimant="SANA reporter in Aleppo", claimant_type="state_media"), "sana")
    assert not is_named(Claim(claimant="the sources", claimant_type="news_outlet"), "alalam")
    assert not is_named(Claim(claimant="A missile", claimant_type="other"), "ahram")
    assert is_named(Claim(claimant="Reuters", claimant_type="news_outlet"), "ahram")
    assert is_named(Claim(claimant="the Syrian Observatory for Human Rights", claimant_type="monitor_ngo"), "trt")
