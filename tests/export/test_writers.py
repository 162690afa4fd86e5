"""CSV export: ACLED-like header, one row per incident."""

from __future__ import annotations

import csv

from warclaims.export import CSV_COLUMNS, export_ledgers

from .support import gold_ledgers


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
