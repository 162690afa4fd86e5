"""What a batch run reports: the ground floor of the engines (:mod:`warclaims.engines.batch`
picks an engine; :mod:`~warclaims.engines.local` and :mod:`~warclaims.engines.spark` fill a
:class:`BatchReport` and import it from here, not from the module that imports them)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(slots=True, kw_only=True)
class BatchReport:
    """What a batch run read and wrote, and how long each stage took."""

    engine: str
    out_dir: str
    workers: int = 1
    articles: int = 0
    """Articles processed (after de-duplication by content hash)."""
    duplicates: int = 0
    failures: int = 0
    incidents: int = 0
    claims: int = 0
    links: int = 0
    linked_incidents: int = 0
    link_tasks: int = 0
    """Link tasks run: one per region, or per time bucket of a big region."""
    relinked_regions: list[str] = field(default_factory=list)
    """Regions whose time buckets did not chain, linked whole instead (same incidents, slower)."""
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def articles_per_second(self) -> float:
        """Return articles processed per second of wall time (0.0 for an empty run)."""
        return self.articles / self.seconds if self.seconds > 0 else 0.0


class StageTimer:
    """Accumulates wall-clock seconds per stage into a report's ``stage_seconds``."""

    def __init__(self, report: BatchReport) -> None:
        self.report = report
        self.started = time.perf_counter()
        self._last = self.started

    def lap(self, stage: str) -> None:
        """Record the time since the previous lap under ``stage``; returns None."""
        now = time.perf_counter()
        self.report.stage_seconds[stage] = round(now - self._last, 3)
        self._last = now

    def finish(self) -> None:
        """Set the report's total seconds; returns None."""
        self.report.seconds = round(time.perf_counter() - self.started, 3)
