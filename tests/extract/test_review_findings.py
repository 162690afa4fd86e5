"""Counterexamples an independent review of the ninth session's rules found, kept as tests."""

from __future__ import annotations

import datetime as dt

import pytest

from warclaims.extract.pipeline import build_nlp, extract_article
from warclaims.models import Article


def _incidents(text: str):
    return extract_article(Article(id="t-review", outlet="o", published=dt.date(2016, 5, 2), text=text)).incidents


@pytest.mark.parametrize("text", [
    "Airstrikes on Idlib destroyed the homes of 15 civilians, activists said.",  # owners of things, not the dead
    "The army lost the support of 40 tribal fighters in Deir ez-Zor.",
])
def test_people_after_of_a_thing_are_not_the_dead(text):
    assert not any(i.killed for i in _incidents(text))


@pytest.mark.parametrize("second", [
    "ISIS did not claim responsibility for the attack.",
    "Turkish officials said ISIS had not yet claimed responsibility for the blast.",
    "Jaish al-Islam promised to kill the attackers.",
    "ISIS urged its supporters to kill Russian soldiers.",
])
def test_a_denied_claim_or_an_unrealised_killing_names_no_attacker(second):
    text = "A car bomb killed 10 people in Azaz on Monday, activists said. " + second
    assert _incidents(text)[0].perpetrator == "unknown"


def test_an_armed_group_s_camp_is_no_place():
    text = "Airstrikes hit a training camp of Jaish al-Islam near Douma, killing 15 fighters."
    assert _incidents(text)[0].place == "Douma"


def test_information_from_a_source_names_it():
    text = "Airstrikes killed 12 people in Idlib, according to information from the Syrian Observatory for Human Rights."
    assert "Observatory" in _incidents(text)[0].claims[0].claimant


@pytest.mark.parametrize("text", [
    "A woman, a mother of four and a teacher, was killed by a sniper in Douma.",
    "A doctor, a father and a husband, was killed in the shelling of Douma on Monday.",
])
def test_one_person_described_by_apposition_is_one_dead(text):
    assert _incidents(text)[0].killed.low == 1


def test_a_denial_says_nothing_of_who_the_dead_were():
    text = ("Russian airstrikes killed 20 people in Idlib on Monday, activists said. "
            "The Russian ministry denied that civilians were among the dead.")
    assert _incidents(text)[0].victims == "unknown"


def test_a_description_after_another_incident_belongs_to_it():
    text = ("Airstrikes killed 20 people in Idlib on Monday, activists said. Separately, a car bomb killed 10 "
            "people in Aleppo on Sunday. Most of the victims of the car bomb were soldiers.")
    incidents = _incidents(text)
    assert incidents[0].victims == "unknown"
    assert any(i.victims == "combatants" for i in incidents[1:])


def test_a_listed_town_beats_an_unlisted_village_in_a_region():
    text = "Shelling on Douma and on the village of Umm Adasa in Eastern Ghouta killed 10 civilians."
    assert _incidents(text)[0].place == "Douma"


def test_a_name_the_parser_ends_at_its_hyphen_is_read_whole():
    from warclaims.extract import places

    doc = build_nlp()("Two persons were injured as ISIS shelled the town of Jeb al-Jarrah about 73 km east of Homs city.")
    assert [m.text for m in places.find_unlisted_places(doc, places.find_places(doc))] == ["Jeb al-Jarrah"]


def test_a_lead_figure_after_the_share_widget_is_kept():
    from warclaims.extract.context import furniture_spans

    text = "Get short URL 612 25 people were killed in the attack on Azaz."
    assert [text[a:b] for a, b in furniture_spans(text)] == ["Get short URL 612"]
