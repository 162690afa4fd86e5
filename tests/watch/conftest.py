"""Fixtures of the watch tests (defined in watchdata.py with the test articles and feed helpers)."""

from __future__ import annotations

from watchdata import feeds, hook, sqlite_url

__all__ = ["feeds", "hook", "sqlite_url"]
