"""Credibility verdicts per article revision, and reference casualty records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``credibility`` and ``reference_records``."""
    op.create_table(
        "credibility",
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("label", sa.String(20), nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("signals", sa.JSON, nullable=False),
        sa.Column("model_version", sa.String(120), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "revision", name="pk_credibility"),
        sa.ForeignKeyConstraint(
            ["article_id", "revision"],
            ["articles.id", "articles.revision"],
            name="fk_credibility_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_credibility_label", "credibility", ["label"])
    op.create_table(
        "reference_records",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("dataset", sa.String(200), nullable=False),
        sa.Column("record_id", sa.String(200), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("date_end", sa.Date, nullable=True),
        sa.Column("country", sa.String(60), nullable=True),
        sa.Column("admin1", sa.String(60), nullable=True),
        sa.Column("place", sa.Text, nullable=True),
        sa.Column("latitude", sa.Float, nullable=True),
        sa.Column("longitude", sa.Float, nullable=True),
        sa.Column("event_type", sa.String(120), nullable=True),
        sa.Column("deaths_best", sa.Integer, nullable=True),
        sa.Column("deaths_low", sa.Integer, nullable=True),
        sa.Column("deaths_high", sa.Integer, nullable=True),
        sa.Column("actor1", sa.Text, nullable=True),
        sa.Column("actor2", sa.Text, nullable=True),
        sa.Column("source_ref", sa.Text, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reference_records"),
        sa.UniqueConstraint("dataset", "record_id", name="uq_reference_records_dataset_record"),
    )
    op.create_index("ix_reference_records_date", "reference_records", ["date"])
    op.create_index("ix_reference_records_admin1", "reference_records", ["admin1"])


def downgrade() -> None:
    """Drop the credibility and reference tables."""
    op.drop_index("ix_reference_records_admin1", table_name="reference_records")
    op.drop_index("ix_reference_records_date", table_name="reference_records")
    op.drop_table("reference_records")
    op.drop_index("ix_credibility_label", table_name="credibility")
    op.drop_table("credibility")
