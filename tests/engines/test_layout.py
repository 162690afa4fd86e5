"""warclaims.engines.layout: the Parquet datasets written and read back in their schema and order."""

from __future__ import annotations

import datetime as dt

from warclaims.engines import layout

ROWS = [
    {"id": "sana-2", "revision": 1, "url": "https://sana.sy/en/?p=2", "outlet": "SANA",
     "published": dt.date(2017, 4, 5), "title": None,
     "text": "The army said terrorists killed 3 people in Khan Shaykhun.", "language": "en",
     "content_hash": "h2", "source_ref": "feed.jsonl#line=2", "metadata": layout.dumps({"b": 1, "a": [2]})},
    {"id": "ahram-1", "revision": 2, "url": None, "outlet": "Ahram Online", "published": None, "title": "Idlib",
     "text": "An air strike killed 20 civilians in Khan Shaykhun.", "language": "en",
     "content_hash": "h1", "source_ref": "feed.jsonl#line=1", "metadata": "{}", "ignored": "not a column"},
]


def test_rows_round_trip_in_the_schema_and_key_order(tmp_path):
    assert layout.write_rows(tmp_path, "articles", ROWS) == 2
    files = list(layout.dataset_path(tmp_path, "articles").glob("*.parquet"))
    assert [f.name for f in files] == ["part-00000.parquet"]
    back = layout.read_rows(tmp_path, "articles")
    assert [r["id"] for r in back] == ["ahram-1", "sana-2"]  # sorted by (id, revision)
    assert list(back[0]) == list(layout.COLUMNS["articles"])  # the extra key was not written
    assert back[1]["published"] == dt.date(2017, 4, 5) and back[0]["published"] is None
    assert back[1]["metadata"] == '{"a":[2],"b":1}'  # compact, key-sorted JSON


def test_writing_again_replaces_the_dataset_and_absent_datasets_are_empty(tmp_path):
    layout.write_rows(tmp_path, "articles", ROWS)
    layout.write_rows(tmp_path, "articles", ROWS[:1])
    assert [r["id"] for r in layout.read_rows(tmp_path, "articles")] == ["sana-2"]
    assert layout.read_rows(tmp_path, "ledger") == []


def test_schemas_agree_between_arrow_and_spark():
    for dataset in layout.DATASETS:
        names = list(layout.COLUMNS[dataset])
        assert layout.arrow_schema(dataset).names == names
        assert [part.split(" ")[0].strip("`") for part in layout.spark_ddl(dataset).split(", ")] == names
    assert layout.spark_ddl("ledger") == "`linked_id` string, `members` bigint, `ledger` string"


def test_row_order_puts_missing_values_first():
    key = layout.row_order("errors")
    rows = [{"source_ref": "b", "code": "W104"}, {"source_ref": None, "code": "W107"}, {"source_ref": "b", "code": None}]
    assert sorted(rows, key=key) == [rows[1], rows[2], rows[0]]
