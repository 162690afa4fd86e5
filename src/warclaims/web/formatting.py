"""Jinja filters that format dates, numbers and intervals for people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from warclaims.web.outlet_names import display_name

LABELS = {
    "us_led_coalition": "US-led coalition",
    "isis": "ISIS",
    "hts_nusra": "HTS / Nusra",
    "iran_hezbollah": "Iran / Hezbollah",
    "monitor_ngo": "monitor / NGO",
}


def fmt_number(value: Any) -> str:
    """Return an integer with thousands separators (``12,345``), or an en dash for None."""
    if value is None or value == "":
        return "–"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def fmt_date(value: Any) -> str:
    """Return a date as ``17 Sep 2016`` (ISO strings accepted), or an en dash for None."""
    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {value:%b %Y}"


def fmt_interval(value: Any) -> str:
    """Return a figure interval in words: ``60``, ``24–30``, ``at least 60``, ``up to 30``, or ``–``."""
    if not value:
        return "–"
    low, high = value.get("low"), value.get("high")
    if low is None and high is None:
        return "–"
    if low is None:
        return f"up to {fmt_number(high)}"
    if high is None:
        return f"at least {fmt_number(low)}"
    if low == high:
        return fmt_number(low)
    return f"{fmt_number(low)}–{fmt_number(high)}"


def fmt_label(value: Any) -> str:
    """Return a code such as ``armed_clash`` as a readable label (``armed clash``)."""
    if value is None:
        return "–"
    return LABELS.get(str(value), str(value).replace("_", " "))


def fmt_share(value: Any) -> str:
    """Return a 0–1 share as a whole percentage (``83 %``), or an en dash for None."""
    if value is None:
        return "–"
    return f"{round(float(value) * 100)} %"


def fmt_outlet(value: Any) -> str:
    """Return an outlet's display name (``ahram`` -> "Ahram Online"); unknown outlets as stored."""
    return display_name(None if value is None else str(value)) or "–"


def fmt_outlets(values: Any) -> str:
    """Return a list of outlets as their display names, each outlet once (aliases merged), comma-separated."""
    names = [fmt_outlet(v) for v in values or []]
    return ", ".join(dict.fromkeys(names))


FILTERS = {
    "outlet": fmt_outlet,
    "outlets": fmt_outlets,
    "num": fmt_number,
    "day": fmt_date,
    "interval": fmt_interval,
    "label": fmt_label,
    "share": fmt_share,
}
