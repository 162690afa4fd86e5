"""The dashboard's queries over the ``linked_incidents`` summary table (beside the list, the
ledgers and the exports of :mod:`warclaims.store.ledger`): facet counts, rows by id, the map's
rows, killed per day, the outlets of stored articles and what changes with any ledger.

Every query takes the incident filters of :func:`warclaims.store.ledger.list_incidents` as
keywords and applies them with that module's own conditions, so a filter means the same in
every view.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from warclaims.store import ledger as store_ledger
from warclaims.store.ledger import incident_links as K
from warclaims.store.ledger import linked_incidents as L
from warclaims.store.schema import article_incidents as I
from warclaims.store.schema import articles as A
from warclaims.store.schema import claims as C

def _conditions(**filters: Any) -> list[sa.ColumnElement[bool]]:
    """Return the store's SQL conditions of the incident filters (the very ones the list uses)."""
    return store_ledger._filters(**filters)  # noqa: SLF001 - one definition of each filter


def outlet_code_sql(column: Any, outlet_codes: Mapping[str, str]) -> Any:
    """Return the SQL expression of an outlet's code over a stored outlet ``column``: the code of
    any of its names (``outlet_codes`` maps each lower-cased name to its code), else the stored
    value (for grouping in SQL exactly as the outlet filter matches)."""
    if not outlet_codes:
        return column
    return sa.case(*((sa.func.lower(column) == key, code) for key, code in sorted(outlet_codes.items())),
                   else_=column)


def incident_facet(engine: sa.Engine, name: str, *, outlet_codes: Mapping[str, str],
                   **filters: Any) -> list[tuple[Any, int]]:
    """Return ``(value, incidents)`` of facet ``name`` (admin1, event_type,
    perpetrator or outlet) under the
    filters; an incident counts once per outlet (by its code in ``outlet_codes``), whichever of
    its names the incident's articles carry."""
    cond = _conditions(**filters)
    if name == "outlet":
        value = outlet_code_sql(A.c.outlet, outlet_codes).label("value")
        q = (sa.select(value, sa.func.count(sa.distinct(L.c.id)))
             .select_from(L.join(K, K.c.incident_id == L.c.id)
                          .join(A, sa.and_(A.c.id == K.c.article_id, A.c.is_latest)))
             .where(*cond).group_by(value))
    else:
        column = {"admin1": L.c.admin1, "event_type": L.c.event_type, "perpetrator": L.c.perpetrator}[name]
        q = sa.select(column, sa.func.count()).where(*cond).group_by(column)
    with engine.connect() as conn:
        return [(value, int(n)) for value, n in conn.execute(q)]


def incident_rows(engine: sa.Engine, ids: list[str]) -> list[Any]:
    """Return the ``linked_incidents`` rows of the given ids, in the order given (unknown ids skipped)."""
    if not ids:
        return []
    with engine.connect() as conn:
        found = {r.id: r for r in conn.execute(sa.select(L).where(L.c.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def map_rows(engine: sa.Engine, *, limit: int, **filters: Any) -> list[Any]:
    """Return up to ``limit`` ``linked_incidents`` rows matching the filters, largest best-killed first."""
    q = (
        sa.select(L).where(*_conditions(**filters))
        .order_by(sa.func.coalesce(L.c.killed_best, 0).desc(), L.c.sort_key.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return list(conn.execute(q))


def killed_per_day(engine: sa.Engine, **filters: Any) -> list[Any]:
    """Return per day with incidents matching the filters, in date order, rows of ``day``, the
    sums of killed ``best`` (best, else low, else high, else 0), ``low`` and ``high`` (each
    falling back to that best), ``injured`` (best, else low, else high), the incidents ``n`` and
    the ``contested`` ones among them."""
    best = sa.func.coalesce(L.c.killed_best, L.c.killed_low, L.c.killed_high, 0)
    injured = sa.func.coalesce(L.c.injured_best, L.c.injured_low, L.c.injured_high, 0)
    q = (
        sa.select(
            L.c.date.label("day"),
            sa.func.sum(best).label("best"),
            sa.func.sum(sa.func.coalesce(L.c.killed_low, best)).label("low"),
            sa.func.sum(sa.func.coalesce(L.c.killed_high, best)).label("high"),
            sa.func.sum(injured).label("injured"),
            sa.func.count().label("n"),
            sa.func.sum(sa.case((L.c.contested, 1), else_=0)).label("contested"),
        )
        .where(*_conditions(**filters), L.c.date.is_not(None))
        .group_by(L.c.date)
        .order_by(L.c.date)
    )
    with engine.connect() as conn:
        return list(conn.execute(q))


def article_outlets(engine: sa.Engine) -> list[str]:
    """Return the distinct outlet values of stored articles' latest revisions (none empty)."""
    q = sa.select(A.c.outlet).where(A.c.is_latest, A.c.outlet.is_not(None)).distinct()
    with engine.connect() as conn:
        return [o for (o,) in conn.execute(q) if o]


def articles_per_outlet(engine: sa.Engine) -> list[tuple[str | None, int]]:
    """Return ``(stored outlet value, articles)`` over the latest revisions of stored articles."""
    q = sa.select(A.c.outlet, sa.func.count()).where(A.c.is_latest).group_by(A.c.outlet)
    with engine.connect() as conn:
        return [(o, int(n)) for o, n in conn.execute(q)]


def ledger_state(engine: sa.Engine) -> tuple[str, ...]:
    """Return what changes whenever any incident's ledger may: the store's URL, the counts of
    incidents, links, article incidents and claims (a re-extraction adds or removes rows) and
    the latest update."""
    def count(table: sa.Table) -> Any:
        return sa.select(sa.func.count()).select_from(table).scalar_subquery()

    with engine.connect() as conn:
        state = conn.execute(sa.select(count(L), sa.select(sa.func.max(L.c.updated_at)).scalar_subquery(),
                                       count(K), count(I), count(C))).one()
    return (str(engine.url), *(str(v) for v in state))
