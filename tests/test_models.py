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


def _ara_incident():
    import json
    from pathlib import Path

    gold = json.loads((Path(__file__).parents[1] / "data/examples/ara-news-deir-ez-zor-2016-09.gold.json").read_text())
    return incident_from_dict(gold["incident"])


def test_an_incident_spreads_over_flat_columns_and_comes_back():
    from warclaims.models import Claim, Incident, from_row, to_row

    incident = _ara_incident()
    row = to_row(incident)
    assert "claims" not in row and row["killed_low"] == 60 and row["killed_high"] is None
    assert row["date"].isoformat() == "2016-09-17" and row["injured_low"] == row["injured_high"] == 100
    claims = [from_row(Claim, to_row(c)) for c in incident.claims]
    assert from_row(Incident, row, claims=claims) == incident


def test_a_claim_row_spreads_its_spans_and_reads_pandas_gaps_as_missing():
    from warclaims.models import Claim, from_row, to_row

    import dataclasses

    claim = _ara_incident().claims[2]  # "at least 24 ... members of the regime's forces"
    claim = dataclasses.replace(claim, quote_span=(120, 120 + len(claim.quote)))
    row = to_row(claim)
    assert (row["quote_start"], row["quote_end"]) == claim.quote_span
    assert row["killed_low"] == 24 and "quote_span" not in row
    gaps = {**row, "killed_high": float("nan"), "injured_low": None, "injured_high": float("nan"),
            "claimant_start": float("nan"), "victims": None}
    back = from_row(Claim, gaps)
    assert back.killed == Interval(low=24, high=None) and back.injured is None
    assert back.claimant_span is None and back.victims == "unknown"  # None: the field's default


def test_tuple_rows_read_by_position_as_their_mappings_read_by_name():
    from warclaims.models import Claim, Incident, from_row, from_rows, to_row

    import dataclasses

    incident = _ara_incident()
    claims = [dataclasses.replace(c, quote_span=(5, 5 + len(c.quote))) for c in incident.claims]
    dict_rows = [to_row(c) for c in claims]
    dict_rows[0] |= {"killed_high": float("nan"), "victims": "", "claimant_start": None}  # gaps, as stored
    columns = sorted(dict_rows[0])[::-1]  # any column order; "groups" left out: its default
    columns.remove("groups")
    tuples = [tuple(row[c] for c in columns) for row in dict_rows]
    by_position = from_rows(Claim, tuples, columns)
    by_name = [from_row(Claim, {c: row[c] for c in columns}) for row in dict_rows]
    assert by_position == by_name
    assert by_position[0].victims == "unknown" and by_position[0].claimant_span is None
    assert by_position[2].killed.low == 24 and by_position[2].groups == []
    flat = to_row(incident)
    assert from_rows(Incident, [tuple(flat.values())], list(flat))[0] == dataclasses.replace(incident, claims=[])


def test_row_columns_are_the_records_fields_in_order_with_portable_types():
    from warclaims.models import INCIDENT_FACTS, Claim, Incident, row_columns

    columns = row_columns(Incident, INCIDENT_FACTS)
    assert list(columns)[:3] == ["event_type", "date", "date_precision"]
    assert list(columns)[-4:] == ["killed_low", "killed_high", "injured_low", "injured_high"]
    assert columns["date"] == "date" and columns["latitude"] == "float" and columns["killed_low"] == "int"
    claim = row_columns(Claim)
    assert claim["groups"] == "json" and claim["supersedes_earlier"] == "bool"
    assert ["quote", "quote_start", "quote_end", "claimant_start", "claimant_end"] == list(claim)[6:11]


def test_first_known_is_low_else_high():
    from warclaims.models import first_known

    assert first_known(None, 30) == 30 and first_known(0, 30) == 0 and first_known(None, None) is None
    assert Interval(low=None, high=30).point == 30
