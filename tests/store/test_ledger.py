"""warclaims.store.ledger: linking, attaching and reading incidents on a store holding the gold-dev
articles and their gold incidents; then the incident list's filters at scale (migration 0011)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa

from warclaims.errors import WarclaimsError
from warclaims.link import link_reports
from warclaims.link.evaluate import gold_groups, pairwise_scores, read_gold
from warclaims.models import ADMIN1_SYRIA, EVENT_TYPES, PERPETRATORS
from warclaims.store import ledger as store_ledger
from warclaims.store.ledger import (
    attach_new,
    get_incident,
    incidents_of_article,
    iter_ledgers,
    list_incidents,
    relink,
)
from warclaims.store.ledger import linked_incidents as L

from reconcile.store_support import fill, gold_articles_and_extractions  # shared with tests/reconcile
from reconcile.support import GOLD, gold_reports

KHAN_SHEIKHOUN = "1926479106"


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

# --- The incident list's filters at scale: same rows as a plain scan, and index plans (migration 0011).
# Rows go straight into the ``linked_incidents`` summary table (the list reads nothing else), a few
# thousand of them, with undated incidents and incidents on the period's edges so the date filter's
# sort_key bounds are checked where they could go wrong.

N_ROWS = 3000


def _row(i: int, rng: random.Random) -> dict:
    date = None if i % 97 == 0 else dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(730))
    return {
        "id": f"inc-{i:06d}", "medoid": f"a{i}#0", "n_reports": 1,
        "sort_key": f"{date.isoformat() if date else '0000-00-00'}|inc-{i:06d}",
        "event_type": rng.choice(EVENT_TYPES), "date": date, "date_precision": "day",
        "admin1": rng.choice(ADMIN1_SYRIA), "place": f"place {i % 50}", "latitude": None, "longitude": None,
        "geo_precision": "admin1", "country": "Syria", "perpetrator": rng.choice(PERPETRATORS),
        "victims": "civilians", "killed_best": i % 40, "killed_low": i % 40, "killed_high": i % 40,
        "injured_best": None, "injured_low": None, "injured_high": None, "n_claimants": 1, "n_outlets": 1,
        "outlets": ["sana"], "first_report": date, "contested": i % 3 == 0, "contradictions": [], "flags": [],
        "updated_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    }


@pytest.fixture
def many_listed(engine):
    """The store's engine with N_ROWS linked incidents (statistics refreshed)."""
    rng = random.Random(17)
    with engine.begin() as conn:
        conn.execute(L.insert(), [_row(i, rng) for i in range(N_ROWS)])
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    return engine


def _all_pages(engine, **filters) -> list[str]:
    """Return the ids of every page of the list (following cursors, 70 a page)."""
    ids, cursor = [], None
    while True:
        page = store_ledger.list_incidents(engine, cursor=cursor, limit=70, **filters)
        ids.extend(r.id for r in page.rows)
        if page.next is None:
            return ids
        cursor = page.next


def _expected(engine, *conds) -> list[str]:
    """Return the ids matching ``conds`` newest first, by a plain query without the list's helpers."""
    with engine.connect() as conn:
        return list(conn.execute(sa.select(L.c.id).where(*conds).order_by(L.c.sort_key.desc())).scalars())


@pytest.mark.parametrize(("date_from", "date_to"), [
    (dt.date(2013, 3, 1), dt.date(2013, 8, 31)),
    (dt.date(2013, 1, 1), None),
    (None, dt.date(2013, 2, 15)),
    (dt.date(2014, 12, 31), dt.date(2014, 12, 31)),
])
def test_date_filter_pages_hold_exactly_the_period(many_listed, date_from, date_to):
    conds = [c for c in (L.c.date >= date_from if date_from else None, L.c.date <= date_to if date_to else None)
             if c is not None]
    expected = _expected(many_listed, *conds)
    assert expected  # the period holds incidents
    assert _all_pages(many_listed, date_from=date_from, date_to=date_to) == expected


def test_equality_filters_page_through_the_same_rows_as_a_plain_query(many_listed):
    assert _all_pages(many_listed, admin1="aleppo") == _expected(many_listed, L.c.admin1 == "Aleppo")
    assert _all_pages(many_listed, event_type="shelling") == _expected(many_listed, L.c.event_type == "shelling")
    assert _all_pages(many_listed, perpetrator="russia", contested=True) == _expected(
        many_listed, L.c.perpetrator == "russia", L.c.contested.is_(True))
    assert _all_pages(many_listed, contested=False) == _expected(many_listed, L.c.contested.is_(False))


def _plan(engine, query: sa.Select) -> str:
    """Return the query plan of ``query`` as text (EXPLAIN QUERY PLAN / EXPLAIN, sequential scans
    off on PostgreSQL so the plan says whether an index *can* serve the query at this small size)."""
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            conn.exec_driver_sql("SET enable_sort = off")
            return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))
        return "\n".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


@pytest.mark.parametrize(("filters", "index"), [
    ({"admin1": "Aleppo"}, "ix_linked_incidents_admin1_lower_sort_key"),
    ({"event_type": "chemical_attack"}, "ix_linked_incidents_event_type_sort_key"),
    ({"perpetrator": "israel"}, "ix_linked_incidents_perpetrator_sort_key"),
    ({"date_from": dt.date(2013, 3, 1), "date_to": dt.date(2013, 3, 31)}, "ix_linked_incidents_sort_key"),
])
def test_each_list_filter_reads_its_index_in_page_order(many_listed, filters, index):
    query = (sa.select(L).where(*store_ledger._filters(**filters))  # noqa: SLF001 - the list's own conditions
             .order_by(L.c.sort_key.desc()).limit(51))
    plan = _plan(many_listed, query)
    assert index in plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan  # rows come out in page order, no sort step
