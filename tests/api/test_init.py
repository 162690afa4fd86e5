"""The facade ``warclaims.api``: every public name is the function of its use-case module."""

from __future__ import annotations

from warclaims import api


def test_every_public_name_resolves_to_its_use_case_module():
    # warclaims.api.NAME (what the docs, tests and engines call) keeps working for every name.
    import importlib

    for name in api.__all__:
        submodule = importlib.import_module(f"warclaims.api.{api._SUBMODULE_OF[name]}")
        assert getattr(api, name) is getattr(submodule, name), name
    assert api.ingest.__module__ == "warclaims.api.processing"
    assert api.incident_page.__module__ == "warclaims.api.queries"
