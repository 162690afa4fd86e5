"""Pair features and scores on real gold reports."""

from __future__ import annotations

import copy

from warclaims.link import pair_score
from warclaims.link.features import date_similarity, place_similarity, type_similarity
from warclaims.geo.places import haversine_km, lookup, normalise_place, place_key

from .support import by_id


def test_transliterations_of_one_place_match(gold_reports):
    # urum-al-joz-2017-04-08: "Urom al-Joz" (alaraby) and "Urum al-Joz" (ahram).
    a, b = by_id(gold_reports, "1923102878"), by_id(gold_reports, "1923848140")
    sim, _ = place_similarity(a, b)
    assert sim >= 0.9


def test_khan_sheikhoun_spellings_share_gazetteer_point(gold_reports):
    # khan-sheikhoun-chem-2017-04-04: "Khan Sheikhoun", "Khan Shaykhun", "Khan-Shaikhoun".
    a, b = by_id(gold_reports, "1918150030"), by_id(gold_reports, "1926479106")
    sim, km = place_similarity(a, b)
    assert sim == 1.0 and km is not None and km < 1
    assert place_key("Khan Shaykhun") == place_key("Khan-Shaikhoun") == place_key("Khan Sheikhoun")


def test_different_governorates_never_match(gold_reports):
    a, b = by_id(gold_reports, "1923102878"), by_id(gold_reports, "1926479296")  # Idlib vs Raqqa
    assert place_similarity(a, b)[0] == 0.0
    assert pair_score(a, b).veto == "different places"


def test_same_day_same_town_different_events_score_low(gold_reports):
    # 1923848141: a one-death airstrike on Khan Sheikhun on 2017-04-08, not the Urum al-Joz strike.
    a, b = by_id(gold_reports, "1923102878"), by_id(gold_reports, "1923848141")
    assert pair_score(a, b).score < 0.62


def test_gold_pair_scores_high_with_features(gold_reports):
    a, b = by_id(gold_reports, "1923848252"), by_id(gold_reports, "1926479150")  # atareb-2017-11-13
    ps = pair_score(a, b)
    assert ps.score >= 0.75
    assert set(ps.features) >= {"type", "date", "place", "perpetrator", "victims", "figures", "text"}


def test_month_precision_only_matches_same_month(gold_reports):
    # 1924058218 is dated "2016-08" (month); 1965511177 is 2016-07-06: never the same event.
    a, b = by_id(gold_reports, "1924058218"), by_id(gold_reports, "1965511177")
    assert a.incident.date_precision == "month"
    assert date_similarity(a, b) == 0.0
    assert pair_score(a, b).veto == "dates too far apart"


def test_date_window(gold_reports):
    a = by_id(gold_reports, "1965511178")
    b = copy.deepcopy(a)
    b.incident.date = a.incident.date.replace(day=a.incident.date.day - 1)
    assert date_similarity(a, b) == 0.75
    b.incident.date = a.incident.date.replace(day=a.incident.date.day - 5)
    assert date_similarity(a, b) == 0.0


def test_type_compatibility():
    assert type_similarity("airstrike", "airstrike") == 1.0
    assert type_similarity("airstrike", "shelling") == 0.6
    assert type_similarity("airstrike", "abduction_detention") == 0.0


def test_geo_helpers():
    assert lookup("Azaz") is not None  # alias of Izaz in the gazetteer
    assert 300 < haversine_km(36.2, 37.15, 33.51, 36.29) < 320  # Aleppo - Damascus
    assert normalise_place("the al-Bab district") == "bab"


def test_a_coarse_date_holding_the_other_counts_as_much_as_no_date(gold_reports):
    import datetime as dt

    a = copy.deepcopy(by_id(gold_reports, "1923102878"))
    b = copy.deepcopy(a)
    a.incident.date, a.incident.date_precision = dt.date(2013, 8, 1), "month"  # "in August 2013"
    b.incident.date, b.incident.date_precision = dt.date(2013, 8, 21), "day"
    assert date_similarity(a, b) == 0.5
    b.incident.date = dt.date(2013, 7, 21)
    assert date_similarity(a, b) == 0.0


def test_an_open_toll_holding_the_other_is_consistent_not_far_apart():
    from warclaims.link.features import figure_similarity
    from warclaims.models import Interval

    dozens, forty = Interval(low=24, high=None), Interval(low=40, high=40)
    assert figure_similarity(dozens, forty) == 0.6
    assert figure_similarity(dozens, Interval(low=90, high=90)) == 0.5
    assert figure_similarity(Interval(low=200, high=200), Interval(low=1401, high=None)) < 0.2
    assert figure_similarity(Interval(low=58, high=None), Interval(low=86, high=86)) > 0.6


def test_a_shared_generic_head_word_is_no_evidence_of_one_place():
    from warclaims.link.features import name_similarity

    assert name_similarity("Kafr Nabl", "Kafr Takharim") < 0.5
    assert name_similarity("Deir Hafer", "Deir Jamal") < 0.5
    assert name_similarity("Khan Sheikhoun", "Khan Shaykhun") >= 0.8
    assert name_similarity("Kafr Nabl", "Kfar Nabel") >= 0.8  # the heads differ in spelling: whole names
    assert name_similarity("Kafr Nabl", None) == 0.0



def test_two_mass_tolls_that_agree_are_a_sign_of_one_event_not_from_gold():
    from warclaims.link.features import figure_similarity
    from warclaims.models import Interval

    hundreds, over_1400 = Interval(low=200, high=None), Interval(low=1401, high=None)
    assert figure_similarity(hundreds, over_1400) == 1.0
    assert figure_similarity(Interval(low=150, high=None), Interval(low=320, high=320)) == 1.0
    # a mass toll that the other does not hold is still far apart, and one ten times the other
    assert figure_similarity(Interval(low=120, high=120), Interval(low=1401, high=None)) < 0.1
    assert figure_similarity(Interval(low=101, high=None), Interval(low=5000, high=5000)) == 0.5
