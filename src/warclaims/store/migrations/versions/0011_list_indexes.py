"""Indexes of the incident list's filters (issue 17: API p95 < 100 ms at 100k incidents).

Each equality filter of ``/api/incidents`` gets a composite index with the keyset order
(``sort_key``), so a page of a rare value is read newest first from the index instead of
walking every incident; the governorate and outlet filters compare ``lower(...)``, so theirs
are expression indexes (SQLite and PostgreSQL both support them). docs/performance.md shows
the query plans before and after.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None

LINKED = (
    ("ix_linked_incidents_admin1_lower_sort_key", [sa.text("lower(admin1)"), "sort_key"]),
    ("ix_linked_incidents_event_type_sort_key", ["event_type", "sort_key"]),
    ("ix_linked_incidents_perpetrator_sort_key", ["perpetrator", "sort_key"]),
)


def upgrade() -> None:
    """Create the list's filter indexes and the lower(outlet) index of articles."""
    for name, columns in LINKED:
        op.create_index(name, "linked_incidents", columns)
    op.create_index("ix_articles_outlet_lower", "articles", [sa.text("lower(outlet)")])


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ix_articles_outlet_lower", table_name="articles")
    for name, _ in reversed(LINKED):
        op.drop_index(name, table_name="linked_incidents")
