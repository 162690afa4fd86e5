"""Watched sources: from the command line or a ``sources.toml`` file, with intervals like ``15m``.

A sources file::

    every = "15m"                    # default interval (optional)

    [[source]]
    url = "https://example.org/syria.rss"
    outlet = "Example News"          # optional: overrides the feed's title
    every = "5m"                     # optional
    kind = "feed"                    # optional: feed, listing or dir (else detected)
    map = { headline = "title" }     # optional: column mapping of CSV/JSONL files (directories)

    [[source]]
    path = "/srv/drop"               # a local directory: new files are ingested

    [[alert]]
    match = "admin1=Idlib,killed>=10" # see warclaims.watch.alerts
    webhook = "https://hooks.example.org/warclaims"   # optional
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warclaims.errors import E, WarclaimsError

KINDS = ("feed", "listing", "dir")
DEFAULT_INTERVAL_S = 15 * 60
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


@dataclass(slots=True, kw_only=True)
class Source:
    """One watched source: a feed or listing URL, or a local directory."""

    source: str
    kind: str | None = None
    """``feed``, ``listing`` or ``dir``; None: detected (directory, else by the first response)."""
    outlet: str | None = None
    interval_s: int = DEFAULT_INTERVAL_S
    mapping: dict[str, str] | None = None


@dataclass(slots=True, kw_only=True)
class SourcesFile:
    """What a sources file holds: the sources and the alert tables (raw, parsed by alerts)."""

    sources: list[Source] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)


def parse_interval(value: str | int | float, *, option: str = "--every") -> int:
    """Return the seconds of an interval: ``90``, ``30s``, ``15m``, ``2h`` or ``1d``; W902 if invalid."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = _INTERVAL.match(str(value))
        if not match:
            reason = f"{value!r} is not an interval like 30s, 15m, 2h or 1d"
            raise WarclaimsError(E.W902, option=option, reason=reason)
        seconds = float(match.group(1)) * _UNITS[match.group(2) or "s"]
    if seconds < 1:
        raise WarclaimsError(E.W902, option=option, reason="the interval must be at least 1 second")
    return int(seconds)


def _source_of(entry: Any, number: int, path: str, default_interval: int) -> Source:
    """Return the Source of one ``[[source]]`` table; W806 naming the table when it is invalid."""
    where = f"{path} [[source]] #{number}"
    if not isinstance(entry, dict):
        raise WarclaimsError(E.W806, item=where, reason="not a table")
    unknown = set(entry) - {"url", "path", "outlet", "every", "kind", "map"}
    if unknown:
        raise WarclaimsError(E.W806, item=where, reason=f"unknown key(s) {', '.join(sorted(unknown))}")
    target = entry.get("url") or entry.get("path")
    if not isinstance(target, str) or not target.strip() or ("url" in entry and "path" in entry):
        raise WarclaimsError(E.W806, item=where, reason="give exactly one of url or path")
    kind = entry.get("kind")
    if kind is not None and kind not in KINDS:
        raise WarclaimsError(E.W806, item=where, reason=f"kind must be one of {', '.join(KINDS)}")
    mapping = entry.get("map")
    is_table = isinstance(mapping, dict) and all(isinstance(v, str) for v in mapping.values())
    if mapping is not None and not is_table:
        raise WarclaimsError(E.W806, item=where, reason="map must be a table of column = field strings")
    try:
        interval = default_interval
        if "every" in entry:
            interval = parse_interval(entry["every"], option=f"{where} every")
    except WarclaimsError as err:
        raise WarclaimsError(E.W806, item=where, reason=err.message) from None
    return Source(source=target.strip(), kind=kind, outlet=entry.get("outlet"), interval_s=interval,
                  mapping=mapping)


def load_sources_file(path: str, default_interval: int = DEFAULT_INTERVAL_S) -> SourcesFile:
    """Return the sources and alert tables of a TOML sources file; W806 naming the problem when invalid."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise WarclaimsError(E.W806, item=path, reason=f"cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WarclaimsError(E.W806, item=path, reason=str(exc)) from None
    unknown = set(data) - {"every", "source", "alert"}
    if unknown:
        raise WarclaimsError(E.W806, item=path, reason=f"unknown key(s) {', '.join(sorted(unknown))}")
    interval = parse_interval(data["every"], option=f"{path} every") if "every" in data else default_interval
    sources = [_source_of(e, n, path, interval) for n, e in enumerate(data.get("source", []), start=1)]
    alerts = data.get("alert", [])
    if not isinstance(alerts, list) or not all(isinstance(a, dict) for a in alerts):
        raise WarclaimsError(E.W806, item=path, reason="alert must be [[alert]] tables")
    return SourcesFile(sources=sources, alerts=alerts)


def sources_from_args(args: list[str], interval_s: int) -> list[Source]:
    """Return a Source per command-line argument (URL or directory), each polled every ``interval_s``."""
    return [Source(source=a, interval_s=interval_s) for a in args]
