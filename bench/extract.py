"""Benchmark: warclaims extraction vs bare ``nlp.pipe`` on the 617 FA-KES dev texts.

One run, one process. Both passes use the same spaCy pipeline on the same texts (the bare
pass without the casualty component and without incident assembly). Prints articles/s of
each, their ratio (target >= 0.6) and the process's peak resident memory (target < 1 GB).

    .venv/bin/python bench/extract.py [--corpus data/fakes/fakes-dev.csv] [--batch-size 16] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


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


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark; print and return its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(REPO / "data" / "fakes" / "fakes-dev.csv"))
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from warclaims.extract.pipeline import MAX_TEXT_CHARS, build_nlp

    articles = load_articles(args.corpus)
    nlp = build_nlp()  # loading is not timed
    texts = [(a.text or "")[:MAX_TEXT_CHARS] for a in articles]
    bare = bare_rate(nlp, texts, args.batch_size)
    ours, incidents, claims = warclaims_rate(articles, args.batch_size)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result = {
        "articles": len(articles),
        "bare_nlp_pipe_articles_per_s": round(bare, 2),
        "warclaims_articles_per_s": round(ours, 2),
        "ratio": round(ours / bare, 3),
        "ratio_target": 0.6,
        "peak_rss_mb": round(peak_mb, 1),
        "peak_rss_target_mb": 1024,
        "incidents": incidents,
        "claims": claims,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:32} {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
