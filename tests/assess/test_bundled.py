"""The bundled UCDP GED Syria set: packaged with its licence, loaded on first use (no import step),
used by `warclaims assess` on a fresh store (`reference list` shows it: tests/cli/test_reference.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from warclaims.assess.bundled import BUNDLED_FILE, DATA_DIR, bundled_index, bundled_info
from warclaims.cli.app import build_app
from warclaims.store import add_articles, open_store, save_extraction


def test_bundled_file_ships_with_its_licence_and_citation():
    assert BUNDLED_FILE.is_file() and BUNDLED_FILE.suffix == ".gz"
    readme = (DATA_DIR / "README.md").read_text("utf-8")
    assert "CC BY 4.0" in readme and "Sundberg" in readme and "Uppsala Conflict Data Program" in readme
    assert (DATA_DIR / "LICENCE.md").read_text("utf-8").count("Creative Commons Attribution 4.0") >= 1


def test_bundled_set_loads_in_a_fresh_process_under_ten_seconds():
    code = ("import time; t = time.perf_counter(); from warclaims.assess.bundled import bundled_index; "
            "n = len(bundled_index()); print(n, time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) == 16566
    assert float(out[1]) < 10.0


def test_bundled_info_describes_the_set():
    info = bundled_info()
    assert info.records == len(bundled_index()) == 16566
    assert (info.period_start.isoformat(), info.period_end.year) == ("2016-01-01", 2019)
    assert info.licence == "CC BY 4.0" and info.bundled and len(info.content_hash) == 64


def test_fresh_store_assesses_the_seed_against_the_bundled_set(tmp_path, example_article, example_extraction):
    # The gold file has no coordinates; the extractor places the airport from the gazetteer, a point.
    inc = example_extraction.incidents[0]
    inc.latitude, inc.longitude, inc.geo_precision = 35.2854, 40.1759, "point"
    db = f"sqlite:///{tmp_path / 'w.db'}"
    eng = open_store(db)
    add_articles(eng, [example_article])
    save_extraction(eng, example_extraction)
    eng.dispose()
    result = CliRunner().invoke(build_app(), ["assess", example_article.id, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip())
    signals = {s["name"]: s for s in out["signals"]}
    assert signals["ref_matched"]["value"] >= 1
    assert signals["ref_outside"]["value"] == 0.0
    cited = signals["ref_outside"]["evidence"]
    assert cited.startswith("UCDP GED 227936 records 90 deaths at Jabal Thurdah on 2016-09-17")
    assert cited.endswith("this article's 'at least 60' is consistent")
    assert any(r["signal"] == "ref_outside" and r["text"] == cited for r in out["reasons"])


def test_concurrent_first_callers_read_the_bundled_file_once(monkeypatch):
    # A server's first requests and its warm-up thread ask for the records at the same moment:
    # one read, the others wait for it, and all get the same index.
    import threading

    from warclaims.assess import bundled

    reads = []
    real = bundled.read_reference

    def counted(*args, **kwargs):
        reads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(bundled, "read_reference", counted)
    bundled._read_bundled_index.cache_clear()
    start = threading.Barrier(4)
    got = []

    def first_call():
        start.wait()
        got.append(bundled_index())

    threads = [threading.Thread(target=first_call) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(reads) == 1
    assert len(got) == 4 and all(index is got[0] for index in got) and len(got[0]) == 16566
