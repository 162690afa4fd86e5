"""A throw-away Spark standalone cluster on loopback: one master and one worker, pyspark's own JVMs.

:func:`start_cluster` runs ``bin/spark-class`` of the installed pyspark package (the same
launcher ``sbin/start-master.sh`` and ``start-worker.sh`` use in a full Spark distribution;
the pip package ships ``spark-class`` but not those wrappers) in the foreground as two child
processes, each in its own process group, so :meth:`SparkCluster.stop` can end them and their
children by id even when a test fails. Both bind to 127.0.0.1 only, on free ports; the worker's
scratch and log files live in a temp dir that is removed on stop.

Used by ``tests/engines/test_spark_cluster.py`` and ``bench/engines.py`` (``cluster2`` run).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 20


class ClusterUnavailable(RuntimeError):
    """Raised when the standalone master or worker cannot be started here (no Java, no pyspark)."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spark_home() -> Path:
    """Return the installed pyspark package folder (it holds ``bin/spark-class`` and ``jars/``)."""
    try:
        import pyspark
    except ImportError as exc:
        raise ClusterUnavailable("pyspark is not installed (the `spark` extra)") from exc
    home = Path(pyspark.__file__).resolve().parent
    if not os.access(home / "bin" / "spark-class", os.X_OK):
        raise ClusterUnavailable(f"{home}/bin/spark-class not found or not executable")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise ClusterUnavailable("Spark needs Java (java not on PATH)")
    return home


@dataclass(slots=True, kw_only=True)
class SparkCluster:
    """A running standalone master and worker: the master URL and how to stop them."""

    master_url: str
    cores: int
    root: Path
    procs: list[subprocess.Popen] = field(default_factory=list)

    def log_tail(self, chars: int = 3000) -> str:
        """Return the end of the master's and worker's logs (for a failure message)."""
        out = []
        for name in ("master.log", "worker.log"):
            path = self.root / name
            if path.exists():
                out.append(f"--- {name}\n{path.read_text(errors='replace')[-chars:]}")
        return "\n".join(out)

    def stop(self) -> None:
        """Stop the worker, then the master (SIGTERM, then SIGKILL), and delete the temp dir."""
        for proc in reversed(self.procs):
            _stop_group(proc)
        self.procs.clear()
        shutil.rmtree(self.root, ignore_errors=True)


def _stop_group(proc: subprocess.Popen) -> None:
    """End ``proc``'s process group (it was started as its leader): TERM, wait, then KILL."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT_S)
    except ProcessLookupError:
        pass


def _launch(home: Path, args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    """Start ``spark-class ARGS`` in a new process group, output to ``log``."""
    with log.open("wb") as fh:
        return subprocess.Popen([str(home / "bin" / "spark-class"), *args], stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, cwd=log.parent, start_new_session=True)


def _wait_for(cluster: SparkCluster, log: Path, marker: str, proc: subprocess.Popen) -> None:
    """Wait until ``marker`` appears in ``log``; raise ClusterUnavailable on exit or timeout."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if marker in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            raise ClusterUnavailable(f"{log.stem} exited with {proc.returncode}\n{cluster.log_tail()}")
        time.sleep(0.25)
    raise ClusterUnavailable(f"{log.stem} did not start in {START_TIMEOUT_S} s\n{cluster.log_tail()}")


def start_cluster(cores: int = 2, memory: str = "2g") -> SparkCluster:
    """Start a standalone master and one worker (``cores`` cores) on 127.0.0.1; return the cluster.

    The caller must call ``stop()`` (a ``try/finally`` or a fixture's teardown).
    """
    home = spark_home()
    root = Path(tempfile.mkdtemp(prefix="warclaims-spark-"))
    port = free_port()
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1",
           "SPARK_MASTER_HOST": "127.0.0.1", "SPARK_LOG_DIR": str(root), "SPARK_WORKER_DIR": str(root / "work"),
           "SPARK_NO_DAEMONIZE": "1"}
    cluster = SparkCluster(master_url=f"spark://127.0.0.1:{port}", cores=cores, root=root)
    try:
        master = _launch(home, ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                                "--webui-port", str(free_port())], root / "master.log", env)
        cluster.procs.append(master)
        _wait_for(cluster, root / "master.log", "I have been elected leader", master)
        worker = _launch(home, ["org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", str(cores),
                                "--memory", memory, "--webui-port", str(free_port()), "--work-dir", str(root / "work"),
                                cluster.master_url], root / "worker.log", env)
        cluster.procs.append(worker)
        _wait_for(cluster, root / "worker.log", "Successfully registered with master", worker)
    except BaseException:
        cluster.stop()
        raise
    return cluster
