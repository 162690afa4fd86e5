"""The chunk generators of the text formats: joined, they are the files the writers write."""

from __future__ import annotations

import json

import pytest

from warclaims.export import TEXT_FORMATS, csv_chunks, export_ledgers, geojson_chunks, geojson_feature

from .support import gold_ledgers


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
