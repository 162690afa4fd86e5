"""Linking in the engines: big regions split into time buckets give the incidents of linking
each region at once (synthetic dense reports and the gold development reports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from warclaims.engines import linking
from warclaims.link import report_from_gold
from warclaims.link.evaluate import read_gold
from warclaims.link.synthetic import dense_reports

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold" / "gold-dev.jsonl"


def _regions(records: list[dict]) -> dict[str, list[dict]]:
    """Return the records of each linking region, regions in name order."""
    out: dict[str, list[dict]] = {}
    for rec in records:
        out.setdefault(linking.region_and_day(rec)[0], []).append(rec)
    return dict(sorted(out.items()))


def _whole(records: list[dict]) -> list[dict]:
    """Return the links rows of linking every region at once (the reference)."""
    return [row for recs in _regions(records).values() for row in linking.link_block(recs)]


def _bucketed(records: list[dict], **options) -> tuple[list[dict], list[str], list[dict]]:
    tasks = linking.bucket_tasks(records, **options)
    rows, relinked = linking.merge_buckets([linking.link_bucket(t) for t in tasks], tasks)
    return rows, relinked, tasks


@pytest.fixture(scope="module")
def dense_records() -> list[dict]:
    """Return link records of 3,000 dense synthetic reports (Aleppo about 39% of them)."""
    reports, _ = dense_reports(3000, seed=5)
    return [linking.record_of(r) for r in reports]


def test_time_buckets_link_as_the_whole_region(dense_records):
    rows, relinked, tasks = _bucketed(dense_records, bucket_reports=150)
    aleppo = [t for t in tasks if t["region"] == "Aleppo"]
    assert len(aleppo) >= 6  # the big region was split...
    assert relinked == []  # ...every bucket started from its predecessor's open incidents...
    assert rows == _whole(dense_records)  # ...and the incidents, links and order are the same


def test_buckets_hold_their_own_days_and_a_warm_up_before_them(dense_records):
    tasks = linking.bucket_tasks(dense_records, bucket_reports=150, warmup_days=10)
    owned: dict[str, int] = {}
    for task in tasks:
        for rec in task["records"]:
            day = linking._day(rec)
            assert task["start"] is None or day >= task["start"] - 10
            assert task["end"] is None or day < task["end"]
            if linking._owned(day, task["start"], task["end"]):
                owned[rec["incident_key"]] = owned.get(rec["incident_key"], 0) + 1
    assert sorted(owned) == sorted(r["incident_key"] for r in dense_records)
    assert set(owned.values()) == {1}  # every report is owned by exactly one bucket
    for region, recs in _regions(dense_records).items():  # buckets of about 150 own reports
        buckets = [t for t in tasks if t["region"] == region]
        assert len(buckets) <= len(recs) // 150 + 1
        assert len(recs) > 150 or len(buckets) == 1


def test_a_warm_up_too_short_is_caught_and_the_region_linked_whole(dense_records):
    rows, relinked, _ = _bucketed(dense_records, bucket_reports=150, warmup_days=0)
    assert "Aleppo" in relinked  # incidents open across a boundary were not rebuilt: detected
    assert rows == _whole(dense_records)


def test_gold_reports_in_tiny_buckets_link_as_at_once():
    reports = [r for r in (report_from_gold(line) for line in read_gold(GOLD)) if r is not None]
    records = [linking.record_of(r) for r in reports]
    rows, _, tasks = _bucketed(records, bucket_reports=4)
    assert len(tasks) > len(_regions(records))
    assert rows == _whole(records)
