"""warclaims.reconcile.victims: who a casualty figure counts, read from real quotes."""

from __future__ import annotations

import pytest

from warclaims.reconcile.victims import category, says_also, victim_group


@pytest.mark.parametrize(("quote", "group"), [
    # ARA News, Deir ez-Zor: the claimant is an army, the victims are the regime's forces.
    ("the Russian army said in a statement that 60 Syrian regime’s forces were killed and 100 more were injured",
     "government_forces"),
    ("local activists in Deir ez-Zor reported that the coalition strikes on Saturday also killed dozens of ISIS "
     "militants", "isis"),
    ("An air strike killed 20 civilians in Khan Shaykhun in Idlib on Tuesday", "civilians"),
    ("SANA said that 3 terrorists were killed when the army struck a weapons depot", "fighters"),
    ("clashes killed 12 Nusra Front fighters near Idlib", "hts_nusra"),
    ("At least 8 SDF fighters died in the assault on Raqqa", "kurdish_forces"),
    ("airstrikes by the anti-ISIS coalition killed 7 soldiers", "government_forces"),  # anti-ISIS is no ISIS victim
])
def test_the_group_named_after_the_figure(quote, group):
    assert victim_group(quote) == group


def test_no_group_named_is_none():
    assert victim_group("Activists said 25 people were killed in Khan Shaykhun.") is None
    assert victim_group(None) is None and victim_group("") is None


def test_categories_and_also():
    assert [category(g) for g in ("civilians", "isis", "fighters", None)] == [
        "civilians", "combatants", "combatants", "unknown"]
    assert says_also("the coalition strikes on Saturday also killed dozens of ISIS militants")
    assert says_also("killing 4 soldiers as well as 2 civilians")
    assert not says_also("An air strike killed 20 civilians") and not says_also(None)
