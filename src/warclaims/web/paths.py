"""Where the dashboard's files are: its templates and static assets (the ground floor of the web
package, so the pages need not import the app that imports them)."""

from __future__ import annotations

from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
