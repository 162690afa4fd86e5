"""Claim-level exports (one row per claim, with its incident): CSV, GeoJSON and JSON Lines of the gold ledgers."""

from __future__ import annotations

import csv
import io
import json

from warclaims.export import CLAIM_CSV_COLUMNS, CLAIM_TEXT_FORMATS, ledger_record

from .support import gold_ledgers


def pairs(ledgers):
    """Return every (ledger, claim) of ``ledgers`` in ledger order."""
    return [(ledger, claim) for ledger in ledgers for claim in ledger.claims]


def test_claim_csv_has_one_row_per_claim_with_its_incident_and_quote():
    ledgers = gold_ledgers()
    body = "".join(CLAIM_TEXT_FORMATS["csv"](pairs(ledgers)))
    assert body.split("\r\n")[0] == ",".join(CLAIM_CSV_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert len(rows) == sum(len(led.claims) for led in ledgers) > 20
    ara = [r for r in rows if r["location"] == "Deir ez-Zor military airport"]
    assert [r["claimant"] for r in ara] == ["officials", "the Russian army", "local activists in Deir ez-Zor"]
    activists = ara[2]
    assert activists["status"] == "different_victims" and activists["killed_low"] == "24"
    assert activists["killed_high"] == "" and "ISIS militants" in activists["quote"]
    assert all(r["event_id"] and r["article_id"] for r in rows)


def test_claim_geojson_places_each_claim_at_its_incident():
    ledgers = gold_ledgers()
    data = json.loads("".join(CLAIM_TEXT_FORMATS["geojson"](pairs(ledgers))))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == sum(len(led.claims) for led in ledgers)
    by_id = {led.incident_id: led for led in ledgers}
    for feature in data["features"]:
        led = by_id[feature["properties"]["event_id"]]
        if led.latitude is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"]["coordinates"] == [led.longitude, led.latitude]
        assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())


def test_claim_jsonl_lines_are_the_ledger_records_claims():
    ledgers = gold_ledgers()
    lines = "".join(CLAIM_TEXT_FORMATS["jsonl"](pairs(ledgers))).splitlines()
    records = [json.loads(line) for line in lines]
    expected = [{"incident_id": led.incident_id, **claim} for led in ledgers for claim in ledger_record(led)["claims"]]
    assert records == json.loads(json.dumps(expected, default=str))


def test_no_claim_is_a_header_or_an_empty_collection():
    assert "".join(CLAIM_TEXT_FORMATS["csv"]([])) == ",".join(CLAIM_CSV_COLUMNS) + "\r\n"
    assert "".join(CLAIM_TEXT_FORMATS["geojson"]([])) == '{"type": "FeatureCollection", "features": []}'
    assert "".join(CLAIM_TEXT_FORMATS["jsonl"]([])) == ""
