"""A non-English article yields no incident and says so (W206), through the real pipeline and store."""

from __future__ import annotations

from warclaims import api
from warclaims.extract.pipeline import unsupported_language
from warclaims.models import Article


def test_unsupported_language_is_told_apart_from_english_and_empty():
    assert unsupported_language(Article(id="e", text="Shelling killed 3 people in Daraa on Tuesday.")) is None
    assert unsupported_language(Article(id="x", text="")) is None
    assert unsupported_language(Article(id="f", text="Cinq civils ont été tués samedi à Alep.")) == "not English"
    assert unsupported_language(Article(id="a", text="anything", language="ar")) == "ar"


def test_non_english_article_is_recorded_with_w206_not_silently_incident_free(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fr.txt").write_text("Cinq civils ont été tués dans une frappe aérienne à Alep samedi, selon "
                                   "l'Observatoire syrien des droits de l'homme.\n", encoding="utf-8")
    (folder / "en.txt").write_text("An air strike killed five civilians in Aleppo on Saturday, the "
                                   "Observatory said.\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    report = api.ingest([str(folder)], db=db)
    assert report.processed.incidents == 1
    (note,) = [w for w in report.processed.warnings if w.code == "W206"]
    assert "language not supported (fr)" in note.message  # the language detected at ingest
    assert [e.code for e in api.errors(db) if e.code == "W206"] == ["W206"]
