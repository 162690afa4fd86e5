"""Places for linking: name normalisation, a gazetteer look-up and great-circle distance."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from importlib import resources

EARTH_RADIUS_KM = 6371.0088

_PUNCT = re.compile(r"[-'`’_.,()]")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyh ]")
# Names are few and repeat (every report of a town), so folding them is cached: a pure function.

# Words that describe a place rather than name it ("Aleppo province", "the al-Bab district").
_PLACE_NOISE = re.compile(
    r"\b(the|al|el|ar|as|ash|ad|az|an|at|province|governorate|countryside|city|town|village|district|"
    r"neighbourhood|neighborhood|region|area|suburbs?|outskirts|eastern|western|northern|southern|"
    r"east|west|north|south|of|near|in|rural|camp|military|airport|airbase|base)\b"
)


@functools.lru_cache(maxsize=262_144)
def normalise_place(name: str | None) -> str:
    """Return a place name folded for comparison: ASCII, lower case, no articles or place words."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = _PUNCT.sub(" ", text)
    text = _PLACE_NOISE.sub(" ", text)
    # Transliterations vary in vowels and doubled letters (Sheikhoun, Shaykhun, Sheikhun).
    text = _DOUBLED.sub(r"\1", text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=262_144)
def place_key(name: str | None) -> str:
    """Return a coarser key for spelling variants: vowels and 'h' removed (Urom/Urum, Tokhar/Tukhar)."""
    return _VOWELS.sub("", normalise_place(name))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in kilometres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[float, float, str]]:
    """Return ``{folded name or vowel-less key: (lat, lon, admin1)}`` from the packaged GeoNames gazetteer.

    Keys shorter than four letters are left out: they would match too many places.
    """
    table: dict[str, tuple[float, float, str]] = {}
    try:
        text = resources.files("warclaims.extract").joinpath("data/gazetteer.tsv").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return table
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("name\t"):
            continue
        parts = line.split("\t")
        if len(parts) < 5:
            continue
        try:
            lat, lon = float(parts[3]), float(parts[4])
        except ValueError:
            continue
        names = [parts[0], *(parts[6].split(";") if len(parts) > 6 and parts[6] else [])]
        for name in names:
            for key in (normalise_place(name), place_key(name)):
                if len(key) >= 4:
                    table.setdefault(key, (lat, lon, parts[1]))
    return table


def lookup(place: str | None) -> tuple[float, float] | None:
    """Return ``(lat, lon)`` of a place name from the gazetteer, None when unknown."""
    table = _gazetteer()
    for key in (normalise_place(place), place_key(place)):
        if len(key) >= 4 and key in table:
            hit = table[key]
            return hit[0], hit[1]
    return None
