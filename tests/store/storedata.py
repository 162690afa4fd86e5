"""A small store for the dashboard query tests: five written reports of two incidents, stored
with their extractions through :func:`warclaims.api.store_processed` and linked by the linker."""

from __future__ import annotations

import datetime as dt

from warclaims import api
from warclaims.models import Article, ArticleExtraction, incident_from_dict

OBSERVATORY = "the Syrian Observatory for Human Rights"
REPORTS = [
    # (article id, outlet as stored, published, text, incident)
    ("idlib-1", "ahram", dt.date(2017, 4, 4),
     "An air strike killed 20 civilians in Khan Shaykhun in Idlib on Tuesday, the Syrian Observatory for "
     "Human Rights said, blaming Russian jets.",
     {"event_type": "airstrike", "date": "2017-04-04", "admin1": "Idlib", "place": "Khan Shaykhun",
      "perpetrator": "russia", "victims": "civilians", "killed": {"low": 20, "high": 20},
      "claims": [{"claimant": OBSERVATORY, "claimant_type": "monitor_ngo", "killed": {"low": 20, "high": 20},
                  "blames": "russia", "quote": "An air strike killed 20 civilians in Khan Shaykhun"}]}),
    ("idlib-2", "Ahram Online", dt.date(2017, 4, 4),
     "Activists said 25 people were killed by an air strike in Khan Shaykhun, Idlib province, on Tuesday.",
     {"event_type": "airstrike", "date": "2017-04-04", "admin1": "Idlib", "place": "Khan Shaykhun",
      "victims": "civilians", "killed": {"low": 25, "high": 25},
      "claims": [{"claimant": "Activists", "claimant_type": "activist_local", "killed": {"low": 25, "high": 25},
                  "quote": "Activists said 25 people were killed"}]}),
    ("idlib-3", "SANA", dt.date(2017, 4, 5),
     "The army said terrorists killed 3 people in Khan Shaykhun in Idlib on Tuesday; SANA reported 4 dead.",
     {"event_type": "airstrike", "date": "2017-04-04", "admin1": "Idlib", "place": "Khan Shaykhun",
      "victims": "civilians", "killed": {"low": 3, "high": 4},
      "claims": [{"claimant": "the army", "claimant_type": "military", "killed": {"low": 3, "high": 3},
                  "quote": "The army said terrorists killed 3 people"},
                 {"claimant": "SANA", "claimant_type": "state_media", "killed": {"low": 4, "high": 4},
                  "quote": "SANA reported 4 dead"}]}),
    ("aleppo-1", "SANA", dt.date(2016, 9, 20),
     "Shelling killed 7 people in the Salaheddine district of Aleppo on Monday, the Syrian Observatory for "
     "Human Rights said.",
     {"event_type": "shelling", "date": "2016-09-19", "admin1": "Aleppo", "place": "Salaheddine",
      "victims": "civilians", "killed": {"low": 7, "high": 7},
      "claims": [{"claimant": OBSERVATORY, "claimant_type": "monitor_ngo", "killed": {"low": 7, "high": 7},
                  "quote": "Shelling killed 7 people in the Salaheddine district of Aleppo"}]}),
]
CLAIMS = sum(len(r[4]["claims"]) for r in REPORTS)


def fill(url: str) -> None:
    """Store :data:`REPORTS` with their extractions at ``url`` and link them into incidents."""
    items = []
    for aid, outlet, published, text, incident in REPORTS:
        article = Article(id=aid, text=text, title=text[:40], outlet=outlet, published=published, content_hash="")
        found = incident_from_dict(incident)
        found.article_id = aid
        items.append((article, ArticleExtraction(article_id=aid, incidents=[found], extractor_version="test")))
    stored = api.store_processed(items, url)
    assert (stored.stored, stored.extractions) == (len(REPORTS), len(REPORTS))
    api.relink(url)
