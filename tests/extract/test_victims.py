"""Victim classes (victims.py)."""

from __future__ import annotations

from warclaims.extract.victims import classify_text, classify_words, combine


def test_civilian_and_combatant_nouns():
    assert classify_text("civilians") == "civilians"
    assert classify_text("children") == "civilians"
    assert classify_text("Syrian army soldiers") == "combatants"
    assert classify_text("ISIS militants") == "combatants"
    assert classify_text("people") == "unknown"


def test_generic_head_takes_subgroup_class():
    # "18 people including five children and two women" (gold 1923102878: civilians)
    assert classify_words(["people"], ["children", "women"]) == "civilians"
    # "17 people most members of Syrian opposition groups" is not civilian either way
    assert classify_words(["people"], []) == "unknown"


def test_sum_of_groups_is_mixed():
    assert combine(["civilians", "combatants"]) == "mixed"
    assert combine(["civilians", "civilians"]) == "civilians"
    assert combine(["unknown"]) == "unknown"
