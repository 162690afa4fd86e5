"""Benchmark: warclaims extraction vs bare ``nlp.pipe`` on the 617 FA-KES dev texts.

Each round is a fresh process that loads the pipeline (not timed) and times two passes over
the same texts with the same spaCy pipeline: bare ``nlp.pipe`` (without the casualty component
and without incident assembly), then warclaims' extraction. Its ratio (warclaims articles/s
over bare) is the round's figure; ``--rounds`` rounds (at least 3) give the median ratio
(target >= 0.85) and the largest peak resident memory (target < 1 GB). With ``--rev REV`` every
round also runs git revision REV's code (``bench/interleave.py``), interleaved with the
current code, and its median ratio is printed beside it.

    .venv/bin/python bench/extract.py [--corpus data/fakes/fakes-dev.csv] [--batch-size 16]
                                      [--rounds 3] [--rev 2cd9545] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interleave import check_rounds, env_with_src, in_turn, median, revision_src

REPO = Path(__file__).resolve().parents[1]
RATIO_TARGET = 0.85


def load_articles(path: str) -> list:
    """Return the Articles of a corpus file (ingest failures dropped)."""
    from warclaims.ingest import read_inputs
    from warclaims.models import Article

    return [a for a in read_inputs([path]) if isinstance(a, Article)]


def bare_rate(nlp, texts: list[str], batch_size: int) -> float:
    """Return articles/s of ``nlp.pipe`` alone (the casualty component disabled)."""
    from warclaims.extract.casualties import COMPONENT_NAME

    start = time.perf_counter()
    with nlp.select_pipes(disable=[COMPONENT_NAME]):
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    return len(texts) / (time.perf_counter() - start)


def warclaims_rate(articles: list, batch_size: int) -> tuple[float, int, int]:
    """Return (articles/s, incidents, claims) of ``extract_articles`` over the articles."""
    from warclaims.extract.pipeline import extract_articles_lenient as extract_articles

    start = time.perf_counter()
    incidents = claims = 0
    for extraction in extract_articles(articles, batch_size=batch_size):
        incidents += len(extraction.incidents)
        claims += sum(len(i.claims) for i in extraction.incidents)
    return len(articles) / (time.perf_counter() - start), incidents, claims


def one_round(corpus: str, batch_size: int) -> dict:
    """Time one bare pass and one warclaims pass in this process; return the round's figures."""
    from warclaims.extract.pipeline import MAX_TEXT_CHARS, build_nlp

    articles = load_articles(corpus)
    nlp = build_nlp()  # loading is not timed
    texts = [(a.text or "")[:MAX_TEXT_CHARS] for a in articles]
    warclaims_rate(articles[:batch_size], batch_size)  # warm-up, not timed: the first pass pays first calls
    bare = bare_rate(nlp, texts, batch_size)
    ours, incidents, claims = warclaims_rate(articles, batch_size)
    return {
        "articles": len(articles),
        "bare_articles_per_s": round(bare, 2),
        "warclaims_articles_per_s": round(ours, 2),
        "ratio": round(ours / bare, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),  # KiB on Linux
        "incidents": incidents,
        "claims": claims,
    }


def run_round(args: argparse.Namespace, src: Path | None) -> dict:
    """Run :func:`one_round` in a fresh process with ``src`` first on PYTHONPATH; return its figures."""
    done = subprocess.run(
        [sys.executable, __file__, "--one-round", "--corpus", args.corpus, "--batch-size", str(args.batch_size)],
        check=True, capture_output=True, text=True, env=env_with_src(src))
    return json.loads(done.stdout.splitlines()[-1])


def summary(rounds: list[dict]) -> dict:
    """Return the medians of one side's rounds, with each round's ratio."""
    return {
        "ratios": [r["ratio"] for r in rounds],
        "ratio_median": median(r["ratio"] for r in rounds),
        "bare_articles_per_s_median": median((r["bare_articles_per_s"] for r in rounds), 2),
        "warclaims_articles_per_s_median": median((r["warclaims_articles_per_s"] for r in rounds), 2),
        "peak_rss_mb_max": max(r["peak_rss_mb"] for r in rounds),
        "incidents": rounds[-1]["incidents"],
        "claims": rounds[-1]["claims"],
    }


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark; print and return its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(REPO / "data" / "fakes" / "fakes-dev.csv"))
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rev", default=None, help="also time this git revision's src/ (before a change)")
    parser.add_argument("--one-round", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.one_round:
        print(json.dumps(one_round(args.corpus, args.batch_size)))
        return {}
    check_rounds(args.rounds)

    ours: list[dict] = []
    old: list[dict] = []
    with tempfile.TemporaryDirectory() as work:
        old_src = revision_src(Path(work), args.rev) if args.rev else None
        for n in range(args.rounds):  # interleaved (in_turn)
            sides = [(ours, None), (old, old_src)] if old_src else [(ours, None)]
            for figures, src in in_turn(sides, n):
                figures.append(run_round(args, src))
    result = {"articles": ours[0]["articles"], "rounds": args.rounds, "ratio_target": RATIO_TARGET,
              "peak_rss_target_mb": 1024, **summary(ours)}
    if old:
        result[f"rev_{args.rev}"] = summary(old)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:32} {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
