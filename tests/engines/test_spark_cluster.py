"""`warclaims batch --engine spark` on a real Spark standalone cluster gives the local engine's rows.

A master and one 2-core worker are started on 127.0.0.1 with pyspark's own launcher
(``spark_cluster.py``); the CLI runs as a subprocess with ``--master spark://127.0.0.1:PORT``,
so the driver, the executor JVM the worker launches and its Python workers are separate
processes talking over loopback, as on a cluster. The master and worker (and the executor under
the worker) are stopped by process group in the fixture's teardown, also when a test fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engines_corpus import normalised, write_corpus
from spark_cluster import ClusterUnavailable, SparkCluster, start_cluster

pytestmark = [pytest.mark.spark, pytest.mark.slow]

COMPARED = ("articles", "incidents", "claims", "links", "ledger", "errors")
BATCH_TIMEOUT_S = 420


@pytest.fixture(scope="module")
def cluster() -> Iterator[SparkCluster]:
    """Yield a running standalone master + worker on loopback; stop both afterwards."""
    pytest.importorskip("pyspark")
    try:
        running = start_cluster(cores=2)
    except ClusterUnavailable as exc:
        pytest.skip(f"no Spark standalone cluster here: {exc}")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, cluster: SparkCluster) -> dict[str, Path]:
    """Run the CLI on the cluster and the local engine on the same corpus; return both output folders."""
    from warclaims.engines.local import run_local

    tmp = tmp_path_factory.mktemp("cluster")
    inputs = [str(write_corpus(tmp))]  # CSV, JSON Lines (one bad line) and Parquet: small, every reader
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("PYSPARK_PYTHON", None)  # executors run this interpreter (the CLI sets it when unset)
    cmd = [sys.executable, "-m", "warclaims", "batch", *inputs, "-o", str(tmp / "cluster"), "--engine", "spark",
           "--master", cluster.master_url, "--workers", str(cluster.cores)]
    log = tmp / "batch.log"  # a file, not a pipe: nothing blocks while the local engine runs
    with log.open("w") as out, subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env) as proc:
        try:
            run_local(inputs, tmp / "local", workers=1)  # meanwhile: Spark spends much of its time waiting
            proc.wait(timeout=BATCH_TIMEOUT_S)
        finally:
            if proc.poll() is None:
                proc.kill()  # the driver; its executor is the worker's child, stopped with the cluster
    output = log.read_text(errors="replace")
    # Exit 1 only means some input item failed (the corpus has a bad JSON line on purpose).
    assert proc.returncode in (0, 1), f"{output[-4000:]}\n{cluster.log_tail()}"
    assert "spark:" in output
    return {"local": tmp / "local", "cluster": tmp / "cluster"}


def test_the_application_ran_on_the_standalone_worker(outputs: dict, cluster: SparkCluster) -> None:
    # The worker launched an executor for the CLI's application (its work dir holds app-*/N/).
    apps = list((cluster.root / "work").glob("app-*/*/stderr"))
    assert apps, cluster.log_tail()


@pytest.mark.parametrize("dataset", COMPARED)
def test_cluster_writes_the_local_engines_rows(outputs: dict, dataset: str) -> None:
    local, cluster = normalised(outputs["local"], dataset), normalised(outputs["cluster"], dataset)
    assert local, f"no {dataset} rows"  # the corpus exercises every dataset (errors: a bad JSON line)
    assert cluster == local
