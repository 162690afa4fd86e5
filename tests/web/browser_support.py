"""Fixtures and helpers of the browser tests (test_browser*.py): a real uvicorn server on 127.0.0.1,
headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), a watch on what a page does
that it must not, and screenshots (artifacts/screenshots/, and docs/screenshots/ for the README).

The fixtures are imported by name into the test modules that use them (their ``app`` differs).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import serve_app
from .webdata import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
DOCS_SHOTS = ROOT / "docs" / "screenshots"
UPDATE_DOCS_ENV = "WARCLAIMS_UPDATE_SCREENSHOTS"


@pytest.fixture(scope="module")
def server(app) -> Iterator[str]:
    """Yield the base URL of a uvicorn server running the app on 127.0.0.1 (stopped afterwards)."""
    with serve_app(app, lifespan="off") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Yield a headless Chromium browser (skipped when Chromium or Playwright is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it must not: dialogs, page errors, requests off the loopback server."""

    def __init__(self, page, base: str) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.external: list[str] = []
        self.missing: list[str] = []
        page.on("dialog", self._dialog)
        page.on("response", lambda r: self.missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.route("**/*", lambda route: self._route(route, base))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route, base: str) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith("data:"):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def assert_clean(self) -> None:
        """Assert no dialog, no script error, no console error, no request outside the server and
        no 4xx/5xx response (the favicon included)."""
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors
        assert [c for c in self.console if c.startswith("error")] == [], self.console
        assert self.external == [], self.external
        assert self.missing == [], self.missing


def shot(pg, name: str, *, docs: bool = False) -> Path:
    """Save a full-page screenshot under artifacts/screenshots (and docs/screenshots); return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    target = DOCS_SHOTS / f"{name}.png"
    # Tracked README images: refreshed on request only, so a test run leaves the work tree clean.
    if docs and (os.environ.get(UPDATE_DOCS_ENV) or not target.exists()):
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return path


def wait_overview(pg) -> None:
    """Wait until the overview's map (basemap and points) and timeline have been drawn; returns None."""
    pg.wait_for_selector("#map[data-basemap='loaded'][data-points]", timeout=20_000)
    pg.wait_for_selector("#timeline[data-days]", timeout=20_000)

