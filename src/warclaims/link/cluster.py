"""Blocking, coherent clustering and incremental attachment of reports to linked incidents.

Blocking: a report is only compared with incidents indexed under the same region
(governorate, else country) and day within ``DATE_WINDOW_DAYS`` of its date (the index is
keyed by region and day), and, when it and the incident's medoid are both geolocated, no
more than ``FAR_KM`` apart (a coarse grid cell test first): so the cost per report depends
on how many incidents share its region, week and reach, not on the corpus size. At most
:data:`MAX_CANDIDATES` incidents are scored per report (same place name and nearest date
first), which keeps the cost bounded in dense blocks (a campaign day of a governorate).

Cost in dense blocks: a report joining an incident is checked against its members (up to
:data:`MAX_MEMBERS_CHECKED`), the costly part; members are only checked for the candidates
that can still be chosen (best medoid score first, see ``Linker._fitting``), which gives the
same choice as checking them all. This is deliberately not a union-find over scored pair
edges: connected components chain (A~B, B~C puts A with C), which the coherence rule forbids.

Coherence: a report joins an incident only when it scores at least :data:`THRESHOLD`
against the incident's medoid *and* on average against its members, with no member
vetoing the pair (incompatible type, far-away place, date out of window). A report
never joins through a single similar member, so clusters do not chain.

Conservative cases: a report with no date (blocked by its publication date) or no place
(blocked by country) needs the structured evidence alone (type, date, place, perpetrator,
victims, figures; not the text) to reach the threshold, the same event type and a place
name match; such links carry the flags ``no_date`` / ``no_place``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from warclaims.link.features import (
    DATE_WINDOW_DAYS,
    FAR_KM,
    NO_DATE_LOOKBACK_DAYS,
    publication_dated,
    WEIGHTS,
    PairScore,
    is_broad,
    pair_score,
    pair_value,
    quick_veto,
    report_coords,
    structured_score,
    with_text,
)
from warclaims.geo.places import area_governorates, area_of, haversine_km, place_key
from warclaims.link.records import Link, LinkedIncident, Report, incident_id_for
from warclaims.link.text import SignatureCache, similarity

THRESHOLD = 0.62
"""Minimum pair score to the medoid (and on average to the members) to join an incident."""
TIE_MARGIN = 0.05
"""Scores this close to the best count as a tie, broken by the incidents' report counts."""
MAX_CANDIDATES = 12
"""Incidents scored per report at most (nearest first): bounds the cost in dense blocks."""
MAX_MEMBERS_CHECKED = 24
"""Members a candidate is checked against, besides the medoid (the most recent ones)."""
STRICT_PLACE = 0.85
"""Place similarity required for reports linked conservatively (no date or no place)."""
STRICT_MIN_TOLL = 10
"""A toll at least this large, stated the same day for the same kind of event, identifies the
incident for a report that names no place."""

BlockKey = tuple[str, int]


def region_of(report: Report) -> str:
    """Return the blocking region: the governorate's area (Damascus and Rif Dimashq are one,
    see ``geo.places.area_of``), else ``country:NAME``, else ``?``."""
    inc = report.incident
    if inc.admin1:
        return area_of(inc.admin1)
    return f"country:{inc.country}" if inc.country else "?"


def region_governorates(region: str) -> list[str]:
    """Return the governorates a blocking region covers (none for ``country:...`` and ``?``)."""
    if region.startswith("country:") or region == "?":
        return []
    return area_governorates(region)


def blocking_day(report: Report) -> dt.date | None:
    """Return the day a report is blocked under: its incident date, else its publication date."""
    return report.incident.date or report.published


def report_flags(report: Report) -> list[str]:
    """Return ``no_date`` / ``no_place`` for reports that can only be linked conservatively."""
    flags = []
    if report.incident.date is None:
        flags.append("no_date")
    if not report.incident.admin1 and not report.incident.place:
        flags.append("no_place")
    return flags


@dataclass(slots=True, kw_only=True)
class _Cluster:
    """Working state of one incident during linking."""

    incident: LinkedIncident
    centrality: dict[str, float] = field(default_factory=dict)
    """Sum of pair scores of each member with the others: the medoid has the largest."""
    days: set[int] = field(default_factory=set)
    place_keys: set[str] = field(default_factory=set)


class Linker:
    """Links reports into incidents; keeps a blocking index so new reports attach incrementally.

    >>> linker = Linker()
    >>> incidents = linker.add_all(reports)  # doctest: +SKIP
    >>> link = linker.add(new_report)        # doctest: +SKIP
    """

    def __init__(self, *, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._clusters: dict[str, _Cluster] = {}
        self._index: dict[BlockKey, list[str]] = defaultdict(list)
        self._regions: set[str] = set()
        self._sigs = SignatureCache()

    # --- public -------------------------------------------------------------------------

    @property
    def incidents(self) -> list[LinkedIncident]:
        """Return the linked incidents, in order of creation."""
        return [c.incident for c in self._clusters.values()]

    def add_all(self, reports: Iterable[Report]) -> list[LinkedIncident]:
        """Link ``reports`` (sorted by date, then publication, then key) and return all incidents."""
        for report in sorted(reports, key=link_order):
            self.add(report)
        return self.incidents

    def add(self, report: Report) -> Link:
        """Attach one report to its best coherent incident, or found a new one; return its Link.

        Of incidents the report fits about equally well (within TIE_MARGIN of the best
        score), it joins the one more reports support: a report naming only "Idlib" fits a
        big attack in Idlib and a stray report of it alike.
        """
        flags = report_flags(report)
        fitting = self._fitting(report, conservative=bool(flags))
        if not fitting:
            return self._found(report, flags)
        top = max(item[1].score for item in fitting)
        close = [item for item in fitting if item[1].score >= top - TIE_MARGIN]
        best = max(close, key=lambda item: (len(item[0].incident.reports), item[1].score))
        return self._join(report, *best, flags)

    def restore(self, incident: LinkedIncident) -> None:
        """Index an existing incident (loaded from the store) so new reports can attach to it."""
        cluster = _Cluster(incident=incident)
        for r in incident.reports:
            cluster.centrality.setdefault(r.key, 1.0 if r.key == incident.medoid else 0.0)
            self._index_report(cluster, r)
        self._clusters[incident.id] = cluster

    def rename(self, old: str, new: str) -> None:
        """Give incident ``old`` the id ``new`` (when ``old`` is taken outside this linker)."""
        cluster = self._clusters.pop(old)
        cluster.incident.id = new
        for link in cluster.incident.links:
            link.incident_id = new
        self._clusters[new] = cluster
        for report in cluster.incident.reports:
            day = blocking_day(report)
            ids = self._index.get((region_of(report), day.toordinal())) if day else None
            for n, cid in enumerate(ids or ()):
                if cid == old:
                    ids[n] = new

    # --- internals ----------------------------------------------------------------------

    def _index_report(self, cluster: _Cluster, report: Report) -> None:
        day = blocking_day(report)
        if day is None:
            return  # neither date nor publication date: a singleton, never a candidate
        ordinal = day.toordinal()
        if ordinal not in cluster.days:
            cluster.days.add(ordinal)
            self._index[(region_of(report), ordinal)].append(cluster.incident.id)
            self._regions.add(region_of(report))
        cluster.place_keys.add(place_key(report.incident.place))

    def _candidates(self, report: Report) -> list[_Cluster]:
        """Return the incidents in the report's block, nearest first, at most MAX_CANDIDATES."""
        day = blocking_day(report)
        if day is None:
            return []
        region, ordinal = region_of(report), day.toordinal()
        found: dict[str, int] = {}
        loose = report.incident.date is None or publication_dated(report)
        back = NO_DATE_LOOKBACK_DAYS if loose else DATE_WINDOW_DAYS
        ahead = DATE_WINDOW_DAYS
        if report.incident.date_precision == "month":  # "in August 2013": any day of that month
            ahead = _days_in_month(day) - 1 + DATE_WINDOW_DAYS
        # A report that names no governorate may be of any incident of its country.
        regions = self._regions if region.startswith("country:") else {region}
        for delta in range(-back, ahead + 1):
            for block in regions:
                for cid in self._index.get((block, ordinal + delta), ()):
                    found[cid] = min(found.get(cid, 99), abs(delta))
        found = self._near(report, found)
        pkey = place_key(report.incident.place)
        if len(regions) > 1:  # a report with no governorate: incidents with its toll first
            toll = report.incident.killed
            ranked = sorted(found, key=lambda cid: (
                toll is None or all(r.incident.killed != toll for r in self._clusters[cid].incident.reports),
                found[cid], cid))
        else:
            ranked = sorted(found, key=lambda cid: (pkey not in self._clusters[cid].place_keys, found[cid], cid))
        return [self._clusters[cid] for cid in ranked[:MAX_CANDIDATES]]

    def _fitting(self, report: Report, *, conservative: bool) -> list[tuple[_Cluster, PairScore, dict[str, float]]]:
        """Return the candidates the report may join, each with its score to the medoid and
        to the members checked, in candidate order.

        Members are checked (the costly part) for the candidates best at the medoid first; one
        whose medoid score is already more than TIE_MARGIN below an accepted candidate's can
        never be chosen, so its members are not checked: the choice is the same as checking all.
        """
        scored = []
        for n, cluster in enumerate(self._candidates(report)):
            to_medoid = self._score_to_medoid(report, cluster.incident.report(cluster.incident.medoid))
            if not to_medoid.veto and to_medoid.score >= self.threshold:
                scored.append((n, cluster, to_medoid))
        fitting = []
        best = None
        for n, cluster, to_medoid in sorted(scored, key=lambda item: (-item[2].score, item[0])):
            if best is not None and to_medoid.score < best - TIE_MARGIN:
                break
            result = self._join_score(report, cluster, to_medoid, conservative=conservative)
            if result is not None:
                fitting.append((n, cluster, *result))
                best = to_medoid.score if best is None else max(best, to_medoid.score)
        return [item[1:] for item in sorted(fitting, key=lambda item: item[0])]

    def _text(self, a: Report, b: Report) -> float | None:
        """Return the similarity of two reports' leads (signatures computed once per report)."""
        return similarity(self._sigs.get(a.key, a.lead), self._sigs.get(b.key, b.lead))

    def _score(self, a: Report, b: Report) -> PairScore:
        return pair_score(a, b, self._text(a, b))

    def _near(self, report: Report, found: dict[str, int]) -> dict[str, int]:
        """Return the blocked incidents whose medoid is not out of reach of the report: both
        geolocated and more than FAR_KM apart is a veto at the medoid, so such an incident is
        dropped before the MAX_CANDIDATES cap and never crowds a reachable one out of it."""
        here = report_coords(report)
        if here is None:
            return found
        near = {}
        for cid, delta in found.items():
            inc = self._clusters[cid].incident
            there = report_coords(inc.report(inc.medoid))
            if there is None or not _farther(here, there, FAR_KM):
                near[cid] = delta
        return near

    def _score_to_medoid(self, a: Report, medoid: Report) -> PairScore:
        """Return the pair score to a medoid, skipping the costly features when they cannot matter."""
        veto = quick_veto(a, medoid)
        if veto:
            return PairScore(score=0.0, features={}, veto=veto)
        ps = pair_score(a, medoid)
        if ps.veto or ps.score + WEIGHTS["text"] < self.threshold:
            return ps  # even identical wording could not reach the threshold
        return with_text(
            ps, similarity(self._sigs.get(a.key, a.lead), self._sigs.get(medoid.key, medoid.lead))
        )

    def _join_score(
        self, report: Report, cluster: _Cluster, to_medoid: PairScore, *, conservative: bool
    ) -> tuple[PairScore, dict[str, float]] | None:
        """Return (score to the medoid, score to each member checked) when the report may join, else None.

        ``to_medoid`` is the report's score to the incident's medoid, at least the threshold."""
        inc = cluster.incident
        medoid = inc.report(inc.medoid)
        strict = not conservative or _strict_ok(report, medoid, to_medoid, self.threshold)
        others = [r for r in inc.reports[-MAX_MEMBERS_CHECKED:] if r.key != medoid.key]
        scores = [to_medoid.score]
        for member in others:
            if strict:  # only the score and the veto matter now: skip building the features
                score, veto = pair_value(report, member, self._text(report, member))
            else:
                ps = self._score(report, member)
                score, veto = ps.score, ps.veto
                # the strict evidence may come from any member (the report with the same toll)
                strict = veto is None and _strict_ok(report, member, ps, self.threshold)
            if veto:
                return None
            scores.append(score)
        if not strict or sum(scores) / len(scores) < self.threshold:
            return None
        to_medoid.features["members_mean"] = round(sum(scores) / len(scores), 3)
        return to_medoid, dict(zip([medoid.key, *(r.key for r in others)], scores, strict=True))

    def _found(self, report: Report, flags: list[str]) -> Link:
        cid = incident_id_for(report.key)
        # Two extractions may share a key (an article listed twice): keep ids unique.
        n = 1
        while cid in self._clusters:
            n += 1
            cid = incident_id_for(f"{report.key}/{n}")
        link = Link(report_key=report.key, incident_id=cid, score=1.0, features={}, matched=None, flags=flags)
        incident = LinkedIncident(
            id=cid, reports=[report], links=[link], medoid=report.key, flags=list(flags)
        )
        cluster = _Cluster(incident=incident, centrality={report.key: 0.0})
        self._clusters[cid] = cluster
        self._index_report(cluster, report)
        return link

    def _join(
        self, report: Report, cluster: _Cluster, ps: PairScore, scores: dict[str, float], flags: list[str]
    ) -> Link:
        inc = cluster.incident
        link = Link(
            report_key=report.key,
            incident_id=inc.id,
            score=ps.score,
            features=dict(ps.features),
            matched=inc.medoid,
            flags=flags,
        )
        inc.reports.append(report)
        inc.links.append(link)
        for flag in flags:
            if flag not in inc.flags:
                inc.flags.append(flag)
        for key, s in scores.items():
            cluster.centrality[key] = cluster.centrality.get(key, 0.0) + s
        cluster.centrality[report.key] = sum(scores.values())
        inc.medoid = max(cluster.centrality, key=lambda k: (cluster.centrality[k], k == inc.medoid))
        self._index_report(cluster, report)
        return link


def _strict_ok(report: Report, medoid: Report, ps: PairScore, threshold: float) -> bool:
    """Return True when a report without date or place may link: never on text alone.

    It needs the same event type and a matching place; a report that names no place may
    instead give the same day and the very same toll, when that toll is not a small one that
    other incidents of the day share by chance (at least STRICT_MIN_TOLL)."""
    if structured_score(ps) < threshold or ps.features["type"] != 1.0:
        return False
    if report.incident.event_type != medoid.incident.event_type:
        return False
    if ps.features["place"] >= STRICT_PLACE:
        return True
    same_toll = report.incident.killed is not None and report.incident.killed == medoid.incident.killed
    return (report_flags(report) == ["no_place"] and ps.features["date"] == 1.0 and same_toll
            and (report.incident.killed.point or 0) >= STRICT_MIN_TOLL)


GRID_DEGREES = 0.5
"""Coarse grid cell (about 55 km north-south): points two or more cells apart in latitude are
further apart than FAR_KM without computing the great-circle distance."""


def _farther(a: tuple[float, float], b: tuple[float, float], km: float) -> bool:
    """Return True when points ``a`` and ``b`` are more than ``km`` apart (coarse grid first)."""
    if abs(int(a[0] // GRID_DEGREES) - int(b[0] // GRID_DEGREES)) >= 2 and km < GRID_DEGREES * 111.0:
        return True
    return haversine_km(a[0], a[1], b[0], b[1]) > km


def link_order(report: Report) -> tuple:
    """Return the order reports are linked in: by day (a report dated by its month only, "in
    August 2013", after that month's days, so it finds the incident of its day among them);
    within a day, reports that name a specific place before those naming only a governorate
    (specific reports found the incidents, broad ones join them), then by publication and key."""
    day = order_day(report)
    return (day or dt.date.max, is_broad(report), report.published or dt.date.max, report.key)


MONTH_REACH_DAYS = 31 + DATE_WINDOW_DAYS
"""How far back from its place in the order a report dated by its month may find an incident."""


def order_day(report: Report) -> dt.date | None:
    """Return the day a report is linked at: its blocking day, or the last day of its month
    for a report dated by its month only (see link_order)."""
    day = blocking_day(report)
    if day is not None and report.incident.date_precision == "month":
        return day.replace(day=_days_in_month(day))
    return day


def _days_in_month(day: dt.date) -> int:
    """Return the number of days of the month of ``day``."""
    return calendar.monthrange(day.year, day.month)[1]


def link_reports(reports: Iterable[Report], *, threshold: float = THRESHOLD) -> list[LinkedIncident]:
    """Return the linked incidents of ``reports`` (a full relink: every report linked afresh)."""
    return Linker(threshold=threshold).add_all(reports)
