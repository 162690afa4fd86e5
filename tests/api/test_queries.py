"""Reading the store: articles and their filters, incident pages and ledgers, unknown ids."""

from __future__ import annotations

import pytest

from warclaims import api
from warclaims.errors import E, WarclaimsError


def test_unknown_article_raises_w302(db):
    with pytest.raises(WarclaimsError) as info:
        api.article("nope", db)
    assert info.value.code is E.W302


def test_incident_pages_follow_the_cursor_to_every_incident_once(linked_db):
    seen, cursor = [], None
    while True:
        page = api.incident_page(linked_db, cursor=cursor, limit=4)
        assert len(page.rows) <= 4
        seen.extend(row.id for row in page.rows)
        if page.next is None:
            break
        cursor = page.next
    assert len(seen) == len(set(seen)) == len(list(api.ledgers(linked_db))) > 4
    idlib = api.incident_page(linked_db, limit=100, admin1="Idlib").rows
    assert idlib and all(row.admin1 == "Idlib" for row in idlib)
    with pytest.raises(WarclaimsError) as info:
        api.incident_page(linked_db, cursor="not-a-cursor")
    assert info.value.code is E.W902


def test_an_articles_incidents_hold_its_claims_and_unknown_incidents_are_w303(linked_db):
    reported = next(a for a in api.articles(linked_db, limit=None)
                    if api.incident_ids_of_article(a.id, linked_db))
    incident_id = api.incident_ids_of_article(reported.id, linked_db)[0]
    ledger = api.incident(incident_id, linked_db)
    assert ledger.incident_id == incident_id
    assert reported.id in {claim.article_id for claim in ledger.claims}
    with pytest.raises(WarclaimsError) as info:
        api.incident("inc-000000000000", linked_db)
    assert info.value.code is E.W303


def test_article_search_and_outlet_filters_agree_with_their_counts(linked_db):
    everything = api.articles(linked_db, limit=None)
    outlet = everything[0].outlet
    same_outlet = api.articles(linked_db, outlet=outlet, limit=None)
    assert same_outlet and {a.outlet for a in same_outlet} == {outlet}
    assert api.count_articles(linked_db, outlet=outlet) == len(same_outlet)
    assert api.count_articles(linked_db) == len(everything)
    assert [a.id for a in api.articles(linked_db, limit=2, offset=1)] == [a.id for a in everything[1:3]]
