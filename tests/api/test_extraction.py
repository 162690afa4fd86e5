"""Reading sources for extraction: dates, readable inputs and the failures of the rest."""

from __future__ import annotations

import pytest

from warclaims.errors import E, WarclaimsError

from .conftest import EXAMPLE


def test_read_source_dates_the_articles_and_collects_what_cannot_be_read(tmp_path):
    from warclaims.api import extraction

    failures: list = []
    published = extraction.parse_published("2016-09-18")
    (found,) = extraction.read_source(EXAMPLE, published=published, failures=failures)
    assert found.published.isoformat() == "2016-09-18" and "Deir ez-Zor" in found.text
    assert list(extraction.read_source(str(tmp_path / "missing.txt"), failures=failures)) == []
    assert [f.code for f in failures] == ["W113"]  # no such input
    with pytest.raises(WarclaimsError) as info:
        extraction.parse_published("18/09/2016")
    assert info.value.code is E.W902
