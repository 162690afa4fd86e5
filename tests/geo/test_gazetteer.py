"""warclaims.geo.gazetteer: the GeoNames gazetteer and the curated news spellings, read without spaCy."""

from __future__ import annotations

from warclaims.geo.gazetteer import ALIASES_FILE, GAZETTEER_FILE, read_tsv, spellings

COLUMNS = ["name", "admin1", "country", "latitude", "longitude", "precision", "aliases"]


def _row(rows, name):
    return next(r for r in rows if r["name"] == name)


def test_both_files_read_as_rows_of_their_header_without_comments():
    for name in (GAZETTEER_FILE, ALIASES_FILE):
        rows = read_tsv(name)
        assert len(rows) > 10 and all(list(r) == COLUMNS for r in rows)
        assert not any(r["name"].startswith("#") for r in rows)
    aleppo = _row(read_tsv(GAZETTEER_FILE), "Aleppo")
    assert aleppo["admin1"] == "Aleppo" and float(aleppo["latitude"]) == 36.20124


def test_spellings_are_the_name_and_its_aliases():
    khan = _row(read_tsv(ALIASES_FILE), "Khan Sheikhun")
    names = spellings(khan)
    assert names[0] == "Khan Sheikhun" and {"Khan Shaykhun", "Khan Sheikhoun", "Khan Cheikhoun"} <= set(names)
    assert spellings({"name": "Iraq", "aliases": ""}) == ["Iraq"]
    assert spellings({"name": " Halab ", "aliases": " Alep ; ;Aleppe"}) == ["Halab", "Alep", "Aleppe"]
    assert spellings({"name": "Lebanon"}) == ["Lebanon"]
