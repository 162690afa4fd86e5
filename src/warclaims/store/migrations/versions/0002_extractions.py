"""Article incidents, their claims, and the processed marker per article revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``article_incidents``, ``claims`` and ``processed_articles``."""
    op.create_table(
        "article_incidents",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("index", sa.Integer, nullable=False),
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
        sa.Column("perpetrator_text", sa.Text, nullable=True),
        sa.Column("victims", sa.String(20), nullable=False),
        sa.Column("killed_low", sa.Integer, nullable=True),
        sa.Column("killed_high", sa.Integer, nullable=True),
        sa.Column("injured_low", sa.Integer, nullable=True),
        sa.Column("injured_high", sa.Integer, nullable=True),
        sa.Column("spans", sa.JSON, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("extractor_version", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article_incidents"),
        sa.ForeignKeyConstraint(
            ["article_id", "revision"],
            ["articles.id", "articles.revision"],
            name="fk_article_incidents_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("article_id", "revision", "index", name="uq_article_incidents_article_index"),
    )
    op.create_index("ix_article_incidents_admin1", "article_incidents", ["admin1"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("incident_id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("claimant", sa.Text, nullable=False),
        sa.Column("claimant_type", sa.String(40), nullable=False),
        sa.Column("killed_low", sa.Integer, nullable=True),
        sa.Column("killed_high", sa.Integer, nullable=True),
        sa.Column("injured_low", sa.Integer, nullable=True),
        sa.Column("injured_high", sa.Integer, nullable=True),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("quote_start", sa.Integer, nullable=True),
        sa.Column("quote_end", sa.Integer, nullable=True),
        sa.Column("claimant_start", sa.Integer, nullable=True),
        sa.Column("claimant_end", sa.Integer, nullable=True),
        sa.Column("victims", sa.String(20), nullable=False),
        sa.Column("victims_text", sa.Text, nullable=True),
        sa.Column("groups", sa.JSON, nullable=False),
        sa.Column("supersedes_earlier", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["article_incidents.id"],
            name="fk_claims_incident_id_article_incidents",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_claims_incident_id", "claims", ["incident_id"])
    op.create_index("ix_claims_article_id", "claims", ["article_id"])
    op.create_table(
        "processed_articles",
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("extractor_version", sa.String(60), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("incidents", sa.Integer, nullable=False),
        sa.Column("error_code", sa.String(8), nullable=True),
        sa.Column("error_message", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("article_id", "revision", name="pk_processed_articles"),
        sa.ForeignKeyConstraint(
            ["article_id", "revision"],
            ["articles.id", "articles.revision"],
            name="fk_processed_articles_article_id_articles",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop the extraction tables."""
    op.drop_table("processed_articles")
    op.drop_index("ix_claims_article_id", table_name="claims")
    op.drop_index("ix_claims_incident_id", table_name="claims")
    op.drop_table("claims")
    op.drop_index("ix_article_incidents_admin1", table_name="article_incidents")
    op.drop_table("article_incidents")
