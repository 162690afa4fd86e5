"""Take the README's dashboard screenshots from a store (default: the `make run` store).

Usage: python scripts/screenshots.py [--db warclaims.db] [--out docs/screenshots]
Serves the dashboard on a free loopback port and drives Debian's /usr/bin/chromium
with Playwright (no browser download).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30.0) -> None:
    """Return once ``url`` answers; raise RuntimeError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def main() -> int:
    """Write overview.png, incident.png, claims.png and outlets.png; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="warclaims.db")
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from warclaims.store import open_store
    from warclaims.store.ledger import most_reported_incident

    engine = open_store(args.db)
    incident = most_reported_incident(engine)
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "warclaims", "serve", "--db", args.db, "--port", str(port), "--log-level", "warning"]
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        wait_until_up(base + "/api/incidents?limit=1")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(base + "/", wait_until="networkidle")
            page.screenshot(path=str(out / "overview.png"), full_page=True)
            if incident:
                page.goto(f"{base}/incidents/{incident}", wait_until="networkidle")
                page.screenshot(path=str(out / "incident.png"))  # the ledger, not every article
            for name in ("claims", "outlets"):
                page.goto(f"{base}/{name}", wait_until="networkidle")
                page.screenshot(path=str(out / f"{name}.png"))  # the first screen of the table
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshots in {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
