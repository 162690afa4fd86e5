"""Reference data: the bundled records of a period and place, largest first."""

from __future__ import annotations


def test_reference_events_are_the_bundled_records_of_the_period_largest_first(db):
    from datetime import date

    from warclaims.api import reference

    events = reference.reference_events(date(2016, 9, 1), date(2016, 9, 30), admin1="Deir ez-Zor", db=db)
    assert events, "the bundled UCDP GED set has Deir ez-Zor events in September 2016"
    best = [record.deaths_best or 0 for record, _ in events]
    assert best == sorted(best, reverse=True)
    assert all(record.admin1 == "Deir ez-Zor" for record, _ in events)
    assert all(headline for _, headline in events)
