"""bench/link.py at a tiny size (not timed): rounds of both sizes in turn, medians and each round's ratio."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "link.py"


def test_link_bench_quotes_medians_of_interleaved_rounds():
    command = [sys.executable, str(BENCH), "--dense", "--sizes", "300", "900", "--rounds", "3", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    result = json.loads(done.stdout)
    assert result["rounds"] == 3 and result["mode"] == "dense"
    small, large = result["sizes"]["300"], result["sizes"]["900"]
    assert len(small["cpu_seconds_rounds"]) == len(large["cpu_seconds_rounds"]) == 3
    assert abs(sorted(large["cpu_seconds_rounds"])[1] - large["cpu_seconds"]) < 0.006  # the median round
    assert len(result["cpu_ratio_rounds"]) == 3 and large["pairwise_f1"] > 0.9
    assert abs(sorted(result["cpu_ratio_rounds"])[1] - result["cpu_ratio"]) < 0.006  # the median ratio


def test_benchmarks_refuse_fewer_than_three_rounds():
    done = subprocess.run([sys.executable, str(BENCH), "--sizes", "300", "--rounds", "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "at least 3 interleaved rounds" in done.stderr
