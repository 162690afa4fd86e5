"""Outlet display names and aliases, read from ``web/data/outlets.csv``.

Stored articles carry the outlet as their source gave it: a FA-KES code (``ahram``,
``all_sputnik``), a name ("Syrian Coalition") or a domain. This module maps each of those to
one outlet (its code) and the outlet's display name, so pages show "Ahram Online" instead of
``ahram`` and count "Syrian Coalition" and ``etilaf`` as one outlet. Unknown outlets are
shown as stored.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

OUTLETS_CSV = Path(__file__).parent / "data" / "outlets.csv"


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet: its code, display name, country and the other names it appears under."""

    code: str
    name: str
    country: str
    aliases: tuple[str, ...]


@functools.cache
def outlets() -> dict[str, Outlet]:
    """Return every outlet of the data file by lower-cased code, name and alias."""
    by_key: dict[str, Outlet] = {}
    with OUTLETS_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            aliases = tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip())
            outlet = Outlet(code=row["code"].strip(), name=row["name"].strip(), country=row["country"].strip(),
                            aliases=aliases)
            for key in (outlet.code, outlet.name, *aliases):
                by_key[key.lower()] = outlet
    return by_key


def outlet_of(value: str | None) -> Outlet | None:
    """Return the outlet a stored outlet value (code, name or alias, any case) stands for, or None."""
    if not value:
        return None
    return outlets().get(value.strip().lower())


def canonical_outlet(value: str | None) -> str | None:
    """Return the outlet's code for ``value`` (so aliases group together), or ``value`` itself when unknown."""
    outlet = outlet_of(value)
    return outlet.code if outlet else value


def display_name(value: str | None) -> str:
    """Return the outlet's display name for a stored value; the value itself when unknown, "" for none."""
    outlet = outlet_of(value)
    return outlet.name if outlet else (value or "")


def stored_names(value: str) -> list[str]:
    """Return every name the outlet of ``value`` may be stored under (code, name, aliases), for a filter;
    ``[value]`` when the outlet is unknown."""
    outlet = outlet_of(value)
    if outlet is None:
        return [value]
    return [outlet.code, outlet.name, *outlet.aliases]


def outlet_codes() -> dict[str, str]:
    """Return each lower-cased outlet name (code, name, alias) mapped to its outlet's code, for the
    store to group stored outlet values by outlet in SQL (facet counts), exactly as the outlet
    filter matches."""
    return {key: outlet.code for key, outlet in outlets().items()}
