"""Benchmark of linking: synthetic article incidents over 10 years and 14 governorates.

Runs a full link of 10,000 and of 100,000 reports in one process (one core), ``--rounds``
times in turn (at least 3; the size that goes first alternates), prints the median seconds of
each (wall and CPU), the median of the rounds' ratios (near-linear cost) and each round's, the time to attach one new
report incrementally to the 100,000-report index, and the pairwise precision, recall and F1
on the synthetic truth, so that speed is not bought with wrong links.

Two generators (:mod:`warclaims.link.synthetic`): uniform (1-5 reports per incident) and, with
``--dense``, campaign days (about 15 reports per incident, several incidents of one
governorate on one day, towns struck again the next day, which must not merge).

    python bench/link.py [--dense] [--sizes 10000 100000] [--seed 7] [--json]

Targets: 100k under 60 s, one incremental attach under 1 s; 10k -> 100k ratio <= 15 (uniform)
or <= 11 (dense), pairwise F1 >= 0.97 (dense). On a busy machine the CPU seconds of this
process are the steadier figure; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from interleave import check_rounds, in_turn, median
from warclaims.link import Linker
from warclaims.link.evaluate import pairwise_scores
from warclaims.link.synthetic import dense_reports, synthetic_reports

def run(sizes: list[int], seed: int, *, dense: bool = False, rounds: int = 3) -> dict:
    """Return the benchmark figures: seconds (wall, CPU) per size, medians over ``rounds`` rounds
    of all the sizes in turn (so both sizes see the same machine load), ratios of those medians
    and of each round, incremental attach seconds, pairwise P/R/F1 (``dense``: the dense generator)."""
    generate = dense_reports if dense else synthetic_reports
    result: dict = {"sizes": {}, "seed": seed, "mode": "dense" if dense else "uniform", "rounds": rounds,
                    "load_average": [round(x, 2) for x in os.getloadavg()]}
    corpora = {n: generate(n, seed) for n in sizes}
    timed: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
    linker = None
    for k in range(rounds):
        for n in in_turn(sizes, k):
            reports, truth = corpora[n]  # the linker does not change reports: each round reuses them
            linker = Linker()
            t0, c0 = time.perf_counter(), time.process_time()
            incidents = linker.add_all(reports)
            timed[n].append((time.perf_counter() - t0, time.process_time() - c0))
            scores = pairwise_scores(truth, incidents)
            result["sizes"][str(n)] = {
                "seconds": median(t for t, _ in timed[n]),
                "cpu_seconds": median(c for _, c in timed[n]),
                "cpu_seconds_rounds": [round(c, 2) for _, c in timed[n]],
                "incidents": len(incidents),
                "true_incidents": len(set(truth.values())),
                "pairwise_f1": scores.f1,
                "precision": scores.precision,
                "recall": scores.recall,
            }
    if len(sizes) >= 2:
        # Ratios within each round (the two sizes ran one after the other), then their median.
        pairs = list(zip(timed[sizes[0]], timed[sizes[-1]]))
        result["ratio"] = median((b[0] / max(a[0], 1e-9) for a, b in pairs), 2)
        result["cpu_ratio_rounds"] = [round(b[1] / max(a[1], 1e-9), 2) for a, b in pairs]
        result["cpu_ratio"] = median(result["cpu_ratio_rounds"], 2)
    extra, _ = generate(50, seed + 1)
    timings = []
    for report in extra[:20]:
        report.article_id = "new-" + report.article_id
        t0 = time.perf_counter()
        linker.add(report)
        timings.append(time.perf_counter() - t0)
    result["attach_one_seconds_max"] = round(max(timings), 4)
    result["attach_one_seconds_mean"] = round(sum(timings) / len(timings), 5)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def targets_met(result: dict, sizes: list[int]) -> bool:
    """Return True when the run meets the targets of its mode (see the module docstring).

    Seconds are CPU seconds of this process: on a shared machine wall time measures the load."""
    largest = result["sizes"][str(sizes[-1])]
    ok = largest["cpu_seconds"] < 60 and result["attach_one_seconds_max"] < 1
    if result["mode"] == "dense":
        ok = ok and result.get("cpu_ratio", 0) <= 11 and largest["pairwise_f1"] >= 0.97
    return ok and result.get("cpu_ratio", 0) <= 15


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print it; return 0 when every target is met, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense", action="store_true", help="dense events (about 15 reports per incident)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all sizes in turn (medians); at least 3")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    check_rounds(args.rounds)
    result = run(args.sizes, args.seed, dense=args.dense, rounds=args.rounds)
    result["targets_met"] = targets_met(result, args.sizes)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['mode']} reports, load average {result['load_average']} (2 cores shared), "
              f"medians of {result['rounds']} rounds")
        for n, row in result["sizes"].items():
            print(
                f"{int(n):>7} reports: {row['seconds']:7.2f} s wall, {row['cpu_seconds']:7.2f} s CPU, "
                f"{row['incidents']} incidents ({row['true_incidents']} true), pairwise P {row['precision']:.3f} "
                f"R {row['recall']:.3f} F1 {row['pairwise_f1']:.3f}"
            )
        if "ratio" in result:
            limit = 11 if args.dense else 15
            print(f"ratio {args.sizes[0]} -> {args.sizes[-1]}: CPU {result['cpu_ratio']} (rounds "
                  f"{result['cpu_ratio_rounds']}), wall {result['ratio']} (target <= {limit})")
        print(f"incremental attach of one report: max {result['attach_one_seconds_max']} s (target < 1 s)")
        print("targets met" if result["targets_met"] else "targets NOT met")
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
