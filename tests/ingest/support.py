"""Paths and real-data helpers shared by the ingest tests."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKES_DEV = ROOT / "data" / "fakes" / "fakes-dev.csv"
SAMPLE = ROOT / "data" / "sample"
ARA_TXT = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt"
ARA_GOLD = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json"
ARA_HTML = Path(__file__).parent / "fixtures" / "ara-news-deir-ez-zor-2016-09.html"


def ara_quotes() -> list[str]:
    """Return the quotes of every claim in the ARA example's gold annotation."""
    gold = json.loads(ARA_GOLD.read_text(encoding="utf-8"))
    return [claim["quote"] for claim in gold["incident"]["claims"]]


def fakes_rows(*ids: str) -> list[list[str]]:
    """Return the raw FA-KES dev CSV rows (header first) for the given unit ids, in file order."""
    import csv

    with FAKES_DEV.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return [rows[0]] + [row for row in rows[1:] if row[0] in ids]
