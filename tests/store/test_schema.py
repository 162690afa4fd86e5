"""The store's tables hold the records' flat rows: every column the codec writes has its column,
so a field added to a record without a migration fails here (the tables mirror the Alembic chain
and name their columns with SQL types; the field lists come from the records)."""

from __future__ import annotations

from warclaims.models import Claim, Incident, row_columns
from warclaims.store.ledger import LEDGER_FACTS, IncidentSummary, linked_incidents
from warclaims.store.schema import article_incidents, claims


def _names(table) -> set[str]:
    return {c.name for c in table.columns}


def test_article_incidents_hold_the_incident_row_and_its_keys():
    assert _names(article_incidents) - set(row_columns(Incident)) == {"id", "revision", "extractor_version"}
    assert set(row_columns(Incident)) <= _names(article_incidents)


def test_claims_hold_the_claim_row_and_its_keys():
    assert _names(claims) - set(row_columns(Claim)) == {"id", "incident_id", "position"}
    assert set(row_columns(Claim)) <= _names(claims)


def test_linked_incidents_hold_the_ledger_facts_and_the_list_summary():
    stored = _names(linked_incidents)
    assert {"killed_best", "killed_low", "killed_high", "geo_precision", "country"} <= stored
    assert "perpetrator_text" not in LEDGER_FACTS
    assert set(row_columns(IncidentSummary)) <= stored
