"""Where and how to draw an incident on the map: its own coordinates, else its governorate's
centre; how precise that position is; how credible its reports were judged.

Governorate centres are approximate (to a tenth of a degree) and only place markers of
incidents that were located no more precisely than their governorate; such markers, and
those of incidents placed at a city's centroid, are flagged ``approximate`` (with their
:func:`location_of` kind) so the map can draw them as such.
"""

from __future__ import annotations

from typing import Any

from warclaims.api.queries import governorate

LOCATION_KINDS = ("point", "city", "area")
"""How precise a map position is: a named village or town (``point``), a city's centroid
(``city``: somewhere in the city), the centre of a governorate or country (``area``: no place
more precise was reported)."""

CREDIBILITY_CLASSES = ("credible", "doubtful", "unassessed")
"""Colour classes of an incident by its reports' credibility verdicts: most reports judged
credible, most not (doubtful or unverifiable), none assessed."""

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
    "Quneitra": (33.10, 35.92),  # east of the UNDOF zone: inside the governorate as Natural Earth draws it
    "Tartus": (34.90, 35.95),
    "As-Suwayda": (32.70, 36.70),
}
"""Approximate centre (latitude, longitude) of each Syrian governorate (names of models.ADMIN1_SYRIA)."""


def admin1_centre(name: str | None) -> tuple[float, float] | None:
    """Return the approximate centre of a governorate by name, or None; spelling variants are
    resolved by the gazetteer (:func:`warclaims.geo.places.governorate`)."""
    return ADMIN1_CENTRES.get(governorate(name) or "")


def location_of(row: dict[str, Any]) -> str:
    """Return the :data:`LOCATION_KINDS` kind of an incident row's map position: ``area`` without
    coordinates (drawn at the governorate's centre) or when its ``geo_precision`` is a
    governorate or country (whose centre the coordinates are), ``city`` for a city's centroid,
    else ``point`` (a village or town, or coordinates given without a precision)."""
    if row.get("latitude") is None or row.get("longitude") is None:
        return "area"
    precision = row.get("geo_precision")
    if precision in ("admin1", "country"):
        return "area"
    return "city" if precision == "city" else "point"


def position_of(row: dict[str, Any]) -> tuple[float, float, bool] | None:
    """Return ``(lat, lon, approximate)`` of an incident row, or None when it cannot be placed;
    ``approximate`` unless :func:`location_of` says ``point``."""
    lat, lon = row.get("latitude"), row.get("longitude")
    approximate = location_of(row) != "point"
    if lat is not None and lon is not None:
        return float(lat), float(lon), approximate
    centre = admin1_centre(row.get("admin1"))
    return (centre[0], centre[1], True) if centre else None


def credibility_class(credible: int, assessed: int) -> str:
    """Return the :data:`CREDIBILITY_CLASSES` class of an incident with ``credible`` of its
    ``assessed`` reports judged credible (a tie is not a majority: doubtful)."""
    if assessed == 0:
        return "unassessed"
    return "credible" if credible * 2 > assessed else "doubtful"
