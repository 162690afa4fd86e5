"""Helpers shared by the link tests."""

from __future__ import annotations

from warclaims.link import Report


def by_id(reports: list[Report], article_id: str) -> Report:
    """Return the report of ``article_id``."""
    return next(r for r in reports if r.article_id == article_id)
