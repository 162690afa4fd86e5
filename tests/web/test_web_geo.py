"""Map positions: an incident's own coordinates, else its governorate's centre (names via the gazetteer)."""

from __future__ import annotations

import pytest

from warclaims.web.geo import ADMIN1_CENTRES, admin1_centre, position_of


@pytest.mark.parametrize(
    ("name", "governorate"),
    [("Deir ez-Zor", "Deir ez-Zor"), ("Deir al-Zour", "Deir ez-Zor"), ("deirezzour", "Deir ez-Zor"),
     ("Aleppo", "Aleppo"), ("Idlib", "Idlib"), ("Idleb province", "Idlib"), ("Rural Damascus", "Rif Dimashq"),
     ("Hasaka", "Hasakah"), ("Sweida", "As-Suwayda"), ("Lattakia", "Latakia"), ("Deraa", "Daraa")],
)
def test_admin1_centre_accepts_spelling_variants(name, governorate):
    assert admin1_centre(name) == ADMIN1_CENTRES[governorate]


@pytest.mark.parametrize("name", [None, "", "Douma", "Atlantis"])
def test_admin1_centre_of_no_governorate_is_none(name):
    assert admin1_centre(name) is None


def test_position_prefers_own_coordinates_then_the_governorate_centre():
    assert position_of({"latitude": 35.43, "longitude": 36.65, "admin1": "Idlib"}) == (35.43, 36.65, False)
    assert position_of({"latitude": None, "longitude": None, "admin1": "Deir al-Zour"}) == (
        *ADMIN1_CENTRES["Deir ez-Zor"], True)
    assert position_of({"admin1": None}) is None
