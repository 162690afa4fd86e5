"""Whom each claim's claimant blames (``claims.blames``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable ``claims.blames`` column (existing claims: not known, NULL)."""
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("blames", sa.String(40), nullable=True))


def downgrade() -> None:
    """Drop ``claims.blames``."""
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("blames")
