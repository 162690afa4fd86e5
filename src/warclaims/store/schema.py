"""The relational schema of the warclaims store: one SQLAlchemy Core :data:`metadata`.

Tables follow the Alembic chain in ``store/migrations/versions`` (``0001`` articles and
ingest errors, ``0002`` article incidents, claims and the processed marker, ``0003`` linked
incidents and their links, ``0004``/``0006`` credibility and reference records); the watcher's
tables are in :mod:`warclaims.store.watch`. The migrations, not ``metadata.create_all``, are
what build a database.

Types are portable between SQLite and PostgreSQL: ``JSON`` is TEXT on SQLite and ``json``
on PostgreSQL; datetimes are stored timezone-aware in UTC.
"""

from __future__ import annotations

import sqlalchemy as sa

# Named constraints so Alembic can drop and recreate them (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

ID_LEN = 200
HASH_LEN = 64

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(ID_LEN), primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True, default=1),
    sa.Column("url", sa.Text, nullable=True, index=True),
    sa.Column("outlet", sa.String(200), nullable=True, index=True),
    sa.Column("published", sa.Date, nullable=True),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("language", sa.String(20), nullable=True),
    sa.Column("content_hash", sa.String(HASH_LEN), nullable=False, unique=True),
    sa.Column("source_ref", sa.Text, nullable=False, default=""),
    sa.Column("metadata", sa.JSON, nullable=False, default=dict, key="meta"),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    # True on the newest revision of each id only: listings and processing read these rows.
    sa.Column("is_latest", sa.Boolean, nullable=False, default=True, index=True),
)
"""One row per (article id, revision). ``metadata`` is reached as ``articles.c.meta``."""

# The incident list's outlet filter compares lower(outlet) (migration 0011).
ARTICLE_OUTLET_LOWER_INDEX = sa.Index("ix_articles_outlet_lower", sa.func.lower(articles.c.outlet))

ingest_errors = sa.Table(
    "ingest_errors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(64), nullable=True, index=True),
    sa.Column("source_ref", sa.Text, nullable=False),
    sa.Column("code", sa.String(8), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)
"""Items that could not be ingested (or extracted: code W2xx), newest last."""

article_incidents = sa.Table(
    "article_incidents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(ID_LEN), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("index", sa.Integer, nullable=False, key="idx"),
    sa.Column("event_type", sa.String(40), nullable=False),
    sa.Column("date", sa.Date, nullable=True),
    sa.Column("date_precision", sa.String(10), nullable=True),
    sa.Column("admin1", sa.String(60), nullable=True, index=True),
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
    sa.Column("spans", sa.JSON, nullable=False, default=dict),
    sa.Column("confidence", sa.Float, nullable=False, default=1.0),
    sa.Column("extractor_version", sa.String(60), nullable=False, default=""),
    sa.ForeignKeyConstraint(
        ["article_id", "revision"], ["articles.id", "articles.revision"], ondelete="CASCADE"
    ),
    sa.UniqueConstraint("article_id", "revision", "idx", name="uq_article_incidents_article_index"),
)
"""Incidents as reported by one article revision. ``index`` is reached as ``.c.idx``."""

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "incident_id",
        sa.Integer,
        sa.ForeignKey("article_incidents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("article_id", sa.String(ID_LEN), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    sa.Column("claimant", sa.Text, nullable=False),
    sa.Column("claimant_type", sa.String(40), nullable=False),
    sa.Column("killed_low", sa.Integer, nullable=True),
    sa.Column("killed_high", sa.Integer, nullable=True),
    sa.Column("injured_low", sa.Integer, nullable=True),
    sa.Column("injured_high", sa.Integer, nullable=True),
    sa.Column("quote", sa.Text, nullable=False, default=""),
    sa.Column("quote_start", sa.Integer, nullable=True),
    sa.Column("quote_end", sa.Integer, nullable=True),
    sa.Column("claimant_start", sa.Integer, nullable=True),
    sa.Column("claimant_end", sa.Integer, nullable=True),
    sa.Column("victims", sa.String(20), nullable=False),
    sa.Column("victims_text", sa.Text, nullable=True),
    sa.Column("groups", sa.JSON, nullable=False, default=list),
    sa.Column("supersedes_earlier", sa.Boolean, nullable=False, default=False),
    sa.Column("confidence", sa.Float, nullable=False, default=1.0),
    sa.Column("blames", sa.String(40), nullable=True),
)
"""Casualty claims of an incident, in article order (``position``)."""

processed_articles = sa.Table(
    "processed_articles",
    metadata,
    sa.Column("article_id", sa.String(ID_LEN), primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True),
    sa.Column("extractor_version", sa.String(60), nullable=False, default=""),
    sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("incidents", sa.Integer, nullable=False, default=0),
    # Set when extraction failed: the revision counts as processed so a resumed run skips it.
    sa.Column("error_code", sa.String(8), nullable=True),
    sa.Column("error_message", sa.Text, nullable=True),
    sa.ForeignKeyConstraint(
        ["article_id", "revision"], ["articles.id", "articles.revision"], ondelete="CASCADE"
    ),
)
"""The processed marker: one row per article revision that extraction has handled."""

# --- linking (migration 0003): linked incidents and the links of article incidents to them ---

linked_incidents = sa.Table(
    "linked_incidents",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("medoid", sa.String(260), nullable=False),
    sa.Column("n_reports", sa.Integer, nullable=False),
    sa.Column("sort_key", sa.String(80), nullable=False, index=True),
    sa.Column("event_type", sa.String(40), nullable=False),
    sa.Column("date", sa.Date, nullable=True, index=True),
    sa.Column("date_precision", sa.String(10), nullable=True),
    sa.Column("admin1", sa.String(60), nullable=True, index=True),
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
)
"""Cross-article incidents with their reconciled summary (``sort_key`` = ``DATE|ID`` for paging)."""

# The list's filters, each with the keyset order (migration 0011; docs/performance.md has the plans):
# an equality filter then reads its matching rows newest first straight from the index, however
# rare the value, instead of walking the sort_key index past non-matching rows. The governorate
# filter compares lower(admin1), so its index is on that expression (SQLite and PostgreSQL both
# have expression indexes).
LIST_INDEXES = (
    sa.Index("ix_linked_incidents_admin1_lower_sort_key", sa.func.lower(linked_incidents.c.admin1),
             linked_incidents.c.sort_key),
    sa.Index("ix_linked_incidents_event_type_sort_key", linked_incidents.c.event_type, linked_incidents.c.sort_key),
    sa.Index("ix_linked_incidents_perpetrator_sort_key", linked_incidents.c.perpetrator,
             linked_incidents.c.sort_key),
)

incident_links = sa.Table(
    "incident_links",
    metadata,
    sa.Column(
        "article_incident_id",
        sa.Integer,
        sa.ForeignKey("article_incidents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "incident_id",
        sa.String(40),
        sa.ForeignKey("linked_incidents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("article_id", sa.String(ID_LEN), nullable=False, index=True),
    sa.Column("report_key", sa.String(260), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("features", sa.JSON, nullable=False),
    sa.Column("matched", sa.String(260), nullable=True),
    sa.Column("flags", sa.JSON, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
)
"""One row per linked article incident: its incident, score and features (the explanation)."""

# --- credibility and reference records (migrations 0004, 0006) ---

credibility = sa.Table(
    "credibility",
    metadata,
    sa.Column("article_id", sa.String(ID_LEN), primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("label", sa.String(20), nullable=False, index=True),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("signals", sa.JSON, nullable=False),
    sa.Column("model_version", sa.String(120), nullable=False),
    sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["article_id", "revision"], ["articles.id", "articles.revision"], ondelete="CASCADE"),
)
"""The latest verdict per article revision; re-assessing replaces the row."""

reference_records = sa.Table(
    "reference_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(200), nullable=False),
    sa.Column("record_id", sa.String(200), nullable=False),
    sa.Column("date", sa.Date, nullable=False, index=True),
    sa.Column("date_end", sa.Date, nullable=True),
    sa.Column("country", sa.String(60), nullable=True),
    sa.Column("admin1", sa.String(60), nullable=True, index=True),
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
    sa.UniqueConstraint("dataset", "record_id", name="uq_reference_records_dataset_record"),
)
"""Reference casualty records (one row per record of a dataset)."""

reference_sets = sa.Table(
    "reference_sets",
    metadata,
    sa.Column("dataset", sa.String(200), primary_key=True),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("licence", sa.Text, nullable=False),
    sa.Column("release", sa.String(60), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
    sa.Column("period_start", sa.Date, nullable=True),
    sa.Column("period_end", sa.Date, nullable=True),
    sa.Column("records", sa.Integer, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
)
"""One row per imported reference dataset (Alembic ``0006``): importing the same content again
is refused by its hash; importing another file under the same dataset name replaces its records."""
