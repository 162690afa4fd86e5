"""A throw-away PostgreSQL server for tests: initdb into a temp dir, listen on 127.0.0.1.

:func:`start_server` runs Debian's PostgreSQL binaries (``/usr/lib/postgresql/N/bin`` or
``initdb`` on PATH; ``scripts/setup_postgres.sh`` installs them). PostgreSQL refuses to run
as root, so under root the data directory is owned by, and the server runs as, the
``postgres`` unix user the Debian package creates. The server listens on a free TCP port on
127.0.0.1 only, with its unix socket in the temp dir; durability is switched off (tests do
not need crash safety) so it starts in about a second.

Set ``WARCLAIMS_TEST_PG_URL`` (an admin ``postgresql+psycopg://`` URL) to use an existing
server instead, e.g. a CI service container.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ENV_URL = "WARCLAIMS_TEST_PG_URL"
SUPERUSER = "warclaims"
_SERVER_OPTS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=60 -c shared_buffers=32MB -c log_min_messages=warning"
)


class PgUnavailable(RuntimeError):
    """Raised when no PostgreSQL server can be started here (binaries or user missing)."""


@dataclass(slots=True, kw_only=True)
class PgServer:
    """A running PostgreSQL server: its admin URL and, when we started it, how to stop it."""

    host: str
    port: int
    user: str
    password: str = ""
    admin_db: str = "postgres"
    data_dir: Path | None = None
    bin_dir: Path | None = None
    run_as: str | None = None
    owned_dirs: list[Path] = field(default_factory=list)

    def url(self, database: str | None = None) -> str:
        """Return the SQLAlchemy URL ``postgresql+psycopg://...`` of ``database`` (default: admin db)."""
        auth = f"{self.user}:{self.password}@" if self.password else f"{self.user}@"
        return f"postgresql+psycopg://{auth}{self.host}:{self.port}/{database or self.admin_db}"

    def create_database(self, name: str | None = None) -> str:
        """Create a fresh, empty database; return its SQLAlchemy URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self._dsn(self.admin_db), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` (closing its open connections first)."""
        import psycopg

        with psycopg.connect(self._dsn(self.admin_db), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _dsn(self, database: str) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={database}" + (
            f" password={self.password}" if self.password else ""
        )

    def stop(self) -> None:
        """Stop the server when this process started it and delete its directories."""
        if self.data_dir is not None and self.bin_dir is not None:
            _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
                 self.run_as, check=False)
        for path in self.owned_dirs:
            shutil.rmtree(path, ignore_errors=True)


def find_bin_dir() -> Path:
    """Return the directory holding ``initdb`` and ``pg_ctl`` (newest Debian version first)."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if os.access(os.path.join(candidate, "initdb"), os.X_OK):
            return Path(candidate)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    raise PgUnavailable("PostgreSQL server binaries not found; run scripts/setup_postgres.sh")


def _version_key(path: str) -> float:
    try:
        return float(Path(path).parent.name)
    except ValueError:
        return 0.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_user() -> str | None:
    """Return the unix user to run the server as: ``postgres`` under root, else None (ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PgUnavailable("running as root and no 'postgres' unix user to run the server") from exc
    return "postgres"


def _run(cmd: list[str], run_as: str | None, *, check: bool = True) -> subprocess.CompletedProcess:
    kwargs = {"user": run_as, "group": pwd.getpwnam(run_as).pw_gid} if run_as else {}
    return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120, cwd="/", **kwargs)


def start_server() -> PgServer:
    """Start a fresh PostgreSQL server in a temp dir on 127.0.0.1; return it (call ``stop()``)."""
    if os.environ.get(ENV_URL):
        return _external(os.environ[ENV_URL])
    bin_dir = find_bin_dir()
    run_as = _server_user()
    root = Path(tempfile.mkdtemp(prefix="warclaims-pg-"))
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    server = PgServer(host="127.0.0.1", port=free_port(), user=SUPERUSER, data_dir=root / "data",
                      bin_dir=bin_dir, run_as=run_as, owned_dirs=[root])
    try:
        _initdb(server)
        _pg_ctl_start(server, root)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        log = root / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        server.owned_dirs = [root]
        shutil.rmtree(root, ignore_errors=True)
        stderr = getattr(exc, "stderr", "") or ""
        raise PgUnavailable(f"cannot start PostgreSQL: {stderr.strip()} {detail}") from exc
    return server


def _initdb(server: PgServer) -> None:
    _run([str(server.bin_dir / "initdb"), "-D", str(server.data_dir), "-U", SUPERUSER, "--auth=trust",
          "--encoding=UTF8", "--locale=C", "--no-sync"], server.run_as)


def _pg_ctl_start(server: PgServer, root: Path) -> None:
    opts = f"-h 127.0.0.1 -p {server.port} -k {root} {_SERVER_OPTS}"
    _run([str(server.bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-o", opts,
          "-l", str(root / "server.log"), "-w", "-t", "60", "start"], server.run_as)


def _external(url: str) -> PgServer:
    """Return a PgServer for an existing server given by an admin SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return PgServer(host=parsed.host or "127.0.0.1", port=parsed.port or 5432, user=parsed.username or "postgres",
                    password=parsed.password or "", admin_db=parsed.database or "postgres")
