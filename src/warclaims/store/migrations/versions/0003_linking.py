"""Linked incidents (with their reconciled summary) and the links of article incidents to them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``linked_incidents`` and ``incident_links``."""
    op.create_table(
        "linked_incidents",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("medoid", sa.String(260), nullable=False),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("sort_key", sa.String(80), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("date", sa.Date, nullable=True),
        sa.Column("date_precision", sa.String(10), nullable=True),
        sa.Column("admin1", sa.String(60), nullable=True),
        sa.Column("place", sa.Text, nullable=True),
        sa.Column("latitude", sa.Float, nullable=True),
        sa.Column("longitude", sa.Float, nullable=True),
        sa.Column("geo_precision", sa.String(20), nullable=True),
        sa.Column("country", sa.String(60), nullable=True),
        sa.Column("perpetrator", sa.String(40), nullable=False),
        sa.Column("victims", sa.String(20), nullable=False),
        sa.Column("killed_best", sa.Integer, nullable=True),
        sa.Column("killed_low", sa.Integer, nullable=True),
        sa.Column("killed_high", sa.Integer, nullable=True),
        sa.Column("injured_best", sa.Integer, nullable=True),
        sa.Column("injured_low", sa.Integer, nullable=True),
        sa.Column("injured_high", sa.Integer, nullable=True),
        sa.Column("n_claimants", sa.Integer, nullable=False),
        sa.Column("n_outlets", sa.Integer, nullable=False),
        sa.Column("outlets", sa.JSON, nullable=False),
        sa.Column("first_report", sa.Date, nullable=True),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("contradictions", sa.JSON, nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_linked_incidents"),
    )
    op.create_index("ix_linked_incidents_sort_key", "linked_incidents", ["sort_key"])
    op.create_index("ix_linked_incidents_date", "linked_incidents", ["date"])
    op.create_index("ix_linked_incidents_admin1", "linked_incidents", ["admin1"])
    op.create_table(
        "incident_links",
        sa.Column("article_incident_id", sa.Integer, nullable=False),
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("report_key", sa.String(260), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("features", sa.JSON, nullable=False),
        sa.Column("matched", sa.String(260), nullable=True),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("article_incident_id", name="pk_incident_links"),
        sa.ForeignKeyConstraint(
            ["article_incident_id"],
            ["article_incidents.id"],
            name="fk_incident_links_article_incident_id_article_incidents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["linked_incidents.id"],
            name="fk_incident_links_incident_id_linked_incidents",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_incident_links_incident_id", "incident_links", ["incident_id"])
    op.create_index("ix_incident_links_article_id", "incident_links", ["article_id"])


def downgrade() -> None:
    """Drop the linking tables."""
    op.drop_index("ix_incident_links_article_id", table_name="incident_links")
    op.drop_index("ix_incident_links_incident_id", table_name="incident_links")
    op.drop_table("incident_links")
    op.drop_index("ix_linked_incidents_admin1", table_name="linked_incidents")
    op.drop_index("ix_linked_incidents_date", table_name="linked_incidents")
    op.drop_index("ix_linked_incidents_sort_key", table_name="linked_incidents")
    op.drop_table("linked_incidents")
