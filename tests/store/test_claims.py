"""The claims view's queries (store/claims.py, through warclaims.api) on a store of written reports."""

from __future__ import annotations

import pytest

from warclaims import api

from .storedata import CLAIMS, OBSERVATORY, REPORTS, fill


@pytest.fixture
def url(db_url):
    fill(db_url)
    return db_url


def test_every_stored_claim_is_listed_once_with_its_ledger_claim(url):
    assert api.count_claims(url) == CLAIMS
    rows = api.claim_rows(url)
    assert len(rows) == CLAIMS
    assert len({row.id for row, _ in rows}) == CLAIMS
    for row, ledger_claim in rows:
        assert ledger_claim is not None, row
        assert (ledger_claim.article_id, ledger_claim.claimant, ledger_claim.quote) == (
            row.article_id, row.claimant, row.quote)
        assert ledger_claim.status


def test_pages_by_offset_follow_the_whole_listing(url):
    whole = [row.id for row, _ in api.claim_rows(url)]
    pages = [row.id for offset in range(0, CLAIMS, 2) for row, _ in api.claim_rows(url, offset=offset, limit=2)]
    assert pages == whole


def test_claim_filters_select_the_claims_they_name(url):
    assert {r.claimant for r, _ in api.claim_rows(url, claimant="observatory")} == {OBSERVATORY}
    assert api.count_claims(url, claimant="observatory") == 2
    assert [r.blames for r, _ in api.claim_rows(url, blames="russia")] == ["russia"]
    assert api.count_claims(url, unblamed=True) == CLAIMS - 1
    assert api.count_claims(url, claimant_type="state_media") == 1
    # outlet names match in any case
    assert {r.article_id for r, _ in api.claim_rows(url, article_outlet=["AHRAM", "ahram online"])} == {
        "idlib-1", "idlib-2"}
    # incident filters apply to the claim's incident
    assert {r.article_id for r, _ in api.claim_rows(url, admin1="aleppo")} == {"aleppo-1"}


def test_outlet_facet_groups_an_outlets_names_by_its_code(url):
    counts = dict(api.claim_facet(url, "outlet", outlet_codes={"ahram": "ahram", "ahram online": "ahram"}))
    assert counts == {"ahram": 2, "SANA": 3}
    assert dict(api.claim_facet(url, "outlet", outlet_codes={})) == {"ahram": 1, "Ahram Online": 1, "SANA": 3}
    blames = dict(api.claim_facet(url, "blames", outlet_codes={}))
    assert blames == {"russia": 1, None: CLAIMS - 1}


def test_view_claims_yield_the_ledger_claims_the_filters_select(url):
    pairs = list(api.view_claims(url, claimant="observatory"))
    quoting = sorted(r[0] for r in REPORTS if any(c["claimant"] == OBSERVATORY for c in r[4]["claims"]))
    assert sorted(c.article_id for _, c in pairs) == quoting
    assert all(c.claimant == OBSERVATORY and c in ledger.claims for ledger, c in pairs)
    ledgers = list(api.view_ledgers(url, claimant="observatory"))
    assert {ledger.incident_id for ledger in ledgers} == {ledger.incident_id for ledger, _ in pairs}
