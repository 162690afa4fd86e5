"""Peers of a stored incident are the reports linked to it (services/assess.incident_peers)."""

from __future__ import annotations

import datetime as dt

from warclaims.services.assess import incident_peers, linked_peers
from warclaims.models import Article, ArticleExtraction, Claim, Incident, Interval
from warclaims.store import add_articles, open_store, save_extraction
from warclaims.store.ledger import attach_new, incidents_of_article


def _incident(index, place, admin1, killed, lat, lon):
    claim = Claim(claimant="the Observatory", claimant_type="monitor_ngo", killed=Interval(low=killed, high=killed),
                  quote=f"{killed} were killed in {place}, the Observatory said.")
    return Incident(event_type="airstrike", date=dt.date(2016, 9, 17), date_precision="day", admin1=admin1,
                    place=place, latitude=lat, longitude=lon, geo_precision="point",
                    killed=Interval(low=killed, high=killed), claims=[claim], index=index)


def test_a_peer_is_the_linked_report_not_the_peer_articles_main_incident(tmp_path):
    engine = open_store(str(tmp_path / "w.db"))
    day = dt.date(2016, 9, 18)
    a = Article(id="a", text="An air strike near Deir ez-Zor airport killed 60 soldiers.", outlet="one", published=day)
    b = Article(id="b", text="Shelling killed 10 in Aleppo. It recalled the airport strike that killed 90.",
                outlet="two", published=day)
    add_articles(engine, [a, b])
    airport = ("Deir ez-Zor military airport", "Deir ez-Zor", 35.2854, 40.1759)
    save_extraction(engine, ArticleExtraction(article_id="a", incidents=[_incident(0, *airport[:2], 60, *airport[2:])]))
    save_extraction(engine, ArticleExtraction(article_id="b", incidents=[
        _incident(0, "Salah al-Din", "Aleppo", 10, 36.18, 37.13), _incident(1, *airport[:2], 90, *airport[2:])]))
    attach_new(engine)
    (incident_id, *_) = incidents_of_article(engine, "a")
    peers = incident_peers(engine, incident_id, "a")
    assert [(p.article_id, p.incident.index, p.incident.killed) for p in peers] == [("b", 1, Interval(low=90, high=90))]
    assert [p.incident.killed for p in linked_peers(engine, "a")] == [Interval(low=90, high=90)]
    engine.dispose()
