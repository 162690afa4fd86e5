"""The batch run both engines implement: ingest -> extract -> link -> reconcile -> Parquet.

:func:`run_batch` picks the engine by name from :data:`~warclaims.engines.base.ENGINES`; each
engine registers itself by decorator in its module (imported below) and returns a
:class:`BatchReport` (:mod:`warclaims.engines.report`, which the engines import instead of
this module). A new engine is one module with an ``@ENGINES.register(name)`` run function,
imported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from warclaims.api.batch import FORMATS
from warclaims.engines import local, spark  # noqa: F401  # register the built-in engines
from warclaims.engines.base import ENGINE_READERS, ENGINES as _ENGINES
from warclaims.engines.report import BatchReport, StageTimer
from warclaims.errors import E, WarclaimsError
from warclaims.registry import Names

__all__ = ["ENGINES", "EXTRA_FORMATS", "BatchReport", "StageTimer", "check_format", "run_batch"]

ENGINES: Names = _ENGINES.view()
"""The engine names ``run_batch`` accepts (a live view of the registry: local, spark)."""
EXTRA_FORMATS: Names = ENGINE_READERS.view()
"""Formats the engines read besides :data:`warclaims.ingest.FORMATS`."""


def check_format(fmt: str | None) -> None:
    """Raise W902 when ``fmt`` is neither None nor a known input format."""
    if fmt is not None and fmt not in FORMATS and fmt not in EXTRA_FORMATS:
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
    run = _ENGINES.get(engine)
    return run(inputs, out_dir, fmt=fmt, workers=workers, master=master, mapping=mapping)
