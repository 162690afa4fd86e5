"""Where to draw an incident on the map: its own coordinates, else its governorate's centre.

Governorate centres are approximate (to a tenth of a degree) and only place markers of
incidents that were located no more precisely than their governorate; such markers are
flagged ``approximate`` so the map can say so.
"""

from __future__ import annotations

from typing import Any

from warclaims.geo.places import governorate

ADMIN1_CENTRES: dict[str, tuple[float, float]] = {
    "Aleppo": (36.25, 37.45),
    "Damascus": (33.51, 36.29),
    "Rif Dimashq": (33.60, 36.90),
    "Idlib": (35.80, 36.60),
    "Deir ez-Zor": (35.10, 40.30),
    "Raqqa": (35.95, 38.80),
    "Homs": (34.55, 37.90),
    "Hasakah": (36.50, 40.80),
    "Hama": (35.20, 36.90),
    "Daraa": (32.75, 36.15),
    "Latakia": (35.60, 35.95),
    "Quneitra": (33.10, 35.85),
    "Tartus": (34.90, 35.95),
    "As-Suwayda": (32.70, 36.70),
}
"""Approximate centre (latitude, longitude) of each Syrian governorate (names of models.ADMIN1_SYRIA)."""


def admin1_centre(name: str | None) -> tuple[float, float] | None:
    """Return the approximate centre of a governorate by name, or None; spelling variants are
    resolved by the gazetteer (:func:`warclaims.geo.places.governorate`)."""
    return ADMIN1_CENTRES.get(governorate(name) or "")


def position_of(row: dict[str, Any]) -> tuple[float, float, bool] | None:
    """Return ``(lat, lon, approximate)`` of an incident row, or None when it cannot be placed."""
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is not None and lon is not None:
        return float(lat), float(lon), False
    centre = admin1_centre(row.get("admin1"))
    return (centre[0], centre[1], True) if centre else None
