"""Benchmark of the batch engines: articles/s of local (1, 2 workers), Spark (local[1], local[2]) and
a Spark standalone cluster on loopback (``cluster2``: master + one 2-core worker).

The corpus is the FA-KES dev CSV replicated to at least ``--articles`` rows; each copy gets
its own id and a marker sentence so it is a distinct article (not dropped as a duplicate).
Each configuration runs end to end (ingest, extract, link, reconcile, Parquet) in a fresh
Python process, as ``warclaims batch`` runs it (so every run loads spaCy, in itself or in its
workers, inside the clock: a process that had extracted before would give the in-process run a
warm model the workers never have), ``--rounds`` times (at least 3) interleaved with the others, the order reversed every other round so no
configuration always runs first; the speed-ups are taken within each round and their medians
printed. Spark's session start-up is excluded (a real cluster keeps it: its JVMs and executors
are started and used once before the clock), its Python workers are not. The 1-minute load
average after each run is recorded: on a shared machine it tells how much of the CPU the run
actually had.

Usage::

    .venv/bin/python bench/engines.py                   # 2,000+ articles, all four runs, 3 rounds
    .venv/bin/python bench/engines.py --articles 300 --runs local1,spark2 --json out.json
    .venv/bin/python bench/engines.py --articles 1000 --runs spark2,cluster2   # cluster vs local[2]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from interleave import check_rounds, in_turn, median

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT / "data" / "fakes" / "fakes-dev.csv"
RUNS = {"local1": ("local", 1), "local2": ("local", 2), "spark1": ("spark", 1), "spark2": ("spark", 2),
        "cluster2": ("cluster", 2)}
"""``clusterN``: a Spark standalone master and one N-core worker on loopback (pyspark's own launcher,
``tests/engines/spark_cluster.py``), started before the clock like a real cluster that is up."""


def replicate(target: Path, n_articles: int) -> int:
    """Write the FA-KES dev CSV replicated to at least ``n_articles`` rows at ``target``; return the row count."""
    with FAKES.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    copies = max(1, math.ceil(n_articles / len(rows)))
    with target.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for copy in range(copies):
            for row in rows:
                writer.writerow({**row, "unit_id": f"{row['unit_id']}-c{copy}",
                                 "article_content": f"{row['article_content']} Copy {copy}."})
    return copies * len(rows)


def run_one(name: str, corpus: Path, out: Path) -> dict[str, object]:
    """Run one configuration; return its figures (articles, seconds, articles/s, stage seconds)."""
    engine, workers = RUNS[name]
    if engine == "local":
        from warclaims.engines.local import run_local

        report = run_local([str(corpus)], out, fmt="fakes", workers=workers)
    elif engine == "spark":
        report = _run_spark(f"local[{workers}]", workers, name, corpus, out)
    else:
        sys.path.insert(0, str(ROOT / "tests" / "engines"))
        from spark_cluster import start_cluster

        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # the driver binds to loopback like the cluster
        cluster = start_cluster(cores=workers)
        try:
            report = _run_spark(cluster.master_url, workers, name, corpus, out)
        finally:
            cluster.stop()
    return {"run": name, "engine": engine, "workers": workers, "articles": report.articles,
            "load_avg_1min_after": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
            "incidents": report.incidents, "claims": report.claims, "linked_incidents": report.linked_incidents,
            "seconds": report.seconds, "articles_per_s": round(report.articles_per_second, 2),
            "stage_seconds": report.stage_seconds}


def run_fresh(name: str, corpus: Path, out: Path) -> dict[str, object]:
    """Run one configuration with :func:`run_one` in a fresh Python process; return its figures."""
    cmd = [sys.executable, __file__, "--one", name, "--corpus", str(corpus), "--out", str(out)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_spark(master: str, workers: int, name: str, corpus: Path, out: Path):
    """Run the Spark engine on ``master`` with a session started (and its executors up) before the clock."""
    from warclaims.engines.spark import run_spark, spark_session

    session = spark_session(master, workers, app_name=f"warclaims-bench-{name}")
    session.sparkContext.parallelize(range(2 * workers), 2 * workers).count()  # JVMs and executors up
    try:
        return run_spark([str(corpus)], out, fmt="fakes", spark=session, workers=workers)
    finally:
        session.stop()


def ratios(results: dict[str, dict]) -> dict[str, float]:
    """Return the speed-ups of one round: 2 workers over 1 per engine, and Spark over local at equal workers."""
    def r(a: str, b: str) -> float | None:
        if a in results and b in results and results[b]["articles_per_s"]:
            return round(results[a]["articles_per_s"] / results[b]["articles_per_s"], 2)
        return None

    pairs = {"local2/local1": ("local2", "local1"), "spark2/spark1": ("spark2", "spark1"),
             "spark1/local1": ("spark1", "local1"), "spark2/local2": ("spark2", "local2"),
             "cluster2/spark2": ("cluster2", "spark2")}
    return {k: v for k, (a, b) in pairs.items() if (v := r(a, b)) is not None}


def median_speedups(rounds: list[dict[str, dict]]) -> dict[str, dict]:
    """Return, per speed-up, each round's value and their median."""
    per_round = [ratios(results) for results in rounds]
    names = dict.fromkeys(k for speedups in per_round for k in speedups)
    return {k: {"rounds": [s[k] for s in per_round if k in s], "median": median((s[k] for s in per_round if k in s), 2)}
            for k in names}


def summarise(corpus_rows: int, rounds: list[dict[str, dict]]) -> dict:
    """Return the rounds so far with the medians: articles/s per configuration, and speed-ups."""
    names = dict.fromkeys(name for results in rounds for name in results)
    rates = {name: median((r[name]["articles_per_s"] for r in rounds if name in r), 2) for name in names}
    return {"corpus_rows": corpus_rows, "rounds": rounds, "speedups": median_speedups(rounds),
            "articles_per_s_median": rates}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table and JSON; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (at least); default 2000")
    parser.add_argument("--runs", default="local1,local2,spark1,spark2", help="comma-separated subset of runs")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (medians); at least 3")
    parser.add_argument("--json", dest="json_path", help="also write the results to this JSON file")
    parser.add_argument("--one", choices=sorted(RUNS), help=argparse.SUPPRESS)  # a child's one run
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus, args.out)))
        return 0
    check_rounds(args.rounds)
    names = args.runs.split(",")
    work = Path(tempfile.mkdtemp(prefix="warclaims-bench-"))
    try:
        corpus = work / "fakes-replicated.csv"
        n = replicate(corpus, args.articles)
        rounds: list[dict[str, dict]] = []
        for k in range(args.rounds):
            results: dict[str, dict] = {}
            rounds.append(results)
            for name in in_turn(names, k):
                results[name] = run_fresh(name, corpus, work / f"out-{name}-{k}")
                shutil.rmtree(work / f"out-{name}-{k}", ignore_errors=True)
                print(f"round {k + 1} {name:7s} {results[name]['articles']:6d} articles "
                      f"{results[name]['seconds']:8.1f} s {results[name]['articles_per_s']:7.2f} articles/s  "
                      f"load {results[name]['load_avg_1min_after']}  {results[name]['stage_seconds']}", flush=True)
                summary = summarise(n, rounds)
                if args.json_path:  # after every run, so a cut-off benchmark keeps what it measured
                    Path(args.json_path).write_text(json.dumps(summary, indent=2) + "\n")
        print(json.dumps({"articles_per_s_median": summary["articles_per_s_median"],
                          "speedups_median": {k: v["median"] for k, v in summary["speedups"].items()}}))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
