"""Synthetic reports for benchmarks and tests: a known truth to score linking against.

Two generators over ten years and the fourteen governorates of Syria, with transliteration
variants of place names, jittered tolls and template leads:

* :func:`synthetic_reports`: uniform, 1 to 5 reports per incident;
* :func:`dense_reports`: campaign days, several incidents of one governorate on one day,
  about 15 reports each, towns struck again the next day (a distinct incident).

Both are deterministic for a seed and return ``(reports, truth)`` with truth mapping each
article id to its incident.
"""

from __future__ import annotations

import datetime as dt
import random

from warclaims.link.features import type_similarity
from warclaims.geo.places import haversine_km
from warclaims.link.records import Report
from warclaims.models import ADMIN1_SYRIA, EVENT_TYPES, PERPETRATORS, Claim, Incident, Interval

START = dt.date(2012, 1, 1)
DAYS = 3650
PLACES_PER_GOVERNORATE = 80
REPORTS_PER_INCIDENT = (1, 2, 3, 4, 5)
OUTLETS = ("sana", "reuters", "alaraby", "ahram", "trt", "tass", "manar", "etilaf", "nna", "arabiya")
SYLLABLES = ("al", "kafr", "tal", "deir", "ain", "jisr", "bab", "khan", "maarat", "sheikh", "umm", "qasr")
ROOTS = (
    "nabi",
    "hamra",
    "zor",
    "joz",
    "bayda",
    "sukkar",
    "rihan",
    "tuffah",
    "mashad",
    "harim",
    "nayrab",
    "waer",
    "salama",
    "tukhar",
    "miskin",
    "abyad",
    "mayadeen",
    "bukamal",
    "shadadi",
    "qamishli",
)


def _places(rng: random.Random) -> dict[str, list[tuple[str, float, float]]]:
    """Return synthetic places (name, lat, lon) per governorate: distinct names within one
    governorate (a generic head word and a root, "Kafr Hamra"), spread over about 90 x 120 km."""
    out = {}
    names = [f"{head.title()} {root.title()}" for head in SYLLABLES for root in ROOTS]
    for n, gov in enumerate(ADMIN1_SYRIA):
        lat0, lon0 = 32.5 + (n % 5) * 0.9, 36.0 + (n // 5) * 1.3
        out[gov] = [
            (name, lat0 + rng.random() * 0.8, lon0 + rng.random() * 1.1)
            for name in rng.sample(names, PLACES_PER_GOVERNORATE)
        ]
    return out


def _spelling(name: str, rng: random.Random) -> str:
    """Return a transliteration variant of a place name (vowel swaps, hyphens)."""
    if rng.random() < 0.5:
        return name
    return name.replace("a", "e", 1).replace(" ", "-", 1) if rng.random() < 0.5 else name.replace("u", "o")


def _report(rng: random.Random, aid: str, event: dict, day: dt.date, *, dated: bool, located: float = 0.5) -> Report:
    """Return one synthetic report of ``event`` dated ``day``.

    ``dated``: the day was read from the text (a ``date`` span), else the report is dated by
    its publication day only (a late brief), as the extractor marks it. ``located``: the
    share of reports that carry the place's coordinates.
    """
    killed = event["killed"]
    figure = max(1, killed + rng.randint(-killed // 5, killed // 5))
    etype, name, gov = event["type"], event["place"], event["gov"]
    lead = (
        f"At least {figure} people were killed in {event.get('wording', 'an')} {etype.replace('_', ' ')} "
        f"on {name} in {gov} province, {rng.choice(('activists', 'state media', 'a monitor'))} said."
    )
    inc = Incident(
        event_type=etype,
        date=day,
        date_precision="day",
        admin1=gov,
        place=_spelling(name, rng),
        latitude=event["lat"] if rng.random() < located else None,
        longitude=event["lon"],
        perpetrator=event["perp"] if rng.random() < 0.7 else "unknown",
        victims="civilians",
        killed=Interval(low=figure, high=figure),
        claims=[
            Claim(
                claimant="activists",
                claimant_type="activist_local",
                killed=Interval(low=figure, high=figure),
                quote=lead,
            )
        ],
        article_id=aid,
        spans={"event_type": (0, 1), **({"date": (0, 1)} if dated else {})},
    )
    if inc.latitude is None:
        inc.longitude = None
    return Report(article_id=aid, incident=inc, outlet=rng.choice(OUTLETS), published=day, lead=lead)


def _event(rng: random.Random, places: dict, gov: str, place: tuple[str, float, float] | None = None) -> dict:
    """Return a synthetic event in ``gov`` (at ``place``, else a random one of the governorate)."""
    name, lat, lon = place or rng.choice(places[gov])
    return {"gov": gov, "place": name, "lat": lat, "lon": lon, "type": rng.choice(EVENT_TYPES[:8]),
            "perp": rng.choice(PERPETRATORS), "killed": rng.randint(1, 120)}


def synthetic_reports(n: int, seed: int = 7) -> tuple[list[Report], dict[str, str]]:
    """Return ``n`` uniform synthetic reports (1-5 per incident) and their truth (article id -> incident)."""
    rng = random.Random(seed)
    places = _places(rng)
    reports: list[Report] = []
    truth: dict[str, str] = {}
    k = 0
    while len(reports) < n:
        k += 1
        event = _event(rng, places, rng.choice(ADMIN1_SYRIA))
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        for j in range(min(rng.choice(REPORTS_PER_INCIDENT), n - len(reports))):
            jitter = dt.timedelta(days=rng.choice((0, 0, 0, 1)))
            reports.append(_report(rng, f"s{k}-{j}", event, day + jitter, dated=True))
            truth[f"s{k}-{j}"] = f"g{k}"
    return reports, truth


DENSE_WEIGHTS = {"Aleppo": 39, "Idlib": 14, "Rif Dimashq": 12, "Damascus": 4, "Deir ez-Zor": 6, "Homs": 6,
                 "Hama": 6, "Raqqa": 4, "Daraa": 3}
"""Governorate shares of the dense corpus (Aleppo 39%, as in FA-KES); the rest share 6%."""
DENSE_REPORTS = (8, 22)
"""Reports per incident in dense mode (uniformly in this range: about 15, as for Khan Shaykhun)."""
DENSE_INCIDENTS_PER_DAY = (2, 6)
"""Distinct incidents (at distinct places) of one governorate on one campaign day."""
FOLLOW_UP_SHARE = 0.3
"""Share of incidents followed, the next day, by a distinct attack on the same town (another kind)."""
DENSE_APART_KM = 40.0
"""Distinct incidents of one campaign day are at least this far apart. Strikes on towns a few
kilometres apart on one day, of one kind, are one event to the linker (the 2013 Ghouta attack
hit Zamalka and Ain Tarma, 3 km apart): the synthetic truth holds what the rules can tell apart."""
DENSE_APART_DAYS = 3
"""...and from the towns of other campaigns' incidents in the governorate this many days around
(the linker's date window): two campaigns may strike one governorate on overlapping days."""
DENSE_LOCATED = 0.9
"""Share of dense reports with coordinates: the towns of big events are in the gazetteer."""
LATE_SHARE = 0.1
"""Share of reports published the next day and dated by publication only (no date read)."""


def _apart(rng: random.Random, towns: list[tuple[str, float, float]], k: int,
           taken: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """Return up to ``k`` random towns at least DENSE_APART_KM from each other and from ``taken``
    (the towns of other incidents of the governorate in the days around)."""
    chosen: list[tuple[str, float, float]] = []
    for town in rng.sample(towns, len(towns)):
        if all(haversine_km(town[1], town[2], c[1], c[2]) >= DENSE_APART_KM for c in chosen + taken):
            chosen.append(town)
            if len(chosen) == k:
                break
    return chosen


def _taken(used: dict, gov: str, day: dt.date) -> list[tuple[str, float, float]]:
    """Return the towns of incidents in ``gov`` within DENSE_APART_DAYS of ``day``."""
    return [town for delta in range(-DENSE_APART_DAYS, DENSE_APART_DAYS + 2)
            for town in used.get((gov, day + dt.timedelta(days=delta)), ())]


def _follow_up(rng: random.Random, event: dict) -> dict:
    """Return a distinct attack on the same town the next day: another kind (a car bomb after an
    airstrike), another toll. A next-day report of the same kind with another toll is not told
    apart from the first attack's risen toll (real tolls rise threefold in a day), so the
    synthetic truth does not ask for it."""
    kinds = [t for t in EVENT_TYPES[:8] if type_similarity(t, event["type"]) == 0.0]
    return {**event, "type": rng.choice(kinds), "killed": rng.randint(1, 120)}


def dense_reports(n: int, seed: int = 7) -> tuple[list[Report], dict[str, str]]:
    """Return ``n`` dense synthetic reports and their truth (article id -> incident).

    Campaign days: one governorate (weighted as :data:`DENSE_WEIGHTS`) has several incidents
    at distinct places on one day, each told by about 15 reports; some towns are struck
    again the next day (a distinct incident of another kind, which must not merge). Towns of
    incidents in one governorate within a few days are DENSE_APART_KM apart (see there).
    """
    rng = random.Random(seed)
    places = _places(rng)
    govs = list(ADMIN1_SYRIA)
    weights = [DENSE_WEIGHTS.get(g, 6 / max(1, len(govs) - len(DENSE_WEIGHTS))) for g in govs]
    reports: list[Report] = []
    truth: dict[str, str] = {}
    used: dict[tuple[str, dt.date], list[tuple[str, float, float]]] = {}
    k = 0
    while len(reports) < n:
        gov = rng.choices(govs, weights)[0]
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        towns = _apart(rng, places[gov], rng.randint(*DENSE_INCIDENTS_PER_DAY), _taken(used, gov, day))
        used.setdefault((gov, day), []).extend(towns)
        events = [(_event(rng, places, gov, town), day) for town in towns]
        events += [(_follow_up(rng, ev), d + dt.timedelta(days=1)) for ev, d in list(events)
                   if rng.random() < FOLLOW_UP_SHARE]
        for event, when in events:
            k += 1
            for j in range(min(rng.randint(*DENSE_REPORTS), n - len(reports))):
                late = rng.random() < LATE_SHARE
                aid = f"d{k}-{j}"
                reports.append(_report(rng, aid, event, when + dt.timedelta(days=int(late)), dated=not late,
                                      located=DENSE_LOCATED))
                truth[aid] = f"g{k}"
    return reports, truth
