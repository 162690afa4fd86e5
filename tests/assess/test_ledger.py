"""Ledger signals: toll against independent claimants, majority fields, sole source."""

from __future__ import annotations

import datetime as dt

from warclaims.assess.ledger import PeerReport, ledger_signals
from warclaims.models import ArticleExtraction, Claim, Incident, Interval


def _claim(name: str, ctype: str, low: int, high: int | None = None) -> Claim:
    return Claim(claimant=name, claimant_type=ctype, killed=Interval(low=low, high=low if high is None else high))


def _peer(i: int, claims: list[Claim], **fields) -> PeerReport:
    inc = Incident(event_type="airstrike", date=dt.date(2016, 9, 17), admin1="Deir ez-Zor",
                   perpetrator="us_led_coalition", victims="combatants", claims=claims, **fields)
    return PeerReport(article_id=f"p{i}", outlet=f"outlet{i}", incident=inc)


def _by_name(signals):
    return {s.name: s for s in signals}


def _own(low: int, **fields) -> ArticleExtraction:
    base = {"event_type": "airstrike", "date": dt.date(2016, 9, 17), "admin1": "Deir ez-Zor",
            "perpetrator": "us_led_coalition", "victims": "combatants"} | fields
    inc = Incident(killed=Interval(low=low, high=low),
                   claims=[_claim("officials", "other", low)], **base)
    return ArticleExtraction(article_id="own", incidents=[inc])


FOUR_PEERS = [
    _peer(1, [_claim("SOHR", "monitor_ngo", 12)]),
    _peer(2, [_claim("SANA", "state_media", 15)]),
    _peer(3, [_claim("local activists", "activist_local", 13)]),
    _peer(4, [_claim("the Russian army", "military", 14)]),
]


def test_toll_above_the_range_of_four_other_claimants():
    sig = _by_name(ledger_signals(_own(48), FOUR_PEERS, "ARA News"))
    assert sig["toll_outside"].value > 1.0
    assert sig["toll_in_range"].value == 0.0
    assert sig["toll_outside"].evidence == "its toll of 48 is above the 12–15 that four other claimants give"
    assert sig["only_source"].value == 0.0


def test_toll_inside_the_range():
    sig = _by_name(ledger_signals(_own(13), FOUR_PEERS))
    assert sig["toll_outside"].value == 0.0
    assert "within the 12–15" in sig["toll_outside"].evidence
    assert sig["independent_claimants"].value == 4.0


def test_claimants_the_article_itself_cites_are_not_independent():
    peers = [_peer(1, [_claim("officials", "other", 60)])]
    sig = _by_name(ledger_signals(_own(48), peers))
    assert sig["toll_outside"].value is None  # its own claimant is not a second opinion


def test_majority_disagreement_on_perpetrator_and_date():
    sig = _by_name(ledger_signals(_own(13, perpetrator="russia", date=dt.date(2016, 9, 10)), FOUR_PEERS))
    assert sig["agree_perpetrator"].value == 0.0
    assert "us_led_coalition given by 4 of 4" in sig["agree_perpetrator"].evidence
    assert sig["agree_date"].value == 0.0
    assert sig["agree_admin1"].value == 1.0


def test_a_date_one_day_off_agrees():
    sig = _by_name(ledger_signals(_own(13, date=dt.date(2016, 9, 18)), FOUR_PEERS))
    assert sig["agree_date"].value == 1.0


def test_only_source():
    sig = _by_name(ledger_signals(_own(13), []))
    assert sig["only_source"].value == 1.0
    assert sig["only_source"].evidence == "no other source reports this incident"
    assert sig["toll_outside"].value is None


def test_article_without_incident_still_has_every_signal():
    names = {s.name for s in ledger_signals(ArticleExtraction(article_id="x"), FOUR_PEERS)}
    assert {"toll_outside", "agree_perpetrator", "only_source"} <= names


def test_a_toll_of_other_victims_is_not_compared():
    militants = Claim(claimant="local activists", claimant_type="activist_local", victims="civilians",
                      killed=Interval(low=24, high=None))
    sig = _by_name(ledger_signals(_own(60), [_peer(1, [militants])]))  # own victims: combatants
    assert sig["toll_outside"].value is None
