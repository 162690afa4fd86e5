"""Case 15 (serve): a busy port is reported before any URL is printed, naming --port."""

from __future__ import annotations

import socket

from reliability_support import run_cli


def test_case15_serve_on_a_busy_port_says_use_port_and_prints_no_url(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--db", str(tmp_path / "w.db"), timeout=60)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "W902" in out and "--port" in out and str(port) in out
    assert "http://" not in out, "the dashboard URL was printed although the server cannot start"
    assert "Traceback" not in out
