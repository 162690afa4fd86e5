"""Typed records of the assess stage: signals with their evidence, reasons, and the verdict.

A :class:`Signal` is one measured fact about an article (``value``) with the words that
show where it comes from (``evidence``). The model turns signals into a score; the
:class:`Reason` list says, in plain words, which signals moved the score most.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

LABELS = ("credible", "doubtful", "unverifiable")
"""``credible`` (score >= threshold), ``doubtful`` (below), ``unverifiable`` (no figure to check)."""


@dataclass(slots=True, kw_only=True)
class Signal:
    """One measured property of an article, kept with the evidence it was measured from."""

    name: str
    value: float | None
    """Numeric value fed to the model; None when it cannot be measured (no peers, no figure)."""
    group: str
    """``ledger``, ``reference``, ``sourcing`` or ``text``."""
    evidence: str = ""
    """Plain words saying what was seen, e.g. "toll 48; other claimants give 12-15"."""


@dataclass(slots=True, kw_only=True)
class Reason:
    """A plain-words reason and how much it moved the score (log-odds, + towards credible)."""

    text: str
    effect: float
    signal: str = ""


@dataclass(slots=True, kw_only=True)
class Credibility:
    """The credibility verdict on one article: score in [0, 1], label and reasons."""

    article_id: str
    score: float
    label: str
    reasons: list[Reason] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    model_version: str = ""
    assessed_at: dt.datetime | None = None


@dataclass(slots=True, kw_only=True)
class ReferenceRecord:
    """One casualty record of a reference dataset (UCDP GED, ACLED, or a mapped CSV)."""

    dataset: str
    record_id: str
    date: dt.date
    date_end: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    event_type: str | None = None
    deaths_best: int | None = None
    deaths_low: int | None = None
    deaths_high: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    source_ref: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
