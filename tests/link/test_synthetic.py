"""The synthetic reports of the benchmarks: their truth, and the linker's quality on them."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from warclaims.link import link_reports
from warclaims.link.evaluate import pairwise_scores
from warclaims.link.synthetic import dense_reports, synthetic_reports

ROOT = Path(__file__).resolve().parents[2]


def test_dense_reports_are_dense_and_deterministic():
    reports, truth = dense_reports(3000, seed=5)
    assert len(reports) == 3000 and set(truth) == {r.article_id for r in reports}
    sizes = Counter(truth.values())
    assert 12 <= len(reports) / len(sizes) <= 18  # about 15 reports per incident
    same_day = Counter((r.incident.admin1, r.incident.date) for r in reports)
    assert max(same_day.values()) >= 40  # campaign days: many reports of one governorate and day
    again, _ = dense_reports(3000, seed=5)
    assert [r.key for r in again] == [r.key for r in reports]


def test_linking_dense_reports_meets_the_f1_target():
    reports, truth = dense_reports(2000, seed=7)
    scores = pairwise_scores(truth, link_reports(reports))
    assert scores.f1 >= 0.97, scores


def test_linking_uniform_reports_stays_accurate():
    reports, truth = synthetic_reports(2000, seed=7)
    assert pairwise_scores(truth, link_reports(reports)).f1 >= 0.97


def test_bench_link_dense_runs_at_a_tiny_size(tmp_path):
    import json

    done = subprocess.run([sys.executable, str(ROOT / "bench" / "link.py"), "--dense", "--sizes", "200", "600",
                           "--json"], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    result = json.loads(done.stdout)
    assert result["mode"] == "dense" and set(result["sizes"]) == {"200", "600"}
    assert result["sizes"]["600"]["pairwise_f1"] > 0.9 and "cpu_ratio" in result
