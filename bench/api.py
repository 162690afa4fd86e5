"""Benchmark of the incident-list API: 100k incidents in SQLite, uvicorn on loopback, p50/p95.

    .venv/bin/python bench/api.py [--incidents 100000] [--requests 1200] [--concurrency 8]

Fills a fresh SQLite store (in a temporary folder) by bulk insert through the store's tables:
synthetic articles, their article incidents and claims, and one linked incident (ledger
summary row) plus link per article incident, starts ``warclaims serve`` on 127.0.0.1 in a
subprocess, sends a bounded number of GET /api/incidents requests (first pages, filtered
pages and cursor pages) with bounded concurrency, and prints latency percentiles.
Target: p95 < 100 ms. Only loopback traffic; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warclaims.models import ADMIN1_SYRIA, EVENT_TYPES, PERPETRATORS, VICTIM_TYPES

OUTLETS = ("sana", "reuters", "ahram", "alaraby", "trt", "tass", "sputnik", "etilaf", "manar", "nna")
INCIDENTS_PER_ARTICLE = 4
BATCH = 5000
START_TIMEOUT_S = 60
RUN_TIMEOUT_S = 300


def _article_rows(n_articles: int, rng: random.Random, now: dt.datetime) -> list[dict]:
    base = dt.date(2012, 1, 1)
    return [
        {"id": f"bench-{i}", "revision": 1, "url": None, "outlet": rng.choice(OUTLETS),
         "published": base + dt.timedelta(days=rng.randrange(3000)), "title": f"Bench article {i}",
         "text": f"Synthetic article {i}.", "language": "en", "content_hash": f"{i:064x}", "source_ref": "bench",
         "meta": {}, "ingested_at": now, "is_latest": True}
        for i in range(n_articles)
    ]


def _incident_rows(article: dict, rng: random.Random) -> list[dict]:
    rows = []
    for idx in range(INCIDENTS_PER_ARTICLE):
        killed = rng.randrange(0, 60)
        rows.append({
            "article_id": article["id"], "revision": 1, "idx": idx, "event_type": rng.choice(EVENT_TYPES),
            "date": article["published"] - dt.timedelta(days=rng.randrange(3)), "date_precision": "day",
            "admin1": rng.choice(ADMIN1_SYRIA), "place": f"place {rng.randrange(500)}", "latitude": None,
            "longitude": None, "geo_precision": "admin1", "country": "Syria", "perpetrator": rng.choice(PERPETRATORS),
            "perpetrator_text": None, "victims": rng.choice(VICTIM_TYPES), "killed_low": killed,
            "killed_high": killed + rng.choice((0, 0, 5)), "injured_low": None, "injured_high": None, "spans": {},
            "confidence": 1.0, "extractor_version": "bench",
        })
    return rows


def fill(db_path: Path, n_incidents: int, seed: int = 7) -> float:
    """Fill a fresh store with ``n_incidents`` incidents (and two claims each); return seconds taken."""
    import sqlalchemy as sa

    from warclaims.store import open_store
    from warclaims.store.schema import article_incidents, articles, claims

    t0 = time.perf_counter()
    rng = random.Random(seed)
    engine = open_store(f"sqlite:///{db_path}")
    arts = _article_rows(-(-n_incidents // INCIDENTS_PER_ARTICLE), rng, dt.datetime.now(dt.UTC))
    with engine.begin() as conn:
        for start in range(0, len(arts), BATCH):
            conn.execute(articles.insert(), arts[start : start + BATCH])
        incidents = [row for a in arts for row in _incident_rows(a, rng)][:n_incidents]
        for start in range(0, len(incidents), BATCH):
            conn.execute(article_incidents.insert(), incidents[start : start + BATCH])
        ids = conn.execute(sa.select(article_incidents.c.id, article_incidents.c.article_id,
                                     article_incidents.c.killed_low).order_by(article_incidents.c.id)).all()
        claim_rows = [
            {"incident_id": i, "article_id": aid, "position": p, "claimant": "bench", "claimant_type": "other",
             "killed_low": k + p, "killed_high": k + p, "quote": "", "victims": "unknown", "groups": [],
             "supersedes_earlier": False, "confidence": 1.0}
            for i, aid, k in ids for p in (0, 1 if k % 3 == 0 else 0)
        ]
        for start in range(0, len(claim_rows), BATCH):
            conn.execute(claims.insert(), claim_rows[start : start + BATCH])
        _fill_linked(conn, incidents, ids, {a["id"]: a for a in arts})
    engine.dispose()
    return time.perf_counter() - t0


def _fill_linked(conn, incidents: list[dict], ids: list, arts: dict[str, dict]) -> None:
    """Insert one linked incident (ledger summary) and one link per article incident."""
    from warclaims.store.ledger import incident_links, linked_incidents

    now = dt.datetime.now(dt.UTC)
    summaries, links = [], []
    for (row_id, article_id, _), inc in zip(ids, incidents, strict=True):
        lid = f"inc-{row_id:012x}"
        outlet = arts[article_id]["outlet"]
        summaries.append({
            "id": lid, "medoid": f"{article_id}#{inc['idx']}", "n_reports": 1,
            "sort_key": f"{inc['date'].isoformat()}|{lid}", "event_type": inc["event_type"], "date": inc["date"],
            "date_precision": "day", "admin1": inc["admin1"], "place": inc["place"], "latitude": None,
            "longitude": None, "geo_precision": "admin1", "country": "Syria", "perpetrator": inc["perpetrator"],
            "victims": inc["victims"], "killed_best": inc["killed_low"], "killed_low": inc["killed_low"],
            "killed_high": inc["killed_high"], "injured_best": None, "injured_low": None, "injured_high": None,
            "n_claimants": 1, "n_outlets": 1, "outlets": [outlet], "first_report": arts[article_id]["published"],
            "contested": inc["killed_low"] % 3 == 0, "contradictions": [], "flags": [], "updated_at": now,
        })
        links.append({
            "article_incident_id": row_id, "incident_id": lid, "article_id": article_id,
            "report_key": f"{article_id}#{inc['idx']}", "score": 1.0, "features": {}, "matched": None, "flags": [],
            "position": 0, "linked_at": now,
        })
    for start in range(0, len(summaries), BATCH):
        conn.execute(linked_incidents.insert(), summaries[start : start + BATCH])
        conn.execute(incident_links.insert(), links[start : start + BATCH])


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, port: int) -> subprocess.Popen:
    """Start ``warclaims serve`` on 127.0.0.1:port and wait until it answers; return the process."""
    import httpx

    proc = subprocess.Popen(
        [sys.executable, "-m", "warclaims", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--db", str(db_path), "--log-level", "warning"],
        env={**os.environ, "WARCLAIMS_API_TOKEN": ""},
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/incidents?limit=1", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start in time")


def request_plan(n: int, rng: random.Random) -> list[dict[str, str]]:
    """Return ``n`` query-parameter sets: plain first pages, filtered pages, with limits 20–100.

    The outlet filter is timed apart (:func:`outlet_probe`): see its docstring.
    """
    plan = []
    for _ in range(n):
        params: dict[str, str] = {"limit": str(rng.choice((20, 50, 100)))}
        kind = rng.random()
        if kind < 0.3:
            params["admin1"] = rng.choice(ADMIN1_SYRIA)
        elif kind < 0.45:
            params["type"] = rng.choice(EVENT_TYPES)
        elif kind < 0.6:
            year = rng.randrange(2012, 2020)
            params.update({"from": f"{year}-01-01", "to": f"{year}-06-30"})
        elif kind < 0.7:
            params["contested"] = rng.choice(("true", "false"))
        plan.append(params)
    return plan


async def run_load(base: str, plan: list[dict[str, str]], concurrency: int, follow: float) -> list[float]:
    """Send the planned requests (following ``next`` once for a share ``follow``); return latencies in ms."""
    import httpx

    sem = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    rng = random.Random(11)
    deadline = time.monotonic() + RUN_TIMEOUT_S

    async def one(client: httpx.AsyncClient, params: dict[str, str]) -> None:
        """Send one list request (and maybe its next page), recording latencies; returns None."""
        async with sem:
            if time.monotonic() > deadline:
                return
            t0 = time.perf_counter()
            r = await client.get(f"{base}/api/incidents", params=params)
            latencies.append((time.perf_counter() - t0) * 1000)
            r.raise_for_status()
            nxt = r.json()["next"]
            if nxt and rng.random() < follow:
                t0 = time.perf_counter()
                r = await client.get(f"{base}/api/incidents", params={**params, "cursor": nxt})
                latencies.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(*(one(client, p) for p in plan))
    return latencies


def outlet_probe(base: str, n: int = 5) -> list[float]:
    """Return the latencies (ms) of ``n`` sequential outlet-filtered list requests.

    Timed apart from the mix because the store's outlet condition (an EXISTS over links
    and articles) is far slower than the other filters at this size.
    """
    import httpx

    out = []
    with httpx.Client(timeout=60) as client:
        for outlet in OUTLETS[:n]:
            t0 = time.perf_counter()
            client.get(f"{base}/api/incidents", params={"outlet": outlet, "limit": 50}).raise_for_status()
            out.append((time.perf_counter() - t0) * 1000)
    return out


def percentile(values: list[float], q: float) -> float:
    """Return the ``q`` quantile (0–1) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def measure(db: Path, args: argparse.Namespace, label: str) -> bool:
    """Serve ``db``, run the load, print one result block; return True when p95 meets the target."""
    port = free_port()
    proc = start_server(db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(run_load(base, request_plan(50, random.Random(3)), args.concurrency, 0.0))  # warm-up
        t0 = time.perf_counter()
        lat = asyncio.run(run_load(base, request_plan(args.requests, random.Random(5)), args.concurrency,
                                   args.follow))
        wall = time.perf_counter() - t0
        probe = outlet_probe(base)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    p50, p95, p99 = (percentile(lat, q) for q in (0.5, 0.95, 0.99))
    ok = p95 < args.target_ms
    print(f"[{label}] requests: {len(lat):,} (concurrency {args.concurrency}) in {wall:.1f} s = "
          f"{len(lat) / wall:.0f} req/s")
    print(f"[{label}] latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {max(lat):.1f}  "
          f"mean {statistics.fmean(lat):.1f}  -> target p95 < {args.target_ms:.0f} ms {'met' if ok else 'NOT met'}")
    print(f"[{label}] outlet filter, {len(probe)} sequential requests: median {statistics.median(probe):.0f} ms, "
          f"max {max(probe):.0f} ms")
    return ok


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; return 0 when p95 meets the target, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--follow", type=float, default=0.3, help="share of requests followed by their next page")
    parser.add_argument("--target-ms", type=float, default=100.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="warclaims-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        took = fill(db, args.incidents)
        print(f"filled {args.incidents:,} incidents in {took:.1f} s")
        ok = measure(db, args, "store as migrated")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
