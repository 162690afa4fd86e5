"""Fixtures of the engine tests: one local[2] Spark session for the whole run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """Yield a local[2] SparkSession shared by the Spark tests (skipped without pyspark or Java)."""
    pytest.importorskip("pyspark")
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (java not on PATH)")
    from warclaims.engines.spark import spark_session

    session = spark_session("local[2]", 2)
    yield session
    session.stop()
