"""Judging the ledger as users see it: gold articles inside a whole linked corpus.

:func:`score_corpus` takes where each gold article's main incident ended up after the WHOLE
corpus was ingested (extracted, linked, reconciled: ``{article id: linked incident id}``) and
the ledgers of those incidents, and measures, per gold split:

- pairwise linking precision / recall / F1 among gold articles (articles outside the gold
  may share their incidents and do not count);
- **splits**: gold groups whose articles are spread over more than one incident (and over
  more than two: the issue's limit), and **merges**: incidents holding articles of more than
  one gold group;
- for each gold group, whether the ledger of the incident holding most of its articles
  contains the gold figures (every article's gold killed interval meets the ledger's
  low..high) and whether its best estimate lies within the gold figures;
- **killed counted twice**: gold groups whose toll enters the best estimate of more than one
  incident (a user adding up the ledger would count those dead twice).

The orchestration (a temporary store, ingest exactly as ``warclaims ingest``) is
:func:`warclaims.api.evaluate_corpus`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from warclaims.link.evaluate import PairwiseScores, gold_groups, pairwise_scores_of_clusters
from warclaims.link.features import report_coords
from warclaims.link.records import LinkedIncident
from warclaims.models import Interval, to_dict
from warclaims.reconcile.ledger import Ledger, reconcile

MAX_INCIDENTS_PER_GROUP = 2
"""A gold group spread over more incidents than this is a split that counts against the target."""


def reconciled_best(incident: LinkedIncident) -> int | None:
    """Return the best killed figure of a linked incident's reconciled ledger (None when none)."""
    return reconcile(incident).killed.best


@dataclass(slots=True, kw_only=True)
class LedgerCheck:
    """How the ledger of one gold group's incident compares with the group's gold figures."""

    group: str
    incident_id: str | None
    incidents: int
    """How many linked incidents the group's articles are spread over."""
    gold_killed: list[str]
    best: int | None
    low: int | None
    high: int | None
    range_contains_gold: bool
    best_within_gold: bool
    counted_in: int
    """How many of those incidents have a killed best estimate (more than 1: counted twice)."""


@dataclass(slots=True, kw_only=True)
class CorpusLinkScores:
    """The corpus-level figures of one gold split."""

    articles: int
    pairwise: PairwiseScores
    groups: int
    """Gold groups with an incident in the store."""
    multi_article_groups: int
    split_groups: list[str] = field(default_factory=list)
    """Groups spread over more than one incident."""
    over_limit_groups: list[str] = field(default_factory=list)
    """Groups spread over more than MAX_INCIDENTS_PER_GROUP incidents."""
    merged_incidents: list[str] = field(default_factory=list)
    """Incidents holding articles of more than one gold group."""
    ledgers_checked: int = 0
    range_contains_gold: int = 0
    best_within_gold: int = 0
    double_counted: list[str] = field(default_factory=list)
    """Groups whose killed figure enters the best estimate of more than one incident."""
    checks: list[LedgerCheck] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-ready dict."""
        return to_dict(self)


def _meets(gold: Interval, low: int | None, high: int | None) -> bool:
    """Return True when a gold interval meets the ledger's low..high (open ends meet anything above)."""
    g_low = gold.low if gold.low is not None else 0
    g_high = gold.high
    if high is not None and g_low > high:
        return False
    return not (low is not None and g_high is not None and g_high < low)


def _within(best: int | None, golds: list[Interval]) -> bool:
    """Return True when a best estimate lies within the span of the gold intervals."""
    if best is None or not golds:
        return False
    lows = [g.low if g.low is not None else 0 for g in golds]
    highs = [g.high for g in golds]
    return min(lows) <= best and (None in highs or best <= max(h for h in highs if h is not None))


def _gold_killed(line: Mapping[str, Any]) -> Interval | None:
    incident = line.get("incident") or {}
    return Interval.from_dict(incident.get("killed"))


def _group_members(lines: list[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Return ``{group: [article ids]}`` of the gold lines with an incident."""
    truth = gold_groups(lines)
    members: dict[str, list[str]] = {}
    for line in lines:
        if line.get("incident"):
            members.setdefault(truth[str(line["id"])], []).append(str(line["id"]))
    return members


def _ledger_check(group: str, ids: list[str], placed: Mapping[str, str], by_id: Mapping[str, Any],
                  ledgers: Mapping[str, Ledger]) -> LedgerCheck | None:
    """Return the LedgerCheck of one gold group (None when it has no gold killed figure)."""
    golds = [g for aid in ids if (g := _gold_killed(by_id[aid])) is not None]
    incidents = Counter(placed[aid] for aid in ids if aid in placed)
    if not golds or not incidents:
        return None
    main = incidents.most_common(1)[0][0]
    ledger = ledgers.get(main)
    best = ledger.killed.best if ledger else None
    low = ledger.killed.low if ledger else None
    high = ledger.killed.high if ledger else None
    counted = sum(1 for iid in incidents if iid in ledgers and ledgers[iid].killed.best is not None)
    return LedgerCheck(
        group=group, incident_id=main, incidents=len(incidents), gold_killed=[str(g) for g in golds],
        best=best, low=low, high=high,
        range_contains_gold=best is not None and all(_meets(g, low, high) for g in golds),
        best_within_gold=_within(best, golds), counted_in=counted,
    )


def score_corpus(
    lines: list[Mapping[str, Any]], placed: Mapping[str, str], ledgers: Mapping[str, Ledger]
) -> CorpusLinkScores:
    """Return the corpus figures of the gold ``lines`` (one split, or all) given where each gold
    article's main incident was linked (``placed``: article id -> linked incident id) and the
    ledgers of those incidents (by incident id)."""
    by_id = {str(line["id"]): line for line in lines}
    members = _group_members(lines)
    truth = gold_groups(lines)
    incidents: dict[str, list[str]] = {}
    for aid, iid in placed.items():
        if aid in by_id:
            incidents.setdefault(iid, []).append(aid)
    with_incident = {aid: g for aid, g in truth.items() if by_id[aid].get("incident")}
    scores = CorpusLinkScores(
        articles=len(with_incident),
        pairwise=pairwise_scores_of_clusters(with_incident, incidents.values()),
        groups=len(members),
        multi_article_groups=sum(1 for ids in members.values() if len(ids) > 1),
    )
    for iid, aids in sorted(incidents.items()):
        if len({truth[a] for a in aids if a in with_incident}) > 1:
            scores.merged_incidents.append(iid)
    for group, ids in sorted(members.items()):
        spread = {placed[a] for a in ids if a in placed}
        if len(spread) > 1:
            scores.split_groups.append(group)
        if len(spread) > MAX_INCIDENTS_PER_GROUP:
            scores.over_limit_groups.append(group)
        check = _ledger_check(group, ids, placed, by_id, ledgers)
        if check is None:
            continue
        scores.checks.append(check)
        scores.ledgers_checked += 1
        scores.range_contains_gold += check.range_contains_gold
        scores.best_within_gold += check.best_within_gold
        if check.counted_in > 1:
            scores.double_counted.append(group)
    return scores


@dataclass(slots=True, kw_only=True)
class CorpusEvaluation:
    """``warclaims eval corpus``: extraction and linking of gold articles inside a whole corpus,
    per gold split (``tune``, ``check``, ``all``)."""

    corpus_articles: int
    """Articles of the corpus stored (gold or not)."""
    incidents: int
    """Linked incidents in the store after the whole corpus."""
    failed: int
    extraction: dict[str, Any] = field(default_factory=dict)
    """Split -> :class:`warclaims.extract.evaluate.ExtractEvaluation` (from the store)."""
    linking: dict[str, CorpusLinkScores] = field(default_factory=dict)
    incidents_lost_coordinates: list[str] = field(default_factory=list)
    """Linked incidents with no coordinates although one of their reports has them."""
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the evaluation as a JSON-ready dict."""
        return to_dict(self)


def lost_coordinates(incident: LinkedIncident, ledger: Ledger) -> bool:
    """Return True when a ledger has no coordinates although one of its reports has them."""
    return ledger.latitude is None and any(report_coords(r) is not None for r in incident.reports)


def split_lines(lines: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Return the gold lines of each split (``tune``, ``check`` when present) and ``all``."""
    out: dict[str, list[Mapping[str, Any]]] = {}
    for name in ("tune", "check"):
        part = [line for line in lines if line.get("split") == name]
        if part:
            out[name] = part
    out["all"] = list(lines)
    return out
