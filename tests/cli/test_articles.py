"""`warclaims articles`: table and JSON Lines listing with filters."""

from __future__ import annotations

import json

import pytest

from .conftest import FAKES


@pytest.fixture
def filled(run, db) -> str:
    """Return a database holding the FA-KES dev articles."""
    assert run("ingest", FAKES, "--format", "fakes", "--no-process", "--db", db).exit_code == 0
    return db


def test_json_lines_one_object_per_article(run, filled):
    result = run("articles", "--db", filled, "--limit", "0", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 604
    assert {"id", "revision", "outlet", "published", "title", "chars"} <= rows[0].keys()
    assert "text" not in rows[0]
    assert [r["revision"] for r in rows if r["id"] == "1926479112"] == [2]


def test_search_and_outlet_filters(run, filled):
    result = run("articles", "--db", filled, "--search", "Urom al-Joz", "--json", "--text")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert "1923102878" in {r["id"] for r in rows}
    assert all("urom al-joz" in (r["title"] + r["text"]).lower() for r in rows)
    sana = [
        json.loads(x)
        for x in run("articles", "--db", filled, "--outlet", "sana", "--json").stdout.splitlines()
    ]
    assert sana and {r["outlet"] for r in sana} == {"sana"}


def test_table_output_and_limit(run, filled):
    result = run("articles", "--db", filled, "--limit", "5")
    assert result.exit_code == 0
    assert "5 article(s)" in result.stdout


def test_empty_store_lists_nothing(run, db):
    result = run("articles", "--db", db, "--json")
    assert result.exit_code == 0 and result.stdout == ""
