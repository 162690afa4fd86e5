"""Matching incidents to reference records (date window, distance by precision, kind, sets) and
comparing tolls as intervals, on the bundled UCDP GED set and the ARA News example."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from warclaims.assess.bundled import bundled_index
from warclaims.assess.matching import (
    COMMON_WORDS_FILE,
    claim_verdicts,
    compare_interval,
    count_common_headline_words,
    date_window,
    match_confidence,
    match_incident,
    match_one,
    same_event,
    telling_words,
    text_place_keys,
    verdict_for,
)
from warclaims.assess.records import ReferenceRecord
from warclaims.models import Claim, Incident, Interval

AIRPORT = {"event_type": "airstrike", "date": dt.date(2016, 9, 17), "date_precision": "day",
           "admin1": "Deir ez-Zor", "place": "Deir ez-Zor military airport", "latitude": 35.2854,
           "longitude": 40.1759, "geo_precision": "point", "perpetrator": "us_led_coalition",
           "victims": "combatants"}


def _airport(**kw) -> Incident:
    claims = [Claim(claimant="officials", claimant_type="official", killed=Interval(low=60, high=None)),
              Claim(claimant="the Russian army", claimant_type="military", killed=Interval(low=60, high=60))]
    return Incident(**(AIRPORT | {"killed": Interval(low=60, high=None), "claims": claims} | kw))


def _candidates(incident: Incident) -> list[ReferenceRecord]:
    return bundled_index().between(*date_window(incident))


def _ged(record_id: str, **kw) -> ReferenceRecord:
    base = {"dataset": "ucdp-ged", "record_id": record_id, "date": dt.date(2016, 9, 17), "admin1": "Deir ez-Zor",
            "place": "Jabal Thurdah", "latitude": 35.256571, "longitude": 40.114747, "event_type": "1",
            "actor1": "Government of Syria", "actor2": "IS", "deaths_best": 10, "deaths_low": 10,
            "deaths_high": 10, "extra": {"where_prec": "1"}}
    return ReferenceRecord(**(base | kw))


def test_seed_matches_jabal_thurdah_with_evidence():
    found = match_incident(_airport(), _candidates(_airport()))
    assert found is not None
    top = found.matches[0]
    assert top.record.record_id == "227936" and top.strength == "strong"
    assert top.day_offset == 0 and 6.0 < top.distance_km < 7.0
    assert {"date", "place", "sides"} <= set(top.agreeing)
    assert found.status == "cited" and found.cited is top and top.confidence >= 0.65
    assert "227953" in found.summed  # GED's other record of Jabal Thurdah that day: a part of the event
    assert found.low == 90 and found.high >= 90 + 38


def test_seed_claims_are_judged_as_intervals():
    inc = _airport()
    verdicts = {v.claimant: v for v in claim_verdicts(inc, match_incident(inc, _candidates(inc)))}
    assert verdicts["officials"].verdict == "consistent"  # "at least 60" is consistent with 90
    assert verdicts["officials"].text.startswith("UCDP GED 227936 records 90 deaths at Jabal Thurdah on 2016-09-17")
    assert verdicts["officials"].text.endswith("officials' 'at least 60' is consistent")
    assert verdicts["the Russian army"].verdict == "below"  # exactly 60 is under GED's 90


def test_open_intervals():
    assert compare_interval(Interval(low=60, high=None), 62, 180) == "consistent"
    assert compare_interval(Interval(low=60, high=None), 90, 90) == "consistent"
    assert compare_interval(Interval(low=200, high=None), 90, 128) == "above"
    assert compare_interval(Interval(low=None, high=30), 90, 128) == "below"
    assert compare_interval(Interval(low=None, high=100), 90, 128) == "consistent"
    assert compare_interval(Interval(low=10, high=15), 16, 20) == "below"
    assert compare_interval(None, 1, 2) == "no record"
    assert verdict_for("SANA", Interval(low=5, high=5), None).verdict == "no record"


def test_date_window_follows_precision():
    assert date_window(_airport()) == (dt.date(2016, 9, 16), dt.date(2016, 9, 18))
    month = _airport(date=dt.date(2016, 9, 1), date_precision="month")
    assert date_window(month) == (dt.date(2016, 9, 1), dt.date(2016, 9, 30))
    assert date_window(_airport(date_precision="year")) is None
    assert match_one(_airport(date=dt.date(2016, 9, 19)), _ged("1")) is None  # two days off
    assert match_one(_airport(date=dt.date(2016, 9, 18)), _ged("1")).day_offset == 1
    spanning = _ged("2", date=dt.date(2016, 9, 10), date_end=dt.date(2016, 9, 20))
    assert match_one(_airport(), spanning).day_offset == 0


def test_distance_tolerance_depends_on_both_precisions():
    far = {"latitude": 35.40, "longitude": 40.32}  # about 18 km from the airport point
    assert match_one(_airport(), _ged("1", **far)) is None  # point vs exact: 10 km
    assert match_one(_airport(), _ged("1", **far, extra={"where_prec": "2"})).strength == "strong"  # +25 km
    assert match_one(_airport(geo_precision="city"), _ged("1", **far)).strength == "strong"  # 25 km
    # a GED event located only to its governorate matches by governorate, weakly
    assert match_one(_airport(), _ged("1", **far, extra={"where_prec": "4"})).strength == "weak"
    assert match_one(_airport(), _ged("1", extra={"where_prec": "6"})) is None  # country level: never


def test_governorate_level_and_governorate_named_incidents_match_weakly():
    idlib_city = {"latitude": 35.9306, "longitude": 36.6339}
    khan_shaykhun = _ged("9", admin1="Idlib", place="Khan Shaykhun", latitude=35.44, longitude=36.65,
                         date=dt.date(2017, 4, 4), event_type="3", actor1="Government of Syria", actor2="Civilians")
    inc = Incident(event_type="chemical_attack", date=dt.date(2017, 4, 4), date_precision="day", admin1="Idlib",
                   place="Idlib", geo_precision="city", perpetrator="syrian_government", victims="civilians",
                   **idlib_city)
    found = match_one(inc, khan_shaykhun)  # 55 km from Idlib city, but "Idlib" may mean the province
    assert found is not None and found.strength == "weak" and "governorate" in found.agreeing
    assert {"sides", "victims"} <= set(found.agreeing)
    town = Incident(event_type="chemical_attack", date=dt.date(2017, 4, 4), date_precision="day", admin1="Idlib",
                    place="Saraqib", geo_precision="city", latitude=35.86, longitude=36.80,
                    perpetrator="syrian_government")
    assert match_one(town, khan_shaykhun) is None  # a named town 47 km away is another place


def test_event_kind_compatibility():
    non_state = _ged("5", event_type="2", actor1="IS", actor2="SDF")
    assert match_one(_airport(perpetrator="syrian_government"), non_state) is None  # never in a type 2
    assert match_one(_airport(perpetrator="russia"), non_state) is None
    # GED codes the coalition's strikes in support of the SDF as "IS - SDF" (Tokhar, 2016-07-19)
    assert "sides" in match_one(_airport(), non_state).agreeing
    assert match_one(_airport(perpetrator="isis", event_type="armed_clash"), non_state) is not None
    one_sided = _ged("6", event_type="3", actor1="IS", actor2="Civilians")
    assert match_one(_airport(perpetrator="isis"), one_sided) is None  # victims are combatants
    acled = _ged("7", event_type="Armed clash", extra={})
    assert match_one(_airport(), acled) is None  # airstrike vs clash


def test_matching_one_incident_is_fast():
    inc = _airport()
    bundled_index()  # loaded once per process
    start = time.perf_counter()
    for _ in range(20):
        match_incident(inc, _candidates(inc))
    per_incident = (time.perf_counter() - start) / 20
    assert per_incident < 0.05, per_incident


@pytest.mark.parametrize("precision", ["year"])
def test_vague_dates_do_not_match(precision):
    inc = _airport(date_precision=precision)
    assert match_incident(inc, _candidates(_airport())) is None


def test_records_named_or_echoed_by_the_article_rank_first():
    homs = {"date": dt.date(2016, 8, 28), "admin1": "Homs", "place": "Homs town", "latitude": 34.73,
            "longitude": 36.71, "event_type": "1", "actor1": "Government of Syria", "actor2": "Syrian insurgents"}
    daily = _ged("1", **homs, deaths_best=7, deaths_low=7, deaths_high=7,
                 extra={"where_prec": "1", "source_headline": "183 killed yesterday across Syria"})
    waer = _ged("2", **homs, deaths_best=2, deaths_low=2, deaths_high=2,
                extra={"where_prec": "1", "source_headline": "Incendiary shelling on the besieged neighbourhood "
                                                               "of al-Wa'er burns two children"})
    inc = Incident(event_type="shelling", date=dt.date(2016, 8, 28), date_precision="day", admin1="Homs",
                   place="Waer", latitude=34.74, longitude=36.68, geo_precision="point",
                   perpetrator="syrian_government", victims="civilians")
    text = "Incendiary shelling on the besieged neighbourhood of al-Waer in Homs burned two children to death."
    assert match_incident(inc, [daily, waer]).matches[0].record.record_id == "1"  # nearest, then largest
    found = match_incident(inc, [daily, waer], text)
    assert found.matches[0].record.record_id == "2" and "headline" in found.matches[0].agreeing
    named = _ged("3", **(homs | {"place": "Talbiseh town", "latitude": 34.77, "longitude": 36.70}))
    text2 = "Shelling on Talbiseh killed ten."
    assert match_incident(inc, [daily, named], text2).matches[0].record.record_id == "3"


ALEPPO_20160805 = {"event_type": "airstrike", "date": dt.date(2016, 8, 5), "date_precision": "day",
                   "admin1": "Aleppo", "place": "Aleppo", "latitude": 36.2021, "longitude": 37.1343,
                   "geo_precision": "city", "perpetrator": "syrian_government", "victims": "civilians",
                   "killed": Interval(low=10, high=10)}


def test_a_busy_city_day_is_ambiguous_unless_the_article_names_its_record():
    # 2016-08-05: GED has several records at "Aleppo town" (the city's own point) that day.
    inc = Incident(**ALEPPO_20160805)
    records = _candidates(inc)
    vague = match_incident(inc, records, "Air raids on eastern Aleppo killed ten people on Friday.")
    assert vague.status == "ambiguous" and vague.cited is None and len(vague.rivals) >= 1
    assert vague.low is None and vague.high is None  # no interval: nothing is judged
    assert {m.record.place for m in vague.matches[:2]} == {"Aleppo town"}
    verdict = claim_verdicts(inc, vague)[0]
    assert verdict.verdict == "ambiguous" and verdict.text.startswith("ambiguous: ")
    assert verdict.text.endswith("is not judged")
    # The article's neighbourhood and toll are those of one record's headline: that record is cited.
    named = match_incident(inc, records, "Air raids on Aleppo's Marjeh district killed at least 10 people "
                                         "including seven children on Friday.")
    assert named.status == "cited" and named.matches[0].record.record_id == "318270"
    assert "headline" in named.matches[0].agreeing and named.confidence - named.matches[2].confidence >= 0.15


def test_records_of_a_city_point_are_not_parts_of_one_event():
    inc = Incident(**ALEPPO_20160805)
    found = {m.record.record_id: m for m in match_incident(inc, _candidates(inc)).matches}
    # Both at "Aleppo town" the same day, different reports: two events, not one.
    assert not same_event(found["318270"], found["226747"])
    # GED split one report ("A massacre ... in Al-Marjeh") over two places: parts of one event.
    assert same_event(found["318270"], found["318274"])


def test_sides_that_contradict_the_perpetrator_exclude_a_record():
    coalition = _ged("227936", actor1="Government of Iraq", actor2="IS", deaths_best=90, deaths_low=90,
                     deaths_high=90)
    assert match_one(_airport(), coalition) is not None  # GED codes the coalition's strikes under any dyad
    assert match_one(_airport(perpetrator="isis", event_type="armed_clash"), coalition) is not None
    # Rebels are neither side of "Government of Iraq - IS", nor is the government of "IS - Civilians".
    assert match_one(_airport(perpetrator="opposition_rebels", event_type="armed_clash"), coalition) is None
    is_execution = _ged("227946", event_type="3", actor1="IS", actor2="Civilians", place="Hatla town")
    assert match_one(_airport(perpetrator="syrian_government", victims="civilians"), is_execution) is None
    # On the real day: with the government as perpetrator, the IS execution is not even a candidate.
    found = match_incident(_airport(perpetrator="syrian_government", victims="civilians"), _candidates(_airport()))
    assert "227946" not in {m.record.record_id for m in found.matches}


def test_a_match_nothing_distinguishes_is_uncertain_and_judges_no_toll():
    # The airport incident read at governorate level: every Deir ez-Zor record of the day is a weak
    # candidate, and none is tied to the article by place, words or sides well enough to be cited.
    inc = _airport(geo_precision="admin1", latitude=None, longitude=None, perpetrator="unknown")
    found = match_incident(inc, _candidates(inc))
    assert found is not None and found.status in ("uncertain", "ambiguous") and found.cited is None
    assert found.confidence < 0.65 and found.low is None
    assert {v.verdict for v in claim_verdicts(inc, found)} == {found.status}


def test_a_toll_far_from_the_record_counts_against_the_match():
    far = _airport(killed=Interval(low=400, high=400), claims=[])
    found = match_incident(far, _candidates(far))
    assert found.status != "cited" and "toll" in found.matches[0].disagreeing
    # Named in the article, the record is still cited, and the toll is judged above it.
    named = match_incident(far, _candidates(far), "Coalition jets struck army positions on Jabal Thurdah.")
    assert named.status == "cited" and named.matches[0].record.record_id == "227936"
    assert claim_verdicts(far, named)[0].verdict == "above"


def test_dates_are_not_telling_numbers():
    keys = text_place_keys("On 16 August 2016 rockets killed 73 people; Aug. 17, and 17/08/2016 too.")
    assert "73" in keys and not {"16", "17", "2016", "08"} & keys
    words = telling_words("164 killed yesterday 17/09/2016")
    assert "164" in words and not {"17", "09", "2016"} & words


def test_common_headline_words_file_matches_the_bundled_set():
    shipped = COMMON_WORDS_FILE.read_text("utf-8").split()
    assert shipped == count_common_headline_words(bundled_index())
    assert "fgtng" in shipped and "alepo" in shipped  # "fighting", "Aleppo": in over 1% of headlines


def test_a_distinctive_word_of_the_record_place_counts_as_naming_it():
    # SANA, 2016-11-21: coalition strike on "a modest cotton-spinning plant in al-Salehia" north of
    # Raqqa; GED places the event at "Aqtan Cotton Factory" (7 dead, IS - SDF, the same day).
    inc = Incident(event_type="airstrike", date=dt.date(2016, 11, 21), date_precision="day", admin1="Raqqa",
                   place="Raqqa", latitude=35.9528, longitude=39.0079, geo_precision="city",
                   perpetrator="us_led_coalition", victims="civilians", killed=Interval(low=11, high=None))
    text = ("Coalition aircrafts targeted a modest cotton-spinning plant in al-Salehia village claiming the "
            "lives of three workers and an entire family of six displaced people.")
    found = match_incident(inc, _candidates(inc), text)
    top = found.matches[0]
    assert top.record.record_id == "234807" and "named_part" in top.agreeing and found.status == "cited"
    assert match_incident(inc, _candidates(inc), "Coalition aircraft struck near Raqqa.").status != "cited"


def test_victims_are_read_from_ged_civilian_deaths():
    # GED 227936 counts 90 dead and no civilian: soldiers agree, civilians do not.
    record = next(r for r in _candidates(_airport()) if r.record_id == "227936")
    assert record.extra["deaths_civilians"] == "0"
    soldiers, civilians = _airport(), _airport(victims="civilians")
    for_soldiers, for_civilians = match_one(soldiers, record), match_one(civilians, record)
    assert "victims" in for_soldiers.agreeing and "victims" not in for_civilians.agreeing
    gap = match_confidence(soldiers, for_soldiers) - match_confidence(civilians, for_civilians)
    assert "victims" in for_civilians.disagreeing and round(gap, 3) == 0.2  # +0.1 against -0.1
