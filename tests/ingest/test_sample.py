"""The committed sample corpus is what scripts/make_sample.py builds, byte for byte."""

from __future__ import annotations

import collections
import csv
import importlib.util

from .support import ROOT, SAMPLE


def _make_sample():
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "scripts" / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_sample_reproduces_committed_files(tmp_path):
    counts = _make_sample().build(tmp_path)
    assert counts == {"csv": 37, "html": 8, "warc": 4, "feed": 3}
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(
        p.relative_to(SAMPLE) for p in SAMPLE.rglob("*") if p.is_file() and p.name != "README.md"
    )
    assert built == committed
    for rel in built:
        assert (tmp_path / rel).read_bytes() == (SAMPLE / rel).read_bytes(), rel


def test_sample_has_every_linked_gold_group():
    module = _make_sample()
    gold = module.load_gold()
    groups = collections.Counter(r.get("incident_group") for r in gold if r.get("incident_group"))
    linked = {r["id"] for r in gold if groups[r.get("incident_group")] > 1}
    sample_ids = {row["unit_id"] for row in _csv_rows()}
    assert linked <= sample_ids
    assert len(linked) == 21 and len(sample_ids) == 37


def _csv_rows():
    with (SAMPLE / "fakes-sample.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_sample_readme_attributes_fakes():
    text = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "Abu Salem" in text and "ICWSM 2019" in text and "CC BY 4.0" in text
