"""The store's clock: the one time source of its timestamps (the ground floor of the store
package, imported by its modules without importing one another)."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """Return the current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)
