"""What the routes call (web/service.py), over real stores: exports written in full before the answer
(byte-identical to `warclaims export`), checks bounded in size and never replacing a stored article,
the peers a checked article is compared with, and the map's features with location and credibility."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from typer.testing import CliRunner

from warclaims.api import report_credibility
from warclaims.web.geo import LOCATION_KINDS

from .support import AUTH, live_server
from .webdata import TOKEN

pytest.importorskip("fastapi")

CHECKED_TEXT = "Shelling killed 3 people in Daraa on Tuesday, activists said. Reliability case one, first text."


def cli_export(url: str, path, fmt: str, *options: str) -> bytes:
    """Return the bytes `warclaims export` writes for the store at ``url``."""
    from warclaims.cli.app import build_app

    args = ["export", "--format", fmt, "-o", str(path), "--db", url, *options]
    result = CliRunner().invoke(build_app(), args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path.read_bytes()


# --- export ---------------------------------------------------------------------------------------


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


# --- check ----------------------------------------------------------------------------------------


def test_case4_four_big_checks_are_refused_quickly_with_413(sqlite_url):
    big = "Shelling killed 3 people in Daraa. " * 130_000  # about 4.4 MB, as in the report
    with live_server(db_url=sqlite_url) as base:
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            replies = list(pool.map(lambda _: httpx.post(f"{base}/api/check", json={"text": big}, timeout=60),
                                    range(4)))
        elapsed = time.monotonic() - started
    assert [r.status_code for r in replies] == [413] * 4
    assert {r.json()["error"]["code"] for r in replies} == {"W202"}
    assert elapsed < 20, f"four refusals took {elapsed:.1f} s"


def test_case1_check_never_overwrites_an_existing_id(sqlite_url):
    with live_server(db_url=sqlite_url, api_token=TOKEN) as base:
        first = {"articles": [{"text": CHECKED_TEXT, "id": "a-1"}], "process": False}
        r = httpx.post(f"{base}/api/ingest", json=first, headers=AUTH, timeout=30)
        assert r.status_code == 201
        tampered = {"text": "TAMPERED: nobody was killed anywhere.", "id": "a-1", "store": True}
        r = httpx.post(f"{base}/api/check", json=tampered, headers=AUTH, timeout=30)
        assert r.status_code == 409 and r.json()["error"]["code"] == "W607"
        stored = httpx.get(f"{base}/api/articles/a-1").json()
        assert stored["article"]["text"] == CHECKED_TEXT and stored["article"]["revision"] == 1
        # the same text again is a harmless duplicate, not a refusal
        again = {"text": CHECKED_TEXT, "id": "a-1", "store": True}
        r = httpx.post(f"{base}/api/check", json=again, headers=AUTH, timeout=30)
        assert r.status_code == 200 and r.json()["stored"] == {"article_id": "a-1", "duplicate": True}


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


# --- map features ---------------------------------------------------------------------------------


def test_map_features_carry_location_and_the_reports_credibility(filled_store, tmp_path):
    from warclaims.assess.records import Credibility
    from warclaims.store import open_store
    from warclaims.store.credibility import save_credibility
    from warclaims.web import service
    from warclaims.web.incidents import IncidentFilters

    copy = tmp_path / "cred.db"
    shutil.copyfile(filled_store["url"].removeprefix("sqlite:///"), copy)
    engine = open_store(f"sqlite:///{copy}")
    try:
        before = service.map_features(engine, IncidentFilters())["features"]
        assert before and all(f["properties"]["credibility"] == "unassessed" for f in before)
        busiest = max(before, key=lambda f: len(service.get_incident(engine, f["properties"]["id"])["articles"]))
        iid = busiest["properties"]["id"]
        articles = service.get_incident(engine, iid)["articles"]
        assert len(articles) >= 3
        for i, aid in enumerate(articles):  # the first two judged credible, the others doubtful
            save_credibility(engine, Credibility(article_id=aid, score=0.8 if i < 2 else 0.2,
                                                 label="credible" if i < 2 else "doubtful"))
        # a verdict given again replaces the first: the first article is now judged doubtful
        save_credibility(engine, Credibility(article_id=articles[0], score=0.1, label="doubtful"))
        assert report_credibility(engine, [iid]) == {iid: (1, len(articles))}
        after = {f["properties"]["id"]: f["properties"] for f in service.map_features(engine, IncidentFilters())["features"]}
        assert after[iid]["credibility"] == "doubtful"
        assert (after[iid]["credible_reports"], after[iid]["assessed_reports"]) == (1, len(articles))
        locations = {f["properties"]["id"]: f["properties"]["location"] for f in before}
        assert set(locations.values()) <= set(LOCATION_KINDS) and "area" in locations.values()
        for f in before:
            assert f["properties"]["approximate"] is (f["properties"]["location"] != "point")
    finally:
        engine.dispose()
