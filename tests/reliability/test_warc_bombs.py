"""Case 12: a .warc.gz decompression bomb or a never-ending header line stops with W107, in bounded memory."""

from __future__ import annotations

import gzip
import json
import resource
import subprocess
import sys

from reliability_support import REPO

# VmHWM is this process image's peak RSS; ru_maxrss would also count the forking pytest process.
READ_AND_MEASURE = """
import json, re, sys
from warclaims.ingest import read_inputs
items = [(i.code, i.message) for i in read_inputs([sys.argv[1]])]
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
print(json.dumps({"items": items, "peak_kb": peak}))
"""


def _read_in_subprocess(path) -> dict:
    """Read ``path`` in a fresh interpreter capped at 2 GB of address space; return items and peak RSS."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", READ_AND_MEASURE, str(path)], capture_output=True, text=True,
                          env=env, timeout=120, preexec_fn=cap)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_case12_nul_bomb_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "nul.warc.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for _ in range(200):
            fh.write(b"\x00" * (1024 * 1024))  # 200 MB out of about 200 KB in
    out = _read_in_subprocess(path)
    (code, message), = out["items"]
    assert code == "W107" and "header line longer than" in message
    assert out["peak_kb"] < 400_000, f"peak RSS {out['peak_kb']} KB"


def test_case12_endless_header_line_has_a_clear_reason(tmp_path):
    path = tmp_path / "line.warc.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/" + b"a" * (20 * 1024**2))
    (code, message), = _read_in_subprocess(path)["items"]
    assert code == "W107" and "header line longer than 65536 bytes" in message
    assert "AttributeError" not in message


def test_case12_huge_skipped_record_is_capped_by_bytes_out(tmp_path):
    size = 400 * 1024 * 1024
    head = (f"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()
    path = tmp_path / "big.warc.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(head)
        for _ in range(size // (1024 * 1024)):
            fh.write(b"\x00" * (1024 * 1024))
        fh.write(b"\r\n\r\n")
    out = _read_in_subprocess(path)
    (code, message), = out["items"]
    assert code == "W107" and "decompression bomb" in message
    assert out["peak_kb"] < 400_000
