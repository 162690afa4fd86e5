"""Ledgers of the gold development set and the ARA News example, for the export tests."""

from __future__ import annotations

import json
from pathlib import Path

from warclaims.link import link_reports, report_from_gold
from warclaims.link.evaluate import read_gold
from warclaims.reconcile import Ledger, reconcile

ROOT = Path(__file__).resolve().parents[2]


def gold_ledgers() -> list[Ledger]:
    """Return the ledgers of gold-dev plus the ARA News example, linked and reconciled."""
    lines = read_gold(ROOT / "tests" / "data" / "gold-dev-v1.jsonl")  # frozen fixture: tests/data/README.md
    lines.append(
        json.loads((ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json").read_text())
    )
    reports = [r for r in (report_from_gold(line) for line in lines) if r is not None]
    return [reconcile(inc) for inc in link_reports(reports)]
