"""The shared place helpers of geo/places.py: name folding, the governorate resolver, distance."""

from __future__ import annotations

import pytest

from warclaims.extract.evaluate import place_matches
from warclaims.geo.places import governorate, haversine_km, normalise_place, place_key
from warclaims.models import ADMIN1_SYRIA


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Deir ez-Zor", "Deir ez-Zor"), ("Deir al-Zour", "Deir ez-Zor"), ("Deir el-Zour", "Deir ez-Zor"),
        ("Dayr az-Zawr", "Deir ez-Zor"), ("Deirezzor", "Deir ez-Zor"), ("Deir ez-Zur", "Deir ez-Zor"),
        ("DEIR EZ-ZOR governorate", "Deir ez-Zor"),
        ("Aleppo", "Aleppo"), ("Halab", "Aleppo"), ("aleppo Province", "Aleppo"),
        ("Idlib", "Idlib"), ("Idleb", "Idlib"),
        ("Rural Damascus", "Rif Dimashq"), ("Damascus countryside", "Rif Dimashq"),
        ("Rif Dimashq", "Rif Dimashq"),
        ("Damascus governorate", "Damascus"), ("Dimashq", "Damascus"),
        ("Al-Hasakeh", "Hasakah"), ("al-Hasakah", "Hasakah"), ("Hasaka", "Hasakah"),
        ("Ar-Raqqa", "Raqqa"), ("Ar Raqqah", "Raqqa"), ("Al-Lathiqiyah", "Latakia"), ("Lattakia", "Latakia"),
        ("Dar'a", "Daraa"), ("Deraa", "Daraa"), ("Sweida", "As-Suwayda"), ("Tartous", "Tartus"),
        ("Hims", "Homs"), ("Hamah", "Hama"), ("al-Quneitra", "Quneitra"),
    ],
)
def test_governorate_resolves_spellings(spelling, expected):
    assert governorate(spelling) == expected


def test_governorate_of_every_canonical_name_is_itself():
    assert [governorate(name) for name in ADMIN1_SYRIA] == list(ADMIN1_SYRIA)


@pytest.mark.parametrize("name", [None, "", "Douma", "Khan Sheikhoun", "Gaziantep", "Golan Heights"])
def test_governorate_of_a_town_or_nothing_is_none(name):
    assert governorate(name) is None


def test_governorate_aliases_live_in_the_gazetteer_data():
    # Every spelling the resolver knows comes from extract/data (no alias table in code).
    from warclaims.geo.gazetteer import read_tsv, spellings
    from warclaims.geo.places import _governorates

    names = {name for row in read_tsv("places_aliases.tsv") + read_tsv("gazetteer.tsv")
             if row["name"] == row["admin1"] for name in spellings(row)}
    assert {"Deir ez-Zur", "Al-Lathiqiyah", "Ar-Raqah", "Al-Hasakeh", "Ladhiqiyah"} <= names
    assert set(_governorates().values()) == set(ADMIN1_SYRIA)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Deir ez-Zor", "Deir ez Zor"), ("the al-Bab district", "Bab"), ("Aleppo province", "Aleppo"),
     ("north of Aleppo", "Aleppo"), ("Aleppo/Idlib", "aleppo idlib"), ("Ḥamā", "Hama"),
     ("al-Wafideen Camp", "Wafideen"), ("ath-Thawrah", "Thawrah")],
)
def test_normalise_place_folds_variants_alike(a, b):
    assert normalise_place(a) == normalise_place(b) != ""


def test_normalise_place_keeps_different_places_apart():
    assert normalise_place("Idlib") != normalise_place("Aleppo")
    assert normalise_place("Deir ez-Zor") == "deir ez zor"
    assert place_key("Deir ez-Zor") != place_key("Idlib")
    assert normalise_place(None) == normalise_place("") == ""


def test_extract_evaluation_uses_the_same_folding():
    assert place_matches("Deir el-Zour province", "Deir el-Zour")
    assert place_matches("southern outskirts of Deir Ezzor", "Deir Ezzor")
    assert not place_matches("Idlib", "Aleppo")


def test_haversine_km_between_syrian_cities():
    aleppo, idlib, deir = (36.2021, 37.1343), (35.9306, 36.6339), (35.3359, 40.1408)
    assert 50 < haversine_km(*aleppo, *idlib) < 60
    assert 280 < haversine_km(*aleppo, *deir) < 300
    assert haversine_km(*idlib, *idlib) == 0.0
    assert haversine_km(*aleppo, *deir) == pytest.approx(haversine_km(*deir, *aleppo))
