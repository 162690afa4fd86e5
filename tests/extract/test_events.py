"""Event types from keyword patterns with priorities (real FA-KES sentences)."""

from __future__ import annotations

import pytest

from warclaims.extract.events import classify_event, read_event_type


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("An airstrike by Russian warplanes on Saturday killed 18 people including five children", "airstrike"),
        ("At least seven people died in rebel shelling of a neighbourhood of the Syrian city of Aleppo", "shelling"),
        ("At least 20 people were killed in a car bomb blast on Thursday at an opposition checkpoint", "bombing"),
        ("A suicide bomber detonated a car bomb at a checkpoint", "suicide_bombing"),
        ("A suspected chemical attack by warplanes killed at least 58 people in Khan Sheikhoun", "chemical_attack"),
        ("Daesh terrorists slit the throats of 33 young men, executing them in Mayadeen", "massacre_execution"),
        ("ISIS militants clashed with Kurdish fighters near Tel Abyad", "armed_clash"),
        ("Regime helicopters dropped barrel bombs on the town", "airstrike"),
        ("A sniper shot dead a child in the old city", "shooting"),
    ],
)
def test_sentence_types(sentence, event_type):
    assert classify_event(sentence).event_type == event_type


def test_first_part_that_names_an_event_wins():
    parts = [("The Observatory said on Sunday.", 0), ("Mortar shells hit Damascus", 40)]
    event_type, span = read_event_type(parts)
    assert event_type == "shelling" and span == (40, 53)


def test_nothing_named_is_other():
    assert read_event_type([("Talks resumed in Geneva.", 0)]) == ("other", None)


def test_recalled_chemical_attack_does_not_type_todays_strike_fakes_1923848141():
    sentence = ("One woman was killed in an air strike Saturday on the Syrian town of Khan Sheikhun "
                "site of a suspected chemical weapons attack earlier this week a monitor said.")
    assert classify_event(sentence).event_type == "airstrike"


def test_downed_helicopter_is_a_clash_fakes_1924058080():
    assert classify_event("Two Russian pilots killed in Syria as DAESH downs chopper").event_type == "armed_clash"


def test_state_media_terrorist_attack_repelled_is_a_clash_fakes_1965511178():
    sentence = ("Over 100 militants including field commanders were killed by the Syrian army and allies "
                "who repelled a major terrorist attack on Mallah Farms in Aleppo northern countryside.")
    assert classify_event(sentence).event_type == "armed_clash"


def test_a_place_known_for_a_chemical_attack_does_not_make_a_raid_one():
    from warclaims.extract.events import classify_event

    assert classify_event("Two killed in air raid on Syria gas attack village, activists say").event_type == "airstrike"
    assert classify_event("Gas attack on Saraqeb village kills 12").event_type == "chemical_attack"


def test_an_air_force_by_any_name_is_an_airstrike_not_from_gold():
    assert classify_event("The Russian Aerospace Forces have killed 120 militants near Mayadin").event_type == "airstrike"
    assert classify_event("Syrian air forces struck the town of Kafr Zita").event_type == "airstrike"


def test_a_later_sentence_may_tell_the_blast_was_a_suicide_bombing_not_from_gold():
    parts = [("An explosion tore through the checkpoint at the entrance of Jableh on Monday.", 0),
             ("Witnesses said the driver of the car blew himself up as guards approached.", 80)]
    assert read_event_type(parts)[0] == "suicide_bombing"
    # a later sentence of another kind does not replace the blast
    parts[1] = ("Mortar rounds later hit the nearby town of Baniyas.", 80)
    assert read_event_type(parts)[0] == "bombing"


@pytest.mark.parametrize("text, kind", [
    ("Militants stormed the base firing rockets at the barracks.", "shelling"),  # "stormed" is no "stored"
    ("The army destroyed a rebel position with artillery near Hama.", "shelling"),  # the weapon is the tool
])
def test_weapons_used_are_an_attack_not_from_gold(text, kind):
    assert classify_event(text).event_type == kind


def test_weapons_seized_or_a_weapons_programme_are_no_attack_not_from_gold():
    # "seized their mortars" types nothing; the killing in clashes does
    assert classify_event("Troops killed 20 fighters near Maskana and seized their mortars.").event_type == "armed_clash"
    assert classify_event("The envoy discussed what is left of the chemical weapons programme.") is None
    assert classify_event("Mortar shells fired on Jaramana killed two people.").event_type == "shelling"


def test_people_killed_in_terrorists_attacks_are_no_clash_not_from_gold():
    # "killed ... terrorists" is a clash when the terrorists die, not when they attacked
    assert classify_event("Four citizens killed in terrorist attacks on residential neighborhoods in Homs") is None
    assert classify_event("Two women were killed by terrorist snipers in Daraa").event_type == "shooting"
    assert classify_event("The army killed dozens of terrorists near Palmyra").event_type == "armed_clash"
