"""``COLUMN=FIELD`` mapping pairs (``--map``, ``--columns``), parsed below the CLI and the engines."""

from __future__ import annotations

import pytest

from warclaims.errors import WarclaimsError
from warclaims.ingest.mapping import parse_mapping


def test_pairs_and_comma_lists_become_one_mapping():
    assert parse_mapping(["day=date, governorate = admin1", "killed=deaths_best"]) == {
        "day": "date", "governorate": "admin1", "killed": "deaths_best"}
    assert parse_mapping(None) is None and parse_mapping([]) is None


@pytest.mark.parametrize("pair", ["day", "=date", "day="])
def test_a_malformed_pair_is_w902_naming_it(pair):
    with pytest.raises(WarclaimsError) as info:
        parse_mapping([pair])
    assert info.value.code.value == "W902" and repr(pair) in info.value.message
