"""The error catalogue: codes, message rendering, the API body and the missing-extra error."""

from __future__ import annotations

import re

import pytest

from warclaims.errors import WARNING_CODES, E, WarclaimsError, missing_extra


def test_message_is_the_template_filled_in_and_prefixed_by_the_code():
    err = WarclaimsError(E.W101, item="feed.xml", reason="permission denied")
    assert str(err) == "[W101] cannot read feed.xml: permission denied"
    assert err.message == "cannot read feed.xml: permission denied"
    assert err.fields == {"item": "feed.xml", "reason": "permission denied"}


def test_a_missing_field_keeps_the_code_and_the_fields_given():
    err = WarclaimsError(E.W101, item="feed.xml")
    assert str(err).startswith("[W101] cannot read {item}: {reason}")
    assert "feed.xml" in err.message


def test_api_body_carries_code_message_and_http_status():
    err = WarclaimsError(E.W902, option="--from", reason="not a date")
    assert err.http_status == 400
    assert err.to_dict() == {
        "ok": False,
        "error": {"code": "W902", "message": "invalid option --from: not a date"},
        "status": 400,
    }


def test_missing_extra_names_the_pip_command_and_keeps_the_import_error():
    cause = ImportError("No module named 'pyarrow'")
    err = missing_extra("Parquet export", "parquet", cause)
    assert err.code is E.W901 and err.http_status == 500
    assert "pip install 'warclaims[parquet]'" in str(err)
    assert err.__cause__ is cause
    with pytest.raises(WarclaimsError, match=r"^\[W901\] Parquet export needs"):
        raise err


def test_codes_are_unique_well_formed_and_warnings_are_catalogued():
    codes = [member.value for member in E]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"W[1-9]\d\d", code) for code in codes)
    assert WARNING_CODES <= set(codes)
