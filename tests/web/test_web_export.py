"""/api/export and `warclaims export` write the same bytes (both go through warclaims.export)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")


def cli_export(url: str, path, fmt: str, *options: str) -> bytes:
    """Return the bytes `warclaims export` writes for the store at ``url``."""
    from warclaims.cli.app import build_app

    args = ["export", "--format", fmt, "-o", str(path), "--db", url, *options]
    result = CliRunner().invoke(build_app(), args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
@pytest.mark.parametrize(("params", "options"), [({}, ()), ({"admin1": "Idlib"}, ("--admin1", "Idlib"))])
def test_http_export_is_byte_identical_to_cli_export(client, filled_store, tmp_path, fmt, params, options):
    r = client.get("/api/export", params={"format": fmt, **params})
    assert r.status_code == 200, r.text
    expected = cli_export(filled_store["url"], tmp_path / f"out.{fmt}", fmt, *options)
    assert r.content == expected
    assert len(expected) > 200  # incidents were written, not only a header


def test_csv_export_lines_end_in_crlf(client):
    body = client.get("/api/export", params={"format": "csv"}).content
    lines = body.split(b"\r\n")
    assert lines[0].startswith(b"event_id,") and lines[-1] == b""
    assert len(lines) > 3


def test_export_of_no_incident_is_header_or_empty_collection(client):
    params = {"from": "1990-01-01", "to": "1990-01-02"}
    csv_body = client.get("/api/export", params={"format": "csv", **params}).content
    assert csv_body.count(b"\r\n") == 1 and csv_body.startswith(b"event_id,")
    geo = client.get("/api/export", params={"format": "geojson", **params}).content
    assert geo == b'{"type": "FeatureCollection", "features": []}'


def test_checked_article_peers_are_the_matched_incident_reports(filled_store):
    from warclaims.services.assess import incident_peers
    from warclaims.store import open_store
    from warclaims.store.ledger import iter_ledgers

    engine = open_store(filled_store["url"])
    try:
        ledger = next(led for led in iter_ledgers(engine) if len(led.articles) > 2)
        peers = incident_peers(engine, ledger.incident_id, ledger.articles[0])
        assert [p.article_id for p in peers] == ledger.articles[1:]
        assert all(p.incident is not None for p in peers)
        assert len(incident_peers(engine, ledger.incident_id)) == len(ledger.articles)
    finally:
        engine.dispose()


def test_store_error_half_way_is_an_error_response_not_a_cut_file(client, monkeypatch):
    # Regression (review): once streaming had begun, an error after the first incident gave
    # 200 and a truncated file. The body is now written in full before the response starts.
    import warclaims.store.ledger as ledger_store
    from warclaims.errors import E, WarclaimsError

    real = ledger_store.iter_ledgers

    def failing(engine, **filters):
        for n, ledger in enumerate(real(engine, **filters)):
            if n == 2:
                raise WarclaimsError(E.W303, item="incident-x")
            yield ledger

    monkeypatch.setattr(ledger_store, "iter_ledgers", failing)
    r = client.get("/api/export", params={"format": "csv"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "W303"
