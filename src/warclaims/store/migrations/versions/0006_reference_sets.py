"""Reference sets: one row per imported reference dataset (source, licence, period, content hash).

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``reference_sets``."""
    op.create_table(
        "reference_sets",
        sa.Column("dataset", sa.String(200), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("licence", sa.Text, nullable=False),
        sa.Column("release", sa.String(60), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("period_start", sa.Date, nullable=True),
        sa.Column("period_end", sa.Date, nullable=True),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dataset", name="pk_reference_sets"),
    )
    op.create_index("ix_reference_sets_content_hash", "reference_sets", ["content_hash"])


def downgrade() -> None:
    """Drop ``reference_sets``."""
    op.drop_index("ix_reference_sets_content_hash", table_name="reference_sets")
    op.drop_table("reference_sets")
