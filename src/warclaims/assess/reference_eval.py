"""How reference data bears on a labelled corpus: match rate, and whether agreement with the
records separates the labels (FA-KES: 1 credible, 0 fake).

:func:`evaluate_reference` takes the articles of a period, matches each main incident against
the reference records in use (the bundled UCDP GED set by default) and reports:

* counts: articles, with an incident, with a dated incident, with candidate records, with a
  cited (confident) match (by place / by governorate only), ambiguous, uncertain, with a figure
  compared, and the verdicts (consistent/above/below/ambiguous/uncertain) by label;
* the ROC AUC of the reference signal alone (the fixed ``ref_outside`` shift of score.py,
  0 when nothing matched) on all articles of the period and on the compared ones;
* the ROC AUC of the full score, out of fold (stratified k-fold, model fitted on training folds,
  evidence shifts fixed), with and without the reference signal, on the same folds;

each AUC with a bootstrap 95% interval. Labels only score; nothing is fitted or tuned on them
except the learned model on training folds, exactly as ``warclaims eval credibility``.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from warclaims._lazy import require
from warclaims.assess.bundled import bundled_index
from warclaims.assess.corpus import LabelledCorpus
from warclaims.assess.features import AssessInput, collect_signals, model_item, model_text
from warclaims.assess.ledger import incident_killed, main_incident
from warclaims.assess.matching import MatchSet, compare_interval, date_window, match_incident, record_words
from warclaims.assess.model import SEED, fit_model, predict_proba
from warclaims.assess.records import ReferenceRecord
from warclaims.assess.score import evidence_shifts, shifted_score, signal_map

BOOTSTRAP = 1000
Candidates = Callable[[Any], list[ReferenceRecord]]


@dataclass(slots=True, kw_only=True)
class MatchRow:
    """One article of the period: its incident, the best matched record and the verdict (for review)."""

    article_id: str
    label: int
    published: str
    incident: str
    killed: str
    status: str
    confidence: str
    strength: str
    record_ids: str
    record: str
    verdict: str


@dataclass(slots=True, kw_only=True)
class ReferenceReport:
    """Counts and AUCs (with bootstrap 95% intervals) of the reference signal on a labelled corpus."""

    counts: dict[str, int] = field(default_factory=dict)
    verdicts_by_label: dict[str, dict[str, int]] = field(default_factory=dict)
    auc: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    rows: list[MatchRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (rows left out)."""
        return {"counts": self.counts, "verdicts_by_label": self.verdicts_by_label, "auc": self.auc}


def bundled_candidates(incident) -> list[ReferenceRecord]:
    """Return the bundled records within the incident's date window (none for a vague date)."""
    window = date_window(incident) if incident is not None else None
    return bundled_index().between(*window) if window else []


def in_period(corpus: LabelledCorpus, first_year: int, last_year: int) -> LabelledCorpus:
    """Return the corpus's articles published from ``first_year`` to ``last_year`` (inclusive)."""
    keep = [i for i, a in enumerate(corpus.articles)
            if a.published is not None and first_year <= a.published.year <= last_year]
    return LabelledCorpus(articles=[corpus.articles[i] for i in keep], labels=[corpus.labels[i] for i in keep],
                          sha256=corpus.sha256, path=corpus.path)


def auc_with_interval(labels: np.ndarray, values: np.ndarray, seed: int = SEED) -> dict[str, float | int | None]:
    """Return ``{"auc", "low", "high", "n", "n_credible"}``: ROC AUC and its bootstrap 95% interval."""
    roc_auc_score = require("sklearn.metrics").roc_auc_score
    n = len(labels)
    out: dict[str, float | int | None] = {"n": int(n), "n_credible": int(labels.sum()), "auc": None,
                                          "low": None, "high": None}
    if n == 0 or len(set(labels.tolist())) < 2:
        return out
    out["auc"] = round(float(roc_auc_score(labels, values)), 4)
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(BOOTSTRAP):
        idx = rng.integers(0, n, n)
        if len(set(labels[idx].tolist())) == 2:
            draws.append(roc_auc_score(labels[idx], values[idx]))
    out["low"], out["high"] = (round(float(np.percentile(draws, q)), 4) for q in (2.5, 97.5))
    return out


def _verdict(inc, found: MatchSet | None) -> str:
    figure = incident_killed(inc) if inc is not None else None
    if found is None:
        return "no record"
    if found.status != "cited":
        return found.status
    return compare_interval(figure, found.low, found.high) if figure is not None else "no figure"


def _row(art, label: int, inc, found: MatchSet | None, verdict: str) -> MatchRow:
    killed = incident_killed(inc) if inc is not None else None
    what = "" if inc is None else (f"{inc.date} ({inc.date_precision}) {inc.event_type} at {inc.place or '-'}, "
                                   f"{inc.admin1 or '-'} ({inc.geo_precision}); perpetrator {inc.perpetrator}; "
                                   f"victims {inc.victims}")
    return MatchRow(article_id=art.id, label=label, published=str(art.published), incident=what,
                    killed=str(killed) if killed else "", status=found.status if found else "none",
                    confidence=f"{found.confidence:.2f}" if found else "",
                    strength=found.matches[0].strength if found else "",
                    record_ids=" ".join(found.ids) if found else "", record=record_words(found) if found else "",
                    verdict=verdict)


def out_of_fold_scores(inputs: list[AssessInput], labels: np.ndarray, folds: int, seed: int = SEED) -> np.ndarray:
    """Return each article's final score from a model fitted on the other folds (shifts fixed)."""
    StratifiedKFold = require("sklearn.model_selection").StratifiedKFold  # noqa: N806 (sklearn's class)
    signals = [collect_signals(x) for x in inputs]
    items = [model_item(x, s) for x, s in zip(inputs, signals, strict=True)]
    maps = [signal_map(s) for s in signals]
    texts = [model_text(x.article) for x in inputs]
    scores = np.zeros(len(labels))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(texts, labels):
        bundle = fit_model([items[i] for i in train], labels[train].tolist(), seed)
        raw = predict_proba(bundle, [items[i] for i in test])
        scores[test] = [shifted_score(float(p), maps[i]) for p, i in zip(raw, test, strict=True)]
    return scores


def evaluate_reference(corpus: LabelledCorpus, inputs: list[AssessInput], *, folds: int = 5,
                       candidates: Candidates = bundled_candidates, seed: int = SEED) -> ReferenceReport:
    """Return the reference report of ``corpus`` (its ``inputs`` from :func:`build_inputs`, same order)."""
    y = np.asarray(corpus.labels)
    report = ReferenceReport()
    counts: Counter[str] = Counter(articles=len(y), credible=int(y.sum()))
    by_label: dict[str, Counter[str]] = {"credible": Counter(), "fake": Counter()}
    signal = np.zeros(len(y))
    compared = np.zeros(len(y), dtype=bool)
    with_refs: list[AssessInput] = []
    for i, (art, data) in enumerate(zip(corpus.articles, inputs, strict=True)):
        inc = main_incident(data.extraction)
        cands = candidates(inc) if inc is not None else []
        found = match_incident(inc, cands, f"{art.title or ''}\n{art.text}") if inc is not None else None
        verdict = _verdict(inc, found)
        counts["with_incident"] += inc is not None
        counts["dated_incident"] += inc is not None and date_window(inc) is not None
        if found is not None:
            counts["matched"] += 1  # any candidate record
            counts[found.status] += 1
            if found.status == "cited":
                counts[f"cited_{found.matches[0].strength}"] += 1
        by_label["credible" if y[i] else "fake"][verdict] += 1
        with_refs.append(AssessInput(article=data.article, extraction=data.extraction, peers=data.peers,
                                     references=cands))
        shift = evidence_shifts(signal_map(collect_signals(with_refs[-1]))).get("ref_outside")
        signal[i] = shift or 0.0
        compared[i] = verdict in ("consistent", "above", "below")
        report.rows.append(_row(art, int(y[i]), inc, found, verdict))
    counts["compared"] = int(compared.sum())
    report.counts = dict(counts)
    report.verdicts_by_label = {k: dict(v) for k, v in by_label.items()}
    report.auc["signal_all"] = auc_with_interval(y, signal, seed)
    report.auc["signal_compared"] = auc_with_interval(y[compared], signal[compared], seed)
    with_score = out_of_fold_scores(with_refs, y, folds, seed)
    without = out_of_fold_scores(inputs, y, folds, seed)
    report.auc["full_score_with_reference"] = auc_with_interval(y, with_score, seed)
    report.auc["full_score_without_reference"] = auc_with_interval(y, without, seed)
    report.auc["full_score_with_reference_compared"] = auc_with_interval(y[compared], with_score[compared], seed)
    return report


def write_rows(rows: list[MatchRow], path: str | Path) -> int:
    """Write the per-article match rows as CSV (for the hand-checked sample); return how many."""
    fields = list(MatchRow.__dataclass_fields__)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow({f: getattr(row, f) for f in fields})
    return len(rows)
