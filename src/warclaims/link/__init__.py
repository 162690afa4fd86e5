"""warclaims.link: cross-source incident linking.

An article's extracted incident is a :class:`~warclaims.link.records.Report`
(article id, outlet, publication date, the Incident, its lead sentence). Linking
groups reports of the same event into :class:`~warclaims.link.records.LinkedIncident`
records; each member carries a :class:`~warclaims.link.records.Link` with the pair score
against the incident's medoid and the features behind it (``type``, ``date``,
``place``, ``perpetrator``, ``victims``, ``figures``, ``text``, ``members_mean``,
``distance_km``) so every link is explainable.

Entry points:

* :func:`link_reports(reports)` -> list of LinkedIncident: a full relink.
* :class:`Linker`: the same, incrementally; ``Linker.restore(incident)`` indexes stored
  incidents, ``Linker.add(report)`` attaches one new report and returns its Link.
* :func:`pair_score(a, b)` -> PairScore (score, features, veto) of two reports.

Blocking, coherence (no chaining) and the conservative rule for reports without a
date or a place are described in :mod:`warclaims.link.cluster`.
"""

from __future__ import annotations

from warclaims.link.cluster import THRESHOLD, Linker, link_reports
from warclaims.link.features import PairScore, pair_score
from warclaims.link.records import Link, LinkedIncident, Report, incident_id_for, lead_of, report_from_gold

__all__ = [
    "THRESHOLD",
    "Link",
    "LinkedIncident",
    "Linker",
    "PairScore",
    "Report",
    "incident_id_for",
    "lead_of",
    "link_reports",
    "pair_score",
    "report_from_gold",
]
