"""The Jinja filters of web/formatting.py: numbers, dates, figure intervals, labels, shares and outlet
names as people read them, alone and on a rendered incident page."""

from __future__ import annotations

import datetime as dt

import pytest

from warclaims.web.formatting import (
    FILTERS,
    fmt_date,
    fmt_interval,
    fmt_label,
    fmt_number,
    fmt_outlet,
    fmt_outlets,
    fmt_share,
)

from .support import incident_id


@pytest.mark.parametrize(("value", "shown"), [(12345, "12,345"), ("1200", "1,200"), (0, "0"), (None, "–"),
                                              ("", "–"), ("dozens", "dozens")])
def test_numbers_get_thousands_separators_and_none_a_dash(value, shown):
    assert fmt_number(value) == shown


@pytest.mark.parametrize(("value", "shown"), [(dt.date(2016, 9, 17), "17 Sep 2016"), ("2017-04-04", "4 Apr 2017"),
                                              ("2017-04-04T06:30:00", "4 Apr 2017"), (None, "–"),
                                              ("sometime in spring", "sometime in spring")])
def test_dates_read_day_month_year(value, shown):
    assert fmt_date(value) == shown


@pytest.mark.parametrize(("interval", "words"), [({"low": 60, "high": 60}, "60"), ({"low": 24, "high": 30}, "24–30"),
                                                 ({"low": 60, "high": None}, "at least 60"),
                                                 ({"low": None, "high": 30}, "up to 30"),
                                                 ({"low": 1000, "high": 2500}, "1,000–2,500"),
                                                 ({"low": None, "high": None}, "–"), (None, "–")])
def test_figure_intervals_in_words(interval, words):
    assert fmt_interval(interval) == words


def test_labels_shares_and_outlet_names():
    assert fmt_label("armed_clash") == "armed clash" and fmt_label("us_led_coalition") == "US-led coalition"
    assert fmt_label(None) == "–"
    assert fmt_share(0.834) == "83 %" and fmt_share(1) == "100 %" and fmt_share(None) == "–"
    assert fmt_outlet("ahram") == "Ahram Online" and fmt_outlet("ARA News") == "ARA News" and fmt_outlet(None) == "–"
    # aliases of one outlet are listed once, in first-seen order
    assert fmt_outlets(["etilaf", "ahram", "Syrian Coalition"]) == "Syrian Coalition, Ahram Online"
    assert fmt_outlets(None) == ""
    assert FILTERS["interval"] is fmt_interval and FILTERS["day"] is fmt_date  # the names templates use


def test_people_friendly_numbers_and_dates(client):
    html = client.get(f"/incidents/{incident_id(client)}").text
    assert "17 Sep 2016" in html
    assert "at least 60" in html
