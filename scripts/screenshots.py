"""Take the README's dashboard screenshots from a store (default: the `make run` store).

Usage: python scripts/screenshots.py [--db warclaims.db] [--out docs/screenshots] [--pages overview,incident,...]
Serves the dashboard on a free loopback port and drives Debian's /usr/bin/chromium
with Playwright (no browser download). Pages: overview (filters, map and chart), incident (the
most-reported incident's ledger and map), claims and outlets; a page the server does not have
(404) is skipped with a note, so the same command takes the claims page once it exists.
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


PAGES = ("overview", "incident", "claims", "outlets")
"""Every page the script can take, in the README's order."""
VIEWPORT = {"width": 1366, "height": 1000}
MAP_READY = "#map[data-basemap='loaded']"


def page_url(base: str, name: str, incident: str | None) -> str | None:
    """Return the URL of page ``name`` (None for the incident page of a store without incidents)."""
    if name == "incident":
        return f"{base}/incidents/{incident}" if incident else None
    return base + {"overview": "/", "claims": "/claims", "outlets": "/outlets"}[name]


def take(page, url: str, name: str, out: Path) -> bool:
    """Save ``out/NAME.png`` of the page at ``url`` once its map (if any) is drawn; return False
    (and save nothing) when the server has no such page."""
    response = page.goto(url, wait_until="networkidle")
    if response is None or response.status == 404:
        print(f"{name}: {url} answers 404, skipped")
        return False
    if page.locator("#map").count():
        page.wait_for_selector(MAP_READY, timeout=20_000)
        if name == "overview":
            page.wait_for_selector("#map[data-points]", timeout=20_000)
    page.wait_for_timeout(300)  # Leaflet's fade-in of the fitted view
    # the first screen of each page: filters, map and chart on the overview; ledger and map on an incident
    page.screenshot(path=str(out / f"{name}.png"))
    return True


def main() -> int:
    """Write NAME.png for each page asked for; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="warclaims.db")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
    args = parser.parse_args()
    names = [n.strip() for n in args.pages.split(",") if n.strip()]
    unknown = sorted(set(names) - set(PAGES))
    if unknown:
        parser.error(f"unknown page(s) {', '.join(unknown)}; choose from {', '.join(PAGES)}")
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
    taken = []
    try:
        wait_until_up(base + "/api/incidents?limit=1")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT, locale="en-GB")
            for name in names:
                url = page_url(base, name, incident)
                if url and take(page, url, name, out):
                    taken.append(name)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshots in {out}/: {', '.join(taken) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
