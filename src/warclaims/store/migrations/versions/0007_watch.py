"""Live monitoring: sources, items seen, change events, observed incident state, cursors, webhook outbox.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the watch tables (sources, items, events, observed incidents, cursors, outbox)."""
    op.create_table(
        "watch_sources",
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("outlet", sa.String(200), nullable=True),
        sa.Column("interval_s", sa.Integer, nullable=False),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.Text, nullable=True),
        sa.Column("last_poll", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error_code", sa.String(8), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("items_seen", sa.Integer, nullable=False),
        sa.Column("next_poll", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("source", name="pk_watch_sources"),
    )
    op.create_table(
        "watch_items",
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("item_hash", sa.String(64), nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("article_id", sa.String(200), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "item_hash", name="pk_watch_items"),
    )
    op.create_table(
        "change_events",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("incident_id", sa.String(40), nullable=True),
        sa.Column("article_ids", sa.JSON, nullable=False),
        sa.Column("admin1", sa.String(60), nullable=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
        sa.Column("incident", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_change_events"),
        sa.UniqueConstraint("key", name="uq_change_events_key"),
    )
    op.create_index("ix_change_events_kind", "change_events", ["kind"])
    op.create_index("ix_change_events_incident_id", "change_events", ["incident_id"])
    op.create_index("ix_change_events_admin1", "change_events", ["admin1"])
    op.create_table(
        "observed_incidents",
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name="pk_observed_incidents"),
    )
    op.create_table(
        "watch_cursors",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("last_event_id", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_watch_cursors"),
    )
    op.create_table(
        "alert_outbox",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("watcher", sa.String(200), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_alert_outbox"),
        sa.UniqueConstraint("watcher", "url", "event_id", name="uq_alert_outbox_delivery"),
    )
    op.create_index("ix_alert_outbox_state", "alert_outbox", ["state"])


def downgrade() -> None:
    """Drop the watch tables."""
    op.drop_index("ix_alert_outbox_state", table_name="alert_outbox")
    op.drop_table("alert_outbox")
    op.drop_table("watch_cursors")
    op.drop_table("observed_incidents")
    op.drop_index("ix_change_events_admin1", table_name="change_events")
    op.drop_index("ix_change_events_incident_id", table_name="change_events")
    op.drop_index("ix_change_events_kind", table_name="change_events")
    op.drop_table("change_events")
    op.drop_table("watch_items")
    op.drop_table("watch_sources")
