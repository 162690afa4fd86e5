"""Storing verdicts and reference records (revision 0004)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from warclaims.assess.records import Credibility, Reason, ReferenceRecord, Signal
from warclaims.cli.app import build_app
from warclaims.errors import WarclaimsError
from warclaims.models import Article
from warclaims.store import add_articles, downgrade, open_store
from warclaims.store.credibility import (
    count_reference_records,
    get_credibility,
    list_credibility,
    reference_candidates,
    save_credibility,
    save_reference_records,
)

GED = """id,date_start,date_end,country,adm_1,where_coordinates,latitude,longitude,type_of_violence,best,low,high,side_a,side_b
101,2016-09-17,2016-09-17,Syria,Dayr Az Zawr governorate,Dayr az Zawr airport,35.285,40.176,1,62,60,83,USA,Government of Syria
103,2016-13-40,2016-09-18,Syria,Hama governorate,Hama,35.13,36.75,1,2,2,2,Government of Syria,IS
104,2016-09-18,2016-09-18,Syria,Homs governorate,Homs,34.73,36.72,1,-3,0,3,Government of Syria,IS
"""


def _verdict(score: float) -> Credibility:
    return Credibility(
        article_id="1926478911", score=score, label="credible" if score >= 0.5 else "doubtful",
        reasons=[Reason(text="no other source reports this incident; the score leans on how its figures are sourced",
                        effect=-0.1, signal="only_source")],
        signals=[Signal(name="only_source", value=1.0, group="ledger", evidence="no other source reports this incident"),
                 Signal(name="toll_outside", value=None, group="ledger", evidence="no other claimant gives a toll")],
        model_version="test",
    )


def test_save_and_get_credibility(engine):
    add_articles(engine, [Article(id="1926478911", text="Ten civilians some of them children killed in Raqqa")])
    assert get_credibility(engine, "1926478911") is None
    assert save_credibility(engine, _verdict(0.3)) == 1
    save_credibility(engine, _verdict(0.7))  # re-assessing replaces
    got = get_credibility(engine, "1926478911")
    assert got.score == 0.7 and got.label == "credible"
    assert got.reasons[0].signal == "only_source"
    assert got.signals[1].value is None
    assert got.assessed_at is not None and got.assessed_at.tzinfo is not None
    assert [c.score for c in list_credibility(engine)] == [0.7]


def test_credibility_of_unknown_article_is_refused(engine):
    with pytest.raises(WarclaimsError) as exc:
        save_credibility(engine, _verdict(0.5))
    assert exc.value.code.value == "W302"


def test_reference_records_replace_on_reimport(engine):
    rec = ReferenceRecord(dataset="ucdp-ged", record_id="101", date=dt.date(2016, 9, 17), admin1="Deir ez-Zor",
                          deaths_best=62)
    assert save_reference_records(engine, [rec]) == 1
    rec.deaths_best = 64
    save_reference_records(engine, [rec])
    assert count_reference_records(engine) == 1
    found = reference_candidates(engine, dt.date(2016, 9, 18))
    assert [r.deaths_best for r in found] == [64]
    assert reference_candidates(engine, dt.date(2016, 9, 25)) == []


def test_downgrade_removes_the_tables(db_url):
    open_store(db_url).dispose()
    assert downgrade(db_url, "0003") == "0003"
    open_store(db_url).dispose()  # and back to head


def test_revised_article_does_not_show_the_old_revisions_verdict(engine):
    # Regression: a verdict on revision 1 was shown for revision 2, whose text it never judged.
    add_articles(engine, [Article(id="1926478911", text="Ten civilians some of them children killed in Raqqa")])
    save_credibility(engine, _verdict(0.3))
    add_articles(engine, [Article(id="1926478911", text="Twelve civilians, five of them children, killed in Raqqa")])
    assert get_credibility(engine, "1926478911") is None
    assert save_credibility(engine, _verdict(0.6)) == 2
    assert get_credibility(engine, "1926478911").score == 0.6


def _import(path, db_url, *extra):
    result = CliRunner().invoke(build_app(), ["reference", "import", str(path), "--format", "ucdp-ged",
                                              "--db", db_url, "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_same_file_imported_twice_is_stored_once(tmp_path, db_url):
    path = tmp_path / "ged.csv"
    path.write_text(GED, encoding="utf-8")
    first, second = _import(path, db_url), _import(path, db_url)
    assert (first["action"], first["imported"]) == ("imported", 1)
    assert (second["action"], second["imported"]) == ("unchanged", 0)
    assert "already imported; nothing changed" in second["message"]
    copy = tmp_path / "ged-copy.csv.gz"  # the same content under another name, compressed
    import gzip
    copy.write_bytes(gzip.compress(GED.encode("utf-8")))
    assert _import(copy, db_url)["action"] == "unchanged"
    eng = open_store(db_url)
    assert count_reference_records(eng) == 1
    eng.dispose()


def test_newer_release_replaces_the_older_and_the_bundled_set(tmp_path, db_url):
    old, new = tmp_path / "ged191.csv", tmp_path / "ged201.csv"
    old.write_text(GED, encoding="utf-8")
    new.write_text(GED.replace(",62,60,83,", ",64,60,90,") + GED.splitlines()[1].replace("101,", "105,") + "\n",
                   encoding="utf-8")
    _import(old, db_url, "--release", "19.1")
    replaced = _import(new, db_url, "--release", "20.1")
    assert replaced["action"] == "replaced" and replaced["imported"] == 2
    assert "replaced the 1 record(s) of dataset 'ucdp-ged' (release 19.1" in replaced["message"]
    eng = open_store(db_url)
    assert count_reference_records(eng) == 2
    assert [r.deaths_best for r in reference_candidates(eng, dt.date(2016, 9, 17))] == [64, 62]
    eng.dispose()
    listed = CliRunner().invoke(build_app(), ["reference", "list", "--db", db_url, "--json"])
    rows = [json.loads(line) for line in listed.stdout.strip().splitlines()]
    assert [(r["dataset"], r["bundled"], r["in_use"], r["release"], r["records"]) for r in rows] == [
        ("ucdp-ged", True, False, "19.1", 16566), ("ucdp-ged", False, True, "20.1", 2)]


def test_imported_release_is_used_instead_of_the_bundled_one(tmp_path, db_url):
    from warclaims.services.assess import records_between

    eng = open_store(db_url)
    day = dt.date(2016, 9, 17)
    assert "227936" in {r.record_id for r in records_between(eng, day, day)}  # bundled, no import
    eng.dispose()
    path = tmp_path / "ged.csv"
    path.write_text(GED, encoding="utf-8")
    _import(path, db_url)
    eng = open_store(db_url)
    assert [r.record_id for r in records_between(eng, day, day)] == ["101"]  # never both releases
    eng.dispose()
