"""Clustering of gold reports: accuracy, coherence (no chaining), incremental attachment."""

from __future__ import annotations

import copy
import datetime as dt

from warclaims.link import Linker, link_reports
from warclaims.link.cluster import region_of, report_flags
from warclaims.link.evaluate import pairwise_scores

from .support import by_id


def test_gold_pairwise_f1_meets_target(gold_reports, truth):
    scores = pairwise_scores(truth, link_reports(gold_reports))
    assert scores.f1 >= 0.85, scores
    assert scores.precision >= 0.9, scores


def test_khan_sheikhoun_seven_reports_one_incident(gold_reports, truth):
    incidents = link_reports(gold_reports)
    members = {a for a, g in truth.items() if g == "khan-sheikhoun-chem-2017-04-04"}
    holding = [inc for inc in incidents if members & set(inc.article_ids)]
    assert len(holding) == 1 and set(holding[0].article_ids) == members


def test_every_link_is_explained(gold_reports):
    for inc in link_reports(gold_reports):
        assert inc.medoid in {r.key for r in inc.reports}
        assert len(inc.links) == len(inc.reports)
        for link in inc.links[1:]:
            assert link.matched is not None and 0 < link.score <= 1
            assert {"type", "date", "place", "text", "members_mean"} <= set(link.features)


def test_no_chaining_through_one_intermediate(gold_reports):
    # atareb-2017-11-13 shifted in time: B (3 days after A) joins A; C, a copy of B three days
    # later still, is close to B but six days from A: it must not join through B.
    a = by_id(gold_reports, "1923848252")
    b = copy.deepcopy(by_id(gold_reports, "1926479150"))
    b.article_id = "chain-b"
    b.incident.date = a.incident.date + dt.timedelta(days=3)
    c = copy.deepcopy(b)
    c.article_id = "chain-c"
    c.incident.date = a.incident.date + dt.timedelta(days=6)
    incidents = link_reports([a, b, c])
    assert sorted(sorted(i.article_ids) for i in incidents) == [["1923848252", "chain-b"], ["chain-c"]]


def test_incremental_attach_matches_full_link(gold_reports, truth):
    full = link_reports(gold_reports)
    linker = Linker()
    late = by_id(gold_reports, "1926479106")  # manar, published a week after Khan Sheikhoun
    linker.add_all([r for r in gold_reports if r is not late])
    link = linker.add(late)
    target = next(i for i in full if "1926479106" in i.article_ids)
    assert link.incident_id == target.id
    assert link.score >= 0.62 and link.features["place"] == 1.0


def test_restore_then_attach(gold_reports):
    # Incidents rebuilt from the store are indexed with restore(); a new report attaches to them.
    first = link_reports([by_id(gold_reports, "1923102878")])[0]
    linker = Linker()
    linker.restore(first)
    link = linker.add(by_id(gold_reports, "1923848140"))
    assert link.incident_id == first.id


def test_report_without_date_is_flagged_and_not_merged_on_text(gold_reports):
    # 1962495683 (al-Hail oilfield) has no date: never merged on text alone.
    undated = by_id(gold_reports, "1962495683")
    assert report_flags(undated) == ["no_date"]
    twin_text = copy.deepcopy(by_id(gold_reports, "1924058080"))  # Palmyra, Homs: other place
    twin_text.article_id = "same-words"
    twin_text.lead = undated.lead
    twin_text.incident.date = undated.published
    incidents = link_reports([undated, twin_text])
    assert len(incidents) == 2
    assert "no_date" in next(i for i in incidents if "1962495683" in i.article_ids).flags


def test_report_without_place_blocks_by_country(gold_reports):
    r = copy.deepcopy(by_id(gold_reports, "1924058166"))  # "northern Syria", no governorate
    assert region_of(r) == "country:Syria"
    r.incident.place = None
    assert report_flags(r) == ["no_place"]


# --- corpus-level linking rules, on reports written for these tests (not from the gold) ---

from warclaims.link import Report  # noqa: E402
from warclaims.link.cluster import link_order  # noqa: E402
from warclaims.models import Incident, Interval  # noqa: E402


def _report(aid, *, place, admin1="Aleppo", day=dt.date(2017, 3, 10), published=None, killed=40,
            event="bombing", spans=None, precision=None, lat=None, lon=None):
    inc = Incident(event_type=event, date=day, date_precision="day" if day else None, admin1=admin1,
                   place=place, geo_precision=precision, latitude=lat, longitude=lon,
                   killed=Interval(low=killed, high=None), spans=spans or {})
    return Report(article_id=aid, incident=inc, outlet=aid, published=published or day,
                  lead=f"A bomb killed {killed} people near {place}.")


def test_specific_reports_found_incidents_before_broad_ones_of_the_same_day():
    broad = _report("broad", place="Aleppo province", precision="admin1")
    point = _report("point", place="Azaz")
    assert sorted([broad, point], key=link_order) == [point, broad]


def test_broad_and_specific_reports_of_one_bombing_link_whichever_comes_first():
    reports = [_report("p1", place="Azaz"), _report("b1", place="northern Aleppo countryside"),
               _report("p2", place="Azaz", event="suicide_bombing"), _report("b2", place="Aleppo province")]
    for order in (reports, list(reversed(reports))):
        assert len(link_reports(order)) == 1


def test_the_capital_and_its_countryside_are_one_area_for_a_broad_report():
    ghouta = _report("ghouta", place="Douma", admin1="Rif Dimashq", event="chemical_attack", killed=200)
    outskirts = _report("outskirts", place="the outskirts of Damascus", admin1="Damascus",
                        event="chemical_attack", killed=200)
    assert len(link_reports([ghouta, outskirts])) == 1
    # two named places in the two governorates are judged by distance, not merged by area
    far = _report("far", place="Yabroud", admin1="Rif Dimashq", event="chemical_attack", killed=200)
    old_city = _report("old", place="Bab Touma", admin1="Damascus", event="chemical_attack", killed=200)
    assert len(link_reports([far, old_city])) == 2


def test_a_follow_up_dated_only_by_publication_joins_the_attack_days_later():
    attack = _report("day0", place="Azaz", spans={"date": (0, 5), "place": (10, 14)})
    follow_up = _report("day6", place="Azaz", day=dt.date(2017, 3, 16),
                        spans={"place": (10, 14)})  # no day read from its text
    assert len(link_reports([attack, follow_up])) == 1
    stated = _report("stated", place="Azaz", day=dt.date(2017, 3, 16),
                     spans={"date": (0, 5), "place": (10, 14)})  # "on Thursday": another bombing
    assert len(link_reports([attack, stated])) == 2


def test_two_reports_naming_only_the_governorate_are_not_one_place_by_that_name():
    from warclaims.link.features import place_similarity

    a = _report("a", place="Idlib", admin1="Idlib", precision="city")
    b = _report("b", place="Idlib", admin1="Idlib", precision="city")
    assert place_similarity(a, b)[0] == 0.6


def test_a_broad_report_joins_the_incident_more_reports_support_when_it_fits_both():
    town = [_report(f"town{n}", place="Khan Shaykhun", admin1="Idlib", event="chemical_attack",
                    killed=58 + n) for n in range(4)]
    # the broad report's 45 is a little closer to the stray report's 40 than to the town's 58+
    stray = _report("stray", place="Saraqeb", admin1="Idlib", event="chemical_attack", killed=40)
    broad = _report("broad", place="Idlib province", admin1="Idlib", precision="admin1",
                    event="chemical_attack", killed=45)
    incidents = link_reports([*town, stray, broad])
    holding = next(i for i in incidents if "broad" in i.article_ids)
    assert "town0" in holding.article_ids


def test_a_report_naming_no_place_links_on_the_same_day_type_and_toll():
    named = _report("named", place="Zamalka", admin1="Rif Dimashq", event="chemical_attack", killed=1400)
    unplaced = _report("unplaced", place=None, admin1=None, event="chemical_attack", killed=1400)
    unplaced.incident.country = "Syria"
    assert report_flags(unplaced) == ["no_place"]
    assert len(link_reports([named, unplaced])) == 1
    small = _report("small", place=None, admin1=None, event="chemical_attack", killed=3)
    small_named = _report("small_named", place="Zamalka", admin1="Rif Dimashq", event="chemical_attack",
                          killed=3)
    assert len(link_reports([small_named, small])) == 2  # a toll of 3 identifies nothing


def test_a_town_struck_again_the_next_day_by_another_kind_of_attack_is_another_incident():
    dated = {"date": (0, 5), "place": (10, 14)}
    strike = [_report(f"s{n}", place="Ariha", admin1="Idlib", killed=60 + n, event="airstrike", spans=dated)
              for n in range(3)]
    again = [_report(f"a{n}", place="Ariha", admin1="Idlib", killed=9 + n, day=dt.date(2017, 3, 11),
                     event="suicide_bombing", spans=dated) for n in range(3)]
    assert sorted(sorted(i.article_ids) for i in link_reports(strike + again)) == [
        ["a0", "a1", "a2"], ["s0", "s1", "s2"]]
    # the same strike told the next day with a risen toll joins it: a toll may rise threefold in
    # a day (Khan Shaykhun: 24, then 86), so a next-day report of the same kind is not told apart
    risen = _report("risen", place="Ariha", admin1="Idlib", killed=85, event="airstrike",
                    day=dt.date(2017, 3, 11), spans=dated)
    assert len(link_reports([*strike, risen])) == 1


# --- blocking: candidates bounded, none within the date window and reach missed ---------------

from warclaims.link.cluster import FAR_KM, MAX_CANDIDATES, TIE_MARGIN, blocking_day  # noqa: E402
from warclaims.link.features import DATE_WINDOW_DAYS, publication_dated, report_coords  # noqa: E402
from warclaims.geo.places import haversine_km  # noqa: E402
from warclaims.link.synthetic import dense_reports  # noqa: E402


def _reachable(linker: Linker, report: Report) -> set[str]:
    """Return, by brute force over every incident, those the blocking rules let ``report`` reach:
    same region, a member blocked within the date window before it, medoid not beyond FAR_KM."""
    day = blocking_day(report)
    back = 7 if report.incident.date is None or publication_dated(report) else DATE_WINDOW_DAYS
    here = report_coords(report)
    out = set()
    for inc in linker.incidents:
        near_day = any(region_of(r) == region_of(report) and blocking_day(r) is not None
                       and -back <= (blocking_day(r) - day).days <= DATE_WINDOW_DAYS for r in inc.reports)
        there = report_coords(inc.report(inc.medoid))
        if near_day and (here is None or there is None or haversine_km(*here, *there) <= FAR_KM):
            out.add(inc.id)
    return out


def test_blocking_is_capped_and_misses_no_reachable_incident():
    reports, _ = dense_reports(1500, seed=3)
    linker = Linker()
    capped = checked = 0
    for report in sorted(reports, key=link_order):
        found = {c.incident.id for c in linker._candidates(report)}
        reachable = _reachable(linker, report)
        assert len(found) <= MAX_CANDIDATES
        assert found <= reachable
        if len(reachable) <= MAX_CANDIDATES:
            assert found == reachable, report.key
            checked += 1
        else:
            capped += 1
        linker.add(report)
    assert checked > 1000


def test_a_crowded_block_gives_at_most_max_candidates_same_place_and_reachable_first():
    from warclaims.link.records import LinkedIncident

    linker = Linker()
    for n in range(40):  # forty incidents of one day in Aleppo; ten of them out of reach (far east)
        r = _report(f"r{n}", place=f"Site {n}", lat=36.2, lon=37.1 if n % 4 else 39.5)
        linker.restore(LinkedIncident(id=f"inc{n}", reports=[r], links=[], medoid=r.key))
    target = _report("new", place="Site 27", lat=36.2, lon=37.1)
    found = [c.incident.id for c in linker._candidates(target)]
    assert len(found) == MAX_CANDIDATES and found[0] == "inc27"
    assert not {f"inc{n}" for n in range(0, 40, 4)} & set(found)  # beyond FAR_KM: never candidates


def test_checking_members_of_the_best_candidates_only_chooses_as_checking_all():
    # The reference: every candidate's members checked, then the same choice rule as Linker.add.
    reports, _ = dense_reports(1200, seed=11)
    linker = Linker()
    for report in sorted(reports, key=link_order):
        every = []
        for cluster in linker._candidates(report):
            inc = cluster.incident
            to_medoid = linker._score_to_medoid(report, inc.report(inc.medoid))
            if not to_medoid.veto and to_medoid.score >= linker.threshold:
                result = linker._join_score(report, cluster, to_medoid, conservative=bool(report_flags(report)))
                if result is not None:
                    every.append((cluster, *result))
        expected = None
        if every:
            top = max(item[1].score for item in every)
            close = [item for item in every if item[1].score >= top - TIE_MARGIN]
            expected = max(close, key=lambda item: (len(item[0].incident.reports), item[1].score))[0].incident.id
        link = linker.add(report)
        assert (link.incident_id if link.matched else None) == expected, report.key


def test_a_report_dated_by_its_month_joins_the_incident_of_a_day_in_it():
    attack = _report("day21", place="Zamalka", admin1="Rif Dimashq", day=dt.date(2013, 8, 21),
                     event="chemical_attack", killed=300)
    recalled = _report("august", place="Zamalka", admin1="Rif Dimashq", day=dt.date(2013, 8, 1),
                       event="chemical_attack", killed=300, published=dt.date(2017, 4, 5))
    recalled.incident.date_precision = "month"  # "the sarin attack on Zamalka in August 2013"
    assert sorted([recalled, attack], key=link_order) == [attack, recalled]
    for order in ([attack, recalled], [recalled, attack]):
        assert len(link_reports(order)) == 1
    july = _report("july", place="Zamalka", admin1="Rif Dimashq", day=dt.date(2013, 7, 1),
                   event="chemical_attack", killed=300)
    july.incident.date_precision = "month"  # "in July 2013": not the August attack
    assert len(link_reports([attack, july])) == 2


def test_a_recalled_mass_attack_dated_by_its_month_joins_its_reports_not_from_gold():
    # three reports of the day ("more than 1,400 killed on the outskirts of Damascus"), and a
    # later article recalling "the sarin attack on Ghouta in August 2013 that killed hundreds"
    day = dt.date(2013, 8, 21)
    reports = [_report(f"day{n}", place="the outskirts of Damascus", admin1="Rif Dimashq", day=day,
                       event="chemical_attack", killed=1401, precision="admin1") for n in range(3)]
    recalled = _report("recalled", place="Ghouta", admin1="Rif Dimashq", day=dt.date(2013, 8, 1),
                       event="chemical_attack", killed=200, published=dt.date(2017, 4, 5), precision="point")
    recalled.incident.date_precision = "month"
    for r in reports:
        r.lead = "Activists said more than 1,400 people died in a chemical attack near the capital."
    recalled.lead = "The worst was the sarin attack on Ghouta that killed hundreds of civilians."
    assert len(link_reports([*reports, recalled])) == 1
    # "dozens" also holds 1,400, but a small toll is no sign of the same event
    small = copy.deepcopy(recalled)
    small.incident.killed = Interval(low=24, high=None)
    assert len(link_reports([*reports, small])) == 2


def test_two_unlisted_districts_at_their_city_s_position_are_not_one_place_not_from_gold():
    from warclaims.geo.places import lookup
    from warclaims.link.features import place_similarity

    aleppo = lookup("Aleppo")
    # both took Aleppo's position: the shared point is no evidence, the names differ
    a = _report("a", place="al-Zaydiyeh neighbourhood", precision="city", lat=aleppo[0], lon=aleppo[1])
    b = _report("b", place="al-Kallaseh quarter", precision="city", lat=aleppo[0], lon=aleppo[1])
    assert place_similarity(a, b)[0] == 0.6
    # one district named the same way by both reports is one place
    c = _report("c", place="al-Zaydiyeh neighbourhood", precision="city", lat=aleppo[0], lon=aleppo[1])
    assert place_similarity(a, c)[0] == 1.0
    # two listed places at one point are one place
    d = _report("d", place="Aleppo", precision="city", lat=aleppo[0], lon=aleppo[1])
    e = _report("e", place="Halab", precision="city", lat=aleppo[0], lon=aleppo[1])
    assert place_similarity(d, e)[0] >= 0.6


def test_two_spellings_of_one_curated_place_at_one_point_are_one_place_not_from_gold():
    from warclaims.link.features import place_similarity

    # curated spellings (bases, regions) are listed though GeoNames lacks them: the point is evidence
    a = _report("a", place="Hmeimim airbase", admin1="Latakia", precision="point", lat=35.41, lon=35.95)
    b = _report("b", place="Khmeimim air base", admin1="Latakia", precision="point", lat=35.41, lon=35.95)
    assert place_similarity(a, b)[0] == 1.0
