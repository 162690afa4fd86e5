"""The reconciled ledger on real gold incidents and the ARA News example."""

from __future__ import annotations

import copy

from warclaims.link import link_reports
from warclaims.models import Interval
from warclaims.reconcile import reconcile
from warclaims.reconcile.ledger import ABSURD, COUNTED, DIFFERENT_VICTIMS, SUPERSEDED

from .support import ara_report, gold_incident


def test_ara_deir_ez_zor_ledger_acceptance():
    """Acceptance: officials, the Russian army and local activists; activists = different victims."""
    ledger = reconcile(link_reports([ara_report()])[0])
    claimants = [c.claimant for c in ledger.claims]
    assert claimants == ["officials", "the Russian army", "local activists in Deir ez-Zor"]
    officials, russia, activists = ledger.claims
    assert officials.status == COUNTED and russia.status == COUNTED
    assert activists.status == DIFFERENT_VICTIMS
    assert activists.victim_group == "isis" and ledger.victim_group == "government_forces"
    assert "isis" in activists.note.lower() and "government forces" in activists.note
    # The activists' "dozens" (24+) stays out of the estimate of soldiers killed.
    assert (ledger.killed.best, ledger.killed.low, ledger.killed.high) == (60, 60, 60)
    assert (ledger.injured.best, ledger.injured.low, ledger.injured.high) == (100, 100, 100)
    assert ledger.n_claimants == 2 and ledger.n_outlets == 1
    assert ledger.place == "Deir ez-Zor military airport" and ledger.perpetrator == "us_led_coalition"
    assert not ledger.contested


def test_same_claimant_quoted_by_two_outlets_counts_once():
    # bab-al-nayrab-2016-08-25: SOHR is quoted by alaraby (15) and ahram (15).
    ledger = reconcile(gold_incident("1923102859", "1923848148"))
    sohr = [c for c in ledger.claims if c.claimant_key == "sohr"]
    assert len(sohr) == 2
    assert sorted(c.status for c in sohr) == [COUNTED, SUPERSEDED]
    assert len({c.claimant_key for c in ledger.claims if c.status == COUNTED}) == ledger.n_claimants


def test_earlier_toll_in_same_article_is_superseded():
    # urum-al-joz-2017-04-08: alaraby's lead says 18; "An earlier death toll ... reported 15".
    ledger = reconcile(gold_incident("1923102878", "1923848140"))
    own = [c for c in ledger.claims if c.claimant_key == "outlet:alaraby"]
    assert [(c.killed.point, c.status) for c in own] == [(18, COUNTED), (15, SUPERSEDED)]
    assert ledger.killed.best == 18


def test_rose_to_supersedes_in_later_article():
    incident = gold_incident("1923102878", "1923848140")
    later = copy.deepcopy(incident.reports[0])
    later.article_id = "later"
    later.published = later.published.replace(day=later.published.day + 1)
    later.incident.claims = [copy.deepcopy(later.incident.claims[1])]  # SOHR again
    later.incident.claims[0].killed = Interval(low=25, high=25)
    later.incident.claims[0].supersedes_earlier = True
    incident.reports.append(later)
    ledger = reconcile(incident)
    sohr = {c.article_id: c.status for c in ledger.claims if c.claimant_key == "sohr"}
    assert sohr["later"] == COUNTED and list(sohr.values()).count(COUNTED) == 1
    assert ledger.killed.high == 25


def test_figure_contradiction_lists_its_claims():
    # khan-sheikhoun-chem-2017-04-04: 58 against "at least 100" disagree; "dozens" (24+) admits
    # every figure above it, so it is on no side.
    ids = ("1918150030", "1919191759", "1923102872", "1923848146", "1926479106", "1926479178", "1926479363")
    ledger = reconcile(gold_incident(*ids))
    figures = next(c for c in ledger.contradictions if c.kind == "figures")
    values = {v for s in figures.sides for v in s.value.split(", ")}
    assert {"58", "100+"} <= values and "24+" not in values
    for side in figures.sides:
        for i in side.claims:
            assert ledger.claims[i].status == COUNTED
    assert ledger.contested and ledger.n_outlets == 7
    assert ledger.killed.low <= ledger.killed.best <= ledger.killed.high


def test_perpetrator_contradiction():
    # atareb-2017-11-13: ahram names no perpetrator, etilaf says Russia: no contradiction;
    # a third report blaming the coalition is one.
    incident = gold_incident("1923848252", "1926479150")
    assert not any(c.kind == "perpetrator" for c in reconcile(incident).contradictions)
    other = copy.deepcopy(incident.reports[0])
    other.article_id = "blames-coalition"
    other.incident.perpetrator = "us_led_coalition"
    incident.reports.append(other)
    contradiction = next(c for c in reconcile(incident).contradictions if c.kind == "perpetrator")
    assert {s.value for s in contradiction.sides} == {"russia", "us_led_coalition"}
    assert all(side.claims for side in contradiction.sides)


def test_date_contradiction_in_mallah_battle():
    # aleppo-mallah-battle-2016-06-29: manar dates it 2016-06-30, jordantimes 2016-06-29.
    ledger = reconcile(gold_incident("1924058058", "1965511178"))
    date = next(c for c in ledger.contradictions if c.kind == "date")
    assert {s.value for s in date.sides} == {"2016-06-29", "2016-06-30"}


def test_victims_contradiction_civilians_vs_terrorists():
    incident = link_reports([ara_report()])[0]
    ledger = reconcile(incident)
    assert not any(c.kind == "victims" for c in ledger.contradictions)
    report = incident.reports[0]
    report.incident.claims[1].quote = "The Russian army said 60 terrorists were killed."
    report.incident.claims[0].victims = "civilians"
    contradiction = next(c for c in reconcile(incident).contradictions if c.kind == "victims")
    assert {s.value for s in contradiction.sides} == {"civilians", "combatants"}


def test_absurd_figure_flagged_and_excluded():
    incident = link_reports([ara_report()])[0]
    incident.reports[0].incident.claims[1].killed = Interval(low=250_000, high=250_000)
    ledger = reconcile(incident)
    assert ledger.claims[1].status == ABSURD and "100,000" in ledger.claims[1].note
    assert any(f.startswith("W401") for f in ledger.flags)
    assert ledger.killed.high == 60


def test_figure_above_population_is_absurd():
    incident = link_reports([ara_report()])[0]
    ledger = reconcile(incident, population=lambda place, admin1: 50)
    assert ledger.claims[0].status == ABSURD and "population" in ledger.claims[0].note
    assert ledger.killed.best is None


# --- who blames whom, and contradictions that mean something (issue 11) ---

import datetime as dt  # noqa: E402

from warclaims.link import LinkedIncident, Report  # noqa: E402
from warclaims.models import Claim, Incident  # noqa: E402


def test_ara_ledger_shows_who_blames_whom():
    ledger = reconcile(link_reports([ara_report()])[0])
    assert [(c.claimant, c.blames) for c in ledger.claims] == [
        ("officials", "us_led_coalition"),
        ("the Russian army", "us_led_coalition"),
        ("local activists in Deir ez-Zor", "us_led_coalition"),
    ]
    assert not [k for k in ledger.contradictions if k.kind == "perpetrator"]


def _claim(claimant, killed, blames=None, ctype="monitor_ngo"):
    return Claim(claimant=claimant, claimant_type=ctype, killed=Interval(low=killed, high=killed),
                 quote=f"{claimant} said {killed} people were killed.", blames=blames)


def _incident(*reports):
    return LinkedIncident(id="inc-test", reports=list(reports), medoid=reports[0].key)


def _report(aid, published, *claims):
    inc = Incident(event_type="airstrike", date=dt.date(2017, 5, 1), date_precision="day", admin1="Idlib",
                   place="Saraqeb", claims=list(claims))
    return Report(article_id=aid, incident=inc, outlet=aid, published=published, lead=claims[0].quote)


def test_claimants_blaming_different_parties_is_one_contradiction_with_both_sides():
    day = dt.date(2017, 5, 1)
    ledger = reconcile(_incident(
        _report("a", day, _claim("the Syrian Observatory", 20, "russia")),
        _report("b", day, _claim("the defence ministry", 20, "hts_nusra", "military")),
        _report("c", day, _claim("local activists", 20, None, "activist_local")),
    ))
    (blame,) = [k for k in ledger.contradictions if k.kind == "perpetrator"]
    assert {side.value for side in blame.sides} == {"russia", "hts_nusra"}
    assert ledger.contested


def test_a_later_higher_toll_from_another_source_is_an_update_not_a_contradiction():
    ledger = reconcile(_incident(
        _report("a", dt.date(2017, 5, 1), _claim("local activists", 8, ctype="activist_local")),
        _report("b", dt.date(2017, 5, 3), _claim("the Syrian Observatory", 18)),
    ))
    assert not [k for k in ledger.contradictions if k.kind == "figures"]
    assert ledger.killed.best == 8 and ledger.killed.high == 18


def test_sources_disagreeing_the_same_day_give_one_row_with_every_figure_on_its_side():
    day = dt.date(2017, 5, 1)
    ledger = reconcile(_incident(
        _report("a", day, _claim("the Syrian Observatory", 10)),
        _report("b", day, _claim("the White Helmets", 12)),
        _report("c", day, _claim("the defence ministry", 60, ctype="military")),
    ))
    (figures,) = [k for k in ledger.contradictions if k.kind == "figures"]
    assert sorted(side.value for side in figures.sides) == ["10, 12", "60"]


def test_an_open_figure_is_no_contradiction_with_a_figure_it_admits():
    day = dt.date(2017, 5, 1)
    dozens = _claim("local activists", 24, ctype="activist_local")
    dozens.killed = Interval(low=24, high=None)  # "dozens"
    ledger = reconcile(_incident(_report("a", day, dozens), _report("b", day, _claim("the Syrian Observatory", 58))))
    assert not [k for k in ledger.contradictions if k.kind == "figures"]
    upto = _claim("the defence ministry", 30, ctype="military")
    upto.killed = Interval(low=None, high=30)  # "up to 30"
    ledger = reconcile(_incident(_report("a", day, upto), _report("b", day, _claim("the Syrian Observatory", 58))))
    assert [k.kind for k in ledger.contradictions] == ["figures"]


def _placed(aid, admin1, place, precision, lat, lon):
    inc = Incident(event_type="airstrike", date=dt.date(2017, 11, 17), date_precision="day", admin1=admin1,
                   place=place, geo_precision=precision, latitude=lat, longitude=lon,
                   claims=[_claim("activists", 10, None, "activist_local")])
    return Report(article_id=aid, incident=inc, outlet=aid, published=dt.date(2017, 11, 17), lead="")


def test_the_capitals_countryside_point_is_kept_when_most_reports_say_damascus_not_from_gold():
    # three reports name only "Damascus" (the capital, no point of the strike); one names the Ghouta
    ledger = reconcile(_incident(
        _placed("a", "Damascus", "Damascus", "city", 33.5138, 36.2765),
        _placed("b", "Damascus", "Damascus", "city", 33.5138, 36.2765),
        _placed("c", "Rif Dimashq", "Eastern Ghouta", "point", 33.55, 36.45),
        _placed("d", "Damascus", "Damascus", "city", 33.5138, 36.2765),
    ))
    assert (ledger.place, ledger.admin1, ledger.latitude, ledger.longitude) == (
        "Eastern Ghouta", "Rif Dimashq", 33.55, 36.45)
