"""Case 13: an absurd figure is kept, flagged W401 and left out of the estimates; a text cut for
extraction is recorded (W205). Real extraction pipeline, real SQLite file."""

from __future__ import annotations

from warclaims import api
from warclaims.store import open_store
from warclaims.store.ledger import get_incident, list_incidents


def test_case13_absurd_figure_is_kept_flagged_and_excluded(tmp_path):
    path = tmp_path / "absurd.txt"
    path.write_text("An air strike killed 150,000 people in Aleppo on Monday, activists said.\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    report = api.ingest([str(path)], db=db)
    assert report.processed.incidents == 1 and report.processed.claims == 1, report.processed
    engine = open_store(db)
    try:
        (summary,) = list_incidents(engine).rows
        ledger = get_incident(engine, summary.id)
    finally:
        engine.dispose()
    (claim,) = ledger.claims
    assert claim.status == "absurd" and claim.killed.low == 150_000, "the figure is kept, marked absurd"
    assert any(f.startswith("W401") and "150000" in f for f in ledger.flags), ledger.flags
    assert ledger.killed is None or ledger.killed.best is None, "an absurd figure must not be an estimate"


def test_case13_war_wide_total_is_still_not_an_incident(tmp_path):
    path = tmp_path / "total.txt"
    path.write_text("More than 470,000 people have been killed in the Syrian conflict, the Observatory said.\n",
                    encoding="utf-8")
    report = api.ingest([str(path)], db=str(tmp_path / "w.db"))
    assert report.processed.incidents == 0


def test_case13_text_cut_for_extraction_is_recorded(tmp_path):
    from warclaims.extract.pipeline import MAX_TEXT_CHARS

    path = tmp_path / "long.txt"
    sentence = "Shelling killed 3 people in Daraa on Tuesday, activists said. "
    path.write_text(sentence * (MAX_TEXT_CHARS // len(sentence) + 50), encoding="utf-8")
    db = str(tmp_path / "w.db")
    report = api.ingest([str(path)], db=db)
    (cut,) = report.processed.warnings
    assert cut.code == "W205" and f"first {MAX_TEXT_CHARS} characters" in cut.message
    assert any(e.code == "W205" for e in api.errors(db))
