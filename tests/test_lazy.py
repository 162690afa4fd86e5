"""The lazy-import helper: a heavy optional library loads on first use, a missing one is W901."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from warclaims._lazy import attach, require
from warclaims.errors import WarclaimsError


def test_an_installed_module_is_returned():
    json_module = require("json", "web")
    assert json_module is sys.modules["json"] and json_module.dumps([1]) == "[1]"


def test_a_missing_extra_is_w901_naming_what_to_install(monkeypatch):
    for name in ("pyarrow", "pyarrow.parquet"):  # as if the parquet extra were not installed
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(WarclaimsError) as info:
        require("pyarrow.parquet", "parquet", feature="Parquet export")
    err = info.value
    assert err.code.value == "W901"
    assert "Parquet export" in err.message and "pip install 'warclaims[parquet]'" in err.message
    assert isinstance(err.__cause__, ImportError)


def test_the_parquet_export_reports_the_missing_extra(monkeypatch, tmp_path):
    """A real caller: the Parquet writer raises W901 (not an ImportError) without pyarrow."""
    from warclaims.export.writers import write_parquet

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(WarclaimsError) as info:
        write_parquet([], tmp_path / "x.parquet")
    assert info.value.code.value == "W901"


def test_attach_loads_a_public_name_from_its_submodule_on_first_use():
    # A fresh interpreter: importing warclaims.api loads no submodule (and so not the store)...
    code = ("import sys, warclaims.api as api\n"
            "print(sorted(m for m in sys.modules if m.startswith('warclaims.api.')), 'sqlalchemy' in sys.modules)\n"
            "print(api.ingest.__module__, api.extract_chunk.__module__, 'ingest' in dir(api))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second = out.stdout.strip().splitlines()
    assert first == "[] False"
    # ...and each name is the one its submodule defines.
    assert second == "warclaims.api.processing warclaims.api.extraction True"


def test_attach_refuses_a_name_no_submodule_defines():
    importlib.import_module("warclaims.api")  # attach runs inside the package's own __init__
    getattr_, dir_ = attach("warclaims.api", {"ingest": "processing"})
    assert "ingest" in dir_()
    with pytest.raises(AttributeError, match="no_such_name"):
        getattr_("no_such_name")


def test_a_missing_core_library_raises_its_import_error(monkeypatch):
    # spaCy has no extra to name: a missing one is a broken install, not a W901.
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(ImportError):
        require("spacy")


def test_the_extraction_stage_imports_without_loading_spacy_or_sklearn():
    # Loading a heavy library is left to the first call that needs it (through require).
    code = ("import sys, warclaims.extract.pipeline, warclaims.assess.score, warclaims.link.text, "
            "warclaims.store.engine\n"
            "print(sorted(m for m in ('spacy', 'sklearn', 'datasketch', 'alembic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
