"""Victim classes (victims.py)."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("sentence, described", [
    ("Doctors said women and children were among the fatalities.", ["civilians"]),
    ("He added that most of the victims were women and children.", ["civilians"]),
    ("Among the dead were two rebel commanders.", ["combatants"]),
    ("The dead included 12 soldiers and three civilians.", ["mixed"]),
    # only the noun and its conjuncts: not the clause hung on it
    ("Most of the dead were civilians in the town which fell to insurgents in May.", ["civilians"]),
    # negated or asked: nothing is said of the dead
    ("The source did not specify whether there were civilians among the victims.", []),
    ("No children were among the dead.", []),
    # the dead taken somewhere are not described
    ("The dead were taken to a hospital in Idlib.", []),
])
def test_statements_of_who_the_dead_were_not_from_gold(sentence, described):
    from warclaims.extract.nlp import load_base_pipeline
    from warclaims.extract.victims import described_victims

    assert [kind for _, kind in described_victims(load_base_pipeline()(sentence))] == described


def test_an_incident_counted_in_people_takes_who_the_dead_were_from_the_article_not_from_gold():
    import datetime as dt

    from warclaims.extract.pipeline import extract_article
    from warclaims.models import Article

    text = ("At least 17 people were killed in an air strike on a market in the town of Saraqeb on Monday, "
            "a monitor said. Most of the victims were women and children, it added.")
    article = Article(id="t-described", outlet="outlet", published=dt.date(2016, 5, 2), text=text)
    assert extract_article(article).incidents[0].victims == "civilians"
