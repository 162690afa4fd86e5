"""Export of the reconciled ledgers: to a file, as text chunks (the same bytes), and per claim."""

from __future__ import annotations

import csv
import io
import json

import pytest

from warclaims import api
from warclaims.api import export
from warclaims.errors import E, WarclaimsError


def test_file_export_holds_the_filtered_incidents_and_equals_the_text_chunks(linked_db, tmp_path):
    path = tmp_path / "aleppo.csv"
    n = export.export_incidents("csv", str(path), linked_db, admin1="Aleppo")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) > 0 and {r["admin1"] for r in rows} == {"Aleppo"}
    chunks = export.ledger_text("csv", api.ledgers(linked_db, admin1="Aleppo"), linked_db)
    assert "".join(chunks).encode("utf-8") == path.read_bytes()


def test_geojson_export_has_one_feature_per_incident(linked_db, tmp_path):
    path = tmp_path / "all.geojson"
    n = export.export_incidents("geojson", str(path), linked_db)
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) <= n
    assert n == len(list(api.ledgers(linked_db)))


def test_claim_rows_name_their_claimant_and_incident(linked_db):
    pairs = list(api.view_claims(linked_db))
    text = "".join(export.claim_text("csv", pairs))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(pairs) > 0
    assert all(r["claimant"] for r in rows)
    assert [(r["event_id"], r["article_id"]) for r in rows] == [
        (ledger.incident_id, claim.article_id) for ledger, claim in pairs]


def test_unknown_format_is_w902(linked_db, tmp_path):
    with pytest.raises(WarclaimsError) as info:
        export.export_incidents("docx", str(tmp_path / "x.docx"), linked_db)
    assert info.value.code is E.W902
