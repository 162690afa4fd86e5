"""warclaims.engines.report: a batch run's report and the per-stage timer."""

from __future__ import annotations

import time

from warclaims.engines.report import BatchReport, StageTimer


def test_stage_timer_records_each_lap_and_the_total():
    report = BatchReport(engine="local", out_dir="out", articles=40)
    timer = StageTimer(report)
    time.sleep(0.05)
    timer.lap("read")
    time.sleep(0.02)
    timer.lap("extract")
    timer.finish()
    assert list(report.stage_seconds) == ["read", "extract"]
    assert report.stage_seconds["read"] >= 0.05 and report.stage_seconds["extract"] >= 0.02
    assert report.seconds >= report.stage_seconds["read"] + report.stage_seconds["extract"] - 0.002
    assert report.articles_per_second == 40 / report.seconds


def test_an_empty_run_has_no_rate():
    assert BatchReport(engine="spark", out_dir="out").articles_per_second == 0.0
