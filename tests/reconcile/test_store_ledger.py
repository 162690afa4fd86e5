"""warclaims.store.ledger on a store holding the gold-dev articles and their gold incidents."""

from __future__ import annotations

import pytest

from warclaims.errors import WarclaimsError
from warclaims.link import link_reports
from warclaims.link.evaluate import gold_groups, pairwise_scores, read_gold
from warclaims.store import open_store
from warclaims.store.ledger import (
    attach_new,
    get_incident,
    incidents_of_article,
    iter_ledgers,
    list_incidents,
    relink,
)

from .store_support import fill, gold_articles_and_extractions
from .support import GOLD, gold_reports

KHAN_SHEIKHOUN = "1926479106"


@pytest.fixture
def engine(db_url):
    eng = open_store(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def filled(engine):
    fill(engine, gold_articles_and_extractions())
    return engine


def _partition(engine) -> set[frozenset[str]]:
    return {frozenset(ledger.articles) for ledger in iter_ledgers(engine)}


def test_relink_matches_pure_linking(filled):
    run = relink(filled)
    reports = gold_reports()
    expected = link_reports(reports)
    assert run.reports == len(reports) and run.incidents == len(expected)
    assert _partition(filled) == {frozenset(i.article_ids) for i in expected}


def test_attach_new_in_two_batches_equals_relink(engine):
    pairs = gold_articles_and_extractions()
    fill(engine, pairs[: len(pairs) // 2])
    first = attach_new(engine)
    assert first.reports > 0 and first.created == first.incidents
    fill(engine, pairs[len(pairs) // 2 :])
    second = attach_new(engine)
    assert second.reports > 0 and attach_new(engine).reports == 0
    incremental = _partition(engine)
    relink(engine)
    scores = pairwise_scores(gold_groups(read_gold(GOLD)), [_as_incident(ids) for ids in incremental])
    assert scores.f1 >= 0.85
    assert incremental == _partition(engine)


def _as_incident(article_ids):
    from warclaims.link import LinkedIncident, Report
    from warclaims.models import Incident

    return LinkedIncident(
        id="x", reports=[Report(article_id=a, incident=Incident()) for a in sorted(article_ids)]
    )


def test_get_incident_ledger_with_claims_and_contradictions(filled):
    relink(filled)
    (incident_id,) = incidents_of_article(filled, KHAN_SHEIKHOUN)
    ledger = get_incident(filled, incident_id)
    assert len(ledger.articles) == 7 and ledger.n_outlets == 7
    assert ledger.contested and any(c.kind == "figures" for c in ledger.contradictions)
    claim = ledger.claims[0]
    assert claim.article_id and claim.outlet and claim.quote and claim.claimant
    assert all(link.features or link.matched is None for link in ledger.links)


def test_get_unknown_incident_is_w303(filled):
    relink(filled)
    with pytest.raises(WarclaimsError) as info:
        get_incident(filled, "inc-nope")
    assert info.value.code.value == "W303"


def test_list_filters_and_cursor(filled):
    run = relink(filled)
    seen, cursor = [], None
    while True:
        page = list_incidents(filled, cursor=cursor, limit=7)
        seen += [row.id for row in page.rows]
        cursor = page.next
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == run.incidents
    idlib = list_incidents(filled, admin1="idlib", event_type="chemical_attack", limit=100).rows
    assert len(idlib) == 1 and idlib[0].n_reports == 7 and idlib[0].contested
    manar = list_incidents(filled, outlet="manar", limit=100).rows
    assert manar and all("manar" in row.outlets for row in manar)
    contested = list_incidents(filled, contested=True, limit=100).rows
    assert contested and all(row.contested for row in contested)
    import datetime as dt

    april = list_incidents(
        filled, date_from=dt.date(2017, 4, 1), date_to=dt.date(2017, 4, 30), limit=100
    ).rows
    assert april and all(dt.date(2017, 4, 1) <= row.date <= dt.date(2017, 4, 30) for row in april)


def test_reextracted_article_is_reattached(filled):
    from warclaims.store.extractions import save_extraction

    relink(filled)
    before = _partition(filled)
    pair = next(p for p in gold_articles_and_extractions() if p[0].id == KHAN_SHEIKHOUN)
    save_extraction(filled, pair[1])  # replaces the article's incident rows: its link is gone
    run = attach_new(filled)
    assert run.reports == 1 and run.removed == 0
    assert _partition(filled) == before


def test_save_links_from_batch_rows(filled):
    # The batch engines write ``links`` rows (warclaims.engines.linking.link_block); loading
    # them gives the same incidents as relinking in the store.
    import json

    relink(filled)
    expected = _partition(filled)
    rows = []
    for ledger in iter_ledgers(filled):
        for position, link in enumerate(ledger.links):
            extra = {
                "features": link.features,
                "matched": link.matched,
                "flags": link.flags,
                "position": position,
                "medoid": ledger.links[0].report,
                "incident_flags": [],
            }
            rows.append(
                {
                    "incident_key": link.report,
                    "linked_id": ledger.incident_id,
                    "score": link.score,
                    "features": json.dumps(extra),
                }
            )
    from warclaims.store.ledger import save_links

    with filled.begin() as conn:
        from warclaims.store.ledger import incident_links, linked_incidents

        conn.execute(incident_links.delete())
        conn.execute(linked_incidents.delete())
    assert save_links(filled, rows) == len(rows)
    assert _partition(filled) == expected
    assert attach_new(filled).reports == 0


def test_a_later_report_naming_no_place_attaches_by_its_toll(engine):
    """A report with no governorate, stored after the incident it reports, is compared with the
    stored reports of the same toll in any governorate (and only those are loaded)."""
    import datetime as dt

    from warclaims.models import Article, ArticleExtraction, Claim, Incident, Interval

    def pair(aid, admin1, place, published):
        toll = Interval(low=1400, high=None)
        claim = Claim(claimant=aid, claimant_type="news_outlet", killed=toll, quote="It killed 1400 people.")
        inc = Incident(event_type="chemical_attack", date=dt.date(2013, 8, 21), date_precision="day", admin1=admin1,
                       place=place, country="Syria", killed=toll, claims=[claim], spans={"date": (0, 1)})
        text = f"{aid}: a gas attack in {place or 'Syria'} killed more than 1400 people on 21 August 2013."
        return Article(id=aid, text=text, outlet=aid, published=published), ArticleExtraction(article_id=aid,
                                                                                                incidents=[inc])

    fill(engine, [pair("named", "Rif Dimashq", "Zamalka", dt.date(2013, 8, 22))])
    attach_new(engine)
    fill(engine, [pair("unplaced", None, None, dt.date(2013, 8, 25))])
    attach_new(engine)
    assert len({i for a in ("named", "unplaced") for i in incidents_of_article(engine, a)}) == 1
