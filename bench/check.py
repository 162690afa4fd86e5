"""Benchmark of ``/api/check`` on a warm server: the fact-checker's case, one article checked now.

    .venv/bin/python bench/check.py                   # the sample corpus as the store, 60 checks
    .venv/bin/python bench/check.py --requests 200 --json figures.json

A store is filled with ``warclaims ingest data/sample`` (real articles, so a check has real
peers and reference records to meet), ``warclaims serve`` runs on 127.0.0.1 in a subprocess,
and once its extraction pipeline is loaded (one check answers) the ARA News Deir ez-Zor article
(``data/sample/ara-news-deir-ez-zor-2016-09.txt`` with its outlet and date) is checked
``--requests`` times, one at a time, without storing it. It prints p50/p95/max of the response
time and the load average. Target: p95 <= 150 ms. Only loopback traffic.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api import free_port, load_average, percentile, start_server, wait_until_warm  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "sample" / "ara-news-deir-ez-zor-2016-09.txt"
TARGET_MS = 150.0


def ara_payload() -> dict[str, str]:
    """Return the /api/check body of the ARA News article: its text, outlet and publication date."""
    meta = json.loads(ARTICLE.with_name(ARTICLE.name + ".meta.json").read_text(encoding="utf-8"))
    return {"text": ARTICLE.read_text(encoding="utf-8"), "outlet": meta["outlet"], "published": meta["published"]}


def fill_store(db_url: str, corpus: Path | None) -> None:
    """Ingest ``corpus`` into the store (nothing when None: an empty, migrated store)."""
    args = [sys.executable, "-m", "warclaims", "ingest", str(corpus), "--db", db_url] if corpus else \
        [sys.executable, "-m", "warclaims", "db", "upgrade", "--db", db_url]
    subprocess.run(args, check=True, capture_output=True, timeout=1800)


def measure(base: str, n: int) -> list[float]:
    """Return the seconds of ``n`` sequential unstored checks of the ARA article."""
    import httpx

    payload = ara_payload()
    times = []
    with httpx.Client(timeout=60) as client:
        for _ in range(n):
            start = time.perf_counter()
            client.post(f"{base}/api/check", json=payload).raise_for_status()
            times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print (or write as JSON) the figures; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--corpus", default=str(ROOT / "data" / "sample"),
                        help="articles ingested into the store first ('' for an empty store)")
    parser.add_argument("--json", help="write the figures to this JSON file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'store.db'}"
        fill_store(db_url, Path(args.corpus) if args.corpus else None)
        port = free_port()
        server = start_server(db_url, port)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_warm(base)
            times = measure(base, args.requests)
        finally:
            server.terminate()
            server.wait(timeout=30)
    ms = [t * 1000 for t in times]
    figures = {"requests": len(ms), "p50_ms": round(percentile(ms, 0.5), 1),
               "p95_ms": round(percentile(ms, 0.95), 1), "max_ms": round(max(ms), 1),
               "target_p95_ms": TARGET_MS, "load_average": round(load_average(), 2)}
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"/api/check of the ARA article, warm server, {figures['requests']} checks one at a time: "
          f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms "
          f"(target p95 <= {TARGET_MS:.0f} ms; load average {figures['load_average']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
