"""Places: name normalisation, gazetteer look-ups (position, governorate) and great-circle distance.

The one home of these helpers for every stage: linking, reconciliation, the extraction
evaluation (:func:`normalise_place`), the credibility reference matching (:func:`haversine_km`,
:func:`governorate`) and the dashboard map (:func:`governorate`). The gazetteer is the packaged
data of the extract stage (``extract/data/gazetteer.tsv`` and ``places_aliases.tsv``), read here
without spaCy.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from warclaims.geo.gazetteer import ALIASES_FILE, GAZETTEER_FILE, read_tsv, spellings
from warclaims.models import ADMIN1_SYRIA

EARTH_RADIUS_KM = 6371.0088

# Anything but letters and digits separates words ("al-Bab", "Aleppo/Idlib", "Dar'a").
_PUNCT = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyh ]")
# Names are few and repeat (every report of a town), so folding them is cached: a pure function.

# Words that describe a place rather than name it ("Aleppo province", "the al-Bab district").
_PLACE_NOISE = re.compile(
    r"\b(the|al|el|ar|as|ash|ath|ad|az|an|at|province|governorate|countryside|city|town|village|district|"
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
    for row in read_tsv(GAZETTEER_FILE):
        lat, lon = float(row["latitude"]), float(row["longitude"])
        for name in spellings(row):
            for key in _lookup_keys(name):
                table.setdefault(key, (lat, lon, row["admin1"]))
    return table


def _lookup_keys(name: str) -> list[str]:
    """Return a spelling's look-up keys (folded name, vowel-less key), those of four letters or more."""
    return [k for k in (normalise_place(name), place_key(name)) if len(k) >= 4]


def lookup(place: str | None) -> tuple[float, float] | None:
    """Return ``(lat, lon)`` of a place name from the gazetteer, None when unknown."""
    table = _gazetteer()
    for key in _lookup_keys(place or ""):
        if key in table:
            hit = table[key]
            return hit[0], hit[1]
    return None


@functools.lru_cache(maxsize=1)
def _curated_keys() -> frozenset[str]:
    """Return the folded names and vowel-less keys of the curated spellings (districts, bases,
    regions) that the GeoNames table of :func:`lookup` does not hold."""
    return frozenset(k for row in read_tsv(ALIASES_FILE) for name in spellings(row) for k in _lookup_keys(name))


def is_listed(place: str | None) -> bool:
    """Return True when a place name is in the packaged gazetteer or the curated spellings."""
    if not place:
        return False
    return lookup(place) is not None or any(k in _curated_keys() for k in _lookup_keys(place))


# Words an admin1 field adds to the governorate's name ("Deir ez-Zor governorate", "Idlib Province").
_ADMIN1_WORDS = re.compile(r"governorate|province")


def _admin1_key(name: str) -> str:
    """Return the look-up key of a governorate spelling: its letters only, lower case, ASCII."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z]", "", text)


@functools.lru_cache(maxsize=1)
def _governorates() -> dict[str, str]:
    """Return ``{letters-only spelling: governorate}`` for every spelling of a Syrian governorate
    in the gazetteer: the rows whose name is their own admin1 (curated rows win over GeoNames)."""
    table = {_admin1_key(name): name for name in ADMIN1_SYRIA}
    for file in (ALIASES_FILE, GAZETTEER_FILE):
        for row in read_tsv(file):
            if row["name"] == row["admin1"] and row["admin1"] in ADMIN1_SYRIA:
                for spelling in spellings(row):
                    table.setdefault(_admin1_key(spelling), row["admin1"])
    return table


def governorate(name: str | None) -> str | None:
    """Return the canonical governorate (a name of ``models.ADMIN1_SYRIA``) that ``name`` spells,
    None when it names none.

    Case, accents, spaces and punctuation do not count, nor the words "governorate" and
    "province": "Deir al-Zour", "DEIR EZ-ZOR governorate" and "Deirezzor" are all "Deir ez-Zor".
    This reads admin1 *fields* of datasets, where "Damascus governorate" (UCDP GED's spelling)
    is the city governorate; in running text the extractor's alias table reads "Damascus
    province" as Rif Dimashq instead.
    """
    if not name:
        return None
    return _governorates().get(_admin1_key(_ADMIN1_WORDS.sub("", name.lower()))) or None


CAPITAL_AREA = ("Damascus", "Rif Dimashq")
"""The capital and its countryside surround each other: "near Damascus" and "Ghouta" may be one
place, and news names the capital for either. Every stage treats the pair as one area through
:func:`area_of` and :func:`same_area`."""


def area_of(admin1: str | None) -> str | None:
    """Return the area a governorate belongs to: "Damascus" for Damascus and Rif Dimashq, else
    the governorate itself (None stays None)."""
    return CAPITAL_AREA[0] if admin1 in CAPITAL_AREA else admin1


def same_area(a: str | None, b: str | None) -> bool:
    """Return True when two known governorates are one area (equal, or the capital and its
    countryside)."""
    return a is not None and b is not None and area_of(a) == area_of(b)


def area_governorates(area: str) -> list[str]:
    """Return the governorates of an area (see :func:`area_of`), sorted."""
    return sorted(CAPITAL_AREA) if area in CAPITAL_AREA else [area]
