"""Date expressions resolved against the publication day (real FA-KES and ARA sentences)."""

from __future__ import annotations

import datetime as dt

from warclaims.extract.dates import find_dates, read_dateline


def _first(text, base):
    return find_dates(text, base)[0]


def test_weekday_is_most_recent_on_or_before_publication_ara_example():
    # Published Sunday 2016-09-18.
    mention = _first("local activists in Deir ez-Zor reported that the coalition strikes on Saturday also killed dozens", dt.date(2016, 9, 18))
    assert (mention.date, mention.precision, mention.report) == (dt.date(2016, 9, 17), "day", False)


def test_report_date_is_marked_ara_example():
    mention = _first("in Syria's eastern Deir ez-Zor province, officials said on Sunday.", dt.date(2016, 9, 18))
    assert mention.report and mention.date == dt.date(2016, 9, 18)


def test_weekday_without_on_fakes_1924058192():
    mention = _first("At least 11 people were killed and 25 others injured Saturday when Russian fighter jets", dt.date(2016, 10, 15))
    assert mention.date == dt.date(2016, 10, 15)


def test_possessive_weekday_with_apostrophe_stripped():
    assert _first("Fridays blast killed ten", dt.date(2017, 4, 9)).date == dt.date(2017, 4, 7)


def test_yesterday_and_explicit_day():
    base = dt.date(2016, 6, 8)
    assert _first("killed yesterday", base).date == dt.date(2016, 6, 7)
    assert _first("on 12 March", base).date == dt.date(2016, 3, 12)
    assert _first("on March 12, 2015", base).date == dt.date(2015, 3, 12)


def test_month_precision():
    mention = _first("strikes earlier this month", dt.date(2016, 8, 9))
    assert (mention.date, mention.precision) == (dt.date(2016, 8, 1), "month")


def test_datelines_of_fakes_articles():
    assert read_dateline("Published April 13 2017 An air strike on Tuesday") == dt.date(2017, 4, 13)
    assert read_dateline("Last updated at Jun 182016 BEIRUT At least seven") == dt.date(2016, 6, 18)
    assert read_dateline("Fri 07 Apr 2017 at 0914 Homs governor") == dt.date(2017, 4, 7)
    assert read_dateline("Tuesday 14 November 2017 Syrian Coalition") == dt.date(2017, 11, 14)
    assert read_dateline("At least 60 Syrian army soldiers") is None


def test_weekend_has_month_precision_fakes_1923102845():
    mention = _first("Strikes on the MSF-supported hospital in Millis over the weekend", dt.date(2016, 8, 9))
    assert (mention.date, mention.precision) == (dt.date(2016, 8, 1), "month")


def test_range_words_give_no_date():
    assert _first("the toll since March", dt.date(2016, 6, 1)).date is None


def test_past_24_hours_straddles_two_days():
    from warclaims.extract.dates import straddles_days

    assert straddles_days("At least 70 fighters have been killed in the past 24 hours, the Observatory said")
    assert not straddles_days("At least 70 fighters were killed on Saturday")


def test_dateline_after_the_headline_with_a_matching_weekday():
    from warclaims.extract.dates import inner_dateline

    text = "Car bomb kills nine in Azaz Monitor AFP Tuesday 6 Aug 2013 A car bomb killed nine people on Monday."
    date, start, end = inner_dateline(text)
    assert date == dt.date(2013, 8, 6) and text[start:end] == "Tuesday 6 Aug 2013"
    # a weekday that does not fit the date is no dateline
    assert inner_dateline("Talks resumed Friday 6 Aug 2013 in Geneva, diplomats said.") is None


def test_relative_day_resolves_against_the_inner_dateline_not_a_wrong_corpus_date():
    from warclaims.extract.pipeline import extract_article
    from warclaims.models import Article

    text = ("Car bomb kills nine in Azaz Monitor AFP Tuesday 6 Aug 2013 A car bomb killed nine people in "
            "the town of Azaz on Monday, the Observatory said.")
    (incident,) = extract_article(Article(id="d", text=text, published=dt.date(2013, 8, 18))).incidents
    assert incident.date == dt.date(2013, 8, 5)


def test_month_day_before_a_transitive_killed_is_a_date_not_from_gold():
    base = dt.date(2017, 4, 20)
    found = find_dates("The nerve gas attack near Hama on March 30 killed more than 70 people.", base)
    assert [(m.date, m.precision) for m in found] == [(dt.date(2017, 3, 30), "day")]
    # "30 killed" after a month is a toll, not a day
    assert find_dates("In March 30 killed in raids were buried in Hama.", base) == []
    assert find_dates("In March 30 people died in Hama.", base) == []
