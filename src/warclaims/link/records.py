"""Records of the link stage: a report (one article's incident) and a linked incident."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from warclaims.models import Incident, incident_from_dict, parse_date, to_dict


@dataclass(slots=True, kw_only=True)
class Report:
    """One incident as reported by one article, with the article metadata linking needs."""

    article_id: str
    incident: Incident
    outlet: str | None = None
    published: dt.date | None = None
    lead: str = ""
    """The sentence that reports the incident (first claim quote, else title): for text similarity."""
    incident_row_id: int | None = None
    """``article_incidents.id`` when the report comes from the store."""

    @property
    def key(self) -> str:
        """Return the report's stable key ``ARTICLE_ID#INDEX``."""
        return f"{self.article_id}#{self.incident.index}"

    @property
    def event_date(self) -> dt.date | None:
        """Return the incident date, None when the article gives none."""
        return self.incident.date

    @property
    def has_place(self) -> bool:
        """Return True when the report names a governorate or a place."""
        return bool(self.incident.admin1 or self.incident.place)


@dataclass(slots=True, kw_only=True)
class Link:
    """Why a report belongs to a linked incident: the score and the features behind it."""

    report_key: str
    incident_id: str
    score: float
    """Pair score against the incident's medoid at the time of linking (1.0 for the founder)."""
    features: dict[str, float] = field(default_factory=dict)
    """Per-feature similarity in [0, 1] (``type``, ``date``, ``place``, ``perpetrator``, ...)."""
    matched: str | None = None
    """Key of the report it was compared with (the medoid); None for the founding report."""
    flags: list[str] = field(default_factory=list)
    """``no_date``, ``no_place``: the report was linked conservatively."""


@dataclass(slots=True, kw_only=True)
class LinkedIncident:
    """One cross-article incident: its reports, the links that explain them, and its medoid."""

    id: str
    reports: list[Report] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    medoid: str = ""
    """Key of the most central report; new reports are compared with it."""
    flags: list[str] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        """Return the ids of the articles reporting the incident, first seen first, without repeats."""
        return list(dict.fromkeys(r.article_id for r in self.reports))

    def report(self, key: str) -> Report:
        """Return the member report with ``key`` (KeyError when absent)."""
        for r in self.reports:
            if r.key == key:
                return r
        raise KeyError(key)


def incident_id_for(report_key: str) -> str:
    """Return the deterministic incident id founded by ``report_key`` (``inc-`` + 12 hex digits)."""
    return "inc-" + hashlib.sha1(report_key.encode("utf-8")).hexdigest()[:12]


def lead_of(incident: Incident, title: str | None = None) -> str:
    """Return the lead sentence of an incident: its first claim's quote, else ``title``, else ``""``."""
    for claim in incident.claims:
        if claim.quote:
            return claim.quote
    return title or ""


def report_from_gold(line: dict[str, Any]) -> Report | None:
    """Return the Report of one gold line (``data/gold`` format), None when it has no incident."""
    data = line.get("incident")
    if not data:
        return None
    incident = incident_from_dict(data)
    incident.article_id = str(line["id"])
    for claim in incident.claims:
        claim.article_id = claim.article_id or incident.article_id
    return Report(
        article_id=str(line["id"]),
        incident=incident,
        outlet=line.get("source"),
        published=parse_date(line.get("published")),
        lead=lead_of(incident),
    )


def link_rows(incident: LinkedIncident) -> list[dict[str, Any]]:
    """Return the portable ``links`` rows of one linked incident (batch engines' output).

    Each row has ``incident_key`` (the report key), ``linked_id``, ``score`` and ``features``:
    JSON text holding the pair features plus what rebuilds the incident with
    :func:`linked_from_rows`: ``matched``, ``flags``, the member ``position``, the incident's
    ``medoid`` and ``incident_flags``.
    """
    rows = []
    for position, link in enumerate(incident.links):
        extra = {"features": link.features, "matched": link.matched, "flags": link.flags, "position": position,
                 "medoid": incident.medoid, "incident_flags": incident.flags}
        rows.append({"incident_key": link.report_key, "linked_id": incident.id, "score": float(link.score),
                     "features": json.dumps(to_dict(extra), ensure_ascii=False, sort_keys=True,
                                            separators=(",", ":"), default=str)})
    return rows


def _row_extra(row: dict[str, Any]) -> dict[str, Any]:
    value = row.get("features") or {}
    return json.loads(value) if isinstance(value, str) else dict(value)


def linked_from_rows(linked_id: str, rows: list[dict[str, Any]],
                     report_for: Callable[[dict[str, Any]], Report | None]) -> LinkedIncident | None:
    """Return the LinkedIncident that :func:`link_rows` wrote, or None when no member report is found.

    ``report_for(row)`` gives the member's Report (None skips a member no longer available).
    """
    inc = LinkedIncident(id=linked_id)
    for row, extra in sorted(((r, _row_extra(r)) for r in rows), key=lambda re: re[1].get("position", 0)):
        report = report_for(row)
        if report is None:
            continue
        inc.reports.append(report)
        inc.links.append(Link(report_key=report.key, incident_id=linked_id, score=float(row["score"]),
                              features=dict(extra.get("features") or {}), matched=extra.get("matched"),
                              flags=list(extra.get("flags") or [])))
        inc.medoid = inc.medoid or extra.get("medoid") or ""
        inc.flags = inc.flags or list(extra.get("incident_flags") or [])
    if not inc.reports:
        return None
    if inc.medoid not in {r.key for r in inc.reports}:
        inc.medoid = inc.reports[0].key
    return inc
