"""Reading the store: one article and its revisions, the error log, unknown ids."""

from __future__ import annotations

import pytest

from warclaims import api
from warclaims.errors import E, WarclaimsError


def test_unknown_article_raises_w302(db):
    with pytest.raises(WarclaimsError) as info:
        api.article("nope", db)
    assert info.value.code is E.W302
