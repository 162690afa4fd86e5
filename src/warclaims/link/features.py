"""Pair features and the pair score of two reports.

Each feature is a similarity in [0, 1]; :func:`pair_score` combines them with
:data:`WEIGHTS`. A few combinations veto a pair outright (incompatible event types,
places far apart, dates beyond the window): the score is then 0 and the ``veto``
feature names why, so a link's explanation is always readable.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from warclaims.geo.places import haversine_km, is_listed, lookup, normalise_place, place_key, same_area
from warclaims.link.records import Report
from warclaims.models import Interval

DATE_WINDOW_DAYS = 3
"""Reports whose incident dates differ by more than this never link."""

WEIGHTS = {
    "type": 0.20,
    "date": 0.15,
    "place": 0.30,
    "perpetrator": 0.10,
    "victims": 0.05,
    "figures": 0.10,
    "text": 0.10,
}
"""Weights of the pair score; they sum to 1."""

# Event types that one outlet may call by another's name (a "missile strike" is an
# airstrike to one and shelling to another; a suicide car bomb is a bombing).
_COMPATIBLE_TYPES = {
    frozenset({"airstrike", "shelling"}),
    frozenset({"bombing", "suicide_bombing"}),
    frozenset({"armed_clash", "shelling"}),
    frozenset({"armed_clash", "airstrike"}),
    frozenset({"massacre_execution", "shooting"}),
    frozenset({"airstrike", "chemical_attack"}),
    frozenset({"shelling", "chemical_attack"}),
    frozenset({"bombing", "shelling"}),
    frozenset({"bombing", "armed_clash"}),
}
_SUBTYPES = {
    frozenset({"bombing", "suicide_bombing"}),
    frozenset({"airstrike", "chemical_attack"}),
    frozenset({"shelling", "chemical_attack"}),
    frozenset({"massacre_execution", "shooting"}),
}
"""Pairs where one type is a kind of the other (a suicide car bomb is a bombing; a gas
attack was delivered from the air or by rockets): outlets name the same event both ways."""
FAR_KM = 40.0
"""Two geolocated reports further apart than this never link."""


def type_similarity(a: str, b: str) -> float:
    """Return 1 for equal event types, 0.85 when one is a kind of the other, 0.6 for
    compatible ones or ``other``, else 0."""
    if a == b:
        return 1.0
    if frozenset({a, b}) in _SUBTYPES:
        return 0.85
    if "other" in (a, b) or frozenset({a, b}) in _COMPATIBLE_TYPES:
        return 0.6
    return 0.0


NO_DATE_LOOKBACK_DAYS = 7
"""A report with no incident date, or one dated only by its publication day, tells of
something on or before that day: it may be compared with incidents up to this many days
before it (and DATE_WINDOW_DAYS after)."""


def publication_dated(r: Report) -> bool:
    """Return True when an extracted incident's date is only its article's publication day
    (no day was read from the text: a follow-up story about an earlier attack reads the
    same as a same-day brief)."""
    inc = r.incident
    return bool(inc.spans) and "date" not in inc.spans and inc.date is not None and inc.date == r.published


def _days_apart_allowed(a: Report, b: Report) -> bool:
    """Return True when a publication-dated report is at most NO_DATE_LOOKBACK_DAYS after the other."""
    da, db = a.incident.date, b.incident.date
    return (publication_dated(a) and 0 <= (da - db).days <= NO_DATE_LOOKBACK_DAYS) or (
        publication_dated(b) and 0 <= (db - da).days <= NO_DATE_LOOKBACK_DAYS)


COARSE_CONSISTENT = 0.5
"""Date similarity of a month or year that holds the other report's date: what a missing
date counts (neither for nor against)."""


def date_similarity(a: Report, b: Report) -> float | None:
    """Return the date similarity (1 same day, falling to 0.2 at the window's edge); None when
    unknown, or when a publication-dated report comes a few days after the other (see
    publication_dated: neither for nor against)."""
    da, db = a.incident.date, b.incident.date
    if da is None or db is None:
        return None
    days = abs((da - db).days)
    if days > DATE_WINDOW_DAYS and _days_apart_allowed(a, b):
        return None
    precisions = {a.incident.date_precision, b.incident.date_precision}
    # a coarse date that holds the other ("in August 2013" and "21 August 2013") is
    # consistent: it counts as much as no date at all (0.5), never less; "in August" and
    # "on 6 July" cannot be the same event
    if "year" in precisions:
        return COARSE_CONSISTENT if da.year == db.year else 0.0
    if "month" in precisions:
        return COARSE_CONSISTENT if (da.year, da.month) == (db.year, db.month) else 0.0
    if days > DATE_WINDOW_DAYS:
        return 0.0
    return (1.0, 0.75, 0.45, 0.2)[days]


@functools.lru_cache(maxsize=65536)
def _coords(place: str | None) -> tuple[float, float] | None:
    return lookup(place)


def report_coords(r: Report) -> tuple[float, float] | None:
    """Return the report's coordinates: extracted ones, else the gazetteer's for its place."""
    inc = r.incident
    if is_broad(r):
        return None  # a governorate's centre is not where the event happened
    if inc.latitude is not None and inc.longitude is not None:
        return inc.latitude, inc.longitude
    return _coords(inc.place)


_AREA_WORDS = re.compile(
    r"\b(?:province|governorate|countryside|outskirts|suburbs?|rural|environs|near|around|outside"
    r"|(?:north|south|east|west)(?:ern)? of|districts)\b", re.I)
"""Words by which a place names an area around somewhere ("the outskirts of Damascus",
"districts east of Damascus"), not the spot the event happened."""


@functools.lru_cache(maxsize=65536)
def _broad(geo_precision: str | None, place: str | None, admin1: str | None) -> bool:
    """Return is_broad's answer for these fields (cached: the linker asks it of every pair)."""
    if geo_precision in ("admin1", "country"):
        return True
    name = normalise_place(place)
    if not name or (place and _AREA_WORDS.search(place)):
        return True
    if geo_precision == "point":
        return False  # "Deir ez-Zor military airport" is a spot, though its name folds to the governorate's
    return name == normalise_place(admin1)


def is_broad(r: Report) -> bool:
    """Return True when the report's place is only a governorate or country ("Aleppo province")."""
    inc = r.incident
    return _broad(inc.geo_precision, inc.place, inc.admin1)


def other_governorates(a: Report, b: Report) -> bool:
    """Return True when two reports are in different governorates; Damascus and Rif Dimashq
    count as one area unless both reports name a specific place (then distance decides)."""
    ga, gb = a.incident.admin1, b.incident.admin1
    if not ga or not gb or ga == gb:
        return False
    return not (same_area(ga, gb) and (is_broad(a) or is_broad(b)))


GENERIC_HEADS = frozenset({
    "kafr", "kfar", "kafar", "deir", "dayr", "tal", "tel", "tell", "ain", "ein", "ayn", "jisr", "bab", "khan",
    "maarat", "maaret", "marat", "sheikh", "shaykh", "umm", "um", "qasr", "beit", "bayt", "jabal", "jebel",
    "ras", "abu", "bir", "hayy", "hay", "qalaat", "qalat", "mazraat",
})
"""Leading words that many Syrian place names share ("Kafr" village, "Deir" monastery, "Tal"
hill, "Ain" spring, "Umm" mother...): that two names start with the same one is no evidence
that they are one place (Kafr Nabl and Kafr Takharim are two towns of Idlib)."""


@functools.lru_cache(maxsize=262_144)
def name_similarity(a: str | None, b: str | None) -> float:
    """Return the similarity in [0, 1] of two place names: rapidfuzz on the folded names and
    on their vowel-less keys (transliterations), the better of the two; 0 when either is empty.

    A generic leading word both names share (:data:`GENERIC_HEADS`) is left out of the
    comparison, so "Kafr Nabl" and "Kafr Takharim" are compared as "Nabl" and "Takharim"."""
    na, nb = normalise_place(a), normalise_place(b)
    if not na or not nb:
        return 0.0
    wa, wb = na.split(), nb.split()
    if len(wa) > 1 and len(wb) > 1 and wa[0] == wb[0] and wa[0] in GENERIC_HEADS:
        na, nb = " ".join(wa[1:]), " ".join(wb[1:])
        ka, kb = place_key(na), place_key(nb)
    else:
        ka, kb = place_key(a), place_key(b)
    return max(fuzz.token_set_ratio(na, nb), fuzz.ratio(ka, kb)) / 100


def place_similarity(a: Report, b: Report) -> tuple[float, float | None]:
    """Return (place similarity in [0, 1], distance in km or None).

    Same governorate is required for any similarity; then names are compared with
    rapidfuzz (on folded names and on a vowel-less key for transliterations) and, when
    both are geolocated, by distance. A governorate-wide place matches a point inside it
    at 0.6: compatible, not specific.
    """
    ia, ib = a.incident, b.incident
    if other_governorates(a, b):
        return 0.0, None
    ca, cb = report_coords(a), report_coords(b)
    km = haversine_km(ca[0], ca[1], cb[0], cb[1]) if ca and cb else None
    name = name_similarity(ia.place, ib.place)
    if km is not None:
        dist = 1.0 if km <= 5 else 0.8 if km <= 15 else 0.5 if km <= 30 else 0.0
        if km < BORROWED_KM and name < SAME_NAME and (_unplaced(ia.place) or _unplaced(ib.place)):
            # one position for two names, one of which the gazetteer cannot place: it took the
            # town it is named in ("al-Hamadaniyeh neighbourhood in Aleppo"), so the shared
            # point is no evidence of one place; compatible, not specific (as a governorate is)
            return max(name, BROAD_PLACE), km
        return max(name, dist) if km <= FAR_KM else 0.0, km
    if is_broad(a) or is_broad(b):
        # A governorate or an area is compatible with any place in it, but two reports that
        # both name only "Idlib" are no more one place than one that names "Idlib" and
        # another that names a town in it: the shared name is not evidence.
        return BROAD_PLACE if (ia.admin1 or ib.admin1) else 0.3, None
    return name, None


BROAD_PLACE = 0.6
"""Place similarity of a report placed only by an area it shares with the other (a governorate,
or the town an unlisted place is named in): compatible, not specific."""
BORROWED_KM = 0.5
"""Two positions closer than this are one gazetteer point, possibly taken by an unlisted place."""
SAME_NAME = 0.8
"""Name similarity from which two names are taken as one place's spellings."""


def _unplaced(place: str | None) -> bool:
    """Return True when the gazetteer cannot place a name (an unlisted village or district whose
    position is that of the town it is named in)."""
    return bool(place) and not is_listed(place)


def perpetrator_similarity(a: str, b: str) -> float:
    """Return 1 for the same known perpetrator, 0.5 when either is unknown, 0 when they differ."""
    if "unknown" in (a, b):
        return 0.5
    return 1.0 if a == b else 0.0


def victims_similarity(a: str, b: str) -> float:
    """Return 1 for equal victim types, 0.6 when either is unknown or mixed, 0.2 civilians vs combatants."""
    if a == b:
        return 1.0
    if {a, b} & {"unknown", "mixed"}:
        return 0.6
    return 0.2


def _point(iv: Interval | None) -> int | None:
    return iv.point if iv is not None else None


OPEN_CONSISTENT = 0.5
"""Figure similarity of an open toll ("hundreds", "at least 200") that the other toll lies
in: consistent, but no sign of the same event either."""


MASS_TOLL = 100
"""A toll this large is rare (0.4 % of the UCDP GED Syria events of 2016-2019 record 100 deaths
or more): two reports that both give one, and agree, are a sign of the same event."""
MASS_RATIO_FLOOR = 0.1
"""...unless one is more than ten times the other ("more than 100" and 5,000): "hundreds" (200)
and "more than 1,400" stay within it."""


def figure_similarity(a: Interval | None, b: Interval | None) -> float | None:
    """Return min/max of the two killed figures (1 equal, near 0 far apart); at least
    OPEN_CONSISTENT when one is open-ended and holds the other ("dozens" and "40"), and 1 when
    both are mass tolls and one holds the other ("hundreds" and "more than 1,400": see
    MASS_TOLL); None when either is missing."""
    pa, pb = _point(a), _point(b)
    if pa is None or pb is None:
        return None
    if pa == pb:
        return 1.0
    ratio = min(pa, pb) / max(pa, pb) if max(pa, pb) > 0 else 1.0
    if _open_holds(a, pb) or _open_holds(b, pa):
        mass = min(pa, pb) >= MASS_TOLL and ratio >= MASS_RATIO_FLOOR
        return 1.0 if mass else max(ratio, OPEN_CONSISTENT)
    return ratio


def _open_holds(iv: Interval | None, value: int) -> bool:
    """Return True when an open-ended interval ("at least 200") holds a value."""
    return iv is not None and iv.high is None and iv.low is not None and iv.low <= value


@dataclass(slots=True, kw_only=True)
class PairScore:
    """The score of a pair of reports and the features behind it."""

    score: float
    features: dict[str, float]
    veto: str | None = None


def _features(a: Report, b: Report, text_sim: float | None) -> tuple[dict[str, float], float | None, str | None]:
    """Return (unrounded features, distance in km or None, veto or None) of a pair."""
    ia, ib = a.incident, b.incident
    place, km = place_similarity(a, b)
    date = date_similarity(a, b)
    feats: dict[str, float] = {
        "type": type_similarity(ia.event_type, ib.event_type),
        "date": 0.5 if date is None else date,
        "place": place,
        "perpetrator": perpetrator_similarity(ia.perpetrator, ib.perpetrator),
        "victims": victims_similarity(ia.victims, ib.victims),
        "figures": _or_half(figure_similarity(ia.killed, ib.killed)),
        "text": 0.0 if text_sim is None else text_sim,
    }
    veto = _veto(feats, date)
    return feats, km, veto


def _weighted(feats: dict[str, float]) -> float:
    return round(sum(WEIGHTS[k] * feats[k] for k in WEIGHTS), 4)


def pair_score(a: Report, b: Report, text_sim: float | None = None) -> PairScore:
    """Return the PairScore of two reports (``text_sim`` precomputed lead similarity, if any).

    Missing features (no date, no figures) count as 0.5: neither for nor against.
    """
    feats, km, veto = _features(a, b, text_sim)
    if km is not None:
        feats["distance_km"] = round(km, 1)
    score = 0.0 if veto else _weighted(feats)
    return PairScore(score=score, features={k: round(v, 3) for k, v in feats.items()}, veto=veto)


def pair_value(a: Report, b: Report, text_sim: float | None = None) -> tuple[float, str | None]:
    """Return (score, veto) of two reports: :func:`pair_score` without building its features
    (the linker's check of an incident's members needs only these; same score to the digit)."""
    feats, _, veto = _features(a, b, text_sim)
    return (0.0 if veto else _weighted(feats)), veto


def quick_veto(a: Report, b: Report) -> str | None:
    """Return a veto found from cheap fields alone (governorate, type, day), else None.

    Lets the linker skip the costlier features (names, text) for most blocked candidates.
    """
    ia, ib = a.incident, b.incident
    if other_governorates(a, b):
        return "different places"
    if ia.date and ib.date and ia.date_precision in (None, "day") and ib.date_precision in (None, "day"):
        if abs((ia.date - ib.date).days) > DATE_WINDOW_DAYS and not _days_apart_allowed(a, b):
            return "dates too far apart"
    if type_similarity(ia.event_type, ib.event_type) == 0.0:
        return "event types incompatible"
    return None


def with_text(ps: PairScore, text_sim: float | None) -> PairScore:
    """Return ``ps`` with the text feature set to ``text_sim`` and the score updated."""
    if ps.veto:
        return ps
    text = 0.0 if text_sim is None else text_sim
    features = dict(ps.features)
    old = features.get("text", 0.0)
    features["text"] = round(text, 3)
    score = round(ps.score + WEIGHTS["text"] * (text - old), 4)
    return PairScore(score=score, features=features, veto=None)


def _or_half(value: float | None) -> float:
    return 0.5 if value is None else value


def _veto(feats: dict[str, float], date: float | None) -> str | None:
    """Return why a pair can never link (a readable reason), or None."""
    if feats["place"] == 0.0:
        return "different places"
    if date is not None and date == 0.0:
        return "dates too far apart"
    if feats["type"] == 0.0:
        return "event types incompatible"
    return None


def structured_score(ps: PairScore) -> float:
    """Return the score without the text feature, rescaled to [0, 1]: evidence other than wording."""
    if ps.veto:
        return 0.0
    total = sum(w for k, w in WEIGHTS.items() if k != "text")
    return sum(WEIGHTS[k] * ps.features[k] for k in WEIGHTS if k != "text") / total
