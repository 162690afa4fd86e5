"""Fixtures of the link tests: the gold development reports and their gold groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from warclaims.link import Report, report_from_gold
from warclaims.link.evaluate import gold_groups, read_gold

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "data" / "gold" / "gold-dev.jsonl"
EXAMPLE = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json"


@pytest.fixture(scope="session")
def gold_lines() -> list[dict]:
    """Return the gold-dev lines, deduplicated by id."""
    return read_gold(GOLD)


@pytest.fixture(scope="session")
def gold_reports(gold_lines) -> list[Report]:
    """Return one Report per gold article that has an incident."""
    return [r for r in (report_from_gold(line) for line in gold_lines) if r is not None]


@pytest.fixture(scope="session")
def truth(gold_lines) -> dict[str, str]:
    """Return gold article id -> incident group (singletons get their own)."""
    return gold_groups(gold_lines)
