"""Judging ledgers on a whole corpus (reconcile/evaluate.py, api.evaluate_corpus)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from warclaims.models import Interval
from warclaims.reconcile.evaluate import score_corpus, split_lines
from warclaims.reconcile.ledger import Estimate, Ledger

ROOT = Path(__file__).resolve().parents[2]


def _line(aid, group, killed, split="tune"):
    return {"id": aid, "incident_group": group, "split": split,
            "incident": {"killed": {"low": killed, "high": killed}}}


def _ledger(iid, best, low, high):
    return Ledger(incident_id=iid, event_type="airstrike", date=dt.date(2017, 4, 4), date_precision="day",
                  admin1="Idlib", place=None, latitude=None, longitude=None, geo_precision=None, country="Syria",
                  perpetrator="unknown", victims="unknown", victim_group=None,
                  killed=Estimate(best=best, low=low, high=high), injured=Estimate(), n_claimants=1, n_outlets=1,
                  outlets=[], articles=[], first_report=None)


def test_splits_merges_ranges_and_double_counting_by_hand():
    lines = [_line("a1", "A", 58), _line("a2", "A", 72), _line("a3", "A", 86),
             _line("b1", "B", 10), _line("b2", "B", 10), _line("c1", "C", 5, "check")]
    placed = {"a1": "i1", "a2": "i1", "a3": "i2", "b1": "i3", "b2": "i3", "c1": "i3"}
    ledgers = {"i1": _ledger("i1", 58, 58, 72), "i2": _ledger("i2", 86, 86, 86), "i3": _ledger("i3", 10, 5, 10)}
    scores = score_corpus(lines, placed, ledgers)
    # gold pairs: A (3) + B (1) = 4; predicted: a1-a2, and b1-b2, b1-c1, b2-c1 = 4; correct 2
    assert (scores.pairwise.true_pairs, scores.pairwise.predicted_pairs, scores.pairwise.correct_pairs) == (4, 4, 2)
    assert scores.split_groups == ["A"] and scores.over_limit_groups == []
    assert scores.merged_incidents == ["i3"]
    assert scores.double_counted == ["A"]  # its dead enter the best of i1 and of i2
    by_group = {c.group: c for c in scores.checks}
    assert by_group["A"].incident_id == "i1" and not by_group["A"].range_contains_gold  # 86 is above 72
    assert by_group["B"].range_contains_gold and by_group["B"].best_within_gold
    assert set(split_lines(lines)) == {"tune", "check", "all"}


def test_open_gold_intervals_meet_a_higher_ledger_range():
    lines = [{"id": "x", "incident_group": "X", "incident": {"killed": {"low": 60, "high": None}}}]
    scores = score_corpus(lines, {"x": "i"}, {"i": _ledger("i", 90, 60, 90)})
    assert scores.range_contains_gold == 1 and scores.best_within_gold == 1


@pytest.mark.slow
def test_evaluate_corpus_ingests_the_whole_corpus_and_scores_each_split(tmp_path):
    from warclaims.api import evaluate_corpus

    gold_lines = [json.loads(x) for x in (ROOT / "data/gold/gold-dev.jsonl").read_text("utf-8").splitlines() if x]
    rashidin = [g for g in gold_lines if g.get("incident_group") == "2017-04-15 Rashidin evacuee bus convoy bombing"]
    other = next(g for g in gold_lines if g["split"] == "check" and g.get("incident"))
    chosen = {g["id"] for g in [*rashidin, other]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in [*rashidin, other]), encoding="utf-8")
    corpus = tmp_path / "corpus.csv"
    with open(ROOT / "data/fakes/fakes-dev.csv", newline="", encoding="utf-8") as src, \
            open(corpus, "w", newline="", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        extra = 0
        for row in reader:  # the gold articles and a few others, as a corpus holds
            if row["unit_id"] in chosen or extra < 5:
                extra += row["unit_id"] not in chosen
                writer.writerow(row)
    result = evaluate_corpus(str(gold), str(corpus), fmt="fakes")
    assert result.failed == 0 and result.corpus_articles >= len(chosen)
    assert set(result.linking) == {"tune", "check", "all"} and set(result.extraction) == {"tune", "check", "all"}
    tune = result.linking["tune"]
    assert tune.articles == len(rashidin) and tune.pairwise.true_pairs == len(rashidin) * (len(rashidin) - 1) // 2
    # most reports of the convoy bombing end up in one incident, whose ledger meets the gold tolls
    assert tune.pairwise.recall >= 0.5 and tune.ledgers_checked == 1
    assert result.extraction["check"].with_incident == 1
