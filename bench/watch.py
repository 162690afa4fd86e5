"""Benchmark of `warclaims watch`: CPU of a poll cycle over unchanged feeds, alert latency, memory over many cycles.

The feeds are files served by Python's ``http.server`` in a child process (so its CPU is not
counted here), which answers ``If-Modified-Since`` with 304 as any static server does. Each
feed holds three real Idlib reports (the same three in every feed, so the first cycle stores
three articles and counts the rest as duplicates).

1. **Unchanged cycle CPU**: after the first cycle, ``--cycles`` cycles over the ``--feeds``
   unchanged feeds; CPU seconds of this process per cycle (median and max). Target < 2 s.
2. **Alert latency**: one feed gains a report revising the toll; seconds from the end of that
   feed's fetch (the "N new item(s)" line) to the alert written on stdout (extraction, linking,
   assessment and the diff in between). Target < 5 s.
3. **Memory**: resident memory after cycle 10 and after the last unchanged cycle. Flat means
   the difference stays within noise (a few MB).

Usage::

    .venv/bin/python bench/watch.py                       # 50 feeds, 1000 unchanged cycles
    .venv/bin/python bench/watch.py --feeds 50 --cycles 200 --json out.json
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "watch"))

from watchdata import ARTICLE_A, ARTICLE_B, ARTICLE_C, rss  # noqa: E402  (the test articles: real text)


def rss_mb() -> float:
    """Return this process's resident memory now, in MB (from /proc/self/statm)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(directory: Path) -> tuple[subprocess.Popen, str]:
    """Start ``python -m http.server`` on ``directory``; return the process and its base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port}"


class TimedSink:
    """A stdout sink that notes when each alert was written."""

    def __init__(self) -> None:
        from warclaims.watch.alerts import StdoutSink

        self.inner = StdoutSink(io.StringIO())
        self.times: list[float] = []

    def send(self, rule, event) -> None:
        self.inner.send(rule, event)
        self.times.append(time.perf_counter())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--cycles", type=int, default=1000, help="unchanged cycles to run")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    from warclaims.store.engine import open_store
    from warclaims.watch.alerts import Alerter, parse_rule
    from warclaims.watch.loop import Watcher
    from warclaims.watch.sources import Source

    work = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    feeds = work / "feeds"
    feeds.mkdir()
    for n in range(args.feeds):
        (feeds / f"f{n}.xml").write_bytes(rss(f"Outlet {n}", [ARTICLE_A, ARTICLE_C]))
    server, base = serve(feeds)
    lines: list[tuple[float, str]] = []
    sink = TimedSink()
    engine = open_store(f"sqlite:///{work / 'w.db'}")
    sources = [Source(source=f"{base}/f{n}.xml", interval_s=60) for n in range(args.feeds)]
    watcher = Watcher(engine, sources, alerter=Alerter(rules=[parse_rule("kind=toll_revised")], stdout=sink),
                      say=lambda line: lines.append((time.perf_counter(), line)))
    try:
        watcher.recover()
        t0 = time.perf_counter()
        first = watcher.cycle(force=True)
        first_s = time.perf_counter() - t0
        time.sleep(1.1)  # Last-Modified has one-second resolution: later polls must be 304s

        cpu: list[float] = []
        memory = {}
        for n in range(1, args.cycles + 1):
            c0 = time.process_time()
            report = watcher.cycle(force=True)
            cpu.append(time.process_time() - c0)
            assert report.not_modified == args.feeds and report.new_items == 0, report.line()
            if n in (10, args.cycles):
                memory[n] = round(rss_mb(), 1)

        # One feed gains a later report revising the toll.
        (feeds / "f0.xml").write_bytes(rss("Outlet 0", [ARTICLE_A, ARTICLE_C, ARTICLE_B]))
        os.utime(feeds / "f0.xml", (time.time() + 5, time.time() + 5))
        lines.clear()
        report = watcher.cycle(force=True)
        fetched = next(t for t, line in lines if "1 new item(s)" in line)
        latency = sink.times[-1] - fetched if sink.times else None
    finally:
        watcher.close()
        engine.dispose()
        server.terminate()
        server.wait()

    figures = {
        "feeds": args.feeds,
        "first_cycle_s": round(first_s, 2),
        "first_cycle": first.line(),
        "unchanged_cycles": args.cycles,
        "unchanged_cycle_cpu_s_median": round(statistics.median(cpu), 4),
        "unchanged_cycle_cpu_s_max": round(max(cpu), 4),
        "alert_latency_s": round(latency, 2) if latency is not None else None,
        "alert_cycle": report.line(),
        "rss_mb_after_cycle_10": memory.get(10),
        f"rss_mb_after_cycle_{args.cycles}": memory.get(args.cycles),
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
