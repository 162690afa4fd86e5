"""Settings resolved from arguments and environment (no import-time side effects)."""

from __future__ import annotations

import os
from pathlib import Path

from warclaims import __version__

DEFAULT_DB_FILE = "warclaims.db"
MAX_URL_BYTES = 10 * 1024 * 1024
HTTP_TIMEOUT_S = 20.0
USER_AGENT = "warclaims/{version} (+casualty-claims research; contact via project README)"


def resolve_db_url(db: str | None = None) -> str:
    """Return the SQLAlchemy URL to use: ``db``, else ``$WARCLAIMS_DB``, else ``sqlite:///warclaims.db``.

    A bare file path (no ``://``) is taken as a SQLite file.
    """
    value = db or os.environ.get("WARCLAIMS_DB") or DEFAULT_DB_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def user_agent() -> str:
    """Return the User-Agent header warclaims sends when fetching URLs."""
    return USER_AGENT.format(version=__version__)
