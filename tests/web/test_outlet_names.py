"""Outlet display names and aliases (web/data/outlets.csv): the mapping, and the outlets page,
filter and incident tables over a real SQLite store where one outlet appears under two names."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from warclaims.web.outlet_names import OUTLETS_CSV, canonical_outlet, display_name, stored_names


def test_fakes_codes_map_to_outlet_names():
    assert display_name("ahram") == "Ahram Online"
    assert display_name("trt") == "TRT World"
    assert display_name("all_sputnik") == display_name("sputnik") == "Sputnik"
    assert canonical_outlet("Syrian Coalition") == canonical_outlet("ETILAF") == "etilaf"
    assert display_name("etilaf") == display_name("National Coalition") == "Syrian Coalition"


def test_unknown_outlet_is_shown_as_stored():
    assert display_name("ARA News") == "ARA News" and canonical_outlet("ARA News") == "ARA News"
    assert display_name(None) == "" and stored_names("ARA News") == ["ARA News"]


def test_every_fakes_source_of_the_bundled_data_has_a_name():
    from .webdata import FAKES

    with FAKES.open(encoding="utf-8", errors="replace", newline="") as f:
        codes = {row["source"] for row in csv.DictReader(f)}
    assert codes and all(display_name(c) != c for c in codes), sorted(c for c in codes if display_name(c) == c)


def test_data_file_has_no_name_twice():
    seen: dict[str, str] = {}
    with OUTLETS_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for key in [row["code"], row["name"], *row["aliases"].split("|")]:
                assert seen.setdefault(key.lower(), row["code"]) == row["code"], key


@pytest.fixture
def alias_client(tmp_path):
    """Return a TestClient over a store with one article from ``etilaf`` and one from "Syrian Coalition"."""
    from fastapi.testclient import TestClient

    from .webdata import extraction_from_gold
    from warclaims.ingest.normalize import make_article
    from warclaims.store import open_store
    from warclaims.store.articles import add_articles
    from warclaims.store.extractions import save_extractions
    from warclaims.store.ledger import relink
    from warclaims.web.app import create_app

    url = f"sqlite:///{tmp_path / 'aliases.db'}"
    engine = open_store(url)
    texts = {"etilaf": ("Regime shelling killed 5 civilians in Maarat al-Numan in Idlib on Monday, activists said.",
                        "Maarat al-Numan", 5, dt.date(2017, 3, 6)),
             "Syrian Coalition": ("Russian airstrikes killed 9 civilians in Saraqib in Idlib on Friday, activists said.",
                                  "Saraqib", 9, dt.date(2017, 5, 12))}
    articles = [make_article(text=t, source_ref=f"test:{o}", dataset_id=f"alias-{i}", title=f"Report {i}",
                             outlet=o, published=day)
                for i, (o, (t, _, _, day)) in enumerate(texts.items())]
    add_articles(engine, articles)
    extractions = []
    for article, (text, place, killed, day) in zip(articles, texts.values()):
        rec = {"incident": {"event_type": "shelling", "date": day.isoformat(), "admin1": "Idlib", "place": place,
                            "perpetrator": "syrian_government", "victims": "civilians",
                            "killed": {"low": killed, "high": killed},
                            "claims": [{"claimant": "activists", "claimant_type": "activist_local",
                                        "killed": {"low": killed, "high": killed}, "quote": text}]}}
        extractions.append(extraction_from_gold(article, rec))
    save_extractions(engine, extractions)
    relink(engine)
    engine.dispose()
    with TestClient(create_app(url)) as c:
        yield c


def test_outlets_page_counts_aliases_as_one_outlet(alias_client):
    rows = alias_client.get("/outlets.json").json()["rows"]
    assert [(r["outlet"], r["articles"], r["claims"]) for r in rows] == [("etilaf", 2, 2)]
    html = alias_client.get("/outlets").text
    assert '<a href="/?outlet=etilaf">Syrian Coalition</a> <span class="muted small">etilaf</span>' in html


def test_outlet_filter_matches_every_name_of_the_outlet(alias_client):
    rows = alias_client.get("/api/incidents", params={"outlet": "etilaf"}).json()["rows"]
    assert sorted(r["place"] for r in rows) == ["Maarat al-Numan", "Saraqib"]
    assert len(alias_client.get("/api/incidents", params={"outlet": "Syrian Coalition"}).json()["rows"]) == 2
    html = alias_client.get("/", params={"outlet": "etilaf"}).text
    assert '<option value="etilaf" selected>Syrian Coalition' in html
    assert html.count('data-label="Sources">Syrian Coalition</td>') == 2
