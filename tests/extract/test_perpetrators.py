"""Perpetrators: the agent of the event, not victims or claimants (real article sentences)."""

from __future__ import annotations

from warclaims.extract.perpetrators import read_perpetrator


def test_agent_after_by_ara_example():
    reading = read_perpetrator(
        "At least 60 Syrian army soldiers were killed and about 100 more were injured in airstrikes "
        "by the anti-ISIS coalition in Syria\u2019s eastern Deir ez-Zor province, officials said on Sunday.")
    assert (reading.perpetrator, reading.text) == ("us_led_coalition", "the anti-ISIS coalition")


def test_weapon_names_agent_fakes_1923102878():
    reading = read_perpetrator("An airstrike by Russian warplanes on Saturday killed 18 people in Urom al-Joz")
    assert (reading.perpetrator, reading.text) == ("russia", "Russian warplanes")


def test_alternatives_are_unknown_fakes_1923848141():
    reading = read_perpetrator("It was not clear whether the strike was carried out by Syrian planes or those of government ally Russia.")
    assert reading.perpetrator == "unknown"
    assert reading.text == "Syrian planes or those of government ally Russia"


def test_target_is_not_agent():
    reading = read_perpetrator("Coalition strikes hit ISIS positions near Raqqa")
    assert reading.perpetrator == "us_led_coalition"


def test_claimant_is_not_agent():
    assert read_perpetrator("The Syrian Observatory for Human Rights said 12 people were killed, the Russian army said.") is None


def test_self_claim_is_agent():
    assert read_perpetrator("The Syrian army said it killed 20 terrorists near Palmyra").perpetrator == "syrian_government"


def test_isis_militants_fakes_1926479296():
    assert read_perpetrator("ISIS militants attacked the town of Tel Abyad on Saturday").perpetrator == "isis"


def test_syrian_opposition_coalition_is_not_us_led_fakes_1926479080():
    title = "Syrian Coalition Condemns Attack on Syrian Interim Government Headquarters in Azaz Aleppo"
    assert read_perpetrator(title) is None


def test_killed_by_is_agent_not_victim_fakes_1965511178():
    reading = read_perpetrator("Over 100 militants were killed by the Syrian army and allies who repelled an attack")
    assert reading.perpetrator == "syrian_government"


def test_no_break_space_inside_alias_ara_example():
    reading = read_perpetrator("were injured in airstrikes by the anti-ISIS\xa0coalition in Syria")
    assert reading.text == "the anti-ISIS coalition"
