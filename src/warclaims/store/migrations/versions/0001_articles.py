"""Articles (one row per id and revision) and ingest errors.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``articles`` and ``ingest_errors``."""
    op.create_table(
        "articles",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("outlet", sa.String(200), nullable=True),
        sa.Column("published", sa.Date, nullable=True),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.String(20), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_ref", sa.Text, nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_latest", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", "revision", name="pk_articles"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )
    op.create_index("ix_articles_url", "articles", ["url"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_is_latest", "articles", ["is_latest"])
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("run_id", sa.String(64), nullable=True),
        sa.Column("source_ref", sa.Text, nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_errors"),
    )
    op.create_index("ix_ingest_errors_run_id", "ingest_errors", ["run_id"])


def downgrade() -> None:
    """Drop ``ingest_errors`` and ``articles``."""
    op.drop_index("ix_ingest_errors_run_id", table_name="ingest_errors")
    op.drop_table("ingest_errors")
    op.drop_index("ix_articles_is_latest", table_name="articles")
    op.drop_index("ix_articles_outlet", table_name="articles")
    op.drop_index("ix_articles_url", table_name="articles")
    op.drop_table("articles")
