"""Benchmark of the incident API at 10k and 100k incidents on SQLite and PostgreSQL: p50/p95 at concurrency 8.

    .venv/bin/python bench/api.py                                # SQLite and a throw-away PostgreSQL
    .venv/bin/python bench/api.py --db sqlite --incidents 100000
    .venv/bin/python bench/api.py --db postgresql+psycopg://user@host/emptydb

Each store (a SQLite file in a temporary folder; a PostgreSQL server started in a temporary
folder exactly as the tests' fixture does, ``tests/pg.py``; or an empty store given by URL) is
migrated, then filled by bulk insert through the store's tables: synthetic articles, their
article incidents and claims, and one linked incident (ledger summary row) plus link per
article incident. ``warclaims serve`` then runs on 127.0.0.1 in a subprocess and gets a fixed
mix of requests with at most ``--concurrency`` in flight: plain first pages of
``/api/incidents``, pages filtered by governorate, half-year, event type, perpetrator or
contested, the page after a cursor, and single incidents (``/api/incidents/ID``: ledger,
claims, links, reference check). It prints p50/p95 overall and per kind, grows the store to
the next size (``--incidents 10000,100000``) and measures again, then prints how p95 scaled.
Each size is measured ``--rounds`` times (at least 3) with a fresh server each time, and the
medians of p50/p95 are what the summary and the target use. ``--rev REV`` also serves the
store with git revision REV's code (``bench/interleave.py``; REV must read the same schema),
interleaved with the current code round by round, and prints its medians beside.
Target: p95 < 100 ms. Only loopback traffic; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interleave import check_rounds, env_with_src, in_turn, median, revision_src
from warclaims.models import ADMIN1_SYRIA, EVENT_TYPES, PERPETRATORS, VICTIM_TYPES

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ("sana", "reuters", "ahram", "alaraby", "trt", "tass", "sputnik", "etilaf", "manar", "nna")
INCIDENTS_PER_ARTICLE = 4
BATCH = 5000
START_TIMEOUT_S = 60
RUN_TIMEOUT_S = 300


def _article_rows(first: int, n_articles: int, rng: random.Random, now: dt.datetime) -> list[dict]:
    base = dt.date(2012, 1, 1)
    return [
        {"id": f"bench-{i}", "revision": 1, "url": None, "outlet": rng.choice(OUTLETS),
         "published": base + dt.timedelta(days=rng.randrange(3000)), "title": f"Bench article {i}",
         "text": f"Synthetic article {i}.", "language": "en", "content_hash": f"{i:064x}", "source_ref": "bench",
         "meta": {}, "ingested_at": now, "is_latest": True}
        for i in range(first, first + n_articles)
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


def fill(db_url: str, n_incidents: int, *, already: int = 0, seed: int = 7) -> float:
    """Add incidents to the store at ``db_url`` until it holds ``n_incidents`` (``already`` are there);
    return the seconds taken. Bulk inserts through the store's tables, in one transaction:
    articles (4 incidents each), article incidents, one or two claims each, and one linked
    incident (ledger summary row) plus its link per article incident."""
    import sqlalchemy as sa

    from warclaims.store import open_store
    from warclaims.store.schema import article_incidents, articles, claims

    t0 = time.perf_counter()
    rng = random.Random(seed + already)
    engine = open_store(db_url)
    first_article = already // INCIDENTS_PER_ARTICLE
    arts = _article_rows(first_article, -(-(n_incidents - already) // INCIDENTS_PER_ARTICLE), rng,
                         dt.datetime.now(dt.UTC))
    with engine.begin() as conn:
        _insert(conn, articles, arts)
        incidents = [row for a in arts for row in _incident_rows(a, rng)][: n_incidents - already]
        before = conn.execute(sa.select(sa.func.coalesce(sa.func.max(article_incidents.c.id), 0))).scalar_one()
        _insert(conn, article_incidents, incidents)
        ids = conn.execute(
            sa.select(article_incidents.c.id, article_incidents.c.article_id, article_incidents.c.killed_low)
            .where(article_incidents.c.id > before).order_by(article_incidents.c.id)).all()
        claim_rows = [
            {"incident_id": i, "article_id": aid, "position": p, "claimant": "bench", "claimant_type": "other",
             "killed_low": k + p, "killed_high": k + p, "quote": "", "victims": "unknown", "groups": [],
             "supersedes_earlier": False, "confidence": 1.0}
            for i, aid, k in ids for p in (0, 1 if k % 3 == 0 else 0)
        ]
        _insert(conn, claims, claim_rows)
        _fill_linked(conn, incidents, ids, {a["id"]: a for a in arts})
    _analyze(engine)
    engine.dispose()
    return time.perf_counter() - t0


def _insert(conn, table, rows: list[dict]) -> None:
    """Insert ``rows`` into ``table`` in batches (executemany: multi-row VALUES on PostgreSQL)."""
    for start in range(0, len(rows), BATCH):
        conn.execute(table.insert(), rows[start : start + BATCH])


def _analyze(engine) -> None:
    """Refresh the planner's statistics after a bulk fill (ANALYZE; both SQLite and PostgreSQL have it)."""
    import sqlalchemy as sa

    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))


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
    _insert(conn, linked_incidents, summaries)
    _insert(conn, incident_links, links)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, port: int, workers: int = 1, src: Path | None = None) -> subprocess.Popen:
    """Start ``warclaims serve --workers N`` on 127.0.0.1:port over ``db_url`` (with ``src`` first on
    PYTHONPATH when given), wait until it answers; return it."""
    import httpx

    proc = subprocess.Popen(
        [sys.executable, "-m", "warclaims", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--db", db_url, "--log-level", "warning", "--workers", str(workers)],
        env={**env_with_src(src), "WARCLAIMS_API_TOKEN": ""}, stdout=subprocess.DEVNULL,
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


def wait_until_warm(base: str) -> None:
    """Wait until the server has loaded its extraction pipeline (``serve`` loads it in the background
    from start-up): one unstored ``/api/check`` answers only then. Timing before that would measure
    the list against spaCy loading on the same cores, which a warm server does not do."""
    import httpx

    httpx.post(f"{base}/api/check", json={"text": "Shelling killed 3 civilians in Douma on Monday."},
               timeout=START_TIMEOUT_S * 3).raise_for_status()


KINDS = ("list", "admin1", "date", "type", "perpetrator", "contested", "next", "incident")
"""Request kinds of the mix: plain first page, one filter each, the page after a cursor, one incident."""


def request_plan(n: int, rng: random.Random, incident_ids: list[str]) -> list[tuple[str, str, dict[str, str]]]:
    """Return ``n`` requests ``(kind, path, params)``: list pages (plain, filtered by governorate,
    half-year, type, perpetrator or contested; limits 20–100), next pages (``cursor`` filled in at
    run time from the first page) and single incidents. The outlet filter is timed apart
    (:func:`outlet_probe`)."""
    weights = {"list": 2, "admin1": 2, "date": 2, "type": 1, "perpetrator": 1, "contested": 1, "next": 1,
               "incident": 3}
    kinds = rng.choices(list(weights), weights=list(weights.values()), k=n)
    plan = []
    for kind in kinds:
        params: dict[str, str] = {"limit": str(rng.choice((20, 50, 100)))}
        if kind == "admin1":
            params["admin1"] = rng.choice(ADMIN1_SYRIA)
        elif kind == "type":
            params["type"] = rng.choice(EVENT_TYPES)
        elif kind == "perpetrator":
            params["perpetrator"] = rng.choice(PERPETRATORS)
        elif kind == "date":
            year = rng.randrange(2012, 2020)
            params.update({"from": f"{year}-01-01", "to": f"{year}-06-30"})
        elif kind == "contested":
            params["contested"] = rng.choice(("true", "false"))
        elif kind == "next":
            params[rng.choice(("admin1", "type"))] = ""  # filled below with a real value
            params = {k: (v or (rng.choice(ADMIN1_SYRIA) if k == "admin1" else rng.choice(EVENT_TYPES)))
                      for k, v in params.items()}
        if kind == "incident":
            plan.append((kind, f"/api/incidents/{rng.choice(incident_ids)}", {}))
        else:
            plan.append((kind, "/api/incidents", params))
    return plan


async def run_load(base: str, plan: list[tuple[str, str, dict[str, str]]], concurrency: int) -> dict[str, list[float]]:
    """Send the planned requests with at most ``concurrency`` in flight; return latencies (ms) per kind.

    A ``next`` request first fetches (untimed) the first page of its filter, then times the page
    its cursor points to."""
    import httpx

    sem = asyncio.Semaphore(concurrency)
    latencies: dict[str, list[float]] = {k: [] for k in KINDS}
    deadline = time.monotonic() + RUN_TIMEOUT_S

    async def one(client: httpx.AsyncClient, kind: str, path: str, params: dict[str, str]) -> None:
        """Send one request (a ``next`` one after its untimed first page), recording its latency."""
        async with sem:
            if time.monotonic() > deadline:
                return
            if kind == "next":
                first = await client.get(f"{base}{path}", params=params)
                first.raise_for_status()
                params = {**params, "cursor": first.json()["next"] or ""}
            t0 = time.perf_counter()
            r = await client.get(f"{base}{path}", params=params)
            latencies[kind].append((time.perf_counter() - t0) * 1000)
            r.raise_for_status()

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await asyncio.gather(*(one(client, *item) for item in plan))
    return latencies


def outlet_probe(base: str, n: int = 5) -> list[float]:
    """Return the latencies (ms) of ``n`` sequential outlet-filtered list requests.

    Timed apart from the mix: the outlet condition goes through the links and articles of
    every incident (an IN subquery), so it is slower than the indexed filters at this size.
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


def sample_incident_ids(db_url: str, n: int = 200, seed: int = 13) -> list[str]:
    """Return ``n`` linked-incident ids of the store, picked at random (for the incident requests)."""
    import sqlalchemy as sa

    from warclaims.store import open_store
    from warclaims.store.ledger import linked_incidents

    engine = open_store(db_url)
    with engine.connect() as conn:
        ids = list(conn.execute(sa.select(linked_incidents.c.id)).scalars())
    engine.dispose()
    return random.Random(seed).sample(ids, min(n, len(ids)))


def load_average() -> float:
    """Return the 1-minute load average (how busy the shared machine was), or -1 where unknown."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return -1.0


def measure(db_url: str, args: argparse.Namespace, label: str, src: Path | None = None) -> dict[str, object]:
    """Serve ``db_url`` (with the code under ``src`` when given), run the mix, print one result
    block; return the figures (p50/p95 per kind)."""
    port = free_port()
    ids = sample_incident_ids(db_url)
    proc = start_server(db_url, port, args.serve_workers, src)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_warm(base)
        asyncio.run(run_load(base, request_plan(80, random.Random(3), ids), args.concurrency))  # warm-up
        t0 = time.perf_counter()
        by_kind = asyncio.run(run_load(base, request_plan(args.requests, random.Random(5), ids), args.concurrency))
        wall = time.perf_counter() - t0
        probe = outlet_probe(base)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    lat = [v for values in by_kind.values() for v in values]
    p50, p95, p99 = (percentile(lat, q) for q in (0.5, 0.95, 0.99))
    ok = p95 < args.target_ms
    print(f"[{label}] {len(lat):,} requests (concurrency {args.concurrency}, {args.serve_workers} server "
          f"process(es)) in {wall:.1f} s = "
          f"{len(lat) / wall:.0f} req/s; load average {load_average():.2f} on {os.cpu_count()} cores")
    print(f"[{label}] all: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {max(lat):.1f} ms "
          f"-> target p95 < {args.target_ms:.0f} ms {'met' if ok else 'NOT met'}")
    kinds = {}
    for kind, values in by_kind.items():
        if values:
            kinds[kind] = {"n": len(values), "p50": percentile(values, 0.5), "p95": percentile(values, 0.95)}
            print(f"[{label}]   {kind:<12} n={len(values):<4} p50 {kinds[kind]['p50']:6.1f}  "
                  f"p95 {kinds[kind]['p95']:6.1f} ms")
    print(f"[{label}] outlet filter, {len(probe)} sequential requests: median {statistics.median(probe):.0f} ms, "
          f"max {max(probe):.0f} ms")
    return {"label": label, "requests": len(lat), "req_per_s": len(lat) / wall, "p50": p50, "p95": p95, "p99": p99,
            "ok": ok, "kinds": kinds,
            "outlet_median": statistics.median(probe), "load_average": load_average()}


def _stores(names: list[str], stack: contextlib.ExitStack, tmp: Path) -> list[tuple[str, str]]:
    """Return ``(label, URL)`` of each store asked for: ``sqlite`` (a temp file), ``postgresql``
    (a throw-away server started like the tests' fixture, ``tests/pg.py``) or a URL of an empty store."""
    out = []
    for name in names:
        if name == "sqlite":
            out.append(("sqlite", f"sqlite:///{tmp / 'bench.db'}"))
        elif name == "postgresql":
            sys.path.insert(0, str(ROOT / "tests"))
            from pg import start_server as start_pg

            server = start_pg()
            stack.callback(server.stop)
            out.append(("postgresql", server.create_database("bench")))
        else:
            out.append((name.split(":", 1)[0].split("+", 1)[0], name))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; return 0 when every p95 at the largest size meets the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", default=None,
                        help="sqlite | postgresql (throw-away server) | an empty store's URL, e.g. "
                             "postgresql+psycopg://user@host/db; repeat for several (default: sqlite and postgresql)")
    parser.add_argument("--incidents", default="10000,100000",
                        help="store sizes measured in turn, comma-separated (the store grows between them)")
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--target-ms", type=float, default=100.0)
    parser.add_argument("--serve-workers", type=int, default=1, help="warclaims serve --workers N")
    parser.add_argument("--rounds", type=int, default=3, help="fresh servers per size and side (medians)")
    parser.add_argument("--rev", default=None, help="also serve with this git revision's src/ (before a change)")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args(argv)
    check_rounds(args.rounds)
    sizes = sorted(int(x) for x in args.incidents.split(","))
    results = []
    with tempfile.TemporaryDirectory(prefix="warclaims-bench-") as tmp, contextlib.ExitStack() as stack:
        old_src = revision_src(Path(tmp), args.rev) if args.rev else None
        sides = [("current", None)] + ([(f"rev {args.rev}", old_src)] if old_src else [])
        for label, url in _stores(args.db or ["sqlite", "postgresql"], stack, Path(tmp)):
            have = 0
            for size in sizes:
                took = fill(url, size, already=have)
                print(f"[{label} {size:,}] filled {size - have:,} incidents in {took:.1f} s")
                have = size
                runs: dict[str, list[dict]] = {side: [] for side, _ in sides}
                for n in range(args.rounds):  # interleaved (in_turn)
                    for side, src in in_turn(sides, n):
                        runs[side].append(measure(url, args, f"{label} {size:,} {side} round {n + 1}", src))
                for side, rounds in runs.items():
                    results.append({"store": label, "incidents": size, "side": side, **medians(rounds, args)})
    _print_medians(results)
    _print_scaling([r for r in results if r["side"] == "current"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0 if all(r["ok"] for r in results if r["incidents"] == sizes[-1] and r["side"] == "current") else 1


def medians(rounds: list[dict], args: argparse.Namespace) -> dict[str, object]:
    """Return the medians of one side's rounds (p50, p95, p99, req/s) and each round's p95."""
    p95 = median((r["p95"] for r in rounds), 1)
    return {"rounds": len(rounds), "p50": median((r["p50"] for r in rounds), 1), "p95": p95,
            "p99": median((r["p99"] for r in rounds), 1), "req_per_s": median((r["req_per_s"] for r in rounds), 1),
            "p95_rounds": [round(r["p95"], 1) for r in rounds], "ok": p95 < args.target_ms, "per_round": rounds}


def _print_medians(results: list[dict]) -> None:
    """Print each store, size and side's medians over its rounds."""
    for r in results:
        print(f"[{r['store']} {r['incidents']:,} {r['side']}] median of {r['rounds']} rounds: p50 {r['p50']:.1f}  "
              f"p95 {r['p95']:.1f} ms (rounds {r['p95_rounds']})  {r['req_per_s']:.0f} req/s"
              + (" -> target met" if r["ok"] else " -> target NOT met") * (r["side"] == "current"))


def _print_scaling(results: list[dict]) -> None:
    """Print p95 at the largest size over p95 at the smallest, per store."""
    for store in dict.fromkeys(r["store"] for r in results):
        rows = [r for r in results if r["store"] == store]
        if len(rows) > 1:
            lo, hi = rows[0], rows[-1]
            print(f"[{store}] p95 {lo['incidents']:,} -> {hi['incidents']:,} incidents: {lo['p95']:.1f} -> "
                  f"{hi['p95']:.1f} ms ({hi['p95'] / lo['p95']:.2f}x for {hi['incidents'] / lo['incidents']:.0f}x data)")


if __name__ == "__main__":
    sys.exit(main())
