"""Quantity parsing (numbers.py): SCHEMA.md's interval rules and what is not a casualty count."""

from __future__ import annotations

import pytest

from warclaims.extract.numbers import find_quantities, number_value, parse_quantity
from warclaims.models import Interval


def iv(low, high):
    return Interval(low=low, high=high)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,200", iv(1200, 1200)),
        ("sixty-two", iv(62, 62)),
        ("one hundred and twenty", iv(120, 120)),
        ("a dozen", iv(12, 12)),
        ("at least 60", iv(60, None)),
        ("more than 20", iv(21, None)),
        ("over 400", iv(401, None)),
        ("nearly 100", iv(100, 100)),
        ("about 100", iv(100, 100)),
        ("some 80", iv(80, 80)),
        ("up to 30", iv(None, 30)),
        ("10 to 15", iv(10, 15)),
        ("between 10 and 20", iv(10, 20)),
        ("15 or more", iv(15, None)),
        ("dozens", iv(24, None)),
        ("scores", iv(40, None)),
        ("hundreds", iv(200, None)),
        ("several", iv(3, None)),
        ("a number of", iv(3, None)),
        ("a few", iv(2, None)),
        ("a child", iv(1, 1)),
        ("a man", iv(1, 1)),
        ("one woman", iv(1, 1)),
        ("no deaths", iv(0, 0)),
    ],
)
def test_parse_quantity_schema_rules(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text",
    ["in 2016", "aged 12", "a 12-year-old", "Resolution 2254", "12.7 mm", "at 10:30", "40 percent", "40%", "at 1459"],
)
def test_not_casualty_counts(text):
    assert parse_quantity(text) is None


def test_fakes_dateline_is_not_a_figure():
    # FA-KES alaraby texts start "Date of publication 8 April 2017 ..." (article 1923102878)
    text = "Date of publication 8 April 2017 An airstrike by Russian warplanes on Saturday killed 18 people"
    assert [q.text for q in find_quantities(text)] == ["18"]


def test_spans_are_exact_substrings():
    text = "At least 60 Syrian army soldiers were killed and about 100 more were injured"
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == ["At least 60", "about 100"]


def test_number_value_words_and_digits():
    assert number_value("Twenty-six") == 26
    assert number_value("4,000") == 4000
    assert number_value("banana") is None


def test_a_modifier_bounds_a_closed_vague_figure_not_from_gold():
    # SCHEMA: "more than N" -> N+1..open; "a dozen" is 12..12, so "more than a dozen" is 13..open
    (more,) = find_quantities("More than a dozen civilians were killed")
    assert more.interval == Interval(low=13, high=None)
    (least,) = find_quantities("at least a dozen people died")
    assert least.interval == Interval(low=12, high=None)
    (dozens,) = find_quantities("more than dozens of people")
    assert dozens.interval == Interval(low=24, high=None)
