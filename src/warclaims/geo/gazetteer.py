"""The gazetteer's data files, read without spaCy (shared by the extract and link stages).

Two TSV files under ``extract/data/``: ``gazetteer.tsv`` (GeoNames, CC BY 4.0, built by
``scripts/build_gazetteer.py``) and ``places_aliases.tsv`` (curated news spellings). Both have
the columns ``name, admin1, country, latitude, longitude, precision, aliases`` (aliases
``;``-separated); ``#`` lines are comments.
"""

from __future__ import annotations

import csv
from importlib import resources

GAZETTEER_FILE = "gazetteer.tsv"
ALIASES_FILE = "places_aliases.tsv"


def read_tsv(name: str) -> list[dict[str, str]]:
    """Return the rows of a TSV data file in ``extract/data`` as dicts of its header's columns."""
    text = resources.files("warclaims.extract").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def spellings(row: dict[str, str]) -> list[str]:
    """Return a row's name and its aliases, stripped, empty ones left out."""
    aliases = (row.get("aliases") or "").split(";")
    return [name.strip() for name in [row["name"], *aliases] if name.strip()]
