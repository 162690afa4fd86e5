"""Helpers shared by the reconcile tests: gold reports and the ARA News example."""

from __future__ import annotations

import json
from pathlib import Path

from warclaims.link import LinkedIncident, Report, link_reports, report_from_gold
from warclaims.link.evaluate import read_gold

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "gold-dev-v1.jsonl"  # a frozen fixture: tests/data/README.md
EXAMPLE = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json"


def ara_report() -> Report:
    """Return the Report of the ARA News Deir ez-Zor example's gold incident."""
    return report_from_gold(json.loads(EXAMPLE.read_text("utf-8")))


def gold_reports() -> list[Report]:
    """Return the reports of gold-dev (deduplicated by id)."""
    return [r for r in (report_from_gold(line) for line in read_gold(GOLD)) if r is not None]


def gold_incident(*article_ids: str) -> LinkedIncident:
    """Return the linked incident holding ``article_ids`` (they must link together)."""
    reports = [r for r in gold_reports() if r.article_id in article_ids]
    incidents = link_reports(reports)
    assert len(incidents) == 1, [i.article_ids for i in incidents]
    return incidents[0]
