"""What the benchmarks share to compare code A with code B fairly on a shared machine.

A busy machine slows whatever runs while it is busy, so a benchmark that times A and then B
compares the machine's moods as much as the code. The benchmarks therefore run the sides
interleaved, ``--rounds`` times (at least 3), and quote medians. ``--rev REV`` adds the code of
git revision REV as a side: its ``src/`` tree is written to a temporary folder and put first on
``PYTHONPATH`` of that side's processes (the figure before a change, in the same sitting).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tarfile
from collections.abc import Iterable, Sequence
from typing import TypeVar
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIN_ROUNDS = 3
T = TypeVar("T")


def revision_src(work: Path, rev: str) -> Path:
    """Write the ``src/`` tree of git revision ``rev`` under ``work``; return its ``src`` folder."""
    archive = work / "src.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", rev, "src"], cwd=REPO, check=True, stdout=out)
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    return work / "src"


def env_with_src(src: Path | None) -> dict[str, str]:
    """Return this process's environment with ``src`` first on PYTHONPATH (unchanged for None)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))
    return env


def check_rounds(rounds: int) -> int:
    """Return ``rounds``; exit with a message when fewer than :data:`MIN_ROUNDS` are asked for."""
    if rounds < MIN_ROUNDS:
        raise SystemExit(f"--rounds {rounds}: at least {MIN_ROUNDS} interleaved rounds are needed for a median")
    return rounds


def in_turn(sides: Sequence[T], round_index: int) -> Sequence[T]:
    """Return the order the sides run in round ``round_index``: as given, reversed every other
    round, so that no side always runs first (or always after the same one)."""
    return sides if round_index % 2 == 0 else sides[::-1]


def median(values: Iterable[float], digits: int = 3) -> float:
    """Return the median of ``values``, rounded."""
    return round(statistics.median(list(values)), digits)
