"""warclaims.export.formats: ``export_ledgers`` picks the writer registered for a format; an unknown
format is W902, and a new format is one module whose decorated writer is picked up."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from warclaims.errors import WarclaimsError
from warclaims.export import EXPORTERS, FORMATS, export_ledgers

from .support import gold_ledgers


# --- Unknown formats.

def test_unknown_format_is_w902(tmp_path):
    with pytest.raises(WarclaimsError) as info:
        export_ledgers([], "xlsx", tmp_path / "x")
    assert info.value.code.value == "W902"


# --- A new export format is one module: its decorated writer is picked up by ``export_ledgers``.

PLUGIN = '''
"""A Markdown table of incidents: one new module, nothing else changed."""

from warclaims.export.formats import EXPORTERS
from warclaims.export.writers import csv_row


@EXPORTERS.register("markdown")
def write_markdown(ledgers, path, reference_of=None):
    rows = [csv_row(ledger) for ledger in ledgers]
    lines = ["| event_id | event_type | fatalities_best |", "|---|---|---|"]
    lines += [f"| {r['event_id']} | {r['event_type']} | {r['fatalities_best']} |" for r in rows]
    path.write_text("\\n".join(lines) + "\\n", encoding="utf-8")
    return len(rows)
'''


@pytest.fixture
def markdown_plugin(tmp_path, monkeypatch):
    (tmp_path / "wc_markdown_export.py").write_text(textwrap.dedent(PLUGIN))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "wc_markdown_export", raising=False)
    yield importlib.import_module("wc_markdown_export")
    EXPORTERS.remove("markdown")


@pytest.mark.usefixtures("markdown_plugin")
def test_a_format_registered_in_a_new_module_is_exported(tmp_path):
    ledgers = gold_ledgers()
    assert FORMATS[-1] == "markdown"  # listed once its module is imported
    path = tmp_path / "out.md"
    assert export_ledgers(ledgers, "markdown", path) == len(ledgers)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(ledgers) + 2
    assert any("| chemical_attack |" in line for line in lines)


def test_without_its_module_the_format_is_unknown(tmp_path):
    with pytest.raises(WarclaimsError) as info:
        export_ledgers(gold_ledgers(), "markdown", tmp_path / "out.md")
    assert info.value.code.value == "W902"
    assert "choose one of csv, geojson, jsonl, parquet" in str(info.value)
    assert tuple(FORMATS) == ("csv", "geojson", "jsonl", "parquet")
