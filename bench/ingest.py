"""Benchmark: articles per second ingesting FA-KES dev into a fresh SQLite store (no extraction).

Usage::

    .venv/bin/python bench/ingest.py [--repeat 3] [--csv data/fakes/fakes-dev.csv]

Each run ingests the whole CSV (``--format fakes``, ``process=False``) into a new
temporary SQLite file through :func:`warclaims.api.ingest`: reading, normalising,
hashing, de-duplicating and the batched inserts, plus opening and migrating the store.
It runs in this one process (one core). Prints one line per run and the best.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parents[1] / "data" / "fakes" / "fakes-dev.csv"


def run_once(csv_path: Path) -> tuple[int, float]:
    """Ingest ``csv_path`` into a new temporary store; return (items read, seconds)."""
    from warclaims import api

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = api.ingest([str(csv_path)], db=str(Path(tmp) / "bench.db"), fmt="fakes", process=False)
        elapsed = time.perf_counter() - started
    items = report.ingested + report.revisions + report.duplicates + report.failed
    return items, elapsed


def main() -> None:
    """Parse arguments, run the benchmark, print articles per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="FA-KES CSV to ingest")
    parser.add_argument("--repeat", type=int, default=3, help="number of runs (the best is reported)")
    args = parser.parse_args()
    import warclaims.api  # noqa: F401  (import time is not ingest time)
    import warclaims.ingest  # noqa: F401

    best = 0.0
    for n in range(1, args.repeat + 1):
        items, elapsed = run_once(args.csv)
        rate = items / elapsed
        best = max(best, rate)
        print(f"run {n}: {items} articles in {elapsed:.2f} s = {rate:.0f} articles/s")
    print(f"best: {best:.0f} articles/s (ingest only, one process, fresh SQLite store)")


if __name__ == "__main__":
    main()
