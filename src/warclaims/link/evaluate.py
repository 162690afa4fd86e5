"""Measuring linking against gold groups: pairwise precision, recall and F1.

Gold articles that share ``incident_group`` report the same incident; an article with
no group is a singleton. A predicted pair is two gold articles put in the same linked
incident; the gold pairs are the pairs within each group.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.link.cluster import link_reports
from warclaims.link.records import LinkedIncident


@dataclass(slots=True, kw_only=True)
class PairwiseScores:
    """Pairwise linking scores over a set of gold articles."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    articles: int


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Return the gold lines of a JSON Lines file, deduplicated by ``id`` (first kept).

    Raises W113 when the file is missing and W204 for a line that is not valid JSON.
    """
    path = Path(path)
    if not path.is_file():
        raise WarclaimsError(E.W113, item=str(path))
    lines: dict[str, dict[str, Any]] = {}
    for n, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise WarclaimsError(E.W204, item=str(path), line=n, reason=str(exc)) from exc
        if not isinstance(data, dict) or "id" not in data:
            raise WarclaimsError(E.W204, item=str(path), line=n, reason="no 'id'")
        lines.setdefault(str(data["id"]), data)
    return list(lines.values())


def gold_groups(lines: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Return ``{article id: group}``; articles without ``incident_group`` get their own id as group."""
    return {str(d["id"]): str(d.get("incident_group") or f"single:{d['id']}") for d in lines}


def _pairs(groups: Iterable[Sequence[str]]) -> set[frozenset[str]]:
    out: set[frozenset[str]] = set()
    for members in groups:
        out.update(frozenset(p) for p in itertools.combinations(sorted(set(members)), 2))
    return out


def pairwise_scores(truth: dict[str, str], incidents: Iterable[LinkedIncident]) -> PairwiseScores:
    """Return pairwise P/R/F1 of ``incidents`` against ``truth`` (article id -> gold group).

    Articles outside ``truth`` are ignored.
    """
    return pairwise_scores_of_clusters(truth, (inc.article_ids for inc in incidents))


def pairwise_scores_of_clusters(truth: dict[str, str], clusters: Iterable[Sequence[str]]) -> PairwiseScores:
    """Return pairwise P/R/F1 of predicted clusters of article ids against ``truth`` (article id
    -> gold group); articles outside ``truth`` are ignored."""
    by_group: dict[str, list[str]] = {}
    for aid, group in truth.items():
        by_group.setdefault(group, []).append(aid)
    gold = _pairs(by_group.values())
    predicted = _pairs([[a for a in cluster if a in truth] for cluster in clusters])
    correct = len(gold & predicted)
    precision = correct / len(predicted) if predicted else 1.0
    recall = correct / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        true_pairs=len(gold),
        predicted_pairs=len(predicted),
        correct_pairs=correct,
        articles=len(truth),
    )


@dataclass(slots=True, kw_only=True)
class LinkEvaluation:
    """Linking and reconciliation measured on gold: pairwise scores and best-estimate agreement."""

    source: str
    """``gold-incidents`` (gold incidents linked) or ``extracted`` (incidents extracted from the corpus)."""
    pairwise: PairwiseScores
    incidents: int
    best_checked: int
    """Incidents with gold articles and a reconciled killed best estimate."""
    best_equals_gold_claim: int
    """Of those, how many have a best estimate equal to a figure of one of their gold claims."""
    best_equals_rate: float
    missing_articles: list[str]
    """Gold articles with an incident but no report (not in the corpus, or nothing extracted)."""


def _gold_figures(line: dict[str, Any]) -> set[int]:
    """Return every killed figure (low and high) of the gold claims of one gold line."""
    figures: set[int] = set()
    incident = line.get("incident") or {}
    for claim in incident.get("claims") or []:
        killed = claim.get("killed") or {}
        figures.update(v for v in (killed.get("low"), killed.get("high")) if v is not None)
    return figures


def evaluate_links(
    lines: list[dict[str, Any]], reports: list, *, source: str, best_of: Callable[[LinkedIncident], int | None]
) -> LinkEvaluation:
    """Return the LinkEvaluation of linking ``reports`` (article main incidents) against gold ``lines``.

    ``best_of`` gives a linked incident's best killed figure
    (:func:`warclaims.reconcile.evaluate.reconciled_best`): it is passed in because the
    reconcile stage sits above linking and the link stage does not import it.
    """
    truth = gold_groups(lines)
    incidents = link_reports(reports)
    by_id = {str(line["id"]): line for line in lines}
    checked = equal = 0
    for inc in incidents:
        golds = [by_id[a] for a in inc.article_ids if a in by_id]
        if not golds:
            continue
        best = best_of(inc)
        if best is None:
            continue
        checked += 1
        equal += any(best in _gold_figures(line) for line in golds)
    have = {r.article_id for r in reports}
    missing = sorted(
        str(line["id"]) for line in lines if line.get("incident") and str(line["id"]) not in have
    )
    return LinkEvaluation(
        source=source,
        pairwise=pairwise_scores(truth, incidents),
        incidents=len(incidents),
        best_checked=checked,
        best_equals_gold_claim=equal,
        best_equals_rate=round(equal / checked, 4) if checked else 0.0,
        missing_articles=missing,
    )
