"""bench/scale.py at a tiny size (not timed): every stage runs and the figures are consistent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_scale_bench_runs_every_stage_at_a_tiny_size(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale.py"), "--articles", "16", "--link-reports", "600",
         "--workers", "1", "--json", "--keep", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert set(result["stages"]) == {"generate", "startup", "batch", "load", "link"}
    assert result["load"]["articles"] == 16 and result["batch"]["incidents"] >= 12  # the lead is read
    assert result["link"]["reports"] == 600 and result["link"]["linked_incidents"] < 100  # dense: ~15 each
    ex = result["extrapolation"]
    assert ex["10000000"]["8_cores_hours"] > ex["1000000"]["8_cores_hours"] > ex["1000000"]["64_cores_hours"]
    assert len(result["assumptions"]) >= 4
    assert (tmp_path / "work" / "out" / "links").exists() and (tmp_path / "work" / "store.db").exists()
