"""The batch run both engines implement: ingest -> extract -> link -> reconcile -> Parquet.

:func:`run_batch` picks the engine; each engine returns a :class:`BatchReport`
(:mod:`warclaims.engines.report`, which the engines import instead of this module).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from warclaims.engines.report import BatchReport, StageTimer
from warclaims.errors import E, WarclaimsError

__all__ = ["ENGINES", "EXTRA_FORMATS", "BatchReport", "StageTimer", "check_format", "run_batch"]

ENGINES = ("local", "spark")
EXTRA_FORMATS = ("parquet",)
"""Formats the engines read besides :data:`warclaims.ingest.FORMATS`."""


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
