"""The batch run both engines implement: ingest -> extract -> link -> reconcile -> Parquet.

:func:`run_batch` picks the engine; each engine returns a :class:`BatchReport`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warclaims.errors import E, WarclaimsError

ENGINES = ("local", "spark")
EXTRA_FORMATS = ("parquet",)
"""Formats the engines read besides :data:`warclaims.ingest.FORMATS`."""


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


def check_format(fmt: str | None) -> None:
    """Raise W902 when ``fmt`` is neither None nor a known input format."""
    from warclaims.ingest import FORMATS

    if fmt is not None and fmt not in FORMATS + EXTRA_FORMATS:
        choices = ", ".join(FORMATS + EXTRA_FORMATS)
        raise WarclaimsError(E.W902, option="--format", reason=f"unknown format {fmt!r}; choose one of {choices}")


def run_batch(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    engine: str = "local",
    fmt: str | None = None,
    workers: int | None = None,
    master: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> BatchReport:
    """Run the whole pipeline on ``inputs`` with ``engine``; return the BatchReport.

    Writes the Parquet datasets of :mod:`warclaims.engines.layout` under ``out_dir``.
    Raises W902 for an unknown engine or format, W901 when Spark is asked for and pyspark
    is not installed, W701 when the engine itself fails.
    """
    check_format(fmt)
    if engine == "local":
        from warclaims.engines.local import run_local
        from warclaims.engines.readers import is_hadoop_uri

        if is_hadoop_uri(str(out_dir)):
            raise WarclaimsError(E.W902, option="--out", reason="a Hadoop path needs --engine spark")

        return run_local(inputs, out_dir, fmt=fmt, workers=workers or 1, mapping=mapping)
    if engine == "spark":
        from warclaims.engines.spark import run_spark

        return run_spark(inputs, out_dir, fmt=fmt, workers=workers, master=master, mapping=mapping)
    raise WarclaimsError(E.W902, option="--engine", reason=f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
