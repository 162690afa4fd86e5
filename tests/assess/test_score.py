"""Scoring with reasons; the Deir ez-Zor example off the training distribution."""

from __future__ import annotations

import datetime as dt

import pytest

from warclaims.assess.features import AssessInput
from warclaims.assess.ledger import PeerReport
from warclaims.assess.model import load_model
from warclaims.assess.records import ReferenceRecord
from warclaims.assess.score import assess
from warclaims.models import ArticleExtraction, Claim, Incident, Interval


@pytest.fixture(scope="module")
def bundle():
    return load_model()


def _peer(i: int, name: str, ctype: str, killed: int) -> PeerReport:
    inc = Incident(event_type="airstrike", date=dt.date(2016, 9, 17), admin1="Deir ez-Zor",
                   perpetrator="us_led_coalition", victims="combatants",
                   claims=[Claim(claimant=name, claimant_type=ctype, killed=Interval(low=killed, high=killed))])
    return PeerReport(article_id=f"peer{i}", outlet=f"outlet{i}", incident=inc)


def test_deir_ez_zor_alone_gets_a_score_with_reasons(bundle, example_article, example_extraction):
    cred = assess(AssessInput(article=example_article, extraction=example_extraction), bundle)
    assert 0.0 <= cred.score <= 1.0
    assert cred.label in ("credible", "doubtful")
    texts = [r.text for r in cred.reasons]
    assert "no other source reports this incident; the score leans on how its figures are sourced" in texts
    assert 2 <= len(cred.reasons) <= 8
    assert cred.signals and cred.article_id == "ara-news-deir-ez-zor-2016-09"


def test_deir_ez_zor_toll_far_above_other_claimants_lowers_the_score(bundle, example_article, example_extraction):
    alone = assess(AssessInput(article=example_article, extraction=example_extraction), bundle)
    peers = [_peer(1, "SOHR", "monitor_ngo", 12), _peer(2, "SANA", "state_media", 15),
             _peer(3, "Deir Ezzor 24", "activist_local", 13), _peer(4, "Reuters", "news_outlet", 14)]
    checked = assess(AssessInput(article=example_article, extraction=example_extraction, peers=peers), bundle)
    assert checked.score < alone.score
    assert checked.reasons[0].text == "its toll of 60 is above the 12–15 that four other claimants give"
    assert checked.reasons[0].effect < 0


def test_agreeing_reference_record_raises_the_score(bundle, example_article, example_extraction):
    # The airport where the extractor places it (the gold file has no coordinates), and a GED-like
    # record 6 km away, same day, the coalition's side, soldiers killed: confident enough to cite.
    inc = example_extraction.incidents[0]
    inc.latitude, inc.longitude, inc.geo_precision = 35.2854, 40.1759, "point"
    alone = assess(AssessInput(article=example_article, extraction=example_extraction, references=[]), bundle)
    ged = ReferenceRecord(dataset="ucdp-ged", record_id="1", date=dt.date(2016, 9, 17), admin1="Deir ez-Zor",
                          place="Jabal Thurdah", latitude=35.2566, longitude=40.1147, event_type="1",
                          actor1="Government of Iraq", actor2="IS", deaths_best=62, deaths_low=60, deaths_high=83,
                          extra={"where_prec": "1", "deaths_civilians": "0"})
    matched = assess(AssessInput(article=example_article, extraction=example_extraction, references=[ged]), bundle)
    assert matched.score > alone.score
    assert any(r.text.startswith("UCDP GED 1 records 62 deaths (60–83) at Jabal Thurdah on 2016-09-17")
               and r.text.endswith("this article's 'at least 60' is consistent") for r in matched.reasons)
    # The same record known only by its governorate is not confident enough to judge the toll.
    vague = ReferenceRecord(dataset="ucdp-ged", record_id="2", date=dt.date(2016, 9, 17), admin1="Deir ez-Zor",
                            deaths_best=62, deaths_low=60, deaths_high=83)
    unsure = assess(AssessInput(article=example_article, extraction=example_extraction, references=[vague]), bundle)
    assert unsure.score == alone.score


def test_unattributed_figure_is_a_reason(bundle, fakes_rows):
    from warclaims.models import Article

    row = next(r for r in fakes_rows if r["unit_id"] == "1926478911")  # SANA: ten civilians killed in Raqqa
    art = Article(id=row["unit_id"], text=row["article_content"], title=row["article_title"], outlet="sana")
    inc = Incident(event_type="airstrike", admin1="Raqqa", killed=Interval(low=10, high=10),
                   claims=[Claim(claimant="sana", claimant_type="news_outlet", killed=Interval(low=10, high=10))])
    cred = assess(AssessInput(article=art, extraction=ArticleExtraction(article_id=art.id, incidents=[inc])), bundle)
    assert "no figure is attributed to an identified source" in [r.text for r in cred.reasons]


def test_article_without_figure_is_unverifiable(bundle, fakes_rows):
    from warclaims.models import Article

    row = fakes_rows[0]
    art = Article(id=row["unit_id"], text=row["article_content"], title=row["article_title"], outlet="nna")
    cred = assess(AssessInput(article=art, extraction=ArticleExtraction(article_id=art.id)), bundle)
    assert cred.label == "unverifiable"
    assert "the article states no casualty figure that could be checked" in [r.text for r in cred.reasons]


def test_deir_ez_zor_through_the_real_extractor(bundle, example_article):
    pipeline = pytest.importorskip("warclaims.extract.pipeline")
    extraction = pipeline.extract_article(example_article)
    cred = assess(AssessInput(article=example_article, extraction=extraction), bundle)
    assert 0.0 <= cred.score <= 1.0 and cred.label in ("credible", "doubtful", "unverifiable")
    texts = [r.text for r in cred.reasons]
    assert "no other source reports this incident; the score leans on how its figures are sourced" in texts
    assert len(texts) >= 2


def _aleppo_toll(fakes_rows, claimant: str, ctype: str):
    from warclaims.models import Article

    row = fakes_rows[1]  # "Death toll from Aleppo bomb attack at least 112" (SOHR, Civil Defence)
    art = Article(id=row["unit_id"], text=row["article_content"], title=row["article_title"], outlet="nna")
    inc = Incident(event_type="bombing", admin1="Aleppo", killed=Interval(low=112, high=None),
                   claims=[Claim(claimant=claimant, claimant_type=ctype, killed=Interval(low=112, high=None))])
    return AssessInput(article=art, extraction=ArticleExtraction(article_id=art.id, incidents=[inc]))


def test_figure_from_a_monitor_scores_above_the_same_figure_from_a_party(bundle, fakes_rows):
    monitor = assess(_aleppo_toll(fakes_rows, "the Syrian Observatory for Human Rights", "monitor_ngo"), bundle)
    party = assess(_aleppo_toll(fakes_rows, "the Syrian army", "military"), bundle)
    assert monitor.score > party.score
    by_signal = {r.signal: r for r in monitor.reasons}
    assert by_signal["claimant_monitor_ngo"].effect > 0
    assert "monitoring group (the Syrian Observatory for Human Rights)" in by_signal["claimant_monitor_ngo"].text
    partisan = {r.signal: r for r in party.reasons}["partisan_share"]
    assert partisan.effect < 0 and "come from a party to the conflict (the Syrian army)" in partisan.text


def test_sensational_wording_is_a_reason(bundle, fakes_rows):
    plain = _aleppo_toll(fakes_rows, "the Syrian Observatory for Human Rights", "monitor_ngo")
    loud = _aleppo_toll(fakes_rows, "the Syrian Observatory for Human Rights", "monitor_ngo")
    loud.article.title = "Horrific massacre: barbaric carnage as martyrs are slaughtered in Aleppo"
    calm, shouted = assess(plain, bundle), assess(loud, bundle)
    assert shouted.score < calm.score
    reason = {r.signal: r for r in shouted.reasons}["lex_sensational"]
    assert reason.effect < 0 and "horrific" in reason.text


def test_nothing_moving_the_score_is_said(bundle):
    from warclaims.assess.score import NOTHING_MOVED, build_reasons

    reasons = build_reasons({"outlet": 0.001, "text": -0.002}, {}, {}, {"outlet": "sana"})
    assert [r.text for r in reasons] == [NOTHING_MOVED]


def test_sole_source_with_balanced_sourcing_is_unverifiable(bundle, fakes_rows):
    # Review finding: with a model that learned nothing, such articles were labelled "credible"
    # only because the base rate (0.55) sits above 0.5, with no reason saying so.
    from warclaims.assess.score import NOTHING_MOVED, SOLE_SOURCE

    data = _aleppo_toll(fakes_rows, "the Syrian army", "military")
    own = Claim(claimant="nna", claimant_type="news_outlet", killed=Interval(low=112, high=None))
    data.extraction.incidents[0].claims.append(own)  # half the figures attributed, not all partisan
    cred = assess(data, bundle)
    texts = [r.text for r in cred.reasons]
    assert SOLE_SOURCE in texts and NOTHING_MOVED in texts
    assert cred.label == "unverifiable"


def test_partly_attributed_figures_read_as_a_minus(bundle, fakes_rows):
    data = _aleppo_toll(fakes_rows, "the Syrian Observatory for Human Rights", "monitor_ngo")
    for n in range(3):
        data.extraction.incidents[0].claims.append(
            Claim(claimant="", claimant_type="news_outlet", killed=Interval(low=100 + n, high=None)))
    reason = {r.signal: r for r in assess(data, bundle).reasons}["attributed_share"]
    assert reason.effect < 0 and reason.text.startswith("only 1 of 4 figure(s) attributed to an identified source")
