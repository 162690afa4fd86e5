"""Reference formats are registry entries: a new dataset's columns are one ReferenceFormat."""

from __future__ import annotations

import pytest

from warclaims.assess.reference import FORMATS, default_dataset, read_reference
from warclaims.assess.reference_formats import REFERENCE_FORMATS, ReferenceFormat
from warclaims.errors import WarclaimsError

VDC = """\
day,governorate,town,killed
2016-09-17,Deir ez-Zor,Tharda mountain,62
2016-09-19,Aleppo,Urum al-Kubra,20
"""


@pytest.fixture
def vdc_format():
    REFERENCE_FORMATS.add("vdc", ReferenceFormat(
        title="VDC", dataset="vdc",
        columns={"day": "date", "governorate": "admin1", "town": "place", "killed": "deaths_best"}))
    yield
    REFERENCE_FORMATS.remove("vdc")


@pytest.mark.usefixtures("vdc_format")
def test_a_registered_format_reads_its_columns_without_a_mapping(tmp_path):
    path = tmp_path / "vdc.csv"
    path.write_text(VDC, encoding="utf-8")
    result = read_reference(path, "vdc")
    assert not result.errors and "vdc" in FORMATS
    assert [(r.place, r.admin1, r.deaths_best) for r in result.records] == [
        ("Tharda mountain", "Deir ez-Zor", 62), ("Urum al-Kubra", "Aleppo", 20)]
    assert {r.dataset for r in result.records} == {"vdc"} == {default_dataset("vdc", path)}


def test_an_unregistered_format_is_w503_listing_the_built_in_ones(tmp_path):
    path = tmp_path / "vdc.csv"
    path.write_text(VDC, encoding="utf-8")
    with pytest.raises(WarclaimsError) as info:
        read_reference(path, "vdc")
    assert info.value.code.value == "W503" and "choose one of ucdp-ged, acled, csv" in str(info.value)


def test_only_a_format_with_a_codebook_reports_unknown_columns(tmp_path):
    path = tmp_path / "ged.csv"
    path.write_text("id,date_start,best,my_note\n1,2016-09-17,62,x\n", encoding="utf-8")
    [error] = read_reference(path, "ucdp-ged").errors
    assert "['my_note'], not in the UCDP GED codebook" in str(error)
    assert read_reference(path, "csv", {"date_start": "date"}).errors == []
