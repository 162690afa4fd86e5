"""The shared records: interval text and schema round trips."""

import pytest

from warclaims.models import Interval, format_interval, incident_from_dict, to_dict


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (None, "-"),
        (Interval(low=60, high=None), "60+"),  # "at least 60 Syrian army soldiers"
        (Interval(low=100, high=100), "100"),  # "about 100 more were injured"
        (Interval(low=None, high=30), "up to 30"),
        (Interval(low=10, high=15), "10-15"),
        (Interval(low=None, high=None), "-"),
    ],
)
def test_format_interval(interval, text):
    assert format_interval(interval) == text


def test_ara_gold_incident_round_trips_through_to_dict():
    import json
    from pathlib import Path

    gold = json.loads((Path(__file__).parents[1] / "data/examples/ara-news-deir-ez-zor-2016-09.gold.json").read_text())
    incident = incident_from_dict(gold["incident"])
    data = to_dict(incident)
    assert data["date"] == "2016-09-17" and data["killed"] == {"low": 60, "high": None}
    assert [c["claimant"] for c in data["claims"]] == [c["claimant"] for c in gold["incident"]["claims"]]
    assert incident_from_dict(data).claims[2].killed == Interval(low=24, high=None)
