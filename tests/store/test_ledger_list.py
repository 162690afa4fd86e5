"""The incident list's filters at scale: same rows as a plain scan, and index plans (migration 0011).

Runs on a SQLite file and on the PostgreSQL fixture (``db_url``). Rows go straight into the
``linked_incidents`` summary table (the list reads nothing else), a few thousand of them, with
undated incidents and incidents on the period's edges so the date filter's sort_key bounds
are checked where they could go wrong.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa

from warclaims.models import ADMIN1_SYRIA, EVENT_TYPES, PERPETRATORS
from warclaims.store import ledger as store_ledger
from warclaims.store.ledger import linked_incidents as L

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
def filled(engine):
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
def test_date_filter_pages_hold_exactly_the_period(filled, date_from, date_to):
    conds = [c for c in (L.c.date >= date_from if date_from else None, L.c.date <= date_to if date_to else None)
             if c is not None]
    expected = _expected(filled, *conds)
    assert expected  # the period holds incidents
    assert _all_pages(filled, date_from=date_from, date_to=date_to) == expected


def test_equality_filters_page_through_the_same_rows_as_a_plain_query(filled):
    assert _all_pages(filled, admin1="aleppo") == _expected(filled, L.c.admin1 == "Aleppo")
    assert _all_pages(filled, event_type="shelling") == _expected(filled, L.c.event_type == "shelling")
    assert _all_pages(filled, perpetrator="russia", contested=True) == _expected(
        filled, L.c.perpetrator == "russia", L.c.contested.is_(True))
    assert _all_pages(filled, contested=False) == _expected(filled, L.c.contested.is_(False))


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
def test_each_list_filter_reads_its_index_in_page_order(filled, filters, index):
    query = (sa.select(L).where(*store_ledger._filters(**filters))  # noqa: SLF001 - the list's own conditions
             .order_by(L.c.sort_key.desc()).limit(51))
    plan = _plan(filled, query)
    assert index in plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan  # rows come out in page order, no sort step
