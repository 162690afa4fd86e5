"""Claimant identity: one key per independent source, however news writes its name."""

from __future__ import annotations

import pytest

from warclaims.extract.claimants import claimant_key


@pytest.mark.parametrize(
    ("claimant", "claimant_type", "key"),
    [
        ("the Syrian Observatory for Human Rights", "ngo", "sohr"),
        ("the Britain-based Observatory", "ngo", "sohr"),
        ("SOHR", "ngo", "sohr"),
        ("Syrian state television", "state_media", "syrian_state_media"),
        ("SANA", "state_media", "syrian_state_media"),
        ("state media", "state_media", "syrian_state_media"),
    ],
)
def test_spellings_of_one_source_share_its_key(claimant, claimant_type, key):
    assert claimant_key(claimant, claimant_type) == key


def test_an_unattributed_figure_is_the_outlets_own_claim():
    assert claimant_key("", "news_outlet", outlet="ARA News") == "outlet:ara news"
