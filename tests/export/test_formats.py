"""GeoJSON, JSON Lines and Parquet exports of the gold ledgers."""

from __future__ import annotations

import json

import pytest

from warclaims.errors import WarclaimsError
from warclaims.export import export_ledgers

from .support import gold_ledgers


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


def test_unknown_format_is_w902(tmp_path):
    with pytest.raises(WarclaimsError) as info:
        export_ledgers([], "xlsx", tmp_path / "x")
    assert info.value.code.value == "W902"
