"""Helpers of the reliability suite: the app served by uvicorn on a loopback port (in a thread), the CLI in a subprocess."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from warclaims.models import Article, ArticleExtraction

TOKEN = "reliability-token-0123456789"


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty_extractor(article: Article) -> ArticleExtraction:
    """Return an extraction with no incident (these tests are about the web's guards, not extraction)."""
    return ArticleExtraction(article_id=article.id, extractor_version="reliability-empty")


@contextlib.contextmanager
def live_server(**config_fields) -> Iterator[str]:
    """Serve an app built from ``WebConfig(**config_fields)`` on loopback with uvicorn; yield its base URL."""
    pytest.importorskip("uvicorn")
    import uvicorn

    from warclaims.web.app import WebConfig, create_app

    config_fields.setdefault("extractor", empty_extractor)
    app = create_app(config=WebConfig(**config_fields))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str, timeout: float = 300, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m warclaims ARGS`` in a subprocess with this worktree's sources; return the result."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    full_env.pop("WARCLAIMS_DB", None)
    return subprocess.run([sys.executable, "-m", "warclaims", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout)
