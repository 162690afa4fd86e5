"""The ledger commands end to end: relink, incidents, incident, export, eval links."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from warclaims.cli.app import build_app

from .store_support import fill, gold_articles_and_extractions
from .support import GOLD


@pytest.fixture
def db(tmp_path):
    from warclaims.store import open_store

    path = str(tmp_path / "w.db")
    engine = open_store(path)
    fill(engine, gold_articles_and_extractions())
    engine.dispose()
    return path


def run(*args: str):
    result = CliRunner().invoke(build_app(), list(args))
    return result


def test_relink_then_list_and_show(db):
    out = run("relink", "--db", db, "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["reports"] == 58
    out = run("incidents", "--db", db, "--admin1", "Idlib", "--type", "chemical_attack", "--json")
    assert out.exit_code == 0, out.output
    (row,) = [json.loads(line) for line in out.output.splitlines()]
    assert row["n_reports"] == 7 and row["contested"] is True
    shown = run("incident", row["id"], "--db", db)
    assert shown.exit_code == 0, shown.output
    assert "Claims" in shown.output and "Contradictions" in shown.output and "figures" in shown.output
    as_json = json.loads(run("incident", row["id"], "--db", db, "--json").output)
    assert len(as_json["articles"]) == 7 and as_json["claims"][0]["quote"]


def test_incidents_contested_and_outlet_filters(db):
    run("relink", "--db", db)
    rows = [
        json.loads(x)
        for x in run(
            "incidents", "--db", db, "--contested", "--outlet", "ahram", "--json"
        ).output.splitlines()
    ]
    assert rows and all(r["contested"] and "ahram" in r["outlets"] for r in rows)
    table = run("incidents", "--db", db, "--from", "2017-04-01", "--to", "2017-04-30")
    assert table.exit_code == 0 and "Khan" in table.output


def test_bad_date_is_w902(db):
    out = run("incidents", "--db", db, "--from", "April")
    assert out.exit_code == 1 and "W902" in out.output


def test_unknown_incident_is_w303(db):
    run("relink", "--db", db)
    out = run("incident", "inc-000000000000", "--db", db)
    assert out.exit_code == 1 and "W303" in out.output


def test_export_csv_with_filter(db, tmp_path):
    run("relink", "--db", db)
    path = tmp_path / "aleppo.csv"
    out = run("export", "--format", "csv", "-o", str(path), "--admin1", "Aleppo", "--db", db)
    assert out.exit_code == 0, out.output
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["admin1"] for r in rows} == {"Aleppo"}


def test_eval_links_on_gold_incidents():
    out = run("eval", "links", "--gold", str(GOLD), "--use-gold-incidents", "--json")
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)["all"]  # the frozen fixture has no tune/check split
    assert result["pairwise"]["f1"] >= 0.85 and result["pairwise"]["articles"] == 58
    assert result["best_equals_rate"] >= 0.9


def test_eval_links_needs_corpus_or_gold_incidents():
    out = run("eval", "links", "--gold", str(GOLD))
    assert out.exit_code == 2 and "W902" in out.output
