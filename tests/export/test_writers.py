"""warclaims.export.writers on the gold ledgers: the incident-level CSV (ACLED-like header), GeoJSON,
JSON Lines and Parquet files, the claim-level exports, and the chunk generators the files are built from."""

from __future__ import annotations

import csv
import io
import json

import pytest

from warclaims.export import (
    CLAIM_CSV_COLUMNS,
    CLAIM_TEXT_FORMATS,
    CSV_COLUMNS,
    TEXT_FORMATS,
    csv_chunks,
    export_ledgers,
    geojson_chunks,
    geojson_feature,
    ledger_record,
)

from .support import gold_ledgers


# --- CSV export: ACLED-like header, one row per incident.

def test_csv_header_is_exactly_the_acled_like_columns(tmp_path):
    path = tmp_path / "out.csv"
    ledgers = gold_ledgers()
    assert export_ledgers(ledgers, "csv", path) == len(ledgers)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert header == [
        "event_id",
        "event_date",
        "date_precision",
        "event_type",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "actor1",
        "victims",
        "fatalities_best",
        "fatalities_low",
        "fatalities_high",
        "injured_best",
        "injured_low",
        "injured_high",
        "n_claimants",
        "n_outlets",
        "contested",
        "sources",
        "notes",
        "reference_ids",
        "reference_low",
        "reference_high",
        "reference_verdict",
    ]
    assert tuple(header) == CSV_COLUMNS and len(rows) == len(ledgers)


def test_ara_row_counts_soldiers_and_notes_the_activists(tmp_path):
    path = tmp_path / "out.csv"
    export_ledgers(gold_ledgers(), "csv", path)
    with open(path, newline="", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["location"] == "Deir ez-Zor military airport")
    assert (row["fatalities_best"], row["fatalities_low"], row["fatalities_high"]) == ("60", "60", "60")
    assert row["actor1"] == "us_led_coalition" and row["sources"] == "ARA News"
    assert row["contested"] == "0" and "different victims" in row["notes"]


def test_khan_sheikhoun_row_is_contested_with_seven_outlets(tmp_path):
    path = tmp_path / "out.csv"
    export_ledgers(gold_ledgers(), "csv", path)
    with open(path, newline="", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["event_type"] == "chemical_attack")
    assert row["n_outlets"] == "7" and row["contested"] == "1"
    assert row["latitude"] and row["longitude"]


# --- GeoJSON, JSON Lines and Parquet exports of the gold ledgers.

def test_geojson_is_rfc7946_points_lon_lat(tmp_path):
    path = tmp_path / "out.geojson"
    ledgers = gold_ledgers()
    export_ledgers(ledgers, "geojson", path)
    data = json.loads(path.read_text())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(ledgers)
    chem = next(f for f in data["features"] if f["properties"]["event_type"] == "chemical_attack")
    lon, lat = chem["geometry"]["coordinates"]
    assert chem["geometry"]["type"] == "Point"
    assert 35 < lon < 38 and 34 < lat < 37  # Khan Shaykhun, Idlib: [lon, lat] order
    assert all(not isinstance(v, (dict, list)) for v in chem["properties"].values())


def test_jsonl_has_articles_and_claims_with_quotes(tmp_path):
    path = tmp_path / "out.jsonl"
    n = export_ledgers(gold_ledgers(), "jsonl", path)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(records) == n
    ara = next(r for r in records if r["place"] == "Deir ez-Zor military airport")
    assert ara["articles"] == ["ara-news-deir-ez-zor-2016-09"]
    statuses = {c["claimant"]: c["status"] for c in ara["claims"]}
    assert statuses["local activists in Deir ez-Zor"] == "different_victims"
    assert all(c["quote"] and c["article_id"] for c in ara["claims"])
    assert ara["killed"] == {"best": 60, "low": 60, "high": 60}


def test_parquet_roundtrip_nested(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    n = export_ledgers(gold_ledgers(), "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == n
    rows = table.to_pylist()
    chem = next(r for r in rows if r["event_type"] == "chemical_attack")
    assert len(chem["articles"]) == 7 and chem["claims"][0]["quote"]
    assert chem["contested"] is True


# --- Claim-level exports (one row per claim, with its incident): CSV, GeoJSON and JSON Lines of the gold ledgers.

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


# --- The chunk generators of the text formats: joined, they are the files the writers write.

@pytest.mark.parametrize("fmt", sorted(TEXT_FORMATS))
def test_joined_chunks_are_the_written_file(tmp_path, fmt):
    ledgers = gold_ledgers()
    path = tmp_path / f"out.{fmt}"
    assert export_ledgers(ledgers, fmt, path) == len(ledgers)
    assert "".join(TEXT_FORMATS[fmt](ledgers)).encode("utf-8") == path.read_bytes()


def test_csv_chunks_are_a_header_then_one_crlf_line_per_incident():
    ledgers = gold_ledgers()
    chunks = list(csv_chunks(ledgers))
    assert len(chunks) == len(ledgers) + 1 and chunks[0].startswith("event_id,")
    assert all(chunk.endswith("\r\n") for chunk in chunks)


def test_geojson_chunks_join_to_the_collection_json_dumps_writes():
    ledgers = gold_ledgers()
    collection = {"type": "FeatureCollection", "features": [geojson_feature(led) for led in ledgers]}
    assert "".join(geojson_chunks(ledgers)) == json.dumps(collection, ensure_ascii=False, default=str)
    assert "".join(geojson_chunks([])) == '{"type": "FeatureCollection", "features": []}'


def test_failed_export_leaves_the_previous_file_whole(tmp_path):
    # Regression (review): the file was emptied before the first ledger was read, so a store
    # error half-way left a truncated GeoJSON.
    from warclaims.export.writers import write_geojson

    path = tmp_path / "incidents.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}\n', encoding="utf-8")
    before = path.read_bytes()

    def failing():
        raise OSError("store went away")
        yield  # pragma: no cover

    with pytest.raises(OSError):
        write_geojson(failing(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.geojson"]
