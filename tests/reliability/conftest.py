"""Fixtures of the reliability suite (helpers live in reliability_support.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """Return the URL of a fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'warclaims.db'}"
