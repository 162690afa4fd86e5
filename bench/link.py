"""Benchmark of linking: synthetic article incidents over 10 years and 14 governorates.

Runs a full link of 10,000 and of 100,000 reports in one process (one core), prints the
seconds of each, their ratio (near-linear cost: at most 15 for 10x the data), and the
time to attach one new report incrementally to the 100,000-report index. Also prints
the pairwise F1 of the synthetic truth, as a sanity check that speed is not bought with
wrong links.

    python bench/link.py [--sizes 10000 100000] [--seed 7] [--json]

Targets: 100k under 60 s, ratio <= 15, one incremental attach under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time

from warclaims.link import Linker, Report
from warclaims.link.evaluate import pairwise_scores
from warclaims.models import ADMIN1_SYRIA, EVENT_TYPES, PERPETRATORS, Claim, Incident, Interval

START = dt.date(2012, 1, 1)
DAYS = 3650
PLACES_PER_GOVERNORATE = 80
REPORTS_PER_INCIDENT = (1, 2, 3, 4, 5)
OUTLETS = ("sana", "reuters", "alaraby", "ahram", "trt", "tass", "manar", "etilaf", "nna", "arabiya")
SYLLABLES = ("al", "kafr", "tal", "deir", "ain", "jisr", "bab", "khan", "maarat", "sheikh", "umm", "qasr")
ROOTS = (
    "nabi",
    "hamra",
    "zor",
    "joz",
    "bayda",
    "sukkar",
    "rihan",
    "tuffah",
    "mashad",
    "harim",
    "nayrab",
    "waer",
    "salama",
    "tukhar",
    "miskin",
    "abyad",
    "mayadeen",
    "bukamal",
    "shadadi",
    "qamishli",
)


def _places(rng: random.Random) -> dict[str, list[tuple[str, float, float]]]:
    """Return synthetic places (name, lat, lon) per governorate."""
    out = {}
    for n, gov in enumerate(ADMIN1_SYRIA):
        lat0, lon0 = 32.5 + (n % 5) * 0.9, 36.0 + (n // 5) * 1.3
        out[gov] = [
            (
                f"{rng.choice(SYLLABLES).title()} {rng.choice(ROOTS).title()} {k}",
                lat0 + rng.random() * 0.8,
                lon0 + rng.random() * 1.1,
            )
            for k in range(PLACES_PER_GOVERNORATE)
        ]
    return out


def _spelling(name: str, rng: random.Random) -> str:
    """Return a transliteration variant of a place name (vowel swaps, hyphens)."""
    if rng.random() < 0.5:
        return name
    return name.replace("a", "e", 1).replace(" ", "-", 1) if rng.random() < 0.5 else name.replace("u", "o")


def synthetic_reports(n: int, seed: int = 7) -> tuple[list[Report], dict[str, str]]:
    """Return ``n`` synthetic reports and their truth (article id -> incident)."""
    rng = random.Random(seed)
    places = _places(rng)
    reports: list[Report] = []
    truth: dict[str, str] = {}
    k = 0
    while len(reports) < n:
        k += 1
        gov = rng.choice(ADMIN1_SYRIA)
        name, lat, lon = rng.choice(places[gov])
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        etype = rng.choice(EVENT_TYPES[:8])
        perp = rng.choice(PERPETRATORS)
        killed = rng.randint(1, 120)
        for j in range(min(rng.choice(REPORTS_PER_INCIDENT), n - len(reports))):
            aid = f"s{k}-{j}"
            figure = max(1, killed + rng.randint(-killed // 5, killed // 5))
            lead = (
                f"At least {figure} people were killed in an {etype.replace('_', ' ')} on {name} "
                f"in {gov} province, {rng.choice(('activists', 'state media', 'a monitor'))} said."
            )
            inc = Incident(
                event_type=etype,
                date=day + dt.timedelta(days=rng.choice((0, 0, 0, 1))),
                date_precision="day",
                admin1=gov,
                place=_spelling(name, rng),
                latitude=lat if rng.random() < 0.5 else None,
                longitude=lon,
                perpetrator=perp if rng.random() < 0.7 else "unknown",
                victims="civilians",
                killed=Interval(low=figure, high=figure),
                claims=[
                    Claim(
                        claimant="activists",
                        claimant_type="activist_local",
                        killed=Interval(low=figure, high=figure),
                        quote=lead,
                    )
                ],
                article_id=aid,
            )
            if inc.latitude is None:
                inc.longitude = None
            reports.append(
                Report(
                    article_id=aid, incident=inc, outlet=rng.choice(OUTLETS), published=inc.date, lead=lead
                )
            )
            truth[aid] = f"g{k}"
    return reports, truth


def run(sizes: list[int], seed: int) -> dict:
    """Return the benchmark figures: seconds per size, ratio, incremental attach seconds, F1."""
    result: dict = {"sizes": {}, "seed": seed}
    linker = None
    for n in sizes:
        reports, truth = synthetic_reports(n, seed)
        linker = Linker()
        t0 = time.perf_counter()
        incidents = linker.add_all(reports)
        seconds = time.perf_counter() - t0
        scores = pairwise_scores(truth, incidents)
        result["sizes"][str(n)] = {
            "seconds": round(seconds, 2),
            "incidents": len(incidents),
            "pairwise_f1": scores.f1,
            "precision": scores.precision,
            "recall": scores.recall,
        }
    if len(sizes) >= 2:
        small, large = result["sizes"][str(sizes[0])], result["sizes"][str(sizes[-1])]
        result["ratio"] = round(large["seconds"] / max(small["seconds"], 1e-9), 2)
    extra, _ = synthetic_reports(50, seed + 1)
    timings = []
    for report in extra[:20]:
        report.article_id = "new-" + report.article_id
        t0 = time.perf_counter()
        linker.add(report)
        timings.append(time.perf_counter() - t0)
    result["attach_one_seconds_max"] = round(max(timings), 4)
    result["attach_one_seconds_mean"] = round(sum(timings) / len(timings), 5)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print it; return 0 when every target is met, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.sizes, args.seed)
    largest = result["sizes"][str(args.sizes[-1])]["seconds"]
    result["targets_met"] = (
        largest < 60 and result.get("ratio", 0) <= 15 and result["attach_one_seconds_max"] < 1
    )
    if args.json:
        print(json.dumps(result))
    else:
        for n, row in result["sizes"].items():
            print(
                f"{int(n):>7} reports: {row['seconds']:7.2f} s, {row['incidents']} incidents, "
                f"pairwise F1 {row['pairwise_f1']:.3f}"
            )
        if "ratio" in result:
            print(f"ratio {result['ratio']} (target <= 15)")
        print(f"incremental attach of one report: max {result['attach_one_seconds_max']} s (target < 1 s)")
        print("targets met" if result["targets_met"] else "targets NOT met")
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
