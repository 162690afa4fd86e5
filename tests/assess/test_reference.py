"""Reference datasets: reading UCDP GED / ACLED / mapped CSV, row errors, matching, signals."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from warclaims.cli.app import build_app
from warclaims.assess.reference import file_hash, match_records, read_reference, reference_signals
from warclaims.ingest.mapping import parse_mapping
from warclaims.errors import WarclaimsError
from warclaims.models import Incident, Interval

GED = """id,date_start,date_end,country,adm_1,where_coordinates,latitude,longitude,type_of_violence,best,low,high,side_a,side_b
101,2016-09-17 00:00:00.000,2016-09-17 00:00:00.000,Syria,Dayr Az Zawr governorate,Dayr az Zawr airport,35.285,40.176,1,62,60,83,Government of United States of America,Government of Syria
102,2016-09-17,2016-09-17,Syria,Aleppo governorate,Aleppo town,36.2,37.16,1,5,5,5,Government of Syria,Syrian insurgents
103,2016-13-40,2016-09-18,Syria,Hama governorate,Hama,35.13,36.75,1,2,2,2,Government of Syria,IS
104,2016-09-18,2016-09-18,Syria,Homs governorate,Homs,34.73,36.72,1,-3,0,3,Government of Syria,IS
"""

ACLED = """event_id_cnty,event_date,country,admin1,location,latitude,longitude,sub_event_type,fatalities,actor1,actor2
SYR1,17 September 2016,Syria,Deir ez Zor,Deir ez Zor Airport,35.285,40.175,Air/drone strike,62,Military Forces of the United States,Military Forces of Syria
SYR2,yesterday,Syria,Aleppo,Aleppo,36.2,37.16,Shelling,4,Rebels,Civilians
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ucdp_ged_good_rows_load_and_bad_rows_are_named(tmp_path):
    result = read_reference(_write(tmp_path, "ged.csv", GED), "ucdp-ged")
    assert [r.record_id for r in result.records] == ["101", "102"]
    rec = result.records[0]
    assert rec.date == dt.date(2016, 9, 17) and rec.admin1 == "Deir ez-Zor"
    assert (rec.deaths_best, rec.deaths_low, rec.deaths_high) == (62, 60, 83)
    assert rec.actor1 == "Government of United States of America"
    messages = [str(e) for e in result.errors]
    assert len(messages) == 2
    assert "row 3" in messages[0] and "bad date" in messages[0] and messages[0].startswith("[W501]")
    assert "row 4" in messages[1] and "negative count deaths_best=-3" in messages[1]


def test_acled_dates_in_words(tmp_path):
    result = read_reference(_write(tmp_path, "acled.csv", ACLED), "acled")
    assert [r.record_id for r in result.records] == ["SYR1"]
    assert result.records[0].date == dt.date(2016, 9, 17)
    assert result.records[0].admin1 == "Deir ez-Zor"
    assert "row 2" in str(result.errors[0]) and "yesterday" in str(result.errors[0])


def test_csv_with_mapping(tmp_path):
    text = "day,governorate,killed,who\n2016-09-17,Deir ez-Zor,62,coalition\n2016-09-18,Aleppo,,x\n"
    result = read_reference(_write(tmp_path, "vdc.csv", text), "csv",
                            parse_mapping(["day=date,governorate=admin1", "killed=deaths_best"]))
    assert len(result.records) == 2 and not result.errors
    assert result.records[0].deaths_best == 62 and result.records[1].deaths_best is None
    assert result.ignored_columns == ["who"]


def test_unknown_column_in_mapping_refuses_the_file(tmp_path):
    path = _write(tmp_path, "vdc.csv", "day,killed\n2016-09-17,3\n")
    with pytest.raises(WarclaimsError) as exc:
        read_reference(path, "csv", {"dayz": "date"})
    assert exc.value.code.value == "W501" and "unknown column(s) ['dayz']" in str(exc.value)
    with pytest.raises(WarclaimsError, match="unknown field"):
        read_reference(path, "csv", {"day": "when"})
    with pytest.raises(WarclaimsError, match="no date column"):
        read_reference(path, "csv", {})


def test_unknown_format(tmp_path):
    with pytest.raises(WarclaimsError) as exc:
        read_reference(_write(tmp_path, "x.csv", GED), "vdc")
    assert exc.value.code.value == "W503"


def test_bad_mapping_syntax():
    with pytest.raises(WarclaimsError, match="COLUMN=FIELD"):
        parse_mapping(["day"])


def _incident(killed: int | None, **kw) -> Incident:
    base = {"date": dt.date(2016, 9, 17), "admin1": "Deir ez-Zor"} | kw
    return Incident(killed=Interval(low=killed, high=killed) if killed is not None else None, **base)


def test_matching_by_date_window_and_place(tmp_path):
    records = read_reference(_write(tmp_path, "ged.csv", GED), "ucdp-ged").records
    assert [r.record_id for r in match_records(_incident(60), records)] == ["101"]
    assert [r.record_id for r in match_records(_incident(60, date=dt.date(2016, 9, 18)), records)] == ["101"]
    assert match_records(_incident(60, date=dt.date(2016, 9, 20)), records) == []
    # a point with no stated precision is taken as a town (25 km)
    near = _incident(60, admin1=None, latitude=35.3, longitude=40.2)
    assert [r.record_id for r in match_records(near, records)] == ["101"]


AIRPORT_TEXT = "Coalition jets struck the army at Dayr az Zawr airport on Saturday."
AIRPORT_POINT = {"place": "Deir ez-Zor military airport", "latitude": 35.285, "longitude": 40.176,
                 "geo_precision": "point", "perpetrator": "us_led_coalition", "event_type": "airstrike"}


def test_signals_compare_intervals_and_cite_the_record(tmp_path):
    records = read_reference(_write(tmp_path, "ged.csv", GED), "ucdp-ged").records[:1]
    sig = {s.name: s for s in reference_signals(_incident(62, **AIRPORT_POINT), records, AIRPORT_TEXT)}
    assert sig["ref_outside"].value == 0.0 and sig["ref_matched"].value == 1.0
    assert sig["ref_outside"].evidence.startswith("UCDP GED 101 records 62 deaths (60–83) at Dayr az Zawr airport")
    at_least = Incident(date=dt.date(2016, 9, 17), admin1="Deir ez-Zor", killed=Interval(low=60, high=None),
                        **AIRPORT_POINT)
    assert {s.name: s for s in reference_signals(at_least, records, AIRPORT_TEXT)}["ref_outside"].value == 0.0
    high = {s.name: s for s in reference_signals(_incident(300, **AIRPORT_POINT), records, AIRPORT_TEXT)}
    assert high["ref_outside"].value > 1.0
    assert high["ref_outside"].evidence.endswith("this article's '300' is above 60–83")
    # Read at governorate level with no words of the record, the match is too weak to judge a toll.
    vague = {s.name: s for s in reference_signals(_incident(300), records)}
    assert vague["ref_matched"].value == 1.0 and vague["ref_outside"].value is None
    assert vague["ref_outside"].evidence.startswith("uncertain: ")
    none = {s.name: s for s in reference_signals(_incident(10), [])}
    assert none["ref_matched"].value == 0.0 and none["ref_outside"].value is None


def test_matching_respects_event_type(tmp_path):
    records = read_reference(_write(tmp_path, "acled.csv", ACLED), "acled").records  # "Air/drone strike"
    assert [r.record_id for r in match_records(_incident(62, event_type="airstrike"), records)] == ["SYR1"]
    assert match_records(_incident(62, event_type="armed_clash"), records) == []
    assert [r.record_id for r in match_records(_incident(62, event_type="other"), records)] == ["SYR1"]


BAD_GED = """id,date_start,date_end,adm_1,where_coordinates,latitude,longitude,type_of_violence,best,low,high,side_a,side_b,colour
1,2016-09-17,2016-09-17,Deir ez Zor Governorate,Jabal Thurdah,35.26,40.11,1,90,90,90,Government of Iraq,IS,red
2,2016-09-17,2016-09-17,Deir ez Zor Governorate,Somewhere,48.85,2.35,1,5,5,5,Government of Syria,IS,red
3,2016-09-17,2016-09-17,Deir ez Zor Governorate,Jabal Thurdah,35.26,40.11,1,many,2,3,Government of Syria,IS,red
1,2016-09-18,2016-09-18,Deir ez Zor Governorate,Jabal Thurdah,35.26,40.11,1,4,4,4,Government of Syria,IS,red
5,2016-09-31,2016-09-31,Deir ez Zor Governorate,Jabal Thurdah,35.26,40.11,1,4,4,4,Government of Syria,IS,red
6,2016-09-17,2016-09-17,Deir ez Zor Governorate,Jabal Thurdah,35.26,40.11,1,8,8,7,Government of Syria,IS,red
"""


def test_bad_rows_are_named_and_good_rows_load(tmp_path):
    result = read_reference(_write(tmp_path, "bad.csv", BAD_GED), "ucdp-ged")
    assert [r.record_id for r in result.records] == ["1", "6"]
    messages = [str(e) for e in result.errors]
    assert all(m.startswith("[W501]") for m in messages)
    assert "row header" in messages[0] and "['colour']" in messages[0]
    assert "row 2" in messages[1] and "outside Syria" in messages[1]
    assert "row 3" in messages[2] and "non-numeric count deaths_best='many'" in messages[2]
    assert "row 4" in messages[3] and "duplicate id '1' (first on row 1)" in messages[3]
    assert "row 5" in messages[4] and "bad date" in messages[4]
    # GED 19.1 has events with low > high: kept, read as the interval covering every figure
    six = result.records[1]
    assert (six.deaths_low, six.deaths_best, six.deaths_high) == (7, 8, 8)


def test_gzipped_file_and_hash(tmp_path):
    import gzip

    plain = _write(tmp_path, "ged.csv", GED)
    packed = tmp_path / "ged.csv.gz"
    packed.write_bytes(gzip.compress(GED.encode("utf-8")))
    assert [r.record_id for r in read_reference(packed, "ucdp-ged").records] == ["101", "102"]
    assert file_hash(plain) == file_hash(packed)
    assert read_reference(packed, "ucdp-ged").records[0].dataset == "ucdp-ged"


# Case 14 (reliability): a 22-digit count or a short row keeps the good rows and names the bad ones.
def test_case14_huge_count_and_short_row_are_skipped_with_w501(tmp_path):
    path = tmp_path / "vdc.csv"
    path.write_text("day,governorate,killed,place\n"
                    "2016-09-17,Deir ez-Zor,62,Tharda\n"
                    "2016-09-18,Aleppo,1234567890123456789012,Aleppo city\n"
                    "2016-09-19,Idlib\n"
                    "2016-09-20,Hama,inf,Hama city\n"
                    "2016-09-21,Homs,4,Homs city\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    result = runner.invoke(build_app(), ["reference", "import", str(path), "--format", "csv", "--db", db,
                                         "--map", "day=date,governorate=admin1,killed=deaths_best,place=place"])
    out = result.output
    assert result.exit_code == 0, out
    assert "Traceback" not in out and "OverflowError" not in out
    assert "imported 2 record(s)" in " ".join(out.split()) and "3 error(s)" in out
    assert "row 2" in out and "larger than" in out
    assert "row 3" in out and "short row" in out
    assert "row 4" in out and "not a finite number" in out
    listed = runner.invoke(build_app(), ["errors", "--db", db]).output
    assert listed.count("W501") == 3 and f"{path}#row=3" in listed
